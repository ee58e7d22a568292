#include "tmalign/formats/tmx.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_file.h"
#include "tmalign/core/error.h"
#include "tmalign/core/text.h"

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

// `u` with who made it and when, and its context hashes.
TranslationUnit made(TranslationUnit u, std::string created_at, std::string created_by,
                     std::string changed_at = "", std::string changed_by = "",
                     std::uint64_t context_before = 0, std::uint64_t context_after = 0) {
  u.created_at = std::move(created_at);
  u.created_by = std::move(created_by);
  u.changed_at = std::move(changed_at);
  u.changed_by = std::move(changed_by);
  u.context_before = context_before;
  u.context_after = context_after;
  return u;
}

const std::vector<TranslationUnit> kUnits = {
    made(unit("Посольство России заявило: «Обвинения <беспочвенны> & абсурдны».",
              "The Russian Embassy said: \"The accusations are <groundless> & absurd.\"",
              "embassy/statement & notes.txt", 0, 0.953),
         "2026-11-27T10:44:14Z", "anna & \"co\" <x>", "2026-11-28T00:00:00Z", "boris",
         context_hash(""), context_hash("Ёлка — это ель.")),
    made(unit("Первая строка,\nвторая строка.", "First line,\nsecond line.", "embassy", 1,
              0.1 + 0.2),  // 0.30000000000000004: the score must survive exactly
         "", "", "", "", 0xFEDCBA9876543210u, 0),                  // only one context hash known
    unit("  Пробелы\tпо краям  ", "  spaces\taround 'quoted'  "),  // no provenance, score 1
    made(unit("Ёлка — это ель.", "A fir is a spruce.", "", 7, 0.0), "2024-02-29T23:59:59Z", ""),
};

TEST(TmxRoundTrip, ReadingWhatWasWrittenGivesTheSameUnits) {
  EXPECT_EQ(read_tmx(to_tmx(kUnits), "mem.tmx"), kUnits);
}

TEST(TmxRoundTrip, ReadsBackThroughAFile) {
  const TempFile file(to_tmx(kUnits), ".tmx");
  EXPECT_EQ(read_tmx_file(file.path()), kUnits);
}

TEST(TmxWriter, WritesUnitByUnitWhatWriteTmxWritesAtOnce) {
  const TmxWriteOptions header = options("", "tmalign", "20240102T030405Z");
  for (const std::vector<TranslationUnit>& units :
       {kUnits, std::vector<TranslationUnit>{}, std::vector<TranslationUnit>{kUnits[2]}}) {
    std::ostringstream out;
    TmxWriter writer(out, header);
    for (const TranslationUnit& u : units) writer.write(u);
    writer.finish();
    EXPECT_EQ(out.str(), to_tmx(units, header));
    EXPECT_EQ(writer.units_written(), units.size());
  }
}

TEST(TmxWriter, RefusesABadUnitNamingItAndWritingAfterFinish) {
  std::ostringstream out;
  TmxWriter writer(out, options("ru", "tmalign", "20240102T030405Z"));
  writer.write(kUnits[0]);
  TranslationUnit bad = kUnits[1];
  bad.score = 1.5;
  try {
    writer.write(bad);
    ADD_FAILURE() << "no Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("1"), std::string::npos) << e.what();
  }
  writer.finish();
  EXPECT_THROW(writer.write(kUnits[2]), Error);
  EXPECT_THROW(writer.finish(), Error);
  EXPECT_EQ(read_tmx(out.str(), "mem.tmx"), std::vector<TranslationUnit>{kUnits[0]});
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
  const InputError e = read_error("\xEF\xBB\xBF<tmx><header srclang=\"en\"></tmx>");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), 30u) << e.what();  // the name in "</tmx>", after the BOM
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

// --- Provenance: dates, creators, context ------------------------------------------------------

// 16 lower-case hex digits.
std::string hex(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
  return buffer;
}

