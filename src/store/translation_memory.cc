// The translation memory: imports, fuzzy lookup, concordance. The schema and its migrations are
// in schema.cc; docs/store.md describes the tables and the guarantees.
#include "tmalign/store/translation_memory.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "store/schema.h"
#include "store/text_index_builder.h"
#include "store/token_index.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/match/fuzzy.h"
#include "tmalign/match/numbers.h"

namespace tmalign {

using detail::guarded;
using detail::select_value;

namespace {

// A unit with the provenance of its first occurrence; the caller appends WHERE/ORDER BY.
constexpr const char* kSelectUnit = R"sql(
  SELECT u.source, u.target, p.source_lang, p.target_lang, d.name, o.position, o.score,
         u.created_at, u.created_by, u.changed_at, u.changed_by, o.context_before, o.context_after
  FROM units u JOIN language_pairs p ON p.id = u.pair_id
    JOIN occurrences o ON o.id = (SELECT min(id) FROM occurrences WHERE unit_id = u.id)
    LEFT JOIN documents d ON d.id = o.document_id
)sql";
constexpr int kSelectUnitColumns = 13;

TranslationUnit read_unit(const SQLite::Statement& row) {
  const auto text = [&](int column) { return row.getColumn(column).getString(); };  // "" for NULL
  const auto date = [&](int column) {
    return row.getColumn(column).isNull() ? std::string()
                                          : detail::format_date(row.getColumn(column).getInt64());
  };
  const auto hash = [&](int column) {
    return static_cast<std::uint64_t>(row.getColumn(column).getInt64());  // 0 for NULL
  };
  TranslationUnit unit;
  unit.source = text(0);
  unit.target = text(1);
  unit.source_lang = text(2);
  unit.target_lang = text(3);
  unit.document = text(4);
  unit.position = row.getColumn(5).isNull() ? -1 : row.getColumn(5).getInt64();
  unit.score = row.getColumn(6).getDouble();
  unit.created_at = date(7);
  unit.created_by = text(8);
  unit.changed_at = date(9);
  unit.changed_by = text(10);
  unit.context_before = hash(11);
  unit.context_after = hash(12);
  return unit;
}

// Checks the units of one add(); `first` is the index of units[0] in the whole import.
void validate_units(const std::vector<TranslationUnit>& units, std::size_t first) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    const TranslationUnit& unit = units[i];
    const auto fail = [&](const std::string& what) {
      throw OptionError("translation unit " + std::to_string(first + i) + ": " + what);
    };
    if (unit.source.empty()) fail("empty source text");
    if (unit.target.empty()) fail("empty target text");
    if (unit.source_lang.empty()) fail("empty source language");
    if (unit.target_lang.empty()) fail("empty target language");
    if (!(unit.score >= 0.0 && unit.score <= 1.0))
      fail("score " + std::to_string(unit.score) + " is outside 0..1");
    if (unit.position < -1) fail("position " + std::to_string(unit.position) + " is below -1");
    for (const auto* date : {&unit.created_at, &unit.changed_at})
      if (!date->empty() && !detail::parse_date(*date))
        fail("date '" + *date + "' is not ISO 8601 UTC (YYYY-MM-DDThh:mm:ssZ)");
  }
}

// The token counts m for which fuzzy_score can reach `min_score` against a query of n tokens.
// Since distance >= |n - m|, score <= floor(100 · min(n, m) / max(n, m)); the score can reach
// s exactly when 100 · min(n, m) >= s · max(n, m), i.e. ceil(s·n / 100) <= m <= floor(100·n / s).
std::pair<std::int64_t, std::int64_t> token_count_bounds(std::size_t query_tokens, int min_score) {
  if (min_score <= 0) return {0, std::numeric_limits<std::int64_t>::max()};
  const auto n = static_cast<std::int64_t>(query_tokens);
  const std::int64_t s = min_score;
  return {(s * n + 99) / 100, (100 * n) / s};
}

// "(1, 2, 3)": ids for an SQL IN list (integers only, so nothing to escape).
std::string id_list(const std::vector<std::int64_t>& ids) {
  std::string list = "(";
  for (const std::int64_t id : ids) list += (list.size() > 1 ? ", " : "") + std::to_string(id);
  return list + ")";
}

// match_tokens() of every unit's source, on `threads` threads.
std::vector<std::vector<std::string>> tokenise_sources(const std::vector<TranslationUnit>& units,
                                                       unsigned threads) {
  std::vector<std::vector<std::string>> tokens(units.size());
  const std::size_t workers =
      std::max<std::size_t>(1, std::min<std::size_t>(threads, units.size() / 256));
  const auto work = [&](std::size_t part) {
    for (std::size_t i = part; i < units.size(); i += workers)
      tokens[i] = match_tokens(units[i].source);
  };
  std::vector<std::thread> pool;
  std::exception_ptr failure;
  std::mutex failure_mutex;
  for (std::size_t part = 1; part < workers; ++part)
    pool.emplace_back([&, part] {
      try {
        work(part);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        failure = std::current_exception();
      }
    });
  try {
    work(0);
  } catch (...) {
    const std::lock_guard lock(failure_mutex);
    failure = std::current_exception();
  }
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
  return tokens;
}

// ---------------------------------------------------------------------------------- concordance
// Byte spans of phrase hits come from FTS5 itself, through an auxiliary function of our own
// (SQLite's "Extending FTS5", sqlite.org/fts5.html#extending_fts5): for every hit FTS5 gives the
// column, the phrase's first token and its length in tokens; re-tokenising the column with the
// table's tokenizer gives each token's byte range. highlight() with marker strings would need
// markers that no stored text contains.

// The FTS5 API of `db` (NULL when SQLite was built without FTS5).
fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(statement, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement);
  }
  sqlite3_finalize(statement);
  return api;
}

