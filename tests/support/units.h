// Comparing the units a TM gives back with the units imported: readable failure messages, and
// the creation date that the store gives every unit imported without one.
#pragma once

#include <ostream>
#include <vector>

#include "tmalign/core/types.h"

namespace tmalign {

// GoogleTest prints a TranslationUnit with this instead of its bytes.
inline void PrintTo(const TranslationUnit& unit, std::ostream* out) {
  *out << "{\"" << unit.source << "\" -> \"" << unit.target << "\", " << unit.source_lang << "-"
       << unit.target_lang << ", document \"" << unit.document << "\" #" << unit.position
       << ", score " << unit.score << ", created " << unit.created_at << " by \"" << unit.created_by
       << "\", changed " << unit.changed_at << " by \"" << unit.changed_by << "\", context "
       << std::hex << unit.context_before << "/" << unit.context_after << std::dec << "}";
}

namespace testing {

// `unit` without its creation date (for units imported without one, which the store dates).
inline TranslationUnit undated(TranslationUnit unit) {
  unit.created_at.clear();
  return unit;
}
inline std::vector<TranslationUnit> undated(std::vector<TranslationUnit> units) {
  for (TranslationUnit& unit : units) unit.created_at.clear();
  return units;
}

}  // namespace testing
}  // namespace tmalign
