// Translation memories as earlier tmalign versions wrote them, for the migration tests. The SQL
// is copied from the released migrations on purpose: the tests must not follow later edits.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <string>
#include <vector>

#include "tmalign/core/types.h"
#include "tmalign/match/fuzzy.h"

namespace tmalign::testing {

// Schema 1 exactly as tmalign 0.1 created it (its migration 0 -> 1, which is never edited).
inline constexpr const char* kSchema1 = R"sql(
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
    )sql";

// Writes `units` into a new schema-1 file the way tmalign 0.1's import did.
inline void write_schema1_tm(const std::string& path, const std::vector<TranslationUnit>& units) {
  SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(kSchema1);
  db.exec("PRAGMA user_version = 1");
  db.exec("INSERT INTO imports(origin) VALUES ('tmalign 0.1')");
  SQLite::Statement insert_unit(db, R"sql(
    INSERT INTO units(source_lang, target_lang, source, target, source_tokens)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING)sql");
  SQLite::Statement insert_occurrence(db, R"sql(
    INSERT INTO occurrences(unit_id, import_id, document, position, score)
    SELECT id, 1, ?, ?, ? FROM units
    WHERE source_lang = ? AND target_lang = ? AND source = ? AND target = ?)sql");
  for (const TranslationUnit& unit : units) {
    insert_unit.reset();
    insert_unit.bind(1, unit.source_lang);
    insert_unit.bind(2, unit.target_lang);
    insert_unit.bind(3, unit.source);
    insert_unit.bind(4, unit.target);
    insert_unit.bind(5, static_cast<std::int64_t>(match_tokens(unit.source).size()));
    insert_unit.exec();
    insert_occurrence.reset();
    insert_occurrence.bind(1, unit.document);
    insert_occurrence.bind(2, unit.position);
    insert_occurrence.bind(3, unit.score);
    insert_occurrence.bind(4, unit.source_lang);
    insert_occurrence.bind(5, unit.target_lang);
    insert_occurrence.bind(6, unit.source);
    insert_occurrence.bind(7, unit.target);
    insert_occurrence.exec();
  }
}

// What migrations 1 -> 2 and 2 -> 3 added, as released (their C++ fill steps left out: a file
// written here has empty index tables, which migration 3 -> 4 drops and rebuilds anyway).
inline constexpr const char* kSchema2And3 = R"sql(
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
      CREATE VIRTUAL TABLE units_text USING fts5(
        source, target, content = 'units', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO units_text(units_text) VALUES ('rebuild');
    )sql";

// Writes `units` into a new schema-3 file (schema 1's rows, then schema 2 and 3's tables).
inline void write_schema3_tm(const std::string& path, const std::vector<TranslationUnit>& units) {
  write_schema1_tm(path, units);
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  db.exec(kSchema2And3);
  db.exec("PRAGMA user_version = 3");
}

}  // namespace tmalign::testing
