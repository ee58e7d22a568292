// The fuzzy-match index in the TM file (src/store/token_index.cc), tested through
// TranslationMemory: its answers against the exhaustive reference scan, the migration that builds
// it for schema-1 files, and imports killed while writing it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/Database.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "store/old_schemas.h"
#include "support/temp_file.h"
#include "support/units.h"
#include "tmalign/core/error.h"
#include "tmalign/match/fuzzy.h"
#include "tmalign/store/translation_memory.h"

namespace tmalign {
namespace {

using testing::undated;
using testing::write_schema1_tm;

namespace fs = std::filesystem;
using Mode = TranslationMemory::Mode;

using testing::TempDir;

// Random near-duplicate texts: sentences over a vocabulary whose words are drawn with Zipf-like
// frequencies (a few very common, most rare, as in real text), edited a few words at a time,
// with case, punctuation and white-space variants; and a few texts without any token.
class NearDuplicates {
 public:
  explicit NearDuplicates(std::uint32_t seed, std::size_t vocabulary = 400) : random_(seed) {
    const std::vector<std::string> syllables = {"ка", "ли", "но", "ра", "то", "ме", "су",
                                                "ви", "за", "по", "ст", "ры", "де", "жа"};
    std::vector<double> weights;
    for (std::size_t i = 0; i < vocabulary; ++i) {
      std::string word;
      const std::size_t length = 1 + i % 4;
      for (std::size_t s = 0, x = i; s < length; ++s, x /= syllables.size())
        word += syllables[(x + s) % syllables.size()];
      if (std::find(words_.begin(), words_.end(), word) != words_.end())
        word += std::to_string(i);  // a number in a word keeps it one token
      words_.push_back(word);
      weights.push_back(1.0 / static_cast<double>(i + 1));
    }
    zipf_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  }

  std::vector<std::string> sentence() {
    std::size_t n = 1 + random_() % 24;
    if (random_() % 25 == 0) n = 60 + random_() % 40;  // long: more than one 64-token block
    std::vector<std::string> s(n);
    for (std::string& w : s) w = word();
    return s;
  }
  std::vector<std::string> edit(std::vector<std::string> s, std::size_t edits) {
    for (std::size_t e = 0; e < edits; ++e) {
      const std::size_t at = s.empty() ? 0 : random_() % s.size();
      switch (random_() % 3) {
        case 0:
          if (!s.empty()) s[at] = word();
          break;
        case 1:
          if (!s.empty()) s.erase(s.begin() + static_cast<std::ptrdiff_t>(at));
          break;
        default:
          s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), word());
      }
    }
    return s;
  }
  // The words as a text: sometimes capitalised, with punctuation and odd white space.
  std::string text(const std::vector<std::string>& s) {
    if (s.empty() || random_() % 40 == 0) {
      const char* no_tokens[] = {"—", "...", "* * *", "!"};
      return no_tokens[random_() % 4];
    }
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (i) out += random_() % 15 == 0 ? ",  " : " ";
      out += (i == 0 && random_() % 2) ? capitalised(s[i]) : s[i];
    }
    const char* endings[] = {".", "", "!", " ?"};
    return out + endings[random_() % 4];
  }
  std::mt19937& random() { return random_; }

 private:
  std::string word() { return words_[zipf_(random_)]; }
  static std::string capitalised(const std::string& word) {
    // The syllables are Cyrillic: the first letter is two bytes, its upper case 0x20 (or 0x50
    // for р..я) code points below.
    std::string out = word;
    const unsigned char lead = static_cast<unsigned char>(out[0]);
    const unsigned char next = static_cast<unsigned char>(out[1]);
    if (lead == 0xD0 && next >= 0xB0) out[1] = static_cast<char>(next - 0x20);
    if (lead == 0xD1 && next >= 0x80 && next <= 0x8F) {
      out[0] = static_cast<char>(0xD0);
      out[1] = static_cast<char>(next + 0x20);
    }
    return out;
  }

  std::mt19937 random_;
  std::vector<std::string> words_;
  std::discrete_distribution<std::size_t> zipf_;
};

const std::vector<std::pair<std::string, std::string>> kPairs = {
    {"ru", "en"}, {"ru", "en"}, {"ru", "en"}, {"ru", "de"}, {"uk", "en"}};

