// XLIFF 1.2 writing with pugixml. The element and attribute rules followed here are those of
// xliff-core-1.2-transitional.xsd and -strict.xsd (OASIS XLIFF 1.2, 2008); tests validate the
// output against both.
#include "tmalign/formats/xliff.h"

#include <algorithm>
#include <array>
#include <pugixml.hpp>
#include <string_view>
#include <unordered_set>

#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "xml_output.h"

#ifndef TMALIGN_VERSION
#error "TMALIGN_VERSION (the project version) must be defined by src/formats/CMakeLists.txt"
#endif

namespace tmalign {
namespace {

using detail::xml_text;

// The values of <target state> and <target state-qualifier> XLIFF 1.2 defines (stateValueList and
// state-qualifierValueList in the schema).
constexpr std::array<std::string_view, 10> kStates = {"final",
                                                      "needs-adaptation",
                                                      "needs-l10n",
                                                      "needs-review-adaptation",
                                                      "needs-review-l10n",
                                                      "needs-review-translation",
                                                      "needs-translation",
                                                      "new",
                                                      "signed-off",
                                                      "translated"};
constexpr std::array<std::string_view, 14> kStateQualifiers = {
    "exact-match",          "fuzzy-match",         "id-match",
    "leveraged-glossary",   "leveraged-inherited", "leveraged-mt",
    "leveraged-repository", "leveraged-tm",        "mt-suggestion",
    "rejected-grammar",     "rejected-inaccurate", "rejected-length",
    "rejected-spelling",    "tm-suggestion"};

// A value of the list, or an extension value: the schema's XTend type, "x-" and then at least one
// character that is not white space.
template <std::size_t N>
bool allowed(std::string_view value, const std::array<std::string_view, N>& values) {
  if (std::find(values.begin(), values.end(), value) != values.end()) return true;
  return value.size() > 2 && value.starts_with("x-") &&
         value.find_first_of(" \t\r\n") == std::string_view::npos;
}

void check_document(const XliffDocument& document) {
  if (document.original.empty()) throw Error("XLIFF: the <file original> name is empty");
  if (!is_language_tag(document.source_lang))
    throw Error("XLIFF: source language \"" + document.source_lang + "\" is not a BCP 47 tag");
  if (!is_language_tag(document.target_lang))
    throw Error("XLIFF: target language \"" + document.target_lang + "\" is not a BCP 47 tag");
  std::unordered_set<std::string_view> ids;
  for (std::size_t i = 0; i < document.units.size(); ++i) {
    const XliffTransUnit& unit = document.units[i];
    if (unit.id.empty())
      throw Error("XLIFF: trans-unit " + std::to_string(i) + " (from 0) has an empty id");
    const std::string which = "XLIFF: trans-unit \"" + unit.id + "\": ";
    if (!ids.insert(unit.id).second) throw Error(which + "its id is used twice");
    if (!unit.target && (!unit.state.empty() || !unit.state_qualifier.empty()))
      throw Error(which + "a state or state qualifier needs a target");
    if (!unit.state.empty() && !allowed(unit.state, kStates))
      throw Error(which + "state \"" + unit.state + "\" is not an XLIFF 1.2 state");
    if (!unit.state_qualifier.empty() && !allowed(unit.state_qualifier, kStateQualifiers))
      throw Error(which + "state qualifier \"" + unit.state_qualifier +
                  "\" is not an XLIFF 1.2 state qualifier");
    for (const XliffAltTrans& alt : unit.alternatives)
      if (alt.match_quality && (*alt.match_quality < 0 || *alt.match_quality > 101))
        throw Error(which + "match quality " + std::to_string(*alt.match_quality) +
                    " is outside 0..101");
  }
}

void set_text(pugi::xml_node element, const std::string& text) {
  if (!text.empty()) element.text().set(xml_text(text).c_str());
}

}  // namespace

void write_xliff(std::ostream& out, const XliffDocument& document) {
  check_document(document);

  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";

  pugi::xml_node xliff = doc.append_child("xliff");
  xliff.append_attribute("version") = "1.2";
  xliff.append_attribute("xmlns") = "urn:oasis:names:tc:xliff:document:1.2";

  pugi::xml_node file = xliff.append_child("file");
  file.append_attribute("original") = xml_text(document.original).c_str();
  file.append_attribute("source-language") = document.source_lang.c_str();
  file.append_attribute("target-language") = document.target_lang.c_str();
  file.append_attribute("datatype") = "plaintext";
  file.append_attribute("tool-id") = "tmalign";

  pugi::xml_node tool = file.append_child("header").append_child("tool");
  tool.append_attribute("tool-id") = "tmalign";
  tool.append_attribute("tool-name") = "tmalign";
  tool.append_attribute("tool-version") = TMALIGN_VERSION;

  pugi::xml_node body = file.append_child("body");
  for (const XliffTransUnit& unit : document.units) {
    pugi::xml_node tu = body.append_child("trans-unit");
    tu.append_attribute("id") = xml_text(unit.id).c_str();
    // Segment text is text: its spaces and line breaks are kept as they are (translate-toolkit,
    // for one, collapses white space without this).
    tu.append_attribute("xml:space") = "preserve";
    set_text(tu.append_child("source"), unit.source);
    if (unit.target) {
      pugi::xml_node target = tu.append_child("target");
      if (!unit.state.empty()) target.append_attribute("state") = unit.state.c_str();
      if (!unit.state_qualifier.empty())
        target.append_attribute("state-qualifier") = unit.state_qualifier.c_str();
      set_text(target, *unit.target);
    }
    for (const XliffAltTrans& alt : unit.alternatives) {
      pugi::xml_node alt_trans = tu.append_child("alt-trans");
      if (alt.match_quality)
        alt_trans.append_attribute("match-quality") = std::to_string(*alt.match_quality).c_str();
      alt_trans.append_attribute("tool-id") = "tmalign";
      if (!alt.origin.empty()) alt_trans.append_attribute("origin") = xml_text(alt.origin).c_str();
      alt_trans.append_attribute("xml:space") = "preserve";
      if (!alt.source.empty()) set_text(alt_trans.append_child("source"), alt.source);
      set_text(alt_trans.append_child("target"), alt.target);
    }
  }
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
}

}  // namespace tmalign