TEST(TmxWrite, WritesDatesAndCreatorsOnTheTuAndBothContextHashes) {
  const std::string xml = to_tmx(kUnits);
  EXPECT_NE(xml.find("<tu creationdate=\"20261127T104414Z\" creationid=\"anna &amp; &quot;co&quot; "
                     "&lt;x>\" changedate=\"20261128T000000Z\" changeid=\"boris\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<prop type=\"x-tmalign-context\">" + hex(context_hash("")) + " " +
                     hex(context_hash("Ёлка — это ель.")) + "</prop>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<prop type=\"x-tmalign-context\">fedcba9876543210 0000000000000000</prop>"),
            std::string::npos)
      << xml;
  // A unit with nothing known gets neither attributes nor the prop.
  const std::string plain = to_tmx({unit("Да.", "Yes.")});
  EXPECT_NE(plain.find("<tu>"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("x-tmalign-context"), std::string::npos) << plain;
}

TEST(TmxWrite, RefusesADateNotInTheIsoFormOfTheUnit) {
  for (const char* date : {"20261127T104414Z", "2026-11-27 10:44:14", "2026-02-29T00:00:00Z",
                           "2026-11-27T24:00:00Z"}) {
    EXPECT_THROW(to_tmx({made(unit("а", "a"), date, "")}), Error) << date;
    TranslationUnit changed = unit("а", "a");
    changed.changed_at = date;
    EXPECT_THROW(to_tmx({changed}), Error) << date;
  }
}

TEST(TmxRoundTrip, KeepsTabsAndLineBreaksInCreators) {
  // XML normalises tabs and line breaks in attribute values to spaces unless they are written
  // as character references; write_tmx() must write them so.
  const std::vector<TranslationUnit> units = {made(unit("а", "a"), "", "Anna\tB\nC")};
  EXPECT_EQ(read_tmx(to_tmx(units), "mem.tmx"), units);
}

TEST(TmxRead, TakesDatesFromTheTargetTuvThenTheSourceTuvThenTheTu) {
  const std::string body =
      "<tu creationdate=\"20200101T000000Z\" creationid=\"tu-maker\" "
      "changedate=\"20200102T000000Z\""
      " changeid=\"tu-changer\">"
      "<tuv xml:lang=\"ru\" changeid=\"src-changer\" changedate=\"2021-03-04T05:06:07Z\">"
      "<seg>Да</seg></tuv>"
      "<tuv xml:lang=\"en\" changeid=\"tgt-changer\"><seg>Yes</seg></tuv></tu>\n";
  const std::vector<TranslationUnit> units = read_tmx(tmx_with_body("ru", body), "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].created_at, "2020-01-01T00:00:00Z");  // only on the <tu>
  EXPECT_EQ(units[0].created_by, "tu-maker");
  EXPECT_EQ(units[0].changed_at, "2021-03-04T05:06:07Z");  // the source <tuv>'s, extended form
  EXPECT_EQ(units[0].changed_by, "tgt-changer");           // the target <tuv>'s
}

TEST(TmxRead, ReadsOmegaTStyleDatesOnTheTargetTuv) {
  const std::string body =
      "<tu><tuv lang=\"ru\"><seg>Да</seg></tuv>"
      "<tuv lang=\"en\" changeid=\"ivan\" changedate=\"20240102T030405Z\" creationid=\"ivan\" "
      "creationdate=\"20240101T000000Z\"><seg>Yes</seg></tuv></tu>\n";
  const std::vector<TranslationUnit> units = read_tmx(tmx_with_body("ru", body), "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].created_at, "2024-01-01T00:00:00Z");
  EXPECT_EQ(units[0].changed_at, "2024-01-02T03:04:05Z");
  EXPECT_EQ(units[0].created_by, "ivan");
}

TEST(TmxRead, NamesTheElementOfAnInvalidDate) {
  for (const char* date :
       {"2024-01-02", "20240102T030405", "20230229T000000Z", "20241301T000000Z", "yesterday", ""}) {
    const std::string body =
        "<tu>\n  <tuv xml:lang=\"ru\" creationdate=\"" + std::string(date) +
        "\"><seg>Да</seg></tuv><tuv xml:lang=\"en\"><seg>Yes</seg></tuv></tu>\n";
    const InputError e = read_error(tmx_with_body("ru", body));
    EXPECT_EQ(e.line(), 6u) << e.what();
    EXPECT_EQ(e.column(), 3u) << e.what();
    EXPECT_NE(e.message().find("creationdate \"" + std::string(date) + "\""), std::string::npos)
        << e.what();
  }
}

TEST(TmxRead, HashesTheContextPropsOfOtherTools) {
  // memoQ and XTM put the neighbouring source segments in the source <tuv>, wrapped in <seg>
  // (escaped, or as an element); a <tu> may carry them too.
  const std::string body =
      "<tu><tuv xml:lang=\"en-us\">"
      "<prop type=\"x-context-pre\">&lt;seg&gt;Previous  sentence.&lt;/seg&gt;</prop>"
      "<prop type=\"x-context-post\"><seg>Next sentence.</seg></prop>"
      "<seg>Test</seg></tuv><tuv xml:lang=\"ja\"><seg>テスト</seg></tuv></tu>\n"
      "<tu><prop type=\"x-context-pre\"></prop><prop type=\"x-context-post\">Following.</prop>"
      "<tuv xml:lang=\"en\"><seg>First</seg></tuv><tuv xml:lang=\"ja\"><seg>一</seg></tuv></tu>\n"
      "<tu><prop type=\"x-context-pre\">Ignored.</prop>"
      "<prop type=\"x-tmalign-context\">00000000000000AB 00000000000000cd</prop>"
      "<tuv xml:lang=\"en\"><seg>Own</seg></tuv><tuv xml:lang=\"ja\"><seg>自</seg></tuv></tu>\n"
      "<tu><tuv xml:lang=\"en\"><seg>None</seg></tuv>"
      "<tuv xml:lang=\"ja\"><prop type=\"x-context-pre\">Target side.</prop><seg>無</seg></tuv>"
      "</tu>\n";
  const std::vector<TranslationUnit> units = read_tmx(tmx_with_body("en-US", body), "a.tmx");
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].context_before, context_hash("Previous sentence."));
  EXPECT_EQ(units[0].context_after, context_hash("Next sentence."));
  EXPECT_EQ(units[1].context_before, context_hash(""));  // the start of the document
  EXPECT_EQ(units[1].context_after, context_hash("Following."));
  EXPECT_EQ(units[2].context_before, 0xABu);  // tmalign's own prop wins
  EXPECT_EQ(units[2].context_after, 0xCDu);
  EXPECT_EQ(units[3].context_before, 0u);  // the target's context is not the source's
  EXPECT_EQ(units[3].context_after, 0u);
}

TEST(TmxRead, NamesTheLineOfABadContextProp) {
  for (const char* value :
       {"abc def", "0123456789abcdef", "0123456789abcdef 0123456789abcdeg",
        "0123456789abcdef 0123456789abcdef 0", "0123456789abcdef0123456789abcdef",
        "+123456789abcdef 0123456789abcdef"}) {
    const std::string body = "<tu>\n\n<prop type=\"x-tmalign-context\">" + std::string(value) +
                             "</prop><tuv xml:lang=\"ru\"><seg>Да</seg></tuv>"
                             "<tuv xml:lang=\"en\"><seg>Yes</seg></tuv></tu>\n";
    const InputError e = read_error(tmx_with_body("ru", body));
    EXPECT_EQ(e.line(), 7u) << value << ": " << e.what();
    EXPECT_NE(e.message().find(value), std::string::npos) << e.what();
  }
}

// --- Streaming ---------------------------------------------------------------------------------

// Every unit `reader` gives, `batch_size` at a time; checks that no batch is larger.
std::vector<TranslationUnit> read_in_batches(TmxReader& reader, std::size_t batch_size) {
  std::vector<TranslationUnit> all, batch;
  std::uint64_t last_bytes = 0;
  while (reader.next(batch, batch_size) > 0) {
    EXPECT_LE(batch.size(), batch_size);
    EXPECT_GE(reader.bytes_read(), last_bytes);
    last_bytes = reader.bytes_read();
    all.insert(all.end(), batch.begin(), batch.end());
  }
  EXPECT_EQ(reader.next(batch, batch_size), 0u);  // and stays at the end
  return all;
}

// A TMX of `count` units written straight to a string (not through write_tmx, to have inline
// codes, foreign props and notes, and no DOM of it in the test), and the units it holds.
std::pair<std::string, std::vector<TranslationUnit>> generated_tmx(std::size_t count) {
  std::string xml = tmx_with_body("ru", "");
  xml.resize(xml.find("</body>"));
  std::vector<TranslationUnit> units;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string n = std::to_string(i);
    TranslationUnit u =
        unit("Предложение номер " + n + " «в кавычках».", "Sentence number " + n + ".",
             "doc" + std::to_string(i % 7), static_cast<std::int64_t>(i), 0.5);
    if (i % 3 == 0) u.created_by = "user" + n;
    xml += "<tu" + (i % 3 == 0 ? " creationid=\"user" + n + "\"" : std::string()) +
           ">\n  <note>note " + n +
           "</note><prop type=\"x-Client\">c</prop>"
           "<prop type=\"x-document\">doc" +
           std::to_string(i % 7) + "</prop><prop type=\"x-position\">" + n +
           "</prop><prop type=\"x-score\">0.5</prop>\n"
           "  <tuv xml:lang=\"ru\"><seg>Предложение <bpt i=\"1\">&lt;b&gt;</bpt>номер<ept "
           "i=\"1\">&lt;/b&gt;</ept> " +
           n +
           " «в кавычках».</seg></tuv>\n"
           "  <tuv xml:lang=\"en\"><seg>Sentence <hi>number</hi> " +
           n + ".</seg></tuv>\n</tu>\n";
    units.push_back(std::move(u));
  }
  xml += "</body>\n</tmx>\n";
  return {xml, units};
}

