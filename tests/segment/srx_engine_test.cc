#include "segment/srx_engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>

#include "tmalign/core/error.h"
#include "tmalign/formats/srx.h"
#include "tmalign/segment/srx.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;
using detail::SrxEngine;
using Breaks = std::vector<std::size_t>;

const fs::path kSrxDir = fs::path(TMALIGN_SHARED_DIR) / "data" / "srx";

SrxRule no_break(std::string before, std::string after) {
  return {false, std::move(before), std::move(after)};
}
SrxRule do_break(std::string before, std::string after) {
  return {true, std::move(before), std::move(after)};
}

// The text split at `breaks`.
std::vector<std::string> pieces(std::string_view text, const Breaks& breaks) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t b : breaks) {
    out.emplace_back(text.substr(from, b - from));
    from = b;
  }
  out.emplace_back(text.substr(from));
  return out;
}

// The obviously correct reference: verdict() asked at every character boundary.
Breaks reference_breaks(const SrxEngine& engine, std::string_view text) {
  Breaks out;
  for (std::size_t p = 1; p < text.size(); ++p)
    if ((static_cast<unsigned char>(text[p]) & 0xC0) != 0x80 && engine.verdict(text, p) == true)
      out.push_back(p);
  return out;
}

std::optional<SrxDocument> shared_srx(const std::string& name) {
  const fs::path path = kSrxDir / name;
  if (!fs::exists(path)) return std::nullopt;
  return read_srx_file(path.string());
}

// --- SrxDocument::rules_for ---------------------------------------------------------------------

SrxDocument three_maps(bool cascade) {
  SrxDocument srx;
  srx.cascade = cascade;
  srx.language_rules = {{"Russian", {no_break("г\\.", "\\s")}},
                        {"Cyrillic", {do_break("\\.", "\\s")}},
                        {"Default", {do_break("\\n", "")}}};
  srx.maps = {{"[Rr][Uu].*", "Russian"}, {"(ru|uk|be).*", "Cyrillic"}, {".*", "Default"}};
  return srx;
}

TEST(SrxDocument, CascadeConcatenatesEveryMatchingMapInOrder) {
  const SrxDocument srx = three_maps(true);
  EXPECT_EQ(
      srx.rules_for("ru-RU"),
      (std::vector<SrxRule>{no_break("г\\.", "\\s"), do_break("\\.", "\\s"), do_break("\\n", "")}));
  EXPECT_EQ(srx.rules_for("uk"),
            (std::vector<SrxRule>{do_break("\\.", "\\s"), do_break("\\n", "")}));
  EXPECT_EQ(srx.rules_for("en"), (std::vector<SrxRule>{do_break("\\n", "")}));
}

TEST(SrxDocument, WithoutCascadeTakesTheFirstMatchingMapOnly) {
  const SrxDocument srx = three_maps(false);
  EXPECT_EQ(srx.rules_for("RU"), (std::vector<SrxRule>{no_break("г\\.", "\\s")}));
  EXPECT_EQ(srx.rules_for("be"), (std::vector<SrxRule>{do_break("\\.", "\\s")}));
}

TEST(SrxDocument, LanguagePatternMustMatchTheWholeCode) {
  SrxDocument srx;
  srx.language_rules = {{"R", {do_break("x", "")}}};
  srx.maps = {{"ru", "R"}};
  EXPECT_EQ(srx.rules_for("ru").size(), 1u);
  EXPECT_TRUE(srx.rules_for("ru-RU").empty());
  EXPECT_TRUE(srx.rules_for("bru").empty());
}

TEST(SrxDocument, BadLanguagePatternThrowsNamingIt) {
  SrxDocument srx;
  srx.language_rules = {{"R", {}}};
  srx.maps = {{"(ru", "R"}};
  try {
    srx.rules_for("ru");
    FAIL() << "no exception";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("\"(ru\""), std::string::npos) << e.what();
  }
}

TEST(SrxDocument, MapNamingAMissingRuleThrows) {
  SrxDocument srx;
  srx.maps = {{".*", "Nowhere"}};
  EXPECT_THROW(srx.rules_for("en"), OptionError);
}

