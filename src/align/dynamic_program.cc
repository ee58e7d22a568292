#include "align/dynamic_program.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <thread>
#include <vector>

namespace tmalign::align {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr std::uint8_t kNoBead = 0xFF;

// ln Σ e^(x[k]) over count > 0 terms without overflow; -inf is the log of zero.
double log_sum_exp(const double* x, std::size_t count) {
  const double hi = *std::max_element(x, x + count);
  if (hi == -kInfinity) return hi;
  double sum = 0.0;
  for (std::size_t k = 0; k < count; ++k) sum += std::exp(x[k] - hi);
  return hi + std::log(sum);
}

// A 64-bit finaliser (splitmix64's), so that sampling by key is not biased by the key's kind bits.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// True when the bead of `shape` ending at (i, j) starts inside the table and the band.
bool fits(const Band& band, std::size_t i, std::size_t j, BeadShape shape) {
  return shape.source <= i && shape.target <= j &&
         band.contains(i - shape.source, j - shape.target);
}

// Sums groups of consecutive sentences of one side into one (`bounds`: each group's first
// sentence, then the side's size): lengths added, evidence merged. Only the keys whose mixed hash
// is a multiple of `keep_one_in` are kept, the same keys on both sides, so that a group's evidence
// stays about as large as one sentence's however many sentences it holds.
std::vector<SentenceFeatures> group(const std::vector<SentenceFeatures>& side,
                                    const std::vector<std::size_t>& bounds,
                                    std::uint64_t keep_one_in) {
  std::vector<SentenceFeatures> groups(bounds.size() - 1);
  for (std::size_t g = 0; g + 1 < bounds.size(); ++g) {
    SentenceFeatures& out = groups[g];
    for (std::size_t k = bounds[g]; k < bounds[g + 1]; ++k) {
      out.length += side[k].length;
      for (const EvidenceKey key : side[k].evidence)
        if (mix(key) % keep_one_in == 0) out.evidence.push_back(key);
    }
    std::sort(out.evidence.begin(), out.evidence.end());
  }
  return groups;
}

// Group boundaries: `groups` groups of about equal size over `count` sentences.
std::vector<std::size_t> boundaries(std::size_t count, std::size_t groups) {
  std::vector<std::size_t> bounds(groups + 1);
  for (std::size_t g = 0; g <= groups; ++g) bounds[g] = groups == 0 ? 0 : g * count / groups;
  return bounds;
}

}  // namespace

Band::Band(std::vector<std::size_t> lo, std::vector<std::size_t> hi, std::size_t m)
    : lo_(std::move(lo)), hi_(std::move(hi)), offset_(lo_.size() + 1) {
  // Restore the invariant: lo(0) = 0, hi(N) = M, both never decrease, rows overlap.
  const std::size_t n = lo_.size() - 1;
  lo_[0] = 0;
  hi_[n] = m;
  for (std::size_t i = 0; i <= n; ++i) {
    hi_[i] = std::min(hi_[i], m);
    if (i > 0) hi_[i] = std::max(hi_[i], hi_[i - 1]);
  }
  for (std::size_t i = n + 1; i-- > 0;) {
    if (i < n) lo_[i] = std::min(lo_[i], lo_[i + 1]);
    lo_[i] = std::min(lo_[i], hi_[i]);
  }
  for (std::size_t i = 0; i < n; ++i) lo_[i + 1] = std::min(lo_[i + 1], hi_[i]);
  for (std::size_t i = 0; i <= n; ++i) offset_[i + 1] = offset_[i] + (hi_[i] - lo_[i] + 1);
}

Band Band::diagonal(std::size_t n, std::size_t m, std::size_t half_width) {
  std::vector<std::size_t> lo(n + 1);
  std::vector<std::size_t> hi(n + 1);
  for (std::size_t i = 0; i <= n; ++i) {
    const std::size_t centre = n == 0 ? 0 : (i * m + n / 2) / n;
    lo[i] = n == 0 || centre <= half_width ? 0 : centre - half_width;
    hi[i] = n == 0 ? m : std::min(m, centre + half_width);
  }
  return Band(std::move(lo), std::move(hi), m);
}

