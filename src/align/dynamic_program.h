// The aligner's dynamic program: the cheapest bead sequence within a band of cells, every chosen
// bead's posterior probability, and the coarse-to-fine search that keeps long texts linear.
#pragma once

#include <cstddef>
#include <vector>

#include "align/cost_model.h"
#include "tmalign/core/types.h"

namespace tmalign::align {

struct DpResult {
  Alignment alignment;  // beads in order; score = posterior probability (see align_in_band)
  double cost = 0.0;    // total cost of the alignment (sum of its bead costs)
};

/// The cells (i, j) a search may visit: for each source position i in 0..N the target positions
/// [lo(i), hi(i)]. Invariant: lo(0) = 0, hi(N) = M, lo and hi never decrease and lo(i+1) <= hi(i),
/// so (N, M) is reachable from (0, 0) with 1-0, 0-1 and 1-1 beads.
///
///   Band band = Band::diagonal(n, m, default_half_width(n, m));
///   Band narrow = Band::around(path_of(alignment), n, m, 8);
class Band {
 public:
  /// |j - i·M/N| <= half_width (the whole table when N = 0), widened where needed for the invariant.
  static Band diagonal(std::size_t n, std::size_t m, std::size_t half_width);
  /// The cells within `margin` rows and columns of a monotone path of cells from (0, 0) to (N, M)
  /// (consecutive points may be far apart: each step covers the rectangle between them).
  static Band around(const std::vector<std::pair<std::size_t, std::size_t>>& path, std::size_t n,
                     std::size_t m, std::size_t margin);

  std::size_t rows() const { return lo_.size(); }  // N + 1
  std::size_t cells() const { return offset_.back(); }
  std::size_t lo(std::size_t i) const { return lo_[i]; }
  std::size_t hi(std::size_t i) const { return hi_[i]; }
  bool contains(std::size_t i, std::size_t j) const {
    return i < lo_.size() && j >= lo_[i] && j <= hi_[i];
  }
  std::size_t index(std::size_t i, std::size_t j) const { return offset_[i] + (j - lo_[i]); }

 private:
  Band(std::vector<std::size_t> lo, std::vector<std::size_t> hi, std::size_t m);

  std::vector<std::size_t> lo_;
  std::vector<std::size_t> hi_;
  std::vector<std::size_t> offset_;
};

/// Half-width of the diagonal band for texts of n and m sentences: max(50, 10% of the longer text,
/// the slope max/min + 2).
std::size_t default_half_width(std::size_t n, std::size_t m);

/// Viterbi search over beads of kBeadShapes (Gale & Church 1993) restricted to the cells of
/// `band`. With `posteriors`, each bead's score is its posterior probability P(bead | texts) under
/// the model that reads costs as -ln probabilities, from forward-backward sums over the same band
/// (Rabiner 1989); without, scores are 0. Bead costs are computed first, by `threads` threads
/// (fewer on small bands), and kept: memory is 73 bytes a cell, 16 more for the posteriors.
/// Invariant: the beads cover both sides exactly once, in order; the result does not depend on
/// `threads`.
DpResult align_in_band(const CostModel& model, const Band& band, bool posteriors = true,
                       std::size_t threads = 1);

/// align_in_band() over Band::diagonal(n, m, half_width).
DpResult align_banded(const CostModel& model, std::size_t half_width);

/// How the coarse-to-fine search works (defaults are what the aligner uses).
struct CoarseToFineOptions {
  std::size_t direct_limit = 2000;  // texts up to this many sentences a side: one diagonal band
  std::size_t coarse_limit = 250;   // the coarsest level: at most this many groups a side
  std::size_t block = 8;            // sentences a block at each coarser level
  std::size_t margin = 8;           // sentences on each side of the coarse path searched again
  std::size_t coarse_margin = 3;    // groups on each side of the path one coarse level up
  std::size_t threads = 1;          // threads computing bead costs (align_in_band)
};

/// The cells of (0, 0) .. (N, M) an alignment passes through, in order: its bead corners.
std::vector<std::pair<std::size_t, std::size_t>> corners(const Alignment& alignment);

/// The band a coarse-to-fine search would search the fine level in (the diagonal band when the
/// texts are within `direct_limit`). Coarse levels group `block` consecutive sentences a side into
/// one (their lengths summed, their evidence merged), align the groups recursively, and search the
/// next finer level within `margin` sentences of that path (Thompson & Koehn 2019 align
/// coarse-to-fine in the same way). Time and memory are linear in N + M for a fixed block and margin.
Band coarse_to_fine_band(const CostModel& model, const CoarseToFineOptions& options = {});

}  // namespace tmalign::align