// `count` units: near duplicates of `bases` random sentences, in random language pairs.
std::vector<TranslationUnit> random_units(NearDuplicates& texts, std::size_t count,
                                          std::vector<std::vector<std::string>>& bases) {
  std::mt19937& random = texts.random();
  std::vector<TranslationUnit> units;
  for (std::size_t i = 0; i < count; ++i) {
    if (bases.empty() || random() % 8 == 0) bases.push_back(texts.sentence());
    const auto& base = bases[random() % bases.size()];
    const auto& [source_lang, target_lang] = kPairs[random() % kPairs.size()];
    units.push_back({texts.text(texts.edit(base, random() % 5)),
                     std::string("t").append(std::to_string(random() % 3)), source_lang,
                     target_lang, "doc", static_cast<std::int64_t>(i), 0.5});
  }
  return units;
}

// Asserts that the indexed query and the exhaustive scan give the same matches: scores, ranks
// and units. Returns the number of matches.
std::size_t expect_index_equals_scan(const TranslationMemory& tm, const std::string& query,
                                     QueryOptions options, const std::string& what) {
  options.exhaustive = true;
  const std::vector<Match> expected = tm.query(query, options);
  options.exhaustive = false;
  const std::vector<Match> actual = tm.query(query, options);
  const std::string context = what + ", min_score " + std::to_string(options.min_score) +
                              ", limit " + std::to_string(options.limit) + ", languages '" +
                              options.source_lang + "' '" + options.target_lang + "': " + query;
  EXPECT_EQ(actual.size(), expected.size()) << context;
  for (std::size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
    EXPECT_EQ(actual[i].score, expected[i].score) << context << " (match " << i << ")";
    EXPECT_EQ(actual[i].unit, expected[i].unit) << context << " (match " << i << ")";
  }
  return expected.size();
}

// Queries near the stored units (edited, re-cased, re-spaced), unrelated ones and ones without
// tokens, at many thresholds, limits and language filters.
// `min_matches`: the matches the queries must find in all, so that the check is not vacuous
// (default: one a round).
void check_random_queries(const TranslationMemory& tm, NearDuplicates& texts,
                          const std::vector<std::vector<std::string>>& bases, int rounds,
                          const std::string& what, int min_matches = -1) {
  std::mt19937& random = texts.random();
  const std::vector<TranslationUnit> stored = tm.units();
  const int thresholds[] = {0, 1, 25, 40, 50, 50, 60, 70, 75, 75, 80, 90, 95, 99, 100, 101};
  std::size_t matches = 0;
  for (int round = 0; round < rounds; ++round) {
    std::string query;
    switch (random() % 6) {
      case 0:
        query = texts.text(texts.sentence());
        break;
      case 1:  // a stored source, as it is or with other white space
        query = stored[random() % stored.size()].source;
        if (random() % 2) query = "  " + query + "\t";
        break;
      default:
        query = texts.text(texts.edit(bases[random() % bases.size()], random() % 7));
    }
    QueryOptions options;
    options.min_score = thresholds[random() % std::size(thresholds)];
    options.limit = random() % 10 == 0 ? 50 : 1 + random() % 10;
    if (random() % 4 == 0) options.source_lang = kPairs[random() % kPairs.size()].first;
    if (random() % 4 == 0) options.target_lang = kPairs[random() % kPairs.size()].second;
    matches +=
        expect_index_equals_scan(tm, query, options, what + ", round " + std::to_string(round));
    if (::testing::Test::HasFailure()) return;
  }
  EXPECT_GT(matches, static_cast<std::size_t>(min_matches < 0 ? rounds : min_matches))
      << "the queries should find matches";
}

TEST(TokenIndex, IndexedQueryEqualsExhaustiveScanOnRandomNearDuplicateTms) {
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    NearDuplicates texts(seed, seed == 3 ? 40 : 400);  // a small vocabulary: long postings
    std::vector<std::vector<std::string>> bases;
    TranslationMemory tm(":memory:", Mode::Create);
    // Several imports of different sizes: postings rows are appended to across imports.
    for (const std::size_t batch : {1u, 150u, 7u, 400u, 60u})
      tm.import_units(random_units(texts, batch, bases), "batch");
    check_random_queries(tm, texts, bases, 400, "seed " + std::to_string(seed));
  }
}

TEST(TokenIndex, FindsEveryUnitWhenAPostingsListSpansManyRows) {
  TranslationMemory tm(":memory:", Mode::Create);
  std::int64_t next = 0;
  for (const std::size_t batch : {1u, 7u, 500u, 2492u}) {
    std::vector<TranslationUnit> units;
    for (std::size_t i = 0; i < batch; ++i, ++next)
      units.push_back(
          {"общее слово " + std::to_string(next * 7919), "common", "ru", "en", "", -1, 1.0});
    tm.import_units(units, "batch");
  }
  // Every unit has 3 tokens, two of them the query's: ⌊100·(3 − 1)/3⌋ = 66.
  const std::vector<Match> matches = tm.query("Общее слово", {.min_score = 60, .limit = 5000});
  ASSERT_EQ(matches.size(), 3000u);
  for (std::size_t i = 0; i < matches.size(); ++i) {
    ASSERT_EQ(matches[i].score, 66);
    ASSERT_EQ(matches[i].unit.source, "общее слово " + std::to_string(i * 7919));
  }
  expect_index_equals_scan(tm, "общее слово 7919", {.min_score = 50, .limit = 20}, "");
}