int collect_token_range(void* ranges, int flags, const char*, int, int begin, int end) {
  if ((flags & FTS5_TOKEN_COLOCATED) == 0)
    static_cast<std::vector<TextSpan>*>(ranges)->push_back(
        {static_cast<std::size_t>(begin), static_cast<std::size_t>(end)});
  return SQLITE_OK;
}

// tmalign_hits(units_text): the hits of the row as "column begin end" triples, space-separated.
void hits_function(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int,
                   sqlite3_value**) {
  try {
    int count = 0;
    int rc = api->xInstCount(fts, &count);
    std::vector<TextSpan> tokens[2];
    bool tokenised[2] = {false, false};
    std::string out;
    for (int i = 0; i < count && rc == SQLITE_OK; ++i) {
      int phrase = 0, column = 0, offset = 0;
      rc = api->xInst(fts, i, &phrase, &column, &offset);
      if (rc != SQLITE_OK) break;
      if (column < 0 || column > 1) continue;
      if (!tokenised[column]) {
        const char* text = nullptr;
        int bytes = 0;
        rc = api->xColumnText(fts, column, &text, &bytes);
        if (rc == SQLITE_OK)
          rc = api->xTokenize(fts, text, bytes, &tokens[column], collect_token_range);
        tokenised[column] = true;
        if (rc != SQLITE_OK) break;
      }
      const int last = offset + api->xPhraseSize(fts, phrase) - 1;
      if (offset < 0 || last < offset || static_cast<std::size_t>(last) >= tokens[column].size())
        continue;  // cannot happen with an index in step with its text
      out += std::to_string(column) + ' ' + std::to_string(tokens[column][offset].begin) + ' ' +
             std::to_string(tokens[column][last].end) + ' ';
    }
    if (rc != SQLITE_OK)
      sqlite3_result_error_code(result, rc);
    else
      sqlite3_result_text(result, out.c_str(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(result);
  }
}

// How many words the concordance tokenizer finds in `text` (what unicode61 remove_diacritics 2
// makes of a query).
std::size_t count_words(fts5_api* api, std::string_view text) {
  void* user_data = nullptr;
  fts5_tokenizer tokenizer{};
  if (api->xFindTokenizer(api, "unicode61", &user_data, &tokenizer) != SQLITE_OK)
    throw Error("SQLite FTS5 has no unicode61 tokenizer");
  const char* arguments[] = {"remove_diacritics", "2"};
  Fts5Tokenizer* instance = nullptr;
  if (tokenizer.xCreate(user_data, arguments, 2, &instance) != SQLITE_OK)
    throw Error("cannot create SQLite FTS5's unicode61 tokenizer");
  std::vector<TextSpan> words;
  const int rc = tokenizer.xTokenize(instance, &words, FTS5_TOKENIZE_QUERY, text.data(),
                                     static_cast<int>(text.size()), collect_token_range);
  tokenizer.xDelete(instance);
  if (rc != SQLITE_OK) throw Error("SQLite FTS5 could not tokenise the concordance phrase");
  return words.size();
}

// `phrase` as one FTS5 string, "...", in which every character is literal (a '"' is doubled):
// FTS5 splits it into words with the table's tokenizer and matches them as a phrase.
std::string fts5_phrase(std::string_view phrase) {
  std::string quoted = "\"";
  for (const char c : phrase) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace

void QueryOptions::validate() const {
  if (min_score < 0 || min_score > 101)
    throw OptionError("min_score " + std::to_string(min_score) +
                      " is outside 0..101 (101 keeps context matches only)");
  if (limit == 0) throw OptionError("limit 0: at least one match must be asked for");
  for (const std::string& collection : collections) check_collection_name(collection);
}

void ConcordanceOptions::validate() const {
  if (limit == 0) throw OptionError("concordance limit 0: at least one unit must be asked for");
  for (const std::string& collection : collections) check_collection_name(collection);
}

void ImportOptions::validate() const { check_collection_name(collection); }

bool disable_sqlite_memory_statistics() noexcept {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

void check_collection_name(std::string_view name) {
  if (name.empty()) throw OptionError("empty collection name");
  if (name.size() > 200)
    throw OptionError("collection name '" + std::string(name.substr(0, 40)) +
                      "...' is longer than 200 bytes");
  for (const char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      throw OptionError("collection name '" + std::string(name) + "' holds a control character");
}

struct TranslationMemory::Impl {
  std::string path;
  Mode mode;
  SQLite::Database db;
  // The FTS5 API of db, with tmalign_hits() registered, got by the first concordance().
  fts5_api* fts5 = nullptr;
  // The index's prepared statements, made by the first indexed query.
  std::optional<detail::IndexReader> index = {};

  // For the exhaustive scan, which does not use the index: match_tokens(source) of the units it
  // has scored, by unit id, as ids of a vocabulary of its own (stored units never change, so
  // repeated scans tokenise each unit once; a cache, filled by const query()).
  std::unordered_map<std::string, std::uint32_t> scan_vocabulary = {};
  std::unordered_map<std::int64_t, std::vector<std::uint32_t>> scan_tokens = {};

  std::vector<std::uint32_t> intern(const std::vector<std::string>& tokens) {
    std::vector<std::uint32_t> ids;
    ids.reserve(tokens.size());
    for (const std::string& token : tokens)
      ids.push_back(
          scan_vocabulary.try_emplace(token, static_cast<std::uint32_t>(scan_vocabulary.size()))
              .first->second);
    return ids;
  }
  const std::vector<std::uint32_t>& tokens_of(std::int64_t id, const std::string& source) {
    auto found = scan_tokens.find(id);
    if (found == scan_tokens.end())
      found = scan_tokens.emplace(id, intern(match_tokens(source))).first;
    return found->second;
  }

  // The ids of the language pairs (of collections) asked for; OptionError for a collection the
  // TM does not have.
  std::vector<std::int64_t> pair_ids(const std::string& source_lang, const std::string& target_lang,
                                     const std::vector<std::string>& collections) const;

  // The best units by fuzzy score (no context), from the index or by the exhaustive scan.
  std::vector<detail::ScoredUnit> best(std::string_view source,
                                       const std::vector<std::string>& tokens,
                                       const std::vector<std::int64_t>& pairs,
                                       const QueryOptions& options);
  std::vector<detail::ScoredUnit> scan(std::string_view source,
                                       const std::vector<std::string>& tokens,
                                       const std::vector<std::int64_t>& pairs,
                                       const QueryOptions& options);
  // Whether unit `unit_id` occurred between these context hashes.
  bool in_context(std::int64_t unit_id, std::uint64_t before, std::uint64_t after);

  // Statements every query runs, prepared by the first (a query takes well under a millisecond;
  // compiling them each time was a tenth of that).
  std::optional<SQLite::Statement> context_statement = {};
  mutable std::optional<SQLite::Statement> pairs_statement = {};
  std::optional<SQLite::Statement> load_statement = {};
};

std::vector<std::int64_t> TranslationMemory::Impl::pair_ids(
    const std::string& source_lang, const std::string& target_lang,
    const std::vector<std::string>& collections) const {
  std::unordered_set<std::int64_t> collection_ids;
  if (!collections.empty()) {
    SQLite::Statement find(db, "SELECT id FROM collections WHERE name = ?");
    for (const std::string& name : collections) {
      find.reset();
      find.bind(1, name);
      if (!find.executeStep()) {
        std::string known;
        SQLite::Statement all(db, "SELECT name FROM collections ORDER BY id");
        while (all.executeStep())
          known += (known.empty() ? "" : ", ") + all.getColumn(0).getString();
        throw OptionError("no collection '" + name + "' in " + path +
                          " (it has: " + (known.empty() ? "none" : known) + ")");
      }
      collection_ids.insert(find.getColumn(0).getInt64());
    }
  }
  if (!pairs_statement)
    pairs_statement.emplace(db, R"sql(
      SELECT id, collection_id FROM language_pairs
      WHERE (?1 = '' OR source_lang = ?1) AND (?2 = '' OR target_lang = ?2) ORDER BY id)sql");
  SQLite::Statement& pairs = *pairs_statement;
  pairs.reset();
  pairs.bind(1, source_lang);
  pairs.bind(2, target_lang);
  std::vector<std::int64_t> ids;
  while (pairs.executeStep())
    if (collections.empty() || collection_ids.count(pairs.getColumn(1).getInt64()))
      ids.push_back(pairs.getColumn(0).getInt64());
  pairs.reset();
  return ids;
}

bool TranslationMemory::Impl::in_context(std::int64_t unit_id, std::uint64_t before,
                                         std::uint64_t after) {
  if (!context_statement)
    context_statement.emplace(db, R"sql(
      SELECT 1 FROM occurrences
      WHERE unit_id = ? AND context_before = ? AND context_after = ? LIMIT 1)sql");
  SQLite::Statement& find = *context_statement;
  find.reset();
  find.bind(1, unit_id);
  find.bind(2, static_cast<std::int64_t>(before));
  find.bind(3, static_cast<std::int64_t>(after));
  const bool found = find.executeStep();
  find.reset();
  return found;
}

TranslationMemory::TranslationMemory(const std::string& path, Mode mode) {
  if (mode == Mode::ReadOnly && path != ":memory:" && !std::filesystem::exists(path))
    throw StoreError(path + ": no such translation memory (opening read-only does not create one)");
  // A reader of a writable file opens it read-write with PRAGMA query_only: SQLite then refuses
  // every write, yet the last connection to close can still remove the -wal and -shm companion
  // files, which a SQLITE_OPEN_READONLY connection leaves behind.
  const bool read_only_file = mode == Mode::ReadOnly && ::access(path.c_str(), W_OK) != 0;
  const int flags = mode == Mode::Create ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                    : read_only_file     ? SQLite::OPEN_READONLY
                                         : SQLite::OPEN_READWRITE;
  impl_ = guarded(path, "open the translation memory", [&] {
    auto impl = std::make_unique<Impl>(Impl{path, mode, SQLite::Database(path, flags, 5000)});
    if (mode == Mode::ReadOnly) impl->db.exec("PRAGMA query_only = ON");
    // Pages are read from a memory map rather than copied in by read(): a query touches a few
    // pages scattered over the index, and on a TM of 1 000 000 units the copies were 40 % of a
    // warm query's time. (SQLite caps the size at its compile-time maximum, 2 GB in Debian's
    // build; the rest of a larger file is read as before.)
    impl->db.exec("PRAGMA mmap_size = 2147418112");
    detail::open_schema(impl->db, path, mode);
    impl->db.exec("PRAGMA foreign_keys = ON");
    return impl;
  });
}

TranslationMemory::~TranslationMemory() = default;
TranslationMemory::TranslationMemory(TranslationMemory&&) noexcept = default;
TranslationMemory& TranslationMemory::operator=(TranslationMemory&&) noexcept = default;

// ------------------------------------------------------------------------------------- import

// Pages SQLite may keep in memory during an import, in KiB (PRAGMA cache_size takes negative
// KiB; pages are allocated as they are needed, so a small import uses little of it). Dirty pages
// that do not fit are spilled to the WAL before the commit, and every page read after that
// searches the WAL's index first: with 256 MB, importing 1 000 000 units spent 10 s of system
// time reading pages back and took 104 s; with 1.5 GB, 78 s (both on a shared, busy machine).
constexpr int kImportCacheKiB = 1536 * 1024;

namespace {

// Adds the units stored after `last_unit_before` to the full-text index there is, with the
// settings for an import (kTextIndexImportSettingsSql says why), then the usual ones again.
//
// In one statement, not a statement (or trigger) per unit: FTS5 writes its pending terms out as
// a new segment at the end of every statement (on its savepoint), and per-unit segments made a
// 100 000-unit import 2.5 times slower (docs/store.md).
void index_new_units(SQLite::Database& db, std::int64_t last_unit_before) {
  db.exec(detail::kTextIndexImportSettingsSql);
  SQLite::Statement index_text(db, R"sql(
    INSERT INTO units_text(rowid, source, target)
    SELECT id, source, target FROM units WHERE id > ? ORDER BY id)sql");
  index_text.bind(1, last_unit_before);
  index_text.exec();
  db.exec(detail::kTextIndexUsualSettingsSql);
}

// A set of unit keys (XXH3 hashes, so already uniformly spread): open addressing with linear
// probing in one array, at most half full. std::unordered_set, with a node allocation per unit,
// took 0.6 s of a 1 000 000-unit import's writing thread (perf), and freed its nodes one by one
// at the end.
class KeySet {
 public:
  // Adds `key`; false when it was there already.
  bool insert(std::int64_t key) {
    if (key == 0) return !std::exchange(has_zero_, true);  // 0 marks a free slot
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::int64_t& slot = find(key);
    if (slot == key) return false;
    slot = key;
    ++size_;
    return true;
  }

 private:
  std::int64_t& find(std::int64_t key) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = static_cast<std::uint64_t>(key) & mask;; i = (i + 1) & mask)
      if (slots_[i] == key || slots_[i] == 0) return slots_[i];
  }
  void grow() {
    std::vector<std::int64_t> old(std::max<std::size_t>(1024, slots_.size() * 2), 0);
    old.swap(slots_);
    for (const std::int64_t key : old)
      if (key != 0) find(key) = key;
  }

  std::vector<std::int64_t> slots_;  // a power of two in size; 0 = free
  std::size_t size_ = 0;             // keys in slots_
  bool has_zero_ = false;
};

// Puts the file in rollback-journal mode for an import into a TM without units, and back in WAL
// mode after it.
//
// In WAL mode every page an import writes goes to the WAL at the commit and is then copied into
// the database file by the checkpoint: a 1 000 000-unit import wrote 760 MB twice, which took
// about 3 s of its end, on one thread. With a rollback journal a page new to the file is written
// once, into the file, and the journal keeps only the few pages that existed (SQLite's "Atomic
// Commit In SQLite", sqlite.org/atomiccommit.html): medians of 4 runs, 20.0 s -> 18.1 s. A
// killed import leaves a hot journal that the next connection rolls back, as a WAL would be
// ignored: all or none of the import, as before.
//
// Only when the TM holds no units, because the modes differ for readers: in rollback mode a
// reader waits while the import writes pages into the file (at its commit, and before it when
// the cache overflows), where in WAL mode it reads the last commit. A TM without units has
// nothing to read. Changing the mode needs the file to itself: when another connection has it
// open, the import stays in WAL mode; when one has opened it by the end of the import, the file
// stays in rollback mode until the next connection that opens it for writing (open_schema()
// sets WAL mode).
class JournalForFirstImport {
 public:
  explicit JournalForFirstImport(SQLite::Database& db) : db_(db) {
    if (select_value(db_, "SELECT EXISTS (SELECT 1 FROM units)") != 0) return;
    try {
      switched_ = db_.execAndGet("PRAGMA journal_mode = DELETE").getString() == "delete";
    } catch (const SQLite::Exception&) {  // busy: another connection has the file
    }
  }
  JournalForFirstImport(const JournalForFirstImport&) = delete;
  JournalForFirstImport& operator=(const JournalForFirstImport&) = delete;
  ~JournalForFirstImport() { restore(); }

  // Back to WAL mode; outside a transaction, at the latest after the import's has ended.
  void restore() noexcept {
    if (!switched_) return;
    switched_ = false;
    try {
      db_.exec("PRAGMA journal_mode = WAL");
    } catch (const SQLite::Exception&) {  // busy: the next writable open sets it
    }
  }

 private:
  SQLite::Database& db_;
  bool switched_ = false;
};

}  // namespace

struct TranslationMemory::Import::State {
  State(Impl& owner, const ImportOptions& options)
      : tm(owner),
        db(owner.db),
        cache_before(select_value(db, "PRAGMA cache_size")),
        cache([&] {
          db.exec("PRAGMA cache_size = -" + std::to_string(kImportCacheKiB));
          return true;
        }()),
        journal(db),
        transaction(db, SQLite::TransactionBehavior::IMMEDIATE),
        threads(options.threads != 0 ? options.threads
                                     : std::max(1u, std::thread::hardware_concurrency())),
        imported_at(std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count()),
        index(db),
        find_unit(db, R"sql(
          SELECT id, source, target, coalesce(changed_at, created_at) FROM units
          WHERE key = ? AND pair_id = ?)sql"),
        insert_unit(db, R"sql(
          INSERT INTO units(pair_id, key, source_tokens, created_at, created_by, changed_at,
                            changed_by, source, target)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?))sql"),
        update_change(db, "UPDATE units SET changed_at = ?, changed_by = ? WHERE id = ?"),
        insert_occurrence(db, R"sql(
          INSERT INTO occurrences(unit_id, import_id, document_id, position, score,
                                  context_before, context_after)
          VALUES (?, ?, ?, ?, ?, ?, ?))sql") {
    last_unit_before = select_value(db, "SELECT coalesce(max(id), 0) FROM units");
    // Into a TM without units, the full-text index is built on a thread of its own and put in
    // at the commit; otherwise the commit adds the new units to the index there is.
    if (last_unit_before == 0 && threads > 1) text_index.emplace();
    if (last_unit_before == 0) keys_added.emplace();
    collection_id = find_or_insert("SELECT id FROM collections WHERE name = ?",
                                   "INSERT INTO collections(name) VALUES (?)", options.collection);
    SQLite::Statement insert_import(db, "INSERT INTO imports(origin) VALUES (?)");
    insert_import.bind(1, options.origin);
    insert_import.exec();
    result.import_id = db.getLastInsertRowid();
  }
  ~State() {
    try {
      db.exec("PRAGMA cache_size = " + std::to_string(cache_before));
    } catch (const SQLite::Exception&) {  // the import's outcome does not depend on it
    }
  }

  std::int64_t find_or_insert(const char* find_sql, const char* insert_sql,
                              const std::string& value) {
    SQLite::Statement find(db, find_sql);
    find.bind(1, value);
    if (find.executeStep()) return find.getColumn(0).getInt64();
    SQLite::Statement insert(db, insert_sql);
    insert.bind(1, value);
    insert.exec();
    return db.getLastInsertRowid();
  }
  std::int64_t pair_id(const std::string& source_lang, const std::string& target_lang) {
    const auto key = std::make_pair(source_lang, target_lang);
    if (const auto found = pairs.find(key); found != pairs.end()) return found->second;
    SQLite::Statement find(db, R"sql(
      SELECT id FROM language_pairs
      WHERE collection_id = ? AND source_lang = ? AND target_lang = ?)sql");
    find.bind(1, collection_id);
    find.bind(2, source_lang);
    find.bind(3, target_lang);
    std::int64_t id = 0;
    if (find.executeStep()) {
      id = find.getColumn(0).getInt64();
    } else {
      SQLite::Statement insert(db, R"sql(
        INSERT INTO language_pairs(collection_id, source_lang, target_lang) VALUES (?, ?, ?))sql");
      insert.bind(1, collection_id);
      insert.bind(2, source_lang);
      insert.bind(3, target_lang);
      insert.exec();
      id = db.getLastInsertRowid();
    }
    return pairs.emplace(key, id).first->second;
  }
  std::optional<std::int64_t> document_id(const std::string& name) {
    if (name.empty()) return std::nullopt;
    if (const auto found = documents.find(name); found != documents.end()) return found->second;
    const std::int64_t id = find_or_insert("SELECT id FROM documents WHERE name = ?",
                                           "INSERT INTO documents(name) VALUES (?)", name);
    return documents.emplace(name, id).first->second;
  }

  // Stores `unit` or records another occurrence of it: returns its id when it is new, else 0.
  std::int64_t add(const TranslationUnit& unit, const std::vector<std::string>& tokens);

  // A batch waiting to be written, its sources being tokenised meanwhile on another thread.
  // (The units are shared with the tokenising task, so that they stay where it reads them when
  // the Batch moves.)
  struct Batch {
    std::shared_ptr<const std::vector<TranslationUnit>> units;
    std::future<std::vector<std::vector<std::string>>> tokens;
  };
  void write(Batch& batch) {
    const std::vector<std::vector<std::string>> tokens = batch.tokens.get();
    std::vector<detail::TextIndexBuilder::Row> added;
    for (std::size_t i = 0; i < batch.units->size(); ++i)
      if (const std::int64_t id = add((*batch.units)[i], tokens[i]); id != 0)
        added.push_back({id, i});
    if (text_index && !added.empty()) text_index->add(batch.units, std::move(added));
  }

  Impl& tm;
  SQLite::Database& db;
  const std::int64_t cache_before;  // PRAGMA cache_size before the import, set back after it
  const bool cache;  // (its initialiser sets the import's cache size, before the transaction)
  // Declared before the transaction, so that it sets WAL mode back after it has ended.
  JournalForFirstImport journal;
  // Declared before the statements, so that they are finalised before it rolls back.
  SQLite::Transaction transaction;
  const unsigned threads;
  const std::int64_t imported_at;
  std::int64_t last_unit_before = 0;
  std::int64_t collection_id = 0;
  std::size_t offered = 0;  // units given to add() and validated
  ImportResult result;
  detail::IndexWriter index;
  SQLite::Statement find_unit, insert_unit, update_change, insert_occurrence;
  std::map<std::pair<std::string, std::string>, std::int64_t> pairs;
  std::unordered_map<std::string, std::int64_t> documents;
  std::optional<Batch> pending = {};
  // The keys of the units added, when the TM had none before: a unit whose key is not among
  // them is new without looking it up (most units of a large first import).
  std::optional<KeySet> keys_added = {};
  // The full-text index built on its own thread (an import into a TM without units), or none.
  std::optional<detail::TextIndexBuilder> text_index = {};
  bool finished = false;
};

template <class T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
  if (value)
    statement.bind(index, *value);
  else
    statement.bind(index);  // NULL
}

