#include "reference_aligner.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace tmalign::align {

ReferenceResult reference_align(const CostModel& model) {
  const std::size_t n = model.source_size();
  const std::size_t m = model.target_size();
  const double infinity = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> best(n + 1, std::vector<double>(m + 1, infinity));
  std::vector<std::vector<BeadShape>> shape_at(n + 1, std::vector<BeadShape>(m + 1));
  best[0][0] = 0.0;
  for (std::size_t i = 0; i <= n; ++i)
    for (std::size_t j = 0; j <= m; ++j)
      for (const BeadShape shape : kBeadShapes) {
        if (shape.source > i || shape.target > j) continue;
        const double candidate = best[i - shape.source][j - shape.target] + model.cost(i, j, shape);
        if (candidate < best[i][j]) {
          best[i][j] = candidate;
          shape_at[i][j] = shape;
        }
      }
  ReferenceResult result;
  result.cost = best[n][m];
  for (std::size_t i = n, j = m; i > 0 || j > 0;) {
    const BeadShape shape = shape_at[i][j];
    Bead bead;
    for (std::size_t k = i - shape.source; k < i; ++k) bead.source.push_back(k);
    for (std::size_t k = j - shape.target; k < j; ++k) bead.target.push_back(k);
    result.alignment.push_back(bead);
    i -= shape.source;
    j -= shape.target;
  }
  std::reverse(result.alignment.begin(), result.alignment.end());
  return result;
}

}  // namespace tmalign::align
