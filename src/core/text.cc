#include "tmalign/core/text.h"

#include <sys/stat.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

// Length of the UTF-8 sequence that the lead byte text[i] announces, when that byte and the bytes
// of the sequence present in `text` are valid (RFC 3629: no overlongs, no surrogates, nothing
// above U+10FFFF); the sequence may run past the end of `text`. 0 when it is invalid.
std::size_t utf8_expected_length(std::string_view text, std::size_t i) {
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
  for (std::size_t k = 1; k < n && i + k < text.size(); ++k) {
    const unsigned char low = k == 1 ? lo : 0x80, high = k == 1 ? hi : 0xBF;
    if (byte(i + k) < low || byte(i + k) > high) return 0;
  }
  return n;
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid or cut off.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const std::size_t n = utf8_expected_length(text, i);
  return i + n <= text.size() ? n : 0;
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

namespace {

// Throws the InputError for the bad byte at `offset` of `text`; `base` is the file offset of
// text[0] and `start` the file position there.
[[noreturn]] void throw_bad_byte(std::string_view text, std::size_t offset, std::size_t base,
                                 TextPosition start, const std::string& file) {
  const TextPosition at = position_of(text, offset);
  const std::size_t line = start.line + at.line - 1;
  const std::size_t column = at.line == 1 ? start.column + at.column - 1 : at.column;
  const std::string where = "byte offset " + std::to_string(base + offset);
  if (text[offset] == '\0')
    throw InputError("binary data (NUL byte at " + where + "), not a text file", file, line,
                     column);
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[offset]));
  throw InputError(std::string("invalid UTF-8 (byte ") + hex + " at " + where + ")", file, line,
                   column);
}

// Offset of the first NUL byte or invalid UTF-8 sequence in `text`, or npos. With `partial`, a
// sequence cut off by the end of `text` is not an error; *complete is set to where it starts.
std::size_t first_bad_byte(std::string_view text, bool partial = false,
                           std::size_t* complete = nullptr) {
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') return i;
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      if (partial && i + utf8_expected_length(text, i) > text.size()) {  // cut off, so far valid
        if (complete) *complete = i;
        return std::string_view::npos;
      }
      return i;
    }
    i += n;
  }
  if (complete) *complete = text.size();
  return std::string_view::npos;
}

}  // namespace

void check_text(std::string_view text, const std::string& file) {
  if (const std::size_t bad = first_bad_byte(text); bad != std::string_view::npos)
    throw_bad_byte(text, bad, 0, TextPosition{}, file);
}

std::string single_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_break = false;  // a line break seen since the last character written
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 1;
    bool line_break = text[i] == '\n' || text[i] == '\r';
    if (text.substr(i, 2) == "\xC2\x85") line_break = true, n = 2;  // NEL
    if (text.substr(i, 3) == "\xE2\x80\xA8" || text.substr(i, 3) == "\xE2\x80\xA9")
      line_break = true, n = 3;  // U+2028/9
    if (line_break) {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      pending_break = true;
    } else if (pending_break && (text[i] == ' ' || text[i] == '\t')) {
      // spaces after a line break fold into it
    } else {
      if (pending_break && !out.empty()) out += ' ';
      pending_break = false;
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

TextReader::TextReader(const std::string& path, std::size_t piece_size)
    : name_(path == "-" ? std::string("<stdin>") : path),
      in_(&std::cin),
      piece_size_(piece_size < 4 ? 4 : piece_size) {
  if (path == "-") return;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw InputError(std::string("cannot open: ") + std::strerror(errno), path);
  if (S_ISDIR(st.st_mode)) throw InputError("is a directory, not a text file", path);
  file_.open(path, std::ios::binary);
  if (!file_) throw InputError(std::string("cannot open: ") + std::strerror(errno), path);
  in_ = &file_;
}

std::string TextReader::next() {
  if (done_) return {};
  std::string piece = std::move(carry_);
  carry_.clear();
  const std::size_t carried = piece.size();
  piece.resize(carried + piece_size_);
  in_->read(piece.data() + carried, static_cast<std::streamsize>(piece_size_));
  if (in_->bad()) throw InputError("read error", name_);
  piece.resize(carried + static_cast<std::size_t>(in_->gcount()));
  const bool at_end = in_->gcount() == 0 || in_->eof();

  std::size_t complete = piece.size();
  if (const std::size_t bad = first_bad_byte(piece, !at_end, &complete);
      bad != std::string_view::npos)
    throw_bad_byte(piece, bad, offset_, position_, name_);
  carry_ = piece.substr(complete);
  piece.resize(complete);

  if (!seen_text_ && !only_white_space(piece)) seen_text_ = true;
  const TextPosition end = position_of(piece, piece.size());
  position_.column = end.line == 1 ? position_.column + end.column - 1 : end.column;
  position_.line += end.line - 1;
  offset_ += piece.size();
  if (at_end) {
    done_ = true;
    if (offset_ == 0) throw InputError("empty file", name_);
    if (!seen_text_) throw InputError("holds only white space", name_);
  }
  return piece;
}

std::string read_text_file(const std::string& path) {
  TextReader reader(path, std::size_t{1} << 20);
  std::string text;
  for (std::string piece = reader.next(); !piece.empty(); piece = reader.next()) text += piece;
  return text;
}

std::string normalise_white_space(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0 && u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
  return out;
}

std::uint64_t context_hash(std::string_view sentence) {
  const std::string text = normalise_white_space(sentence);
  const XXH64_hash_t hash = XXH3_64bits(text.data(), text.size());
  return hash == 0 ? 1 : hash;
}

ContextHashes context_of(const std::vector<Sentence>& sentences, std::size_t first,
                         std::size_t last) {
  if (first > last || last >= sentences.size())
    throw std::out_of_range("context_of: sentences " + std::to_string(first) + ".." +
                            std::to_string(last) + " of " + std::to_string(sentences.size()));
  return {context_hash(first == 0 ? std::string_view() : sentences[first - 1].text),
          context_hash(last + 1 == sentences.size() ? std::string_view()
                                                    : sentences[last + 1].text)};
}

}  // namespace tmalign
