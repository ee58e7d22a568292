#include "tmalign/formats/tsv.h"

#include <charconv>

namespace tmalign {

std::string tsv_escape(std::string_view field) {
  std::string out;
  out.reserve(field.size());
  for (const char c : field) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void write_tsv_row(std::ostream& out, std::string_view source, std::string_view target,
                   double score) {
  // std::to_chars, unlike printf, ignores the global locale: the decimal point is always '.'.
  // 400 bytes hold any double in fixed notation (at most 309 integer digits).
  char buffer[400];
  const char* end =
      std::to_chars(buffer, buffer + sizeof buffer, score, std::chars_format::fixed, 3).ptr;
  const std::string_view printed(buffer, static_cast<std::size_t>(end - buffer));
  out << tsv_escape(source) << '\t' << tsv_escape(target) << '\t' << printed << '\n';
}

}  // namespace tmalign
