#include "align/estimate.h"

#include <gtest/gtest.h>

namespace tmalign::align {
namespace {

Alignment beads(std::size_t ones, std::size_t two_ones, std::size_t three_ones) {
  Alignment out;
  std::size_t i = 0;
  std::size_t j = 0;
  const auto add = [&](std::size_t s, std::size_t t) {
    Bead bead;
    for (std::size_t k = 0; k < s; ++k) bead.source.push_back(i++);
    for (std::size_t k = 0; k < t; ++k) bead.target.push_back(j++);
    out.push_back(bead);
  };
  for (std::size_t k = 0; k < ones; ++k) add(1, 1);
  for (std::size_t k = 0; k < two_ones; ++k) add(2, 1);
  for (std::size_t k = 0; k < three_ones; ++k) add(3, 1);
  return out;
}

TEST(ReestimatePriors, AShortTextKeepsAboutThePublishedPriors) {
  const CostWeights published;
  const CostWeights w = reestimate_priors(beads(9, 1, 0), published);
  EXPECT_NEAR(w.prior_11, published.prior_11, 0.01);
  EXPECT_NEAR(w.prior_21, published.prior_21, 0.01);
}

TEST(ReestimatePriors, ABookGetsItsTranslatorsHabits) {
  const CostWeights published;
  // 10 000 beads, a tenth 2-1 (one shape of two: 5 % each), no 3-1 at all.
  const CostWeights w = reestimate_priors(beads(9000, 1000, 0), published);
  EXPECT_NEAR(w.prior_11, 0.9 * 10000 / 10200 + published.prior_11 * 200 / 10200, 1e-9);
  EXPECT_NEAR(w.prior_21, (500.0 + 200 * published.prior_21) / 10200, 1e-9);
  EXPECT_LT(w.prior_31, published.prior_31 / 10);
  EXPECT_GE(w.prior_31, 1e-4);  // never below the floor
  EXPECT_EQ(w.evidence, published.evidence);  // other weights untouched
}

TEST(ReestimatePriors, AnEmptyAlignmentChangesNothing) {
  const CostWeights published;
  const CostWeights w = reestimate_priors({}, published);
  EXPECT_DOUBLE_EQ(w.prior_11, published.prior_11);
  EXPECT_DOUBLE_EQ(w.prior_31, published.prior_31);
}

}  // namespace
}  // namespace tmalign::align
