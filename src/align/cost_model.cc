#include "align/cost_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <span>
#include <functional>
#include <limits>

namespace tmalign::align {
namespace {

// ln erfc(x) for x >= 0; the asymptotic series erfc(x) ~ e^(-x²) / (x·sqrt(pi)) · (1 - 1/(2x²))
// where erfc itself underflows.
double log_erfc(double x) {
  if (x < 25.0) return std::log(std::erfc(x));
  return -x * x - std::log(x * std::sqrt(std::numbers::pi)) + std::log1p(-0.5 / (x * x));
}

// ln erfc(x) by linear interpolation in a table (the dynamic program asks for it tens of millions
// of times): steps of 1/64 up to x = 8, where the error of the interpolation stays below 1e-4
// nats (the second derivative of ln erfc is below 2); the exact form beyond.
class LogErfcTable {
 public:
  static constexpr double kSteps = 64.0;
  static constexpr double kEnd = 8.0;

  LogErfcTable() {
    for (std::size_t k = 0; k < values_.size(); ++k)
      values_[k] = log_erfc(static_cast<double>(k) / kSteps);
  }
  double operator()(double x) const {
    if (!(x < kEnd)) return log_erfc(x);
    const double position = x * kSteps;
    const auto k = static_cast<std::size_t>(position);
    const double fraction = position - static_cast<double>(k);
    return values_[k] + fraction * (values_[k + 1] - values_[k]);
  }

 private:
  std::array<double, static_cast<std::size_t>(kEnd * kSteps) + 2> values_{};
};

const LogErfcTable kLogErfc;

std::size_t total_length(const std::vector<SentenceFeatures>& side) {
  std::size_t total = 0;
  for (const SentenceFeatures& f : side) total += f.length;
  return total;
}

}  // namespace

namespace {

// Dense ids for evidence keys: an open-addressing hash table (linear probing) from key to id,
// several times faster than std::unordered_map for the millions of lookups a book needs.
class KeyIds {
 public:
  static constexpr std::uint32_t kAbsent = 0xFFFFFFFFu;

  KeyIds() : keys_(1024, kEmpty), ids_(1024, kAbsent) {}
  // The id of `key`, or kAbsent.
  std::uint32_t find(EvidenceKey key) const { return ids_[slot(key)]; }
  // Gives `key` the id `id` unless it has one; returns its id.
  std::uint32_t insert(EvidenceKey key, std::uint32_t id) {
    std::size_t k = slot(key);
    if (keys_[k] != kEmpty) return ids_[k];
    if (2 * (size_ + 1) > keys_.size()) {
      grow();
      k = slot(key);
    }
    keys_[k] = key;
    ids_[k] = id;
    ++size_;
    return id;
  }

 private:
  // make_key() never sets all three kind bits and every hash bit at once.
  static constexpr EvidenceKey kEmpty = ~EvidenceKey{0};

  std::size_t slot(EvidenceKey key) const {
    const std::size_t mask = keys_.size() - 1;
    std::size_t k = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> 17) & mask;
    while (keys_[k] != kEmpty && keys_[k] != key) k = (k + 1) & mask;
    return k;
  }
  void grow() {
    std::vector<EvidenceKey> keys(keys_.size() * 2, kEmpty);
    std::vector<std::uint32_t> ids(keys.size(), kAbsent);
    keys.swap(keys_);
    ids.swap(ids_);
    for (std::size_t k = 0; k < keys.size(); ++k)
      if (keys[k] != kEmpty) {
        const std::size_t to = slot(keys[k]);
        keys_[to] = keys[k];
        ids_[to] = ids[k];
      }
  }

  std::vector<EvidenceKey> keys_;
  std::vector<std::uint32_t> ids_;
  std::size_t size_ = 0;
};

}  // namespace

CostModel::Runs::Runs(const std::vector<SentenceFeatures>& side,
                      const std::function<std::uint32_t(EvidenceKey)>& id_of)
    : offset_(side.size() * kMaxBeadSide + 1) {
  // Each sentence's matchable ids, sorted; then each run as a merge of its sentences' lists.
  std::vector<std::vector<std::uint32_t>> sentence(side.size());
  for (std::size_t k = 0; k < side.size(); ++k) {
    for (const EvidenceKey key : side[k].evidence) {
      const std::uint32_t id = id_of(key);
      if (id != KeyIds::kAbsent) sentence[k].push_back(id);
    }
    std::sort(sentence[k].begin(), sentence[k].end());
  }
  std::vector<std::uint32_t> run;
  std::vector<std::uint32_t> longer;
  for (std::size_t end = 1; end <= side.size(); ++end) {
    run.clear();
    for (std::size_t count = 1; count <= kMaxBeadSide; ++count) {
      if (count <= end) {
        const std::vector<std::uint32_t>& add = sentence[end - count];
        longer.resize(run.size() + add.size());
        std::merge(run.begin(), run.end(), add.begin(), add.end(), longer.begin());
        run.swap(longer);
      }
      ids_.insert(ids_.end(), run.begin(), run.end());
      offset_[(end - 1) * kMaxBeadSide + count] = ids_.size();
    }
  }
}

