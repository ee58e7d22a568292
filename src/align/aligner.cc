#include "tmalign/align/aligner.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <unicode/uloc.h>

#include "align/cost_model.h"
#include "align/dynamic_program.h"
#include "align/estimate.h"
#include "align/lexical.h"
#include "align/lexicon.h"
#include "align/stemmer.h"
#include "align/features.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/core/text.h"

namespace tmalign {
namespace {

bool known_language(const std::string& code) {
  const std::string primary = primary_language(code);
  for (const char* const* known = uloc_getISOLanguages(); *known != nullptr; ++known)
    if (primary == *known) return true;
  return false;
}

void validate_language(const std::string& code, const char* what) {
  if (code.empty()) throw OptionError(std::string("AlignerOptions: ") + what + " is empty");
  check_language_tag(code, std::string("AlignerOptions: ") + what);
  if (!known_language(code))
    throw OptionError(std::string("AlignerOptions: ") + what + " '" + code +
                      "' is not a known language");
}

// Transliterate names when one side is Russian and the other is written in Latin script.
bool transliterates(const AlignerOptions& options) {
  return (align::is_russian(options.source_lang) &&
          align::is_latin_script_language(options.target_lang)) ||
         (align::is_russian(options.target_lang) &&
          align::is_latin_script_language(options.source_lang));
}

AlignerOptions validated(AlignerOptions options) {
  options.validate();
  return options;
}

}  // namespace

void AlignerOptions::validate() const {
  validate_language(source_lang, "source_lang");
  validate_language(target_lang, "target_lang");
}

align::Stemmer stemmer_for(const std::string& language) {
  return align::Stemmer::supports(language) ? align::Stemmer(language)
                                            : align::Stemmer::lower_case_only(language);
}

struct Aligner::Impl {
  explicit Impl(AlignerOptions o)
      : options(validated(std::move(o))),
        source(options.source_lang, transliterates(options)),
        target(options.target_lang, transliterates(options)),
        source_stemmer(stemmer_for(options.source_lang)),
        target_stemmer(stemmer_for(options.target_lang)),
        lexicon(options.source_lang, options.target_lang) {
    if (std::getenv("TM_NODICT") == nullptr)
      for (const auto& file : align::find_dictionaries(options.source_lang, options.target_lang))
        lexicon.add_dictionary(file);
    lexicon.freeze();
  }

  AlignerOptions options;
  align::FeatureExtractor source;
  align::FeatureExtractor target;
  align::Stemmer source_stemmer;
  align::Stemmer target_stemmer;
  align::Lexicon lexicon;
};

Aligner::Aligner(AlignerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Aligner::~Aligner() = default;
Aligner::Aligner(Aligner&&) noexcept = default;
Aligner& Aligner::operator=(Aligner&&) noexcept = default;

const AlignerOptions& Aligner::options() const { return impl_->options; }

Alignment Aligner::align(const std::vector<Sentence>& source,
                         const std::vector<Sentence>& target) const {
  std::vector<align::SentenceFeatures> source_features;
  std::vector<align::SentenceFeatures> target_features;
  source_features.reserve(source.size());
  target_features.reserve(target.size());
  for (const Sentence& s : source) source_features.push_back(impl_->source.extract(s.text));
  for (const Sentence& s : target) target_features.push_back(impl_->target.extract(s.text));
  std::vector<std::string_view> source_texts;
  std::vector<std::string_view> target_texts;
  for (const Sentence& s : source) source_texts.push_back(s.text);
  for (const Sentence& s : target) target_texts.push_back(s.text);
  const align::StemmedText source_stems = align::stem_sentences(source_texts, impl_->source_stemmer);
  const align::StemmedText target_stems = align::stem_sentences(target_texts, impl_->target_stemmer);
  const align::Translations dictionary =
      align::translations_from_lexicon(source_stems, target_stems, impl_->lexicon);

  // First pass with the published priors and the dictionary.
  std::vector<align::SentenceFeatures> first_source = source_features;
  std::vector<align::SentenceFeatures> first_target = target_features;
  align::add_lexical_evidence(source_stems, target_stems, dictionary, first_source, first_target);
  const align::CostModel first_model(std::move(first_source), std::move(first_target));
  const align::DpResult first =
      align::align_in_band(first_model, align::coarse_to_fine_band(first_model));
  // Second pass: priors re-estimated from the first, and the lexicon learned from its confident
  // beads, searched within a margin of the first path (the whole band again for short texts).
  const align::Translations learned =
      std::getenv("TM_NOLEARN") ? align::Translations(source_stems.stems.size())
                                : align::learn_translations(source_stems, target_stems, first.alignment);
  align::add_lexical_evidence(source_stems, target_stems, align::merge(dictionary, learned),
                              source_features, target_features);
  const align::CostModel model(std::move(source_features), std::move(target_features),
                               align::reestimate_priors(first.alignment, first_model.weights()));
  const align::CoarseToFineOptions fine;
  const align::Band band =
      std::max(source.size(), target.size()) <= fine.direct_limit
          ? align::Band::diagonal(source.size(), target.size(),
                                  align::default_half_width(source.size(), target.size()))
          : align::Band::around(align::corners(first.alignment), source.size(), target.size(),
                                fine.margin);
  return align::align_in_band(model, band).alignment;
}

std::string bead_text(const std::vector<Sentence>& sentences, const std::vector<std::size_t>& ids) {
  std::string text;
  for (const std::size_t id : ids) {
    if (!text.empty()) text += ' ';
    text += single_line(sentences.at(id).text);
  }
  return text;
}

std::vector<TranslationUnit> make_units(const Alignment& alignment,
                                        const std::vector<Sentence>& source,
                                        const std::vector<Sentence>& target,
                                        const AlignerOptions& languages,
                                        const std::string& document, double min_score) {
  std::vector<TranslationUnit> units;
  for (std::size_t k = 0; k < alignment.size(); ++k) {
    const Bead& bead = alignment[k];
    if (bead.source.empty() || bead.target.empty() || bead.score < min_score) continue;
    units.push_back(TranslationUnit{.source = bead_text(source, bead.source),
                                    .target = bead_text(target, bead.target),
                                    .source_lang = languages.source_lang,
                                    .target_lang = languages.target_lang,
                                    .document = document,
                                    .position = static_cast<std::int64_t>(k),
                                    .score = bead.score});
  }
  return units;
}

}  // namespace tmalign
