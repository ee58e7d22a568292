// Fuzzy match scores: word tokens (ICU word boundaries, normalisation and case folding) compared with a word-level Levenshtein distance. The definition is in docs/matching.md.
#include "tmalign/match/fuzzy.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <span>

#include "core/icu.h"
#include "match/caseless.h"
#include "tmalign/core/error.h"

namespace tmalign {
namespace {

using detail::check_icu;

// A caseless converter and a word break iterator per thread: creating an iterator loads ICU's
// rules, so each is made once and reused (neither is safe to share between threads).
struct Tokeniser {
  detail::Caseless caseless;
  std::unique_ptr<icu::BreakIterator> words = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    check_icu(status, "create a word break iterator");
    return it;
  }();
};

}  // namespace

std::vector<std::string> match_tokens(std::string_view text) {
  thread_local Tokeniser tokeniser;
  const std::u16string& folded = tokeniser.caseless(text);
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUChars(nullptr, reinterpret_cast<const UChar*>(folded.data()),
                                  static_cast<int64_t>(folded.size()), &status);
  check_icu(status, "open UTF-16 text");
  const std::unique_ptr<UText, decltype(&utext_close)> guard(utext, &utext_close);
  icu::BreakIterator& words = *tokeniser.words;
  words.setText(utext, status);
  check_icu(status, "set the word break iterator's text");

  // Boundaries are UTF-16 offsets into `folded`; each word goes back to UTF-8.
  std::vector<std::string> tokens;
  int32_t start = words.first();
  for (int32_t end = words.next(); end != icu::BreakIterator::DONE;
       start = end, end = words.next()) {
    if (words.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    std::string& token = tokens.emplace_back(static_cast<std::size_t>(end - start) * 3, '\0');
    int32_t length = 0;
    status = U_ZERO_ERROR;
    u_strToUTF8(token.data(), static_cast<int32_t>(token.size()), &length,
                reinterpret_cast<const UChar*>(folded.data()) + start, end - start, &status);
    check_icu(status, "convert a word to UTF-8");
    token.resize(static_cast<std::size_t>(length));
  }
  return tokens;
}

namespace {

// Levenshtein (1966) distance over whole tokens, by the Wagner-Fischer (1974) dynamic programme
// keeping two rows of the (n+1)·(m+1) table: O(n·m) time, O(min(n, m)) memory.
template <class Token>
std::size_t wagner_fischer(std::span<const Token> a, std::span<const Token> b) {
  const std::span<const Token> rows = a.size() >= b.size() ? a : b;
  const std::span<const Token> columns = a.size() >= b.size() ? b : a;
  std::vector<std::size_t> previous(columns.size() + 1);
  std::vector<std::size_t> current(columns.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= rows.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= columns.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (rows[i - 1] == columns[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[columns.size()];
}

}  // namespace

std::size_t token_distance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return wagner_fischer<std::string>(a, b);
}

std::size_t token_distance(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  return wagner_fischer<std::uint32_t>(a, b);
}

int fuzzy_score(std::string_view query, std::string_view stored) {
  return fuzzy_score(query, match_tokens(query), stored, match_tokens(stored));
}

int fuzzy_score(std::string_view query, const std::vector<std::string>& query_tokens,
                std::string_view stored, const std::vector<std::string>& stored_tokens) {
  if (normalise_white_space(query) == normalise_white_space(stored)) return 100;
  if (query_tokens.empty() && stored_tokens.empty()) return 0;
  return score_from_distance(query_tokens.size(), stored_tokens.size(),
                             token_distance(query_tokens, stored_tokens), false);
}

int score_from_distance(std::size_t query_tokens, std::size_t stored_tokens, std::size_t distance,
                        bool same_text) {
  if (same_text) return 100;
  const std::size_t longest = std::max(query_tokens, stored_tokens);
  if (longest == 0) return 0;
  if (distance == 0) return 99;  // same words, other case, punctuation or normalisation form
  return static_cast<int>(100 * (longest - distance) / longest);
}

}  // namespace tmalign
