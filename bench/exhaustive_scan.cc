#include "exhaustive_scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <utility>

#include "tmalign/core/text.h"
#include "tmalign/match/fuzzy.h"

namespace tmalign::bench {
namespace {

// Runs `work` on `threads` threads and waits for them; the first exception any of them threw is
// rethrown here.
void run_on_threads(unsigned threads, const std::function<void()>& work) {
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      try {
        work();
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

// The most a query of n tokens can score against a unit of m: the distance is at least |n − m|,
// and 99 and 100 need a distance of 0, hence n = m.
int length_bound(std::size_t n, std::size_t m) {
  const std::size_t longest = std::max(n, m);
  if (longest == 0) return 100;  // two texts without tokens score 100 when equal
  return static_cast<int>(100 * std::min(n, m) / longest);
}

}  // namespace

ExhaustiveScan::ExhaustiveScan(std::vector<std::string_view> sources, unsigned threads)
    : sources_(std::move(sources)),
      threads_(threads != 0 ? threads : std::max(1U, std::thread::hardware_concurrency())) {
  const auto start = std::chrono::steady_clock::now();
  // Tokenised in chunks on every thread; each chunk's tokens are interned under one lock.
  constexpr std::size_t kChunk = 4096;
  std::vector<std::vector<std::uint32_t>> unit_ids(sources_.size());
  std::atomic<std::size_t> next{0};
  std::mutex vocabulary_mutex;
  run_on_threads(threads_, [&] {
    std::vector<std::vector<std::string>> tokens;
    for (std::size_t begin = next.fetch_add(kChunk); begin < sources_.size();
         begin = next.fetch_add(kChunk)) {
      const std::size_t end = std::min(begin + kChunk, sources_.size());
      tokens.clear();
      for (std::size_t unit = begin; unit < end; ++unit) {
        tokens.push_back(match_tokens(sources_[unit]));
      }
      const std::lock_guard lock(vocabulary_mutex);
      for (std::size_t unit = begin; unit < end; ++unit) {
        for (const std::string& token : tokens[unit - begin]) {
          unit_ids[unit].push_back(intern(token));
        }
      }
    }
  });
  // Grouped by token count, each bucket in unit order.
  unit_length_.resize(sources_.size());
  unit_slot_.resize(sources_.size());
  for (std::size_t unit = 0; unit < sources_.size(); ++unit) {
    const std::size_t length = unit_ids[unit].size();
    if (length >= buckets_.size()) buckets_.resize(length + 1);
    Bucket& bucket = buckets_[length];
    unit_length_[unit] = static_cast<std::uint32_t>(length);
    unit_slot_[unit] = static_cast<std::uint32_t>(bucket.units.size());
    bucket.units.push_back(static_cast<std::uint32_t>(unit));
    bucket.ids.insert(bucket.ids.end(), unit_ids[unit].begin(), unit_ids[unit].end());
    std::vector<std::uint32_t>().swap(unit_ids[unit]);  // keeps the peak memory to one copy
  }
  tokenise_seconds_ =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::uint32_t ExhaustiveScan::intern(const std::string& token) {
  return vocabulary_.try_emplace(token, static_cast<std::uint32_t>(vocabulary_.size()))
      .first->second;
}

ExhaustiveScan::InternedQuery ExhaustiveScan::intern_query(std::string_view query) {
  InternedQuery interned{query, normalise_white_space(query), {}};
  for (const std::string& token : match_tokens(query)) interned.ids.push_back(intern(token));
  return interned;
}

// fuzzy_score's definition: 100 for texts equal after normalise_white_space() (which implies a
// distance of 0, so the texts are compared only then), else score_from_distance() of the token
// counts and the Wagner-Fischer distance (0 for two texts without tokens).
int ExhaustiveScan::score_slot(const InternedQuery& query, std::size_t length,
                               std::size_t slot) const {
  const Bucket& bucket = buckets_[length];
  const std::span<const std::uint32_t> ids(bucket.ids.data() + slot * length, length);
  const std::size_t distance = token_distance(query.ids, ids);
  const bool same_text =
      distance == 0 && normalise_white_space(sources_[bucket.units[slot]]) == query.normalised;
  return score_from_distance(query.ids.size(), length, distance, same_text);
}

int ExhaustiveScan::score(std::string_view query, std::size_t unit) {
  return score_slot(intern_query(query), unit_length_.at(unit), unit_slot_[unit]);
}

int ExhaustiveScan::best_score(const InternedQuery& query, int min_score) const {
  // The token counts held, from the highest length bound down (nearer lengths first on ties).
  const std::size_t n = query.ids.size();
  std::vector<std::pair<int, std::size_t>> lengths;  // (bound, m)
  for (std::size_t m = 0; m < buckets_.size(); ++m) {
    if (!buckets_[m].units.empty()) lengths.emplace_back(length_bound(n, m), m);
  }
  std::sort(lengths.begin(), lengths.end(), [n](const auto& a, const auto& b) {
    const auto gap = [n](std::size_t m) { return m > n ? m - n : n - m; };
    return a.first != b.first ? a.first > b.first : gap(a.second) < gap(b.second);
  });
  int best = -1;
  for (const auto& [bound, m] : lengths) {
    // A unit must beat the best so far (and reach the minimum) to change the answer.
    if (bound < std::max(min_score, best + 1)) break;  // and so do all the lengths after it
    const std::size_t count = buckets_[m].units.size();
    for (std::size_t slot = 0; slot < count && best < bound; ++slot) {
      const int score = score_slot(query, m, slot);
      if (score >= min_score && score > best) best = score;
    }
  }
  return best;
}

std::vector<int> ExhaustiveScan::best_scores(const std::vector<std::string_view>& queries,
                                             int min_score) {
  std::vector<InternedQuery> interned;
  interned.reserve(queries.size());
  for (const std::string_view query : queries) interned.push_back(intern_query(query));
  std::vector<int> best(queries.size(), -1);
  std::atomic<std::size_t> next{0};
  run_on_threads(threads_, [&] {
    for (std::size_t i = next++; i < interned.size(); i = next++) {
      best[i] = best_score(interned[i], min_score);
    }
  });
  return best;
}

}  // namespace tmalign::bench
