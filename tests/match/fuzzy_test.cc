#include "tmalign/match/fuzzy.h"

#include <gtest/gtest.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <boost/locale/conversion.hpp>
#include <boost/locale/generator.hpp>
#include <boost/locale/localization_backend.hpp>
#include <locale>
#include <memory>
#include <functional>
#include <map>
#include <random>
#include <utility>

namespace tmalign {
namespace {

using Tokens = std::vector<std::string>;

// The textbook recursion for edit distance, memoised: slow and obviously right.
std::size_t reference_distance(const Tokens& a, const Tokens& b) {
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> memo;
  std::function<std::size_t(std::size_t, std::size_t)> d = [&](std::size_t i, std::size_t j) {
    if (i == 0) return j;
    if (j == 0) return i;
    const auto key = std::make_pair(i, j);
    if (const auto found = memo.find(key); found != memo.end()) return found->second;
    const std::size_t result = std::min(
        {d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] == b[j - 1] ? 0 : 1)});
    memo.emplace(key, result);
    return result;
  };
  return d(a.size(), b.size());
}

TEST(MatchTokens, KeepsWordsAndNumbersDropsPunctuationAndSpace) {
  EXPECT_EQ(match_tokens("В 2019 году, по данным ТАСС, рост — 3,5%."),
            (Tokens{"в", "2019", "году", "по", "данным", "тасс", "рост", "3,5"}));
}

TEST(MatchTokens, CaseFoldsFully) {
  EXPECT_EQ(match_tokens("STRASSE Straße ПРИВЕТ"), (Tokens{"strasse", "strasse", "привет"}));
}

TEST(MatchTokens, NormalisesDecomposedLettersToNfc) {
  // "й" written as и + combining breve, and "é" as e + combining acute.
  EXPECT_EQ(match_tokens("мои\xCC\x86 cafe\xCC\x81"), (Tokens{"мой", "café"}));
}

// The reference for match_tokens(): the canonical caseless form spelt out with Boost.Locale's
// ICU backend, NFC(fold_case(NFD(text))) on UTF-8 (Unicode 15, 3.13, D145), then ICU word breaks
// on UTF-8. Slower and plainly right; match_tokens() does the same on UTF-16 with ICU's C API.
Tokens reference_match_tokens(const std::string& text) {
  static const std::locale locale = [] {
    boost::locale::localization_backend_manager manager =
        boost::locale::localization_backend_manager::global();
    manager.select("icu");
    return boost::locale::generator(manager)("en_US.UTF-8");
  }();
  const std::string folded = boost::locale::normalize(
      boost::locale::fold_case(boost::locale::normalize(text, boost::locale::norm_nfd, locale),
                               locale),
      boost::locale::norm_nfc, locale);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, decltype(&utext_close)> utext(
      utext_openUTF8(nullptr, folded.data(), static_cast<int64_t>(folded.size()), &status),
      &utext_close);
  std::unique_ptr<icu::BreakIterator> words(
      icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  words->setText(utext.get(), status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  Tokens tokens;
  int32_t start = words->first();
  for (int32_t end = words->next(); end != icu::BreakIterator::DONE;
       start = end, end = words->next())
    if (words->getRuleStatus() >= UBRK_WORD_NONE_LIMIT)
      tokens.emplace_back(folded, static_cast<std::size_t>(start),
                          static_cast<std::size_t>(end - start));
  return tokens;
}

// match_tokens() and the Boost.Locale reference agree on 3 000 texts of up to `max_pieces` random
// `pieces`, some followed by a space.
void expect_agrees_with_reference(const std::vector<std::string>& pieces, unsigned seed,
                                  int max_pieces) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> count(0, max_pieces);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (int i = count(random); i > 0; --i) {
      text += pieces[pick(random)];
      if (random() % 3 == 0) text += ' ';
    }
    ASSERT_EQ(match_tokens(text), reference_match_tokens(text)) << "'" << text << "'";
  }
}

TEST(MatchTokens, AgreesWithTheBoostLocaleReferenceOnRandomTexts) {
  // Pieces chosen for the corners of caseless matching: precomposed and decomposed Cyrillic
  // (й, ё), Turkish dotted capital I, German sharp s and capital sharp s, Greek final sigma and
  // the ypogegrammeni (whose fold needs NFD first), ligatures, Hangul, CJK, digits, apostrophes,
  // punctuation, and long words that outgrow small buffers.
  const std::vector<std::string> pieces = {
      "Москва", "ЙОД", "й", "и\u0306", "ёлка", "Е\u0308", "İstanbul", "I\u0307", "Straße",
      "STRASSE", "\u1E9E", "ΟΔΟΣ", "ᾳ", "α\u0345", "ᾼ", "ﬁ", "ﬀ", "한국어", "中文", "2019",
      "3,14", "don't", "O'Neil", "—", "«", "»", ".", ",", " ", "  ", "\t", "\u00A0", "x",
      std::string(300, 'a'), "Ǆ", "ǅ", "ǆ", "ﬃ", "Ω", "\u212B", "e\u0301", "é"};
  expect_agrees_with_reference(pieces, 20261127, 12);
}

