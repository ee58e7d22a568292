#include "tmalign/formats/beads.h"

#include <charconv>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The longest prefix of `s` of at most `max_bytes` bytes that does not cut a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

void append_list(std::string& out, const std::vector<std::size_t>& ids) {
  out += '[';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(ids[i]);
  }
  out += ']';
}

// Reads "[1, 2]" (digits separated by commas and/or white space, as score_align.py's
// `\[([\d,\s]*)\]` then `replace(",", " ").split()`) from the front of `s`, consuming it.
// Returns false when `s` does not start with such a list or a number overflows.
bool read_list(std::string_view& s, std::vector<std::size_t>& ids) {
  if (s.empty() || s.front() != '[') return false;
  std::size_t i = 1;
  while (i < s.size() && s[i] != ']') {
    if (s[i] == ',' || is_space(s[i])) {
      ++i;
      continue;
    }
    std::size_t id = 0;
    const auto [next, ec] = std::from_chars(s.data() + i, s.data() + s.size(), id);
    if (ec != std::errc()) return false;  // not a digit, or too large
    ids.push_back(id);
    i = static_cast<std::size_t>(next - s.data());
  }
  if (i == s.size()) return false;  // no closing bracket
  s.remove_prefix(i + 1);
  return true;
}

bool parse_bead(std::string_view s, Bead& bead) {
  if (!read_list(s, bead.source)) return false;
  s = trim(s);
  if (s.empty() || s.front() != ':') return false;
  s = trim(s.substr(1));
  return read_list(s, bead.target) && s.empty();
}

}  // namespace

std::string format_bead(const Bead& bead) {
  std::string out;
  append_list(out, bead.source);
  out += ':';
  append_list(out, bead.target);
  return out;
}

Alignment parse_beads(std::string_view text, const std::string& file) {
  Alignment beads;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const std::size_t newline = text.find('\n');
    const std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    const std::string_view stripped = trim(line);
    if (stripped.empty()) continue;

    const std::string_view bead_text = trim(stripped.substr(0, stripped.find('\t')));
    Bead bead;
    if (!parse_bead(bead_text, bead)) {
      const std::string shown(utf8_prefix(bead_text, 80));
      throw InputError("not a bead line (expected \"[0, 1]:[2]\"): \"" + shown + "\"", file,
                       line_number);
    }
    // "[]:[]" pairs nothing with nothing; score_align.py ignores it too.
    if (bead.source.empty() && bead.target.empty()) continue;
    beads.push_back(std::move(bead));
  }
  return beads;
}

}  // namespace tmalign
