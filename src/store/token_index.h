// The fuzzy-match index kept in the TM file (schema version 2; docs/store.md, docs/matching.md):
// interned tokens, each unit's token-id sequence, and postings from (language pair, token,
// source length) to unit ids. Private to the store stage.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tmalign/store/translation_memory.h"

namespace tmalign::detail {

// The index contradicts itself or the units (a damaged file); the store turns it into a
// StoreError naming the file.
class IndexDamaged : public std::runtime_error {
 public:
  explicit IndexDamaged(const std::string& what);
};

// LEB128 (unsigned, little-endian base 128) varints are the encoding of every index BLOB.
// Decodes `blob` as varints into `out` (cleared first); with `deltas`, each value is the
// difference to the previous one (the first to 0). Throws IndexDamaged on a malformed BLOB or
// deltas of 0 (ids must increase).
void read_varints(const void* blob, int size, bool deltas, std::vector<std::uint64_t>& out);

// postings rows hold at most about this many bytes of unit ids, so that a row stays on its
// B-tree page and an import that adds a few units rewrites only small rows.
constexpr std::size_t kChunkBytes = 960;

// Token id 0 is no token: postings (pair, 0, length 0) list the units whose source has no token.
constexpr std::uint32_t kNoTokenId = 0;

/// Interned token texts: text -> token id, for IndexWriter. Open addressing with linear probing
/// over a power-of-two table at most 3/4 full, the texts kept in one buffer; ids are > 0 (0
/// marks a free slot). (A node-based std::unordered_map took 1.5 s of the 28 s of a 1M-unit
/// import's writing thread, hashing, dividing by a prime and chasing nodes; this, 0.5-0.7 s.)
///
///   TokenTable table;
///   const std::uint64_t h = TokenTable::hash(text);
///   if (table.find(text, h) == 0) table.insert(text, h, id);
class TokenTable {
 public:
  /// A 64-bit hash of the bytes of `text` (multiply-xorshift over 8-byte words).
  static std::uint64_t hash(std::string_view text);
  /// The id of `text` (whose hash is `hash`), or 0 when it is not in the table.
  std::uint32_t find(std::string_view text, std::uint64_t hash) const;
  /// Adds `text` (not in the table) with the id `id` > 0; a text of 16 MiB or more, or beyond
  /// the first TiB of texts, is not added (find() keeps answering 0 for it).
  void insert(std::string_view text, std::uint64_t hash, std::uint32_t id);

 private:
  // 16 bytes, so that the table of a large import's vocabulary stays in the CPU's caches.
  struct Slot {
    std::uint64_t text = 0;  // the text's offset in texts_ << kSizeBits | its size in bytes
    std::uint32_t hash = 0;  // the low bits of the text's hash
    std::uint32_t id = 0;    // 0: a free slot
  };
  static constexpr int kSizeBits = 24;
  std::size_t start(std::uint64_t hash) const { return static_cast<std::size_t>(hash >> shift_); }
  void grow();

  std::vector<Slot> slots_;
  std::string texts_;
  std::size_t size_ = 0;
  int shift_ = 64;
};

/// Writes the index entries of newly stored units inside the caller's transaction: the unit's
/// token ids at once (add), the postings and token counts batched in memory until flush().
/// Invariant: after flush(), every added unit is in unit_tokens and in the postings of each
/// distinct token of its source (or of kNoTokenId), in increasing unit-id order. The tables do
/// not depend on when flush() runs: a postings row is filled up to kChunkBytes whether its units
/// came in one flush or several.
///
///   IndexWriter index(db);                      // inside a transaction
///   index.add(unit_id, pair_id, match_tokens(source));
///   index.flush();                              // before commit
class IndexWriter {
 public:
  /// By default, pending postings are written once they take this much memory, their vectors'
  /// capacity (a very large import: 1M units take some 200 MB).
  static constexpr std::size_t kFlushBytes = std::size_t{256} << 20;

