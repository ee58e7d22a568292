#include "tmalign/match/token_pattern.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "tmalign/match/fuzzy.h"

namespace tmalign {
namespace {

using Ids = std::vector<std::uint32_t>;

std::vector<std::string> as_strings(const Ids& ids) {
  std::vector<std::string> tokens;
  for (const std::uint32_t id : ids)
    tokens.push_back(
        std::string("t").append(std::to_string(id)));  // (GCC 12 -Wrestrict on "t" + …)
  return tokens;
}

TEST(TokenPattern, KnownDistances) {
  EXPECT_EQ(TokenPattern(Ids{}).distance(Ids{}), 0u);
  EXPECT_EQ(TokenPattern(Ids{}).distance(Ids{1, 2, 3}), 3u);
  EXPECT_EQ(TokenPattern(Ids{1, 2, 3}).distance(Ids{}), 3u);
  EXPECT_EQ(TokenPattern(Ids{1, 2, 3, 4}).distance(Ids{1, 2, 3, 4}), 0u);
  EXPECT_EQ(TokenPattern(Ids{1, 2, 3, 4}).distance(Ids{1, 2, 5, 4}), 1u);     // substitution
  EXPECT_EQ(TokenPattern(Ids{1, 2, 3, 4}).distance(Ids{1, 2, 4}), 1u);        // deletion
  EXPECT_EQ(TokenPattern(Ids{1, 2, 3, 4}).distance(Ids{0, 1, 2, 3, 4}), 1u);  // insertion
  EXPECT_EQ(TokenPattern(Ids{1, 2, 3, 4}).distance(Ids{4, 3, 2, 1}), 4u);
  // Token ids at both ends of the range are ordinary tokens.
  EXPECT_EQ(TokenPattern(Ids{0, 0xFFFFFFFFu}).distance(Ids{0xFFFFFFFFu, 0}), 2u);
}

TEST(TokenPattern, PatternsOfExactly64And65TokensUseTheirLastRow) {
  Ids ids(64);
  for (std::uint32_t i = 0; i < 64; ++i) ids[i] = i;
  EXPECT_EQ(TokenPattern(ids).distance(ids), 0u);
  Ids longer = ids;
  longer.push_back(64);
  EXPECT_EQ(TokenPattern(longer).distance(longer), 0u);
  EXPECT_EQ(TokenPattern(longer).distance(ids), 1u);
  EXPECT_EQ(TokenPattern(ids).distance(longer), 1u);
}

// The bit-parallel distance against the Wagner-Fischer reference (token_distance over strings),
// on random sequences of 0..150 tokens: pattern lengths within one word, at its edge and across
// several blocks, from a small alphabet (many matches, long runs of equal tokens) and a large one.
TEST(TokenPattern, EqualsTokenDistanceOnRandomSequences) {
  std::mt19937 random(20240612);
  for (const std::uint32_t alphabet : {2u, 4u, 30u, 100000u}) {
    std::uniform_int_distribution<std::uint32_t> token(0, alphabet - 1);
    std::uniform_int_distribution<std::size_t> length(0, 150);
    const auto random_ids = [&](std::size_t n) {
      Ids ids(n);
      for (std::uint32_t& id : ids) id = token(random);
      return ids;
    };
    for (int round = 0; round < 600; ++round) {
      const Ids pattern_ids = random_ids(round % 5 == 0 ? 60 + round % 10 : length(random));
      Ids text = random_ids(length(random));
      if (round % 3 == 0) {  // a near duplicate of the pattern: a few edits
        text = pattern_ids;
        for (int edit = 0; edit < round % 7; ++edit) {
          const std::size_t at = text.empty() ? 0 : random() % text.size();
          switch (random() % 3) {
            case 0:
              if (!text.empty()) text[at] = token(random);
              break;
            case 1:
              if (!text.empty()) text.erase(text.begin() + static_cast<std::ptrdiff_t>(at));
              break;
            default:
              text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), token(random));
          }
        }
      }
      const std::size_t expected = token_distance(as_strings(pattern_ids), as_strings(text));
      ASSERT_EQ(TokenPattern(pattern_ids).distance(text), expected)
          << "alphabet " << alphabet << ", round " << round << ", lengths " << pattern_ids.size()
          << " and " << text.size();
      ASSERT_EQ(token_distance(pattern_ids, text), expected);
    }
  }
}

TEST(TokenPattern, OnePatternServesManyTexts) {
  const Ids query = {5, 6, 7, 8, 9};
  const TokenPattern pattern(query);
  EXPECT_EQ(pattern.size(), 5u);
  EXPECT_EQ(pattern.distance(Ids{5, 6, 7, 8, 9}), 0u);
  EXPECT_EQ(pattern.distance(Ids{5, 6, 7}), 2u);
  EXPECT_EQ(pattern.distance(Ids{1, 2, 3, 4, 5, 6, 7, 8, 9}), 4u);
}

}  // namespace
}  // namespace tmalign
