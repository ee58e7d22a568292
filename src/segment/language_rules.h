// tmalign's own sentence-break rules for a language, applied on top of ICU's (private to segment).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "abbreviations.h"

namespace tmalign::detail {

/// The verdict on one break ICU proposes.
enum class BreakDecision {
  kBreak,    // a sentence ends here
  kMerge,    // a false break: the sentence goes on
  kDefault,  // no opinion: keep ICU's "ss=standard" verdict
};

/// Decides breaks ICU proposes after abbreviations ("т. е.", "Mr."), initials ("Д. Песков",
/// "J. R. R. Tolkien"), list markers ("1. The first item") and before lower-case words.
/// Invariant: built from one language's tables (abbreviations.cc) and never changed; const, so
/// one object serves every thread.
///
///   LanguageRules rules(*language_data("ru"));
///   if (rules.decide(text, sentence_start, left_end, next_start) == BreakDecision::kMerge) ...
class LanguageRules {
 public:
  explicit LanguageRules(const LanguageData& data);

  /// ICU proposes a break between the sentence [sentence_start, left_end) (left_end after its last
  /// non-white-space character) and the text at `next_start` (white space only between the two).
  /// Offsets are bytes into the UTF-8 `text`.
  BreakDecision decide(std::string_view text, std::size_t sentence_start, std::size_t left_end,
                       std::size_t next_start) const;

  /// Breaks ICU's rules never propose, ascending: before a dialogue dash after a sentence end
  /// ("дам. — А мне дашь?", outside «» quotes) and before a number after a full stop that ends a
  /// word ("пляжи. 6 тыс. руб. платит"). Each is the offset where the next sentence starts.
  std::vector<std::size_t> missed_breaks(std::string_view text) const;

 private:
  struct Kinds {
    AbbreviationKind after_number;
    AbbreviationKind otherwise;
  };
  const Kinds* find_abbreviation(std::string_view key) const;
  bool is_sentence_starter(std::string_view word) const;

  std::unordered_map<std::string, Kinds> abbreviations_;  // key: case-folded, spaces removed
  std::unordered_set<std::string> starters_;              // case-folded
};

}  // namespace tmalign::detail
