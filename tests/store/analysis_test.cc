#include "tmalign/store/analysis.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "tmalign/core/error.h"
#include "tmalign/core/text.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;

// A TM in a fresh temporary file, removed with its -wal and -shm files.
class AnalysisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / (std::string("tmalign_analysis_test_") + test->name() + "_" +
                                        std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    TranslationMemory tm((dir_ / "tm.db").string(), TranslationMemory::Mode::Create);
    const auto unit = [](std::string source, std::string target, std::string target_lang = "en") {
      return TranslationUnit{.source = std::move(source),
                             .target = std::move(target),
                             .source_lang = "ru",
                             .target_lang = std::move(target_lang),
                             .document = "test.txt"};
    };
    tm.import_units(
        {unit("Кошка сидит на окне и смотрит на улицу.", "The cat sits at the window."),
         unit("Один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
              "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать "
              "девятнадцать двадцать.",
              "One to twenty."),
         unit("Собака лает на прохожих каждое утро.", "The dog barks every morning."),
         unit("Мы пошли в магазин за хлебом.", "We went for bread."),
         unit("Только для немецкого языка.", "Nur für Deutsch.", "de")},
        "test");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path() const { return (dir_ / "tm.db").string(); }
  TranslationMemory tm() const { return TranslationMemory(path()); }

  static std::vector<Sentence> sentences(const std::vector<std::string>& texts) {
    std::vector<Sentence> result;
    for (const std::string& text : texts) result.push_back({.text = text, .span = {}});
    return result;
  }

 private:
  fs::path dir_;
};

TEST(MatchBandTest, ScoresFallIntoTheDocumentedBands) {
  EXPECT_EQ(band_of_score(101), MatchBand::Context);
  EXPECT_EQ(band_of_score(100), MatchBand::Exact);
  EXPECT_EQ(band_of_score(99), MatchBand::Fuzzy95);
  EXPECT_EQ(band_of_score(95), MatchBand::Fuzzy95);
  EXPECT_EQ(band_of_score(94), MatchBand::Fuzzy85);
  EXPECT_EQ(band_of_score(85), MatchBand::Fuzzy85);
  EXPECT_EQ(band_of_score(84), MatchBand::Fuzzy75);
  EXPECT_EQ(band_of_score(75), MatchBand::Fuzzy75);
  EXPECT_EQ(band_of_score(74), MatchBand::Fuzzy50);
  EXPECT_EQ(band_of_score(50), MatchBand::Fuzzy50);
  EXPECT_EQ(band_of_score(49), MatchBand::NoMatch);
  EXPECT_EQ(band_of_score(0), MatchBand::NoMatch);
  EXPECT_EQ(band_name(MatchBand::Fuzzy85), "85-94%");
  EXPECT_EQ(band_name(MatchBand::NoMatch), "no match");
}

TEST_F(AnalysisTest, CountsSegmentsAndWordsPerBandAndRepetitions) {
  const std::vector<Sentence> document = sentences({
      "Кошка сидит на окне и смотрит на улицу.",  // 0: 100 %, 8 words
      "Один два три четыре пять шесть семь восемь девять десять одиннадцать двенадцать "
      "тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать "
      "сто.",                                       // 1: 1 of 20 words changed: 95 %
      "Кошка сидит на окне и смотрит на двор.",     // 2: 1 of 8 changed: 87 %
      "Собака лает на соседей каждое утро.",        // 3: 1 of 6 changed: 83 %
      "Мы пошли в магазин за молоком и сыром.",     // 4: distance 3 of 8: 62 %
      "Совершенно другая фраза без совпадений.",    // 5: no match, 5 words
      "Кошка  сидит на окне\nи смотрит на улицу.",  // 6: repeats 0 (white space only differs)
      "кошка сидит на окне и смотрит на улицу.",    // 7: case differs: 99 %, not a repetition
      "Совершенно другая фраза без совпадений.",    // 8: repeats 5
  });
  const Analysis a = analyze(document, tm(), {.source_lang = "ru", .target_lang = "en"});

  ASSERT_EQ(a.segments.size(), document.size());
  EXPECT_EQ(a.segments[0].best_score, 100);
  EXPECT_EQ(a.segments[1].best_score, 95);
  EXPECT_EQ(a.segments[2].best_score, 87);
  EXPECT_EQ(a.segments[3].best_score, 83);
  EXPECT_EQ(a.segments[4].best_score, 62);
  EXPECT_EQ(a.segments[5].best_score, 0);
  EXPECT_EQ(a.segments[7].best_score, 99);
  EXPECT_EQ(a.segments[6].repetition_of, 0u);
  EXPECT_EQ(a.segments[6].best_score, 100);
  EXPECT_EQ(a.segments[8].repetition_of, 5u);
  EXPECT_FALSE(a.segments[7].repetition_of.has_value());
  EXPECT_EQ(a.segments[1].words, 20u);

  EXPECT_EQ(a.band(MatchBand::Context), (SegmentCount{0, 0}));
  EXPECT_EQ(a.band(MatchBand::Exact), (SegmentCount{1, 8}));
  EXPECT_EQ(a.band(MatchBand::Fuzzy95), (SegmentCount{2, 28}));
  EXPECT_EQ(a.band(MatchBand::Fuzzy85), (SegmentCount{1, 8}));
  EXPECT_EQ(a.band(MatchBand::Fuzzy75), (SegmentCount{1, 6}));
  EXPECT_EQ(a.band(MatchBand::Fuzzy50), (SegmentCount{1, 8}));
  EXPECT_EQ(a.band(MatchBand::NoMatch), (SegmentCount{1, 5}));
  EXPECT_EQ(a.repetitions, (SegmentCount{2, 13}));
  EXPECT_EQ(a.total, (SegmentCount{9, 76}));
}

