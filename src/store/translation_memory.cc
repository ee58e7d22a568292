// The translation memory: schema, migrations, imports and fuzzy lookup. docs/store.md describes
// the schema and the guarantees.
#include "tmalign/store/translation_memory.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <limits>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "store/token_index.h"
#include "tmalign/core/error.h"
#include "tmalign/match/fuzzy.h"

namespace tmalign {
namespace {

// PRAGMA application_id of every tmalign TM: "TMAL" in ASCII.
constexpr int kApplicationId = 0x544D414C;

// kMigrations[v] takes the schema from version v to v + 1: its SQL, then (when given) a step in
// C++ that fills the new tables from the stored data; all of it runs in one transaction together
// with the new PRAGMA user_version. Released migrations are never edited, only appended.
// units.source_tokens caches match_tokens(source).size() for the query prefilter, and the index
// of schema 2 holds match_tokens() of every source: a change to match_tokens() needs a migration
// that recomputes them.
struct Migration {
  const char* sql;
  void (*fill)(SQLite::Database&) = nullptr;
};
constexpr Migration kMigrations[] = {
    // 0 -> 1: the first schema.
    {R"sql(
      CREATE TABLE imports(
        id INTEGER PRIMARY KEY,
        origin TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
      );
      CREATE TABLE units(
        id INTEGER PRIMARY KEY,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        source_tokens INTEGER NOT NULL,
        created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE(source_lang, target_lang, source, target)
      );
      CREATE INDEX units_by_token_count ON units(source_lang, target_lang, source_tokens);
      CREATE TABLE occurrences(
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        document TEXT,
        position INTEGER,
        score REAL NOT NULL
      );
      CREATE INDEX occurrences_by_unit ON occurrences(unit_id);
      PRAGMA application_id = 1414349132;
    )sql"},
    // 1 -> 2: the fuzzy-match index (src/store/token_index.h; docs/store.md), built from the
    // stored units.
    {R"sql(
      CREATE TABLE language_pairs(
        id INTEGER PRIMARY KEY,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        UNIQUE(source_lang, target_lang)
      );
      CREATE TABLE tokens(
        id INTEGER PRIMARY KEY,
        text TEXT NOT NULL UNIQUE,
        units INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE unit_tokens(
        unit_id INTEGER PRIMARY KEY REFERENCES units(id),
        tokens BLOB NOT NULL
      );
      CREATE TABLE postings(
        pair_id INTEGER NOT NULL,
        token_id INTEGER NOT NULL,
        length INTEGER NOT NULL,
        first_unit INTEGER NOT NULL,
        units BLOB NOT NULL,
        PRIMARY KEY(pair_id, token_id, length, first_unit)
      ) WITHOUT ROWID;
    )sql",
     &detail::index_stored_units},
    // 2 -> 3: the full-text index of concordance(): SQLite FTS5 over units' source and target.
    // External content (the text stays in `units` only; the index holds tokens, and FTS5 reads
    // the text back from `units` by rowid = units.id when it needs it). unicode61 folds case
    // (Cyrillic too) and, with remove_diacritics 2, strips diacritics. 'rebuild' fills it from the
    // stored units; import_units() adds each import's new units in its transaction.
    {R"sql(
      CREATE VIRTUAL TABLE units_text USING fts5(
        source, target, content = 'units', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO units_text(units_text) VALUES ('rebuild');
    )sql"},
};
static_assert(std::size(kMigrations) == TranslationMemory::kSchemaVersion,
              "one migration per schema version");
static_assert(kApplicationId == 1414349132, "the migration above spells the application id");

constexpr const char* kTables[] = {"imports", "units",       "occurrences", "language_pairs",
                                   "tokens",  "unit_tokens", "postings",    "units_text"};

// A unit with the provenance of its first occurrence; the caller appends WHERE/ORDER BY.
constexpr const char* kSelectUnit = R"sql(
  SELECT u.source, u.target, u.source_lang, u.target_lang, o.document, o.position, o.score
  FROM units u JOIN occurrences o
    ON o.id = (SELECT min(id) FROM occurrences WHERE unit_id = u.id)
)sql";

// The one funnel from SQLiteCpp to tmalign: runs `body` and turns SQLite::Exception into a
// StoreError naming the file and what was being done, keeping SQLite's result code.
template <class Body>
decltype(auto) guarded(const std::string& path, const char* doing, Body&& body) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    throw StoreError(path + ": cannot " + doing + ": " + e.what(), e.getErrorCode());
  } catch (const detail::IndexDamaged& e) {
    throw StoreError(path + ": cannot " + doing + ": damaged fuzzy-match index: " + e.what());
  }
}

// The one value `sql` selects.
std::int64_t select_value(const SQLite::Database& db, const std::string& sql) {
  SQLite::Statement statement(db, sql);
  statement.executeStep();
  return statement.getColumn(0).getInt64();
}

