#include "tmalign/match/fuzzy.h"

#include <gtest/gtest.h>

#include <algorithm>
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