void bind_text_or_null(SQLite::Statement& statement, int index, const std::string& text) {
  if (text.empty())
    statement.bind(index);
  else
    statement.bind(index, text);
}

std::int64_t TranslationMemory::Import::State::add(const TranslationUnit& unit,
                                                   const std::vector<std::string>& tokens) {
  const std::int64_t pair = pair_id(unit.source_lang, unit.target_lang);
  const std::int64_t key = detail::unit_key(unit.source, unit.target);
  const std::optional<std::int64_t> created = detail::parse_date(unit.created_at);
  const std::optional<std::int64_t> changed = detail::parse_date(unit.changed_at);

  std::int64_t unit_id = 0;
  bool added = false;
  // Into a TM that had no units, a key this import has not added yet cannot be stored.
  const bool maybe_stored = !keys_added || !keys_added->insert(key);
  find_unit.reset();
  find_unit.bind(1, key);
  find_unit.bind(2, pair);
  while (maybe_stored && find_unit.executeStep())
    if (find_unit.getColumn(1).getString() == unit.source &&
        find_unit.getColumn(2).getString() == unit.target) {
      unit_id = find_unit.getColumn(0).getInt64();
      // A later change of a known pair (a TMX exported again after editing) becomes its
      // change date; its first creation date stays.
      const std::optional<std::int64_t> latest = changed ? changed : created;
      if (latest && *latest > find_unit.getColumn(3).getInt64()) {
        find_unit.reset();
        update_change.reset();
        update_change.bind(1, *latest);
        bind_text_or_null(update_change, 2, changed ? unit.changed_by : unit.created_by);
        update_change.bind(3, unit_id);
        update_change.exec();
      }
      break;
    }
  find_unit.reset();

  if (unit_id == 0) {
    insert_unit.reset();
    insert_unit.bind(1, pair);
    insert_unit.bind(2, key);
    insert_unit.bind(3, static_cast<std::int64_t>(tokens.size()));
    insert_unit.bind(4, created.value_or(imported_at));
    bind_text_or_null(insert_unit, 5, unit.created_by);
    bind_optional(insert_unit, 6, changed);
    bind_text_or_null(insert_unit, 7, unit.changed_by);
    insert_unit.bindNoCopy(8, unit.source);
    insert_unit.bindNoCopy(9, unit.target);
    insert_unit.exec();
    unit_id = db.getLastInsertRowid();
    index.add(unit_id, pair, tokens);
    ++result.units_added;
    added = true;
  } else {
    ++result.units_known;
  }

  insert_occurrence.reset();
  insert_occurrence.bind(1, unit_id);
  insert_occurrence.bind(2, result.import_id);
  bind_optional(insert_occurrence, 3, document_id(unit.document));
  bind_optional(insert_occurrence, 4,
                unit.position < 0 ? std::nullopt : std::optional<std::int64_t>(unit.position));
  insert_occurrence.bind(5, unit.score);
  bind_optional(insert_occurrence, 6, detail::stored_hash(unit.context_before));
  bind_optional(insert_occurrence, 7, detail::stored_hash(unit.context_after));
  insert_occurrence.exec();
  ++result.units_read;
  return added ? unit_id : 0;
}

