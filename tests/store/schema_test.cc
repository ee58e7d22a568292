// Schema 4 of the TM: collections, creator and dates, conflicting translations, context (101 %)
// matches, imports in batches, and the migration of a schema-3 file.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <string>
#include <vector>

#include "store/old_schemas.h"
#include "support/temp_file.h"
#include "support/units.h"
#include "tmalign/core/error.h"
#include "tmalign/core/text.h"
#include "tmalign/store/translation_memory.h"

namespace tmalign {
namespace {

using Mode = TranslationMemory::Mode;
using testing::TempDir;
using testing::undated;

TranslationUnit ru_en(std::string source, std::string target) {
  return {std::move(source), std::move(target), "ru", "en", "doc.txt", 0, 1.0};
}

std::vector<std::string> targets(const std::vector<Match>& matches) {
  std::vector<std::string> out;
  for (const Match& match : matches) out.push_back(match.unit.target);
  return out;
}

std::vector<int> scores(const std::vector<Match>& matches) {
  std::vector<int> out;
  for (const Match& match : matches) out.push_back(match.score);
  return out;
}

TEST(Collections, AreQueriedTogetherOrApart) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units({ru_en("Договор вступает в силу.", "The treaty enters into force.")},
                  ImportOptions{.origin = "law", .collection = "law"});
  tm.import_units({ru_en("Договор вступает в силу.", "The contract takes effect.")},
                  ImportOptions{.origin = "business", .collection = "business"});
  const std::string query = "Договор вступает в силу.";
  EXPECT_EQ(targets(tm.query(query)), (std::vector<std::string>{"The treaty enters into force.",
                                                                "The contract takes effect."}));
  EXPECT_EQ(targets(tm.query(query, {.collections = {"business"}})),
            std::vector<std::string>{"The contract takes effect."});
  EXPECT_EQ(tm.query(query, {.collections = {"law", "business"}}).size(), 2u);
  EXPECT_EQ(tm.concordance("силу", {.collections = {"law"}}).size(), 1u);
  EXPECT_EQ(tm.units({"business"}).size(), 1u);
  const StoreStats stats = tm.stats();
  EXPECT_EQ(stats.collections, (std::vector<std::string>{"default", "law", "business"}));
  ASSERT_EQ(stats.language_pairs.size(), 2u);
  EXPECT_EQ(stats.language_pairs[0].collection, "law");
}

TEST(Collections, AnIdenticalPairIsStoredOncePerCollection) {
  TranslationMemory tm(":memory:", Mode::Create);
  const TranslationUnit unit = ru_en("Добрый день.", "Good afternoon.");
  EXPECT_EQ(tm.import_units({unit, unit}, ImportOptions{.collection = "a"}).units_added, 1u);
  EXPECT_EQ(tm.import_units({unit}, ImportOptions{.collection = "a"}).units_known, 1u);
  EXPECT_EQ(tm.import_units({unit}, ImportOptions{.collection = "b"}).units_added, 1u);
  EXPECT_EQ(tm.stats().units, 2u);
}

TEST(Collections, AnUnknownNameIsAnOptionErrorListingTheKnownOnes) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units({ru_en("Да.", "Yes.")}, ImportOptions{.collection = "law"});
  try {
    tm.query("Да.", {.collections = {"lwa"}});
    FAIL() << "no OptionError";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("no collection 'lwa'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("default, law"), std::string::npos) << e.what();
  }
  EXPECT_THROW(tm.units({"nope"}), OptionError);
  EXPECT_THROW(tm.import_units({ru_en("Да.", "Yes.")}, ImportOptions{.collection = ""}),
               OptionError);
  EXPECT_THROW(tm.import_units({ru_en("Да.", "Yes.")}, ImportOptions{.collection = "a\nb"}),
               OptionError);
}

TEST(Provenance, CreatorAndDatesRoundTrip) {
  TranslationMemory tm(":memory:", Mode::Create);
  TranslationUnit unit = ru_en("Проверка.", "Check.");
  unit.created_at = "2019-03-04T05:06:07Z";
  unit.created_by = "anna";
  unit.changed_at = "2021-12-31T23:59:59Z";
  unit.changed_by = "boris";
  tm.import_units({unit}, "tmx");
  EXPECT_EQ(tm.units().at(0), unit);
}

TEST(Provenance, AUnitWithoutADateIsDatedByItsImport) {
  TranslationMemory tm(":memory:", Mode::Create);
  const auto before = std::chrono::system_clock::now() - std::chrono::seconds(2);
  tm.import_units({ru_en("Проверка.", "Check.")}, "now");
  const std::string created = tm.units().at(0).created_at;
  ASSERT_EQ(created.size(), 20u) << created;
  const auto after = std::chrono::system_clock::now() + std::chrono::seconds(2);
  const auto format = [](std::chrono::system_clock::time_point t) {
    const std::time_t time = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text);
  };
  EXPECT_LE(format(before), created);
  EXPECT_GE(format(after), created);
}

