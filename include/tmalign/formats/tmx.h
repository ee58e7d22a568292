// TMX 1.4b (https://www.gala-global.org/tmx-14b) reading and writing; docs/formats.md shows an
// example of what is written and says what is read.
#pragma once

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
/// x-score always). Characters XML 1.0 cannot carry (U+0000-U+001F but tab, LF and CR; U+FFFE,
/// U+FFFF) are written as spaces, and CR LF or CR as LF. Units must hold UTF-8 text.
/// Throws OptionError for bad options, Error for a unit whose language is not a BCP 47 tag or
/// whose score is outside [0, 1].
///
///   TmxWriteOptions options;
///   options.source_lang = "ru";
///   write_tmx(file, units, options);
void write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
               const TmxWriteOptions& options = {});

/// Reads the units of a TMX document. The <tuv> in the header's srclang (ignoring case; "ru"
/// also matches "ru-RU"; "*all*" = the first <tuv>) is the source; the first <tuv> in another
/// language is the target; a <tu> without both, or with a blank side, is skipped. Inline markup
/// keeps the text of <hi> and drops the native codes in <bpt>, <ept>, <ph>, <it>, <ut>. The props
/// write_tmx() writes are read back, so write -> read gives the same units.
/// Throws InputError naming `file`, line and column for malformed XML, a document that is not TMX,
/// or an x-position / x-score prop that is not a valid number.
std::vector<TranslationUnit> read_tmx(std::string_view xml, const std::string& file);

/// read_tmx() on a file's bytes (read_text_file() checks it first; "-" reads standard input).
std::vector<TranslationUnit> read_tmx_file(const std::string& path);

}  // namespace tmalign
