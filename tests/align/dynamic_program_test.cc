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


// A text and its translation with a hidden alignment: beads of the shapes translators make (mostly
// 1-1, some merges, splits, omissions and additions), target lengths about 1.1 times the source's
// with noise, and a few evidence keys (numbers, names) shared by both sides of a bead.
struct TranslatedPair {
  std::vector<SentenceFeatures> source;
  std::vector<SentenceFeatures> target;
};

TranslatedPair random_translation(std::mt19937& rng, std::size_t beads) {
  std::discrete_distribution<int> shape({80, 3, 3, 5, 5, 1, 1, 1});  // kBeadShapes order
  std::uniform_int_distribution<std::size_t> length(15, 220);
  std::normal_distribution<double> noise(0.0, 0.12);
  std::uniform_int_distribution<int> keys(0, 3);
  std::uniform_int_distribution<std::uint64_t> word(0, 1u << 20);
  TranslatedPair pair;
  for (std::size_t b = 0; b < beads; ++b) {
    const BeadShape s = kBeadShapes[static_cast<std::size_t>(shape(rng))];
    std::vector<EvidenceKey> shared;
    for (int k = keys(rng); k > 0; --k)
      shared.push_back(make_key(EvidenceKind::kNumber, std::to_string(word(rng))));
    std::size_t total = 0;
    for (std::size_t k = 0; k < s.source; ++k) {
      SentenceFeatures f{.length = length(rng), .evidence = {}};
      total += f.length;
      pair.source.push_back(f);
    }
    if (total == 0) total = length(rng);
    for (std::size_t k = 0; k < s.target; ++k) {
      const double part = 1.1 * static_cast<double>(total) / static_cast<double>(s.target);
      const auto len = static_cast<std::size_t>(std::max(1.0, part * (1.0 + noise(rng))));
      pair.target.push_back(SentenceFeatures{.length = len, .evidence = {}});
    }
    if (s.source > 0 && s.target > 0)
      for (std::size_t k = 0; k < shared.size(); ++k) {
        pair.source[pair.source.size() - 1 - k % s.source].evidence.push_back(shared[k]);
        pair.target[pair.target.size() - 1 - k % s.target].evidence.push_back(shared[k]);
      }
  }
  for (std::vector<SentenceFeatures>* side : {&pair.source, &pair.target})
    for (SentenceFeatures& f : *side) std::sort(f.evidence.begin(), f.evidence.end());
  return pair;
}

TEST(DynamicProgram, CoarseToFineFindsTheReferenceAlignmentOfTranslations) {
  // Small limits so that three coarse levels are used on a few hundred sentences.
  const CoarseToFineOptions options{.direct_limit = 40, .coarse_limit = 10, .block = 4,
                                    .margin = 8, .coarse_margin = 3};
  std::mt19937 rng(31337);
  for (int trial = 0; trial < 20; ++trial) {
    const TranslatedPair text = random_translation(rng, 300 + 20 * static_cast<std::size_t>(trial));
    const CostModel model(text.source, text.target);
    const Band band = coarse_to_fine_band(model, options);
    ASSERT_LT(band.cells(), (model.source_size() + 1) * (model.target_size() + 1) / 4)
        << "the band should be a small part of the table";
    const DpResult fast = align_in_band(model, band);
    const ReferenceResult reference = reference_align(model);
    EXPECT_DOUBLE_EQ(fast.cost, reference.cost) << "trial " << trial;
    ASSERT_EQ(fast.alignment.size(), reference.alignment.size()) << "trial " << trial;
    for (std::size_t k = 0; k < fast.alignment.size(); ++k) {
      EXPECT_EQ(fast.alignment[k].source, reference.alignment[k].source) << "trial " << trial;
      EXPECT_EQ(fast.alignment[k].target, reference.alignment[k].target) << "trial " << trial;
    }
  }
}

TEST(DynamicProgram, CoarseToFineBandGrowsLinearly) {
  const CoarseToFineOptions options{.direct_limit = 200, .coarse_limit = 50, .block = 8,
                                    .margin = 12, .coarse_margin = 3};
  std::mt19937 rng(5);
  const TranslatedPair small = random_translation(rng, 2000);
  const TranslatedPair large = random_translation(rng, 8000);
  const std::size_t small_cells =
      coarse_to_fine_band(CostModel(small.source, small.target), options).cells();
  const std::size_t large_cells =
      coarse_to_fine_band(CostModel(large.source, large.target), options).cells();
  EXPECT_LT(static_cast<double>(large_cells) / static_cast<double>(small_cells), 4.0 * 1.2);
}

TEST(DynamicProgram, BandAroundAPathKeepsItsInvariant) {
  std::mt19937 rng(99);
  for (int trial = 0; trial < 200; ++trial) {
    std::uniform_int_distribution<std::size_t> size(0, 60);
    const std::size_t n = size(rng);
    const std::size_t m = size(rng);
    // A random monotone path with long jumps.
    std::vector<std::pair<std::size_t, std::size_t>> path{{0, 0}};
    while (path.back() != std::make_pair(n, m)) {
      auto [i, j] = path.back();
      i = std::min(n, i + std::uniform_int_distribution<std::size_t>(0, 9)(rng));
      j = std::min(m, j + std::uniform_int_distribution<std::size_t>(0, 9)(rng));
      path.emplace_back(i, j);
    }
    const Band band = Band::around(path, n, m, trial % 4);
    ASSERT_EQ(band.rows(), n + 1);
    EXPECT_EQ(band.lo(0), 0u);
    EXPECT_EQ(band.hi(n), m);
    for (std::size_t i = 0; i <= n; ++i) {
      EXPECT_LE(band.lo(i), band.hi(i));
      if (i > 0) {
        EXPECT_GE(band.lo(i), band.lo(i - 1));
        EXPECT_GE(band.hi(i), band.hi(i - 1));
        EXPECT_LE(band.lo(i), band.hi(i - 1));
      }
    }
    for (const auto& [i, j] : path) EXPECT_TRUE(band.contains(i, j));
    test::expect_covers(align_in_band(CostModel(random_side(rng, n), random_side(rng, m)), band)
                            .alignment,
                        n, m);
  }
}

}  // namespace
}  // namespace tmalign::align
