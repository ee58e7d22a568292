// TMX 1.4b (https://www.gala-global.org/tmx-14b) reading and writing; docs/formats.md shows an
// example of what is written and says what is read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/types.h"

namespace tmalign {

/// How write_tmx() fills the TMX <header>.
struct TmxWriteOptions {
  std::string source_lang;  // <header srclang>; empty = the first unit's source language
  std::string creation_tool = "tmalign";  // <header creationtool>
  std::string creation_date;  // <header creationdate>, "YYYYMMDDThhmmssZ"; empty = now (UTC)

  /// Throws OptionError for a malformed language tag or date, or an empty creation tool.
  void validate() const;
};

/// Writes a TMX 1.4b document, valid against tmx14.dtd, one <tu> per unit with a <tuv> per
/// language; provenance and score go into <prop> elements (x-document and x-position when known,
/// x-score always, x-tmalign-context when a context hash is known), dates and creators into the
/// <tu>'s creationdate, creationid, changedate and changeid when known. Characters XML 1.0 cannot
/// carry (U+0000-U+001F but tab, LF and CR; U+FFFE, U+FFFF) are written as spaces, and CR LF or CR
/// as LF. Units must hold UTF-8 text.
/// Throws OptionError for bad options, Error for a unit whose language is not a BCP 47 tag, whose
/// score is outside [0, 1] or whose date is not of the form "2026-11-27T10:44:14Z".
///
///   TmxWriteOptions options;
///   options.source_lang = "ru";
///   write_tmx(file, units, options);
void write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
               const TmxWriteOptions& options = {});

/// write_tmx() a unit at a time, for units that are not all in memory (an export of a large TM):
/// the header goes out with the first unit (or at finish()), each <tu> as it is written, the
/// closing tags at finish(); the same bytes as write_tmx() of the same units. Invariant: what has
/// been written to `out` is a prefix of that document. The stream is the caller's (check it for
/// errors); destroying an unfinished writer leaves the document unfinished.
///
///   TmxWriter writer(file, options);
///   tm.for_each_unit({}, [&](const TranslationUnit& unit) { writer.write(unit); });
///   writer.finish();
class TmxWriter {
 public:
  /// Throws OptionError for bad options.
  TmxWriter(std::ostream& out, TmxWriteOptions options);
  /// Throws Error, as write_tmx() does, for a unit that cannot be written (naming its index).
  void write(const TranslationUnit& unit);
  /// Ends the document; nothing may be written after (Error).
  void finish();
  std::size_t units_written() const { return units_; }

 private:
  void start(const std::string& srclang);

  std::ostream& out_;
  TmxWriteOptions options_;
  std::size_t units_ = 0;
  bool started_ = false;
  bool finished_ = false;
};

/// Reads the units of a TMX document held in memory (`file` names it in errors): all the units
/// TmxReader reads, at once. Throws InputError as TmxReader::next() does.
std::vector<TranslationUnit> read_tmx(std::string_view xml, const std::string& file);

/// Reads all the units of a TMX file ("-" reads standard input) with TmxReader.
std::vector<TranslationUnit> read_tmx_file(const std::string& path);

/// Reads the translation units of a TMX 1.1-1.4b document a batch at a time, in memory bounded by
/// the batch and one <tu> however big the file is (a streaming parser, expat; never a tree of the
/// whole document). read_tmx() and read_tmx_file() read through it; docs/formats.md says in full
/// what is read.
///
/// What a unit is. The <tuv> in the header's srclang (ignoring case; "ru" also matches "ru-RU";
/// "*all*" = the first <tuv>) is the source; the first <tuv> in another language is the target; a
/// <tu> without both, or with a blank side, is skipped. Inline markup keeps the text of <hi> and
/// drops the native codes in <bpt>, <ept>, <ph>, <it>, <ut>. The props and attributes write_tmx()
/// writes are read back (write -> read gives the same units), and so are creationdate, creationid,
/// changedate and changeid (the target <tuv>'s value first, then the source <tuv>'s, then the
/// <tu>'s) and the x-context-pre / x-context-post props of other tools.
///
/// Errors. Input must be UTF-8 XML 1.0. next() throws InputError naming the file, line and column
/// (in characters, a byte-order mark counting as one) for malformed XML (the parser's
/// description: invalid UTF-8, NUL bytes and control characters named as such, a truncated file
/// said to end too early), a document that is not TMX, a date or a prop of tmalign's that is not
/// well formed, a reference to an external entity (never fetched) or entity expansion beyond
/// expat's amplification limit ("billion laughs"). The units of earlier batches were delivered by
/// then: an import that must be all or nothing rolls back. After an error, next() throws it again.
/// A <tu> with more than 64 MiB of text, or a tag or comment longer than 64 MiB, is an error too:
/// that is what bounds the memory.
/// Invariant: bytes_read() <= total_bytes() when the size is known; units come in document order.
/// One thread at a time may use a reader (a thread may read the next batch while another stores
/// the last one).
///
///   TmxReader reader("memory.tmx");
///   std::vector<TranslationUnit> batch;
///   while (reader.next(batch, 1000) > 0) store(batch);  // reader.bytes_read() for a progress bar
class TmxReader {
 public:
  /// Opens the file at `path` ("-" reads standard input; errors then name "<stdin>").
  /// Throws InputError when it cannot be opened or is a directory.
  explicit TmxReader(const std::string& path);
  /// Reads `xml`, held in memory (a view: it must outlive the reader); errors name `file`.
  TmxReader(std::string_view xml, std::string file);
  TmxReader(std::string&& xml, std::string file) = delete;  // a temporary would not outlive it
  ~TmxReader();
  TmxReader(TmxReader&&) noexcept;
  TmxReader& operator=(TmxReader&&) noexcept;

  /// Replaces the content of `batch` with the next units, at most `max_units` (> 0, else
  /// OptionError), and returns how many: 0 at the end of the document, which is then checked to
  /// be complete. Throws InputError as the class comment says.
  std::size_t next(std::vector<TranslationUnit>& batch, std::size_t max_units);

  /// Bytes of the input handed to the parser so far.
  std::uint64_t bytes_read() const;
  /// The input's size in bytes; 0 when unknown (a pipe).
  std::uint64_t total_bytes() const;
  /// The input's name as errors give it.
  const std::string& file() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmalign
