#include "tmalign/store/pretranslation.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "support/temp_file.h"
#include "tmalign/core/error.h"
#include "tmalign/core/text.h"

namespace tmalign {
namespace {

using testing::TempDir;

TranslationUnit unit(std::string source, std::string target, std::string target_lang = "en") {
  return TranslationUnit{.source = std::move(source),
                         .target = std::move(target),
                         .source_lang = "ru",
                         .target_lang = std::move(target_lang),
                         .document = "test.txt"};
}

Match match(int score, std::string source, std::string target, std::string adapted = "") {
  return Match{.score = score,
               .unit = unit(std::move(source), std::move(target)),
               .adapted_target = std::move(adapted)};
}

std::vector<Sentence> sentences(const std::vector<std::string>& texts) {
  std::vector<Sentence> result;
  for (const std::string& text : texts) result.push_back({.text = text, .span = {}});
  return result;
}

// ------------------------------------------------------------------------------ choose_target

TEST(ChooseTarget, AnExactMatchIsATranslation) {
  const PretranslatedSegment s = choose_target({match(100, "Да.", "Yes.")});
  EXPECT_EQ(s.status, TargetStatus::Translated);
  EXPECT_EQ(s.target, "Yes.");
  EXPECT_EQ(s.score, 100);
  EXPECT_EQ(s.band, MatchBand::Exact);
  ASSERT_EQ(s.matches.size(), 1u);
  EXPECT_FALSE(s.repetition_of);
}

TEST(ChooseTarget, AContextMatchIsATranslationInTheContextBand) {
  const PretranslatedSegment s =
      choose_target({match(101, "Да.", "Yes."), match(100, "Да.", "Yeah.")});
  EXPECT_EQ(s.status, TargetStatus::Translated);  // the 100 % with another target does not conflict
  EXPECT_EQ(s.target, "Yes.");
  EXPECT_EQ(s.band, MatchBand::Context);
  EXPECT_EQ(s.matches.size(), 2u);
}

TEST(ChooseTarget, AFuzzyMatchAtTheThresholdNeedsReview) {
  const PretranslatedSegment s = choose_target({match(75, "Кошка сидит.", "The cat sits.")});
  EXPECT_EQ(s.status, TargetStatus::NeedsReview);
  EXPECT_EQ(s.target, "The cat sits.");
  EXPECT_EQ(s.band, MatchBand::Fuzzy75);
}

TEST(ChooseTarget, BelowTheThresholdNoTargetButTheMatchIsOffered) {
  const PretranslatedSegment s =
      choose_target({match(74, "Кошка.", "Cat."), match(40, "К.", "C.")});
  EXPECT_EQ(s.status, TargetStatus::Untranslated);
  EXPECT_EQ(s.target, "");
  EXPECT_EQ(s.score, 0);
  EXPECT_EQ(s.band, MatchBand::NoMatch);
  ASSERT_EQ(s.matches.size(), 1u);  // 40 is below min_alternative_score (50)
  EXPECT_EQ(s.matches[0].score, 74);
}

TEST(ChooseTarget, NoMatchNoTarget) {
  const PretranslatedSegment s = choose_target({});
  EXPECT_EQ(s.status, TargetStatus::Untranslated);
  EXPECT_TRUE(s.matches.empty());
}

TEST(ChooseTarget, TheAdaptedTargetIsTheTargetAndNeedsReview) {
  const PretranslatedSegment s =
      choose_target({match(100, "Глава 7.", "Chapter 7.", "Chapter 8.")});
  EXPECT_EQ(s.target, "Chapter 8.");
  EXPECT_EQ(s.status, TargetStatus::NeedsReview);
  EXPECT_EQ(s.matches[0].unit.target, "Chapter 7.");  // the match keeps what is stored
}

TEST(ChooseTarget, ConflictingExactMatchesNeedReview) {
  const PretranslatedSegment s = choose_target(
      {match(100, "Ключ.", "Key."), match(100, "Ключ.", "Spring.")}, {.alternatives = 0});
  EXPECT_EQ(s.status, TargetStatus::NeedsReview);
  EXPECT_EQ(s.target, "Key.");
  EXPECT_EQ(s.matches.size(), 1u);  // seen for the conflict, not offered with alternatives = 0
  // The same translation twice is no conflict.
  EXPECT_EQ(choose_target({match(100, "Ключ.", "Key."), match(100, "Ключ.", "Key.")}).status,
            TargetStatus::Translated);
}

TEST(ChooseTarget, OffersTheBestAndAtMostAlternativesMore) {
  std::vector<Match> matches;
  for (int score : {95, 90, 85, 80, 70, 60}) matches.push_back(match(score, "а", "b"));
  const PretranslatedSegment s = choose_target(matches, {.alternatives = 2});
  ASSERT_EQ(s.matches.size(), 3u);
  EXPECT_EQ(s.matches[2].score, 85);
  EXPECT_EQ(choose_target(matches, {.min_alternative_score = 88}).matches.size(), 2u);
  EXPECT_EQ(choose_target(matches, {.min_score = 96}).status, TargetStatus::Untranslated);
  EXPECT_EQ(choose_target(matches, {.min_score = 96}).matches.size(), 4u);
}

TEST(ChooseTarget, AThresholdBelowTheAlternativesMinimumStillGivesATarget) {
  const PretranslatedSegment s =
      choose_target({match(45, "а", "b")}, {.min_score = 40, .min_alternative_score = 50});
  EXPECT_EQ(s.status, TargetStatus::NeedsReview);
  EXPECT_EQ(s.matches.size(), 1u);  // the target's match is always offered
}

TEST(PretranslationOptions, RefusesNonsenseNamingTheValue) {
  const auto message = [](const PretranslationOptions& options) {
    try {
      options.validate();
    } catch (const OptionError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message({.min_score = 102}).find("102"), std::string::npos);
  EXPECT_NE(message({.min_alternative_score = -1}).find("-1"), std::string::npos);
  EXPECT_NE(message({.alternatives = 101}).find("101"), std::string::npos);
  EXPECT_NE(message({.target_lang = "english"}).find("english"), std::string::npos);
  EXPECT_THROW(choose_target({}, {.min_score = 200}), OptionError);
}

// -------------------------------------------------------------------------------- pretranslate

class PretranslateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TranslationMemory tm(path(), TranslationMemory::Mode::Create);
    tm.import_units({unit("Кошка сидит на окне и смотрит на улицу.", "The cat sits at the window."),
                     unit("Собака лает на прохожих каждое утро.", "The dog barks every morning."),
                     unit("Собака лает на прохожих каждый вечер.", "The dog barks every evening."),
                     unit("Мы пошли в магазин за хлебом.", "We went for bread."),
                     unit("Мы пошли в магазин за хлебом.", "Wir gingen Brot kaufen.", "de")},
                    "test");
  }
  std::string path() const { return dir_.file("tm.db"); }

