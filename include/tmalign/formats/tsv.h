// Tab-separated output of aligned pairs: source<TAB>target<TAB>score.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

namespace tmalign {

/// Escapes a field for TSV: backslash, tab, newline and carriage return become \\, \t, \n, \r.
std::string tsv_escape(std::string_view field);

/// Writes one line "source<TAB>target<TAB>score" with the score printed with 3 decimals.
void write_tsv_row(std::ostream& out, std::string_view source, std::string_view target,
                   double score);

}  // namespace tmalign
