#include "align/cost_model.h"

#include <cmath>
#include <numbers>
#include <span>

namespace tmalign::align {
namespace {

// ln erfc(x) for x >= 0; the asymptotic series erfc(x) ~ e^(-x²) / (x·sqrt(pi)) · (1 - 1/(2x²))
// where erfc itself underflows.
double log_erfc(double x) {
  if (x < 25.0) return std::log(std::erfc(x));
  return -x * x - std::log(x * std::sqrt(std::numbers::pi)) + std::log1p(-0.5 / (x * x));
}

// The sorted evidence of up to two consecutive sentences, read as one sorted multiset.
class MergedKeys {
 public:
  MergedKeys(const std::vector<SentenceFeatures>& side, std::size_t end, std::size_t count) {
    if (count >= 1) a_ = side[end - 1].evidence;
    if (count >= 2) b_ = side[end - 2].evidence;
  }
  bool empty() const { return a_.empty() && b_.empty(); }
  EvidenceKey front() const {
    if (a_.empty()) return b_.front();
    if (b_.empty()) return a_.front();
    return std::min(a_.front(), b_.front());
  }
  // Removes every copy of `key` from the front and returns how many there were.
  std::size_t take(EvidenceKey key) {
    std::size_t n = 0;
    for (std::span<const EvidenceKey>* s : {&a_, &b_})
      while (!s->empty() && s->front() == key) {
        *s = s->subspan(1);
        ++n;
      }
    return n;
  }

 private:
  std::span<const EvidenceKey> a_;
  std::span<const EvidenceKey> b_;
};

std::size_t total_length(const std::vector<SentenceFeatures>& side) {
  std::size_t total = 0;
  for (const SentenceFeatures& f : side) total += f.length;
  return total;
}

}  // namespace

CostModel::CostModel(std::vector<SentenceFeatures> source, std::vector<SentenceFeatures> target,
                     const CostWeights& weights)
    : source_(std::move(source)), target_(std::move(target)), weights_(weights) {
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
  return -log_erfc(std::abs(delta) / std::numbers::sqrt2);
}

double CostModel::prior_cost(BeadShape shape) const {
  const std::size_t n = shape.source + shape.target;
  double p = weights_.prior_11;
  if (n == 1) p = weights_.prior_10;
  if (n == 3) p = weights_.prior_21;
  if (n == 4) p = weights_.prior_22;
  return -std::log(p);
}

double CostModel::evidence(std::size_t i, std::size_t j, BeadShape shape) const {
  if (shape.source == 0 || shape.target == 0) return 0.0;
  MergedKeys s(source_, i, shape.source);
  MergedKeys t(target_, j, shape.target);
  double total = 0.0;
  while (!s.empty() && !t.empty()) {
    const EvidenceKey key = std::min(s.front(), t.front());
    const std::size_t shared = std::min(s.take(key), t.take(key));
    total +=
        weights_.evidence[static_cast<std::size_t>(kind_of(key))] * static_cast<double>(shared);
  }
  return total;
}

double CostModel::cost(std::size_t i, std::size_t j, BeadShape shape) const {
  // A sentence without counterpart is not a translation of length 0: its cost is the prior alone.
  if (shape.source == 0 || shape.target == 0) return prior_cost(shape);
  std::size_t l1 = 0;
  std::size_t l2 = 0;
  for (std::size_t k = 1; k <= shape.source; ++k) l1 += source_[i - k].length;
  for (std::size_t k = 1; k <= shape.target; ++k) l2 += target_[j - k].length;
  return prior_cost(shape) + length_cost(l1, l2) - evidence(i, j, shape);
}

}  // namespace tmalign::align