// --- SrxEngine ----------------------------------------------------------------------------------

TEST(SrxEngine, BreakRuleBreaksWhereBeforeAndAfterMatch) {
  const SrxEngine engine({do_break("[.!?]", "\\s+\\p{Lu}")});
  const std::string text = "One. Two? three! Four";
  EXPECT_EQ(engine.breaks(text), (Breaks{4, 16}));
  EXPECT_EQ(engine.verdict(text, 4), true);
  EXPECT_EQ(engine.verdict(text, 9), std::nullopt);  // "? three": lower case after
}

TEST(SrxEngine, EarlierExceptionWins) {
  const SrxEngine engine({no_break("\\bMr\\.", "\\s"), do_break("\\.", "\\s")});
  const std::string text = "Ask Mr. Holmes. He knows.";
  EXPECT_EQ(pieces(text, engine.breaks(text)),
            (std::vector<std::string>{"Ask Mr. Holmes.", " He knows."}));
  EXPECT_EQ(engine.verdict(text, 7), false);
}

TEST(SrxEngine, RuleOrderMatters) {
  const std::string text = "Ask Mr. Holmes.";
  const SrxEngine exception_last({do_break("\\.", "\\s"), no_break("\\bMr\\.", "\\s")});
  EXPECT_EQ(exception_last.breaks(text), (Breaks{7}));
  EXPECT_EQ(exception_last.verdict(text, 7), true);
}

TEST(SrxEngine, EmptyPatternsMatchEverywhere) {
  // LanguageTool's ByLineBreak: an empty afterbreak.
  const SrxEngine by_line({do_break("\\r?\\n", "")});
  EXPECT_EQ(by_line.breaks("a\nb\r\nc\n"), (Breaks{2, 5}));
  // An empty beforebreak: break before every "<0}" (LanguageTool's Default rules).
  const SrxEngine before_marker({do_break("", "<0\\}")});
  EXPECT_EQ(before_marker.breaks("ab<0}cd<0}"), (Breaks{2, 7}));
  // An empty no-break rule silences every later rule.
  const SrxEngine silenced({no_break("", ""), do_break("\\.", "")});
  EXPECT_TRUE(silenced.breaks("a. b. c.").empty());
  EXPECT_EQ(silenced.verdict("a. b.", 2), false);
}

TEST(SrxEngine, OffsetsAreBytesInCyrillicText) {
  const SrxEngine engine(
      {no_break("\\b(г|т\\.\\s?е)\\.", "\\s"), do_break("[.?!…]", "\\s+\\p{Lu}")});
  const std::string text = "Это было в 1990 г. в Москве. Т. е. давно… Правда?";
  const Breaks breaks = engine.breaks(text);
  EXPECT_EQ(pieces(text, breaks), (std::vector<std::string>{"Это было в 1990 г. в Москве.",
                                                            " Т. е. давно…", " Правда?"}));
  EXPECT_EQ(breaks.front(), std::string("Это было в 1990 г. в Москве.").size());
}

TEST(SrxEngine, BeforeSeesTheTextAfterThePositionForWordBoundaries) {
  // "\b" at the end of beforebreak must look at the real next character, not the window's end.
  const SrxEngine engine({do_break("\\w\\b", "")});
  EXPECT_EQ(engine.breaks("ab cd"), (Breaks{2}));
}

TEST(SrxEngine, CaretMeansTheStartOfTheText) {
  const SrxEngine engine({no_break("^\\d+\\.", "\\s"), do_break("\\.", "\\s")});
  EXPECT_EQ(engine.breaks("1. Item. 2. Next"), (Breaks{8, 11}));
}

TEST(SrxEngine, OverlappingBreakMatchesAreAllFound) {
  // Matches of "\p{L}\.\s*\p{L}" overlap ("a. b" and "b. c"); each gives its own break.
  const SrxEngine engine({do_break("\\p{L}\\.", "\\s*\\p{L}")});
  EXPECT_EQ(engine.breaks("a.b.c"), (Breaks{2, 4}));
}

