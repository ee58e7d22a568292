#include "align/dynamic_program.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace tmalign::align {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::uint8_t kNoBead = 0xFF;

// log(e^a + e^b) without overflow; -inf is the log of zero.
double log_add(double a, double b) {
  if (a == -kInfinity) return b;
  if (b == -kInfinity) return a;
  const double hi = std::max(a, b);
  return hi + std::log1p(std::exp(std::min(a, b) - hi));
}

// The cells of the band: row i (0..N) holds the columns [lo[i], hi[i]], stored from offset[i].
// Centres ascend with i and consecutive centres differ by at most ceil(M/N) <= half_width, so each
// row overlaps the one before it and (N, M) is reachable from (0, 0).
class Band {
 public:
  Band(std::size_t n, std::size_t m, std::size_t half_width)
      : lo_(n + 1), hi_(n + 1), offset_(n + 2) {
    for (std::size_t i = 0; i <= n; ++i) {
      const std::size_t centre = n == 0 ? 0 : (i * m + n / 2) / n;
      lo_[i] = n == 0 || centre <= half_width ? 0 : centre - half_width;
      hi_[i] = n == 0 ? m : std::min(m, centre + half_width);
      offset_[i + 1] = offset_[i] + (hi_[i] - lo_[i] + 1);
    }
  }
  std::size_t cells() const { return offset_.back(); }
  std::size_t lo(std::size_t i) const { return lo_[i]; }
  std::size_t hi(std::size_t i) const { return hi_[i]; }
  bool contains(std::size_t i, std::size_t j) const { return j >= lo_[i] && j <= hi_[i]; }
  std::size_t index(std::size_t i, std::size_t j) const { return offset_[i] + (j - lo_[i]); }

 private:
  std::vector<std::size_t> lo_;
  std::vector<std::size_t> hi_;
  std::vector<std::size_t> offset_;
};

// True when the bead of `shape` ending at (i, j) starts inside the table and the band.
bool fits(const Band& band, std::size_t i, std::size_t j, BeadShape shape) {
  return shape.source <= i && shape.target <= j &&
         band.contains(i - shape.source, j - shape.target);
}

}  // namespace

std::size_t default_half_width(std::size_t n, std::size_t m) {
  const std::size_t longer = std::max(n, m);
  const std::size_t shorter = std::max<std::size_t>(1, std::min(n, m));
  return std::max({std::size_t{50}, (longer + 9) / 10, (longer + shorter - 1) / shorter + 2});
}

DpResult align_banded(const CostModel& model, std::size_t half_width) {
  const std::size_t n = model.source_size();
  const std::size_t m = model.target_size();
  const Band band(n, m, half_width);

  // Viterbi: best[c] is the cheapest cost of aligning the prefixes ending at cell c.
  std::vector<double> best(band.cells(), kInfinity);
  std::vector<std::uint8_t> back(band.cells(), kNoBead);
  // Forward sums: forward[c] = ln Σ_paths e^(-cost) over the paths from (0, 0) to c.
  std::vector<double> forward(band.cells(), -kInfinity);
  best[0] = 0.0;
  forward[0] = 0.0;
  for (std::size_t i = 0; i <= n; ++i) {
    for (std::size_t j = band.lo(i); j <= band.hi(i); ++j) {
      const std::size_t c = band.index(i, j);
      for (std::size_t k = 0; k < kBeadShapes.size(); ++k) {
        const BeadShape shape = kBeadShapes[k];
        if (!fits(band, i, j, shape)) continue;
        const std::size_t p = band.index(i - shape.source, j - shape.target);
        if (best[p] == kInfinity) continue;
        const double cost = model.cost(i, j, shape);
        if (best[p] + cost < best[c]) {
          best[c] = best[p] + cost;
          back[c] = static_cast<std::uint8_t>(k);
        }
        forward[c] = log_add(forward[c], forward[p] - cost);
      }
    }
  }

  // Backward sums: backward[c] = ln Σ_paths e^(-cost) over the paths from c to (N, M).
  std::vector<double> backward(band.cells(), -kInfinity);
  backward[band.index(n, m)] = 0.0;
  for (std::size_t i = n + 1; i-- > 0;) {
    for (std::size_t j = band.hi(i) + 1; j-- > band.lo(i);) {
      const std::size_t c = band.index(i, j);
      if (backward[c] == -kInfinity) continue;
      for (const BeadShape shape : kBeadShapes) {
        if (!fits(band, i, j, shape)) continue;
        const std::size_t p = band.index(i - shape.source, j - shape.target);
        backward[p] = log_add(backward[p], backward[c] - model.cost(i, j, shape));
      }
    }
  }

  DpResult result;
  const double log_total = forward[band.index(n, m)];
  result.cost = best[band.index(n, m)];
  for (std::size_t i = n, j = m; i > 0 || j > 0;) {
    const std::size_t c = band.index(i, j);
    const BeadShape shape = kBeadShapes[back[c]];
    const std::size_t p = band.index(i - shape.source, j - shape.target);
    Bead bead;
    for (std::size_t k = i - shape.source; k < i; ++k) bead.source.push_back(k);
    for (std::size_t k = j - shape.target; k < j; ++k) bead.target.push_back(k);
    const double log_posterior = forward[p] - model.cost(i, j, shape) + backward[c] - log_total;
    bead.score = std::clamp(std::exp(log_posterior), 0.0, 1.0);
    result.alignment.push_back(std::move(bead));
    i -= shape.source;
    j -= shape.target;
  }
  std::reverse(result.alignment.begin(), result.alignment.end());
  return result;
}

}  // namespace tmalign::align