Band Band::around(const std::vector<std::pair<std::size_t, std::size_t>>& path, std::size_t n,
                  std::size_t m, std::size_t margin) {
  std::vector<std::size_t> lo(n + 1, std::numeric_limits<std::size_t>::max());
  std::vector<std::size_t> hi(n + 1, 0);
  // Each step from one path point to the next covers the rectangle between them; widen it by the
  // margin in both directions.
  for (std::size_t k = 0; k < path.size(); ++k) {
    const auto [i1, j1] = path[k];
    const auto [i0, j0] = k == 0 ? path[k] : path[k - 1];
    const std::size_t row_from = i0 > margin ? i0 - margin : 0;
    const std::size_t row_to = std::min(n, i1 + margin);
    const std::size_t col_from = j0 > margin ? j0 - margin : 0;
    const std::size_t col_to = std::min(m, j1 + margin);
    for (std::size_t i = row_from; i <= row_to; ++i) {
      lo[i] = std::min(lo[i], col_from);
      hi[i] = std::max(hi[i], col_to);
    }
  }
  for (std::size_t i = 0; i <= n; ++i)
    if (lo[i] > hi[i]) lo[i] = hi[i];  // a row no step reached: the invariant repair fills it
  return Band(std::move(lo), std::move(hi), m);
}

std::size_t default_half_width(std::size_t n, std::size_t m) {
  const std::size_t longer = std::max(n, m);
  const std::size_t shorter = std::max<std::size_t>(1, std::min(n, m));
  return std::max({std::size_t{50}, (longer + 9) / 10, (longer + shorter - 1) / shorter + 2});
}

DpResult align_in_band(const CostModel& model, const Band& band, bool posteriors,
                       std::size_t threads) {
  const std::size_t n = model.source_size();
  const std::size_t m = model.target_size();
  constexpr std::size_t kShapes = kBeadShapes.size();

  // The cost of every bead ending in the band (infinity where the bead does not fit), computed
  // first, in parallel by rows: the searches below only read it.
  std::vector<double> bead_cost(band.cells() * kShapes, kInfinity);
  const auto fill = [&](std::size_t from_row, std::size_t to_row) {
    for (std::size_t i = from_row; i < to_row; ++i)
      for (std::size_t j = band.lo(i); j <= band.hi(i); ++j)
        for (std::size_t k = 0; k < kShapes; ++k)
          if (fits(band, i, j, kBeadShapes[k]))
            bead_cost[band.index(i, j) * kShapes + k] = model.cost(i, j, kBeadShapes[k]);
  };
  threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, (n + 1) / 1024));
  if (threads == 1) {
    fill(0, n + 1);
  } else {
    // Rows split so that each thread gets about as many cells.
    std::vector<std::thread> workers;
    std::size_t row = 0;
    for (std::size_t t = 0; t < threads; ++t) {
      const std::size_t cells_end = band.cells() * (t + 1) / threads;
      std::size_t end_row = row;
      while (end_row <= n && (t + 1 == threads || band.index(end_row, band.lo(end_row)) < cells_end))
        ++end_row;
      workers.emplace_back(fill, row, end_row);
      row = end_row;
    }
    for (std::thread& worker : workers) worker.join();
  }

  // Viterbi: best[c] is the cheapest cost of aligning the prefixes ending at cell c.
  std::vector<double> best(band.cells(), kInfinity);
  std::vector<std::uint8_t> back(band.cells(), kNoBead);
  // Forward sums: forward[c] = ln Σ_paths e^(-cost) over the paths from (0, 0) to c.
  std::vector<double> forward(posteriors ? band.cells() : 0, -kInfinity);
  best[0] = 0.0;
  if (posteriors) forward[0] = 0.0;
  std::array<double, kShapes> terms{};
  for (std::size_t i = 0; i <= n; ++i) {
    for (std::size_t j = band.lo(i); j <= band.hi(i); ++j) {
      const std::size_t c = band.index(i, j);
      std::size_t count = 0;
      for (std::size_t k = 0; k < kShapes; ++k) {
        const double cost = bead_cost[c * kShapes + k];
        if (cost == kInfinity) continue;
        const BeadShape shape = kBeadShapes[k];
        const std::size_t p = band.index(i - shape.source, j - shape.target);
        if (best[p] == kInfinity) continue;
        if (best[p] + cost < best[c]) {
          best[c] = best[p] + cost;
          back[c] = static_cast<std::uint8_t>(k);
        }
        if (posteriors) terms[count++] = forward[p] - cost;
      }
      if (posteriors && count > 0) forward[c] = log_sum_exp(terms.data(), count);
    }
  }

  // Backward sums: backward[c] = ln Σ_paths e^(-cost) over the paths from c to (N, M), gathered
  // from the cells each bead starting at c ends in.
  std::vector<double> backward(posteriors ? band.cells() : 0, -kInfinity);
  if (posteriors) {
    for (std::size_t i = n + 1; i-- > 0;) {
      for (std::size_t j = band.hi(i) + 1; j-- > band.lo(i);) {
        const std::size_t c = band.index(i, j);
        if (i == n && j == m) {
          backward[c] = 0.0;
          continue;
        }
        std::size_t count = 0;
        for (std::size_t k = 0; k < kShapes; ++k) {
          const BeadShape shape = kBeadShapes[k];
          const std::size_t i2 = i + shape.source;
          const std::size_t j2 = j + shape.target;
          if (!band.contains(i2, j2)) continue;
          const std::size_t e = band.index(i2, j2);
          const double cost = bead_cost[e * kShapes + k];
          if (cost == kInfinity || backward[e] == -kInfinity) continue;
          terms[count++] = backward[e] - cost;
        }
        if (count > 0) backward[c] = log_sum_exp(terms.data(), count);
      }
    }
  }

  DpResult result;
  const double log_total = posteriors ? forward[band.index(n, m)] : 0.0;
  result.cost = best[band.index(n, m)];
  for (std::size_t i = n, j = m; i > 0 || j > 0;) {
    const std::size_t c = band.index(i, j);
    const BeadShape shape = kBeadShapes[back[c]];
    const std::size_t p = band.index(i - shape.source, j - shape.target);
    Bead bead;
    for (std::size_t k = i - shape.source; k < i; ++k) bead.source.push_back(k);
    for (std::size_t k = j - shape.target; k < j; ++k) bead.target.push_back(k);
    if (posteriors) {
      const double cost = bead_cost[c * kShapes + back[c]];
      const double log_posterior = forward[p] - cost + backward[c] - log_total;
      bead.score = std::clamp(std::exp(log_posterior), 0.0, 1.0);
    }
    result.alignment.push_back(std::move(bead));
    i -= shape.source;
    j -= shape.target;
  }
  std::reverse(result.alignment.begin(), result.alignment.end());
  return result;
}

