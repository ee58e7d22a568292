// Model parameters re-estimated from a first alignment of the very text being aligned.
#pragma once

#include "align/cost_model.h"
#include "tmalign/core/types.h"

namespace tmalign::align {

/// Bead priors re-estimated from `alignment`: for each class of shapes (1-1; 1-0 and 0-1; 2-1 and
/// 1-2; 2-2; 3-1 and 1-3) the maximum a posteriori frequency of one of its shapes under a Dirichlet
/// prior centred on `weights`' priors and worth `strength` beads, never below `floor`. Short texts
/// keep about the published priors; a book gets its translator's habits. Other weights are copied.
///
///   CostWeights w = reestimate_priors(first_pass.alignment, model.weights());
CostWeights reestimate_priors(const Alignment& alignment, const CostWeights& weights,
                              double strength = 200.0, double floor = 1e-4);

}  // namespace tmalign::align
