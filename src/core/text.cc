#include "tmalign/core/text.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid
// (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return n;
}

bool only_white_space(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

}  // namespace

TextPosition position_of(std::string_view text, std::size_t offset) {
  TextPosition pos;
  const std::size_t end = offset < text.size() ? offset : text.size();
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {  // not a continuation byte
      ++pos.column;
    }
  }
  return pos;
}

void check_text(std::string_view text, const std::string& file) {
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      const TextPosition pos = position_of(text, i);
      throw InputError(
          "binary data (NUL byte at byte offset " + std::to_string(i) + "), not a text file", file,
          pos.line, pos.column);
    }
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      const TextPosition pos = position_of(text, i);
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
      throw InputError(
          std::string("invalid UTF-8 (byte ") + hex + " at byte offset " + std::to_string(i) + ")",
          file, pos.line, pos.column);
    }
    i += n;
  }
}

std::string read_text_file(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      throw InputError(std::string("cannot open: ") + std::strerror(errno), path);
    if (S_ISDIR(st.st_mode)) throw InputError("is a directory, not a text file", path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(std::string("cannot open: ") + std::strerror(errno), path);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) throw InputError("read error", path);
    text = std::move(buffer).str();
  }
  const std::string name = path == "-" ? std::string("<stdin>") : path;
  if (text.empty()) throw InputError("empty file", name);
  check_text(text, name);
  if (only_white_space(text)) throw InputError("holds only white space", name);
  return text;
}

}  // namespace tmalign
