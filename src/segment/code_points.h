// Walking valid UTF-8 text by code points (private to segment; the Segmenter's precondition is
// valid UTF-8, checked where text enters tmalign). Offsets are bytes.
#pragma once

#include <unicode/uchar.h>

#include <cstddef>
#include <string_view>

namespace tmalign::detail {

/// One code point and the bytes [start, end) it takes.
struct CodePoint {
  UChar32 value = 0;
  std::size_t start = 0;  // byte offset of its first byte
  std::size_t end = 0;    // byte offset after its last byte
};

/// The code point starting at byte `i` (< text.size()); never reads out of bounds.
inline CodePoint decode_at(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (i + n > text.size()) n = text.size() - i;
  UChar32 value = n == 1 ? lead : lead & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k)
    value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return {value, i, i + n};
}

/// The code point ending at byte `i` (> 0).
inline CodePoint decode_before(std::string_view text, std::size_t i) {
  std::size_t start = i - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return decode_at(text, start);
}

/// The code point at byte `i`; moves `i` past it.
inline UChar32 next_code_point(std::string_view text, std::size_t& i) {
  const CodePoint c = decode_at(text, i);
  i = c.end;
  return c.value;
}

/// LF, CR, NEL, U+2028 and U+2029.
inline bool is_line_terminator(UChar32 c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/// Unicode white space (tabs, spaces, line terminators, NBSP ...).
inline bool is_white_space(UChar32 c) {
  return c == ' ' || (c < 0x80 ? (c >= '\t' && c <= '\r') : u_isUWhiteSpace(c) != 0);
}

}  // namespace tmalign::detail
