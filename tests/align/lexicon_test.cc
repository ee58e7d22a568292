// The aligner's stem lexicon: Snowball stems (src/align/stemmer) and the Lexicon of stem pairs
// (src/align/lexicon). Reading dictionary files is formats' work: tests/formats/dictd_test.cc.
#include <gtest/gtest.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <string>
#include <utility>

#include "align/lexicon.h"
#include "align/stemmer.h"
#include "tmalign/core/error.h"

namespace tmalign::align {
namespace {

// ---- Helpers ---------------------------------------------------------------------------------


// ---- Stemmer ---------------------------------------------------------------------------------

TEST(Stemmer, InflectedRussianFormsShareTheStemOfTheBaseForm) {
  const Stemmer russian("ru");
  const std::string dom = russian.stem("дом");
  for (const char* form : {"дома", "домом", "домами", "доме", "Дом", "ДОМАМИ"})
    EXPECT_EQ(russian.stem(form), dom) << form;
  EXPECT_NE(russian.stem("дым"), dom);
}

TEST(Stemmer, LowerCasesAndFoldsYoInRussian) {
  const Stemmer russian("ru");
  EXPECT_EQ(russian.stem("ЁЛКИ"), russian.stem("елка"));
  EXPECT_EQ(russian.stem("Всё"), russian.stem("все"));
}

TEST(Stemmer, EnglishGermanAndFrenchFormsMeet) {
  EXPECT_EQ(Stemmer("en").stem("Houses"), Stemmer("en").stem("house"));
  EXPECT_EQ(Stemmer("de").stem("Häuser"), Stemmer("de").stem("häuser"));
  EXPECT_EQ(Stemmer("fr").stem("maisons"), Stemmer("fr").stem("Maison"));
  EXPECT_EQ(Stemmer("en-GB").stem("running"), "run");
}

TEST(Stemmer, SupportsLanguagesSnowballHasByTheirPrimarySubtag) {
  EXPECT_TRUE(Stemmer::supports("ru"));
  EXPECT_TRUE(Stemmer::supports("pt-BR"));
  EXPECT_TRUE(Stemmer::supports("nb"));  // Snowball's one Norwegian
  EXPECT_FALSE(Stemmer::supports("ja"));
  EXPECT_FALSE(Stemmer::supports("porter"));  // an algorithm, not a language tag
  EXPECT_FALSE(Stemmer::supports(""));
}

TEST(Stemmer, UnsupportedLanguageThrowsOptionErrorNamingIt) {
  try {
    Stemmer stemmer("ja");
    FAIL() << "no exception";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("'ja'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Stemmer("not a tag"), OptionError);
}

TEST(Stemmer, LowerCaseOnlyKeepsTheWordWhole) {
  const Stemmer japanese = Stemmer::lower_case_only("ja");
  EXPECT_FALSE(japanese.stems());
  EXPECT_EQ(japanese.stem("Tokyo"), "tokyo");
  EXPECT_EQ(japanese.stem("東京"), "東京");
  EXPECT_EQ(Stemmer::lower_case_only("ru").stem("Ёлки"), "елки");
}

TEST(Stemmer, FastLowerCasingAgreesWithIcuOnAsciiAndBasicCyrillic) {
  const Stemmer ukrainian = Stemmer::lower_case_only("uk");  // no ё folding
  for (UChar32 c = 1; c < 0x0470; ++c) {
    if (c == 0x80) c = 0x0400;
    std::string upper, lower;
    icu::UnicodeString(c).toUTF8String(upper);
    icu::UnicodeString(u_tolower(c)).toUTF8String(lower);
    EXPECT_EQ(ukrainian.stem("x" + upper + "y"), "x" + lower + "y") << "U+" << std::hex << c;
  }
  EXPECT_EQ(Stemmer::lower_case_only("tr").stem("ISTANBUL"), "ıstanbul");  // ICU, Turkish rules
  EXPECT_EQ(Stemmer::lower_case_only("de").stem("STRAẞE"), "straße");
}

TEST(Stemmer, CopiesAndMovesStemIndependently) {
  Stemmer russian("ru");
  Stemmer copy = russian;
  Stemmer english("en");
  english = copy;  // copy-assigned: now Russian
  Stemmer moved = std::move(copy);
  EXPECT_EQ(moved.stem("домами"), "дом");
  EXPECT_EQ(english.stem("домами"), "дом");
  EXPECT_EQ(english.language(), "ru");
  EXPECT_EQ(russian.stem("домами"), "дом");
  std::string out = "reused";
  russian.stem("столами", out);
  EXPECT_EQ(out, russian.stem("стол"));
}

TEST(Stemmer, IllFormedUtf8AndEmptyWordsDoNotCrash) {
  const Stemmer russian("ru");
  EXPECT_EQ(russian.stem(""), "");
  EXPECT_NO_THROW(russian.stem("\xff\xfe"));
  EXPECT_NO_THROW(russian.stem("дом\xD0"));
  EXPECT_NO_THROW(russian.stem(std::string(100000, 'A')));
}

// ---- Lexicon ---------------------------------------------------------------------------------

TEST(Lexicon, PairsMeetThroughStemsOnBothSides) {
  Lexicon lexicon("ru", "en");
  lexicon.add_pair("дом", "house");
  lexicon.add_pair("дом", "home");
  lexicon.add_pair("Дома", "houses");  // the same stems again
  lexicon.add_pair("стол", "table");
  EXPECT_EQ(lexicon.pairs(), 4u);  // thawed: as added
  lexicon.freeze();
  EXPECT_EQ(lexicon.pairs(), 3u);
  EXPECT_EQ(lexicon.source_stems(), 2u);
  EXPECT_EQ(lexicon.target_stems(), 3u);
  EXPECT_TRUE(lexicon.translates("домами", "Houses"));
  EXPECT_TRUE(lexicon.translates("доме", "homes"));
  EXPECT_FALSE(lexicon.translates("дом", "table"));
  EXPECT_EQ(lexicon.source_id("дым"), Lexicon::kNone);
  EXPECT_EQ(lexicon.target_id("дом"), Lexicon::kNone);  // a source stem, not a target one
  EXPECT_EQ(lexicon.source_stem(lexicon.source_id("стол")), "стол");
}

TEST(Lexicon, TranslationsAreSortedUniqueTargetIds) {
  Lexicon lexicon("en", "ru");
  for (const char* word : {"стол", "таблица", "стол", "доска", "таблицы"})
    lexicon.add_pair("table", word);
  lexicon.freeze();
  const auto ids = lexicon.translations(lexicon.source_id("tabl"));
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(std::ranges::is_sorted(ids));
  EXPECT_EQ(std::ranges::adjacent_find(ids), ids.end());
  EXPECT_TRUE(lexicon.translations(Lexicon::kNone).empty());
  EXPECT_TRUE(lexicon.translations(12345).empty());
}

TEST(Lexicon, TranslationsBeforeFreezeThrowAndAddingAfterFreezeThaws) {
  Lexicon lexicon("en", "ru");
  lexicon.add_pair("house", "дом");
  EXPECT_THROW(lexicon.translations(0), Error);
  lexicon.freeze();
  EXPECT_TRUE(lexicon.frozen());
  lexicon.add_pair("table", "стол");
  EXPECT_FALSE(lexicon.frozen());
  lexicon.freeze();
  EXPECT_EQ(lexicon.pairs(), 2u);
  EXPECT_TRUE(lexicon.translates("house", "дом"));
  EXPECT_TRUE(lexicon.translates("tables", "столы"));
  lexicon.add_pair("", "стол");  // a word that stems to nothing is ignored
  lexicon.freeze();
  EXPECT_EQ(lexicon.pairs(), 2u);
}

TEST(Lexicon, LanguageWithoutSnowballIsLowerCasedOnly) {
  Lexicon lexicon("ja", "en");
  EXPECT_FALSE(lexicon.source_stemmer().stems());
  EXPECT_TRUE(lexicon.target_stemmer().stems());
  lexicon.add_pair("Tokyo", "Tokyo");
  lexicon.freeze();
  EXPECT_NE(lexicon.source_id("tokyo"), Lexicon::kNone);
  EXPECT_NE(lexicon.target_id("tokyo"), Lexicon::kNone);
  EXPECT_THROW(Lexicon("not a tag", "en"), OptionError);
}

}  // namespace
}  // namespace tmalign::align
