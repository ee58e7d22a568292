// Builds an import's full-text index on a thread of its own. Private to the store stage.
#pragma once

#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "tmalign/core/types.h"

namespace tmalign::detail {

/// Builds the full-text index (units_text, FTS5) of the units an import adds to a TM that held
/// none, on its own thread and in a private temporary database, while the import's thread
/// writes everything else; install() then puts the built index in the TM in place of its empty
/// one. FTS5's shadow tables are plain tables whose rows hold the whole index (an SQL dump of a
/// database restores an FTS5 table from them): an index built in another database with the same
/// CREATE VIRTUAL TABLE statement (kTextIndexTableSql) is copied row by row. On a large import
/// this takes the full-text indexing, some 9 s of 25 at 1 000 000 units, off the writing thread.
/// Invariant: after install(), the TM's units_text indexes exactly the rows given to add().
///
///   TextIndexBuilder text;                        // the TM has no units yet
///   text.add(batch, {{unit_id, index_in_batch}, ...});   // as the units are stored
///   text.install(db);                             // in the import's transaction, at its end
class TextIndexBuilder {
 public:
  /// A stored unit to index: its id in the TM and its place in the batch.
  struct Row {
    std::int64_t unit_id = 0;
    std::size_t index = 0;
  };

  /// Opens the temporary database (SQLite places it as it places temporary files: SQLITE_TMPDIR,
  /// TMPDIR, /var/tmp, /tmp; little of it reaches the disk) and starts the thread.
  TextIndexBuilder();
  TextIndexBuilder(const TextIndexBuilder&) = delete;
  TextIndexBuilder& operator=(const TextIndexBuilder&) = delete;
  /// Stops the thread; what was built is dropped with the temporary database.
  ~TextIndexBuilder();

  /// Queues the `rows` of `units` (ids increasing, above every id given before). Waits while
  /// kMaxQueued batches are queued. Rethrows what stopped the thread.
  void add(std::shared_ptr<const std::vector<TranslationUnit>> units, std::vector<Row> rows);

  /// Waits until everything queued is indexed, then, inside the caller's transaction on `db`,
  /// drops the TM's units_text (which must be empty), creates it anew and fills its shadow
  /// tables with the built index. Rethrows what stopped the thread.
  void install(SQLite::Database& db);

 private:
  struct Batch {
    std::shared_ptr<const std::vector<TranslationUnit>> units;
    std::vector<Row> rows;
  };
  // Batches that may wait for the thread: bounds the memory they keep alive.
  static constexpr std::size_t kMaxQueued = 8;

  void run() noexcept;
  void index_batches();
  void rethrow_failure();

  SQLite::Database aux_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> queue_;
  bool closing_ = false;    // no more batches will come
  bool cancelled_ = false;  // the import ends without install(): stop at once
  bool stopped_ = false;    // the thread has ended
  std::exception_ptr failure_;
  std::thread thread_;  // last: started when every member above exists
};

}  // namespace tmalign::detail
