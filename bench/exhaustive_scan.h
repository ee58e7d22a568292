// tm_bench's exhaustive reference: the best fuzzy_score() of each query over every unit of a TM,
// with no index, fast enough for 1 000 queries on 1 000 000 units (docs/benchmarks.md, "Recall").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tmalign::bench {

/// Every stored source's match_tokens(), interned once into one vocabulary of uint32 ids and
/// grouped by token count, so that a query is scored against every unit by the plain Wagner-Fischer
/// token_distance() on ids and score_from_distance(): exactly fuzzy_score()'s definition, without
/// re-tokenising the TM for each query. The one skip is the exact length bound: a unit of m tokens
/// scores at most floor(100·min(n, m) / max(n, m)) against a query of n (the distance is at least
/// |n − m|, and 99 or 100 need n = m), so the lengths are visited from the highest bound down and a
/// length stops being scanned when its bound cannot beat the best score so far (nor reach the
/// minimum). Nothing that could be the best is left out; there is no candidate filter.
///
/// Invariant: the texts given to the constructor outlive the scan (it keeps views of them, read
/// only when a distance is 0: the 100 against 99 rule); ids_ of a unit are its tokens' vocabulary
/// ids, equal ids for equal tokens.
///
///   ExhaustiveScan scan(sources);                             // tokenise and intern once
///   std::vector<int> best = scan.best_scores(queries, 50);    // -1 where no unit scores >= 50
///   int s = scan.score(queries[0], 7);                        // == fuzzy_score(queries[0], sources[7])
class ExhaustiveScan {
 public:
  /// Tokenises `sources` on `threads` threads (0: std::thread::hardware_concurrency()).
  explicit ExhaustiveScan(std::vector<std::string_view> sources, unsigned threads = 0);

  /// For each query, the highest fuzzy_score() over every unit when it is >= min_score, else -1.
  /// The queries are split over the threads; their tokens are interned into the vocabulary first.
  std::vector<int> best_scores(const std::vector<std::string_view>& queries, int min_score);

  /// fuzzy_score(query, source of `unit`) through the interned ids (for checking this class).
  int score(std::string_view query, std::size_t unit);

  std::size_t units() const { return sources_.size(); }
  std::size_t vocabulary_size() const { return vocabulary_.size(); }
  double tokenise_seconds() const { return tokenise_seconds_; }

 private:
  // The units of one token count: their ids back to back, `length` per unit, in unit order.
  struct Bucket {
    std::vector<std::uint32_t> ids;
    std::vector<std::uint32_t> units;  // the unit index of each slot
  };
  struct InternedQuery {
    std::string_view text;
    std::string normalised;  // normalise_white_space(text), for the 100 against 99 rule
    std::vector<std::uint32_t> ids;
  };

  std::uint32_t intern(const std::string& token);
  InternedQuery intern_query(std::string_view query);
  int score_slot(const InternedQuery& query, std::size_t length, std::size_t slot) const;
  int best_score(const InternedQuery& query, int min_score) const;

  std::vector<std::string_view> sources_;
  std::unordered_map<std::string, std::uint32_t> vocabulary_;
  std::vector<Bucket> buckets_;              // buckets_[m]: the units of m tokens
  std::vector<std::uint32_t> unit_length_;   // token count of each unit
  std::vector<std::uint32_t> unit_slot_;     // its slot in buckets_[unit_length_[unit]]
  unsigned threads_ = 1;
  double tokenise_seconds_ = 0.0;
};

}  // namespace tmalign::bench
