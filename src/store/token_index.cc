// The fuzzy-match index: writing it (imports, the schema 1 -> 2 migration) and answering queries
// from it. docs/matching.md ("Indexed lookup") explains the filters and why they lose nothing.
#include "store/token_index.h"

#include <SQLiteCpp/Column.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <numeric>
#include <unordered_set>

#include "tmalign/match/fuzzy.h"
#include "tmalign/match/token_pattern.h"

namespace tmalign::detail {
namespace {

// Token ids stay below this, so that a query's tokens unknown to the TM can take ids above it
// that no stored unit has.
constexpr std::int64_t kMaxTokenId = 0xF0000000;

// A varint of 64 bits takes at most this many bytes.
constexpr std::size_t kMaxVarintBytes = 10;

// Writes `value` as a LEB128 varint at `out`; returns the end of what it wrote.
char* put_varint(char* out, std::uint64_t value) {
  while (value >= 0x80) {
    *out++ = static_cast<char>((value & 0x7F) | 0x80);
    value >>= 7;
  }
  *out++ = static_cast<char>(value);
  return out;
}

// A pending posting packed in one word (IndexWriter::Pending): pair id, length, unit id from the
// highest bits down. Pair id kEscape marks an escaped posting (three words follow).
constexpr int kUnitBits = 40;
constexpr int kLengthBits = 12;
constexpr std::uint64_t kUnitMask = (std::uint64_t{1} << kUnitBits) - 1;
constexpr std::uint64_t kLengthMask = (std::uint64_t{1} << kLengthBits) - 1;
constexpr std::uint64_t kEscape = (std::uint64_t{1} << (64 - kUnitBits - kLengthBits)) - 1;

// A token's postings at most this long are ordered by std::sort, longer ones by counting.
constexpr std::size_t kSortAtMost = 64;

// Beyond the prefix, a token's postings are read to tighten the candidates' bounds while it is
// held by at most kProbePerCandidate units a candidate (plus kProbeAlways): decoding a posting
// and probing the candidates costs some 10 ns, verifying a candidate (a B-tree lookup and the
// distance) some microseconds.
constexpr std::int64_t kProbePerCandidate = 2;
constexpr std::int64_t kProbeAlways = 1024;

// A query below this min_score is first looked up at this threshold (see IndexReader::best): on
// the 200 000-unit test TM, 25 % faster for queries with good matches, 10 % slower for the others.
constexpr int kFirstThreshold = 80;

// ⌈a / b⌉ for a >= 0, b > 0.
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// The candidates of one query: unit id -> its length and the query tokens seen in its postings.
// Open addressing with linear probing (unit ids are rowids, so > 0; 0 marks a free slot): a
// query may touch tens of thousands of units, and a node-based map spends its time in malloc.
class CandidateMap {
 public:
  struct Entry {
    std::int64_t unit_id = 0;
    std::int64_t hits = 0;
    std::uint32_t length = 0;
  };

  Entry& operator[](std::int64_t unit_id) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    Entry& entry = slot(unit_id);
    if (entry.unit_id == 0) {
      entry.unit_id = unit_id;
      ++size_;
    }
    return entry;
  }
  std::size_t size() const { return size_; }
  // The entry of `unit_id`, or null when it is not a candidate.
  Entry* find(std::int64_t unit_id) {
    if (slots_.empty()) return nullptr;
    Entry& entry = slot(unit_id);
    return entry.unit_id == 0 ? nullptr : &entry;
  }
  template <class F>
  void for_each(F&& f) const {
    for (const Entry& entry : slots_)
      if (entry.unit_id != 0) f(entry);
  }

 private:
  Entry& slot(std::int64_t unit_id) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = (static_cast<std::uint64_t>(unit_id) * 0x9E3779B97F4A7C15ULL) >> shift_;;
         i = (i + 1) & mask)
      if (slots_[i].unit_id == unit_id || slots_[i].unit_id == 0) return slots_[i];
  }
  void grow() {
    std::vector<Entry> old(slots_.empty() ? 1024 : 2 * slots_.size());
    old.swap(slots_);
    shift_ = 64 - std::countr_zero(slots_.size());
    for (const Entry& entry : old)
      if (entry.unit_id != 0) slot(entry.unit_id) = entry;
  }

  std::vector<Entry> slots_;
  std::size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace

IndexDamaged::IndexDamaged(const std::string& what) : std::runtime_error(what) {}

void read_varints(const void* blob, int size, bool deltas, std::vector<std::uint64_t>& out) {
  out.clear();
  const auto* p = static_cast<const unsigned char*>(blob);
  const unsigned char* const end = p + size;
  std::uint64_t previous = 0;
  while (p < end) {
    std::uint64_t value = 0;
    for (int shift = 0;; shift += 7) {
      if (p == end || shift > 63) throw IndexDamaged("a truncated or overlong varint");
      const unsigned char byte = *p++;
      value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    if (deltas) {
      if (value == 0 && !out.empty()) throw IndexDamaged("unit ids that do not increase");
      value += previous;
      previous = value;
    }
    out.push_back(value);
  }
}

// -------------------------------------------------------------------------------- TokenTable

std::uint64_t TokenTable::hash(std::string_view text) {
  // Each 8-byte word is xored in and multiplied by an odd constant (2^64 / golden ratio), which
  // carries every bit upwards; the shifts bring high bits back down for the next word. The
  // table takes its slot from the highest bits. The last word is read as whole words that may
  // overlap what was read before (the size is hashed first, so texts still differ), not byte by
  // byte.
  constexpr std::uint64_t kOdd = 0x9E3779B97F4A7C15ULL;
  const auto load = [](const char* p, std::size_t n) {
    std::uint64_t word = 0;
    std::memcpy(&word, p, n);
    return word;
  };
  std::uint64_t h = (text.size() + 1) * kOdd;
  const auto mix = [&h](std::uint64_t word) {
    h = (h ^ word) * kOdd;
    h ^= h >> 32;
  };
  const char* p = text.data();
  const std::size_t n = text.size();
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) mix(load(p + i, 8));
    mix(load(p + n - 8, 8));
  } else if (n >= 4) {
    mix(load(p, 4) | load(p + n - 4, 4) << 32);
  } else if (n > 0) {
    mix(static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) |
        static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
        static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 16);
  }
  return (h ^ (h >> 29)) * kOdd;
}

std::uint32_t TokenTable::find(std::string_view text, std::uint64_t hash) const {
  if (slots_.empty()) return 0;
  const std::size_t mask = slots_.size() - 1;
  constexpr std::uint64_t kSizeMask = (std::uint64_t{1} << kSizeBits) - 1;
  for (std::size_t i = start(hash);; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == 0) return 0;
    if (slot.hash == static_cast<std::uint32_t>(hash) && (slot.text & kSizeMask) == text.size() &&
        std::memcmp(texts_.data() + (slot.text >> kSizeBits), text.data(), text.size()) == 0)
      return slot.id;
  }
}

