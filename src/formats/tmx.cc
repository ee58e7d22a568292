#include "tmalign/formats/tmx.h"

#include <charconv>
#include <chrono>
#include <ctime>
#include <optional>
#include <pugixml.hpp>

#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/core/text.h"
#include "xml_input.h"

#ifndef TMALIGN_VERSION
#error "TMALIGN_VERSION (the project version) must be defined by src/formats/CMakeLists.txt"
#endif

namespace tmalign {
namespace {

// --- Shared helpers ---------------------------------------------------------------------------

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// --- Writing ----------------------------------------------------------------------------------

// Text as XML 1.0 can carry it. XML 1.0 (section 2.2, production Char) has no place for
// U+0000-U+001F other than tab, LF and CR, nor for U+FFFE and U+FFFF, not even as character
// references: each becomes a space (in extracted text such controls, e.g. form feed or vertical
// tab, stand between words). CR LF and a lone CR become LF, as every XML parser would read them
// (section 2.11), so that what is written is what a reader gets back.
std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c < 0x20 && c != '\t' && c != '\n') {
      out += ' ';
    } else if (text.compare(i, 3, "\xEF\xBF\xBE") == 0 || text.compare(i, 3, "\xEF\xBF\xBF") == 0) {
      out += ' ';
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// "YYYYMMDDThhmmssZ", the TMX date format, of the current time in UTC.
std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  return std::string(buffer, std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm));
}

// The shortest decimal that reads back as the same double (std::to_chars guarantees it).
std::string format_score(double score) {
  char buffer[64];
  char* end = std::to_chars(buffer, buffer + sizeof buffer, score).ptr;
  return std::string(buffer, end);
}

void check_unit(const TranslationUnit& unit, std::size_t index) {
  const std::string which = "unit " + std::to_string(index) + ": ";
  if (!is_language_tag(unit.source_lang))
    throw Error(which + "source language \"" + unit.source_lang + "\" is not a BCP 47 tag");
  if (!is_language_tag(unit.target_lang))
    throw Error(which + "target language \"" + unit.target_lang + "\" is not a BCP 47 tag");
  if (!(unit.score >= 0.0 && unit.score <= 1.0))
    throw Error(which + "score " + format_score(unit.score) + " is not between 0 and 1");
}

void add_prop(pugi::xml_node tu, const char* type, const std::string& value) {
  pugi::xml_node prop = tu.append_child("prop");
  prop.append_attribute("type") = type;
  prop.text().set(xml_text(value).c_str());
}

void add_tuv(pugi::xml_node tu, const std::string& lang, const std::string& text) {
  pugi::xml_node tuv = tu.append_child("tuv");
  tuv.append_attribute("xml:lang") = lang.c_str();
  tuv.append_child("seg").text().set(xml_text(text).c_str());
}

// --- Reading ----------------------------------------------------------------------------------

// The native codes of inline markup: their content is the original format's markup (RTF, HTML),
// not text, so it is dropped, <sub> flows within them included.
bool is_native_code(std::string_view element) {
  return element == "bpt" || element == "ept" || element == "it" || element == "ph" ||
         element == "ut";
}

// The text of a <seg> or <prop>: character data, with <hi> (and any unknown element) replaced by
// its own text and native codes dropped.
void append_text(pugi::xml_node node, std::string& out) {
  for (const pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata)
      out += child.value();
    else if (child.type() == pugi::node_element && !is_native_code(child.name()))
      append_text(child, out);
  }
}

std::string text_of(pugi::xml_node node) {
  std::string out;
  append_text(node, out);
  return out;
}

bool only_white_space(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The language of a <tuv>: xml:lang, or lang in TMX 1.1 and 1.2.
std::string_view tuv_lang(pugi::xml_node tuv) {
  const pugi::xml_attribute xml_lang = tuv.attribute("xml:lang");
  return xml_lang ? xml_lang.value() : tuv.attribute("lang").value();
}

// Reads the x-document, x-position and x-score props that write_tmx() writes.
void read_props(pugi::xml_node tu, const detail::XmlInput& input, TranslationUnit& unit) {
  for (const pugi::xml_node prop : tu.children("prop")) {
    const std::string_view type = prop.attribute("type").value();
    const std::string value = text_of(prop);
    const char* first = value.data();
    const char* last = value.data() + value.size();
    if (type == "x-document") {
      unit.document = value;
    } else if (type == "x-position") {
      const auto [end, ec] = std::from_chars(first, last, unit.position);
      if (ec != std::errc() || end != last || unit.position < 0)
        throw input.error(prop, "x-position \"" + value + "\" is not a non-negative integer");
    } else if (type == "x-score") {
      const auto [end, ec] = std::from_chars(first, last, unit.score);
      if (ec != std::errc() || end != last || !(unit.score >= 0.0 && unit.score <= 1.0))
        throw input.error(prop, "x-score \"" + value + "\" is not a number between 0 and 1");
    }
  }
}

// The unit of a <tu>, or nothing when it lacks a source or a target or one of them is blank.
std::optional<TranslationUnit> read_tu(pugi::xml_node tu, std::string_view srclang,
                                       const detail::XmlInput& input) {
  std::vector<pugi::xml_node> tuvs;
  for (const pugi::xml_node tuv : tu.children("tuv"))
    if (!tuv_lang(tuv).empty()) tuvs.push_back(tuv);

  pugi::xml_node src;
  if (srclang == "*all*") {
    if (!tuvs.empty()) src = tuvs.front();
  } else {
    for (const pugi::xml_node tuv : tuvs)
      if (!src && equal_ignoring_case(tuv_lang(tuv), srclang)) src = tuv;
    for (const pugi::xml_node tuv : tuvs)
      if (!src && primary_language(tuv_lang(tuv)) == primary_language(srclang)) src = tuv;
  }
  if (!src) return std::nullopt;

  pugi::xml_node tgt;
  for (const pugi::xml_node tuv : tuvs)
    if (!tgt && !equal_ignoring_case(tuv_lang(tuv), tuv_lang(src))) tgt = tuv;
  if (!tgt) return std::nullopt;

  TranslationUnit unit;
  unit.source = text_of(src.child("seg"));
  unit.target = text_of(tgt.child("seg"));
  if (only_white_space(unit.source) || only_white_space(unit.target)) return std::nullopt;
  unit.source_lang = normalize_language_tag(tuv_lang(src));
  unit.target_lang = normalize_language_tag(tuv_lang(tgt));
  read_props(tu, input, unit);
  return unit;
}

}  // namespace

