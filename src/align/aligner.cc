#include "tmalign/align/aligner.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <thread>

#include <unicode/uloc.h>

#include "align/cost_model.h"
#include "align/dynamic_program.h"
#include "align/estimate.h"
#include "align/features.h"
#include "align/lexical.h"
#include "align/lexicon.h"
#include "align/stemmer.h"
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

struct Aligner::Impl {
  Impl(AlignerOptions o, const BilingualDictionary* dictionary)
      : options(validated(std::move(o))),
        source(options.source_lang, transliterates(options)),
        target(options.target_lang, transliterates(options)),
        lexicon(options.source_lang, options.target_lang) {
    if (dictionary != nullptr) {
      if (primary_language(dictionary->source_lang()) != primary_language(options.source_lang) ||
          primary_language(dictionary->target_lang()) != primary_language(options.target_lang))
        throw OptionError("Aligner: the dictionary translates " + dictionary->source_lang() +
                          " to " + dictionary->target_lang() + ", the texts are " +
                          options.source_lang + " and " + options.target_lang);
      for (const auto& [source_word, target_word] : dictionary->pairs())
        lexicon.add_pair(source_word, target_word);
    }
    lexicon.freeze();
  }

  AlignerOptions options;
  align::FeatureExtractor source;
  align::FeatureExtractor target;
  align::Lexicon lexicon;  // its stemmers stem the texts too (lower-case only without Snowball)
  std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
};

Aligner::Aligner(AlignerOptions options, const BilingualDictionary* dictionary)
    : impl_(std::make_unique<Impl>(std::move(options), dictionary)) {}
Aligner::~Aligner() = default;
Aligner::Aligner(Aligner&&) noexcept = default;
Aligner& Aligner::operator=(Aligner&&) noexcept = default;

const AlignerOptions& Aligner::options() const { return impl_->options; }

namespace {

// The second pass searches within this many sentences of the first pass's path (texts longer than
// the coarse-to-fine direct limit; shorter ones are searched whole again). 3 and 6 gave the same
// alignment of the 100 000-sentence bench book; 4 leaves room.
constexpr std::size_t kSecondPassMargin = 4;

// Runs `a` and `b`, on two threads when `threads` > 1. An exception in either is rethrown.
template <typename A, typename B>
void both(std::size_t threads, A&& a, B&& b) {
  if (threads <= 1) {
    a();
    b();
    return;
  }
  std::exception_ptr error;
  std::thread other([&] {
    try {
      b();
    } catch (...) {
      error = std::current_exception();
    }
  });
  try {
    a();
  } catch (...) {
    other.join();
    throw;
  }
  other.join();
  if (error) std::rethrow_exception(error);
}

std::vector<std::string_view> texts_of(const std::vector<Sentence>& sentences) {
  std::vector<std::string_view> texts;
  texts.reserve(sentences.size());
  for (const Sentence& s : sentences) texts.push_back(s.text);
  return texts;
}

}  // namespace

Alignment Aligner::align(const std::vector<Sentence>& source,
                         const std::vector<Sentence>& target) const {
  // The two sides' features, and later their stems, are independent: one thread each.
  const auto extract = [](const align::FeatureExtractor& extractor,
                          const std::vector<Sentence>& sentences) {
    std::vector<align::SentenceFeatures> features;
    features.reserve(sentences.size());
    for (std::size_t k = 0; k < sentences.size(); ++k) {
      features.push_back(extractor.extract(sentences[k].text));
      const std::size_t paragraph = sentences[k].paragraph;
      features.back().paragraph = paragraph;
      // A heading: a line or a paragraph of its own that does not end like a sentence.
      const bool starts_line = k == 0 || sentences[k - 1].paragraph != paragraph ||
                               sentences[k - 1].ends_line;
      const bool ends_line = k + 1 == sentences.size() ||
                             sentences[k + 1].paragraph != paragraph || sentences[k].ends_line;
      features.back().heading =
          starts_line && ends_line && !align::ends_like_a_sentence(sentences[k].text);
    }
    return features;
  };
  std::vector<align::SentenceFeatures> source_features;
  std::vector<align::SentenceFeatures> target_features;
  both(impl_->threads, [&] { source_features = extract(impl_->source, source); },
       [&] { target_features = extract(impl_->target, target); });

  // First pass: length, names, numbers, punctuation; the published priors; coarse-to-fine. No
  // posteriors: the first pass only guides the second.
  align::CoarseToFineOptions coarse_to_fine;
  coarse_to_fine.threads = impl_->threads;
  align::DpResult first;
  align::CostWeights weights;
  {  // the first model's copies of the features are freed before the second pass
    const align::CostModel first_model(source_features, target_features);
    first = align::align_in_band(first_model, align::coarse_to_fine_band(first_model, coarse_to_fine),
                                 false, impl_->threads);
    weights = align::reestimate_priors(first.alignment, first_model.weights());
  }

  // Second pass: the same evidence plus translation pairs (the dictionary's, and those learned
  // from the first pass), priors re-estimated from the first pass, searched near its path.
  // Stemmers keep scratch buffers: copies, so that align() may run on several threads at once.
  const align::Stemmer source_stemmer = impl_->lexicon.source_stemmer();
  const align::Stemmer target_stemmer = impl_->lexicon.target_stemmer();
  align::StemmedText source_stems;
  align::StemmedText target_stems;
  both(
      impl_->threads,
      [&] { source_stems = align::stem_sentences(texts_of(source), source_stemmer); },
      [&] { target_stems = align::stem_sentences(texts_of(target), target_stemmer); });
  align::Translations translations =
      align::translations_from_lexicon(source_stems, target_stems, impl_->lexicon);
  if (impl_->options.learn_lexicon)
    translations = align::merge(
        translations, align::learn_translations(source_stems, target_stems, first.alignment));
  align::add_lexical_evidence(source_stems, target_stems, translations, source_features,
                              target_features);
  const std::vector<std::pair<std::size_t, std::size_t>> first_path = align::corners(first.alignment);
  first = {};  // only its path is needed from here
  const align::CostModel model(std::move(source_features), std::move(target_features), weights);
  const align::Band band =
      std::max(source.size(), target.size()) <= coarse_to_fine.direct_limit
          ? align::Band::diagonal(source.size(), target.size(),
                                  align::default_half_width(source.size(), target.size()))
          : align::Band::around(first_path, source.size(), target.size(), kSecondPassMargin);
  return align::align_in_band(model, band, true, impl_->threads).alignment;
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
    const ContextHashes context = context_of(source, bead.source.front(), bead.source.back());
    units.push_back(TranslationUnit{.source = bead_text(source, bead.source),
                                    .target = bead_text(target, bead.target),
                                    .source_lang = languages.source_lang,
                                    .target_lang = languages.target_lang,
                                    .document = document,
                                    .position = static_cast<std::int64_t>(k),
                                    .score = bead.score,
                                    .context_before = context.before,
                                    .context_after = context.after});
  }
  return units;
}

}  // namespace tmalign
