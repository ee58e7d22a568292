#include "tmalign/formats/xliff.h"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

#include "support/temp_file.h"
#include "tmalign/core/error.h"

namespace tmalign {
namespace {

using testing::TempFile;

namespace fs = std::filesystem;

XliffDocument document(std::vector<XliffTransUnit> units) {
  return XliffDocument{
      .original = "ru.txt", .source_lang = "ru", .target_lang = "en", .units = std::move(units)};
}

std::string to_xliff(const XliffDocument& doc) {
  std::ostringstream out;
  write_xliff(out, doc);
  return out.str();
}

// The text write_xliff() wrote, parsed back keeping white space as it is.
pugi::xml_document parse(const std::string& xml) {
  pugi::xml_document doc;
  const pugi::xml_parse_result result =
      doc.load_string(xml.c_str(), pugi::parse_default | pugi::parse_ws_pcdata);
  EXPECT_TRUE(result) << result.description() << "\n" << xml;
  return doc;
}

// What write_xliff throws for `doc`; fails the test when it throws nothing.
std::string write_error(const XliffDocument& doc) {
  try {
    to_xliff(doc);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(XliffWriter, WritesTheFileUnitsTargetsAndAlternatives) {
  const std::string xml = to_xliff(document({
      {.id = "1",
       .source = "Кошка сидит на окне.",
       .target = "The cat sits at the window.",
       .state = "translated",
       .state_qualifier = "exact-match",
       .alternatives = {{.source = "Кошка сидит на окне.",
                         .target = "The cat sits at the window.",
                         .match_quality = 100,
                         .origin = "tm.db"},
                        {.source = "Кошка сидела на окне.",
                         .target = "The cat sat at the window.",
                         .match_quality = 80}}},
      {.id = "2", .source = "Новое предложение.", .target = {}},
  }));
  const pugi::xml_document doc = parse(xml);
  const pugi::xml_node root = doc.document_element();
  EXPECT_STREQ(root.name(), "xliff");
  EXPECT_STREQ(root.attribute("version").value(), "1.2");
  EXPECT_STREQ(root.attribute("xmlns").value(), "urn:oasis:names:tc:xliff:document:1.2");
  const pugi::xml_node file = root.child("file");
  EXPECT_STREQ(file.attribute("original").value(), "ru.txt");
  EXPECT_STREQ(file.attribute("source-language").value(), "ru");
  EXPECT_STREQ(file.attribute("target-language").value(), "en");
  EXPECT_STREQ(file.attribute("datatype").value(), "plaintext");
  EXPECT_STREQ(file.child("header").child("tool").attribute("tool-id").value(), "tmalign");

  const pugi::xml_node first = file.child("body").child("trans-unit");
  EXPECT_STREQ(first.attribute("id").value(), "1");
  EXPECT_STREQ(first.attribute("xml:space").value(), "preserve");
  EXPECT_STREQ(first.child("source").text().get(), "Кошка сидит на окне.");
  const pugi::xml_node target = first.child("target");
  EXPECT_STREQ(target.text().get(), "The cat sits at the window.");
  EXPECT_STREQ(target.attribute("state").value(), "translated");
  EXPECT_STREQ(target.attribute("state-qualifier").value(), "exact-match");
  const pugi::xml_node alt = first.child("alt-trans");
  EXPECT_STREQ(alt.attribute("match-quality").value(), "100");
  EXPECT_STREQ(alt.attribute("origin").value(), "tm.db");
  EXPECT_STREQ(alt.attribute("tool-id").value(), "tmalign");
  const pugi::xml_node second_alt = alt.next_sibling("alt-trans");
  EXPECT_STREQ(second_alt.attribute("match-quality").value(), "80");
  EXPECT_FALSE(second_alt.attribute("origin"));
  EXPECT_STREQ(second_alt.child("source").text().get(), "Кошка сидела на окне.");
  EXPECT_STREQ(second_alt.child("target").text().get(), "The cat sat at the window.");

  const pugi::xml_node untranslated = first.next_sibling("trans-unit");
  EXPECT_STREQ(untranslated.attribute("id").value(), "2");
  EXPECT_FALSE(untranslated.child("target"));
  EXPECT_FALSE(untranslated.child("alt-trans"));
}

TEST(XliffWriter, KeepsWhiteSpaceAndEscapesMarkup) {
  const std::string source = "  two  spaces\nand a <tag> & \"quotes\" ";
  const pugi::xml_document doc =
      parse(to_xliff(document({{.id = "a&b", .source = source, .target = source}})));
  const pugi::xml_node unit =
      doc.document_element().child("file").child("body").child("trans-unit");
  EXPECT_STREQ(unit.attribute("id").value(), "a&b");
  EXPECT_EQ(unit.child("source").text().get(), source);
  EXPECT_EQ(unit.child("target").text().get(), source);
}

TEST(XliffWriter, WritesCharactersXmlCannotCarryAsSpaces) {
  // U+0001, vertical tab, U+FFFE and U+FFFF are not XML 1.0 characters; CR LF reads back as LF.
  const std::string xml = to_xliff(document({{.id = "1",
                                              .source = "a\x01"
                                                        "b\x0b"
                                                        "c\xEF\xBF\xBE"
                                                        "d\r\ne",
                                              .target = "x\xEF\xBF\xBFy\rz"}}));
  const pugi::xml_document doc = parse(xml);
  const pugi::xml_node unit =
      doc.document_element().child("file").child("body").child("trans-unit");
  EXPECT_STREQ(unit.child("source").text().get(), "a b c d\ne");
  EXPECT_STREQ(unit.child("target").text().get(), "x y\nz");
}

TEST(XliffWriter, AnEmptyDocumentHasAnEmptyBody) {
  const pugi::xml_document doc = parse(to_xliff(document({})));
  EXPECT_TRUE(doc.document_element().child("file").child("body"));
  EXPECT_FALSE(doc.document_element().child("file").child("body").first_child());
}

TEST(XliffWriter, AcceptsExtensionStates) {
  const std::string xml = to_xliff(document({{.id = "1",
                                              .source = "a",
                                              .target = "b",
                                              .state = "x-draft",
                                              .state_qualifier = "x-mine"}}));
  EXPECT_NE(xml.find("state=\"x-draft\" state-qualifier=\"x-mine\""), std::string::npos) << xml;
}

TEST(XliffWriter, RefusesWhatXliffDoesNotAllowNamingTheUnit) {
  XliffDocument doc = document({{.id = "7", .source = "a", .target = "b", .state = "done"}});
  EXPECT_NE(write_error(doc).find("trans-unit \"7\": state \"done\""), std::string::npos);
  doc.units[0].state = "x-";
  EXPECT_NE(write_error(doc).find("state \"x-\""), std::string::npos);
  doc.units[0].state = "translated";
  doc.units[0].state_qualifier = "perfect-match";
  EXPECT_NE(write_error(doc).find("state qualifier \"perfect-match\""), std::string::npos);
  doc.units[0].state_qualifier = "";
  doc.units[0].target.reset();
  EXPECT_NE(write_error(doc).find("\"7\": a state or state qualifier needs a target"),
            std::string::npos);
  doc.units[0].state = "";
  doc.units[0].alternatives = {{.source = "a", .target = "b", .match_quality = 102}};
  EXPECT_NE(write_error(doc).find("match quality 102"), std::string::npos);
  doc.units[0].alternatives.clear();
  doc.units.push_back({.id = "7", .source = "c", .target = {}});
  EXPECT_NE(write_error(doc).find("\"7\": its id is used twice"), std::string::npos);
  doc.units[1].id = "";
  EXPECT_NE(write_error(doc).find("trans-unit 1 (from 0) has an empty id"), std::string::npos);
  doc.units.pop_back();
  doc.target_lang = "english";
  EXPECT_NE(write_error(doc).find("target language \"english\""), std::string::npos);
  doc.target_lang = "en";
  doc.original = "";
  EXPECT_NE(write_error(doc).find("original"), std::string::npos);
}

// The schemas are the judges: every kind of unit the writer makes, against xmllint.
TEST(XliffWriter, ValidatesAgainstTheXliff12Schemas) {
  const std::string dir = std::string(TMALIGN_SHARED_DIR) + "/data/schemas/xliff/";
  if (!fs::exists("/usr/bin/xmllint") || !fs::exists(dir + "xliff-core-1.2-transitional.xsd"))
    GTEST_SKIP() << "needs /usr/bin/xmllint (Debian libxml2-utils) and the schemas in " << dir;
  const TempFile file(to_xliff(document({
                          {.id = "1",
                           .source = "Кошка\x01 <сидит>.",
                           .target = "The cat & the \xEF\xBF\xBF window.",
                           .state = "needs-review-translation",
                           .state_qualifier = "fuzzy-match",
                           .alternatives = {{.source = "Кошка.",
                                             .target = "Cat.",
                                             .match_quality = 87,
                                             .origin = "my \"tm\".db"},
                                            {.source = "", .target = "", .match_quality = {}}}},
                          {.id = "2", .source = "", .target = ""},
                          {.id = "3", .source = "Без перевода.", .target = {}},
                          {.id = "4", .source = "a", .target = "b", .state = "x-mine"},
                      })),
                      ".xlf");
  for (const char* schema : {"xliff-core-1.2-transitional.xsd", "xliff-core-1.2-strict.xsd"}) {
    const std::string command = "/usr/bin/xmllint --noout --nonet --schema '" + dir + schema +
                                "' '" + file.path() + "' 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
  }
}

}  // namespace
}  // namespace tmalign
