#include "tmalign/store/translation_memory.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "support/temp_file.h"
#include "support/units.h"
#include "tmalign/core/error.h"
#include "tmalign/match/fuzzy.h"

namespace tmalign {
namespace {

using testing::undated;

namespace fs = std::filesystem;
using Mode = TranslationMemory::Mode;

using testing::TempDir;

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TranslationUnit ru_en(std::string source, std::string target, std::string document = "doc.txt",
                      std::int64_t position = 0) {
  return {std::move(source), std::move(target), "ru", "en", std::move(document), position, 0.9};
}

const std::vector<TranslationUnit> kEmbassy = {
    ru_en("Посольство России в США заявило о новой провокации.",
          "The Russian Embassy in the US reported a new provocation.", "embassy", 0),
    ru_en("Обвинения в кибератаках беспочвенны.", "The cyber-attack allegations are groundless.",
          "embassy", 1),
    ru_en("Мы призываем к диалогу.", "We call for dialogue.", "embassy", 2),
};

template <class F>
std::string store_error_message(F&& open) {
  try {
    open();
  } catch (const StoreError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no StoreError";
  return "";
}

TEST(TranslationMemory, ImportThenQueryReturnsStoredTargetAt100) {
  TranslationMemory tm(":memory:", Mode::Create);
  const ImportResult result = tm.import_units(kEmbassy, "embassy ru+en");
  EXPECT_EQ(result.units_read, 3u);
  EXPECT_EQ(result.units_added, 3u);
  EXPECT_EQ(result.units_known, 0u);

  const std::vector<Match> matches = tm.query("Обвинения в кибератаках беспочвенны.");
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].score, 100);
  EXPECT_EQ(undated(matches[0].unit), kEmbassy[1]);
}

TEST(TranslationMemory, OneWordChangedScoresBelow100AndAbove70) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units(kEmbassy, "embassy");
  const std::vector<Match> matches =
      tm.query("Посольство России в США заявило о старой провокации.");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].score, 87);
  EXPECT_EQ(matches[0].unit.target, kEmbassy[0].target);
}

TEST(TranslationMemory, StoresIdenticalPairsOnceAndKeepsFirstProvenance) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units(kEmbassy, "first");
  std::vector<TranslationUnit> again = kEmbassy;
  for (TranslationUnit& unit : again) unit.document = "reprint";
  again.push_back(again[0]);  // a duplicate inside one import, too
  const ImportResult second = tm.import_units(again, "second");
  EXPECT_EQ(second.units_read, 4u);
  EXPECT_EQ(second.units_added, 0u);
  EXPECT_EQ(second.units_known, 4u);

  EXPECT_EQ(undated(tm.units()), kEmbassy);  // first occurrences: document "embassy"
  const StoreStats stats = tm.stats();
  EXPECT_EQ(stats.units, 3u);
  EXPECT_EQ(stats.imports, 2u);
  EXPECT_EQ(stats.documents, 2u);  // "embassy" and "reprint"
}

TEST(TranslationMemory, SameSourceWithAnotherTargetIsAnotherUnit) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units({ru_en("Мы призываем к диалогу.", "We call for dialogue."),
                   ru_en("Мы призываем к диалогу.", "We urge dialogue.")},
                  "two");
  const std::vector<Match> matches = tm.query("Мы призываем к диалогу.");
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].unit.target, "We call for dialogue.");  // tie: older unit first
  EXPECT_EQ(matches[1].unit.target, "We urge dialogue.");
}

TEST(TranslationMemory, UnknownProvenanceRoundTrips) {
  TranslationMemory tm(":memory:", Mode::Create);
  const TranslationUnit unit{"Да.", "Yes.", "ru", "en", "", -1, 1.0};
  tm.import_units({unit}, "tmx");
  EXPECT_EQ(undated(tm.units()), std::vector<TranslationUnit>{unit});
  EXPECT_EQ(tm.stats().documents, 0u);
}

TEST(TranslationMemory, InvalidUnitNamesItsIndexAndStoresNothing) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units({kEmbassy[0]}, "before");
  std::vector<TranslationUnit> batch = kEmbassy;
  batch.insert(batch.begin() + 1, ru_en("Источник", ""));
  try {
    tm.import_units(batch, "broken");
    FAIL() << "no OptionError";
  } catch (const OptionError& e) {
    EXPECT_STREQ(e.what(), "translation unit 1: empty target text");
  }
  const StoreStats stats = tm.stats();
  EXPECT_EQ(stats.units, 1u);
  EXPECT_EQ(stats.imports, 1u);
}

