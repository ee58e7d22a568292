// Checked text input: every byte that enters tmalign passes through here first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/types.h"

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

/// `text` on one line: every line break (LF, CR, CR LF, NEL, U+2028, U+2029), with the spaces and
/// tabs around it, becomes one space. For a sentence joined across a hard-wrapped line break when
/// it is printed one a line or stored as a translation unit.
std::string single_line(std::string_view text);

/// `text` with every run of Unicode white space replaced by one ASCII space and white space at
/// both ends removed: fuzzy_score gives 100 exactly to texts equal in this form.
std::string normalise_white_space(std::string_view text);

/// The hash of a source sentence that TranslationUnit::context_before/after and context
/// matches compare: XXH3-64 (xxHash, stable across versions and machines) of
/// normalise_white_space(sentence), never 0 (0 means "no context known"). "" stands for the
/// start or end of a document.
std::uint64_t context_hash(std::string_view sentence);

/// Where sentences [first, last] of a document stand, for context (101 %) matches:
/// context_hash() of the sentence before `first` and of the one after `last`, context_hash("")
/// at the document's start or end. The one definition that make_units() stores and analyze()
/// and pretranslate() ask with. Throws std::out_of_range when last >= sentences.size() or
/// first > last.
struct ContextHashes {
  std::uint64_t before = 0;
  std::uint64_t after = 0;
};
ContextHashes context_of(const std::vector<Sentence>& sentences, std::size_t first,
                         std::size_t last);

/// Reads a whole UTF-8 text file ("-" reads standard input) and checks it with check_text().
/// Throws InputError when the file is missing, unreadable, empty (or only white space), or not
/// text. A leading UTF-8 byte-order mark is kept: offsets always refer to the file's bytes.
std::string read_text_file(const std::string& path);

/// Reads a UTF-8 text file piece by piece, in memory bounded by the piece size, with the checks
/// of read_text_file(); an error names the line and column in the whole file.
///
///   TextReader reader("book.txt");
///   for (std::string piece = reader.next(); !piece.empty(); piece = reader.next()) use(piece);
class TextReader {
 public:
  /// Opens `path` ("-" reads standard input). Throws InputError when it cannot be opened.
  explicit TextReader(const std::string& path, std::size_t piece_size = std::size_t{1} << 16);

  /// The next piece of text, ending on a whole UTF-8 sequence; empty at the end of the file.
  /// Throws InputError for a NUL byte or invalid UTF-8 and, at the end, for a file that was empty
  /// or held only white space.
  std::string next();

  /// The file's name as errors give it ("<stdin>" for "-").
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::ifstream file_;
  std::istream* in_;
  std::size_t piece_size_;
  std::string carry_;       // the start of a UTF-8 sequence cut off by the last read
  std::size_t offset_ = 0;  // file offset of the next piece
  TextPosition position_;   // file position of the next piece
  bool seen_text_ = false;  // a character other than white space has been read
  bool done_ = false;
};

}  // namespace tmalign
