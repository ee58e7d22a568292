// Fuzzy match scores: word tokens (ICU word boundaries, normalisation and case folding) compared with a word-level Levenshtein distance. The definition is in docs/matching.md.
#include "tmalign/match/fuzzy.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <span>

#include "core/icu.h"
#include "tmalign/core/error.h"

namespace tmalign {
namespace {

using detail::check_icu;

// Canonical caseless form (Unicode 15, section 3.13, D145, with NFC as the last step):
// NFC(fold_case(NFD(text))), through ICU's C API on UTF-16 in buffers kept per thread. (Through
// Boost.Locale, which converts to and from UTF-8 at every step, this took 2.7 times as long and
// was the largest cost of a large import; tests/match/fuzzy_test.cc keeps that version as the
// reference and compares the two.)
class Caseless {
 public:
  // The caseless form of `text` (invalid UTF-8 becomes U+FFFD), valid until the next call.
  const std::u16string& operator()(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = 0;
    a_.resize(text.size() + 1);  // UTF-16 never needs more units than UTF-8 has bytes
    u_strFromUTF8WithSub(data(a_), capacity(a_), &length, text.data(),
                         static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
    check_icu(status, "convert UTF-8 text to UTF-16");
    a_.resize(static_cast<std::size_t>(length));
    normalise(nfd_, a_, b_);
    fold_case(b_, a_);
    normalise(nfc_, a_, b_);
    return b_;
  }

 private:
  static UChar* data(std::u16string& s) { return reinterpret_cast<UChar*>(s.data()); }
  static const UChar* data(const std::u16string& s) {
    return reinterpret_cast<const UChar*>(s.data());
  }
  static int32_t capacity(const std::u16string& s) { return static_cast<int32_t>(s.size()); }

  // out = `form` of in; a copy when in is already in that form (the usual case for NFC).
  static void normalise(const UNormalizer2* form, const std::u16string& in, std::u16string& out) {
    UErrorCode status = U_ZERO_ERROR;
    const int32_t normal = unorm2_spanQuickCheckYes(form, data(in), capacity(in), &status);
    check_icu(status, "check a text's normalisation");
    if (normal == capacity(in)) {
      out = in;
      return;
    }
    for (std::size_t room = in.size() * 2 + 16;; room *= 2) {
      out.resize(room);
      status = U_ZERO_ERROR;
      const int32_t length = unorm2_normalize(form, data(in), capacity(in), data(out),
                                              capacity(out), &status);
      if (status == U_BUFFER_OVERFLOW_ERROR) continue;
      check_icu(status, "normalise a text");
      out.resize(static_cast<std::size_t>(length));
      return;
    }
  }
  static void fold_case(const std::u16string& in, std::u16string& out) {
    for (std::size_t room = in.size() + 16;; room *= 2) {
      out.resize(room);
      UErrorCode status = U_ZERO_ERROR;
      const int32_t length = u_strFoldCase(data(out), capacity(out), data(in), capacity(in),
                                           U_FOLD_CASE_DEFAULT, &status);
      if (status == U_BUFFER_OVERFLOW_ERROR) continue;
      check_icu(status, "fold a text's case");
      out.resize(static_cast<std::size_t>(length));
      return;
    }
  }
  static const UNormalizer2* instance(const UNormalizer2* (*get)(UErrorCode*)) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* form = get(&status);
    check_icu(status, "load ICU's normalisation data");
    return form;
  }

  const UNormalizer2* nfd_ = instance(unorm2_getNFDInstance);
  const UNormalizer2* nfc_ = instance(unorm2_getNFCInstance);
  std::u16string a_, b_;
};

// A caseless converter and a word break iterator per thread: creating an iterator loads ICU's
// rules, so each is made once and reused (neither is safe to share between threads).
struct Tokeniser {
  Caseless caseless;
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
