// The TM file's schema: versions, migrations and the checks made on opening. docs/store.md
// describes the tables and the guarantees.
#include "store/schema.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <charconv>
#include <ctime>
#include <iterator>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace tmalign::detail {
namespace {

int pragma(const SQLite::Database& db, const char* name) {
  return static_cast<int>(select_value(db, std::string("PRAGMA ") + name));
}

// The fuzzy-match index's tables (token_index.h), as schema 2 made them; schema 4 makes them
// again after dropping them.
constexpr const char* kIndexTablesSql = R"sql(
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
)sql";

// The full-text index of concordance(), as schema 3 made it: SQLite FTS5 over units' source and
// target, external content (the text stays in `units`; FTS5 reads it back by rowid = units.id).
// unicode61 folds case (Cyrillic too) and, with remove_diacritics 2, strips diacritics.
constexpr const char* kTextIndexSql = R"sql(
      CREATE VIRTUAL TABLE units_text USING fts5(
        source, target, content = 'units', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO units_text(units_text) VALUES ('rebuild');
)sql";

}  // namespace

// Schema 4's full-text index: the same with columnsize = 0. FTS5 then keeps no table of each
// row's column sizes, which only its bm25() ranking reads (concordance lists hits in unit order):
// one B-tree insert less a unit, and about a tenth less full-text indexing time.
const char* const kTextIndexTableSql = R"sql(
      CREATE VIRTUAL TABLE units_text USING fts5(
        source, target, content = 'units', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', columnsize = 0
      );
)sql";

// FTS5 writes its pending terms out as a segment every megabyte and, by default, merges segments
// four at a time as they pile up: on a large import most of its time went into merging the same
// terms again and again. While an import fills the index, merges wait until 64 segments of one
// size are there, and pending terms may take 8 MB. (1 000 000 units: 12.9 s of full-text indexing
// with the defaults, 10.5 s with 64 MB of terms, and 15-20 % less again with 8 MB, whose hash
// table stays in the processor's caches: medians of interleaved runs, 10.2 against 11.5-12.4 s.)
// Later writes merge the rest a little at a time, with the usual settings.
const char* const kTextIndexImportSettingsSql = R"sql(
    INSERT INTO units_text(units_text, rank) VALUES ('hashsize', 8388608);
    INSERT INTO units_text(units_text, rank) VALUES ('automerge', 0);
    INSERT INTO units_text(units_text, rank) VALUES ('crisismerge', 64);)sql";
const char* const kTextIndexUsualSettingsSql = R"sql(
    INSERT INTO units_text(units_text, rank) VALUES ('hashsize', 1048576);
    INSERT INTO units_text(units_text, rank) VALUES ('automerge', 4);
    INSERT INTO units_text(units_text, rank) VALUES ('crisismerge', 16);)sql";

