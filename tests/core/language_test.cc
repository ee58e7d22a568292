#include "tmalign/core/language.h"

#include <gtest/gtest.h>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

TEST(LanguageTag, AcceptsTheShapesOfBcp47) {
  for (const char* tag : {"ru", "en", "en-US", "pt-BR", "zh-Hant-TW", "sr-Latn", "de-CH-1996",
                          "yue", "x-klingon", "i-navajo", "es-419"})
    EXPECT_TRUE(is_language_tag(tag)) << tag;
}

TEST(LanguageTag, RejectsWhatIsNotATag) {
  for (const char* tag : {"", "r", "x", "ru_RU", "ru-", "-ru", "en--US", "english language",
                          "ru/en", "english", "toolongtag", "en-toolongsub", "1en", "*all*"})
    EXPECT_FALSE(is_language_tag(tag)) << tag;
}

TEST(LanguageTag, CheckNamesTheValueAndWhatItIsFor) {
  try {
    check_language_tag("ru/en", "--src-lang");
    FAIL() << "no exception";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("--src-lang 'ru/en' is not a BCP 47 language tag"),
              std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(check_language_tag("ru", "--src-lang"));
}

TEST(LanguageTag, NormalizesUnderscoresAndFindsThePrimarySubtag) {
  EXPECT_EQ(normalize_language_tag("ru_RU"), "ru-RU");
  EXPECT_EQ(primary_language("RU_ru"), "ru");
  EXPECT_EQ(primary_language("en-GB"), "en");
  EXPECT_EQ(primary_language("de"), "de");
}

}  // namespace
}  // namespace tmalign