int pragma(const SQLite::Database& db, const char* name) {
  return static_cast<int>(select_value(db, std::string("PRAGMA ") + name));
}

// Applies the missing migrations in one IMMEDIATE transaction; the version is read again inside
// it, so two processes creating the same file do not both migrate.
void migrate(SQLite::Database& db) {
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  for (int version = pragma(db, "user_version"); version < TranslationMemory::kSchemaVersion;
       ++version) {
    db.exec(kMigrations[version].sql);
    if (kMigrations[version].fill) kMigrations[version].fill(db);
    db.exec("PRAGMA user_version = " + std::to_string(version + 1));
  }
  transaction.commit();
}

// Checks that `db` is a tmalign TM this build can read (or an empty database to create one in)
// and brings its schema up to date; throws StoreError naming `path` otherwise.
void open_schema(SQLite::Database& db, const std::string& path, TranslationMemory::Mode mode) {
  const bool writable = mode == TranslationMemory::Mode::Create;
  const int application_id = pragma(db, "application_id");  // fails on a non-SQLite file
  const int version = pragma(db, "user_version");
  const bool empty = application_id == 0 && version == 0 &&
                     select_value(db, "SELECT count(*) FROM sqlite_master") == 0;
  if (empty && !writable)
    throw StoreError(path + ": an empty database, not a tmalign translation memory");
  if (!empty && application_id != kApplicationId)
    throw StoreError(path + ": not a tmalign translation memory (SQLite application_id " +
                     std::to_string(application_id) + ", expected " +
                     std::to_string(kApplicationId) + ")");
  if (version > TranslationMemory::kSchemaVersion)
    throw StoreError(path + ": created by a newer tmalign (schema " + std::to_string(version) +
                     ", this build knows " + std::to_string(TranslationMemory::kSchemaVersion) +
                     ")");
  if (version < TranslationMemory::kSchemaVersion && !writable)
    throw StoreError(path + ": schema " + std::to_string(version) + " is older than this build's " +
                     std::to_string(TranslationMemory::kSchemaVersion) +
                     "; open it for writing once to migrate it");
  if (writable) {
    // Only now that the file is known to be ours (or empty) may it be changed.
    db.exec("PRAGMA journal_mode = WAL");
    if (version < TranslationMemory::kSchemaVersion) migrate(db);
  }
  for (const char* table : kTables)
    if (!db.tableExists(table))
      throw StoreError(path + ": damaged translation memory: table '" + table + "' is missing");
}

TranslationUnit read_unit(const SQLite::Statement& row) {
  TranslationUnit unit;
  unit.source = row.getColumn(0).getString();
  unit.target = row.getColumn(1).getString();
  unit.source_lang = row.getColumn(2).getString();
  unit.target_lang = row.getColumn(3).getString();
  unit.document = row.getColumn(4).getString();  // "" for NULL
  unit.position = row.getColumn(5).isNull() ? -1 : row.getColumn(5).getInt64();
  unit.score = row.getColumn(6).getDouble();
  return unit;
}

void validate_units(const std::vector<TranslationUnit>& units) {
  for (std::size_t i = 0; i < units.size(); ++i) {
    const TranslationUnit& unit = units[i];
    const auto fail = [&](const std::string& what) {
      throw OptionError("translation unit " + std::to_string(i) + ": " + what);
    };
    if (unit.source.empty()) fail("empty source text");
    if (unit.target.empty()) fail("empty target text");
    if (unit.source_lang.empty()) fail("empty source language");
    if (unit.target_lang.empty()) fail("empty target language");
    if (!(unit.score >= 0.0 && unit.score <= 1.0))
      fail("score " + std::to_string(unit.score) + " is outside 0..1");
    if (unit.position < -1) fail("position " + std::to_string(unit.position) + " is below -1");
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
                      " is outside 0..101 (101 returns nothing)");
  if (limit == 0) throw OptionError("limit 0: at least one match must be asked for");
}

void ConcordanceOptions::validate() const {
  if (limit == 0) throw OptionError("concordance limit 0: at least one unit must be asked for");
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

  std::vector<Match> scan(std::string_view source, const QueryOptions& options);
};

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
    open_schema(impl->db, path, mode);
    impl->db.exec("PRAGMA foreign_keys = ON");
    return impl;
  });
}

TranslationMemory::~TranslationMemory() = default;
TranslationMemory::TranslationMemory(TranslationMemory&&) noexcept = default;
TranslationMemory& TranslationMemory::operator=(TranslationMemory&&) noexcept = default;