TEST(MatchTokens, AgreesWithTheBoostLocaleReferenceOnRussianAndEnglishTexts) {
  // Pieces whose code points are all simple (src/match/caseless.cc), so that these texts take the
  // fast path of the caseless form: it must agree with the reference too.
  const std::vector<std::string> pieces = {
      "Москва", "ЙОД", "й", "ёлка", "ЁЖ", "Посольство", "России", "США", "Embassy", "STATEMENT",
      "don't", "O'Neil", "2019", "3,5", "%", "—", "–", "«", "»", "„", "“", "”", ".", ",", ":", "(",
      ")", " ", "\t", "\u00A0", "Ελλάδα", "ΆΈΉ", "Čech", "ŁÓDŹ", "ÀÉÎÕÜ", "№", "€", "…"};
  expect_agrees_with_reference(pieces, 20261128, 16);
}

TEST(MatchTokens, TextWithoutWordsHasNoTokens) {
  EXPECT_TRUE(match_tokens("").empty());
  EXPECT_TRUE(match_tokens(" — ... !? ").empty());
}

TEST(TokenDistance, CountsWholeTokenEdits) {
  EXPECT_EQ(token_distance({"a", "b", "c"}, {"a", "b", "c"}), 0u);
  EXPECT_EQ(token_distance({"a", "b", "c"}, {"a", "x", "c"}), 1u);
  EXPECT_EQ(token_distance({"a", "b", "c"}, {"a", "c"}), 1u);
  EXPECT_EQ(token_distance({}, {"a", "b"}), 2u);
  EXPECT_EQ(token_distance({"a", "b"}, {"b", "a"}), 2u);
}

TEST(TokenDistance, AgreesWithRecursiveReferenceOnRandomTokenLists) {
  std::mt19937 random(20240611);
  const Tokens alphabet{"а", "б", "в", "г", "1"};  // a small alphabet makes many partial matches
  std::uniform_int_distribution<std::size_t> length(0, 12);
  std::uniform_int_distribution<std::size_t> letter(0, alphabet.size() - 1);
  const auto random_tokens = [&] {
    Tokens tokens(length(random));
    for (std::string& t : tokens) t = alphabet[letter(random)];
    return tokens;
  };
  for (int round = 0; round < 500; ++round) {
    const Tokens a = random_tokens();
    const Tokens b = random_tokens();
    ASSERT_EQ(token_distance(a, b), reference_distance(a, b)) << "round " << round;
    ASSERT_EQ(token_distance(a, b), token_distance(b, a)) << "round " << round;
  }
}

TEST(FuzzyScore, IdenticalTextsScore100) {
  EXPECT_EQ(fuzzy_score("Посольство России в США заявило о провокации.",
                        "Посольство России в США заявило о провокации."),
            100);
}

TEST(FuzzyScore, WhiteSpaceDifferencesStillScore100) {
  EXPECT_EQ(fuzzy_score("  Посольство России\tв США.\n", "Посольство  России в\u00A0США."), 100);
}

TEST(FuzzyScore, OneWordChangedInEightScores87) {
  // 8 tokens, distance 1: floor(100 · 7/8) = 87.
  const int score = fuzzy_score("Посольство России в США заявило о новой провокации.",
                                "Посольство России в США заявило о старой провокации.");
  EXPECT_EQ(score, 87);
  EXPECT_GT(score, 70);
  EXPECT_LT(score, 100);
}

TEST(FuzzyScore, CaseOnlyDifferenceScores99) {
  EXPECT_EQ(fuzzy_score("посольство россии в сша", "Посольство России в США"), 99);
}

TEST(FuzzyScore, PunctuationOnlyDifferenceScores99) {
  EXPECT_EQ(fuzzy_score("Посольство России, в США", "Посольство России в США."), 99);
}

TEST(FuzzyScore, InflectionCountsAsTokenChange) {
  // "России" / "Россия": another word form is another token, 1 of 4 changed.
  EXPECT_EQ(fuzzy_score("Посольство России в США", "Посольство Россия в США"), 75);
}

TEST(FuzzyScore, TextsWithoutTokensScoreZeroUnlessIdentical) {
  EXPECT_EQ(fuzzy_score("—", "..."), 0);
  EXPECT_EQ(fuzzy_score("", ""), 100);
  EXPECT_EQ(fuzzy_score("—", " — "), 100);
  EXPECT_EQ(fuzzy_score("", "Текст"), 0);
}

TEST(FuzzyScore, NothingInCommonScoresZero) {
  EXPECT_EQ(fuzzy_score("Добрый день", "Embassy statement"), 0);
}

TEST(FuzzyScore, PrecomputedTokensGiveTheSameScore) {
  const std::string query = "Посольство России в США заявило";
  const std::string stored = "Посольство России заявило";
  EXPECT_EQ(fuzzy_score(query, match_tokens(query), stored, match_tokens(stored)),
            fuzzy_score(query, stored));
  EXPECT_EQ(fuzzy_score(query, stored), 60);  // 5 tokens, 2 deleted
}

}  // namespace
}  // namespace tmalign