TEST(TranslationMemory, RejectsEmptyLanguagesAndScoresOutsideZeroToOne) {
  TranslationMemory tm(":memory:", Mode::Create);
  TranslationUnit no_lang = kEmbassy[0];
  no_lang.target_lang.clear();
  EXPECT_THROW(tm.import_units({no_lang}, "x"), OptionError);
  TranslationUnit bad_score = kEmbassy[0];
  bad_score.score = 1.5;
  EXPECT_THROW(tm.import_units({bad_score}, "x"), OptionError);
  EXPECT_EQ(tm.stats().imports, 0u);
}

TEST(TranslationMemory, DatabaseFailureMidImportRollsEverythingBack) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  {
    TranslationMemory tm(path, Mode::Create);
    tm.import_units({kEmbassy[0]}, "before");
  }
  {  // A trigger makes SQLite itself fail on the third unit, after two were inserted.
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(
        "CREATE TRIGGER boom BEFORE INSERT ON units WHEN NEW.source = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'boom refused'); END");
  }
  TranslationMemory tm(path, Mode::Create);
  const std::vector<TranslationUnit> batch = {kEmbassy[1], kEmbassy[2], ru_en("boom", "bang")};
  const std::string message = store_error_message([&] { tm.import_units(batch, "failing"); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_NE(message.find("boom refused"), std::string::npos) << message;
  const StoreStats stats = tm.stats();
  EXPECT_EQ(stats.units, 1u);
  EXPECT_EQ(stats.imports, 1u);
  EXPECT_EQ(undated(tm.units()), std::vector<TranslationUnit>{kEmbassy[0]});
}

TEST(TranslationMemory, ReadOnlyOnMissingFileThrowsAndCreatesNothing) {
  TempDir dir;
  const std::string path = dir.file("missing.db");
  const std::string message = store_error_message([&] { TranslationMemory tm(path); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(path));
  EXPECT_EQ(dir.entries(), 0u);
}

TEST(TranslationMemory, ReadOnlyReadsWithoutWriting) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  { TranslationMemory(path, Mode::Create).import_units(kEmbassy, "embassy"); }
  const std::string before = read_bytes(path);
  {
    TranslationMemory tm(path, Mode::ReadOnly);
    EXPECT_EQ(undated(tm.units()), kEmbassy);
    EXPECT_EQ(tm.query(kEmbassy[2].source).at(0).score, 100);
    EXPECT_THROW(tm.import_units({ru_en("Новое", "New")}, "x"), StoreError);
  }
  EXPECT_EQ(read_bytes(path), before);
  // A reader leaves no -wal or -shm companion files behind in the user's folder.
  EXPECT_FALSE(fs::exists(path + "-wal"));
  EXPECT_FALSE(fs::exists(path + "-shm"));
}

// (Run as root, access(W_OK) grants writing anyway and the read-write branch is taken.)
TEST(TranslationMemory, ReadOnlyOpensAFileTheUserMayNotWrite) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  { TranslationMemory(path, Mode::Create).import_units(kEmbassy, "embassy"); }
  fs::permissions(path, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                  fs::perm_options::remove);
  {
    TranslationMemory tm(path, Mode::ReadOnly);  // a file the user may not write: still readable
    EXPECT_EQ(undated(tm.units()), kEmbassy);
  }
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
}

TEST(TranslationMemory, ReopenAfterCloseKeepsData) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  { TranslationMemory(path, Mode::Create).import_units(kEmbassy, "embassy"); }
  {
    TranslationMemory tm(path, Mode::Create);
    EXPECT_EQ(undated(tm.units()), kEmbassy);
    tm.import_units({ru_en("Новое", "New")}, "more");
  }
  const TranslationMemory tm(path);
  EXPECT_EQ(tm.stats().units, 4u);
  EXPECT_EQ(tm.stats().imports, 2u);
  EXPECT_EQ(tm.path(), path);
}

TEST(TranslationMemory, FileUsesWalAndCarriesSchemaVersionAndApplicationId) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  { TranslationMemory tm(path, Mode::Create); }
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("PRAGMA user_version").getInt(), TranslationMemory::kSchemaVersion);
  EXPECT_NE(db.execAndGet("PRAGMA application_id").getInt(), 0);
}

// The first import into a TM writes its pages once, in rollback-journal mode, then sets WAL mode
// back; its units are committed, with no journal left.
TEST(TranslationMemory, ImportIntoAnEmptyTmLeavesTheFileInWalMode) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  {
    TranslationMemory tm(path, Mode::Create);
    tm.import_units(kEmbassy, "first");
    tm.import_units({ru_en("Новой встречи не будет.", "There will be no new meeting.")}, "second");
  }
  EXPECT_FALSE(std::filesystem::exists(path + "-journal"));
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM units").getInt(), 4);
}