ImportResult TranslationMemory::import_units(const std::vector<TranslationUnit>& units,
                                             const std::string& origin) {
  if (impl_->mode == Mode::ReadOnly)
    throw StoreError(impl_->path + ": opened read-only, cannot import");
  validate_units(units);
  SQLite::Database& db = impl_->db;
  return guarded(impl_->path, "import translation units", [&] {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    // Units get increasing ids (units are never deleted): this import's new ones are above it.
    const std::int64_t last_unit_before =
        select_value(db, "SELECT coalesce(max(id), 0) FROM units");
    ImportResult result;
    SQLite::Statement insert_import(db, "INSERT INTO imports(origin) VALUES (?)");
    insert_import.bind(1, origin);
    insert_import.exec();
    result.import_id = db.getLastInsertRowid();

    SQLite::Statement insert_unit(db, R"sql(
      INSERT INTO units(source_lang, target_lang, source, target, source_tokens)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING)sql");
    detail::IndexWriter index(db);
    SQLite::Statement find_unit(db, R"sql(
      SELECT id FROM units
      WHERE source_lang = ? AND target_lang = ? AND source = ? AND target = ?)sql");
    SQLite::Statement insert_occurrence(db, R"sql(
      INSERT INTO occurrences(unit_id, import_id, document, position, score)
      VALUES (?, ?, ?, ?, ?))sql");
    for (const TranslationUnit& unit : units) {
      insert_unit.reset();
      insert_unit.bind(1, unit.source_lang);
      insert_unit.bind(2, unit.target_lang);
      insert_unit.bind(3, unit.source);
      insert_unit.bind(4, unit.target);
      const std::vector<std::string> tokens = match_tokens(unit.source);
      insert_unit.bind(5, static_cast<std::int64_t>(tokens.size()));
      std::int64_t unit_id = 0;
      if (insert_unit.exec() == 1) {
        unit_id = db.getLastInsertRowid();
        index.add(unit_id, unit.source_lang, unit.target_lang, tokens);
        ++result.units_added;
      } else {
        find_unit.reset();
        find_unit.bind(1, unit.source_lang);
        find_unit.bind(2, unit.target_lang);
        find_unit.bind(3, unit.source);
        find_unit.bind(4, unit.target);
        find_unit.executeStep();
        unit_id = find_unit.getColumn(0).getInt64();
        ++result.units_known;
      }
      insert_occurrence.reset();
      insert_occurrence.bind(1, unit_id);
      insert_occurrence.bind(2, result.import_id);
      if (unit.document.empty())
        insert_occurrence.bind(3);  // NULL: unknown
      else
        insert_occurrence.bind(3, unit.document);
      if (unit.position < 0)
        insert_occurrence.bind(4);
      else
        insert_occurrence.bind(4, unit.position);
      insert_occurrence.bind(5, unit.score);
      insert_occurrence.exec();
      ++result.units_read;
    }
    index.flush();
    // The full-text index gets the new units in one statement, not a statement (or trigger) per
    // unit: FTS5 writes its pending terms out as a new segment at the end of every statement, and
    // per-unit segments made a 100 000-unit import 2.5 times slower (docs/store.md).
    if (result.units_added > 0) {
      SQLite::Statement index_text(db, R"sql(
        INSERT INTO units_text(rowid, source, target)
        SELECT id, source, target FROM units WHERE id > ? ORDER BY id)sql");
      index_text.bind(1, last_unit_before);
      index_text.exec();
    }
    transaction.commit();
    return result;
  });
}

namespace {

// Loads the matches' units, in the order given.
std::vector<Match> load_matches(const SQLite::Database& db,
                                const std::vector<std::pair<int, std::int64_t>>& scored) {
  SQLite::Statement load(db, std::string(kSelectUnit) + " WHERE u.id = ?");
  std::vector<Match> matches;
  matches.reserve(scored.size());
  for (const auto& [score, id] : scored) {
    load.reset();
    load.bind(1, id);
    load.executeStep();
    matches.push_back(Match{score, read_unit(load)});
  }
  return matches;
}

}  // namespace