TranslationMemory::Import::Import(std::unique_ptr<State> state) : state_(std::move(state)) {}
TranslationMemory::Import::Import(Import&&) noexcept = default;
TranslationMemory::Import::~Import() = default;

void TranslationMemory::Import::add(std::vector<TranslationUnit> units) {
  if (!state_ || state_->finished) throw Error("import already committed");
  State& state = *state_;
  validate_units(units, state.offered);
  state.offered += units.size();
  // Tokenise this batch on other threads (all but the one writing) while the previous batch is
  // written: on a large import the two take about as long.
  auto shared = std::make_shared<const std::vector<TranslationUnit>>(std::move(units));
  const unsigned threads = std::max(1u, state.threads - 1);
  State::Batch batch{shared, std::async(std::launch::async, [shared, threads] {
                       return tokenise_sources(*shared, threads);
                     })};
  std::optional<State::Batch> previous = std::exchange(state.pending, std::move(batch));
  if (previous) guarded(state.tm.path, "import translation units", [&] { state.write(*previous); });
}

std::size_t TranslationMemory::Import::units_read() const { return state_ ? state_->offered : 0; }

ImportResult TranslationMemory::Import::commit() {
  if (!state_ || state_->finished) throw Error("import already committed");
  State& state = *state_;
  return guarded(state.tm.path, "import translation units", [&] {
    if (state.pending) {
      state.write(*state.pending);
      state.pending.reset();
    }
    state.index.flush();
    if (state.text_index) {
      if (state.result.units_added > 0) state.text_index->install(state.db);
      state.text_index.reset();
    } else if (state.result.units_added > 0) {
      index_new_units(state.db, state.last_unit_before);
    }
    state.transaction.commit();
    state.journal.restore();
    state.finished = true;
    return state.result;
  });
}