DpResult align_banded(const CostModel& model, std::size_t half_width) {
  return align_in_band(model,
                       Band::diagonal(model.source_size(), model.target_size(), half_width));
}

std::vector<std::pair<std::size_t, std::size_t>> corners(const Alignment& alignment) {
  std::vector<std::pair<std::size_t, std::size_t>> out{{0, 0}};
  std::size_t i = 0;
  std::size_t j = 0;
  for (const Bead& bead : alignment) {
    i += bead.source.size();
    j += bead.target.size();
    out.emplace_back(i, j);
  }
  return out;
}

namespace {

// `level` 0 is the sentences; level L groups block^L of them and samples one key in block^L.
Band coarse_to_fine(const CostModel& model, const CoarseToFineOptions& options,
                    std::size_t level) {
  const std::size_t n = model.source_size();
  const std::size_t m = model.target_size();
  const std::size_t limit = level == 0 ? options.direct_limit : options.coarse_limit;
  if (std::max(n, m) <= limit || std::min(n, m) < 2 * options.block)
    return Band::diagonal(n, m, default_half_width(n, m));
  // One coarser level: as many groups on each side, `block` items a group on the shorter side.
  const std::size_t groups = std::max(std::size_t{1}, std::min(n, m) / options.block);
  const std::vector<std::size_t> source_bounds = boundaries(n, groups);
  const std::vector<std::size_t> target_bounds = boundaries(m, groups);
  std::uint64_t keep_one_in = 1;
  for (std::size_t l = 0; l <= level; ++l) keep_one_in *= options.block;
  // Sampled evidence weighs as much as all of it would.
  CostWeights weights = model.weights();
  for (double& w : weights.evidence) w *= static_cast<double>(options.block);
  const CostModel coarse(group(model.source_features(), source_bounds, keep_one_in),
                         group(model.target_features(), target_bounds, keep_one_in), weights);
  const Band coarse_band = coarse_to_fine(coarse, options, level + 1);
  const DpResult coarse_result =
      align_in_band(coarse, coarse_band, /*posteriors=*/false, options.threads);
  // The coarse path in the coordinates of this level.
  std::vector<std::pair<std::size_t, std::size_t>> path;
  for (const auto& [gi, gj] : corners(coarse_result.alignment))
    path.emplace_back(source_bounds[gi], target_bounds[gj]);
  return Band::around(path, n, m, level == 0 ? options.margin : options.coarse_margin);
}

}  // namespace

Band coarse_to_fine_band(const CostModel& model, const CoarseToFineOptions& options) {
  return coarse_to_fine(model, options, 0);
}

}  // namespace tmalign::align
