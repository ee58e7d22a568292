// TextIndexBuilder: the full-text index of an import into an empty TM, built on its own thread.
#include "store/text_index_builder.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <utility>

#include "store/schema.h"

namespace tmalign::detail {
namespace {

// Inserts every row `select` reads from `from` with `insert` into `to`, values as they are
// (types too: FTS5 keeps terms as BLOBs, some of them empty, which must not become NULL).
void copy_rows(SQLite::Database& from, const char* select, SQLite::Database& to,
               const char* insert) {
  SQLite::Statement read(from, select);
  SQLite::Statement write(to, insert);
  while (read.executeStep()) {
    write.reset();
    for (int index = 0; index < read.getColumnCount(); ++index) {
      const SQLite::Column value = read.getColumn(index);
      if (value.isInteger()) {
        write.bind(index + 1, value.getInt64());
      } else if (value.isFloat()) {
        write.bind(index + 1, value.getDouble());
      } else if (value.isText()) {
        write.bind(index + 1, value.getString());
      } else if (value.isBlob()) {
        static constexpr char kEmpty = 0;  // a blob of no bytes still needs a pointer
        write.bindNoCopy(index + 1, value.getBytes() > 0 ? value.getBlob() : &kEmpty,
                         value.getBytes());
      } else {
        write.bind(index + 1);
      }
    }
    write.exec();
  }
}

}  // namespace

// An empty file name opens a private temporary database, removed when it is closed.
TextIndexBuilder::TextIndexBuilder()
    : aux_("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE), thread_([this] { run(); }) {}

TextIndexBuilder::~TextIndexBuilder() {
  {
    const std::lock_guard lock(mutex_);
    closing_ = true;
    cancelled_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void TextIndexBuilder::add(std::shared_ptr<const std::vector<TranslationUnit>> units,
                           std::vector<Row> rows) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stopped_ || queue_.size() < kMaxQueued; });
  if (stopped_) {
    lock.unlock();
    rethrow_failure();
    return;
  }
  queue_.push_back(Batch{std::move(units), std::move(rows)});
  lock.unlock();
  changed_.notify_all();
}

void TextIndexBuilder::run() noexcept {
  try {
    index_batches();
  } catch (...) {
    const std::lock_guard lock(mutex_);
    failure_ = std::current_exception();
  }
  {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
    queue_.clear();  // their units are not needed any more
  }
  changed_.notify_all();
}

void TextIndexBuilder::index_batches() {
  // Nothing here needs to survive a crash: the database goes with the process.
  aux_.exec("PRAGMA journal_mode = OFF");
  aux_.exec("PRAGMA synchronous = OFF");
  // Room for the index of a few million units before pages go to the temporary file.
  aux_.exec("PRAGMA cache_size = -524288");
  aux_.exec(kTextIndexTableSql);
  aux_.exec(kTextIndexImportSettingsSql);  // as for the import's own statement
  SQLite::Transaction transaction(aux_);
  SQLite::Statement insert(aux_, "INSERT INTO units_text(rowid, source, target) VALUES (?, ?, ?)");
  for (;;) {
    Batch batch;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (cancelled_) return;
      if (queue_.empty()) break;  // closing, and everything is indexed
      batch = std::move(queue_.front());
      queue_.pop_front();
    }
    changed_.notify_all();  // room in the queue
    for (const Row& row : batch.rows) {
      const TranslationUnit& unit = batch.units->at(row.index);
      insert.reset();
      insert.bind(1, row.unit_id);
      insert.bindNoCopy(2, unit.source);
      insert.bindNoCopy(3, unit.target);
      insert.exec();
    }
  }
  // The pending terms become the last segment at the end of each statement; all is written.
  transaction.commit();
}

void TextIndexBuilder::rethrow_failure() {
  const std::lock_guard lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

void TextIndexBuilder::install(SQLite::Database& db) {
  {
    std::unique_lock lock(mutex_);
    closing_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return stopped_; });
  }
  rethrow_failure();
  // A new table rather than rows slipped under the old one: FTS5 caches an index's structure
  // record in each connection, and this connection may have read the empty one.
  db.exec("DROP TABLE units_text");
  db.exec(kTextIndexTableSql);
  // What CREATE wrote (an empty structure record and totals) gives way to the built index.
  db.exec("DELETE FROM units_text_data");
  copy_rows(aux_, "SELECT id, block FROM units_text_data ORDER BY id", db,
            "INSERT INTO units_text_data(id, block) VALUES (?, ?)");
  copy_rows(aux_, "SELECT segid, term, pgno FROM units_text_idx ORDER BY segid, term", db,
            "INSERT INTO units_text_idx(segid, term, pgno) VALUES (?, ?, ?)");
}

}  // namespace tmalign::detail