// Another connection keeps the file from leaving WAL mode; the import goes on in WAL mode, and
// the reader sees the units once it is committed.
TEST(TranslationMemory, ImportIntoAnEmptyTmThatAnotherConnectionHasOpenStaysInWalMode) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  TranslationMemory tm(path, Mode::Create);
  const TranslationMemory reader(path);
  EXPECT_TRUE(reader.query(kEmbassy[2].source).empty());
  tm.import_units(kEmbassy, "first");
  EXPECT_EQ(reader.query(kEmbassy[2].source).size(), 1u);
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
}

TEST(TranslationMemory, SqliteMemoryStatisticsCannotBeTurnedOffOnceSqliteIsInUse) {
  TempDir dir;
  TranslationMemory tm(dir.file("tm.db"), Mode::Create);
  EXPECT_FALSE(disable_sqlite_memory_statistics());
  tm.import_units(kEmbassy, "after");  // nothing changed
  EXPECT_EQ(tm.stats().units, kEmbassy.size());
}

TEST(TranslationMemory, EmptyFileIsMigratedFromSchemaZero) {
  TempDir dir;
  const std::string path = dir.file("empty.db");
  std::ofstream(path).close();
  TranslationMemory tm(path, Mode::Create);
  EXPECT_EQ(tm.stats().schema_version, TranslationMemory::kSchemaVersion);
  EXPECT_EQ(tm.stats().units, 0u);
}

TEST(TranslationMemory, ReadOnlyRefusesAnEmptyFile) {
  TempDir dir;
  const std::string path = dir.file("empty.db");
  std::ofstream(path).close();
  EXPECT_NE(store_error_message([&] { TranslationMemory tm(path); }).find(path), std::string::npos);
}

TEST(TranslationMemory, RejectsATextFileNamingItAndKeepingSqliteCode) {
  TempDir dir;
  const std::string path = dir.file("notes.txt");
  const std::string text = "Это не база данных, а просто текст.\n";
  std::ofstream(path) << text;
  try {
    TranslationMemory tm(path, Mode::Create);
    FAIL() << "no StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_EQ(e.sqlite_code(), SQLITE_NOTADB);
  }
  EXPECT_EQ(read_bytes(path), text);
}

TEST(TranslationMemory, RejectsSqliteFileOfAnotherApplication) {
  TempDir dir;
  const std::string path = dir.file("other.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA application_id = 42; CREATE TABLE notes(text TEXT)");
  }
  const std::string before = read_bytes(path);
  const std::string message =
      store_error_message([&] { TranslationMemory tm(path, Mode::Create); });
  EXPECT_NE(message.find(path + ": not a tmalign translation memory"), std::string::npos)
      << message;
  EXPECT_EQ(read_bytes(path), before);
}

TEST(TranslationMemory, RejectsSqliteFileWithoutApplicationIdButWithTables) {
  TempDir dir;
  const std::string path = dir.file("other.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE units(x)");
  }
  const std::string message =
      store_error_message([&] { TranslationMemory tm(path, Mode::Create); });
  EXPECT_NE(message.find("not a tmalign translation memory"), std::string::npos) << message;
}

TEST(TranslationMemory, RejectsSchemaFromANewerBuild) {
  TempDir dir;
  const std::string path = dir.file("future.db");
  { TranslationMemory tm(path, Mode::Create); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  for (const Mode mode : {Mode::ReadOnly, Mode::Create}) {
    const std::string message = store_error_message([&] { TranslationMemory tm(path, mode); });
    EXPECT_EQ(message, path + ": created by a newer tmalign (schema 99, this build knows " +
                           std::to_string(TranslationMemory::kSchemaVersion) + ")");
  }
}

TEST(TranslationMemory, FiltersByLanguage) {
  TranslationMemory tm(":memory:", Mode::Create);
  TranslationUnit german = kEmbassy[2];
  german.target_lang = "de";
  german.target = "Wir rufen zum Dialog auf.";
  tm.import_units({kEmbassy[2], german}, "two languages");

  EXPECT_EQ(tm.query(german.source).size(), 2u);
  const std::vector<Match> de = tm.query(german.source, {.target_lang = "de"});
  ASSERT_EQ(de.size(), 1u);
  EXPECT_EQ(undated(de[0].unit), german);
  EXPECT_EQ(undated(tm.query(german.source, {.source_lang = "ru", .target_lang = "en"}).at(0).unit),
            kEmbassy[2]);
  EXPECT_TRUE(tm.query(german.source, {.source_lang = "en"}).empty());

  const StoreStats stats = tm.stats();
  ASSERT_EQ(stats.language_pairs.size(), 2u);
  EXPECT_EQ(stats.language_pairs[0].target_lang, "de");
  EXPECT_EQ(stats.language_pairs[1].units, 1u);
}

TEST(TranslationMemory, RespectsLimitAndMinScore) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units({ru_en("один два три четыре", "1"), ru_en("один два три пять", "2"),
                   ru_en("один два шесть семь", "3"), ru_en("восемь девять", "4")},
                  "numbers");
  const std::string query = "один два три четыре";
  std::vector<Match> matches = tm.query(query, {.min_score = 0, .limit = 10});
  ASSERT_EQ(matches.size(), 4u);
  EXPECT_EQ(matches[0].score, 100);
  EXPECT_EQ(matches[1].score, 75);
  EXPECT_EQ(matches[2].score, 50);
  EXPECT_EQ(matches[3].score, 0);

  matches = tm.query(query, {.min_score = 50, .limit = 2});
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[1].unit.target, "2");
  EXPECT_EQ(tm.query(query, {.min_score = 51, .limit = 10}).size(), 2u);
  EXPECT_EQ(tm.query(query, {.min_score = 101}).size(), 0u);
}