  /// `flush_bytes`: add() flushes once the pending postings take more memory than this.
  explicit IndexWriter(SQLite::Database& db, std::size_t flush_bytes = kFlushBytes);
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  /// Indexes the unit `unit_id` (stored after every unit added before it: ids increase) of the
  /// language pair `pair_id` (a row of language_pairs: a collection's source and target
  /// language).
  void add(std::int64_t unit_id, std::int64_t pair_id, const std::vector<std::string>& tokens);
  /// Writes the pending postings and token counts.
  void flush();

 private:
  // The postings added to one token since the last flush, in unit-id order, one 64-bit word a
  // posting: pair id (12 bits), source length (12 bits), unit id (40 bits), from the highest
  // bits down, so that the words order as (pair, length, unit). A posting whose fields do not
  // fit is a word with pair bits kEscape followed by three words: pair, length, unit. (32 bytes,
  // aligned: add() touches one cache line a token.)
  struct alignas(32) Pending {
    std::vector<std::uint64_t> postings;
    bool escaped = false;  // some posting is escaped
  };

  std::uint32_t token_id(const std::string& token);
  // Write the postings of `pending` (of `token`) by (pair, length), and return how many there
  // are: flush_escaped when some are escaped, flush_token (the fast path) when none is.
  std::size_t flush_token(std::uint32_t token, Pending& pending);
  std::size_t flush_escaped(std::uint32_t token, const Pending& pending);
  void write_postings(std::int64_t pair, std::uint32_t token, std::uint32_t length,
                      std::span<const std::uint64_t> units);

  SQLite::Database& db_;
  const std::size_t flush_bytes_;
  SQLite::Statement find_token_, insert_token_, insert_unit_tokens_, last_chunk_, update_chunk_,
      insert_chunk_, count_units_;
  TokenTable token_ids_;
  std::vector<Pending> pending_;  // by token id (dense: ids are the tokens table's rowids)
  std::vector<std::int64_t> last_unit_of_;  // by token id: the last unit id given a posting
  std::size_t pending_bytes_ = 0;           // the capacity of the pending postings, in bytes
  std::int64_t last_unit_ = 0;              // the last unit id added
  // The smallest id of the tokens this writer inserted into the tokens table since its last
  // flush. A new row's rowid is above every id in the table, so the tokens with an id at least
  // this are those it inserted since: they have no postings rows yet.
  static constexpr std::uint32_t kNoNewTokens = 0xFFFFFFFF;
  std::uint32_t new_tokens_from_ = kNoNewTokens;
  // Buffers reused from unit to unit and token to token, so that neither allocates.
  std::vector<std::uint32_t> ids_;
  std::string blob_;
  std::vector<std::uint64_t> sorted_, units_, stored_;
  std::vector<std::size_t> counts_;
};

/// Builds the index of every stored unit into empty index tables (the schema 3 -> 4 migration).
void index_stored_units(SQLite::Database& db);

/// A unit id with its fuzzy score.
struct ScoredUnit {
  int score = 0;
  std::int64_t unit_id = 0;
};

/// Answers queries from the index: candidate units from the postings of the query's rarest
/// tokens within the length bounds, a count filter, then exact scores (TokenPattern, then
/// fuzzy_score's 100/99 rules) best candidate first until no other can enter the best `limit`.
/// Lossless: returns what an exhaustive scan with fuzzy_score returns (docs/matching.md).
///
///   IndexReader index(db);
///   for (const ScoredUnit& s : index.best(text, match_tokens(text), pair_ids, options)) load(s.unit_id);
class IndexReader {
 public:
  explicit IndexReader(const SQLite::Database& db);

  /// The best `options.limit` units of the language pairs `pairs` scoring at least
  /// `options.min_score`, best first, ties by smaller unit id. (options' languages and
  /// collections are not looked at: `pairs` says which units are asked for.)
  std::vector<ScoredUnit> best(std::string_view query, const std::vector<std::string>& tokens,
                               const std::vector<std::int64_t>& pairs,
                               const QueryOptions& options);

 private:
  struct QueryToken;
  class Search;

  const SQLite::Database& db_;
  SQLite::Statement find_token_, postings_, unit_tokens_, unit_source_;
};

}  // namespace tmalign::detail