TranslationMemory::Import TranslationMemory::begin_import(const ImportOptions& options) {
  options.validate();
  if (impl_->mode == Mode::ReadOnly)
    throw StoreError(impl_->path + ": opened read-only, cannot import");
  return guarded(impl_->path, "start an import",
                 [&] { return Import(std::make_unique<Import::State>(*impl_, options)); });
}

ImportResult TranslationMemory::import_units(const std::vector<TranslationUnit>& units,
                                             const ImportOptions& options) {
  options.validate();
  if (impl_->mode == Mode::ReadOnly)
    throw StoreError(impl_->path + ": opened read-only, cannot import");
  validate_units(units, 0);  // before the transaction starts
  Import import = begin_import(options);
  import.add(units);  // a copy: the batch is kept until written
  return import.commit();
}

ImportResult TranslationMemory::import_units(const std::vector<TranslationUnit>& units,
                                             const std::string& origin) {
  return import_units(units, ImportOptions{.origin = origin});
}

// ------------------------------------------------------------------------------------- lookup

namespace {

// Loads the matches' units, in the order given.
std::vector<Match> load_matches(SQLite::Statement& load,
                                const std::vector<detail::ScoredUnit>& scored) {
  std::vector<Match> matches;
  matches.reserve(scored.size());
  for (const detail::ScoredUnit& unit : scored) {
    load.reset();
    load.bind(1, unit.unit_id);
    if (!load.executeStep())
      throw detail::IndexDamaged("unit " + std::to_string(unit.unit_id) + " is not stored");
    matches.push_back(Match{unit.score, read_unit(load), {}});
  }
  load.reset();
  return matches;
}

}  // namespace