// The reference: every unit of the languages asked for within the token-count bounds, scored by
// fuzzy_score's rules with the Wagner-Fischer token_distance; no index.
std::vector<Match> TranslationMemory::Impl::scan(std::string_view source,
                                                 const QueryOptions& options) {
  const std::vector<std::string> query_strings = match_tokens(source);
  const std::vector<std::uint32_t> query_tokens = intern(query_strings);
  const std::string query_text = normalise_white_space(source);
  const auto [min_tokens, max_tokens] = token_count_bounds(query_tokens.size(), options.min_score);

  struct Candidate {
    int score;
    std::int64_t id;
  };
  // Best first: higher score, then the older (smaller id) unit.
  const auto better = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };

  std::string sql = "SELECT id, source FROM units WHERE source_tokens BETWEEN ? AND ?";
  if (!options.source_lang.empty()) sql += " AND source_lang = ?";
  if (!options.target_lang.empty()) sql += " AND target_lang = ?";
  SQLite::Statement all(db, sql + " ORDER BY id");
  int parameter = 1;
  all.bind(parameter++, min_tokens);
  all.bind(parameter++, max_tokens);
  if (!options.source_lang.empty()) all.bind(parameter++, options.source_lang);
  if (!options.target_lang.empty()) all.bind(parameter++, options.target_lang);

  // A heap of the best `limit` candidates so far, the worst on top.
  std::vector<Candidate> best;
  while (all.executeStep()) {
    const std::int64_t id = all.getColumn(0).getInt64();
    const std::string stored = all.getColumn(1).getString();
    const std::vector<std::uint32_t>& stored_tokens = tokens_of(id, stored);
    const Candidate candidate{score_from_distance(query_tokens.size(), stored_tokens.size(),
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

  std::vector<std::pair<int, std::int64_t>> scored;
  for (const Candidate& candidate : best) scored.emplace_back(candidate.score, candidate.id);
  return load_matches(db, scored);
}

std::vector<Match> TranslationMemory::query(std::string_view source,
                                            const QueryOptions& options) const {
  options.validate();
  return guarded(impl_->path, "query the translation memory", [&] {
    if (options.exhaustive) return impl_->scan(source, options);
    if (!impl_->index) impl_->index.emplace(impl_->db);
    // One read transaction: one snapshot of the file (an import committing meanwhile is not
    // half seen), and one lock instead of one a statement.
    SQLite::Transaction snapshot(impl_->db, SQLite::TransactionBehavior::DEFERRED);
    std::vector<std::pair<int, std::int64_t>> scored;
    for (const detail::ScoredUnit& unit : impl_->index->best(source, match_tokens(source), options))
      scored.emplace_back(unit.score, unit.unit_id);
    std::vector<Match> matches = load_matches(impl_->db, scored);
    snapshot.commit();
    return matches;
  });
}

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
    std::string match = fts5_phrase(phrase);
    if (options.side == ConcordanceOptions::Side::Source) match = "source : " + match;
    if (options.side == ConcordanceOptions::Side::Target) match = "target : " + match;
    std::string sql = R"sql(
      SELECT u.source, u.target, u.source_lang, u.target_lang, o.document, o.position, o.score,
             tmalign_hits(units_text)
      FROM units_text JOIN units u ON u.id = units_text.rowid
        JOIN occurrences o ON o.id = (SELECT min(id) FROM occurrences WHERE unit_id = u.id)
      WHERE units_text MATCH ?)sql";
    if (!options.source_lang.empty()) sql += " AND u.source_lang = ?";
    if (!options.target_lang.empty()) sql += " AND u.target_lang = ?";
    sql += " ORDER BY units_text.rowid LIMIT ?";
    SQLite::Statement select(impl_->db, sql);
    int parameter = 1;
    select.bind(parameter++, match);
    if (!options.source_lang.empty()) select.bind(parameter++, options.source_lang);
    if (!options.target_lang.empty()) select.bind(parameter++, options.target_lang);
    select.bind(parameter++, static_cast<std::int64_t>(std::min<std::size_t>(
                                 options.limit, std::numeric_limits<std::int64_t>::max())));
    std::vector<ConcordanceHit> hits;
    while (select.executeStep()) {
      ConcordanceHit hit{read_unit(select), {}, {}};
      std::istringstream spans(select.getColumn(7).getString());
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

std::vector<TranslationUnit> TranslationMemory::units() const {
  return guarded(impl_->path, "read the translation units", [&] {
    SQLite::Statement all(impl_->db, std::string(kSelectUnit) + " ORDER BY u.id");
    std::vector<TranslationUnit> units;
    while (all.executeStep()) units.push_back(read_unit(all));
    return units;
  });
}

StoreStats TranslationMemory::stats() const {
  const SQLite::Database& db = impl_->db;
  return guarded(impl_->path, "read the statistics", [&] {
    const auto count = [&](const char* sql) {
      return static_cast<std::size_t>(select_value(db, sql));
    };
    StoreStats stats;
    stats.schema_version = pragma(db, "user_version");
    stats.units = count("SELECT count(*) FROM units");
    stats.documents = count("SELECT count(DISTINCT document) FROM occurrences");
    stats.imports = count("SELECT count(*) FROM imports");
    SQLite::Statement pairs(db, R"sql(
      SELECT source_lang, target_lang, count(*) FROM units
      GROUP BY source_lang, target_lang ORDER BY source_lang, target_lang)sql");
    while (pairs.executeStep())
      stats.language_pairs.push_back({pairs.getColumn(0).getString(),
                                      pairs.getColumn(1).getString(),
                                      static_cast<std::size_t>(pairs.getColumn(2).getInt64())});
    return stats;
  });
}

const std::string& TranslationMemory::path() const { return impl_->path; }

}  // namespace tmalign
