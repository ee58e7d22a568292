// TMX 1.4b (https://www.gala-global.org/tmx-14b) reading and writing.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/types.h"

namespace tmalign {

struct TmxWriteOptions {
  std::string source_lang;             // <header srclang>; empty = the first unit's source language
  std::string creation_tool = "tmalign";  // <header creationtool>
  std::string creation_date;           // <header creationdate>, "YYYYMMDDThhmmssZ"; empty = now (UTC)
};

/// Writes a TMX 1.4b document, valid against tmx14.dtd, one <tu> per unit with a <tuv> per
/// language; provenance and score go into <prop> elements (x-document, x-position, x-score).
void write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
               const TmxWriteOptions& options = {});

/// Reads the units of a TMX document. The <tuv> in the header's srclang is the source; the first
/// <tuv> in another language is the target (a <tu> without both is skipped). Inline markup
/// (<bpt>, <ept>, <ph>, <it>, <hi>, <ut>) keeps its text content only.
/// Throws InputError naming `file`, line and column for malformed XML or a document that is not TMX.
std::vector<TranslationUnit> read_tmx(std::string_view xml, const std::string& file);

/// read_tmx() on a file's bytes (read_text_file() checks it first).
std::vector<TranslationUnit> read_tmx_file(const std::string& path);

}  // namespace tmalign
