// Pre-translation: the best TM match of each segment as its target, the next ones as alternatives.
#include "tmalign/store/pretranslation.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/core/text.h"

namespace tmalign {
namespace {

constexpr std::size_t kMaxAlternatives = 100;

void check_score(int score, const char* what) {
  if (score < 0 || score > 101)
    throw OptionError(std::string(what) + " " + std::to_string(score) +
                      " is outside 0..101 (percent)");
}

// What the query of one segment must return for choose_target(): the lowest score either
// threshold asks for, and one match more than are offered when no alternative is, so that an
// exact match that conflicts with a second one is still seen.
QueryOptions query_options(const PretranslationOptions& options) {
  return QueryOptions{.min_score = std::min(options.min_score, options.min_alternative_score),
                      .limit = 1 + std::max<std::size_t>(options.alternatives, 1),
                      .source_lang = options.source_lang,
                      .target_lang = options.target_lang,
                      .collections = options.collections};
}

// A repetition gets its first occurrence's pre-translation; a context match there is only an
// exact match here, where the context was not compared.
PretranslatedSegment repetition(const PretranslatedSegment& first, std::size_t first_index) {
  PretranslatedSegment segment = first;
  segment.repetition_of = first_index;
  for (Match& m : segment.matches) m.score = std::min(m.score, 100);
  segment.score = std::min(segment.score, 100);
  segment.band = band_of_score(segment.score);
  return segment;
}

}  // namespace

void PretranslationOptions::validate() const {
  check_score(min_score, "pre-translation minimum score");
  check_score(min_alternative_score, "minimum score of alternatives");
  if (alternatives > kMaxAlternatives)
    throw OptionError("alternatives " + std::to_string(alternatives) + " is more than " +
                      std::to_string(kMaxAlternatives));
  if (!source_lang.empty()) check_language_tag(source_lang, "source language");
  if (!target_lang.empty()) check_language_tag(target_lang, "target language");
  for (const std::string& collection : collections) check_collection_name(collection);
}

PretranslatedSegment choose_target(std::vector<Match> matches,
                                   const PretranslationOptions& options) {
  options.validate();
  PretranslatedSegment segment;
  if (matches.empty()) return segment;

  const Match& best = matches.front();
  if (best.score >= options.min_score) {
    segment.target = best.adapted_target.empty() ? best.unit.target : best.adapted_target;
    segment.score = best.score;
    segment.band = band_of_score(best.score);
    // An exact or context match is a translation as it stands, unless numbers were put into it
    // or another unit with the same source (the same score) translates it otherwise.
    const bool conflict = std::any_of(matches.begin() + 1, matches.end(), [&](const Match& m) {
      return m.score == best.score && m.unit.target != best.unit.target;
    });
    segment.status = best.score >= 100 && best.adapted_target.empty() && !conflict
                         ? TargetStatus::Translated
                         : TargetStatus::NeedsReview;
  }

  // Offered: the best match when it is the target or reaches min_alternative_score; then up to
  // `alternatives` more that reach min_alternative_score.
  const bool offer_best =
      segment.status != TargetStatus::Untranslated || best.score >= options.min_alternative_score;
  std::vector<Match> offered;
  if (offer_best) offered.push_back(std::move(matches.front()));
  for (std::size_t i = 1; i < matches.size() && offered.size() < 1 + options.alternatives; ++i)
    if (matches[i].score >= options.min_alternative_score) offered.push_back(std::move(matches[i]));
  segment.matches = std::move(offered);
  return segment;
}

std::vector<PretranslatedSegment> pretranslate(const std::vector<Sentence>& sentences,
                                               const TranslationMemory& tm,
                                               const PretranslationOptions& options) {
  options.validate();
  QueryOptions query = query_options(options);
  std::vector<PretranslatedSegment> segments;
  segments.reserve(sentences.size());
  std::unordered_map<std::string, std::size_t> first_occurrence;  // normalised text -> index
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const auto [seen, is_new] =
        first_occurrence.try_emplace(normalise_white_space(sentences[i].text), i);
    if (!is_new) {
      segments.push_back(repetition(segments[seen->second], seen->second));
    } else {
      const ContextHashes context = context_of(sentences, i, i);
      query.context_before = context.before;
      query.context_after = context.after;
      segments.push_back(choose_target(tm.query(sentences[i].text, query), options));
    }
    if (options.progress) options.progress(i + 1, sentences.size());
  }
  return segments;
}

std::vector<TranslationUnit> offered_units(const std::vector<PretranslatedSegment>& segments) {
  std::vector<TranslationUnit> units;
  std::unordered_set<std::string> seen;
  for (const PretranslatedSegment& segment : segments) {
    for (const Match& m : segment.matches) {
      // NUL never occurs in checked text, so it separates the parts of the key unambiguously.
      std::string key = m.unit.source_lang + '\0' + m.unit.target_lang + '\0' + m.unit.source +
                        '\0' + m.unit.target;
      if (seen.insert(std::move(key)).second) units.push_back(m.unit);
    }
  }
  return units;
}

}  // namespace tmalign
