// The glossary of tmalign: the data that flows between the stages.
//
//   text --segment--> Sentence[] --align--> Alignment (Bead[])
//        --make_units--> TranslationUnit[] --store--> Match[]
//
// Every stage speaks in these words, in code and in docs/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tmalign {

/// Half-open byte range [start, end) into a UTF-8 text.
struct Span {
  std::size_t start = 0;
  std::size_t end = 0;

  std::size_t size() const { return end - start; }
  friend bool operator==(const Span&, const Span&) = default;
};

/// One sentence (segment) of a text. Invariant: `text` equals the input bytes at `span`.
struct Sentence {
  std::string text;           // the sentence without surrounding white space
  Span span;                  // where `text` stands in the input, in bytes
  std::size_t paragraph = 0;  // 0-based paragraph index; paragraphs are separated by blank lines
  bool ends_line = false;     // a line break or the end of the text follows it (set by the
                              // Segmenter; one-sentence-per-line input leaves it false)

  friend bool operator==(const Sentence&, const Sentence&) = default;
};

/// One step of an alignment: consecutive source sentences paired with consecutive target
/// sentences. One side may be empty (a sentence without counterpart), never both.
struct Bead {
  std::vector<std::size_t> source;  // 0-based source sentence indices, ascending and consecutive
  std::vector<std::size_t> target;  // 0-based target sentence indices, ascending and consecutive
  double score = 0.0;               // confidence in [0, 1]: how likely the bead is right

  friend bool operator==(const Bead&, const Bead&) = default;
};

/// A whole alignment: beads in document order, covering every sentence of both sides exactly once.
using Alignment = std::vector<Bead>;

/// A stored pair: a source segment, its translation, and where it came from.
struct TranslationUnit {
  std::string source;          // source segment text (one or more sentences joined by a space)
  std::string target;          // target segment text
  std::string source_lang;     // BCP 47 code, e.g. "ru"
  std::string target_lang;     // BCP 47 code, e.g. "en"
  std::string document;        // provenance: the document the pair came from; empty when unknown
  std::int64_t position = -1;  // provenance: index of the bead in its document; -1 when unknown
  double score = 1.0;          // alignment confidence in [0, 1]; 1 for pairs made by people (TMX)
  // Who made the pair and when (TMX creationid/creationdate, changeid/changedate). Dates are
  // UTC in ISO 8601, "2026-11-27T10:44:14Z"; empty when unknown (the store then records the
  // import's time as the creation date).
  std::string created_at = {};
  std::string created_by = {};
  std::string changed_at = {};
  std::string changed_by = {};
  // The context of the pair in its document, for context (101 %) matches: context_hash() of the
  // source sentence before it and after it (context_hash("") at the start or end of the
  // document); 0 when unknown.
  std::uint64_t context_before = 0;
  std::uint64_t context_after = 0;

  friend bool operator==(const TranslationUnit&, const TranslationUnit&) = default;
};

/// A translation-memory answer to a query: a unit and how well its source matches the query.
struct Match {
  int score = 0;  // percent: 101 = the same source in the same context, 100 = the same source
                  // text; see docs/matching.md
  TranslationUnit unit;
  // unit.target with the query's numbers put in place of the stored source's, when the two
  // sources differ in numbers (number substitution, docs/matching.md); empty otherwise.
  std::string adapted_target = {};
};

}  // namespace tmalign
