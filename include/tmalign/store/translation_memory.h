// The translation memory: an SQLite file of TranslationUnits with provenance, and fuzzy lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/types.h"

namespace tmalign {

struct QueryOptions {
  int min_score = 50;     // matches scoring below this percent are not returned (0..101)
  std::size_t limit = 5;  // at most this many matches, best first (>= 1)
  // (The `= {}` initialisers keep -Wextra quiet about designated initialisers such as
  // {.min_score = 70} that leave these out.)
  std::string source_lang = {};  // only units with this source language; empty = any
  std::string target_lang = {};  // only units with this target language; empty = any
  // Score every unit of the languages asked for with the plain reference algorithm (tokenise,
  // Wagner-Fischer token_distance) instead of using the index: slow, for checking the index,
  // whose answer must be the same.
  bool exhaustive = false;
  // Where the query stands in its document, for context matches: context_hash() of the source
  // sentence before it and after it (context_hash("") at the document's start or end). A 100 %
  // match stored with the same context scores 101. 0 = unknown: no match scores 101.
  std::uint64_t context_before = 0;
  std::uint64_t context_after = 0;
  // Only units of these collections (named TMs in one file); empty = every collection.
  std::vector<std::string> collections = {};

  /// Throws OptionError when min_score is outside 0..101 or limit is 0.
  void validate() const;
};

/// Options of TranslationMemory::concordance().
struct ConcordanceOptions {
  enum class Side {
    Source,  // look for the phrase in units' source text only
    Target,  // in their target text only
    Both,    // in either
  };
  std::size_t limit = 20;        // at most this many units, oldest first (>= 1)
  std::string source_lang = {};  // only units with this source language; empty = any
  std::string target_lang = {};  // only units with this target language; empty = any
  std::vector<std::string> collections = {};  // only units of these collections; empty = all
  Side side = Side::Both;

  /// Throws OptionError when limit is 0.
  void validate() const;
};

/// Where a concordance phrase occurs in a text: bytes [begin, end) of its UTF-8.
struct TextSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  friend bool operator==(const TextSpan&, const TextSpan&) = default;
};

/// One unit found by concordance(), with every occurrence of the phrase in it, in text order.
struct ConcordanceHit {
  TranslationUnit unit;               // with the provenance of its first occurrence
  std::vector<TextSpan> source_hits;  // in unit.source (empty when the hit is only in the target)
  std::vector<TextSpan> target_hits;  // in unit.target
};

/// How an import stores its units.
struct ImportOptions {
  std::string origin = {};                 // what was imported (file names), kept with the batch
  std::string collection = "default";      // the collection the units go into (made if missing)
  // Threads an import uses: one writes, the others (at least one) tokenise the next batch;
  // 0 = one per core.
  unsigned threads = 0;

  /// Throws OptionError for an empty collection name or one with control characters.
  void validate() const;
};

/// What one import did.
struct ImportResult {
  std::int64_t import_id = 0;   // the id of this import batch in the TM
  std::size_t units_read = 0;   // units offered
  std::size_t units_added = 0;  // new distinct pairs stored
  std::size_t units_known = 0;  // pairs the TM held already (their provenance is still recorded)
};

/// Turns SQLite's memory statistics off for the whole process. SQLite counts every allocation of
/// every connection under one global mutex; an import's two connections (the full-text index is
/// built on a thread of its own) contended for it: 1 000 000 units imported in 18.1 s instead of
/// 20.2 s (medians of 4 interleaved runs). Only possible before SQLite is first used in the
/// process (before the first TranslationMemory is opened): returns false, changing nothing, after.
/// sqlite3_memory_used() then reports 0 and sqlite3_soft_heap_limit64() has no effect, which is
/// why the library leaves the call to the program: the tmalign CLI makes it first thing.
bool disable_sqlite_memory_statistics() noexcept;

/// Checks a collection name: not empty, no control characters, at most 200 bytes. Throws
/// OptionError naming it.
void check_collection_name(std::string_view name);

/// What the TM holds.
struct StoreStats {
  struct LanguagePair {
    std::string collection;
    std::string source_lang;
    std::string target_lang;
    std::size_t units = 0;
  };
  int schema_version = 0;
  std::size_t units = 0;      // distinct pairs
  std::size_t documents = 0;  // distinct provenance documents
  std::size_t imports = 0;    // import batches
  std::vector<LanguagePair> language_pairs;  // by collection, then languages
  std::vector<std::string> collections;      // every collection's name, in order of creation
};

