// The aligner's dynamic program: the cheapest bead sequence within a band around the diagonal,
// and every chosen bead's posterior probability.
#pragma once

#include <cstddef>

#include "align/cost_model.h"
#include "tmalign/core/types.h"

namespace tmalign::align {

struct DpResult {
  Alignment alignment;  // beads in order; score = posterior probability (see align_banded)
  double cost = 0.0;    // total cost of the alignment (sum of its bead costs)
};

/// Half-width of the band for texts of n and m sentences: max(50, 10% of the longer text, the
/// slope max/min + 2), so that every row of the band overlaps the one before it.
std::size_t default_half_width(std::size_t n, std::size_t m);

/// Viterbi search over beads of kBeadShapes (Gale & Church 1993), restricted to the cells (i, j)
/// with |j - i·M/N| <= half_width (N, M: sentence counts; the whole table when N = 0).
/// Each bead's score is its posterior probability P(bead | texts) under the model that reads
/// costs as -ln probabilities, from the forward-backward sums over the same band (Rabiner 1989).
/// Memory: one double and one byte per band cell for the search, two doubles for the posteriors.
/// Invariant: the beads cover both sides exactly once, in order.
///
///   CostModel model(source_features, target_features);
///   DpResult r = align_banded(model, default_half_width(n, m));
DpResult align_banded(const CostModel& model, std::size_t half_width);

}  // namespace tmalign::align