TEST(TmxReader, GivesTheSameUnitsInBatchesOfAnySizeFromMemoryOrAFile) {
  const auto [big, big_units] = generated_tmx(5000);
  for (const auto& [name, xml] :
       {std::pair{"foreign", std::string(kForeignTmx)}, std::pair{"written", to_tmx(kUnits)},
        std::pair{"generated", big}}) {
    const std::vector<TranslationUnit> whole = read_tmx(xml, "whole.tmx");
    if (std::string_view(name) == "generated") {
      EXPECT_EQ(whole, big_units);
    } else if (std::string_view(name) == "written") {
      EXPECT_EQ(whole, kUnits);
    }
    const TempFile file(xml, ".tmx");
    for (const std::size_t batch : {std::size_t{1}, std::size_t{7}, std::size_t{1000}}) {
      TmxReader in_memory(xml, "mem.tmx");
      EXPECT_EQ(read_in_batches(in_memory, batch), whole) << name << ", batches of " << batch;
      TmxReader from_file(file.path());
      EXPECT_EQ(read_in_batches(from_file, batch), whole) << name << ", batches of " << batch;
      EXPECT_EQ(from_file.bytes_read(), xml.size());
      EXPECT_EQ(from_file.total_bytes(), xml.size());
    }
  }
}

