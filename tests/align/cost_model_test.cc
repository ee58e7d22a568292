#include "align/cost_model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tmalign::align {
namespace {

SentenceFeatures sentence(std::size_t length, std::vector<EvidenceKey> evidence = {}) {
  std::sort(evidence.begin(), evidence.end());
  return SentenceFeatures{.length = length, .evidence = std::move(evidence)};
}

TEST(CostModel, RatioIsTheTextsLengthRatio) {
  const CostModel model({sentence(100), sentence(100)}, {sentence(150), sentence(90)});
  EXPECT_DOUBLE_EQ(model.ratio(), 1.2);
}

TEST(CostModel, LengthCostGrowsWithTheMismatch) {
  const CostModel model({sentence(100)}, {sentence(100)});
  EXPECT_NEAR(model.length_cost(100, 100), 0.0, 1e-12);
  EXPECT_LT(model.length_cost(100, 110), model.length_cost(100, 130));
  EXPECT_LT(model.length_cost(100, 130), model.length_cost(100, 200));
  EXPECT_TRUE(std::isfinite(model.length_cost(100000, 1)));  // far in the tail, still finite
}

TEST(CostModel, GaleChurchPriorsRankTheShapes) {
  const CostModel model({sentence(50), sentence(50)}, {sentence(50), sentence(50)});
  const double one_one = model.cost(1, 1, {1, 1});
  EXPECT_NEAR(one_one, -std::log(0.89), 1e-12);
  EXPECT_NEAR(model.cost(1, 0, {1, 0}), -std::log(0.0099), 1e-12);  // a deletion: its prior alone
  EXPECT_NEAR(model.cost(2, 2, {2, 2}), -std::log(0.011), 1e-12);
}

TEST(CostModel, SharedEvidenceLowersTheCostOncePerSharedItem) {
  const EvidenceKey n28 = make_key(EvidenceKind::kNumber, "28");
  const EvidenceKey quote = make_key(EvidenceKind::kPunctuation, "\"");
  const CostModel model({sentence(50, {n28, quote, quote}), sentence(50, {n28})},
                        {sentence(100, {n28, quote})});
  const double number = CostWeights{}.evidence[static_cast<std::size_t>(EvidenceKind::kNumber)];
  const double punctuation =
      CostWeights{}.evidence[static_cast<std::size_t>(EvidenceKind::kPunctuation)];
  EXPECT_DOUBLE_EQ(model.evidence(1, 1, {1, 1}), number + punctuation);
  EXPECT_DOUBLE_EQ(model.evidence(2, 1, {2, 1}),
                   number + punctuation);  // one 28 on the target side
  EXPECT_DOUBLE_EQ(model.evidence(2, 1, {1, 1}), number);
  EXPECT_DOUBLE_EQ(model.evidence(2, 0, {2, 0}), 0.0);
}


TEST(CostModel, AParagraphBreakInsideABeadSideCostsItsWeight) {
  SentenceFeatures a = sentence(50);
  SentenceFeatures b = sentence(50);
  const CostModel same({a, b}, {sentence(100)});
  b.paragraph = 1;
  const CostModel apart({a, b}, {sentence(100)});
  EXPECT_NEAR(apart.cost(2, 1, {2, 1}) - same.cost(2, 1, {2, 1}), CostWeights{}.paragraph_break,
              1e-12);
  EXPECT_DOUBLE_EQ(apart.cost(1, 1, {1, 1}), same.cost(1, 1, {1, 1}));  // one sentence: no break
}

TEST(CostModel, AHeadingIsNeverJoinedToAnotherParagraph) {
  SentenceFeatures heading = sentence(10);
  heading.heading = true;
  SentenceFeatures body = sentence(90);
  body.paragraph = 1;
  const CostModel model({heading, body}, {sentence(100)});
  EXPECT_TRUE(std::isinf(model.cost(2, 1, {2, 1})));
  EXPECT_TRUE(std::isfinite(model.cost(1, 1, {1, 1})));
}

TEST(CostModel, ThreeSentenceBeadsMeetEvidenceInAnyOfTheirSentences) {
  const EvidenceKey n7 = make_key(EvidenceKind::kNumber, "7");
  const EvidenceKey n8 = make_key(EvidenceKind::kNumber, "8");
  const CostModel model({sentence(30, {n7}), sentence(30), sentence(30, {n8})},
                        {sentence(90, {n7, n8})});
  EXPECT_DOUBLE_EQ(model.evidence(3, 1, {3, 1}), 2 * CostWeights{}.evidence[0]);
  EXPECT_DOUBLE_EQ(model.evidence(3, 1, {2, 1}), CostWeights{}.evidence[0]);
}

}  // namespace
}  // namespace tmalign::align
