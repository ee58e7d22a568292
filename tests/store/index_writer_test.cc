// The index tables detail::IndexWriter writes (src/store/token_index.cc), compared row for row and
// byte for byte with a slow, obviously correct model of them: random units of several language
// pairs and lengths, repeated tokens, sources without tokens, fields too large to pack, several
// writers (imports) and flushes at every memory bound down to one a unit.
#include <gtest/gtest.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "store/token_index.h"
#include "support/temp_file.h"
#include "tmalign/store/translation_memory.h"

namespace tmalign {
namespace {

using testing::TempDir;

struct IndexedUnit {
  std::int64_t id = 0;
  std::int64_t pair = 0;
  std::vector<std::string> tokens;
};

// The three tables as rows, in primary-key order.
struct Tables {
  std::vector<std::tuple<std::int64_t, std::string, std::int64_t>> tokens;  // id, text, units
  std::vector<std::pair<std::int64_t, std::string>> unit_tokens;            // unit id, BLOB
  // pair id, token id, length, first unit, BLOB
  std::vector<std::tuple<std::int64_t, std::int64_t, std::int64_t, std::int64_t, std::string>>
      postings;
};

// LEB128, written out here rather than taken from the code under test.
void put_leb128(std::string& out, std::uint64_t value) {
  do {
    unsigned char byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(static_cast<char>(byte));
  } while (value != 0);
}

// What the tables must hold after `units` were added, in this order, to an empty index
// (docs/store.md): a token's id is the rank of its first use; each unit's token ids as varints;
// each (pair, token, length)'s unit ids in increasing order, cut into rows that take deltas (the
// first from 0) while below kChunkBytes; a source without tokens listed under token 0.
Tables reference_tables(const std::vector<IndexedUnit>& units) {
  std::map<std::string, std::int64_t> id_of;
  std::vector<std::string> texts = {""};
  std::vector<std::int64_t> holders = {0};
  std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t>, std::vector<std::int64_t>> lists;
  Tables tables;
  for (const IndexedUnit& unit : units) {
    std::string blob;
    std::set<std::int64_t> distinct;
    for (const std::string& token : unit.tokens) {
      auto [found, added] = id_of.try_emplace(token, static_cast<std::int64_t>(texts.size()));
      if (added) {
        texts.push_back(token);
        holders.push_back(0);
      }
      put_leb128(blob, static_cast<std::uint64_t>(found->second));
      distinct.insert(found->second);
    }
    tables.unit_tokens.emplace_back(unit.id, blob);
    if (distinct.empty()) distinct.insert(0);
    const auto length = static_cast<std::int64_t>(unit.tokens.size());
    for (const std::int64_t token : distinct) {
      if (token != 0) ++holders[static_cast<std::size_t>(token)];
      lists[{unit.pair, token, length}].push_back(unit.id);
    }
  }
  for (std::size_t id = 1; id < texts.size(); ++id)
    tables.tokens.emplace_back(static_cast<std::int64_t>(id), texts[id], holders[id]);
  for (const auto& [key, ids] : lists) {
    const auto& [pair, token, length] = key;
    for (std::size_t i = 0; i < ids.size();) {
      const std::int64_t first = ids[i];
      std::string blob;
      std::int64_t last = 0;
      for (; i < ids.size() && blob.size() < detail::kChunkBytes; ++i) {
        put_leb128(blob, static_cast<std::uint64_t>(ids[i] - last));
        last = ids[i];
      }
      tables.postings.emplace_back(pair, token, length, first, blob);
    }
  }
  return tables;
}

std::string blob(const SQLite::Statement& statement, int column) {
  const SQLite::Column value = statement.getColumn(column);
  return std::string(static_cast<const char*>(value.getBlob()),
                     static_cast<std::size_t>(value.getBytes()));
}

Tables read_tables(SQLite::Database& db) {
  Tables tables;
  SQLite::Statement tokens(db, "SELECT id, text, units FROM tokens ORDER BY id");
  while (tokens.executeStep())
    tables.tokens.emplace_back(tokens.getColumn(0).getInt64(), tokens.getColumn(1).getString(),
                               tokens.getColumn(2).getInt64());
  SQLite::Statement unit_tokens(db, "SELECT unit_id, tokens FROM unit_tokens ORDER BY unit_id");
  while (unit_tokens.executeStep())
    tables.unit_tokens.emplace_back(unit_tokens.getColumn(0).getInt64(), blob(unit_tokens, 1));
  SQLite::Statement postings(db, R"sql(
    SELECT pair_id, token_id, length, first_unit, units FROM postings
    ORDER BY pair_id, token_id, length, first_unit)sql");
  while (postings.executeStep())
    tables.postings.emplace_back(postings.getColumn(0).getInt64(), postings.getColumn(1).getInt64(),
                                 postings.getColumn(2).getInt64(), postings.getColumn(3).getInt64(),
                                 blob(postings, 4));
  return tables;
}

// Compares table by table, reporting the first row that differs.
void expect_same_tables(const Tables& actual, const Tables& expected, const std::string& when) {
  const auto compare = [&](const auto& a, const auto& e, const char* table) {
    EXPECT_EQ(a.size(), e.size()) << table << " rows, " << when;
    for (std::size_t i = 0; i < std::min(a.size(), e.size()); ++i)
      if (a[i] != e[i]) {
        ADD_FAILURE() << table << " row " << i << " differs, " << when;
        return;
      }
  };
  compare(actual.tokens, expected.tokens, "tokens");
  compare(actual.unit_tokens, expected.unit_tokens, "unit_tokens");
  compare(actual.postings, expected.postings, "postings");
}

// Random units: Zipf-like tokens (ASCII and Cyrillic, 1 to 40 bytes), one very common, so that
// some postings lists span several rows; mostly short sources, some without tokens, a few of
// 4095 tokens (the most a packed posting holds) and 4096; pair ids up to 5000 (4094 packs, 4095
// does not); unit ids with gaps of up to 50 000, so that deltas take one to three bytes.
class RandomUnits {
 public:
  explicit RandomUnits(std::uint32_t seed) : random_(seed) {
    const std::vector<std::string> pieces = {"и",   "в", "the",     "не",  "of",
                                             "мир", "a", "договор", "ООН", "x"};
    std::vector<double> weights;
    for (std::size_t i = 0; i < 300; ++i) {
      std::string word = pieces[i % pieces.size()];
      for (std::size_t j = i / pieces.size(); j > 0; j /= 3) word += pieces[j % pieces.size()];
      if (i % 7 == 3) word += std::string(i % 40, 'q');
      words_.push_back(word + (i < pieces.size() ? "" : std::to_string(i)));
      weights.push_back(i == 0 ? 4.0 : 1.0 / static_cast<double>(i + 1));
    }
    zipf_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
  }