CostModel::CostModel(std::vector<SentenceFeatures> source, std::vector<SentenceFeatures> target,
                     const CostWeights& weights)
    : source_(std::move(source)), target_(std::move(target)), weights_(weights) {
  // Dense ids for the keys found on both sides; a key on one side only can never match and is
  // left out of the runs.
  KeyIds in_source;
  for (const SentenceFeatures& f : source_)
    for (const EvidenceKey key : f.evidence) in_source.insert(key, 0);
  KeyIds ids;
  for (const SentenceFeatures& f : target_)
    for (const EvidenceKey key : f.evidence)
      if (in_source.find(key) != KeyIds::kAbsent &&
          ids.insert(key, static_cast<std::uint32_t>(id_weight_.size())) == id_weight_.size())
        id_weight_.push_back(weights_.evidence[static_cast<std::size_t>(kind_of(key))]);
  const auto id_of = [&ids](EvidenceKey key) { return ids.find(key); };
  source_runs_ = Runs(source_, id_of);
  target_runs_ = Runs(target_, id_of);
  const std::size_t source_chars = total_length(source_);
  const std::size_t target_chars = total_length(target_);
  if (source_chars > 0 && target_chars > 0)
    ratio_ = static_cast<double>(target_chars) / static_cast<double>(source_chars);
}

double CostModel::length_cost(std::size_t l1, std::size_t l2) const {
  const double len1 = static_cast<double>(l1);
  const double len2 = static_cast<double>(l2);
  const double mean = (len1 + len2 / ratio_) / 2.0;
  if (mean <= 0.0) return 0.0;
  const double delta = (ratio_ * len1 - len2) / std::sqrt(weights_.variance * mean);
  // Two-tailed: P(|δ'| >= |δ|) = 2(1 - Φ(|δ|)) = erfc(|δ| / sqrt 2).
  return -kLogErfc(std::abs(delta) / std::numbers::sqrt2);
}

double CostModel::prior_cost(BeadShape shape) const {
  const std::size_t n = shape.source + shape.target;
  double p = weights_.prior_11;
  if (n == 1) p = weights_.prior_10;
  if (n == 3) p = weights_.prior_21;
  if (n == 4) p = shape.source == 2 ? weights_.prior_22 : weights_.prior_31;
  return -std::log(p);
}

double CostModel::evidence(std::size_t i, std::size_t j, BeadShape shape) const {
  if (shape.source == 0 || shape.target == 0) return 0.0;
  // Multiset meet of two sorted id arrays: each pair of equal ids counts once.
  const std::span<const std::uint32_t> s = source_runs_.run(i, shape.source);
  const std::span<const std::uint32_t> t = target_runs_.run(j, shape.target);
  double total = 0.0;
  std::size_t a = 0;
  std::size_t b = 0;
  while (a < s.size() && b < t.size()) {
    const std::uint32_t x = s[a];
    const std::uint32_t y = t[b];
    if (x == y) {
      total += id_weight_[x];
      ++a;
      ++b;
    } else if (x < y) {
      ++a;
    } else {
      ++b;
    }
  }
  return total;
}

double CostModel::paragraph_cost(const std::vector<SentenceFeatures>& side, std::size_t end,
                                 std::size_t count) const {
  double cost = 0.0;
  for (std::size_t k = end - count + 1; k < end; ++k) {
    if (side[k].heading || side[k - 1].heading) return std::numeric_limits<double>::infinity();
    if (side[k].paragraph != side[k - 1].paragraph) cost += weights_.paragraph_break;
  }
  return cost;
}

double CostModel::cost(std::size_t i, std::size_t j, BeadShape shape) const {
  // A sentence without counterpart is not a translation of length 0: its cost is the prior alone.
  if (shape.source == 0 || shape.target == 0) return prior_cost(shape);
  const double paragraphs =
      paragraph_cost(source_, i, shape.source) + paragraph_cost(target_, j, shape.target);
  std::size_t l1 = 0;
  std::size_t l2 = 0;
  for (std::size_t k = 1; k <= shape.source; ++k) l1 += source_[i - k].length;
  for (std::size_t k = 1; k <= shape.target; ++k) l2 += target_[j - k].length;
  return prior_cost(shape) + paragraphs + length_cost(l1, l2) - evidence(i, j, shape);
}

}  // namespace tmalign::align