TEST(Provenance, ALaterChangeOfAKnownPairBecomesItsChangeDate) {
  TranslationMemory tm(":memory:", Mode::Create);
  TranslationUnit unit = ru_en("Проверка.", "Check.");
  unit.created_at = "2019-01-01T00:00:00Z";
  tm.import_units({unit}, "first");
  TranslationUnit again = unit;
  again.changed_at = "2020-01-01T00:00:00Z";
  again.changed_by = "vera";
  tm.import_units({again}, "second");
  TranslationUnit older = unit;
  older.changed_at = "2019-06-01T00:00:00Z";
  older.changed_by = "old";
  tm.import_units({older}, "third: older than what is stored, changes nothing");
  const TranslationUnit stored = tm.units().at(0);
  EXPECT_EQ(stored.created_at, "2019-01-01T00:00:00Z");
  EXPECT_EQ(stored.changed_at, "2020-01-01T00:00:00Z");
  EXPECT_EQ(stored.changed_by, "vera");
}

TEST(Provenance, AMalformedDateIsAnOptionErrorNamingTheUnitAndValue) {
  TranslationMemory tm(":memory:", Mode::Create);
  TranslationUnit unit = ru_en("Проверка.", "Check.");
  for (const char* bad : {"2019-13-01T00:00:00Z", "2019-02-29T00:00:00Z", "20190101T000000Z",
                          "yesterday", "2019-01-01T00:00:00+03:00"}) {
    unit.created_at = bad;
    try {
      tm.import_units({ru_en("Да.", "Yes."), unit}, "bad");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const OptionError& e) {
      EXPECT_NE(std::string(e.what()).find("translation unit 1"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(tm.stats().units, 0u);
  unit.created_at = "2020-02-29T12:00:00.250Z";  // a leap day, and a fraction that is dropped
  tm.import_units({unit}, "good");
  EXPECT_EQ(tm.units().at(0).created_at, "2020-02-29T12:00:00Z");
}

TEST(ConflictingTranslations, AreKeptSideBySideWithTheirDates) {
  TranslationMemory tm(":memory:", Mode::Create);
  TranslationUnit first = ru_en("Ключ под ковриком.", "The key is under the mat.");
  first.created_at = "2018-05-05T10:00:00Z";
  TranslationUnit second = ru_en("Ключ под ковриком.", "The key's under the doormat.");
  second.created_at = "2023-07-07T10:00:00Z";
  tm.import_units({first}, "old project");
  tm.import_units({second}, "new project");
  const std::vector<Match> matches = tm.query("Ключ под ковриком.");
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(scores(matches), (std::vector<int>{100, 100}));
  EXPECT_EQ(matches[0].unit, first);
  EXPECT_EQ(matches[1].unit, second);
}

// The three sentences of a document around a unit, as make_units() would record them.
TranslationUnit in_context(TranslationUnit unit, std::string_view before, std::string_view after) {
  unit.context_before = context_hash(before);
  unit.context_after = context_hash(after);
  return unit;
}

TEST(ContextMatch, Scores101OnlyBetweenTheSameSentences) {
  TranslationMemory tm(":memory:", Mode::Create);
  const TranslationUnit yes_a = in_context(ru_en("Да.", "Yes."), "Вы придёте?", "Тогда до завтра.");
  const TranslationUnit yes_b = in_context(ru_en("Да.", "Indeed."), "Это правда?", "Я сам видел.");
  tm.import_units({yes_a, yes_b}, "dialogues");

  QueryOptions options;
  options.context_before = context_hash("Это  правда?");  // white space does not matter
  options.context_after = context_hash("Я сам видел.");
  EXPECT_EQ(scores(tm.query("Да.", options)), (std::vector<int>{101, 100}));
  EXPECT_EQ(tm.query("Да.", options).at(0).unit.target, "Indeed.");
  // With room for one match only, the context match is the one.
  options.limit = 1;
  EXPECT_EQ(targets(tm.query("Да.", options)), std::vector<std::string>{"Indeed."});
  // min_score 101 keeps the context matches only.
  options.limit = 5;
  options.min_score = 101;
  EXPECT_EQ(targets(tm.query("Да.", options)), std::vector<std::string>{"Indeed."});
  // One neighbour is not enough; no context, no 101.
  options.min_score = 50;
  options.context_after = context_hash("Тогда до завтра.");
  EXPECT_EQ(scores(tm.query("Да.", options)), (std::vector<int>{100, 100}));
  EXPECT_EQ(scores(tm.query("Да.")), (std::vector<int>{100, 100}));
  // A fuzzy match in the same context stays fuzzy.
  options.context_before = context_hash("Это правда?");
  options.context_after = context_hash("Я сам видел.");
  EXPECT_LT(tm.query("Да!", options).at(0).score, 101);
  // The exhaustive scan agrees.
  QueryOptions exhaustive = options;
  exhaustive.exhaustive = true;
  EXPECT_EQ(scores(tm.query("Да.", exhaustive)), scores(tm.query("Да.", options)));
}

TEST(ContextMatch, AnyOccurrenceOfAPairGivesItsContext) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units({in_context(ru_en("Да.", "Yes."), "Первый?", "Первый.")}, "one");
  tm.import_units({in_context(ru_en("Да.", "Yes."), "Второй?", "Второй.")}, "two");
  EXPECT_EQ(tm.stats().units, 1u);
  QueryOptions options;
  options.context_before = context_hash("Второй?");
  options.context_after = context_hash("Второй.");
  EXPECT_EQ(tm.query("Да.", options).at(0).score, 101);
}

TEST(NumberSubstitution, AMatchThatDiffersInNumbersOnlyOffersTheQuerysNumbers) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units(
      {ru_en("В 2019 году продано 1 500,5 тонн.", "In 2019, 1,500.5 tonnes were sold.")}, "report");
  const std::vector<Match> matches = tm.query("В 2023 году продано 2 000,25 тонн.");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_LT(matches[0].score, 100);  // the score stays: numbers are words to the distance
  EXPECT_EQ(matches[0].unit.target, "In 2019, 1,500.5 tonnes were sold.");
  EXPECT_EQ(matches[0].adapted_target, "In 2023, 2,000.25 tonnes were sold.");
  // Another word changed: no substitution.
  EXPECT_EQ(tm.query("В 2023 году куплено 2 000,25 тонн.", {.min_score = 0}).at(0).adapted_target,
            "");
  // The same text: nothing to adapt.
  EXPECT_EQ(tm.query("В 2019 году продано 1 500,5 тонн.").at(0).adapted_target, "");
}

TEST(NumberSubstitution, ALanguageThatIsNotATagDoesNotBreakTheQuery) {
  TranslationMemory tm(":memory:", Mode::Create);
  TranslationUnit unit = ru_en("Глава 3, страница 12.", "Chapter 3, page 12.");
  unit.source_lang = "russian";  // the store takes any name
  unit.target_lang = "english";
  tm.import_units({unit}, "odd names");
  const std::vector<Match> matches = tm.query("Глава 4, страница 12.");
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].adapted_target, "Chapter 4, page 12.");
}