void TmxWriteOptions::validate() const {
  if (!source_lang.empty() && source_lang != "*all*" && !is_language_tag(source_lang))
    throw OptionError("TMX source language \"" + source_lang + "\" is not a BCP 47 tag");
  if (creation_tool.empty() || xml_text(creation_tool) != creation_tool)
    throw OptionError("TMX creation tool \"" + creation_tool +
                      "\" must be non-empty and hold no control characters");
  const auto date_shape = [](std::string_view d) {
    if (d.size() != 16 || d[8] != 'T' || d[15] != 'Z') return false;
    for (std::size_t i = 0; i < 15; ++i)
      if (i != 8 && !ascii_digit(d[i])) return false;
    return true;
  };
  if (!creation_date.empty() && !date_shape(creation_date))
    throw OptionError("TMX creation date \"" + creation_date +
                      "\" is not in the form YYYYMMDDThhmmssZ");
}

void write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
               const TmxWriteOptions& options) {
  options.validate();
  for (std::size_t i = 0; i < units.size(); ++i) check_unit(units[i], i);

  std::string srclang = options.source_lang;
  if (srclang.empty()) srclang = units.empty() ? "*all*" : units.front().source_lang;

  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  doc.append_child(pugi::node_doctype).set_value("tmx SYSTEM \"tmx14.dtd\"");

  pugi::xml_node tmx = doc.append_child("tmx");
  tmx.append_attribute("version") = "1.4";
  pugi::xml_node header = tmx.append_child("header");
  header.append_attribute("creationtool") = options.creation_tool.c_str();
  header.append_attribute("creationtoolversion") = TMALIGN_VERSION;
  header.append_attribute("segtype") = "sentence";
  header.append_attribute("o-tmf") = "tmalign";
  header.append_attribute("adminlang") = "en";
  header.append_attribute("srclang") = srclang.c_str();
  header.append_attribute("datatype") = "plaintext";
  header.append_attribute("creationdate") =
      (options.creation_date.empty() ? utc_now() : options.creation_date).c_str();

  pugi::xml_node body = tmx.append_child("body");
  for (const TranslationUnit& unit : units) {
    pugi::xml_node tu = body.append_child("tu");
    if (!unit.document.empty()) add_prop(tu, "x-document", unit.document);
    if (unit.position >= 0) add_prop(tu, "x-position", std::to_string(unit.position));
    add_prop(tu, "x-score", format_score(unit.score));
    add_tuv(tu, unit.source_lang, unit.source);
    add_tuv(tu, unit.target_lang, unit.target);
  }
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
}

std::vector<TranslationUnit> read_tmx(std::string_view xml, const std::string& file) {
  const detail::XmlInput input(xml, file);

  const pugi::xml_node root = input.document().document_element();
  if (std::string_view(root.name()) != "tmx")
    throw input.error(root,
                      std::string("not a TMX document: root element is <") + root.name() + ">");
  const pugi::xml_node header = root.child("header");
  if (!header) throw input.error(root, "not a TMX document: <tmx> has no <header>");
  const std::string_view srclang = header.attribute("srclang").value();
  if (srclang.empty())
    throw input.error(header, "not a TMX document: <header> has no srclang attribute");
  const pugi::xml_node body = root.child("body");
  if (!body) throw input.error(root, "not a TMX document: <tmx> has no <body>");

  std::vector<TranslationUnit> units;
  for (const pugi::xml_node tu : body.children("tu"))
    if (std::optional<TranslationUnit> unit = read_tu(tu, srclang, input))
      units.push_back(std::move(*unit));
  return units;
}

std::vector<TranslationUnit> read_tmx_file(const std::string& path) {
  const std::string xml = read_text_file(path);
  return read_tmx(xml, path == "-" ? std::string("<stdin>") : path);
}

}  // namespace tmalign