TEST(SrxEngine, BadRuleThrowsNamingIt) {
  try {
    SrxEngine engine({do_break("\\.", "\\s"), no_break("(?<=[XVI]+)", "")});
    FAIL() << "no exception";
  } catch (const OptionError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("SRX rule 2"), std::string::npos) << message;
    EXPECT_NE(message.find("(?<=[XVI]+)"), std::string::npos) << message;
  }
  EXPECT_THROW(SrxEngine({do_break("(a)\\1", "")}), OptionError);  // backreference
}

TEST(SrxEngine, JavaUnicodeCaseFlagIsAccepted) {
  // LanguageTool writes (?iu), Java's Unicode case folding; ICU folds Unicode case anyway.
  const SrxEngine engine({no_break("\\b(?iu)проф\\.", "\\s"), do_break("\\.", "\\s")});
  EXPECT_TRUE(engine.breaks("Спросите ПРОФ. Иванова.").empty());
}

TEST(SrxEngine, InlineFlagsStayInsideTheirRule) {
  // The no-break rules are merged into one pattern; (?i) of the first must not reach the second.
  const SrxEngine engine({no_break("(?i)a\\.", "\\s"), no_break("b\\.", "\\s"),
                          no_break("(?i)x\\s*\\.", "\\s"), no_break("y\\s*\\.", "\\s"),
                          do_break("\\.", "\\s")});
  EXPECT_EQ(engine.breaks("A. B. c"), (Breaks{5}));
  EXPECT_EQ(engine.breaks("X . Y . c"), (Breaks{7}));  // the unbounded (windowed) kind
}

TEST(SrxEngine, LongUnboundedBeforeIsSeen) {
  const std::string url = "http://example.com/" + std::string(150, 'a') + "?q. Next";
  const SrxEngine engine({no_break("https?://\\S+", "[^\\s]"), do_break("[.?]", "")});
  EXPECT_EQ(engine.breaks(url), (Breaks{url.find(". Next") + 1}));
}

TEST(SrxEngine, BreaksAgreeWithVerdictAtEveryPosition) {
  const SrxEngine engine({no_break("\\b(Mr|Dr|т|е|г)\\.", "\\s"),
                          no_break("[.?!]\\s*", "\\s*\\p{Ll}"), no_break("\\bX\\.\\s", ""),
                          no_break("\\s1+\\.", ""), do_break("[.?!…]+[»\")]*", "\\s"),
                          no_break("\\d\\.", "\\d"), do_break("\\.", "")});
  const std::string alphabet[] = {"a", "Б", "т",  "е", "г", "Mr", "Dr", ".", ".", "?", "!",
                                  "…", "»", "\"", ")", " ", " ",  "\n", "1", "X", "я"};
  std::mt19937 random(12345);
  for (int trial = 0; trial < 300; ++trial) {
    std::string text;
    const int length = 1 + static_cast<int>(random() % 40);
    for (int i = 0; i < length; ++i) text += alphabet[random() % std::size(alphabet)];
    ASSERT_EQ(engine.breaks(text), reference_breaks(engine, text)) << "text: " << text;
  }
}

TEST(SrxEngine, IsSafeFromSeveralThreads) {
  const SrxEngine engine({no_break("\\bDr\\.", "\\s"), do_break("\\.", "\\s")});
  const std::string text = "Dr. Watson came. He sat. Dr. Holmes spoke.";
  const Breaks expected = engine.breaks(text);
  std::vector<std::thread> threads;
  std::vector<Breaks> results(4);
  for (std::size_t t = 0; t < results.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) results[t] = engine.breaks(text);
    });
  for (std::thread& thread : threads) thread.join();
  for (const Breaks& result : results) EXPECT_EQ(result, expected);
}

TEST(SrxEngine, UserRuleChangesABreak) {
  const std::vector<SrxRule> builtin = {do_break("[.?!]", "\\s+\\p{Lu}")};
  const std::string text = "See fig. A for details. Done.";
  EXPECT_EQ(SrxEngine(builtin).breaks(text).size(), 2u);            // splits after "fig."
  std::vector<SrxRule> with_user = {no_break("\\bfig\\.", "\\s")};  // the user's rule first
  with_user.insert(with_user.end(), builtin.begin(), builtin.end());
  EXPECT_EQ(pieces(text, SrxEngine(with_user).breaks(text)),
            (std::vector<std::string>{"See fig. A for details.", " Done."}));
}

