// Bit-parallel word-level Levenshtein distance.
//
// G. Myers, "A fast bit-vector algorithm for approximate string matching based on dynamic
// programming", J. ACM 46(3), 1999: the column of the dynamic-programming table held as vertical
// deltas (+1 in VP, −1 in VN) in bit vectors; the block version for patterns longer than a word.
// H. Hyyrö, "Explaining and extending the bit-parallel approximate string matching algorithm of
// Myers", Tech. report A2001-10, Univ. of Tampere, 2001: the same recurrences written for the
// global edit distance, where the top row of the table is 0, 1, 2, … (so a +1 horizontal delta
// enters every column at the top) instead of the all-zero row of approximate search.
#include "tmalign/match/token_pattern.h"

#include <algorithm>
#include <bit>

namespace tmalign {
namespace {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;  // 2^64 / φ, Fibonacci hashing

}  // namespace

TokenPattern::TokenPattern(std::span<const std::uint32_t> tokens)
    : size_(tokens.size()), blocks_((tokens.size() + 63) / 64) {
  // At least twice as many slots as tokens, a power of two (two at least, so the shift < 64).
  const std::size_t slots = std::bit_ceil(std::max<std::size_t>(2, 2 * tokens.size()));
  hash_shift_ = 64 - std::countr_zero(slots);
  slot_tokens_.assign(slots, 0);
  slot_rows_.assign(slots, npos);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::size_t slot = (tokens[i] * kGolden) >> hash_shift_;
    while (slot_rows_[slot] != npos && slot_tokens_[slot] != tokens[i])
      slot = (slot + 1) & (slots - 1);
    if (slot_rows_[slot] == npos) {
      slot_tokens_[slot] = tokens[i];
      slot_rows_[slot] = masks_.size();
      masks_.resize(masks_.size() + blocks_, 0);
    }
    masks_[slot_rows_[slot] + i / 64] |= std::uint64_t{1} << (i % 64);
  }
}

std::size_t TokenPattern::row_of(std::uint32_t token) const {
  const std::size_t last = slot_rows_.size() - 1;
  for (std::size_t slot = (token * kGolden) >> hash_shift_; slot_rows_[slot] != npos;
       slot = (slot + 1) & last)
    if (slot_tokens_[slot] == token) return slot_rows_[slot];
  return npos;
}

std::size_t TokenPattern::distance(std::span<const std::uint32_t> text) const {
  if (size_ == 0) return text.size();
  return blocks_ == 1 ? distance_one_block(text) : distance_blocks(text);
}

// Hyyrö (2001), figure 6 with the global-distance boundary: the pattern's n tokens are the rows,
// the text's tokens the columns; `score` follows the bottom row D[n][j].
std::size_t TokenPattern::distance_one_block(std::span<const std::uint32_t> text) const {
  const std::uint64_t last = std::uint64_t{1} << (size_ - 1);
  std::uint64_t vp = ~std::uint64_t{0};  // D[i][0] = i: every vertical delta is +1
  std::uint64_t vn = 0;
  std::size_t score = size_;
  for (const std::uint32_t token : text) {
    const std::size_t row = row_of(token);
    const std::uint64_t eq = row == npos ? 0 : masks_[row];
    const std::uint64_t xv = eq | vn;
    const std::uint64_t xh = (((eq & vp) + vp) ^ vp) | eq;
    std::uint64_t ph = vn | ~(xh | vp);
    std::uint64_t mh = vp & xh;
    if (ph & last)
      ++score;
    else if (mh & last)
      --score;
    ph = (ph << 1) | 1;  // D[0][j] − D[0][j−1] = +1
    mh <<= 1;
    vp = mh | ~(xv | ph);
    vn = ph & xv;
  }
  return score;
}

// Myers (1999), section 4 ("advance_block"): the blocks of 64 rows are updated top to bottom for
// each column, the horizontal delta leaving a block's last row entering the next block's first.
std::size_t TokenPattern::distance_blocks(std::span<const std::uint32_t> text) const {
  std::vector<std::uint64_t> vp(blocks_, ~std::uint64_t{0});
  std::vector<std::uint64_t> vn(blocks_, 0);
  const std::uint64_t last = std::uint64_t{1} << ((size_ - 1) % 64);
  const std::uint64_t high = std::uint64_t{1} << 63;
  std::size_t score = size_;
  for (const std::uint32_t token : text) {
    const std::size_t row = row_of(token);
    int h_in = 1;  // the top row D[0][j] grows by one a column
    for (std::size_t b = 0; b < blocks_; ++b) {
      std::uint64_t eq = row == npos ? 0 : masks_[row + b];
      const std::uint64_t xv = eq | vn[b];
      if (h_in < 0) eq |= 1;
      const std::uint64_t xh = (((eq & vp[b]) + vp[b]) ^ vp[b]) | eq;
      std::uint64_t ph = vn[b] | ~(xh | vp[b]);
      std::uint64_t mh = vp[b] & xh;
      const std::uint64_t out_bit = b + 1 == blocks_ ? last : high;
      const int h_out = (ph & out_bit) ? 1 : (mh & out_bit) ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (h_in < 0)
        mh |= 1;
      else if (h_in > 0)
        ph |= 1;
      vp[b] = mh | ~(xv | ph);
      vn[b] = ph & xv;
      h_in = h_out;
    }
    score = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(score) + h_in);
  }
  return score;
}

}  // namespace tmalign