TEST(Import, BatchesAreOneTransactionAndAnUncommittedImportLeavesNothing) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  {
    TranslationMemory tm(path, Mode::Create);
    {
      TranslationMemory::Import import = tm.begin_import({.origin = "abandoned"});
      import.add({ru_en("Один.", "One.")});
      import.add({ru_en("Два.", "Two.")});
      EXPECT_EQ(import.units_read(), 2u);
    }  // destroyed uncommitted: rolled back
    EXPECT_EQ(tm.stats().units, 0u);
    EXPECT_EQ(tm.stats().imports, 0u);
    TranslationMemory::Import import = tm.begin_import({.origin = "kept", .collection = "c"});
    import.add({ru_en("Один.", "One.")});
    TranslationUnit bad = ru_en("Два.", "Two.");
    bad.score = 2;
    try {
      import.add({ru_en("Три.", "Three."), bad});
      ADD_FAILURE() << "no OptionError";
    } catch (const OptionError& e) {  // numbered over the whole import
      EXPECT_NE(std::string(e.what()).find("translation unit 2"), std::string::npos) << e.what();
    }
    import.add({ru_en("Четыре.", "Four.")});
    const ImportResult result = import.commit();
    EXPECT_EQ(result.units_read, 2u);
    EXPECT_EQ(result.units_added, 2u);
    EXPECT_THROW(import.commit(), Error);
    EXPECT_THROW(import.add({ru_en("Пять.", "Five.")}), Error);
  }
  const TranslationMemory tm(path);
  EXPECT_EQ(tm.stats().units, 2u);
  EXPECT_EQ(tm.units({"c"}).size(), 2u);
}

