// tmalign's own sentence-break rules for Russian and English (private to segment): a scanner that
// finds the places where a sentence may end and the rules that judge them, without ICU.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "abbreviations.h"

namespace tmalign::detail {

/// Finds sentence ends in a text: after terminators (. ! ? …, with closing quotes and brackets)
/// followed by white space, at line breaks and before list markers of an inline list, each judged
/// by rules for abbreviations ("т. е.", "Mr."), initials ("Д. Песков"), numbers, dialogue dashes,
/// lower-case continuations and hard-wrapped lines. docs/segmentation.md lists the rules in order.
/// Invariant: built from one language's tables (abbreviations.cc) and never changed; const, so
/// one object serves every thread.
///
///   LanguageRules rules(*language_data("ru"));
///   for (std::size_t end : rules.breaks(text)) ...;  // a sentence ends at or before `end`
class LanguageRules {
 public:
  explicit LanguageRules(const LanguageData& data);

  /// Ascending byte offsets into UTF-8 `text` where a new sentence starts (white space before an
  /// offset belongs to no sentence). Never 0 or text.size().
  std::vector<std::size_t> breaks(std::string_view text) const;

 private:
  struct Candidate;
  enum class Verdict { kBreak, kMerge };
  struct Kinds {
    AbbreviationKind after_number;
    AbbreviationKind otherwise;
  };
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using Table = std::unordered_map<std::string, Kinds, KeyHash, std::equal_to<>>;
  using WordSet = std::unordered_set<std::string, KeyHash, std::equal_to<>>;

  Verdict judge(std::string_view text, std::size_t sentence_start, const Candidate& c) const;
  Verdict judge_terminator(std::string_view text, std::size_t sentence_start,
                           const Candidate& c) const;
  const Kinds* find_abbreviation(std::string_view text) const;
  bool is_last_word(std::string_view word) const;
  bool is_sentence_starter(std::string_view word) const;
  bool is_title(std::string_view token) const;
  bool is_date_phrase(std::string_view text, std::size_t sentence_start, std::size_t end) const;
  bool is_month(std::string_view word) const;
  bool is_heading_label(std::string_view text, std::size_t sentence_start, std::size_t end) const;

  Table abbreviations_;  // key: case-folded, spaces removed
  WordSet last_words_;   // the last word of each abbreviation ("е." of "т. е."), case-folded
  std::size_t longest_last_word_ = 0;     // bytes of the longest of them
  WordSet starters_;                      // case-folded
  WordSet prepositions_;                  // case-folded
  std::vector<std::string> month_stems_;  // lower case
  WordSet heading_words_;                 // case-folded
};

}  // namespace tmalign::detail
