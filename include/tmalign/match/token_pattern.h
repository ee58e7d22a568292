// Bit-parallel word-level Levenshtein distance on interned token ids (Myers 1999; Hyyrö 2001).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tmalign {

/// A sequence of token ids (a query's tokens, interned) prepared for computing its word-level
/// Levenshtein distance to many other sequences. The algorithm is Myers' (1999) bit-vector
/// dynamic programme in Hyyrö's (2001) formulation for the global edit distance: one column of
/// the Wagner-Fischer table in ⌈n/64⌉ machine words, updated in O(⌈n/64⌉) per token of the
/// other sequence (patterns longer than 64 tokens use Myers' blocks, carrying the horizontal
/// delta from one 64-row block to the next).
/// Invariant: distance(text) equals token_distance() of the same sequences, for every text.
///
///   const TokenPattern pattern(query_ids);
///   for (const std::vector<std::uint32_t>& unit : units)
///     if (pattern.distance(unit) <= 3) keep(unit);
class TokenPattern {
 public:
  explicit TokenPattern(std::span<const std::uint32_t> tokens);

  /// The number of tokens of the pattern.
  std::size_t size() const { return size_; }

  /// The least number of token insertions, deletions and substitutions turning the pattern into
  /// `text`.
  std::size_t distance(std::span<const std::uint32_t> text) const;

 private:
  // Index into masks_ of the bit vectors of `token` (one word per block, bit i of block b set
  // where the pattern's token 64·b + i is `token`), or npos when the pattern lacks the token.
  std::size_t row_of(std::uint32_t token) const;
  std::size_t distance_one_block(std::span<const std::uint32_t> text) const;
  std::size_t distance_blocks(std::span<const std::uint32_t> text) const;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::size_t size_ = 0;
  std::size_t blocks_ = 0;
  // An open-addressing hash table (linear probing) of the pattern's distinct tokens.
  int hash_shift_ = 63;
  std::vector<std::uint32_t> slot_tokens_;
  std::vector<std::size_t> slot_rows_;  // npos: an empty slot
  std::vector<std::uint64_t> masks_;    // blocks_ words a distinct token
};

}  // namespace tmalign
