// Pre-translation of a new document from a translation memory, as CAT tools do before a job:
// each segment gets the TM's best match as its translation when it is good enough, and the other
// matches as alternatives for the translator.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tmalign/core/types.h"
#include "tmalign/store/analysis.h"
#include "tmalign/store/translation_memory.h"

namespace tmalign {

struct PretranslationOptions {
  std::string source_lang = {};  // only units with this source language; empty = any
  std::string target_lang = {};  // only units with this target language; empty = any
  // The best match becomes the segment's target when it scores at least this (percent, 0..101).
  // 75 is the lowest fuzzy band CAT tools usually pre-translate from (the 75-84 % band of
  // analyze): below it, editing a match is rarely faster than translating.
  int min_score = 75;
  // Matches scoring at least this (percent, 0..101) are offered as alternatives; 50 is the
  // lowest band of analyze.
  int min_alternative_score = 50;
  std::size_t alternatives = 3;  // at most this many matches offered besides the best (0..100)
  std::vector<std::string> collections = {};  // only units of these collections; empty = all
  // Called by pretranslate() after each sentence with the number of sentences done so far and
  // their total (a repetition counts too), e.g. to draw a progress bar; empty = not called. An
  // exception it throws stops the pre-translation and reaches the caller.
  std::function<void(std::size_t done, std::size_t total)> progress = {};

  /// Throws OptionError naming a score outside 0..101, more than 100 alternatives, a language
  /// that is not empty and not a BCP 47 tag, or a bad collection name (check_collection_name()).
  void validate() const;
};

/// What a segment's target is, in CAT-tool terms.
enum class TargetStatus {
  Untranslated,  // no match reaches min_score: no target
  Translated,    // a context (101 %) or exact (100 %) match used as it is, and no other match of
                 // the same score offers a different translation
  NeedsReview,   // a fuzzy match, a match with numbers put in (Match::adapted_target), or an exact
                 // match that conflicts with another of the same score
};

/// The pre-translation of one segment.
struct PretranslatedSegment {
  // The matches offered, best first (TranslationMemory::query's order): the best match (whatever
  // its score, when it reaches min_alternative_score or min_score) and up to `alternatives` more
  // that reach min_alternative_score.
  std::vector<Match> matches;
  TargetStatus status = TargetStatus::Untranslated;
  std::string target;  // the translation (matches.front()'s adapted or stored target); empty when
                       // Untranslated
  int score = 0;       // matches.front().score when there is a target, else 0
  MatchBand band = MatchBand::NoMatch;  // band_of_score(score)
  // For a repetition (its text equals an earlier segment's after normalise_white_space()), the
  // index of that first occurrence: it gets the same target and matches, not looked up again
  // (a 101 % match of the first occurrence counts as 100 % here: its context was not checked).
  std::optional<std::size_t> repetition_of;
};

/// Chooses a segment's target among `matches` (best first, as TranslationMemory::query returns
/// them): the first match becomes the target when it scores at least options.min_score, with its
/// adapted_target when that is not empty. Keeps the matches to offer (see PretranslatedSegment).
/// pretranslate() calls this for every segment; it is public for programs with matches of their
/// own. Throws OptionError for bad options.
PretranslatedSegment choose_target(std::vector<Match> matches,
                                   const PretranslationOptions& options = {});

/// Looks up every sentence in `tm` (TranslationMemory::query with limit 1 + alternatives and the
/// sentence's context: context_hash() of the sentences before and after it, context_hash("") at
/// the document's edges) and chooses its target with choose_target(). Repetitions are not looked
/// up again (see PretranslatedSegment::repetition_of). Returns one PretranslatedSegment per
/// sentence, in order. Throws OptionError for bad options or a collection the TM does not have;
/// StoreError when the TM cannot be read.
///
///   const TranslationMemory tm("work.db");
///   const auto sentences = Segmenter({.language = "ru"}).segment(text);
///   for (const PretranslatedSegment& s : pretranslate(sentences, tm, {.target_lang = "en"}))
///   use(s);
std::vector<PretranslatedSegment> pretranslate(const std::vector<Sentence>& sentences,
                                               const TranslationMemory& tm,
                                               const PretranslationOptions& options = {});

/// The distinct units offered for a document (every PretranslatedSegment::matches), in the order
/// they were first offered, as stored (not adapted): for a TMX that gives a CAT tool just what the
/// document needs. Units are the same when their languages, source and target are.
std::vector<TranslationUnit> offered_units(const std::vector<PretranslatedSegment>& segments);

}  // namespace tmalign