TEST(TmxReader, ReportsProgressInBytesAsItReads) {
  const auto [xml, units] = generated_tmx(20000);  // a few MB: several pieces of input
  const TempFile file(xml, ".tmx");
  TmxReader reader(file.path());
  EXPECT_EQ(reader.total_bytes(), xml.size());
  EXPECT_EQ(reader.bytes_read(), 0u);
  EXPECT_EQ(reader.file(), file.path());
  std::vector<TranslationUnit> batch;
  std::vector<std::uint64_t> progress;
  while (reader.next(batch, 500) > 0) progress.push_back(reader.bytes_read());
  ASSERT_EQ(progress.size(), 40u);
  EXPECT_LT(progress.front(), xml.size() / 4);  // the first batch did not need the whole file
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_EQ(reader.bytes_read(), xml.size());
}

// The resident memory of this process now, in bytes (Linux).
std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

TEST(TmxReader, ReadsABigFileInBoundedMemory) {
  const auto [xml, units] = generated_tmx(100000);  // about 40 MB
  const TempFile file(xml, ".tmx");
  const std::uint64_t before = resident_bytes();
  std::uint64_t peak = before;
  std::size_t count = 0;
  {
    TmxReader reader(file.path());
    std::vector<TranslationUnit> batch;
    while (reader.next(batch, 1000) > 0) {
      for (const TranslationUnit& u : batch) EXPECT_EQ(u, units[count++]);
      peak = std::max(peak, resident_bytes());
    }
  }
  EXPECT_EQ(count, units.size());
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer keeps freed memory in quarantine (256 MB by default) before reusing it, so
  // resident memory grows with everything allocated, bounded or not: the Release build checks
  // the bound.
  GTEST_SKIP() << "resident memory is not a measure of the reader's under AddressSanitizer";
#endif
  EXPECT_LT(peak - before, std::uint64_t{16} << 20)
      << "the reader grew with the file, " << xml.size() << " bytes";
}

