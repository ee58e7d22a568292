// TranslationMemory::concordance(): the FTS5 index of schema 3, its byte spans, literal phrases,
// the migration from schema 2, the index's consistency after a failed import, and the index an
// import into an empty TM builds on a thread of its own.
#include <gtest/gtest.h>

#include "support/units.h"

#include <SQLiteCpp/Database.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tmalign/core/error.h"
#include "tmalign/store/translation_memory.h"

namespace tmalign {
namespace {

using testing::undated;

namespace fs = std::filesystem;
using Mode = TranslationMemory::Mode;
using Side = ConcordanceOptions::Side;

class ConcordanceTest : public ::testing::Test {
 protected:
  ConcordanceTest() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / (std::string("tmalign_concordance_test_") + test->name() +
                                        "_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "tm.db").string();
  }
  ~ConcordanceTest() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string path_;
};

TranslationUnit unit(std::string source, std::string target, std::string source_lang = "ru",
                     std::string target_lang = "en") {
  return {std::move(source),
          std::move(target),
          std::move(source_lang),
          std::move(target_lang),
          "doc",
          0,
          1.0};
}

const std::vector<TranslationUnit> kUnits = {
    unit("Посольство России в США заявило о новой провокации.",
         "The Russian Embassy in the US reported a new provocation."),
    unit("Обвинения в кибератаках беспочвенны.", "The cyber-attack allegations are groundless."),
    unit("Мы призываем к диалогу.", "We call for dialogue."),
    unit("Новой встречи не будет.", "There will be no new meeting."),
    unit("Ambassade de Russie.", "Посольство России.", "fr", "ru"),
};

// The text of `text` at `span`.
std::string at(const std::string& text, const TextSpan& span) {
  return text.substr(span.begin, span.end - span.begin);
}

// The FTS5 index agrees with the units it indexes (SQLite's own check against the content table).
void expect_index_consistent(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_NO_THROW(
      db.exec("INSERT INTO units_text(units_text, rank) VALUES ('integrity-check', 1)"));
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST(Fts5, DebiansSqliteHasFts5WithUnicode61) {
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE);
  db.exec("CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2')");
  db.exec("INSERT INTO t VALUES ('ПРИВЕТ, café')");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM t WHERE t MATCH '\"привет cafe\"'").getInt(), 1);
}

TEST_F(ConcordanceTest, HitInSourceGivesItsByteSpan) {
  TranslationMemory tm(path_, Mode::Create);
  tm.import_units(kUnits, "test");
  const auto hits = tm.concordance("провокации");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(undated(hits[0].unit), kUnits[0]);
  ASSERT_EQ(hits[0].source_hits.size(), 1u);
  EXPECT_EQ(at(hits[0].unit.source, hits[0].source_hits[0]), "провокации");
  EXPECT_TRUE(hits[0].target_hits.empty());
}

TEST_F(ConcordanceTest, HitInTargetAndSideRestrictsWhereToLook) {
  TranslationMemory tm(path_, Mode::Create);
  tm.import_units(kUnits, "test");
  auto hits = tm.concordance("dialogue");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_TRUE(hits[0].source_hits.empty());
  ASSERT_EQ(hits[0].target_hits.size(), 1u);
  EXPECT_EQ(at(hits[0].unit.target, hits[0].target_hits[0]), "dialogue");
  EXPECT_TRUE(tm.concordance("dialogue", {.side = Side::Source}).empty());
  EXPECT_EQ(tm.concordance("dialogue", {.side = Side::Target}).size(), 1u);

  // "Посольство России" is in the source of unit 0 and the target of unit 4.
  hits = tm.concordance("посольство россии");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(undated(hits[0].unit), kUnits[0]);
  EXPECT_EQ(at(hits[0].unit.source, hits[0].source_hits.at(0)), "Посольство России");
  EXPECT_EQ(at(hits[1].unit.target, hits[1].target_hits.at(0)), "Посольство России");
  EXPECT_TRUE(hits[1].source_hits.empty());
  EXPECT_EQ(undated(tm.concordance("посольство россии", {.side = Side::Target}).at(0).unit),
            kUnits[4]);
}

TEST_F(ConcordanceTest, PhraseNeedsAdjacentWordsInOrderWhereAWordAloneMatchesAnywhere) {
  TranslationMemory tm(path_, Mode::Create);
  tm.import_units(kUnits, "test");
  EXPECT_EQ(tm.concordance("новой").size(), 2u);  // units 0 and 3
  EXPECT_EQ(tm.concordance("о новой провокации").size(), 1u);
  EXPECT_TRUE(tm.concordance("новой о").empty());
  EXPECT_TRUE(tm.concordance("новой заявило").empty());
  EXPECT_TRUE(tm.concordance("нов").empty());  // whole words only
  const auto hits = tm.concordance("new");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(at(hits[1].unit.target, hits[1].target_hits.at(0)), "new");
}

TEST_F(ConcordanceTest, CyrillicAndLatinFoldCaseAndDiacritics) {
  TranslationMemory tm(path_, Mode::Create);
  tm.import_units(kUnits, "test");
  tm.import_units({unit("Ёлка в кафе.", "The tree at the café.")}, "test");
  const auto hits = tm.concordance("ПОСОЛЬСТВО");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(at(hits[0].unit.source, hits[0].source_hits.at(0)), "Посольство");
  EXPECT_EQ(tm.concordance("посольство").size(), 2u);
  EXPECT_EQ(tm.concordance("ЁЛКА").size(), 1u);
  const auto cafe = tm.concordance("CAFE");
  ASSERT_EQ(cafe.size(), 1u);
  EXPECT_EQ(at(cafe[0].unit.target, cafe[0].target_hits.at(0)), "café");
}

TEST_F(ConcordanceTest, QuerySyntaxInThePhraseIsTakenLiterally) {
  TranslationMemory tm(path_, Mode::Create);
  tm.import_units(kUnits, "test");
  tm.import_units({unit("Он сказал: \"да\" AND нет.", "He said \"yes\" AND no.")}, "test");
  // A hyphen, quotes, operators, a star, a column filter, NEAR: none is FTS5 syntax here.
  const auto cyber = tm.concordance("cyber-attack");
  ASSERT_EQ(cyber.size(), 1u);
  EXPECT_EQ(at(cyber[0].unit.target, cyber[0].target_hits.at(0)), "cyber-attack");
  EXPECT_EQ(tm.concordance("\"yes\" AND no").size(), 1u);
  EXPECT_EQ(tm.concordance("\"yes").size(), 1u);
  EXPECT_EQ(tm.concordance("said \"\"\" yes").size(), 1u);
  EXPECT_TRUE(tm.concordance("said AND").empty());  // AND is a word here, and not after "said"
  EXPECT_EQ(tm.concordance("yes*").size(), 1u);
  EXPECT_TRUE(tm.concordance("ye*").empty());  // no prefix search
  for (const char* odd : {"target: dialogue", "NEAR(dialogue call)", "dialogue OR call",
                          "(dialogue", "^dialogue", "dialogue'", "{source} dialogue", "NOT x"})
    EXPECT_NO_THROW(tm.concordance(odd)) << odd;
  EXPECT_TRUE(tm.concordance("NEAR(call for").empty());  // the words near, call, for
  EXPECT_EQ(tm.concordance("(call for)").size(), 1u);
  // Nothing but punctuation is no word: a clear OptionError, not an SQL error.
  for (const char* empty : {"", "   ", "\"\"", "*", "-", "«»—"}) {
    try {
      tm.concordance(empty);
      ADD_FAILURE() << "no OptionError for '" << empty << "'";
    } catch (const OptionError& e) {
      EXPECT_NE(std::string(e.what()).find("no word"), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(tm.concordance(std::string_view("a\0b", 3)), OptionError);
}

TEST_F(ConcordanceTest, LimitAndLanguagesFilter) {
  TranslationMemory tm(path_, Mode::Create);
  tm.import_units(kUnits, "test");
  EXPECT_EQ(tm.concordance("России").size(), 2u);
  EXPECT_EQ(undated(tm.concordance("России", {.limit = 1}).at(0).unit), kUnits[0]);
  EXPECT_EQ(undated(tm.concordance("России", {.source_lang = "fr"}).at(0).unit), kUnits[4]);
  EXPECT_EQ(tm.concordance("России", {.target_lang = "en"}).size(), 1u);
  EXPECT_TRUE(tm.concordance("России", {.source_lang = "de"}).empty());
  EXPECT_THROW(tm.concordance("России", {.limit = 0}), OptionError);
}

TEST_F(ConcordanceTest, EveryOccurrenceInAUnitIsReportedInTextOrder) {
  TranslationMemory tm(path_, Mode::Create);
  tm.import_units({unit("Да, да и ещё раз ДА.", "Yes, yes and yes again.")}, "test");
  const auto hits = tm.concordance("да");
  ASSERT_EQ(hits.size(), 1u);
  ASSERT_EQ(hits[0].source_hits.size(), 3u);
  EXPECT_EQ(hits[0].source_hits[0], (TextSpan{0, 4}));
  EXPECT_EQ(at(hits[0].unit.source, hits[0].source_hits[1]), "да");
  EXPECT_EQ(at(hits[0].unit.source, hits[0].source_hits[2]), "ДА");
  EXPECT_EQ(tm.concordance("yes yes").at(0).target_hits.size(), 1u);
}

TEST_F(ConcordanceTest, ReadOnlyTmCanBeSearched) {
  { TranslationMemory(path_, Mode::Create).import_units(kUnits, "test"); }
  const TranslationMemory tm(path_);
  EXPECT_EQ(tm.concordance("диалогу").size(), 1u);
}

TEST_F(ConcordanceTest, FailedImportLeavesTheIndexInStepWithTheUnits) {
  {
    TranslationMemory tm(path_, Mode::Create);
    tm.import_units({kUnits[0]}, "before");
  }
  {  // SQLite itself fails on the third unit, after two were inserted.
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER boom BEFORE INSERT ON units WHEN NEW.source = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
  }
  {
    TranslationMemory tm(path_, Mode::Create);
    EXPECT_THROW(tm.import_units({kUnits[1], kUnits[2], unit("boom", "bang")}, "failing"),
                 StoreError);
    EXPECT_TRUE(tm.concordance("groundless").empty());
    EXPECT_TRUE(tm.concordance("диалогу").empty());
    EXPECT_EQ(tm.concordance("провокации").size(), 1u);
    tm.import_units({kUnits[2]}, "after");
    EXPECT_EQ(tm.concordance("диалогу").size(), 1u);
  }
  expect_index_consistent(path_);
}

// ---------------------------------------------------- the index built beside an import (empty TM)

// `count` random ru-en units, some of them repeated, in words with case and diacritics to fold.
std::vector<TranslationUnit> random_units(std::size_t count, unsigned seed) {
  static const std::vector<std::string> kWords = {
      "посольство", "России", "ЗАЯВИЛО",   "о",   "новой",   "провокации", "ёлка",    "Йошкар-Ола",
      "café",       "Café",   "naïve",     "the", "Embassy", "reported",   "a",       "new",
      "3,5",        "2026",   "«кавычки»", "—",   "O'Brien", "x",          "диалогу", "встречи"};
  std::mt19937 random(seed);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  const auto sentence = [&] {
    std::string text;
    for (std::size_t i = 0, n = 1 + pick(12); i < n; ++i)
      text += (i ? " " : "") + kWords[pick(kWords.size())];
    return text;
  };
  std::vector<TranslationUnit> units;
  for (std::size_t i = 0; i < count; ++i)
    units.push_back(i > 10 && pick(10) == 0 ? units[pick(units.size())]
                                            : unit(sentence(), sentence()));
  return units;
}

// Imports `units` into a new TM at `path` in batches of 500, with `threads` threads.
void import_in_batches(const std::string& path, const std::vector<TranslationUnit>& units,
                       unsigned threads) {
  TranslationMemory tm(path, Mode::Create);
  TranslationMemory::Import import =
      tm.begin_import(ImportOptions{.origin = "random", .threads = threads});
  for (std::size_t begin = 0; begin < units.size(); begin += 500)
    import.add({units.begin() + static_cast<std::ptrdiff_t>(begin),
                units.begin() + static_cast<std::ptrdiff_t>(std::min(begin + 500, units.size()))});
  import.commit();
}

// The rows of FTS5's shadow tables of units_text: the whole full-text index. (Row 10 of
// units_text_data, the structure record, starts with a 4-byte cookie that FTS5 bumps at each
// change of the table's configuration; it is left out.)
std::vector<std::string> index_rows(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::vector<std::string> rows;
  for (const char* sql : {"SELECT id, hex(iif(id = 10, substr(block, 5), block)) "
                          "FROM units_text_data ORDER BY id",
                          "SELECT segid, hex(term), typeof(term), pgno FROM units_text_idx "
                          "ORDER BY segid, term"}) {
    SQLite::Statement select(db, sql);
    while (select.executeStep()) {
      std::string row;
      for (int i = 0; i < select.getColumnCount(); ++i)
        row += select.getColumn(i).getString() + "|";
      rows.push_back(row);
    }
  }
  return rows;
}

TEST_F(ConcordanceTest, IndexBuiltBesideAnImportEqualsTheOneBuiltAtItsCommit) {
  const std::vector<TranslationUnit> units = random_units(4000, 7);
  const std::string beside = (dir_ / "beside.db").string();
  const std::string at_commit = (dir_ / "at_commit.db").string();
  import_in_batches(beside, units, 2);     // the index is built on a thread of its own
  import_in_batches(at_commit, units, 1);  // one thread: the commit indexes the new units
  const std::vector<std::string> rows = index_rows(beside);
  EXPECT_GT(rows.size(), 2u);
  EXPECT_EQ(rows, index_rows(at_commit));
  expect_index_consistent(beside);
  const TranslationMemory tm(beside);
  EXPECT_EQ(tm.concordance("cafe", {.limit = 100000}).size(),
            TranslationMemory(at_commit).concordance("cafe", {.limit = 100000}).size());
}

TEST_F(ConcordanceTest, SearchBeforeAndAfterImportsIntoAnEmptyTmSeesEveryUnit) {
  TranslationMemory tm(path_, Mode::Create);
  EXPECT_TRUE(tm.concordance("диалогу").empty());  // this connection reads the empty index
  tm.import_units({kUnits[0], kUnits[2]},
                  ImportOptions{.origin = "first", .threads = 2});  // built beside it
  EXPECT_EQ(tm.concordance("диалогу").size(), 1u);
  EXPECT_EQ(tm.concordance("провокации").size(), 1u);
  tm.import_units({kUnits[1], kUnits[3]}, "second");  // added at the commit
  EXPECT_EQ(tm.concordance("groundless").size(), 1u);
  EXPECT_EQ(tm.concordance("новой").size(), 2u);
  expect_index_consistent(path_);
}

TEST_F(ConcordanceTest, FailedImportIntoAnEmptyTmLeavesAnEmptyIndexThatLaterImportsFill) {
  { TranslationMemory(path_, Mode::Create); }
  {
    SQLite::Database db(path_, SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER boom BEFORE INSERT ON units WHEN NEW.source = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
  }
  TranslationMemory tm(path_, Mode::Create);
  EXPECT_THROW(tm.import_units({kUnits[1], kUnits[2], unit("boom", "bang")},
                               ImportOptions{.origin = "failing", .threads = 2}),
               StoreError);
  EXPECT_TRUE(tm.concordance("диалогу").empty());
  expect_index_consistent(path_);
  tm.import_units({kUnits[2]}, "after");
  EXPECT_EQ(tm.concordance("диалогу").size(), 1u);
  expect_index_consistent(path_);
}

TEST_F(ConcordanceTest, ImportAbandonedBeforeItsCommitLeavesNothingBehind) {
  TranslationMemory tm(path_, Mode::Create);
  {
    TranslationMemory::Import import =
        tm.begin_import(ImportOptions{.origin = "abandoned", .threads = 2});
    const std::vector<TranslationUnit> units = random_units(6000, 11);
    for (std::size_t begin = 0; begin < units.size(); begin += 200)
      import.add({units.begin() + static_cast<std::ptrdiff_t>(begin),
                  units.begin() + static_cast<std::ptrdiff_t>(begin + 200)});
  }  // no commit: rolled back, and the thread building the index stops
  EXPECT_EQ(tm.stats().units, 0u);
  EXPECT_TRUE(tm.concordance("cafe").empty());
  tm.import_units(kUnits, "after");
  EXPECT_EQ(tm.concordance("диалогу").size(), 1u);
  expect_index_consistent(path_);
}

TEST_F(ConcordanceTest, RepeatedUnitsOfAnImportIntoAnEmptyTmAreIndexedOnce) {
  TranslationMemory tm(path_, Mode::Create);
  const ImportResult result = tm.import_units({kUnits[2], kUnits[2], kUnits[3], kUnits[2]},
                                              ImportOptions{.origin = "x", .threads = 2});
  EXPECT_EQ(result.units_added, 2u);
  EXPECT_EQ(tm.concordance("диалогу").size(), 1u);
  expect_index_consistent(path_);
}

}  // namespace
}  // namespace tmalign