  IndexedUnit next(std::int64_t after) {
    IndexedUnit unit;
    unit.id = after + (random_() % 8 == 0 ? 1 + static_cast<std::int64_t>(random_() % 50000) : 1);
    const std::int64_t pairs[] = {1, 1, 1, 1, 1, 1, 2, 3, 4094, 4095, 5000};
    unit.pair = pairs[random_() % std::size(pairs)];
    std::size_t length = random_() % 5 < 2 ? 2 : 1 + random_() % 6;
    if (random_() % 30 == 0) length = 0;
    if (random_() % 50 == 0) length = 100 + random_() % 100;
    if (random_() % 1000 == 0) length = random_() % 2 ? 4095 : 4096;
    for (std::size_t i = 0; i < length; ++i)
      unit.tokens.push_back(i > 0 && random_() % 5 == 0 ? unit.tokens[random_() % i]
                                                        : words_[zipf_(random_)]);
    return unit;
  }

 private:
  std::mt19937 random_;
  std::vector<std::string> words_;
  std::discrete_distribution<std::size_t> zipf_;
};

TEST(IndexWriter, WritesTheTablesOfAReferenceModelWhateverTheFlushPoints) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  { TranslationMemory tm(path, TranslationMemory::Mode::Create); }  // the schema, empty tables
  SQLite::Database db(path, SQLite::OPEN_READWRITE);

  RandomUnits random_units(7);
  std::vector<IndexedUnit> added;
  // Imports, each its own writer: flush_bytes 0 flushes after every unit, 512 every few dozen
  // postings; rows are appended to across flushes and imports.
  const struct {
    std::size_t units;
    std::size_t flush_bytes;
  } imports[] = {
      {1, 0},    {1500, 512},    {600, 0}, {3000, 4096}, {1800, detail::IndexWriter::kFlushBytes},
      {40, 512}, {1000, 1 << 16}};
  for (std::size_t i = 0; i < std::size(imports); ++i) {
    SQLite::Transaction transaction(db);
    detail::IndexWriter writer(db, imports[i].flush_bytes);
    for (std::size_t u = 0; u < imports[i].units; ++u) {
      std::int64_t after = added.empty() ? 0 : added.back().id;
      // The last import crosses 2^40, the largest unit id a packed posting holds.
      if (i + 1 == std::size(imports) && u == imports[i].units / 2)
        after = (std::int64_t{1} << 40) - 3;
      added.push_back(random_units.next(after));
      writer.add(added.back().id, added.back().pair, added.back().tokens);
    }
    writer.flush();
    transaction.commit();
    expect_same_tables(read_tables(db), reference_tables(added),
                       "after import " + std::to_string(i + 1));
    if (::testing::Test::HasFailure()) return;
  }
  // The data reached what it is meant to test.
  const Tables tables = read_tables(db);
  std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t>, int> rows;
  for (const auto& [pair, token, length, first, units] : tables.postings)
    ++rows[{pair, token, length}];
  int longest = 0;
  for (const auto& [key, count] : rows) longest = std::max(longest, count);
  EXPECT_GE(longest, 3) << "no postings list spans several rows";
  const auto has = [&](auto predicate) {
    for (const auto& row : tables.postings)
      if (predicate(row)) return true;
    return false;
  };
  EXPECT_TRUE(has([](const auto& row) { return std::get<1>(row) == 0; })) << "no empty source";
  EXPECT_TRUE(has([](const auto& row) { return std::get<0>(row) == 4095; })) << "no pair 4095";
  EXPECT_TRUE(has([](const auto& row) { return std::get<2>(row) == 4096; })) << "no length 4096";
  EXPECT_TRUE(has([](const auto& row) { return std::get<3>(row) > std::int64_t{1} << 40; }))
      << "no unit id above 2^40";
}

TEST(IndexWriter, RefusesUnitIdsThatDoNotIncrease) {
  TempDir dir;
  const std::string path = dir.file("tm.db");
  { TranslationMemory tm(path, TranslationMemory::Mode::Create); }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  SQLite::Transaction transaction(db);
  detail::IndexWriter writer(db);
  writer.add(5, 1, {"мир"});
  try {
    writer.add(5, 1, {"договор"});
    FAIL() << "no IndexDamaged";
  } catch (const detail::IndexDamaged& e) {
    EXPECT_STREQ(e.what(), "unit 5 indexed after unit 5");
  }
  EXPECT_THROW(writer.add(4, 1, {"мир"}), detail::IndexDamaged);
  EXPECT_THROW(writer.add(6, 0, {"мир"}), detail::IndexDamaged);  // no such language pair
}

}  // namespace
}  // namespace tmalign