TEST(TmxReader, RefusesAZeroBatchAndThrowsTheSameErrorAgain) {
  const std::string xml = tmx_with_body("ru", "<tu>");
  TmxReader reader(xml, "cut.tmx");
  std::vector<TranslationUnit> batch;
  EXPECT_THROW(reader.next(batch, 0), OptionError);
  std::string first, second;
  try {
    reader.next(batch, 10);
  } catch (const InputError& e) {
    first = e.what();
  }
  try {
    reader.next(batch, 10);
  } catch (const InputError& e) {
    second = e.what();
  }
  EXPECT_FALSE(first.empty());
  EXPECT_EQ(first, second);
}

TEST(TmxReader, DeliversTheUnitsBeforeAnErrorFirst) {
  const std::string xml = tmx_with_body(
      "ru",
      "<tu><tuv xml:lang=\"ru\"><seg>Да</seg></tuv><tuv xml:lang=\"en\"><seg>Yes</seg>"
      "</tuv></tu>\n<tu><prop type=\"x-score\">2</prop></tu>\n");
  TmxReader reader(xml, "late.tmx");
  std::vector<TranslationUnit> batch;
  EXPECT_EQ(reader.next(batch, 1), 1u);
  EXPECT_THROW(reader.next(batch, 1), InputError);
}

// --- Bad input -------------------------------------------------------------------------------

TEST(TmxRead, NamesInvalidUtf8NulBytesAndControlCharacters) {
  const std::string prefix =
      "<tmx version=\"1.4\">\n<header srclang=\"ru\"/>\n<body>\n<tu><tuv "
      "xml:lang=\"ru\"><seg>Ёлка ";
  const struct {
    std::string bytes;
    std::string message;
  } cases[] = {
      {"\xFF", "invalid UTF-8 (byte 0xFF at byte offset 87)"},
      {"\xC0\xAF", "invalid UTF-8 (byte 0xC0 at byte offset 87)"},      // overlong '/'
      {"\xED\xA0\x80", "invalid UTF-8 (byte 0xED at byte offset 87)"},  // a surrogate
      {std::string(1, '\0'), "binary data (NUL byte at byte offset 87), not a text file"},
      {"\x0B", "control character U+000B at byte offset 87: XML 1.0 does not allow it"},
      {"\xEF\xBF\xBF", "character U+FFFF at byte offset 87: XML 1.0 does not allow it"},
  };
  for (const auto& c : cases) {
    const InputError e = read_error(prefix + c.bytes + "</seg></tuv></tu></body></tmx>");
    EXPECT_EQ(e.message(), c.message);
    EXPECT_EQ(e.line(), 4u) << e.what();
    EXPECT_EQ(e.column(), 34u) << e.what();  // after "Ёлка ", counted in characters
  }
}

TEST(TmxRead, SaysATruncatedFileEndsTooEarly) {
  const std::string xml = to_tmx(kUnits);
  for (const std::size_t cut : {xml.size() / 2, xml.size() - 3, xml.find("Посольство") + 1}) {
    const InputError e = read_error(xml.substr(0, cut));
    EXPECT_NE(e.message().find("truncated"), std::string::npos) << cut << ": " << e.what();
    EXPECT_GE(e.line(), 1u);
  }
  const TempFile file(xml.substr(0, xml.size() / 2), ".tmx");
  std::vector<TranslationUnit> batch;
  TmxReader reader(file.path());
  EXPECT_THROW(while (reader.next(batch, 1) > 0){}, InputError);
}

TEST(TmxRead, PlacesAnErrorOnAHugeSingleLineByCharacters) {
  // A whole TMX on one line, 3 MB long: the column counts characters up to the bad byte.
  std::string xml = "<tmx><header srclang=\"ru\"/><body>";
  std::size_t characters = xml.size(), count = 0;
  for (; xml.size() < (std::size_t{3} << 20); ++count) {
    const std::string tu =
        "<tu><tuv xml:lang=\"ru\"><seg>Ёж</seg></tuv><tuv xml:lang=\"en\"><seg>Hedgehog</seg>"
        "</tuv></tu>";
    xml += tu;
    characters += tu.size() - 2;  // "Ёж" is 4 bytes, 2 characters
  }
  const InputError e = read_error(xml + "\xFF</body></tmx>");
  EXPECT_EQ(e.line(), 1u);
  EXPECT_EQ(e.column(), characters + 1) << e.what();
  xml += "</body></tmx>";
  EXPECT_EQ(read_tmx(xml, "line.tmx").size(), count);
}