/// A translation memory kept in one SQLite file (schema versioned with PRAGMA user_version and
/// migrated on open). Units live in named collections ("default" unless told otherwise), which
/// are queried together or apart. Within a collection identical pairs (same languages, source
/// and target) are stored once, every occurrence is kept as provenance (document, position,
/// import, context), and pairs with the same source but another target are kept side by side,
/// each with its creation and change dates. Each import is one transaction: all of it or none.
///
///   TranslationMemory tm("work.db", TranslationMemory::Mode::Create);
///   tm.import_units(units, {.origin = "ru.txt + en.txt"});
///   for (const Match& m : tm.query("Текст запроса", {.min_score = 70})) use(m.score, m.unit);
///   for (const ConcordanceHit& h : tm.concordance("договор аренды")) show(h.unit, h.source_hits);
class TranslationMemory {
 public:
  enum class Mode {
    ReadOnly,  // the file must exist and be a tmalign TM; nothing is written
    Create,    // opened read-write, created (with the schema) when missing
  };
  static constexpr int kSchemaVersion = 4;

  class Import;

  /// Throws StoreError naming `path` when the file cannot be opened, is not a tmalign TM, or
  /// comes from a newer tmalign (a schema version this build does not know).
  explicit TranslationMemory(const std::string& path, Mode mode = Mode::ReadOnly);
  ~TranslationMemory();
  TranslationMemory(TranslationMemory&&) noexcept;
  TranslationMemory& operator=(TranslationMemory&&) noexcept;

  /// Starts an import: one write transaction, to which units are added in batches, stored when
  /// committed, and rolled back when the Import is destroyed uncommitted (or the process dies).
  /// Throws StoreError when the TM is read-only or locked by another writer past the timeout.
  Import begin_import(const ImportOptions& options);

  /// Stores `units` in one transaction (begin_import, add, commit). Throws OptionError for a
  /// unit with an empty source, target or language, naming its index; on any error nothing of
  /// this import is stored.
  ImportResult import_units(const std::vector<TranslationUnit>& units,
                            const ImportOptions& options);
  /// The same into the "default" collection; `origin` describes the import (e.g. file names).
  ImportResult import_units(const std::vector<TranslationUnit>& units, const std::string& origin);

  /// Best fuzzy matches of `source` (see fuzzy_score()), best first; ties by older unit first.
  /// Looked up in the file's index (docs/matching.md), or, with options.exhaustive, by scoring
  /// every unit; both give the same matches.
  std::vector<Match> query(std::string_view source, const QueryOptions& options = {}) const;

  /// The units whose source or target (options.side) contains `phrase` as a run of words,
  /// oldest first. Words are compared as SQLite FTS5's unicode61 tokenizer sees them: letters and
  /// digits, case folded (Cyrillic too) and without diacritics; every other character only
  /// separates words, so quotes, '*', '-', AND or NEAR in `phrase` are taken literally, never as
  /// query syntax. Throws OptionError when `phrase` holds no word.
  std::vector<ConcordanceHit> concordance(std::string_view phrase,
                                          const ConcordanceOptions& options = {}) const;

  /// Every stored unit of `collections` (empty = all), in the order they were first stored, with
  /// the provenance of their first occurrence. Throws OptionError naming a collection the TM
  /// does not have.
  std::vector<TranslationUnit> units(const std::vector<std::string>& collections = {}) const;

  /// The same units, in the same order, handed to `visit` one at a time from one snapshot of the
  /// file, so that memory does not grow with the TM (an export of millions of units); only those
  /// with `source_lang` and `target_lang` when they are not empty. An exception from `visit`
  /// stops the walk and propagates.
  void for_each_unit(const std::vector<std::string>& collections,
                     const std::function<void(const TranslationUnit&)>& visit,
                     const std::string& source_lang = {},
                     const std::string& target_lang = {}) const;

  StoreStats stats() const;
  const std::string& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One import in progress (TranslationMemory::begin_import): a write transaction on the TM.
/// Invariant: until commit() returns, none of its units is visible to other connections, and a
/// crash, an exception or destruction leaves the TM as it was before begin_import().
///
///   TranslationMemory::Import import = tm.begin_import({.origin = "big.tmx"});
///   while (reader.next(batch, 10000)) import.add(batch);
///   const ImportResult result = import.commit();
class TranslationMemory::Import {
 public:
  ~Import();  // rolls back when not committed
  Import(Import&&) noexcept;
  Import& operator=(Import&&) = delete;

  /// Stores `units` (validated first: OptionError naming a bad unit by its index counted over
  /// the whole import; the import may still be committed without that batch). The batch is
  /// tokenised on another thread while the previous one is written, so an error writing a batch
  /// may come from the next add() or from commit().
  void add(std::vector<TranslationUnit> units);
  /// Units offered so far.
  std::size_t units_read() const;
  /// Makes the import durable and returns what it did; the Import is finished afterwards.
  ImportResult commit();

 private:
  friend class TranslationMemory;
  struct State;
  explicit Import(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tmalign
