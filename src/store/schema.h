// The TM file's schema: its versions and migrations, opening checks, and the stored forms of
// values (unit keys, dates). Private to the store stage; docs/store.md describes the tables.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/token_index.h"
#include "tmalign/core/error.h"
#include "tmalign/store/translation_memory.h"

namespace tmalign::detail {

// PRAGMA application_id of every tmalign TM: "TMAL" in ASCII.
constexpr int kApplicationId = 0x544D414C;

// The tables a TM of the current schema has (checked on open).
extern const char* const kTables[];
extern const std::size_t kTableCount;

// The CREATE VIRTUAL TABLE statement of the current schema's full-text index, units_text (FTS5,
// external content: the texts stay in `units`). An index built in another database with this
// statement has the same format, so its shadow tables can be copied (TextIndexBuilder).
extern const char* const kTextIndexTableSql;

// units_text's settings while an import fills it, and the usual ones, set back after it (FTS5's
// 'hashsize', 'automerge' and 'crisismerge'; schema.cc says why these values).
extern const char* const kTextIndexImportSettingsSql;
extern const char* const kTextIndexUsualSettingsSql;

// The one funnel from SQLiteCpp to tmalign: runs `body` and turns SQLite::Exception into a
// StoreError naming the file and what was being done, keeping SQLite's result code.
template <class Body>
decltype(auto) guarded(const std::string& path, const char* doing, Body&& body) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    throw StoreError(path + ": cannot " + doing + ": " + e.what(), e.getErrorCode());
  } catch (const IndexDamaged& e) {
    throw StoreError(path + ": cannot " + doing + ": damaged fuzzy-match index: " + e.what());
  }
}

// The one value `sql` selects.
std::int64_t select_value(const SQLite::Database& db, const std::string& sql);

// Checks that `db` is a tmalign TM this build can read (or an empty database to create one in)
// and, when writable, brings its schema up to date; throws StoreError naming `path` otherwise.
void open_schema(SQLite::Database& db, const std::string& path, TranslationMemory::Mode mode);

// units.key: XXH3-64 of source, a NUL byte and target, as SQLite's signed 64-bit integer. Two
// units of one language pair and collection are the same pair when key, source and target are
// equal (the key only narrows the search: texts are always compared).
std::int64_t unit_key(std::string_view source, std::string_view target);

// A context hash (TranslationUnit::context_before/after) as stored: NULL for 0, else the same 64
// bits as a signed integer.
std::optional<std::int64_t> stored_hash(std::uint64_t hash);

// Dates are stored as seconds since 1970-01-01T00:00:00Z. parse_date() reads ISO 8601 UTC as
// TranslationUnit holds it ("2026-11-27T10:44:14Z"; also without the Z, and with a fraction of
// a second, which is dropped); nullopt when `text` is not such a date. format_date() writes
// "YYYY-MM-DDThh:mm:ssZ".
std::optional<std::int64_t> parse_date(std::string_view text);
std::string format_date(std::int64_t seconds);

}  // namespace tmalign::detail