TEST(TokenIndex, QueriesWithoutTokensFindTheSameTextOnly) {
  TranslationMemory tm(":memory:", Mode::Create);
  tm.import_units({{"—", "-", "ru", "en", "", -1, 1.0},
                   {"* * *", "***", "ru", "en", "", -1, 1.0},
                   {"Да.", "Yes.", "ru", "en", "", -1, 1.0}},
                  "no tokens");
  const std::vector<Match> same = tm.query(" —  ");
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].score, 100);
  EXPECT_EQ(same[0].unit.target, "-");
  EXPECT_TRUE(tm.query("...").empty());
  // min_score 0: everything, the others at 0, oldest first.
  const std::vector<Match> all = tm.query("—", {.min_score = 0, .limit = 10});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].score, 100);
  EXPECT_EQ(all[1].score, 0);
  EXPECT_EQ(all[1].unit.source, "* * *");
  expect_index_equals_scan(tm, "—", {.min_score = 0, .limit = 10}, "");
  expect_index_equals_scan(tm, "да", {.min_score = 0, .limit = 2}, "");
}

TEST(TokenIndex, DamagedIndexIsAStoreErrorNamingTheFile) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  {
    TranslationMemory tm(path, Mode::Create);
    tm.import_units({{"Мы призываем к диалогу.", "We call for dialogue.", "ru", "en", "", -1, 1.0}},
                    "one");
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE unit_tokens SET tokens = x'ffff'");
  }
  const TranslationMemory tm(path);
  try {
    tm.query("Мы призываем к диалогу.");
    FAIL() << "no StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(path + ": cannot query the translation memory: damaged"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(tm.query("Мы призываем к диалогу.", {.exhaustive = true}).at(0).score, 100);
}

TEST(TokenIndex, Schema1FileIsMigratedAndIndexedOnOpen) {
  TempDir dir;
  const std::string path = dir.file("old.db");
  NearDuplicates texts(11);
  std::vector<std::vector<std::string>> bases;
  const std::vector<TranslationUnit> old_units = random_units(texts, 500, bases);
  write_schema1_tm(path, old_units);
  std::vector<TranslationUnit> distinct;  // what the old TM holds: first occurrences
  for (const TranslationUnit& unit : old_units)
    if (std::find_if(distinct.begin(), distinct.end(), [&](const TranslationUnit& u) {
          return u.source == unit.source && u.target == unit.target &&
                 u.source_lang == unit.source_lang && u.target_lang == unit.target_lang;
        }) == distinct.end())
      distinct.push_back(unit);

  // Read-only, an old file is refused, not migrated.
  EXPECT_THROW(TranslationMemory tm(path), StoreError);
  {
    TranslationMemory tm(path, Mode::Create);
    EXPECT_EQ(tm.stats().schema_version, TranslationMemory::kSchemaVersion);
    EXPECT_NO_THROW(tm.concordance("x"));  // schema 3: the full-text index exists
    EXPECT_EQ(undated(tm.units()), distinct);
    check_random_queries(tm, texts, bases, 200, "migrated");
    tm.import_units(random_units(texts, 200, bases), "after the migration");
    check_random_queries(tm, texts, bases, 200, "migrated, then imported into");
  }
  SQLite::Database db(path);
  EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
  EXPECT_EQ(db.execAndGet("SELECT count(*) FROM unit_tokens").getInt64(),
            db.execAndGet("SELECT count(*) FROM units").getInt64());
}