TEST(TmxReadFile, SaysWhatAFileInAnotherFormatIs) {
  const std::string utf16("\xFF\xFE<\0t\0m\0x\0>\0", 12);
  const TempFile wide(utf16, ".tmx");
  const TempFile gzip(std::string("\x1F\x8B\x08\0\0\0\0\0", 8), ".tmx.gz");
  const TempFile empty("", ".tmx");
  for (const auto& [file, expected] :
       {std::pair{&wide, "UTF-16"}, std::pair{&gzip, "gzip"}, std::pair{&empty, "empty file"}}) {
    try {
      read_tmx_file(file->path());
      ADD_FAILURE() << expected << ": no exception";
    } catch (const InputError& e) {
      EXPECT_NE(e.message().find(expected), std::string::npos) << e.what();
      EXPECT_EQ(e.file(), file->path());
    }
  }
  EXPECT_THROW(read_tmx_file(fs::temp_directory_path().string()), InputError);  // a directory
}

TEST(TmxRead, IgnoresTheEncodingDeclarationAndReadsUtf8) {
  const std::string xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" +
                          tmx_with_body("ru",
                                        "<tu><tuv xml:lang=\"ru\"><seg>Да</seg></tuv>"
                                        "<tuv xml:lang=\"en\"><seg>Yes</seg></tuv></tu>")
                              .substr(22);
  const std::vector<TranslationUnit> units = read_tmx(xml, "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].source, "Да");
}

// --- Entities ----------------------------------------------------------------------------------

TEST(TmxRead, ExpandsSmallInternalEntitiesAndKeepsUnknownOnesAsWritten) {
  const std::string body =
      "<tu><tuv xml:lang=\"ru\"><seg>&company; и &nbsp;</seg></tuv>"
      "<tuv xml:lang=\"en\"><seg>&company; and co</seg></tuv></tu>\n";
  const std::string xml = tmx_with_body("ru", body);
  const std::string with_dtd =
      "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\" [<!ENTITY company \"ООО «Ромашка»\">]>\n" +
      xml.substr(xml.find("<tmx"));
  const std::vector<TranslationUnit> units = read_tmx(with_dtd, "a.tmx");
  ASSERT_EQ(units.size(), 1u);
  EXPECT_EQ(units[0].source, "ООО «Ромашка» и &nbsp;");  // nbsp: declared in no DTD read
  EXPECT_EQ(units[0].target, "ООО «Ромашка» and co");
}

TEST(TmxRead, NeverReadsAnExternalEntity) {
  const std::string xml = tmx_with_body(
      "ru",
      "<tu><tuv xml:lang=\"ru\"><seg>&secret;</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg></tuv>"
      "</tu>");
  const std::string evil = "<!DOCTYPE tmx [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n" +
                           xml.substr(xml.find("<tmx"));
  const InputError e = read_error(evil);
  EXPECT_NE(e.message().find("file:///etc/passwd"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("never reads"), std::string::npos) << e.what();
  EXPECT_EQ(e.line(), 5u) << e.what();  // the reference
}

TEST(TmxRead, StopsABillionLaughsAttackQuicklyInLittleMemory) {
  // Ten levels of ten references: 10^9 "lol"s, 3 GB of text from a 1 KB file.
  std::string dtd = "<!DOCTYPE tmx [\n<!ENTITY lol0 \"lol\">\n";
  for (int level = 1; level <= 9; ++level) {
    dtd += "<!ENTITY lol" + std::to_string(level) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&lol" + std::to_string(level - 1) + ";";
    dtd += "\">\n";
  }
  dtd += "]>\n";
  const std::string xml = tmx_with_body(
      "ru",
      "<tu><tuv xml:lang=\"ru\"><seg>&lol9;</seg></tuv><tuv xml:lang=\"en\"><seg>x</seg>"
      "</tuv></tu>");
  const std::string bomb = dtd + xml.substr(xml.find("<tmx"));
  const std::uint64_t before = resident_bytes();
  const auto start = std::chrono::steady_clock::now();
  const InputError e = read_error(bomb, "laughs.tmx");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(e.message().find("billion laughs"), std::string::npos) << e.what();
  EXPECT_EQ(e.file(), "laughs.tmx");
  EXPECT_GT(e.line(), 0u);
  EXPECT_LT(seconds, 2.0);
  EXPECT_LT(resident_bytes() - std::min(before, resident_bytes()), std::uint64_t{64} << 20);
}

}  // namespace
}  // namespace tmalign