TEST(Migration, Schema3FileKeepsUnitsProvenanceAndDatesAndGainsCollections) {
  TempDir dir;
  const std::string path = dir.file("v3.db");
  std::vector<TranslationUnit> units = {
      {"Посольство заявило о провокации.", "The embassy reported a provocation.", "ru", "en",
       "news.txt", 0, 0.75},
      {"Мы призываем к диалогу.", "We call for dialogue.", "ru", "en", "news.txt", 1, 1.0},
      {"Мы призываем к диалогу.", "We call for dialogue.", "ru", "en", "other.txt", 7, 1.0},
      {"Guten Tag.", "Bonjour.", "de", "fr", "", -1, 1.0},
  };
  testing::write_schema3_tm(path, units);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE units SET created_at = '2024-01-02T03:04:05.678Z' WHERE id = 1");
  }
  EXPECT_THROW(TranslationMemory tm(path), StoreError);  // read-only does not migrate
  {
    TranslationMemory tm(path, Mode::Create);
    const StoreStats stats = tm.stats();
    EXPECT_EQ(stats.schema_version, 4);
    EXPECT_EQ(stats.units, 3u);
    EXPECT_EQ(stats.documents, 2u);
    EXPECT_EQ(stats.collections, std::vector<std::string>{"default"});
    const std::vector<TranslationUnit> stored = tm.units();
    ASSERT_EQ(stored.size(), 3u);
    EXPECT_EQ(stored[0].created_at, "2024-01-02T03:04:05Z");
    EXPECT_EQ(undated(stored), (std::vector<TranslationUnit>{units[0], units[1], units[3]}));
    EXPECT_EQ(tm.query("Мы призываем к диалогу.", {.collections = {"default"}}).at(0).score, 100);
    EXPECT_EQ(tm.concordance("провокации").size(), 1u);
    tm.import_units({ru_en("Мы призываем к диалогу.", "We call for dialogue.")}, "after");
    EXPECT_EQ(tm.stats().units, 3u);  // the migrated pair is found by its key
  }
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM pragma_foreign_key_check").getInt(), 0);
}

}  // namespace
}  // namespace tmalign
