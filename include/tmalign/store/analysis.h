// Analysis of a new document against a translation memory, as CAT tools report it before a job:
// how many segments and words fall into each match band, and how many repeat inside the document.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/types.h"
#include "tmalign/store/translation_memory.h"

namespace tmalign {

/// The match bands of an analysis, best first. A segment falls into the first band whose lowest
/// score (kBandLowestScore) its best TM match reaches; below 50 % it is NoMatch.
enum class MatchBand {
  Context,  // 101 %: the source and the sentences before and after it match a stored occurrence
  Exact,    // 100 %: the same source text (after white-space normalisation)
  Fuzzy95,  // 95-99 %
  Fuzzy85,  // 85-94 %
  Fuzzy75,  // 75-84 %
  Fuzzy50,  // 50-74 %
  NoMatch,  // below 50 %, or no unit of the languages asked for
};
inline constexpr std::size_t kBandCount = 7;

/// The lowest score of each band, in MatchBand order (NoMatch: 0). These are the band edges of
/// the usual CAT-tool analysis (Trados, memoQ); docs/cli.md ("analyze") lists them.
inline constexpr std::array<int, kBandCount> kBandLowestScore = {101, 100, 95, 85, 75, 50, 0};

/// The band of a best-match score in percent (0..101).
MatchBand band_of_score(int score);

/// The band as reports print it: "101%", "100%", "95-99%", "85-94%", "75-84%", "50-74%",
/// "no match".
std::string_view band_name(MatchBand band);

struct AnalysisOptions {
  std::string source_lang = {};  // only units with this source language; empty = any
  std::string target_lang = {};  // only units with this target language; empty = any
  std::vector<std::string> collections = {};  // only units of these collections; empty = all
  // Called after each sentence with the number of sentences done so far and their total (a
  // repetition counts too), e.g. to draw a progress bar; empty = not called. An exception it
  // throws stops the analysis and reaches the caller.
  std::function<void(std::size_t done, std::size_t total)> progress = {};

  /// Throws OptionError naming a language that is not empty and not a BCP 47 tag, or a bad
  /// collection name (check_collection_name()).
  void validate() const;
};

/// Segments and words (match_tokens() of each segment) counted together.
struct SegmentCount {
  std::size_t segments = 0;
  std::size_t words = 0;

  friend bool operator==(const SegmentCount&, const SegmentCount&) = default;
};

/// What the analysis found for one segment of the document.
struct SegmentAnalysis {
  std::size_t words = 0;                // match_tokens(text).size()
  int best_score = 0;                   // best TM match in percent; 0 when none reaches 50 %
  MatchBand band = MatchBand::NoMatch;  // band_of_score(best_score)
  // For a repetition, the index of the segment's first occurrence in the document; the segment
  // is then counted as a repetition, not in its band (best_score and band are those of the first
  // occurrence).
  std::optional<std::size_t> repetition_of;
};

/// The analysis of a whole document. Invariant: the bands and the repetitions add up to `total`,
/// which counts every segment and word of the document once.
struct Analysis {
  std::array<SegmentCount, kBandCount> bands;  // indexed by MatchBand; repetitions not included
  SegmentCount repetitions;
  SegmentCount total;
  std::vector<SegmentAnalysis> segments;  // one per sentence, in document order

  const SegmentCount& band(MatchBand b) const { return bands[static_cast<std::size_t>(b)]; }
};

/// Looks up every sentence in `tm` (its best match, TranslationMemory::query, with the sentences
/// before and after it as its context, so that a 101 % context match counts) and counts segments
/// and words per band. A sentence whose text equals an earlier one's after normalise_white_space()
/// is a repetition (counted under `repetitions` instead of a band, and not looked up again), as CAT
/// tools count them. Throws OptionError for bad options or a collection the TM does not have;
/// StoreError when the TM cannot be read.
///
///   const TranslationMemory tm("work.db");
///   const auto sentences = Segmenter({.language = "ru"}).segment(text);
///   const Analysis a = analyze(sentences, tm, {.source_lang = "ru"});
///   use(a.band(MatchBand::Exact).words, a.repetitions.words, a.total.words);
Analysis analyze(const std::vector<Sentence>& sentences, const TranslationMemory& tm,
                 const AnalysisOptions& options = {});

}  // namespace tmalign