namespace {

// The second half of 3 -> 4: fills new_units from units (keys need C++), swaps the new tables
// in, and rebuilds both indexes over them.
void migrate_to_4(SQLite::Database& db) {
  {
    SQLite::Statement old_units(db, R"sql(
      SELECT u.id, p.id, u.source_tokens, u.created_at, u.source, u.target
      FROM units u JOIN new_language_pairs p
        ON p.collection_id = 1 AND p.source_lang = u.source_lang AND p.target_lang = u.target_lang
      ORDER BY u.id)sql");
    SQLite::Statement insert(db, R"sql(
      INSERT INTO new_units(id, pair_id, key, source_tokens, created_at, source, target)
      VALUES (?, ?, ?, ?, ?, ?, ?))sql");
    while (old_units.executeStep()) {
      const std::string source = old_units.getColumn(4).getString();
      const std::string target = old_units.getColumn(5).getString();
      insert.reset();
      insert.bind(1, old_units.getColumn(0).getInt64());
      insert.bind(2, old_units.getColumn(1).getInt64());
      insert.bind(3, unit_key(source, target));
      insert.bind(4, old_units.getColumn(2).getInt64());
      insert.bind(5, parse_date(old_units.getColumn(3).getString()).value_or(0));
      insert.bind(6, source);
      insert.bind(7, target);
      insert.exec();
    }
  }
  db.exec(R"sql(
    DROP TABLE units_text;
    DROP TABLE postings;
    DROP TABLE unit_tokens;
    DROP TABLE tokens;
    DROP TABLE occurrences;
    DROP TABLE units;
    DROP TABLE language_pairs;
    ALTER TABLE new_language_pairs RENAME TO language_pairs;
    ALTER TABLE new_units RENAME TO units;
    ALTER TABLE new_occurrences RENAME TO occurrences;
    CREATE INDEX units_by_key ON units(key);
    CREATE INDEX occurrences_by_unit ON occurrences(unit_id);
  )sql");
  db.exec(kIndexTablesSql);
  index_stored_units(db);
  db.exec(kTextIndexTableSql);
  db.exec("INSERT INTO units_text(units_text) VALUES ('rebuild')");
}

// The second half of 1 -> 2.
void create_index_tables(SQLite::Database& db) { db.exec(kIndexTablesSql); }

// kMigrations[v] takes the schema from version v to v + 1: its SQL, then (when given) a step in
// C++ that fills the new tables from the stored data; all of it runs in one transaction together
// with the new PRAGMA user_version. Released migrations are never edited, only appended.
// units.source_tokens caches match_tokens(source).size() for the exhaustive scan, and the index
// holds match_tokens() of every source: a change to match_tokens() needs a migration that
// recomputes them; units.key holds unit_key(): a change to it needs one too.
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
    // 1 -> 2: the fuzzy-match index (kIndexTablesSql above; src/store/token_index.h),
    // with the language pairs its postings are partitioned by. (Until schema 4 a C++ step filled
    // it here; 3 -> 4 now drops and rebuilds it in its new layout, so a file of schema 1 goes
    // through these tables empty.)
    {R"sql(
      CREATE TABLE language_pairs(
        id INTEGER PRIMARY KEY,
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        UNIQUE(source_lang, target_lang)
      );
    )sql",
     &create_index_tables},
    // 2 -> 3: the full-text index of concordance() (kTextIndexSql above); 'rebuild'
    // fills it from the stored units, and imports add each import's new units in their
    // transaction.
    {kTextIndexSql},
    // 3 -> 4 (docs/store.md, "Schema 4"): collections; language pairs per collection (the
    // index's partitions); units keyed by a hash instead of a UNIQUE index on their texts (which
    // doubled the file and slowed large imports), with creator and dates as integers; documents
    // named once; occurrences with their context. The new tables are filled by migrate_to_4(),
    // which then swaps them in and rebuilds the fuzzy-match and full-text indexes.
    {R"sql(
      CREATE TABLE collections(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL DEFAULT (unixepoch())
      );
      INSERT INTO collections(id, name) VALUES (1, 'default');
      CREATE TABLE documents(
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE
      );
      INSERT INTO documents(name)
        SELECT document FROM occurrences WHERE document <> ''
        GROUP BY document ORDER BY min(id);
      CREATE TABLE new_language_pairs(
        id INTEGER PRIMARY KEY,
        collection_id INTEGER NOT NULL REFERENCES collections(id),
        source_lang TEXT NOT NULL,
        target_lang TEXT NOT NULL,
        UNIQUE(collection_id, source_lang, target_lang)
      );
      INSERT INTO new_language_pairs(collection_id, source_lang, target_lang)
        SELECT DISTINCT 1, source_lang, target_lang FROM units ORDER BY 2, 3;
      CREATE TABLE new_units(
        id INTEGER PRIMARY KEY,
        pair_id INTEGER NOT NULL REFERENCES language_pairs(id),
        key INTEGER NOT NULL,
        source_tokens INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        changed_at INTEGER,
        changed_by TEXT,
        source TEXT NOT NULL,
        target TEXT NOT NULL
      );
      CREATE TABLE new_occurrences(
        id INTEGER PRIMARY KEY,
        unit_id INTEGER NOT NULL REFERENCES units(id),
        import_id INTEGER NOT NULL REFERENCES imports(id),
        document_id INTEGER REFERENCES documents(id),
        position INTEGER,
        score REAL NOT NULL,
        context_before INTEGER,
        context_after INTEGER
      );
      INSERT INTO new_occurrences(id, unit_id, import_id, document_id, position, score)
        SELECT o.id, o.unit_id, o.import_id, d.id, o.position, o.score
        FROM occurrences o LEFT JOIN documents d ON d.name = o.document ORDER BY o.id;
    )sql",
     &migrate_to_4},
};
static_assert(std::size(kMigrations) == TranslationMemory::kSchemaVersion,
              "one migration per schema version");
static_assert(kApplicationId == 1414349132, "the migration above spells the application id");

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

// Days since 1970-01-01 of a date in the proleptic Gregorian calendar (Howard Hinnant's
// days_from_civil, "chrono-Compatible Low-Level Date Algorithms").
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

const char* const kTables[] = {"imports",  "collections", "documents", "language_pairs",
                               "units",    "occurrences", "tokens",    "unit_tokens",
                               "postings", "units_text"};
const std::size_t kTableCount = std::size(kTables);

std::int64_t select_value(const SQLite::Database& db, const std::string& sql) {
  SQLite::Statement statement(db, sql);
  statement.executeStep();
  return statement.getColumn(0).getInt64();
}

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

std::int64_t unit_key(std::string_view source, std::string_view target) {
  XXH3_state_t state;
  XXH3_64bits_reset(&state);
  XXH3_64bits_update(&state, source.data(), source.size());
  XXH3_64bits_update(&state, "", 1);  // the NUL byte between: ("ab", "c") is not ("a", "bc")
  XXH3_64bits_update(&state, target.data(), target.size());
  return static_cast<std::int64_t>(XXH3_64bits_digest(&state));
}

std::optional<std::int64_t> stored_hash(std::uint64_t hash) {
  if (hash == 0) return std::nullopt;
  return static_cast<std::int64_t>(hash);
}

std::optional<std::int64_t> parse_date(std::string_view text) {
  // YYYY-MM-DDThh:mm:ss, then optionally .fraction, then optionally Z.
  if (text.size() < 19) return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t digits, unsigned& value) {
    const char* first = text.data() + at;
    const auto [end, error] = std::from_chars(first, first + digits, value);
    return error == std::errc() && end == first + digits;
  };
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(0, 4, year) || text[4] != '-' || !number(5, 2, month) || text[7] != '-' ||
      !number(8, 2, day) || text[10] != 'T' || !number(11, 2, hour) || text[13] != ':' ||
      !number(14, 2, minute) || text[16] != ':' || !number(17, 2, second))
    return std::nullopt;
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t digits = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == digits) return std::nullopt;
  }
  if (at < text.size() && text[at] == 'Z') ++at;
  if (at != text.size()) return std::nullopt;
  static constexpr unsigned kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

std::string format_date(std::int64_t seconds) {
  const auto time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  if (!gmtime_r(&time, &utc)) return {};
  char text[32];
  const std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return std::string(text, size);
}

}  // namespace tmalign::detail
