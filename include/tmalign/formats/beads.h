// The bead notation of alignment gold files and score_align.py: "[0, 1]:[2]", "[3]:[]".
#pragma once

#include <string>
#include <string_view>

#include "tmalign/core/types.h"

namespace tmalign {

/// "[0, 1]:[2]" for a bead pairing source sentences 0 and 1 with target sentence 2.
std::string format_bead(const Bead& bead);

/// Reads one bead a line, as score_align.py does (blank lines and "[]:[]" skipped; anything after
/// a tab ignored; scores 0). Indices are kept as written: gold files may hold beads that are not
/// consecutive (textberg-defr has "[227, 218]:[198]").
/// Throws InputError naming `file` and the line for a line that is not a bead.
Alignment parse_beads(std::string_view text, const std::string& file);

}  // namespace tmalign
