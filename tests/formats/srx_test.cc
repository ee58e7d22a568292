#include "tmalign/formats/srx.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "support/temp_file.h"
#include "tmalign/core/error.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;

const fs::path kSrxDir = fs::path(TMALIGN_SHARED_DIR) / "data" / "srx";

const char* const kSmall = R"(<?xml version="1.0" encoding="UTF-8"?>
<srx xmlns="http://www.lisa.org/srx20" xmlns:okpsrx="http://okapi.sf.net/srx-extensions" version="2.0">
  <header segmentsubflows="yes" cascade="no">
    <formathandle type="start" include="no"/>
    <okpsrx:options useJavaRegex="yes"/>
  </header>
  <body>
    <languagerules>
      <languagerule languagerulename="Russian">
        <!-- abbreviations -->
        <rule break="no">
          <beforebreak>\b(г|гг|т\.\s?е)\.</beforebreak>
          <afterbreak>\s</afterbreak>
        </rule>
        <rule>
          <beforebreak>[.?!]</beforebreak>
          <afterbreak> </afterbreak>
        </rule>
        <okpsrx:rule break="no"><beforebreak>x</beforebreak></okpsrx:rule>
      </languagerule>
      <languagerule languagerulename="Lines">
        <rule break="yes"><beforebreak>\n</beforebreak><afterbreak/></rule>
        <rule break="yes"><beforebreak/><afterbreak>&lt;0\}</afterbreak></rule>
      </languagerule>
    </languagerules>
    <maprules>
      <languagemap languagepattern="[Rr][Uu].*" languagerulename="Russian"/>
      <languagemap languagepattern=".*" languagerulename="Lines"></languagemap>
    </maprules>
  </body>
</srx>
)";

SrxDocument small_document() {
  SrxDocument srx;
  srx.cascade = false;
  srx.language_rules = {
      {"Russian", {{false, "\\b(г|гг|т\\.\\s?е)\\.", "\\s"}, {true, "[.?!]", " "}}},
      {"Lines", {{true, "\\n", ""}, {true, "", "<0\\}"}}}};
  srx.maps = {{"[Rr][Uu].*", "Russian"}, {".*", "Lines"}};
  return srx;
}

// The InputError read_srx() throws for `xml`, or a failure.
InputError error_of(const std::string& xml) {
  try {
    read_srx(xml, "rules.srx");
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError for:\n" << xml;
  return InputError("none", "none");
}

TEST(ReadSrx, ReadsRulesMapsAndCascadeIgnoringOtherNamespaces) {
  EXPECT_EQ(read_srx(kSmall, "rules.srx"), small_document());
}

TEST(ReadSrx, ReadsAPrefixedSrxNamespaceAndADocumentWithoutNamespace) {
  const std::string prefixed = R"(<s:srx xmlns:s="http://www.lisa.org/srx20" version="2.0">
<s:header cascade="yes"/><s:body><s:languagerules><s:languagerule languagerulename="A">
<s:rule break="no"><s:beforebreak>a</s:beforebreak><s:afterbreak>b</s:afterbreak></s:rule>
</s:languagerule></s:languagerules><s:maprules>
<s:languagemap languagepattern=".*" languagerulename="A"/></s:maprules></s:body></s:srx>)";
  SrxDocument expected;
  expected.language_rules = {{"A", {{false, "a", "b"}}}};
  expected.maps = {{".*", "A"}};
  EXPECT_EQ(read_srx(prefixed, "p.srx"), expected);

  const std::string bare = R"(<srx version="2.0"><header cascade="yes"/><body><languagerules>
<languagerule languagerulename="A"><rule break="no"><beforebreak>a</beforebreak>
<afterbreak>b</afterbreak></rule></languagerule></languagerules><maprules>
<languagemap languagepattern=".*" languagerulename="A"/></maprules></body></srx>)";
  EXPECT_EQ(read_srx(bare, "b.srx"), expected);
}

TEST(ReadSrx, RejectsAnotherNamespacesRoot) {
  const InputError e = error_of(R"(<srx xmlns="http://example.com/other"><header/><body/></srx>)");
  EXPECT_NE(std::string(e.what()).find("not an SRX document"), std::string::npos) << e.what();
}

TEST(ReadSrx, MalformedXmlErrorHasLineAndColumn) {
  const InputError e = error_of("<srx version=\"2.0\">\n<header cascade=\"yes\">\n<body></srx>");
  EXPECT_EQ(e.file(), "rules.srx");
  EXPECT_EQ(e.line(), 3u);
  EXPECT_GT(e.column(), 0u);
}

TEST(ReadSrx, BadBreakValueErrorNamesItsLine) {
  const InputError e = error_of(
      "<srx version=\"2.0\"><header cascade=\"yes\"/>\n<body><languagerules>\n"
      "<languagerule languagerulename=\"A\">\n  <rule break=\"maybe\"/>\n"
      "</languagerule></languagerules></body></srx>");
  EXPECT_EQ(e.line(), 4u);
  EXPECT_EQ(e.column(), 3u);
  EXPECT_NE(e.message().find("break=\"maybe\""), std::string::npos) << e.what();
}

TEST(ReadSrx, MissingLanguageRuleNameAndWrongVersionAreErrors) {
  EXPECT_EQ(error_of("<srx version=\"2.0\"><header/><body><maprules>\n"
                     "<languagemap languagepattern=\".*\"/></maprules></body></srx>")
                .line(),
            2u);
  EXPECT_NE(std::string(error_of("<srx version=\"1.0\"><header/><body/></srx>").what())
                .find("version \"1.0\""),
            std::string::npos);
}

TEST(WriteSrx, RoundTripsTheDocument) {
  std::ostringstream out;
  write_srx(out, small_document());
  EXPECT_NE(out.str().find("xmlns=\"http://www.lisa.org/srx20\""), std::string::npos);
  EXPECT_EQ(read_srx(out.str(), "written.srx"), small_document());
}

TEST(WriteSrx, RefusesAControlCharacterXmlCannotCarry) {
  SrxDocument srx;
  srx.language_rules = {{"A", {{true, "a\rb", ""}}}};
  std::ostringstream out;
  EXPECT_THROW(write_srx(out, srx), Error);
}

TEST(ReadSrx, ReadsBothSharedFilesAndRoundTripsThem) {
  for (const char* name : {"okapi_default.srx", "languagetool_segment.srx"}) {
    const fs::path path = kSrxDir / name;
    if (!fs::exists(path)) GTEST_SKIP() << "shared data absent: " << path;
    const SrxDocument srx = read_srx_file(path.string());
    EXPECT_TRUE(srx.cascade);
    EXPECT_GE(srx.language_rules.size(), 9u) << name;
    EXPECT_FALSE(srx.rules_for("ru").empty()) << name;
    std::ostringstream out;
    write_srx(out, srx);
    EXPECT_EQ(read_srx(out.str(), "written.srx"), srx) << name;
  }
}

TEST(ReadSrx, ReadsAFile) {
  const testing::TempFile file(kSmall, ".srx");
  EXPECT_EQ(read_srx_file(file.path()), small_document());
  EXPECT_THROW(read_srx_file(file.path() + ".missing"), InputError);
}

}  // namespace
}  // namespace tmalign