TEST_F(AnalysisTest, TargetLanguageRestrictsTheUnitsMatched) {
  const std::vector<Sentence> document = sentences({"Только для немецкого языка."});
  EXPECT_EQ(analyze(document, tm(), {.source_lang = "ru"}).segments[0].band, MatchBand::Exact);
  EXPECT_EQ(analyze(document, tm(), {.source_lang = "ru", .target_lang = "en"}).segments[0].band,
            MatchBand::NoMatch);
  EXPECT_EQ(analyze(document, tm(), {.source_lang = "en"}).band(MatchBand::NoMatch).segments, 1u);
}

TEST_F(AnalysisTest, SegmentWithoutWordsCountsNoWords) {
  const Analysis a = analyze(sentences({"—", "«…»"}), tm(), {.source_lang = "ru"});
  EXPECT_EQ(a.total, (SegmentCount{2, 0}));
  EXPECT_EQ(a.band(MatchBand::NoMatch), (SegmentCount{2, 0}));
}

TEST_F(AnalysisTest, EmptyDocumentGivesZeroTotals) {
  const Analysis a = analyze({}, tm());
  EXPECT_EQ(a.total, (SegmentCount{0, 0}));
  EXPECT_TRUE(a.segments.empty());
}

TEST_F(AnalysisTest, ReportsProgressAfterEverySentenceRepetitionsToo) {
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  analyze(sentences({"Собака лает на прохожих каждое утро.", "Другое.",
                     "Собака лает на прохожих каждое утро."}),
          tm(), {.progress = [&](std::size_t done, std::size_t total) {
                   calls.emplace_back(done, total);
                 }});
  EXPECT_EQ(calls, (std::vector<std::pair<std::size_t, std::size_t>>{{1, 3}, {2, 3}, {3, 3}}));
}

TEST_F(AnalysisTest, CollectionsRestrictTheUnitsMatched) {
  {
    TranslationMemory tm(path(), TranslationMemory::Mode::Create);
    tm.import_units({{.source = "Птица поёт на рассвете в саду.",
                      .target = "A bird sings at dawn in the garden.",
                      .source_lang = "ru",
                      .target_lang = "en",
                      .document = "birds.txt"}},
                    ImportOptions{.origin = "birds", .collection = "birds"});
  }
  const auto document = sentences({"Птица поёт на рассвете в саду."});
  EXPECT_EQ(analyze(document, tm(), {.collections = {"birds"}}).segments[0].best_score, 100);
  EXPECT_EQ(analyze(document, tm(), {.collections = {"default"}}).segments[0].best_score, 0);
  EXPECT_EQ(analyze(document, tm()).segments[0].best_score, 100);
  try {
    analyze(document, tm(), {.collections = {"fish"}});
    FAIL() << "no exception";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("fish"), std::string::npos) << e.what();
  }
}

TEST_F(AnalysisTest, BadLanguageTagIsAnOptionErrorNamingIt) {
  try {
    analyze(sentences({"x"}), tm(), {.source_lang = "russian"});
    FAIL() << "no exception";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("russian"), std::string::npos) << e.what();
  }
}

TEST_F(AnalysisTest, ASegmentBetweenItsStoredNeighboursIsAContextMatch) {
  {
    TranslationMemory tm(path(), TranslationMemory::Mode::Create);
    TranslationUnit unit;
    unit.source = "Да.";
    unit.target = "Yes.";
    unit.source_lang = "ru";
    unit.target_lang = "en";
    unit.context_before = context_hash("Вы придёте?");
    unit.context_after = context_hash("Тогда до завтра.");
    tm.import_units({unit}, "dialogue");
  }
  const Analysis same = analyze(sentences({"Вы придёте?", "Да.", "Тогда до завтра."}), tm(),
                                {.source_lang = "ru"});
  EXPECT_EQ(same.segments[1].best_score, 101);
  EXPECT_EQ(same.band(MatchBand::Context), (SegmentCount{1, 1}));
  const Analysis other = analyze(sentences({"Это правда?", "Да.", "Тогда до завтра."}), tm(),
                                 {.source_lang = "ru"});
  EXPECT_EQ(other.segments[1].best_score, 100);
  EXPECT_EQ(other.band(MatchBand::Context), (SegmentCount{0, 0}));
}

}  // namespace
}  // namespace tmalign
