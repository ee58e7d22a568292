// The cost of a bead: Gale & Church's length model and bead priors, minus lexical evidence.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <functional>
#include <vector>

#include "align/features.h"

namespace tmalign::align {

/// A bead's shape: how many source and target sentences it takes.
struct BeadShape {
  std::size_t source = 1;
  std::size_t target = 1;
};

/// The shapes the dynamic program tries, in the order it tries them (ties go to the first).
inline constexpr std::array<BeadShape, 8> kBeadShapes = {
    {{1, 1}, {1, 0}, {0, 1}, {2, 1}, {1, 2}, {2, 2}, {3, 1}, {1, 3}}};
/// The most sentences a bead takes on one side.
inline constexpr std::size_t kMaxBeadSide = 3;

/// Weights of the cost model; costs are in nats (-ln of a probability).
struct CostWeights {
  double variance = 6.8;  // s²: variance of target length per source character (Gale & Church 1993)
  // Bead priors from Gale & Church 1993, table 5: P(1-1) .89, P(1-0 or 0-1) .0099, P(2-1 or 1-2)
  // .089, P(2-2) .011 -- each shape is charged -ln of its class's probability.
  double prior_11 = 0.89;
  double prior_10 = 0.0099;
  double prior_21 = 0.089;
  double prior_22 = 0.011;
  // Gale & Church have no 3-1 beads. Literary translators merge three sentences into one about a
  // seventh as often as two (Text+Berg gold: 11 against 67); news translators almost never (NTREX:
  // none). A tenth of P(2-1) is the starting point; the aligner re-estimates priors from the text.
  double prior_31 = 0.0089;
  // Bonus (nats) for each piece of evidence found on both sides of a bead, by EvidenceKind.
  std::array<double, kEvidenceKinds> evidence = {3.0, 1.0, 3.0, 3.0, 0.5};
  // Cost (nats) of each paragraph break inside one side of a bead: paragraphs are soft anchors.
  // A side that would join a heading (SentenceFeatures::heading) to any other sentence is not
  // allowed at all.
  double paragraph_break = 3.0;
};

/// Scores beads over the features of two texts. For a bead with both sides non-empty,
/// cost(bead) = -ln P(shape) - ln P(|δ| as large) - Σ_kinds weight·(evidence matched across the
/// bead), with δ = (c·l₁ - l₂) / sqrt(s²·(l₁ + l₂/c)/2) (Gale & Church 1993, as in their program)
/// and c the ratio of the texts' total lengths. A 1-0 or 0-1 bead costs -ln P(shape) alone: an
/// omitted sentence is not a translation of length 0, and Gale & Church's δ for it grows with the
/// sentence's length until no long sentence is ever left out (see docs/alignment.md). Every
/// sentence is in exactly one bead, so the evidence left unmatched over a whole alignment is (total
/// evidence - 2·matched): a penalty per unmatched item would only rescale the bonus, and the model
/// has none. Invariant: cost() reads only precomputed features; it never allocates.
///
///   CostModel model(source_features, target_features);
///   double c = model.cost(i, j, {2, 1});  // source [i-2, i) with target [j-1, j)
class CostModel {
 public:
  CostModel(std::vector<SentenceFeatures> source, std::vector<SentenceFeatures> target,
            const CostWeights& weights = {});

  std::size_t source_size() const { return source_.size(); }
  std::size_t target_size() const { return target_.size(); }
  /// Expected target characters per source character (c).
  double ratio() const { return ratio_; }
  const std::vector<SentenceFeatures>& source_features() const { return source_; }
  const std::vector<SentenceFeatures>& target_features() const { return target_; }
  const CostWeights& weights() const { return weights_; }

  /// The cost of the bead taking source sentences [i - shape.source, i) and target sentences
  /// [j - shape.target, j); requires shape.source <= i <= source_size(), same for the target.
  double cost(std::size_t i, std::size_t j, BeadShape shape) const;

  /// The length part alone: -ln P(|δ| as large) for side lengths l1, l2 (0 when both are 0).
  double length_cost(std::size_t l1, std::size_t l2) const;
  /// Weighted count of the evidence keys that both sides of the bead share (multiset meet).
  double evidence(std::size_t i, std::size_t j, BeadShape shape) const;

 private:
  // The evidence of the runs of 1..kMaxBeadSide sentences ending at each sentence of one side, as
  // sorted dense ids: run(end, count) is what a bead side [end - count, end) holds. Built once so
  // that evidence() is a single merge of two sorted arrays.
  class Runs {
   public:
    Runs() = default;
    // `id_of`: a key's dense id, 0xFFFFFFFF for a key the other side lacks (left out).
    Runs(const std::vector<SentenceFeatures>& side,
         const std::function<std::uint32_t(EvidenceKey)>& id_of);
    std::span<const std::uint32_t> run(std::size_t end, std::size_t count) const {
      const std::size_t k = (end - 1) * kMaxBeadSide + (count - 1);
      return {ids_.data() + offset_[k], ids_.data() + offset_[k + 1]};
    }

   private:
    std::vector<std::uint32_t> ids_;
    std::vector<std::size_t> offset_;  // (end - 1) * kMaxBeadSide + count - 1 -> start in ids_
  };

  double prior_cost(BeadShape shape) const;
  // The paragraph cost of one side's sentences [end - count, end): 0 within a paragraph.
  double paragraph_cost(const std::vector<SentenceFeatures>& side, std::size_t end,
                        std::size_t count) const;

  std::vector<SentenceFeatures> source_;
  std::vector<SentenceFeatures> target_;
  CostWeights weights_;
  std::vector<double> id_weight_;  // dense evidence id -> the weight of its kind
  Runs source_runs_;
  Runs target_runs_;
  double ratio_ = 1.0;
};

}  // namespace tmalign::align