TEST(QueryOptions, ValidateRejectsScoresOutsideRangeAndZeroLimit) {
  EXPECT_NO_THROW(QueryOptions{}.validate());
  EXPECT_NO_THROW((QueryOptions{.min_score = 101}).validate());
  EXPECT_THROW((QueryOptions{.min_score = -1}).validate(), OptionError);
  EXPECT_THROW((QueryOptions{.min_score = 102}).validate(), OptionError);
  EXPECT_THROW((QueryOptions{.limit = 0}).validate(), OptionError);
  TranslationMemory tm(":memory:", Mode::Create);
  EXPECT_THROW(tm.query("x", {.limit = 0}), OptionError);
}

// The fast query (token-count prefilter, bounded heap) against an exhaustive scan with
// fuzzy_score over units(), on a small random TM.
TEST(TranslationMemory, QueryEqualsBruteForceScanOnRandomTm) {
  std::mt19937 random(7);
  const std::vector<std::string> words = {"мир", "Мир", "дом", "дома", "кот", "1", "в", "—", ","};
  const auto sentence = [&](std::size_t max_words) {
    std::string text;
    const std::size_t n = 1 + random() % max_words;
    for (std::size_t i = 0; i < n; ++i) text += (i ? " " : "") + words[random() % words.size()];
    return text;
  };
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"ru", "en"}, {"ru", "de"}, {"uk", "en"}};
  TranslationMemory tm(":memory:", Mode::Create);
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<TranslationUnit> units;
    for (int i = 0; i < 60; ++i) {
      const auto& [source_lang, target_lang] = pairs[random() % pairs.size()];
      units.push_back({sentence(8), std::string("t").append(std::to_string(random() % 3)),
                       source_lang, target_lang, "doc", i, 0.5});
    }
    tm.import_units(units, std::string("batch ").append(std::to_string(batch)));
  }
  const std::vector<TranslationUnit> all = tm.units();

  int rounds_with_matches = 0;
  for (int round = 0; round < 300; ++round) {
    QueryOptions options;
    options.min_score = static_cast<int>(random() % 102);
    options.limit = 1 + random() % 8;
    if (random() % 2) options.source_lang = pairs[random() % pairs.size()].first;
    if (random() % 2) options.target_lang = pairs[random() % pairs.size()].second;
    const std::string query = sentence(9);

    std::vector<Match> expected;
    for (const TranslationUnit& unit : all) {  // units() is in id order: older first
      if (!options.source_lang.empty() && unit.source_lang != options.source_lang) continue;
      if (!options.target_lang.empty() && unit.target_lang != options.target_lang) continue;
      const int score = fuzzy_score(query, unit.source);
      if (score >= options.min_score) expected.push_back({score, unit});
    }
    std::stable_sort(expected.begin(), expected.end(),
                     [](const Match& a, const Match& b) { return a.score > b.score; });
    if (expected.size() > options.limit) expected.resize(options.limit);

    const std::vector<Match> actual = tm.query(query, options);
    rounds_with_matches += !expected.empty();
    ASSERT_EQ(actual.size(), expected.size()) << "round " << round << ": " << query;
    for (std::size_t i = 0; i < actual.size(); ++i) {
      ASSERT_EQ(actual[i].score, expected[i].score) << "round " << round << " match " << i;
      ASSERT_EQ(actual[i].unit, expected[i].unit) << "round " << round << " match " << i;
    }
  }
  EXPECT_GT(rounds_with_matches, 100) << "the random queries should mostly find something";
}

}  // namespace
}  // namespace tmalign