 private:
  TempDir dir_;
};

TEST_F(PretranslateTest, GivesEachSegmentItsBestMatchAboveTheThreshold) {
  const TranslationMemory tm(path());
  const auto segments = pretranslate(
      sentences({"Собака лает на прохожих каждое утро.", "Кошка сидит на окне и смотрит во двор.",
                 "Совсем другое предложение здесь."}),
      tm, {.source_lang = "ru", .target_lang = "en"});
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_EQ(segments[0].status, TargetStatus::Translated);
  EXPECT_EQ(segments[0].target, "The dog barks every morning.");
  ASSERT_EQ(segments[0].matches.size(), 2u);  // the evening one as an alternative
  EXPECT_EQ(segments[0].matches[1].unit.target, "The dog barks every evening.");
  EXPECT_EQ(segments[1].status, TargetStatus::NeedsReview);  // 2 of 8 words changed: 75 %
  EXPECT_EQ(segments[1].target, "The cat sits at the window.");
  EXPECT_EQ(segments[1].band, MatchBand::Fuzzy75);
  EXPECT_EQ(segments[2].status, TargetStatus::Untranslated);
  EXPECT_TRUE(segments[2].matches.empty());
}

TEST_F(PretranslateTest, OnlyUnitsOfTheLanguagesAsked) {
  const TranslationMemory tm(path());
  const auto sentence = sentences({"Мы пошли в магазин за хлебом."});
  EXPECT_EQ(pretranslate(sentence, tm, {.target_lang = "de"})[0].target, "Wir gingen Brot kaufen.");
  EXPECT_EQ(pretranslate(sentence, tm, {.target_lang = "en"})[0].target, "We went for bread.");
  EXPECT_EQ(pretranslate(sentence, tm, {.target_lang = "fr"})[0].status,
            TargetStatus::Untranslated);
}

TEST_F(PretranslateTest, ARepetitionGetsItsFirstOccurrencesTarget) {
  const TranslationMemory tm(path());
  const auto segments = pretranslate(sentences({"Кошка сидит на окне и смотрит во двор.", "Другое.",
                                                "Кошка  сидит на окне и смотрит\nво двор."}),
                                     tm, {.target_lang = "en"});
  ASSERT_EQ(segments.size(), 3u);
  EXPECT_FALSE(segments[0].repetition_of);
  ASSERT_TRUE(segments[2].repetition_of);
  EXPECT_EQ(*segments[2].repetition_of, 0u);
  EXPECT_EQ(segments[2].target, segments[0].target);
  EXPECT_EQ(segments[2].status, segments[0].status);
  EXPECT_EQ(segments[2].score, segments[0].score);
}

TEST_F(PretranslateTest, ReportsProgressAfterEverySentenceRepetitionsToo) {
  const TranslationMemory tm(path());
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  pretranslate(sentences({"Мы пошли в магазин за хлебом.", "Мы пошли в магазин за хлебом."}), tm,
               {.progress = [&](std::size_t done, std::size_t total) {
                  calls.emplace_back(done, total);
                }});
  EXPECT_EQ(calls, (std::vector<std::pair<std::size_t, std::size_t>>{{1, 2}, {2, 2}}));
}

TEST_F(PretranslateTest, CollectionsRestrictTheUnitsOffered) {
  {
    TranslationMemory tm(path(), TranslationMemory::Mode::Create);
    tm.import_units({unit("Мы пошли в магазин за хлебом.", "We went to buy bread.")},
                    ImportOptions{.origin = "other", .collection = "other"});
  }
  const TranslationMemory tm(path());
  const auto sentence = sentences({"Мы пошли в магазин за хлебом."});
  const auto target = [&](std::vector<std::string> collections) {
    return pretranslate(sentence, tm, {.target_lang = "en", .collections = std::move(collections)})
        .at(0)
        .target;
  };
  EXPECT_EQ(target({"other"}), "We went to buy bread.");
  EXPECT_EQ(target({"default"}), "We went for bread.");
  EXPECT_THROW(target({"absent"}), OptionError);
}

TEST_F(PretranslateTest, OfferedUnitsAreDistinctInTheOrderFirstOffered) {
  const TranslationMemory tm(path());
  const auto segments = pretranslate(
      sentences({"Собака лает на прохожих каждый вечер.", "Мы пошли в магазин за хлебом.",
                 "Собака лает на прохожих каждое утро."}),
      tm, {.target_lang = "en"});
  const std::vector<TranslationUnit> units = offered_units(segments);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].target, "The dog barks every evening.");
  EXPECT_EQ(units[1].target, "The dog barks every morning.");
  EXPECT_EQ(units[2].target, "We went for bread.");
  EXPECT_EQ(units[0].document, "test.txt");
}

// pretranslate() passes each segment's neighbours to the TM: a unit stored between the same
// sentences is a context (101 %) match.
TEST_F(PretranslateTest, ASegmentInItsStoredContextIsAContextMatch) {
  {
    TranslationMemory tm(path(), TranslationMemory::Mode::Create);
    TranslationUnit u = unit("Вторая фраза в контексте.", "Second phrase in context.");
    u.context_before = context_hash("Первая фраза.");
    u.context_after = context_hash("");
    tm.import_units({u}, "context");
  }
  const TranslationMemory tm(path());
  const auto segments =
      pretranslate(sentences({"Первая фраза.", "Вторая фраза в контексте."}), tm, {});
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[1].score, 101);
  EXPECT_EQ(segments[1].band, MatchBand::Context);
  EXPECT_EQ(segments[1].status, TargetStatus::Translated);
  // Elsewhere in a document the same sentence is an exact match only.
  EXPECT_EQ(
      pretranslate(sentences({"Вторая фраза в контексте.", "Первая фраза."}), tm, {})[0].score,
      100);
}

}  // namespace
}  // namespace tmalign
