#include "align/features.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace tmalign::align {
namespace {

std::vector<EvidenceKey> of_kind(const SentenceFeatures& f, EvidenceKind kind) {
  std::vector<EvidenceKey> out;
  std::ranges::copy_if(f.evidence, std::back_inserter(out),
                       [&](EvidenceKey k) { return kind_of(k) == kind; });
  return out;
}

bool shares_name(const FeatureExtractor& russian, const char* ru, const FeatureExtractor& english,
                 const char* en) {
  const auto a = of_kind(russian.extract(ru), EvidenceKind::kName);
  const auto b = of_kind(english.extract(en), EvidenceKind::kName);
  return std::ranges::any_of(a, [&](EvidenceKey k) { return std::ranges::count(b, k) > 0; });
}

class RussianEnglishFeatures : public ::testing::Test {
 protected:
  FeatureExtractor russian{"ru", true};
  FeatureExtractor english{"en", true};
};

TEST_F(RussianEnglishFeatures, TransliteratedNamesMeetTheirEnglishSpelling) {
  EXPECT_TRUE(shares_name(russian, "Помпео", english, "Pompeo"));
  EXPECT_TRUE(shares_name(russian, "Песков", english, "Peskov"));
  EXPECT_TRUE(shares_name(russian, "Тбилиси", english, "Tbilisi"));
  EXPECT_TRUE(shares_name(russian, "Константиниди", english, "Konstantinidi"));
  EXPECT_TRUE(shares_name(russian, "Вашингтон", english, "Washington"));
}

TEST_F(RussianEnglishFeatures, InflectedNamesStillMeetByTheirStem) {
  EXPECT_TRUE(shares_name(russian, "обвинил Москву", english, "accused Moscow"));
  EXPECT_TRUE(shares_name(russian, "в Америке", english, "in America"));
}

TEST_F(RussianEnglishFeatures, UnrelatedNamesDoNotMeet) {
  EXPECT_FALSE(shares_name(russian, "Помпео", english, "Peskov"));
  EXPECT_FALSE(shares_name(russian, "Тбилиси", english, "Moscow"));
}

TEST_F(RussianEnglishFeatures, LowerCaseAndInitialsGiveNoNames) {
  EXPECT_TRUE(of_kind(russian.extract("д. о. в сети"), EvidenceKind::kName).empty());
  EXPECT_TRUE(of_kind(english.extract("the network is down"), EvidenceKind::kName).empty());
}

TEST_F(RussianEnglishFeatures, LatinWordsInRussianMeetTheSameEnglishWord) {
  const auto ru = of_kind(russian.extract("заявление в Facebook"), EvidenceKind::kLatinToken);
  const auto en = of_kind(english.extract("a statement on Facebook"), EvidenceKind::kLatinToken);
  ASSERT_EQ(ru.size(), 1u);
  EXPECT_EQ(std::ranges::count(en, ru[0]), 1);
}

TEST_F(RussianEnglishFeatures, NumbersAndPunctuationAreCountedWithRepeats) {
  const SentenceFeatures f = russian.extract("«Кто?» 28 октября, 28 раз (или 3,5)!");
  EXPECT_EQ(of_kind(f, EvidenceKind::kNumber).size(), 4u);       // 28 28 3 5
  EXPECT_EQ(of_kind(f, EvidenceKind::kPunctuation).size(), 6u);  // « ? » ( ) !
  EXPECT_EQ(std::ranges::count(f.evidence, make_key(EvidenceKind::kNumber, "28")), 2);
  EXPECT_EQ(std::ranges::count(f.evidence, make_key(EvidenceKind::kPunctuation, "\"")), 2);
  EXPECT_TRUE(std::ranges::is_sorted(f.evidence));
}

TEST_F(RussianEnglishFeatures, LengthCountsCodePointsNotBytes) {
  EXPECT_EQ(russian.extract("Москва").length, 6u);
  EXPECT_EQ(english.extract("Moscow").length, 6u);
}

TEST(Features, NoNamesWithoutTransliteration) {
  const FeatureExtractor german("de", false);
  const FeatureExtractor russian("ru", false);
  EXPECT_TRUE(of_kind(german.extract("Mike Pompeo in Moskau"), EvidenceKind::kName).empty());
  EXPECT_TRUE(of_kind(russian.extract("Майк Помпео в Москве"), EvidenceKind::kName).empty());
}

TEST(Features, LatinLanguagesKeepOnlyCapitalisedTokens) {
  const FeatureExtractor german("de", false);
  const auto tokens = of_kind(german.extract("Der Rat von Bern tagt"), EvidenceKind::kLatinToken);
  EXPECT_EQ(tokens.size(), 3u);  // der, rat, bern
}

TEST(Features, SkeletonFoldsTransliterationVariants) {
  EXPECT_EQ(phonetic_skeleton("moscow"), "moskov");
  EXPECT_EQ(phonetic_skeleton("moskvu"), "moskvu");
  EXPECT_EQ(phonetic_skeleton("dmitriy"), "dmitri");
  EXPECT_EQ(phonetic_skeleton("khodorkovsky"), "hodorkovski");
  EXPECT_EQ(phonetic_skeleton("rossiya"), "rosia");  // y -> i, then doubles collapse
}

TEST(Features, LanguageScripts) {
  EXPECT_TRUE(is_latin_script_language("en"));
  EXPECT_TRUE(is_latin_script_language("de-CH"));
  EXPECT_FALSE(is_latin_script_language("ru"));
  EXPECT_TRUE(is_russian("ru-RU"));
  EXPECT_FALSE(is_russian("rue"));
}


TEST(Features, SentenceEndingsIncludeClosingQuotesAndBrackets) {
  EXPECT_TRUE(ends_like_a_sentence("Он ушёл."));
  EXPECT_TRUE(ends_like_a_sentence("«Кто там?»  "));
  EXPECT_TRUE(ends_like_a_sentence("(see below.)"));
  EXPECT_TRUE(ends_like_a_sentence("Как следует:"));
  EXPECT_FALSE(ends_like_a_sentence("Глава 1"));
  EXPECT_FALSE(ends_like_a_sentence("«Война и мир»"));
  EXPECT_FALSE(ends_like_a_sentence(""));
}

}  // namespace
}  // namespace tmalign::align
