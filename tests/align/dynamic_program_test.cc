#include "align/dynamic_program.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "reference_aligner.h"
#include "test_util.h"

namespace tmalign::align {
namespace {

// Random sentences: lengths 1..200 code points, a few evidence keys drawn from a small vocabulary
// so that some keys meet across the sides.
std::vector<SentenceFeatures> random_side(std::mt19937& rng, std::size_t count) {
  std::uniform_int_distribution<std::size_t> length(1, 200);
  std::uniform_int_distribution<int> keys(0, 3);
  std::uniform_int_distribution<int> word(0, 15);
  std::uniform_int_distribution<int> kind(0, 3);
  std::vector<SentenceFeatures> side(count);
  for (SentenceFeatures& f : side) {
    f.length = length(rng);
    for (int k = keys(rng); k > 0; --k)
      f.evidence.push_back(
          make_key(static_cast<EvidenceKind>(kind(rng)), std::to_string(word(rng))));
    std::sort(f.evidence.begin(), f.evidence.end());
  }
  return side;
}

TEST(DynamicProgram, BandCoveringTheTableEqualsTheFullReference) {
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<std::size_t> size(0, 30);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = size(rng);
    const std::size_t m = size(rng);
    const CostModel model(random_side(rng, n), random_side(rng, m));
    ASSERT_GE(default_half_width(n, m), std::max(n, m));  // the band is the whole table
    const DpResult banded = align_banded(model, default_half_width(n, m));
    const ReferenceResult reference = reference_align(model);
    ASSERT_EQ(banded.alignment.size(), reference.alignment.size()) << "trial " << trial;
    for (std::size_t k = 0; k < banded.alignment.size(); ++k) {
      EXPECT_EQ(banded.alignment[k].source, reference.alignment[k].source) << "trial " << trial;
      EXPECT_EQ(banded.alignment[k].target, reference.alignment[k].target) << "trial " << trial;
    }
    EXPECT_DOUBLE_EQ(banded.cost, reference.cost) << "trial " << trial;
  }
}

TEST(DynamicProgram, NarrowBandStillCoversEverySentenceAndCostsNoLessThanTheOptimum) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t n = 60 + static_cast<std::size_t>(trial);
    const std::size_t m = 40 + 2 * static_cast<std::size_t>(trial);
    const CostModel model(random_side(rng, n), random_side(rng, m));
    const std::size_t slope = (std::max(n, m) + std::min(n, m) - 1) / std::min(n, m);
    const DpResult banded = align_banded(model, slope + 1);
    test::expect_covers(banded.alignment, n, m);
    EXPECT_GE(banded.cost, reference_align(model).cost - 1e-9);
  }
}

TEST(DynamicProgram, ScoreIsThePosteriorOverAllPaths) {
  // One sentence a side: the paths are 1-1, 1-0 then 0-1, and 0-1 then 1-0.
  const CostModel model({SentenceFeatures{.length = 40, .evidence = {}}},
                        {SentenceFeatures{.length = 44, .evidence = {}}});
  const DpResult result = align_banded(model, default_half_width(1, 1));
  ASSERT_EQ(result.alignment.size(), 1u);
  const double pair = std::exp(-model.cost(1, 1, {1, 1}));
  const double apart = std::exp(-model.cost(1, 0, {1, 0}) - model.cost(1, 1, {0, 1}));
  EXPECT_NEAR(result.alignment[0].score, pair / (pair + 2 * apart), 1e-12);
}

TEST(DynamicProgram, ScoresAreProbabilities) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 30; ++trial) {
    const CostModel model(random_side(rng, 25), random_side(rng, 20));
    for (const Bead& bead : align_banded(model, default_half_width(25, 20)).alignment) {
      EXPECT_GE(bead.score, 0.0);
      EXPECT_LE(bead.score, 1.0);
    }
  }
}

TEST(DynamicProgram, HalfWidthFollowsTheLongerTextAndTheSlope) {
  EXPECT_EQ(default_half_width(10, 12), 50u);
  EXPECT_EQ(default_half_width(3000, 2900), 300u);
  EXPECT_EQ(default_half_width(1, 500), 502u);
}

}  // namespace
}  // namespace tmalign::align
