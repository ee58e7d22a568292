// Applies SRX 2.0 rules to a text (private to segment). The obviously correct, slower reference
// beside the built-in rules: both must agree where the built-in rules are exported as SRX.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "tmalign/segment/srx.h"

namespace tmalign::detail {

/// SRX rules compiled with ICU regex. At a position between two characters, the first rule (in
/// order) whose `before` matches text ending there and whose `after` matches text starting there
/// decides: break or no break. Offsets are bytes into UTF-8 text.
/// Invariant: built once from valid patterns, never changed; const methods are thread-safe.
///
///   SrxEngine engine(document.rules_for("ru"));
///   for (std::size_t offset : engine.breaks(text)) ...;
///   if (auto verdict = engine.verdict(text, offset)) use(*verdict);
class SrxEngine {
 public:
  /// Throws OptionError naming the rule (index, pattern) and ICU's reason for a bad pattern.
  explicit SrxEngine(const std::vector<SrxRule>& rules);
  ~SrxEngine();
  SrxEngine(SrxEngine&&) noexcept;
  SrxEngine& operator=(SrxEngine&&) noexcept;

  bool empty() const;

  /// The verdict of the first rule matching at byte `position` of `text` (true = break,
  /// false = no break), or nullopt when no rule matches there.
  std::optional<bool> verdict(std::string_view text, std::size_t position) const;

  /// Ascending positions where the rules alone break `text`: every position where a break rule
  /// matches and no earlier rule says no. Never 0 or text.size().
  std::vector<std::size_t> breaks(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmalign::detail
