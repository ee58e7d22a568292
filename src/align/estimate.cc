#include "align/estimate.h"

#include <algorithm>
#include <array>

namespace tmalign::align {

CostWeights reestimate_priors(const Alignment& alignment, const CostWeights& weights,
                              double strength, double floor) {
  // Classes: 0 = 1-1, 1 = 1-0/0-1, 2 = 2-1/1-2, 3 = 2-2, 4 = 3-1/1-3; shapes a class holds.
  constexpr std::array<double, 5> kShapesInClass = {1, 2, 2, 1, 2};
  std::array<double, 5> count{};
  for (const Bead& bead : alignment) {
    const std::size_t s = bead.source.size();
    const std::size_t t = bead.target.size();
    if (s == 1 && t == 1) count[0] += 1;
    else if (s + t == 1) count[1] += 1;
    else if (s + t == 3) count[2] += 1;
    else if (s == 2 && t == 2) count[3] += 1;
    else if (s + t == 4) count[4] += 1;
    // Longer beads are not in kBeadShapes.
  }
  const auto beads = static_cast<double>(alignment.size());
  CostWeights out = weights;
  std::array<double*, 5> prior = {&out.prior_11, &out.prior_10, &out.prior_21, &out.prior_22,
                                  &out.prior_31};
  for (std::size_t k = 0; k < prior.size(); ++k) {
    const double per_shape = count[k] / kShapesInClass[k];
    *prior[k] = std::max(floor, (per_shape + strength * *prior[k]) / (beads + strength));
  }
  return out;
}

}  // namespace tmalign::align
