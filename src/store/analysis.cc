// Document analysis against a TM: best match per segment, counted by band, and repetitions.
#include "tmalign/store/analysis.h"

#include <string>
#include <unordered_map>

#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/match/fuzzy.h"

namespace tmalign {

MatchBand band_of_score(int score) {
  for (std::size_t b = 0; b + 1 < kBandCount; ++b)
    if (score >= kBandLowestScore[b]) return static_cast<MatchBand>(b);
  return MatchBand::NoMatch;
}

std::string_view band_name(MatchBand band) {
  switch (band) {
    case MatchBand::Context:
      return "101%";
    case MatchBand::Exact:
      return "100%";
    case MatchBand::Fuzzy95:
      return "95-99%";
    case MatchBand::Fuzzy85:
      return "85-94%";
    case MatchBand::Fuzzy75:
      return "75-84%";
    case MatchBand::Fuzzy50:
      return "50-74%";
    case MatchBand::NoMatch:
      break;
  }
  return "no match";
}

void AnalysisOptions::validate() const {
  if (!source_lang.empty()) check_language_tag(source_lang, "source language");
  if (!target_lang.empty()) check_language_tag(target_lang, "target language");
  for (const std::string& collection : collections) check_collection_name(collection);
}

Analysis analyze(const std::vector<Sentence>& sentences, const TranslationMemory& tm,
                 const AnalysisOptions& options) {
  options.validate();
  QueryOptions query{
      .min_score = kBandLowestScore[static_cast<std::size_t>(MatchBand::Fuzzy50)],
      .limit = 1,
      .source_lang = options.source_lang,
      .target_lang = options.target_lang,
      .collections = options.collections};
  Analysis analysis;
  analysis.segments.reserve(sentences.size());
  std::unordered_map<std::string, std::size_t> first_occurrence;  // normalised text -> index
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    SegmentAnalysis segment;
    segment.words = match_tokens(sentences[i].text).size();
    const auto [seen, is_new] =
        first_occurrence.try_emplace(normalise_white_space(sentences[i].text), i);
    if (!is_new) {
      const SegmentAnalysis& first = analysis.segments[seen->second];
      segment.best_score = first.best_score;
      segment.band = first.band;
      segment.repetition_of = seen->second;
      ++analysis.repetitions.segments;
      analysis.repetitions.words += segment.words;
    } else {
      // The segment's neighbours, for context (101 %) matches; "" at the document's edges.
      const ContextHashes context = context_of(sentences, i, i);
      query.context_before = context.before;
      query.context_after = context.after;
      const std::vector<Match> best = tm.query(sentences[i].text, query);
      if (!best.empty()) segment.best_score = best.front().score;
      segment.band = band_of_score(segment.best_score);
      SegmentCount& count = analysis.bands[static_cast<std::size_t>(segment.band)];
      ++count.segments;
      count.words += segment.words;
    }
    ++analysis.total.segments;
    analysis.total.words += segment.words;
    analysis.segments.push_back(segment);
    if (options.progress) options.progress(i + 1, sentences.size());
  }
  return analysis;
}

}  // namespace tmalign