// The reference: every unit of the pairs asked for within the token-count bounds, scored by
// fuzzy_score's rules with the Wagner-Fischer token_distance; no index.
std::vector<detail::ScoredUnit> TranslationMemory::Impl::scan(
    std::string_view source, const std::vector<std::string>& tokens,
    const std::vector<std::int64_t>& pairs, const QueryOptions& options) {
  const std::vector<std::uint32_t> query_tokens = intern(tokens);
  const std::string query_text = normalise_white_space(source);
  const auto [min_tokens, max_tokens] = token_count_bounds(query_tokens.size(), options.min_score);
  const std::unordered_set<std::int64_t> asked(pairs.begin(), pairs.end());

  // Best first: higher score, then the older (smaller id) unit.
  const auto better = [](const detail::ScoredUnit& a, const detail::ScoredUnit& b) {
    return a.score != b.score ? a.score > b.score : a.unit_id < b.unit_id;
  };
  SQLite::Statement all(db, R"sql(
    SELECT id, pair_id, source FROM units WHERE source_tokens BETWEEN ? AND ? ORDER BY id)sql");
  all.bind(1, min_tokens);
  all.bind(2, max_tokens);
  // A heap of the best `limit` units so far, the worst on top.
  std::vector<detail::ScoredUnit> best;
  while (all.executeStep()) {
    if (!asked.count(all.getColumn(1).getInt64())) continue;
    const std::int64_t id = all.getColumn(0).getInt64();
    const std::string stored = all.getColumn(2).getString();
    const std::vector<std::uint32_t>& stored_tokens = tokens_of(id, stored);
    const detail::ScoredUnit candidate{
        score_from_distance(query_tokens.size(), stored_tokens.size(),
                            token_distance(query_tokens, stored_tokens),
                            normalise_white_space(stored) == query_text),
        id};
    if (candidate.score < options.min_score) continue;
    if (best.size() == options.limit) {
      if (!better(candidate, best.front())) continue;
      std::pop_heap(best.begin(), best.end(), better);
      best.pop_back();
    }
    best.push_back(candidate);
    std::push_heap(best.begin(), best.end(), better);
  }
  std::sort_heap(best.begin(), best.end(), better);
  return best;
}

