#include "tmalign/formats/tmx.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_file.h"
#include "tmalign/core/error.h"

namespace tmalign {
namespace {

using testing::TempFile;

namespace fs = std::filesystem;

TranslationUnit unit(std::string source, std::string target, std::string document = "",
                     std::int64_t position = -1, double score = 1.0) {
  TranslationUnit u;
  u.source = std::move(source);
  u.target = std::move(target);
  u.source_lang = "ru";
  u.target_lang = "en";
  u.document = std::move(document);
  u.position = position;
  u.score = score;
  return u;
}

TmxWriteOptions options(std::string source_lang, std::string creation_tool = "tmalign",
                        std::string creation_date = "") {
  TmxWriteOptions o;
  o.source_lang = std::move(source_lang);
  o.creation_tool = std::move(creation_tool);
  o.creation_date = std::move(creation_date);
  return o;
}

std::string to_tmx(const std::vector<TranslationUnit>& units, TmxWriteOptions options = {}) {
  if (options.creation_date.empty()) options.creation_date = "20240102T030405Z";
  std::ostringstream out;
  write_tmx(out, units, options);
  return out.str();
}

// A TMX document with the given header srclang and body.
std::string tmx_with_body(const std::string& srclang, const std::string& body) {
  return "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n"
         "<header creationtool=\"t\" creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"t\" "
         "adminlang=\"en\" srclang=\"" +
         srclang + "\" datatype=\"plaintext\"/>\n<body>\n" + body + "</body>\n</tmx>\n";
}

// The InputError `read_tmx(xml)` throws; fails the test when it throws none.
InputError read_error(const std::string& xml, const std::string& file = "in.tmx") {
  try {
    read_tmx(xml, file);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "read_tmx threw no InputError";
  return InputError("none", file);
}

const std::vector<TranslationUnit> kUnits = {
    unit("Посольство России заявило: «Обвинения <беспочвенны> & абсурдны».",
         "The Russian Embassy said: \"The accusations are <groundless> & absurd.\"",
         "embassy/statement & notes.txt", 0, 0.953),
    unit("Первая строка,\nвторая строка.", "First line,\nsecond line.", "embassy", 1,
         0.1 + 0.2),  // 0.30000000000000004: the score must survive exactly
    unit("  Пробелы\tпо краям  ", "  spaces\taround 'quoted'  "),  // no provenance, score 1
    unit("Ёлка — это ель.", "A fir is a spruce.", "", 7, 0.0),
};

TEST(TmxRoundTrip, ReadingWhatWasWrittenGivesTheSameUnits) {
  EXPECT_EQ(read_tmx(to_tmx(kUnits), "mem.tmx"), kUnits);
}

TEST(TmxRoundTrip, ReadsBackThroughAFile) {
  const TempFile file(to_tmx(kUnits), ".tmx");
  EXPECT_EQ(read_tmx_file(file.path()), kUnits);
}

TEST(TmxWrite, WritesDeclarationDoctypeAndTheRequiredHeader) {
  const std::string xml = to_tmx(kUnits, options("", "tmalign-test"));
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u) << xml;
  EXPECT_NE(xml.find("<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">"), std::string::npos);
  EXPECT_NE(xml.find("<tmx version=\"1.4\">"), std::string::npos);
  for (const char* attribute :
       {"creationtool=\"tmalign-test\"", "segtype=\"sentence\"", "o-tmf=\"tmalign\"",
        "adminlang=\"en\"", "srclang=\"ru\"", "datatype=\"plaintext\"",
        "creationdate=\"20240102T030405Z\"", "creationtoolversion=\""})
    EXPECT_NE(xml.find(attribute), std::string::npos) << attribute << " missing in\n" << xml;
  EXPECT_NE(xml.find("<prop type=\"x-score\">0.953</prop>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<tuv xml:lang=\"ru\">"), std::string::npos);
  EXPECT_NE(xml.find("<tuv xml:lang=\"en\">"), std::string::npos);
}

TEST(TmxWrite, PutsPropsBeforeTuvsAndOmitsUnknownProvenance) {
  const std::string xml = to_tmx({unit("Да.", "Yes.")});
  EXPECT_EQ(xml.find("x-document"), std::string::npos);
  EXPECT_EQ(xml.find("x-position"), std::string::npos);
  EXPECT_LT(xml.find("<prop type=\"x-score\">1</prop>"), xml.find("<tuv"));
}

TEST(TmxWrite, UsesTheGivenSourceLanguageOrStarAllWithoutUnits) {
  EXPECT_NE(to_tmx(kUnits, options("ru-RU")).find("srclang=\"ru-RU\""), std::string::npos);
  EXPECT_NE(to_tmx({}).find("srclang=\"*all*\""), std::string::npos);
  EXPECT_TRUE(read_tmx(to_tmx({}), "empty.tmx").empty());
}

TEST(TmxWrite, ReplacesCharactersXmlCannotCarry) {
  const std::vector<TranslationUnit> units = {
      unit("a\x01"
           "b\vc\fd\r\ne\rf\xEF\xBF\xBEg",
           "ok", "doc\x1B")};
  const std::vector<TranslationUnit> read = read_tmx(to_tmx(units), "x.tmx");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].source, "a b c d\ne\nf g");
  EXPECT_EQ(read[0].document, "doc ");
}

TEST(TmxWrite, RejectsBadOptionsAndUnits) {
  EXPECT_THROW(to_tmx(kUnits, options("ru RU")), OptionError);
  EXPECT_THROW(to_tmx(kUnits, options("", "")), OptionError);
  EXPECT_THROW(to_tmx(kUnits, options("", "tmalign", "2024-01-02")), OptionError);
  TranslationUnit no_lang = unit("а", "a");
  no_lang.target_lang = "";
  EXPECT_THROW(to_tmx({no_lang}), Error);
  EXPECT_THROW(to_tmx({unit("а", "a", "", -1, 1.5)}), Error);
}

TEST(TmxWrite, ValidatesAgainstTheTmx14Dtd) {
  const std::string dtd = std::string(TMALIGN_SHARED_DIR) + "/data/schemas/tmx14.dtd";
  if (!fs::exists("/usr/bin/xmllint") || !fs::exists(dtd))
    GTEST_SKIP() << "needs /usr/bin/xmllint (Debian libxml2-utils) and " << dtd;
  std::vector<TranslationUnit> units = kUnits;
  units.push_back(unit("Управляющие\x02символы\x7F",
                       "control\x1F"
                       "characters"));
  for (const auto& [name, xml] :
       {std::pair{"units", to_tmx(units)}, std::pair{"no units", to_tmx({})}}) {
    const TempFile file(xml, ".tmx");
    const std::string command =
        "/usr/bin/xmllint --noout --nonet --dtdvalid '" + dtd + "' '" + file.path() + "'";
    EXPECT_EQ(std::system(command.c_str()), 0) << name << ": " << command << "\n" << xml;
  }
}

TEST(TmxRead, NamesTheLineOfMalformedXml) {
  const std::string xml = tmx_with_body(
      "en",
      "<tu>\n<tuv xml:lang=\"en\"><seg>Hi</seg></tuv>\n<tuv xml:lang=\"ru\"><seg>Привет</sg>"
      "</tuv>\n</tu>\n");
  const InputError e = read_error(xml, "broken.tmx");
  EXPECT_EQ(e.file(), "broken.tmx");
  EXPECT_EQ(e.line(), 7u) << e.what();
  EXPECT_EQ(e.column(), 33u) << e.what();  // the name in "</sg>"; "Привет" is 6 characters
  EXPECT_NE(e.message().find("malformed XML"), std::string::npos) << e.what();
}

TEST(TmxRead, CountsAByteOrderMarkAsOneColumn) {
  const InputError e = read_error("\xEF\xBB\xBF<tmx><header></tmx>");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 17u) << e.what();  // the name in "</tmx>", after the BOM
}

TEST(TmxRead, RejectsADocumentThatIsNotTmx) {
  const InputError html = read_error("<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>");
  EXPECT_EQ(html.message(), "not a TMX document: root element is <html>");
  EXPECT_EQ(html.line(), 2u);
  EXPECT_EQ(html.column(), 1u);

  EXPECT_NE(read_error("<tmx><body/></tmx>").message().find("no <header>"), std::string::npos);
  EXPECT_NE(read_error("<tmx><header/><body/></tmx>").message().find("srclang"), std::string::npos);
  EXPECT_NE(read_error("<tmx><header srclang=\"en\"/></tmx>").message().find("no <body>"),
            std::string::npos);
  EXPECT_NE(read_error("").message().find("malformed XML"), std::string::npos);
}

TEST(TmxRead, MatchesSrclangIgnoringCaseAndRegion) {
  const std::string body =
      "<tu><tuv xml:lang=\"EN-us\"><seg>Hello</seg></tuv>"
      "<tuv xml:lang=\"ru\"><seg>Привет</seg></tuv></tu>\n";
  const std::vector<TranslationUnit> from_ru = read_tmx(tmx_with_body("ru-RU", body), "a.tmx");
  ASSERT_EQ(from_ru.size(), 1u);
  EXPECT_EQ(from_ru[0].source, "Привет");
  EXPECT_EQ(from_ru[0].source_lang, "ru");  // as written in the <tuv>, not the header
  EXPECT_EQ(from_ru[0].target, "Hello");
  EXPECT_EQ(from_ru[0].target_lang, "EN-us");

  const std::vector<TranslationUnit> from_en = read_tmx(tmx_with_body("en-US", body), "a.tmx");
  ASSERT_EQ(from_en.size(), 1u);
  EXPECT_EQ(from_en[0].source, "Hello");
  EXPECT_EQ(from_en[0].target, "Привет");
}

TEST(TmxRead, WritesUnderscoreLanguageCodesAsBcp47SoTheyExportAgain) {
  const std::string body =
      "<tu><tuv xml:lang=\"ru_RU\"><seg>Привет</seg></tuv>"
      "<tuv xml:lang=\"en_GB\"><seg>Hello</seg></tuv></tu>\n";
  const std::vector<TranslationUnit> units = read_tmx(tmx_with_body("ru_RU", body), "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].source_lang, "ru-RU");
  EXPECT_EQ(units[0].target_lang, "en-GB");
  std::ostringstream out;
  EXPECT_NO_THROW(write_tmx(out, units));
}

TEST(TmxRead, PrefersAnExactLanguageMatchOverARegionMatch) {
  const std::string body =
      "<tu><tuv xml:lang=\"en-GB\"><seg>Colour</seg></tuv>"
      "<tuv xml:lang=\"en-US\"><seg>Color</seg></tuv></tu>\n";
  const std::vector<TranslationUnit> units = read_tmx(tmx_with_body("en-us", body), "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].source, "Color");
  EXPECT_EQ(units[0].target, "Colour");
}

TEST(TmxRead, TakesTheFirstTuvAsSourceWhenSrclangIsStarAll) {
  const std::string body =
      "<tu><tuv xml:lang=\"de\"><seg>Hallo</seg></tuv>"
      "<tuv xml:lang=\"fr\"><seg>Bonjour</seg></tuv></tu>\n";
  const std::vector<TranslationUnit> units = read_tmx(tmx_with_body("*all*", body), "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].source_lang, "de");
  EXPECT_EQ(units[0].target_lang, "fr");
}

TEST(TmxRead, SkipsUnitsWithoutSourceOrTargetOrWithABlankSide) {
  const std::string body =
      "<tu><tuv xml:lang=\"en\"><seg>Only English</seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"ru\"><seg>Только русский</seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"en\"><seg>Empty</seg></tuv><tuv xml:lang=\"ru\"><seg/></tuv></tu>\n"
      "<tu><tuv xml:lang=\"en\"><seg>Code</seg></tuv>"
      "<tuv xml:lang=\"ru\"><seg> <ph>{1}</ph> </seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"en\"><seg>Kept</seg></tuv><tuv xml:lang=\"ru\"><seg>Оставлен</seg></tuv>"
      "</tu>\n";
  const std::vector<TranslationUnit> units = read_tmx(tmx_with_body("en", body), "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].source, "Kept");
}

TEST(TmxRead, NamesTheLineOfABadScoreProp) {
  const std::string body =
      "<tu>\n<prop type=\"x-score\">high</prop>\n<tuv xml:lang=\"ru\"><seg>Да</seg></tuv>"
      "<tuv xml:lang=\"en\"><seg>Yes</seg></tuv></tu>\n";
  const InputError e = read_error(tmx_with_body("ru", body));
  EXPECT_EQ(e.line(), 6u) << e.what();
  EXPECT_NE(e.message().find("\"high\""), std::string::npos) << e.what();
  EXPECT_THROW(read_tmx(tmx_with_body("ru", std::string(body).replace(body.find("high"), 4, "1.5")),
                        "a.tmx"),
               InputError);
}

// A TMX as another CAT tool writes it: more header attributes, header and unit notes and props,
// per-tuv metadata, the target <tuv> first, inline codes and a TMX 1.1 `lang` attribute.
constexpr const char* kForeignTmx = R"(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.0" o-tmf="SDL TM8 Format"
          datatype="xml" segtype="sentence" adminlang="en-US" srclang="en-US"
          creationdate="20200312T101500Z" creationid="translator" o-encoding="UTF-8">
    <note>Exported for review</note>
    <prop type="x-Domain:SinglePicklist">News</prop>
  </header>
  <body>
    <tu tuid="17" creationdate="20200312T101600Z" usagecount="3">
      <note>Checked by editor</note>
      <prop type="x-Client">Embassy</prop>
      <tuv xml:lang="ru-RU" creationid="translator">
        <prop type="x-Origin">TM</prop>
        <seg>Нажмите <bpt i="1" x="1">&lt;b&gt;</bpt>Сохранить<ept i="1">&lt;/b&gt;</ept>, затем<ph x="2" type="lb">&lt;br/&gt;</ph> закройте окно.</seg>
      </tuv>
      <tuv xml:lang="en-US">
        <seg>Click <bpt i="1" x="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>, then<ph x="2" type="lb">&lt;br/&gt;</ph> close the window.</seg>
      </tuv>
    </tu>
    <tu>
      <tuv lang="EN-US"><seg>See <hi type="italic">the <ph>{1}</ph>manual</hi><it pos="begin">{\i</it> &amp; <![CDATA[<notes>]]></seg></tuv>
      <tuv lang="RU-RU"><seg>См. <hi type="italic">руководство</hi> <ut>{\b}</ut>&#x26; примечания</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>Image <ph>&lt;img alt="<sub>Logo</sub>"/&gt;</ph>here</seg></tuv>
      <tuv xml:lang="ru-RU"><seg>Рисунок здесь</seg></tuv>
    </tu>
  </body>
</tmx>
)";

TEST(TmxRead, ReadsATmxFromAnotherToolKeepingTextAndDroppingCodes) {
  const std::vector<TranslationUnit> units = read_tmx(kForeignTmx, "sdl.tmx");
  ASSERT_EQ(units.size(), 3u);

  EXPECT_EQ(units[0].source, "Click Save, then close the window.");
  EXPECT_EQ(units[0].target, "Нажмите Сохранить, затем закройте окно.");
  EXPECT_EQ(units[0].source_lang, "en-US");
  EXPECT_EQ(units[0].target_lang, "ru-RU");
  EXPECT_EQ(units[0].document, "");  // foreign props are not provenance
  EXPECT_EQ(units[0].position, -1);
  EXPECT_EQ(units[0].score, 1.0);  // pairs made by people

  EXPECT_EQ(units[1].source, "See the manual & <notes>");
  EXPECT_EQ(units[1].target, "См. руководство & примечания");
  EXPECT_EQ(units[1].source_lang, "EN-US");

  EXPECT_EQ(units[2].source, "Image here");  // <sub> inside a code goes with the code
}

TEST(TmxReadFile, NamesThePathOfAMissingOrBrokenFile) {
  EXPECT_THROW(read_tmx_file("/nonexistent/tmalign/none.tmx"), InputError);
  const TempFile file("<tmx>\n<header srclang='en'>\n</tmx>\n", ".tmx");
  try {
    read_tmx_file(file.path());
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), file.path());
    EXPECT_EQ(e.line(), 3u) << e.what();
  }
}

}  // namespace
}  // namespace tmalign