// Imports killed with SIGKILL at random moments (in another process, which is then gone without
// any clean-up) leave a TM that opens, passes integrity_check and holds all or none of the
// killed import, its index included: the index answers as the exhaustive scan does, and every
// stored unit has its index entry. With `into_empty_tm`, every import goes into a new TM without
// units (whose full-text index is built on a thread of its own, TextIndexBuilder), otherwise
// into one that holds 300 units.
void check_killed_imports(bool into_empty_tm) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  NearDuplicates texts(21);
  std::vector<std::vector<std::string>> bases;
  const std::vector<TranslationUnit> first = random_units(texts, 300, bases);
  const auto start_tm = [&] {
    std::filesystem::remove(path);
    TranslationMemory tm(path, Mode::Create);
    if (!into_empty_tm) tm.import_units(first, "first");
  };
  start_tm();

  // One import in a child process; returns how long it ran, or kills it after `kill_after`.
  const auto import_in_child = [&](const std::vector<TranslationUnit>& units,
                                   const std::string& origin,
                                   std::chrono::microseconds kill_after) {
    const auto start = std::chrono::steady_clock::now();
    const pid_t child = ::fork();
    if (child == 0) {
      try {
        TranslationMemory(path, Mode::Create)
            .import_units(units, ImportOptions{.origin = origin, .threads = 2});
      } catch (...) {
        ::_exit(1);
      }
      ::_exit(0);
    }
    if (kill_after.count() > 0) {
      std::this_thread::sleep_for(kill_after);
      ::kill(child, SIGKILL);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  };
  // The occurrences an import stored (one an offered unit, duplicates included). (Read-write: a
  // first import killed in rollback-journal mode leaves a hot journal, which a read-only SQLite
  // connection cannot roll back; tmalign's read-only mode opens a writable file read-write.)
  const auto units_of = [&](const std::string& origin) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    SQLite::Statement count(db, R"sql(
      SELECT count(*) FROM occurrences o JOIN imports i ON i.id = o.import_id
      WHERE i.origin = ?)sql");
    count.bind(1, origin);
    count.executeStep();
    return count.getColumn(0).getInt64();
  };

  const std::vector<TranslationUnit> timing = random_units(texts, 3000, bases);
  const std::chrono::microseconds full = import_in_child(timing, "timing", {});
  ASSERT_EQ(units_of("timing"), 3000);
  if (into_empty_tm) start_tm();

  std::mt19937 random(5);
  int none = 0;
  // Six trials, and more (up to twelve) while no kill has landed inside an import: on a loaded
  // machine the timed import may have run slower than the killed ones.
  for (int trial = 0; trial < 6 || (none == 0 && trial < 12); ++trial) {
    const std::string origin = "killed " + std::to_string(trial);
    std::vector<TranslationUnit> batch = random_units(texts, 3000, bases);
    for (TranslationUnit& unit : batch) unit.target += " " + origin;  // all new units
    const auto kill_after = std::chrono::microseconds(
        full.count() / 10 + static_cast<std::int64_t>(random() % (full.count() * 9 / 10)));
    import_in_child(batch, origin, kill_after);
    EXPECT_NO_THROW(TranslationMemory(path).stats()) << origin << ": read-only, as tmalign query";

    const std::int64_t stored = units_of(origin);
    EXPECT_TRUE(stored == 0 || stored == 3000) << origin << ": " << stored << " units";
    if (::testing::Test::HasFailure()) return;
    none += stored == 0;
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      EXPECT_EQ(db.execAndGet("PRAGMA integrity_check").getString(), "ok");
      EXPECT_EQ(db.execAndGet("SELECT count(*) FROM unit_tokens").getInt64(),
                db.execAndGet("SELECT count(*) FROM units").getInt64());
      // The full-text index (schema 3) agrees with `units`.
      EXPECT_NO_THROW(
          db.exec("INSERT INTO units_text(units_text, rank) VALUES ('integrity-check', 1)"));
    }
    TranslationMemory tm(path, Mode::Create);
    // (Into an empty TM, most of the texts the queries are made from are not in it.)
    if (tm.stats().units > 0)
      check_random_queries(tm, texts, bases, 40, origin, into_empty_tm ? 10 : -1);
    EXPECT_EQ(
        tm.concordance(origin, {.limit = 1, .side = ConcordanceOptions::Side::Target}).empty(),
        stored == 0)
        << origin;
    for (const TranslationUnit& unit : batch) {  // the killed import's own sources
      const std::vector<Match> found = tm.query(unit.source, {.limit = 1000});
      const bool has = std::any_of(found.begin(), found.end(), [&](const Match& m) {
        return m.unit.target == unit.target && m.score == 100;
      });
      ASSERT_EQ(has, stored != 0) << origin << ": " << unit.source;
      if (&unit - batch.data() == 20) break;
    }
    if (into_empty_tm) start_tm();
  }
  EXPECT_GT(none, 0) << "no kill landed inside an import (each took about " << full.count()
                     << " µs)";
}

TEST(TokenIndex, KilledImportLeavesAllOrNoneOfItsUnitsAndIndex) { check_killed_imports(false); }

TEST(TokenIndex, KilledImportIntoAnEmptyTmLeavesAllOrNoneOfItsUnitsAndIndex) {
  check_killed_imports(true);
}

}  // namespace
}  // namespace tmalign