std::vector<detail::ScoredUnit> TranslationMemory::Impl::best(
    std::string_view source, const std::vector<std::string>& tokens,
    const std::vector<std::int64_t>& pairs, const QueryOptions& options) {
  if (options.exhaustive) return scan(source, tokens, pairs, options);
  if (!index) index.emplace(db);
  return index->best(source, tokens, pairs, options);
}

std::vector<Match> TranslationMemory::query(std::string_view source,
                                            const QueryOptions& options) const {
  options.validate();
  return guarded(impl_->path, "query the translation memory", [&] {
    // One read transaction: one snapshot of the file (an import committing meanwhile is not
    // half seen), and one lock instead of one a statement.
    SQLite::Transaction snapshot(impl_->db, SQLite::TransactionBehavior::DEFERRED);
    const std::vector<std::int64_t> pairs =
        impl_->pair_ids(options.source_lang, options.target_lang, options.collections);
    const std::vector<std::string> tokens = match_tokens(source);
    const bool with_context = options.context_before != 0 && options.context_after != 0;

    QueryOptions fuzzy = options;
    fuzzy.min_score = std::min(options.min_score, 100);
    std::vector<detail::ScoredUnit> scored;
    if (options.min_score <= 100) scored = impl_->best(source, tokens, pairs, fuzzy);

    // Context matches (101 %): among every 100 % unit (all of them, not only the best `limit`:
    // the one stored in this context may be any), those that occurred between the same
    // sentences; they come first, oldest first, then the other matches.
    if (with_context &&
        (options.min_score == 101 || (!scored.empty() && scored.front().score == 100))) {
      QueryOptions exact = options;
      exact.min_score = 100;
      exact.limit = std::numeric_limits<std::size_t>::max();
      std::vector<detail::ScoredUnit> in_context;
      for (const detail::ScoredUnit& unit : impl_->best(source, tokens, pairs, exact))
        if (impl_->in_context(unit.unit_id, options.context_before, options.context_after))
          in_context.push_back({101, unit.unit_id});
      if (!in_context.empty()) {
        std::unordered_set<std::int64_t> promoted;
        for (const detail::ScoredUnit& unit : in_context) promoted.insert(unit.unit_id);
        for (const detail::ScoredUnit& unit : scored)
          if (!promoted.count(unit.unit_id)) in_context.push_back(unit);
        scored = std::move(in_context);
      }
    }
    std::erase_if(scored,
                  [&](const detail::ScoredUnit& unit) { return unit.score < options.min_score; });
    if (scored.size() > options.limit) scored.resize(options.limit);
    if (!impl_->load_statement)
      impl_->load_statement.emplace(impl_->db, std::string(kSelectUnit) + " WHERE u.id = ?");
    std::vector<Match> matches = load_matches(*impl_->load_statement, scored);
    snapshot.commit();
    // Number substitution (docs/matching.md): a match that differs only in numbers is offered
    // with the query's numbers in its target; its score stays. (The store takes any language
    // name; one that is not a BCP 47 tag says nothing about how numbers are written there.)
    const auto convention = [](const std::string& language) {
      return is_language_tag(language) ? language : std::string();
    };
    for (Match& match : matches)
      if (match.score < 100)
        if (std::optional<std::string> adapted =
                substitute_numbers(source, match.unit.source, match.unit.target,
                                   {.source_lang = convention(match.unit.source_lang),
                                    .target_lang = convention(match.unit.target_lang)}))
          match.adapted_target = std::move(*adapted);
    return matches;
  });
}

// -------------------------------------------------------------------------------- concordance

