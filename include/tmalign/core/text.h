// Checked text input: every byte that enters tmalign passes through here first.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tmalign {

/// Line and column of byte `offset` in `text`, both 1-based; the column counts characters
/// (UTF-8 sequences), as editors show it.
struct TextPosition {
  std::size_t line = 1;
  std::size_t column = 1;
};
TextPosition position_of(std::string_view text, std::size_t offset);

/// Throws InputError naming `file`, line and column when `text` is not valid UTF-8 (overlongs,
/// surrogates and code points above U+10FFFF are invalid) or holds a NUL byte (a binary file).
void check_text(std::string_view text, const std::string& file);

/// Reads a whole UTF-8 text file ("-" reads standard input) and checks it with check_text().
/// Throws InputError when the file is missing, unreadable, empty (or only white space), or not
/// text. A leading UTF-8 byte-order mark is kept: offsets always refer to the file's bytes.
std::string read_text_file(const std::string& path);

}  // namespace tmalign