// --- The shared SRX files -----------------------------------------------------------------------

const std::string kEnglish = "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson here? Yes.";
const std::string kRussian =
    "В 1799 г. родился А. С. Пушкин. Он жил в С.-Петербурге, на наб. р. Мойки, д. 12. "
    "Это известно. А вы знали?";

TEST(SrxSharedFiles, OkapiDefaultSegmentsEnglishAndRussian) {
  const auto srx = shared_srx("okapi_default.srx");
  if (!srx) GTEST_SKIP() << "shared data absent: " << (kSrxDir / "okapi_default.srx");
  // Okapi leaves the breaks to ICU and its SRX rules hold exceptions: "U.S." before a capital
  // is one of them (a no-break rule), so the rules alone keep "U.S. Is" together.
  const SrxEngine english(srx->rules_for("en"));
  EXPECT_EQ(pieces(kEnglish, english.breaks(kEnglish)),
            (std::vector<std::string>{
                "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson here?", " Yes."}));
  const SrxEngine russian(srx->rules_for("ru"));
  EXPECT_EQ(pieces(kRussian, russian.breaks(kRussian)),
            (std::vector<std::string>{"В 1799 г. родился А. С. Пушкин.",
                                      " Он жил в С.-Петербурге, на наб. р. Мойки, д. 12.",
                                      " Это известно.", " А вы знали?"}));
}

TEST(SrxSharedFiles, LanguageToolSegmentsEnglishAndRussian) {
  const auto srx = shared_srx("languagetool_segment.srx");
  if (!srx) GTEST_SKIP() << "shared data absent: " << (kSrxDir / "languagetool_segment.srx");
  // LanguageTool's no-break rule \b\p{Lu}\.\p{Lu}\.\s keeps "U.S. Is" together too.
  const SrxEngine english(srx->rules_for("en"));
  EXPECT_EQ(pieces(kEnglish, english.breaks(kEnglish)),
            (std::vector<std::string>{
                "Mr. Holmes is from the U.K. not the U.S. Is Dr. Watson here? ", "Yes."}));
  const SrxEngine russian(srx->rules_for("ru"));
  EXPECT_EQ(pieces(kRussian, russian.breaks(kRussian)),
            (std::vector<std::string>{"В 1799 г. родился А. С. Пушкин. ",
                                      "Он жил в С.-Петербурге, на наб. р. Мойки, д. 12. ",
                                      "Это известно. ", "А вы знали?"}));
}

TEST(SrxSharedFiles, EveryLanguageCompilesButOneLanguageToolPolishRule) {
  for (const char* name : {"okapi_default.srx", "languagetool_segment.srx"}) {
    const auto srx = shared_srx(name);
    if (!srx) GTEST_SKIP() << "shared data absent: " << (kSrxDir / name);
    for (const SrxLanguageRule& language : srx->language_rules) {
      if (std::string(name) == "languagetool_segment.srx" && language.name == "Polish") {
        // (?<=[XVI]+): Java accepts an unbounded look-behind, ICU does not.
        EXPECT_THROW(SrxEngine{language.rules}, OptionError);
        continue;
      }
      EXPECT_NO_THROW(SrxEngine{language.rules}) << name << ": " << language.name;
    }
  }
}

TEST(SrxSharedFiles, FastBreaksAgreeWithTheReferenceOnSharedRules) {
  const auto srx = shared_srx("languagetool_segment.srx");
  const auto okapi = shared_srx("okapi_default.srx");
  if (!srx || !okapi) GTEST_SKIP() << "shared data absent: " << kSrxDir;
  for (const SrxDocument* document : {&*srx, &*okapi})
    for (const char* language : {"en", "ru"}) {
      const SrxEngine engine(document->rules_for(language));
      for (const std::string& text : {kEnglish, kRussian})
        EXPECT_EQ(engine.breaks(text), reference_breaks(engine, text)) << language << ": " << text;
    }
}

}  // namespace
}  // namespace tmalign