std::vector<ConcordanceHit> TranslationMemory::concordance(
    std::string_view phrase, const ConcordanceOptions& options) const {
  options.validate();
  if (phrase.find('\0') != std::string_view::npos)
    throw OptionError("concordance phrase holds a NUL character");
  return guarded(impl_->path, "search the translation memory's text", [&] {
    if (!impl_->fts5) {
      fts5_api* api = fts5_of(impl_->db.getHandle());
      if (!api) throw StoreError(impl_->path + ": this SQLite was built without FTS5");
      if (api->xCreateFunction(api, "tmalign_hits", nullptr, hits_function, nullptr) != SQLITE_OK)
        throw StoreError(impl_->path + ": cannot register the FTS5 function tmalign_hits");
      impl_->fts5 = api;
    }
    if (count_words(impl_->fts5, phrase) == 0)
      throw OptionError("concordance phrase '" + std::string(phrase) +
                        "' holds no word (letters or digits) to look for");
    const std::vector<std::int64_t> pairs =
        impl_->pair_ids(options.source_lang, options.target_lang, options.collections);
    if (pairs.empty()) return std::vector<ConcordanceHit>{};
    std::string match = fts5_phrase(phrase);
    if (options.side == ConcordanceOptions::Side::Source) match = "source : " + match;
    if (options.side == ConcordanceOptions::Side::Target) match = "target : " + match;
    const std::string sql = R"sql(
      SELECT u.source, u.target, p.source_lang, p.target_lang, d.name, o.position, o.score,
             u.created_at, u.created_by, u.changed_at, u.changed_by, o.context_before,
             o.context_after, tmalign_hits(units_text)
      FROM units_text JOIN units u ON u.id = units_text.rowid
        JOIN language_pairs p ON p.id = u.pair_id
        JOIN occurrences o ON o.id = (SELECT min(id) FROM occurrences WHERE unit_id = u.id)
        LEFT JOIN documents d ON d.id = o.document_id
      WHERE units_text MATCH ? AND u.pair_id IN )sql" +
                            id_list(pairs) + " ORDER BY units_text.rowid LIMIT ?";
    SQLite::Statement select(impl_->db, sql);
    select.bind(1, match);
    select.bind(2, static_cast<std::int64_t>(std::min<std::size_t>(
                       options.limit, std::numeric_limits<std::int64_t>::max())));
    std::vector<ConcordanceHit> hits;
    while (select.executeStep()) {
      ConcordanceHit hit{read_unit(select), {}, {}};
      std::istringstream spans(select.getColumn(kSelectUnitColumns).getString());
      int column = 0;
      TextSpan span;
      while (spans >> column >> span.begin >> span.end)
        (column == 0 ? hit.source_hits : hit.target_hits).push_back(span);
      for (auto* list : {&hit.source_hits, &hit.target_hits}) {
        std::sort(list->begin(), list->end(), [](const TextSpan& a, const TextSpan& b) {
          return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
        });
        list->erase(std::unique(list->begin(), list->end()), list->end());
      }
      hits.push_back(std::move(hit));
    }
    return hits;
  });
}

// ---------------------------------------------------------------------------- units and stats

void TranslationMemory::for_each_unit(const std::vector<std::string>& collections,
                                      const std::function<void(const TranslationUnit&)>& visit,
                                      const std::string& source_lang,
                                      const std::string& target_lang) const {
  for (const std::string& collection : collections) check_collection_name(collection);
  guarded(impl_->path, "read the translation units", [&] {
    const std::vector<std::int64_t> pairs = impl_->pair_ids(source_lang, target_lang, collections);
    if (pairs.empty()) return;
    // One read transaction: the units of one snapshot, whatever is imported meanwhile.
    SQLite::Transaction snapshot(impl_->db, SQLite::TransactionBehavior::DEFERRED);
    SQLite::Statement all(impl_->db, std::string(kSelectUnit) + " WHERE u.pair_id IN " +
                                         id_list(pairs) + " ORDER BY u.id");
    while (all.executeStep()) visit(read_unit(all));
    all.reset();
    snapshot.commit();
  });
}

std::vector<TranslationUnit> TranslationMemory::units(
    const std::vector<std::string>& collections) const {
  std::vector<TranslationUnit> units;
  for_each_unit(collections, [&](const TranslationUnit& unit) { units.push_back(unit); });
  return units;
}

StoreStats TranslationMemory::stats() const {
  const SQLite::Database& db = impl_->db;
  return guarded(impl_->path, "read the statistics", [&] {
    const auto count = [&](const char* sql) {
      return static_cast<std::size_t>(select_value(db, sql));
    };
    StoreStats stats;
    stats.schema_version = static_cast<int>(select_value(db, "PRAGMA user_version"));
    stats.units = count("SELECT count(*) FROM units");
    stats.documents = count("SELECT count(*) FROM documents");
    stats.imports = count("SELECT count(*) FROM imports");
    SQLite::Statement pairs(db, R"sql(
      SELECT c.name, p.source_lang, p.target_lang, coalesce(n.units, 0)
      FROM language_pairs p JOIN collections c ON c.id = p.collection_id
        LEFT JOIN (SELECT pair_id, count(*) AS units FROM units GROUP BY pair_id) n
          ON n.pair_id = p.id
      ORDER BY c.id, p.source_lang, p.target_lang)sql");
    while (pairs.executeStep())
      stats.language_pairs.push_back({pairs.getColumn(0).getString(),
                                      pairs.getColumn(1).getString(),
                                      pairs.getColumn(2).getString(),
                                      static_cast<std::size_t>(pairs.getColumn(3).getInt64())});
    SQLite::Statement collections(db, "SELECT name FROM collections ORDER BY id");
    while (collections.executeStep())
      stats.collections.push_back(collections.getColumn(0).getString());
    return stats;
  });
}

const std::string& TranslationMemory::path() const { return impl_->path; }

}  // namespace tmalign