void TokenTable::insert(std::string_view text, std::uint64_t hash, std::uint32_t id) {
  if (text.size() >> kSizeBits != 0 || texts_.size() >> (64 - kSizeBits) != 0) return;
  // At most 3/4 full: linear probing stays short with a hash that spreads the texts.
  if (4 * (size_ + 1) > 3 * slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = start(hash);
  while (slots_[i].id != 0) i = (i + 1) & mask;
  slots_[i] = {std::uint64_t{texts_.size()} << kSizeBits | text.size(),
               static_cast<std::uint32_t>(hash), id};
  texts_.append(text);
  ++size_;
}

void TokenTable::grow() {
  std::vector<Slot> old(slots_.empty() ? 1024 : 2 * slots_.size());
  old.swap(slots_);
  shift_ = 64 - std::countr_zero(slots_.size());
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id == 0) continue;
    std::size_t i = start(hash(std::string_view(texts_).substr(
        slot.text >> kSizeBits, slot.text & ((std::uint64_t{1} << kSizeBits) - 1))));
    while (slots_[i].id != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

// -------------------------------------------------------------------------------- IndexWriter

IndexWriter::IndexWriter(SQLite::Database& db, std::size_t flush_bytes)
    : db_(db),
      flush_bytes_(flush_bytes),
      find_token_(db, "SELECT id FROM tokens WHERE text = ?"),
      insert_token_(db, "INSERT INTO tokens(text) VALUES (?)"),
      insert_unit_tokens_(db, "INSERT INTO unit_tokens(unit_id, tokens) VALUES (?, ?)"),
      last_chunk_(db, R"sql(
        SELECT first_unit, units FROM postings WHERE pair_id = ? AND token_id = ? AND length = ?
        ORDER BY first_unit DESC LIMIT 1)sql"),
      update_chunk_(db, R"sql(
        UPDATE postings SET units = ?
        WHERE pair_id = ? AND token_id = ? AND length = ? AND first_unit = ?)sql"),
      insert_chunk_(db, R"sql(
        INSERT INTO postings(pair_id, token_id, length, first_unit, units)
        VALUES (?, ?, ?, ?, ?))sql"),
      count_units_(db, "UPDATE tokens SET units = units + ? WHERE id = ?") {}

std::uint32_t IndexWriter::token_id(const std::string& token) {
  const std::uint64_t hash = TokenTable::hash(token);
  if (const std::uint32_t found = token_ids_.find(token, hash)) return found;
  find_token_.reset();
  find_token_.bind(1, token);
  std::int64_t id = 0;
  if (find_token_.executeStep()) {
    id = find_token_.getColumn(0).getInt64();
  } else {
    insert_token_.reset();
    insert_token_.bind(1, token);
    insert_token_.exec();
    id = db_.getLastInsertRowid();
    if (id > kNoTokenId && id < kMaxTokenId)
      new_tokens_from_ = std::min(new_tokens_from_, static_cast<std::uint32_t>(id));
  }
  find_token_.reset();
  if (id <= kNoTokenId || id >= kMaxTokenId)
    throw IndexDamaged("token id " + std::to_string(id) + " of '" + token + "' is outside 1.." +
                       std::to_string(kMaxTokenId - 1));
  const auto interned = static_cast<std::uint32_t>(id);
  token_ids_.insert(token, hash, interned);
  return interned;
}

void IndexWriter::add(std::int64_t unit_id, std::int64_t pair_id,
                      const std::vector<std::string>& tokens) {
  if (pair_id <= 0) throw IndexDamaged("language pair id " + std::to_string(pair_id));
  if (unit_id <= last_unit_)
    throw IndexDamaged("unit " + std::to_string(unit_id) + " indexed after unit " +
                       std::to_string(last_unit_));
  ids_.clear();
  std::uint32_t highest = kNoTokenId;
  for (const std::string& token : tokens) {
    ids_.push_back(token_id(token));
    highest = std::max(highest, ids_.back());
  }

  blob_.resize(ids_.size() * kMaxVarintBytes);
  char* end = blob_.data();
  for (const std::uint32_t id : ids_) end = put_varint(end, id);
  insert_unit_tokens_.reset();
  insert_unit_tokens_.bind(1, unit_id);
  insert_unit_tokens_.bindNoCopy(2, blob_.data(), static_cast<int>(end - blob_.data()));
  insert_unit_tokens_.exec();

  // One posting a distinct token; a source without tokens is listed under kNoTokenId.
  const auto pair = static_cast<std::uint64_t>(pair_id);
  const std::uint64_t length = ids_.size();
  const auto unit = static_cast<std::uint64_t>(unit_id);
  const bool fits = pair < kEscape && length <= kLengthMask && unit <= kUnitMask;
  const std::uint64_t word = fits ? (pair << kLengthBits | length) << kUnitBits | unit
                                  : kEscape << (kLengthBits + kUnitBits);
  if (ids_.empty()) ids_.push_back(kNoTokenId);
  if (highest >= pending_.size()) {
    pending_.resize(std::max(std::size_t{highest} + 1024, 2 * pending_.size()));
    last_unit_of_.resize(pending_.size());
  }
  for (const std::uint32_t token : ids_) {
    if (last_unit_of_[token] == unit_id) continue;  // a token the source repeats
    last_unit_of_[token] = unit_id;
    Pending& pending = pending_[token];
    std::vector<std::uint64_t>& postings = pending.postings;
    const std::size_t capacity = postings.capacity();
    postings.push_back(word);
    if (!fits) {
      postings.insert(postings.end(), {pair, length, unit});
      pending.escaped = true;
    }
    pending_bytes_ += (postings.capacity() - capacity) * sizeof(std::uint64_t);
  }
  last_unit_ = unit_id;
  if (pending_bytes_ > flush_bytes_) flush();
}

// Appends `units` (increasing, all above those stored) to the postings of (pair, token,
// length): into its last row while that row is below kChunkBytes, then into new rows. A token
// this writer added to the tokens table since its last flush has no rows yet (postings rows are
// written only here, for tokens in the table, which never loses a row): no need to look.
void IndexWriter::write_postings(std::int64_t pair, std::uint32_t token, std::uint32_t length,
                                 std::span<const std::uint64_t> units) {
  // A row takes varints while it is below kChunkBytes.
  char blob[kChunkBytes + kMaxVarintBytes];
  std::size_t next = 0;
  last_chunk_.reset();
  last_chunk_.bind(1, pair);
  last_chunk_.bind(2, static_cast<std::int64_t>(token));
  last_chunk_.bind(3, static_cast<std::int64_t>(length));
  if (token < new_tokens_from_ && last_chunk_.executeStep()) {
    const SQLite::Column column = last_chunk_.getColumn(1);
    const auto size = static_cast<std::size_t>(column.getBytes());
    if (size < kChunkBytes) {
      const std::int64_t first_unit = last_chunk_.getColumn(0).getInt64();
      read_varints(column.getBlob(), column.getBytes(), true, stored_);
      if (stored_.empty()) throw IndexDamaged("an empty postings row");
      std::memcpy(blob, column.getBlob(), size);
      char* end = blob + size;
      std::uint64_t last = stored_.back();
      for (; next < units.size() && end < blob + kChunkBytes; ++next) {
        if (units[next] <= last) throw IndexDamaged("postings out of unit-id order");
        end = put_varint(end, units[next] - last);
        last = units[next];
      }
      last_chunk_.reset();
      update_chunk_.reset();
      update_chunk_.bindNoCopy(1, blob, static_cast<int>(end - blob));
      update_chunk_.bind(2, pair);
      update_chunk_.bind(3, static_cast<std::int64_t>(token));
      update_chunk_.bind(4, static_cast<std::int64_t>(length));
      update_chunk_.bind(5, first_unit);
      update_chunk_.exec();
    }
  }
  last_chunk_.reset();
  while (next < units.size()) {
    const std::uint64_t first_unit = units[next];
    char* end = blob;
    std::uint64_t last = 0;
    for (; next < units.size() && end < blob + kChunkBytes; ++next) {
      end = put_varint(end, units[next] - last);
      last = units[next];
    }
    insert_chunk_.reset();
    insert_chunk_.bind(1, pair);
    insert_chunk_.bind(2, static_cast<std::int64_t>(token));
    insert_chunk_.bind(3, static_cast<std::int64_t>(length));
    insert_chunk_.bind(4, static_cast<std::int64_t>(first_unit));
    insert_chunk_.bindNoCopy(5, blob, static_cast<int>(end - blob));
    insert_chunk_.exec();
  }
}

// The packed postings arrive in unit-id order, so ordering them by (pair, length) with a stable
// sort leaves each (pair, length)'s units in order: a distribution counting sort (Knuth, TAOCP
// vol. 3, 5.2, Algorithm D) over the keys' range when it is not much longer than the postings,
// else std::sort of the words, which order as (pair, length, unit).
std::size_t IndexWriter::flush_token(std::uint32_t token, Pending& pending) {
  std::vector<std::uint64_t>& words = pending.postings;
  std::uint64_t low = words.front() >> kUnitBits;
  std::uint64_t high = low;
  for (const std::uint64_t word : words) {
    low = std::min(low, word >> kUnitBits);
    high = std::max(high, word >> kUnitBits);
  }
  if (low != high) {
    const std::size_t keys = static_cast<std::size_t>(high - low) + 1;
    if (words.size() <= kSortAtMost || keys > 2 * words.size()) {
      std::sort(words.begin(), words.end());
    } else {
      counts_.assign(keys + 1, 0);
      for (const std::uint64_t word : words) ++counts_[(word >> kUnitBits) - low + 1];
      for (std::size_t key = 1; key < keys; ++key) counts_[key] += counts_[key - 1];
      sorted_.resize(words.size());
      for (const std::uint64_t word : words) sorted_[counts_[(word >> kUnitBits) - low]++] = word;
      words.swap(sorted_);
    }
  }
  for (std::size_t begin = 0, end = 0; begin < words.size(); begin = end) {
    const std::uint64_t key = words[begin] >> kUnitBits;
    units_.clear();
    for (end = begin; end < words.size() && words[end] >> kUnitBits == key; ++end)
      units_.push_back(words[end] & kUnitMask);
    write_postings(static_cast<std::int64_t>(key >> kLengthBits), token,
                   static_cast<std::uint32_t>(key & kLengthMask), units_);
  }
  return words.size();
}

// A token with escaped postings (a pair id, length or unit id too large to pack; rare): the
// postings unpacked and sorted by (pair, length, unit).
std::size_t IndexWriter::flush_escaped(std::uint32_t token, const Pending& pending) {
  struct Posting {
    std::uint64_t pair, length, unit;
    auto operator<=>(const Posting&) const = default;
  };
  std::vector<Posting> postings;
  const std::vector<std::uint64_t>& words = pending.postings;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::uint64_t key = words[i] >> kUnitBits;
    if (key >> kLengthBits == kEscape) {
      postings.push_back({words[i + 1], words[i + 2], words[i + 3]});
      i += 3;
    } else {
      postings.push_back({key >> kLengthBits, key & kLengthMask, words[i] & kUnitMask});
    }
  }
  std::sort(postings.begin(), postings.end());
  for (std::size_t begin = 0, end = 0; begin < postings.size(); begin = end) {
    units_.clear();
    for (end = begin; end < postings.size() && postings[end].pair == postings[begin].pair &&
                      postings[end].length == postings[begin].length;
         ++end)
      units_.push_back(postings[end].unit);
    write_postings(static_cast<std::int64_t>(postings[begin].pair), token,
                   static_cast<std::uint32_t>(postings[begin].length), units_);
  }
  return postings.size();
}

void IndexWriter::flush() {
  for (std::size_t token = 0; token < pending_.size(); ++token) {
    Pending& pending = pending_[token];
    if (pending.postings.empty()) continue;
    const std::size_t units = pending.escaped
                                  ? flush_escaped(static_cast<std::uint32_t>(token), pending)
                                  : flush_token(static_cast<std::uint32_t>(token), pending);
    if (token != kNoTokenId) {
      count_units_.reset();
      count_units_.bind(1, static_cast<std::int64_t>(units));
      count_units_.bind(2, static_cast<std::int64_t>(token));
      count_units_.exec();
    }
    pending = Pending{};
  }
  pending_bytes_ = 0;
  new_tokens_from_ = kNoNewTokens;
  sorted_ = {};  // as large as the longest postings: not kept between flushes
  counts_ = {};
}

void index_stored_units(SQLite::Database& db) {
  IndexWriter index(db);
  SQLite::Statement units(db, "SELECT id, pair_id, source FROM units ORDER BY id");
  while (units.executeStep())
    index.add(units.getColumn(0).getInt64(), units.getColumn(1).getInt64(),
              match_tokens(units.getColumn(2).getString()));
  index.flush();
}

// -------------------------------------------------------------------------------- IndexReader

// A distinct token of the query.
struct IndexReader::QueryToken {
  std::uint32_t id = 0;    // in the tokens table, or above kMaxTokenId when no unit has it
  bool known = false;      // the tokens table has it
  std::int64_t units = 0;  // how many units hold it (their postings' length)
  std::int64_t count = 0;  // how often the query holds it
};

// One query: the candidate generation at a score threshold, and the best-first verification
// into the heap of the best `limit` units found so far.
class IndexReader::Search {
 public:
  Search(IndexReader& reader, std::string_view query, std::vector<std::uint32_t> query_ids,
         std::vector<QueryToken> tokens, std::vector<std::int64_t> pairs,
         const QueryOptions& options)
      : reader_(reader),
        query_(normalise_white_space(query)),
        n_(static_cast<std::int64_t>(query_ids.size())),
        pattern_(query_ids),
        tokens_(std::move(tokens)),
        pairs_(std::move(pairs)),
        limit_(options.limit),
        min_score_(options.min_score) {}

  // Finds every unit scoring at least `threshold` that could enter the best `limit`.
  void run(int threshold);
  // A query without tokens: only stored sources without tokens can score above 0 (100 when the
  // text is the same).
  void run_without_tokens();

  // The heap is full and its worst score is at least `score`: nothing below can enter it.
  bool complete_at(int score) const {
    return best_.size() == limit_ && best_.front().score >= score;
  }
  std::vector<ScoredUnit> result() {
    std::sort_heap(best_.begin(), best_.end(), better);
    return std::move(best_);
  }

 private:
  static bool better(const ScoredUnit& a, const ScoredUnit& b) {
    return a.score != b.score ? a.score > b.score : a.unit_id < b.unit_id;
  }
  // Could a unit with this score bound (and id) still enter the heap?
  bool may_enter(int bound, std::int64_t unit_id) const {
    if (best_.size() < limit_) return true;
    return better(ScoredUnit{bound, unit_id}, best_.front());
  }
  void offer(ScoredUnit scored);
  // Reads the postings of `token` at lengths min_length..max_length: units up to length
  // `add_until` become candidates, longer ones only count if they are candidates already.
  void scan(std::uint32_t token, std::int64_t count, std::int64_t min_length,
            std::int64_t max_length, std::int64_t add_until, CandidateMap& candidates);
  // The exact score of a unit, -1 if it was scored already.
  int verify(std::int64_t unit_id, std::uint32_t length);

  IndexReader& reader_;
  std::string query_;  // white-space normalised
  std::int64_t n_;
  TokenPattern pattern_;
  std::vector<QueryToken> tokens_;  // rarest first
  std::vector<std::int64_t> pairs_;
  std::size_t limit_;
  int min_score_;
  std::vector<ScoredUnit> best_;  // a heap, the worst on top
  std::unordered_set<std::int64_t> verified_;
  std::vector<std::uint64_t> varints_;
  std::vector<std::uint32_t> unit_ids_;
};

void IndexReader::Search::offer(ScoredUnit scored) {
  if (scored.score < min_score_ || !may_enter(scored.score, scored.unit_id)) return;
  if (best_.size() == limit_) {
    std::pop_heap(best_.begin(), best_.end(), better);
    best_.pop_back();
  }
  best_.push_back(scored);
  std::push_heap(best_.begin(), best_.end(), better);
}

void IndexReader::Search::scan(std::uint32_t token, std::int64_t count, std::int64_t min_length,
                               std::int64_t max_length, std::int64_t add_until,
                               CandidateMap& candidates) {
  SQLite::Statement& postings = reader_.postings_;
  for (const std::int64_t pair : pairs_) {
    postings.reset();
    postings.bind(1, pair);
    postings.bind(2, static_cast<std::int64_t>(token));
    postings.bind(3, min_length);
    postings.bind(4, max_length);
    while (postings.executeStep()) {
      const std::int64_t length = postings.getColumn(0).getInt64();
      const SQLite::Column units = postings.getColumn(1);
      read_varints(units.getBlob(), units.getBytes(), true, varints_);
      if (length <= add_until) {
        for (const std::uint64_t unit : varints_) {
          CandidateMap::Entry& candidate = candidates[static_cast<std::int64_t>(unit)];
          candidate.length = static_cast<std::uint32_t>(length);
          candidate.hits += count;
        }
      } else {
        for (const std::uint64_t unit : varints_)
          if (CandidateMap::Entry* candidate = candidates.find(static_cast<std::int64_t>(unit)))
            candidate->hits += count;
      }
    }
  }
  postings.reset();
}

int IndexReader::Search::verify(std::int64_t unit_id, std::uint32_t length) {
  if (!verified_.insert(unit_id).second) return -1;
  SQLite::Statement& unit_tokens = reader_.unit_tokens_;
  unit_tokens.reset();
  unit_tokens.bind(1, unit_id);
  if (!unit_tokens.executeStep())
    throw IndexDamaged("unit " + std::to_string(unit_id) +
                       " is in the postings, not in unit_tokens");
  const SQLite::Column blob = unit_tokens.getColumn(0);
  read_varints(blob.getBlob(), blob.getBytes(), false, varints_);
  unit_tokens.reset();
  if (varints_.size() != length)
    throw IndexDamaged("unit " + std::to_string(unit_id) + " has " +
                       std::to_string(varints_.size()) + " tokens, its postings say " +
                       std::to_string(length));
  unit_ids_.assign(varints_.begin(), varints_.end());
  const std::size_t distance = pattern_.distance(unit_ids_);
  bool same_text = false;
  if (distance == 0) {  // 100 or 99: compare the texts (equal texts have equal tokens)
    SQLite::Statement& source = reader_.unit_source_;
    source.reset();
    source.bind(1, unit_id);
    if (!source.executeStep())
      throw IndexDamaged("unit " + std::to_string(unit_id) + " is indexed but not stored");
    same_text = normalise_white_space(source.getColumn(0).getString()) == query_;
    source.reset();
  }
  return score_from_distance(static_cast<std::size_t>(n_), length, distance, same_text);
}

// Candidate generation at score threshold s (see docs/matching.md, "Indexed lookup"):
// - Length bound: distance >= |n − m|, so a unit of m tokens can reach s only if
//   t = ⌈s·n/100⌉ <= m <= ⌊100·n/s⌋.
// - Count filter: with L = max(n, m), reaching s needs distance <= ⌊L·(100 − s)/100⌋, and
//   distance >= L − c where c is the number of tokens the two share (as multisets), so
//   c >= need(m) = ⌈L·s/100⌉ >= t.
// - Prefix filter (Chaudhuri, Ganti & Kaushik 2006; Bayardo, Ma & Srikant 2007): with the query's
//   tokens in increasing frequency, a unit sharing need(m) of the n query tokens holds one of the
//   rarest tokens whose counts add up to n − need(m) + 1. So the postings of a token are read
//   only for the lengths m at which the tokens before it add up to at most n − need(m).
// - A candidate's bound: it shares at most hits + (the query tokens not read at its length),
//   and at most m, tokens; its score at most ⌊100·shared/L⌋. Reading more postings than the
//   prefix needs (without adding candidates) tightens the bounds, so fewer candidates are
//   verified; that is done while the postings are short compared with the candidates.
void IndexReader::Search::run(int s) {
  const std::int64_t t = ceil_div(n_ * s, 100);
  const std::int64_t max_length = 100 * n_ / s;
  const auto need = [&](std::int64_t m) { return ceil_div(std::max(n_, m) * s, 100); };

  CandidateMap candidates;
  // unread[m − t]: the query's tokens (with their counts) whose postings were not read at
  // length m. Tokens no unit has count as read: no candidate holds them.
  std::vector<std::int64_t> unread(static_cast<std::size_t>(max_length - t + 1), n_);
  const auto mark_read = [&](std::int64_t until, std::int64_t count) {
    for (std::int64_t m = t; m <= until; ++m) unread[static_cast<std::size_t>(m - t)] -= count;
  };
  std::int64_t before = 0;  // the query's tokens before token i, with their counts
  for (const QueryToken& token : tokens_) {
    if (!token.known) {
      mark_read(max_length, token.count);
    } else {
      const bool cheap =
          token.units <=
          kProbeAlways + kProbePerCandidate * static_cast<std::int64_t>(candidates.size());
      const std::int64_t room = n_ - before;  // need(m) <= room
      if (room < t && !cheap) break;          // past the prefix, and no longer worth reading
      // The prefix at length m: need(m) = t for m <= n; above, need(m) <= room iff
      // m <= ⌊100·room/s⌋.
      const std::int64_t until =
          room < t ? t - 1 : std::min(max_length, std::max(n_, 100 * room / s));
      const std::int64_t read = cheap ? max_length : until;
      scan(token.id, token.count, t, read, until, candidates);
      mark_read(read, token.count);
    }
    before += token.count;
  }

  // Bounds, then best first.
  struct Bounded {
    int bound;
    std::int64_t unit_id;
    std::uint32_t length;
  };
  std::vector<Bounded> bounded;
  bounded.reserve(candidates.size());
  candidates.for_each([&](const CandidateMap::Entry& candidate) {
    const std::int64_t m = candidate.length;
    const std::int64_t shared =
        std::min(m, candidate.hits + unread[static_cast<std::size_t>(m - t)]);
    const std::int64_t longest = std::max(n_, m);
    if (shared >= need(m))
      bounded.push_back(
          {static_cast<int>(100 * shared / longest), candidate.unit_id, candidate.length});
  });
  // A heap, the best bound on top: usually only its first few candidates are verified.
  const auto worse = [](const Bounded& a, const Bounded& b) {
    return a.bound != b.bound ? a.bound < b.bound : a.unit_id > b.unit_id;
  };
  std::make_heap(bounded.begin(), bounded.end(), worse);
  for (auto end = bounded.end(); end != bounded.begin(); --end) {
    std::pop_heap(bounded.begin(), end, worse);
    const Bounded& candidate = *(end - 1);
    if (!may_enter(candidate.bound, candidate.unit_id)) break;
    const int score = verify(candidate.unit_id, candidate.length);
    if (score >= 0) offer({score, candidate.unit_id});
  }
}

void IndexReader::Search::run_without_tokens() {
  CandidateMap candidates;
  scan(kNoTokenId, 0, 0, 0, 0, candidates);
  std::vector<std::int64_t> ids;
  candidates.for_each([&](const CandidateMap::Entry& entry) { ids.push_back(entry.unit_id); });
  std::sort(ids.begin(), ids.end());
  for (const std::int64_t unit_id : ids) {
    const int score = verify(unit_id, 0);
    if (score > 0) offer({score, unit_id});
  }
}

IndexReader::IndexReader(const SQLite::Database& db)
    : db_(db),
      find_token_(db, "SELECT id, units FROM tokens WHERE text = ?"),
      postings_(db, R"sql(
        SELECT length, units FROM postings
        WHERE pair_id = ? AND token_id = ? AND length BETWEEN ? AND ?)sql"),
      unit_tokens_(db, "SELECT tokens FROM unit_tokens WHERE unit_id = ?"),
      unit_source_(db, "SELECT source FROM units WHERE id = ?") {}

std::vector<ScoredUnit> IndexReader::best(std::string_view query,
                                          const std::vector<std::string>& tokens,
                                          const std::vector<std::int64_t>& pairs,
                                          const QueryOptions& options) {
  if (options.min_score > 100 || pairs.empty()) return {};

  // The query's distinct tokens, interned; those no unit has get ids above kMaxTokenId.
  std::vector<QueryToken> distinct;
  std::unordered_map<std::string, std::size_t> index_of;
  std::vector<std::uint32_t> query_ids;
  for (const std::string& token : tokens) {
    auto [found, inserted] = index_of.try_emplace(token, distinct.size());
    if (inserted) {
      QueryToken entry;
      find_token_.reset();
      find_token_.bind(1, token);
      if (find_token_.executeStep()) {
        entry.id = static_cast<std::uint32_t>(find_token_.getColumn(0).getInt64());
        entry.units = find_token_.getColumn(1).getInt64();
        entry.known = true;
      } else {
        entry.id =
            static_cast<std::uint32_t>(kMaxTokenId + static_cast<std::int64_t>(distinct.size()));
      }
      find_token_.reset();
      distinct.push_back(entry);
    }
    ++distinct[found->second].count;
    query_ids.push_back(distinct[found->second].id);
  }
  // Rarest first: unknown tokens (no postings), then by how many units hold them.
  std::sort(distinct.begin(), distinct.end(), [](const QueryToken& a, const QueryToken& b) {
    if (a.known != b.known) return !a.known;
    return a.units != b.units ? a.units < b.units : a.id < b.id;
  });

  Search search(*this, query, std::move(query_ids), std::move(distinct), pairs, options);
  const int lowest = std::max(options.min_score, 1);  // score 0 units are added below
  if (tokens.empty()) {
    search.run_without_tokens();
  } else {
    // First at a high threshold, which reads the postings of a few rare tokens only; when that
    // fills the best `limit` with such scores, no unit left unread can enter it.
    if (kFirstThreshold > lowest) search.run(kFirstThreshold);
    if (!search.complete_at(kFirstThreshold)) search.run(lowest);
  }
  std::vector<ScoredUnit> best = search.result();

  // min_score 0: every unit qualifies; those scoring 0 come after the others, oldest first.
  if (options.min_score == 0 && best.size() < options.limit) {
    std::unordered_set<std::int64_t> taken;
    for (const ScoredUnit& scored : best) taken.insert(scored.unit_id);
    const std::unordered_set<std::int64_t> asked(pairs.begin(), pairs.end());
    SQLite::Statement all(db_, "SELECT id, pair_id FROM units ORDER BY id");
    while (best.size() < options.limit && all.executeStep()) {
      const std::int64_t unit_id = all.getColumn(0).getInt64();
      if (asked.count(all.getColumn(1).getInt64()) && !taken.count(unit_id))
        best.push_back({0, unit_id});
    }
  }
  return best;
}

}  // namespace tmalign::detail
