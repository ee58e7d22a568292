// tm_bench: import rate, file size, cold and warm query latency and best-match recall of the
// translation memory on a large synthetic Russian-English TM (issue 5, "bench/tm").
// docs/benchmarks.md says what is measured and how, and keeps the figures.
//
// The TM: the 1-1 gold beads of the shared NTREX ru-en set ([i]:[j] lines of NNN.gold pairing line
// i of NNN.ru with line j of NNN.en, about 1 370 distinct pairs) are stored as they are, then
// near-duplicates are made until the TM holds --units distinct source sentences. A near-duplicate
// starts from a real pair (70 %) or from any unit made so far (30 %: revisions of revisions) and
// changes 1-3 words of its Russian side: a word substituted (40 %) or inserted (25 %) from the
// words of the corpus (drawn by occurrence, so frequent words come often), a word deleted (20 %),
// or a number changed (15 %; the same number is changed in the English side when it is there).
// The English side is otherwise kept, or gets one word substituted (20 %). The random numbers come
// from std::mt19937_64 (whose output the standard fixes) through our own integer draws, so a seed
// gives the same TM with every standard library.
//
// Import: the units are written as TMX 1.4b (write_tmx) and `tmalign import --db TM.db TM.tmx`
// runs as a child process, --import-runs times into a new TM: median wall time, peak RSS,
// units/s, and the size of TM.db (+ its WAL) against the raw text it holds (the UTF-8 bytes of
// every source and target).
//
// Queries: --queries sentences; 10 % are real Russian news sentences that are not in the TM
// (ru_news_wmt18.cases), the rest are a stored unit's source with 0-3 of the edits above.
//   cold:   `tmalign query --db TM.db -- TEXT` as a child process, --cold-runs times (one query
//           each), median wall time;
//   warm:   one TranslationMemory opened in this process; after a first query (which may fill
//           caches, timed apart) every query is timed alone, --rounds passes over the list as a
//           CAT tool's analysis does (best match only, >= 50 %): p50, p99, mean;
//   recall: of the queries whose exhaustive best score is >= 50 %, the share whose warm best score
//           equals it. The exhaustive best comes from `tmalign query --exhaustive`
//           (`--reference cli`, a process per query) or from ExhaustiveScan (exhaustive_scan.h,
//           `--reference scan`: fuzzy_score's definition over every unit on interned tokens, on
//           every core); `auto` takes the scan above 50 000 units or when the CLI has no
//           --exhaustive. `--self-check` only checks the scan against fuzzy_score().
//
//   tm_bench                                         # 1 000 000 units, 1 000 queries
//   tm_bench --units 1000000 --queries 10000 --recall-queries 1000   # issue 5's figures
//   tm_bench --units 100000 --queries 300 --json
//   tm_bench --units 2000 --queries 50 --keep /tmp/tm   # keeps TM.tmx and TM.db
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "bench_support.h"
#include "exhaustive_scan.h"
#include "tmalign/core/error.h"
#include "tmalign/core/types.h"
#include "tmalign/formats/beads.h"
#include "tmalign/formats/tmx.h"
#include "tmalign/match/fuzzy.h"
#include "tmalign/store/translation_memory.h"

#ifndef TMALIGN_SHARED_DIR
#define TMALIGN_SHARED_DIR "../shared"
#endif
#ifndef TMALIGN_CLI_PATH  // the tmalign binary of the same build (set by bench/CMakeLists.txt)
#define TMALIGN_CLI_PATH ""
#endif

extern char** environ;

namespace tmalign::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Printed when the shared data is missing; the ctest smoke test skips on it.

constexpr int kMinScore = 50;  // the lowest score a CAT analysis counts as a match

// Above this many units `--reference auto` takes the in-bench scan: `tmalign query --exhaustive`
// costs seconds a query there (a process that tokenises the whole TM each time).
constexpr std::size_t kCliReferenceUnits = 50000;

struct BenchOptions {
  std::string shared = TMALIGN_SHARED_DIR;  // the shared folder (data/alignment, segmentation)
  std::string tmalign;                      // the CLI binary; empty: the one built beside the bench
  std::size_t units = 1000000;              // distinct units (source sentences) in the TM
  std::size_t queries = 1000;               // query sentences
  int rounds = 1;                           // warm passes over the queries
  int cold_runs = 10;                       // `tmalign query` processes; the median is reported
  int import_runs = 3;                      // imports of the TMX into a new TM; median reported
  std::size_t recall_queries = 0;           // queries checked against the reference; 0: all
  std::string reference = "auto";           // auto, cli, scan or none (see --reference)
  double timeout = 3600.0;                  // seconds before a child process is killed
  std::uint64_t seed = 1;                   // the generator's seed
  std::string keep;                         // write TM.tmx and TM.db here (kept), not a temp dir
  bool json = false;                        // one JSON line instead of the tables
  bool self_check = false;                  // check the reference scan against fuzzy_score, only
};

// ------------------------------------------------------------------------------------ files

// The lines of a file, without their "\n" or "\r\n"; blank lines are kept (gold indices count
// them).
std::vector<std::string> file_lines(const fs::path& path) {
  std::vector<std::string> lines;
  std::istringstream in(read_file(path, std::string(kNoSharedData) + " (pass --shared DIR)"));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  return lines;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos;
}

std::uintmax_t size_or_zero(const fs::path& path) {
  std::error_code error;
  const std::uintmax_t size = fs::file_size(path, error);
  return error ? 0 : size;
}

// ---------------------------------------------------------------------------- random draws

std::size_t pick(std::mt19937_64& random, std::size_t n) {
  return static_cast<std::size_t>(uniform_below(random, n));
}

// True with probability permille / 1000.
bool chance(std::mt19937_64& random, std::uint64_t permille) {
  return uniform_below(random, 1000) < permille;
}

// ------------------------------------------------------------------------------- words

// The code point at `i` of UTF-8 `text`, advancing `i`; a malformed byte reads as U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead < 0x80         ? 1
                             : lead >> 5 == 0x6  ? 2
                             : lead >> 4 == 0xE  ? 3
                             : lead >> 3 == 0x1E ? 4
                                                 : 0;
  if (length == 0 || i + length > text.size()) {
    ++i;
    return U'\uFFFD';
  }
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      ++i;
      return U'\uFFFD';
    }
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  i += length;
  return c;
}

// Letters of the scripts in the corpus: ASCII, Latin-1 and Latin Extended-A/B, Cyrillic.
bool is_letter(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x400 && c <= 0x52F);
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// A white-space-separated word split into punctuation before, the core, punctuation after:
// "«Привет," -> "«", "Привет", ",". The core runs from the first to the last letter or digit.
struct WordParts {
  std::string_view before, core, after;
};

WordParts split_word(std::string_view word) {
  std::size_t first = word.size(), last = 0;
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(word, i);
    if (is_letter(c) || is_digit(c)) {
      first = std::min(first, start);
      last = i;
    }
  }
  if (first == word.size()) return {word, {}, {}};
  return {word.substr(0, first), word.substr(first, last - first), word.substr(last)};
}

// A word made of letters only (with inner hyphens): what substitutions and insertions draw.
bool is_plain_word(std::string_view word) {
  if (word.empty() || word.front() == '-' || word.back() == '-') return false;
  for (std::size_t i = 0; i < word.size();) {
    const char32_t c = next_code_point(word, i);
    if (!is_letter(c) && c != U'-') return false;
  }
  return true;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += ' ';
    text += word;
  }
  return text;
}

// ------------------------------------------------------------------------------ corpus

// A real sentence pair: a 1-1 gold bead of NTREX ru-en.
struct BasePair {
  std::string source;  // Russian
  std::string target;  // English
};

struct Corpus {
  std::vector<BasePair> pairs;         // distinct Russian sources, in file and bead order
  std::vector<std::string> ru_words;   // every plain Russian word occurrence (with repeats)
  std::vector<std::string> en_words;   // every plain English word occurrence
  std::vector<std::string> unrelated;  // Russian news sentences that are not in NTREX
};

fs::path ntrex_folder(const fs::path& shared) {
  return shared / "data" / "alignment" / "ntrex-ruen";
}
fs::path news_cases(const fs::path& shared) {
  return shared / "data" / "segmentation" / "ru_news_wmt18.cases";
}

void collect_words(std::string_view text, std::vector<std::string>& words) {
  for (std::string& word : split_words(text)) {
    const WordParts parts = split_word(word);
    if (is_plain_word(parts.core)) words.emplace_back(parts.core);
  }
}

Corpus read_corpus(const fs::path& shared) {
  const fs::path folder = ntrex_folder(shared);
  const std::vector<std::string> stems = document_stems(folder);

  Corpus corpus;
  std::unordered_set<std::string> sources;
  for (const std::string& stem : stems) {
    const std::vector<std::string> ru = file_lines(folder / (stem + ".ru"));
    const std::vector<std::string> en = file_lines(folder / (stem + ".en"));
    const fs::path gold = folder / (stem + ".gold");
    for (const Bead& bead : parse_beads(
             read_file(gold, std::string(kNoSharedData) + " (pass --shared DIR)"), gold.string())) {
      if (bead.source.size() != 1 || bead.target.size() != 1) continue;
      const std::size_t i = bead.source[0], j = bead.target[0];
      if (i >= ru.size() || j >= en.size()) {
        throw InputError("bead [" + std::to_string(i) + "]:[" + std::to_string(j) +
                             "] past the document's lines",
                         gold.string());
      }
      if (is_blank(ru[i]) || is_blank(en[j]) || !sources.insert(ru[i]).second) continue;
      corpus.pairs.push_back({ru[i], en[j]});
      collect_words(ru[i], corpus.ru_words);
      collect_words(en[j], corpus.en_words);
    }
  }
  if (corpus.pairs.empty() || corpus.ru_words.empty() || corpus.en_words.empty()) {
    throw InputError("no 1-1 gold beads", folder.string());
  }
  // The expected sentences (E-lines) of the news cases: real Russian sentences of other news.
  for (const std::string& line : file_lines(news_cases(shared))) {
    if (line.starts_with("E\t") && !is_blank(line.substr(2)) && !sources.contains(line.substr(2))) {
      corpus.unrelated.push_back(line.substr(2));
    }
  }
  return corpus;
}

// ------------------------------------------------------------------------- near-duplicates

// A digit run in `text` at [start, end) bounded by non-digits, the first equal to `digits`.
std::size_t find_number(std::string_view text, std::string_view digits) {
  for (std::size_t at = text.find(digits); at != std::string_view::npos;
       at = text.find(digits, at + 1)) {
    const bool left = at == 0 || !std::isdigit(static_cast<unsigned char>(text[at - 1]));
    const std::size_t end = at + digits.size();
    const bool right = end == text.size() || !std::isdigit(static_cast<unsigned char>(text[end]));
    if (left && right) return at;
  }
  return std::string_view::npos;
}

// Makes near-duplicates of sentence pairs by word edits on the source side (see the top).
class VariantMaker {
 public:
  explicit VariantMaker(const Corpus& corpus) : corpus_(corpus) {}

  // `source` and `target` with `edits` word edits on the source (0: unchanged).
  BasePair make(const BasePair& pair, int edits, std::mt19937_64& random) const {
    std::vector<std::string> words = split_words(pair.source);
    std::string target = pair.target;
    for (int edit = 0; edit < edits; ++edit) {
      const std::uint64_t kind = uniform_below(random, 1000);
      if (kind < 400 || words.empty()) {
        substitute(words, corpus_.ru_words, random);
      } else if (kind < 650) {
        words.insert(words.begin() + static_cast<std::ptrdiff_t>(pick(random, words.size() + 1)),
                     corpus_.ru_words[pick(random, corpus_.ru_words.size())]);
      } else if (kind < 850) {
        remove(words, random);
      } else if (!change_number(words, target, random)) {
        substitute(words, corpus_.ru_words, random);
      }
    }
    if (edits > 0 && chance(random, 200)) {
      std::vector<std::string> target_words = split_words(target);
      substitute(target_words, corpus_.en_words, random);
      target = join_words(target_words);
    }
    return {join_words(words), target};
  }

 private:
  // Replaces the core of a random word that has one with a word of `vocabulary` (or, when no
  // word has a core, inserts one).
  static void substitute(std::vector<std::string>& words,
                         const std::vector<std::string>& vocabulary, std::mt19937_64& random) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (!split_word(words[i]).core.empty()) candidates.push_back(i);
    }
    const std::string& replacement = vocabulary[pick(random, vocabulary.size())];
    if (candidates.empty()) {
      words.push_back(replacement);
      return;
    }
    std::string& word = words[candidates[pick(random, candidates.size())]];
    const WordParts parts = split_word(word);
    word = std::string(parts.before) + replacement + std::string(parts.after);
  }

  // Deletes a random word (not the last two); punctuation after a deleted last word moves to the
  // word before it.
  static void remove(std::vector<std::string>& words, std::mt19937_64& random) {
    if (words.size() <= 2) return;
    const std::size_t at = pick(random, words.size());
    if (at + 1 == words.size()) words[at - 1] += std::string(split_word(words[at]).after);
    words.erase(words.begin() + static_cast<std::ptrdiff_t>(at));
  }

  // Changes the first digit run of a random word that has one into another number of as many
  // digits, and the same number in the target when it stands there. False when no word has
  // a digit.
  static bool change_number(std::vector<std::string>& words, std::string& target,
                            std::mt19937_64& random) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words[i].find_first_of("0123456789") != std::string::npos) candidates.push_back(i);
    }
    if (candidates.empty()) return false;
    std::string& word = words[candidates[pick(random, candidates.size())]];
    const std::size_t start = word.find_first_of("0123456789");
    const std::size_t end = std::min(word.find_first_not_of("0123456789", start), word.size());
    const std::string old_digits = word.substr(start, end - start);
    std::string digits = old_digits;
    while (digits == old_digits) {
      for (std::size_t k = 0; k < digits.size(); ++k) {
        const bool leading = k == 0 && digits.size() > 1;
        digits[k] = static_cast<char>(leading ? '1' + pick(random, 9) : '0' + pick(random, 10));
      }
    }
    word.replace(start, end - start, digits);
    const std::size_t at = find_number(target, old_digits);
    if (at != std::string::npos) target.replace(at, old_digits.size(), digits);
    return true;
  }

  const Corpus& corpus_;
};

struct GeneratedTm {
  std::vector<TranslationUnit> units;  // released once written as TMX (release_units)
  std::size_t count = 0;               // units made
  std::size_t base_pairs = 0;          // real pairs stored as they are
  std::size_t attempts = 0;            // variants made, duplicates included
  std::uint64_t raw_bytes = 0;         // UTF-8 bytes of every source and target
  double seconds = 0.0;
};

// `count` units with distinct sources: the real pairs in a shuffled order, then near-duplicates.
GeneratedTm generate_tm(const Corpus& corpus, std::size_t count, std::mt19937_64& random) {
  const auto start = Clock::now();
  const VariantMaker maker(corpus);
  GeneratedTm tm;
  tm.units.reserve(count);  // never reallocated: `seen` views the sources in place
  std::unordered_set<std::string_view> seen;
  seen.reserve(count);
  const auto add = [&](BasePair pair) {
    TranslationUnit& unit = tm.units.emplace_back();
    unit.source = std::move(pair.source);
    unit.target = std::move(pair.target);
    if (!seen.insert(unit.source).second) {
      tm.units.pop_back();
      return false;
    }
    const std::size_t index = tm.units.size() - 1;
    unit.source_lang = "ru";
    unit.target_lang = "en";
    unit.document = "tm_bench/" + std::to_string(index / 1000);  // documents of 1 000 units
    unit.position = static_cast<std::int64_t>(index % 1000);
    tm.raw_bytes += unit.source.size() + unit.target.size();
    return true;
  };
  std::vector<std::size_t> order(corpus.pairs.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  shuffle(order, random);
  for (const std::size_t i : order) {
    if (tm.units.size() == count) break;
    tm.base_pairs += add(corpus.pairs[i]) ? 1 : 0;
  }
  const std::size_t max_attempts = 100 * count + 1000;
  while (tm.units.size() < count) {
    if (++tm.attempts > max_attempts) {
      throw Error("the generator made only " + std::to_string(tm.units.size()) +
                  " distinct units in " + std::to_string(max_attempts) + " attempts");
    }
    BasePair parent;
    if (chance(random, 700)) {
      parent = corpus.pairs[pick(random, corpus.pairs.size())];
    } else {
      const TranslationUnit& unit = tm.units[pick(random, tm.units.size())];
      parent = {unit.source, unit.target};
    }
    add(maker.make(parent, 1 + static_cast<int>(uniform_below(random, 3)), random));
  }
  tm.count = tm.units.size();
  tm.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return tm;
}

struct Query {
  std::string text;
  std::string kind;  // "exact" (a stored source), "near" (1-3 edits), "unrelated" (other news)
};

// `count` queries: 10 % unrelated news sentences, the rest stored sources with 0-3 edits.
std::vector<Query> make_queries(const Corpus& corpus, const std::vector<TranslationUnit>& units,
                                std::size_t count, std::mt19937_64& random) {
  const VariantMaker maker(corpus);
  std::vector<Query> queries;
  while (queries.size() < count) {
    if (!corpus.unrelated.empty() && chance(random, 100)) {
      queries.push_back({corpus.unrelated[pick(random, corpus.unrelated.size())], "unrelated"});
      continue;
    }
    const TranslationUnit& unit = units[pick(random, units.size())];
    const int edits = static_cast<int>(uniform_below(random, 4));
    queries.push_back({maker.make({unit.source, unit.target}, edits, random).source,
                       edits == 0 ? "exact" : "near"});
  }
  return queries;
}

// ------------------------------------------------------------------------- child process

// ------------------------------------------------------------------------------ statistics

// The nearest-rank percentile: the smallest value with at least p % of the values at or below it.
double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

double mean_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return values.empty() ? 0.0 : sum / static_cast<double>(values.size());
}

double kb_to_mb(long kb) { return static_cast<double>(kb) * 1024.0 / kBytesPerMb; }

// --------------------------------------------------------------------------------- phases

struct ImportFigures {
  std::string status;
  double seconds = 0.0;      // the median of runs
  std::vector<double> runs;  // each import's wall time, in order
  double peak_rss_mb = 0.0;  // the largest of the runs'

  std::uintmax_t tmx_bytes = 0;
  std::uintmax_t db_bytes = 0;
  std::uintmax_t wal_bytes = 0;
  std::size_t stored_units = 0;  // what the TM says it holds afterwards
};

// Writes the TM as TM.tmx in `work`, on disk (synced) before the import starts, as a user's TMX
// is: otherwise the kernel may still be writing the bench's own file back (639 MB at 1M units)
// while the import runs.
void write_bench_tmx(const GeneratedTm& tm, const fs::path& work) {
  const fs::path tmx = work / "TM.tmx";
  {
    std::ofstream out(tmx, std::ios::binary | std::ios::trunc);
    TmxWriteOptions write_options;
    write_options.source_lang = "ru";
    write_options.creation_tool = "tm_bench";
    write_options.creation_date = "20260101T000000Z";  // fixed: the same seed, the same bytes
    write_tmx(out, tm.units, write_options);
    out.flush();
    if (!out) throw InputError("cannot write", tmx.string());
  }
  if (const int fd = ::open(tmx.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Frees the generated units and gives their memory back to the system before the imports run.
// A bench process holding its 1M units (about 0.9 GB) made the same `tmalign import` 2-3 s
// slower than it is alone (an idle process holding 3 GB: 4 s), on this virtual machine.
void release_units(GeneratedTm& tm) {
  std::vector<TranslationUnit>().swap(tm.units);
  ::malloc_trim(0);
}

// The units of the bench's TM.tmx (the reference scan's, after release_units()).
std::vector<TranslationUnit> read_bench_tmx(const fs::path& work) {
  std::vector<TranslationUnit> units;
  TmxReader reader((work / "TM.tmx").string());
  std::vector<TranslationUnit> batch;
  while (reader.next(batch, 10000) > 0)
    units.insert(units.end(), std::make_move_iterator(batch.begin()),
                 std::make_move_iterator(batch.end()));
  return units;
}

ImportFigures run_import(const BenchOptions& options, const std::string& tmalign, std::size_t units,
                         const fs::path& work) {
  ImportFigures figures;
  const fs::path tmx = work / "TM.tmx", db = work / "TM.db";
  figures.tmx_bytes = size_or_zero(tmx);
  // The same import into a new TM, --import-runs times: a shared machine's noise moves one run
  // by seconds, the median less. The last run's TM is the one queried.
  const fs::path out = work / "import.out", err = work / "import.err";
  for (int i = 0; i < options.import_runs; ++i) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix);
    std::cerr << "tm_bench: tmalign import of " << units << " units, run " << i + 1 << "/"
              << options.import_runs << " ..." << std::flush;
    const ChildRun run = run_child({tmalign, "import", "--db", db.string(), tmx.string()}, out, err,
                                   options.timeout);
    figures.status = describe(run, err);
    std::cerr << ' ' << figures.status << ", " << run.seconds << " s\n";
    if (!run.ok()) return figures;
    figures.runs.push_back(run.seconds);
    figures.peak_rss_mb = std::max(figures.peak_rss_mb, kb_to_mb(run.peak_rss_kb));
  }
  figures.seconds = median_of(figures.runs);
  figures.db_bytes = size_or_zero(db);
  figures.wal_bytes = size_or_zero(db.string() + "-wal");
  figures.stored_units = TranslationMemory(db.string()).stats().units;
  return figures;
}

struct ColdFigures {
  std::string status = "ok";
  std::vector<double> seconds;
  std::vector<double> peak_rss_mb;
};

ColdFigures run_cold(const BenchOptions& options, const std::string& tmalign,
                     const std::vector<Query>& queries, const fs::path& work) {
  ColdFigures figures;
  const fs::path db = work / "TM.db", out = work / "query.out", err = work / "query.err";
  for (int i = 0; i < options.cold_runs; ++i) {
    const std::string& text = queries[static_cast<std::size_t>(i) % queries.size()].text;
    std::cerr << "tm_bench: cold query " << i + 1 << "/" << options.cold_runs << " ..."
              << std::flush;
    const ChildRun run =
        run_child({tmalign, "query", "--db", db.string(), "--", text}, out, err, options.timeout);
    figures.status = describe(run, err);
    std::cerr << ' ' << figures.status << ", " << run.seconds << " s\n";
    if (!run.ok()) break;
    figures.seconds.push_back(run.seconds);
    if (run.peak_rss_kb > 0) figures.peak_rss_mb.push_back(kb_to_mb(run.peak_rss_kb));
  }
  return figures;
}

struct WarmFigures {
  double open_seconds = 0.0;    // the TranslationMemory constructor
  double first_seconds = 0.0;   // the first query, alone (it may fill caches)
  std::vector<double> seconds;  // every timed query of every round
  std::vector<int> best;        // the first round's best score per query; -1: none >= 50 %
  double total_seconds = 0.0;   // all rounds, end to end
};

WarmFigures run_warm(const BenchOptions& options, const std::vector<Query>& queries,
                     const fs::path& work) {
  WarmFigures figures;
  const QueryOptions query_options{.min_score = kMinScore, .limit = 1};
  auto start = Clock::now();
  const TranslationMemory tm((work / "TM.db").string());
  figures.open_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cerr << "tm_bench: warm: first query ..." << std::flush;
  start = Clock::now();
  (void)tm.query(queries.front().text, query_options);
  figures.first_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::cerr << ' ' << figures.first_seconds << " s\n";
  figures.best.assign(queries.size(), -1);
  const auto all_start = Clock::now();
  for (int round = 0; round < options.rounds; ++round) {
    std::cerr << "tm_bench: warm: round " << round + 1 << "/" << options.rounds << ", "
              << queries.size() << " queries ..." << std::flush;
    const auto round_start = Clock::now();
    for (std::size_t i = 0; i < queries.size(); ++i) {
      const auto query_start = Clock::now();
      const std::vector<Match> matches = tm.query(queries[i].text, query_options);
      figures.seconds.push_back(std::chrono::duration<double>(Clock::now() - query_start).count());
      if (round == 0 && !matches.empty()) figures.best[i] = matches.front().score;
    }
    std::cerr << ' ' << std::chrono::duration<double>(Clock::now() - round_start).count() << " s\n";
  }
  figures.total_seconds = std::chrono::duration<double>(Clock::now() - all_start).count();
  return figures;
}

struct RecallFigures {
  std::string reference;       // "cli (tmalign query --exhaustive)", "scan (...)", "n/a"
  std::size_t checked = 0;     // queries compared with the reference
  std::size_t with_match = 0;  // of them, with an exhaustive best >= 50 %
  std::size_t equal = 0;       // of those, the warm best equals the exhaustive best
  std::size_t above = 0;       // warm best above the exhaustive best (a reference or index bug)
  double seconds = 0.0;        // the reference's time, tokenising included
  std::vector<std::string> misses;  // up to 5 examples: "query | warm best | exhaustive best"
  bool available() const { return checked > 0; }
  double recall() const {
    return with_match == 0 ? 1.0 : static_cast<double>(equal) / static_cast<double>(with_match);
  }
};

bool cli_has_exhaustive(const std::string& tmalign, const fs::path& work) {
  const fs::path out = work / "help.out", err = work / "help.err";
  const ChildRun run = run_child({tmalign, "query", "--help"}, out, err, 60.0);
  if (!run.ok()) throw Error("tmalign query --help: " + describe(run, err));
  return read_file(out).find("--exhaustive") != std::string::npos;
}

// The exhaustive best score of each query (-1: none >= 50 %), from `tmalign query --exhaustive`.
std::vector<int> cli_reference(const BenchOptions& options, const std::string& tmalign,
                               const std::vector<Query>& queries, const fs::path& work) {
  const fs::path db = work / "TM.db", out = work / "exhaustive.out", err = work / "exhaustive.err";
  std::vector<int> best;
  for (const Query& query : queries) {
    const ChildRun run =
        run_child({tmalign, "query", "--exhaustive", "--json", "--limit", "1", "--min-score",
                   std::to_string(kMinScore), "--db", db.string(), "--", query.text},
                  out, err, options.timeout);
    if (!run.ok()) throw Error("tmalign query --exhaustive: " + describe(run, err));
    const nlohmann::json matches = nlohmann::json::parse(read_file(out));
    best.push_back(matches.empty() ? -1 : matches.front().at("score").get<int>());
  }
  return best;
}

// The exhaustive best score of each query (-1: none >= 50 %): fuzzy_score() against every unit,
// one unit and query at a time, tokenising every unit once. The slow, obvious version that
// --self-check holds the fast scan against (it takes about an hour for 1 000 queries at 1M units).
std::vector<int> fuzzy_score_scan(const std::vector<TranslationUnit>& units,
                                  const std::vector<Query>& queries) {
  std::vector<std::vector<std::string>> tokens;
  tokens.reserve(units.size());
  for (const TranslationUnit& unit : units) tokens.push_back(match_tokens(unit.source));
  std::vector<int> best;
  for (const Query& query : queries) {
    const std::vector<std::string> query_tokens = match_tokens(query.text);
    int top = -1;
    for (std::size_t i = 0; i < units.size() && top < 100; ++i) {  // 100 is the most there is
      const int score = fuzzy_score(query.text, query_tokens, units[i].source, tokens[i]);
      if (score >= kMinScore) top = std::max(top, score);
    }
    best.push_back(top);
  }
  return best;
}

std::vector<std::string_view> source_views(const std::vector<TranslationUnit>& units) {
  std::vector<std::string_view> views;
  views.reserve(units.size());
  for (const TranslationUnit& unit : units) views.emplace_back(unit.source);
  return views;
}

std::vector<std::string_view> query_views(const std::vector<Query>& queries) {
  std::vector<std::string_view> views;
  views.reserve(queries.size());
  for (const Query& query : queries) views.emplace_back(query.text);
  return views;
}

// The exhaustive best score of each query (-1: none >= 50 %): ExhaustiveScan (exhaustive_scan.h),
// fuzzy_score()'s definition on interned tokens over every unit, the queries split over the cores.
std::vector<int> scan_reference(const std::vector<TranslationUnit>& units,
                                const std::vector<Query>& queries) {
  std::cerr << "tm_bench: reference scan: tokenising " << units.size() << " units ..."
            << std::flush;
  ExhaustiveScan scan(source_views(units));
  std::cerr << ' ' << scan.tokenise_seconds() << " s (" << scan.vocabulary_size()
            << " distinct tokens); scoring " << queries.size() << " queries ..." << std::flush;
  const auto start = Clock::now();
  std::vector<int> best = scan.best_scores(query_views(queries), kMinScore);
  std::cerr << ' ' << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";
  return best;
}

RecallFigures run_recall(const BenchOptions& options, const std::string& tmalign, std::size_t units,
                         const std::vector<Query>& queries, const WarmFigures& warm,
                         const fs::path& work) {
  RecallFigures figures;
  std::string mode = options.reference;
  std::string why;  // why auto chose what it chose
  if (mode == "auto") {
    if (units > kCliReferenceUnits) {
      mode = "scan";
      why = "; auto: more than " + std::to_string(kCliReferenceUnits) + " units";
    } else if (cli_has_exhaustive(tmalign, work)) {
      mode = "cli";
      why = "; auto: at most " + std::to_string(kCliReferenceUnits) + " units";
    } else {
      mode = "scan";
      why = "; auto: the CLI has no --exhaustive";
    }
  }
  if (mode == "none") {
    figures.reference = "n/a";
    return figures;
  }
  const std::size_t count = options.recall_queries == 0
                                ? queries.size()
                                : std::min(options.recall_queries, queries.size());
  const std::vector<Query> sample(queries.begin(),
                                  queries.begin() + static_cast<std::ptrdiff_t>(count));
  const auto start = Clock::now();
  std::vector<int> reference;
  if (mode == "cli") {
    figures.reference = "cli (tmalign query --exhaustive, a process per query" + why + ")";
    reference = cli_reference(options, tmalign, sample, work);
  } else {
    figures.reference =
        "scan (fuzzy_score's definition on interned tokens over every unit, in tm_bench" + why +
        ")";
    reference = scan_reference(read_bench_tmx(work), sample);
  }
  figures.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  figures.checked = count;
  for (std::size_t i = 0; i < count; ++i) {
    if (warm.best[i] > reference[i]) ++figures.above;
    if (reference[i] < kMinScore) continue;
    ++figures.with_match;
    if (warm.best[i] == reference[i]) {
      ++figures.equal;
    } else if (figures.misses.size() < 5) {
      figures.misses.push_back(sample[i].text + " | " + std::to_string(warm.best[i]) + " | " +
                               std::to_string(reference[i]));
    }
  }
  return figures;
}

// ---------------------------------------------------------------------------- self-check

// --self-check: ExhaustiveScan against fuzzy_score() on a small TM of the same generator (plus
// units and queries without tokens, and queries that differ from a unit only in white space or
// punctuation): every unit x query score, the best score per query at minimum scores 0, 50 and
// 95 (which exercises the length bound's skips), and fuzzy_score_scan()'s best scores. Prints one
// line; 1 when anything differs.
int self_check(const BenchOptions& options) {
  constexpr std::size_t kUnits = 600, kQueries = 300;
  const Corpus corpus = read_corpus(options.shared);
  std::mt19937_64 random(options.seed);
  std::vector<TranslationUnit> units = generate_tm(corpus, kUnits, random).units;
  for (const char* text : {"!!!", "?!", ""}) units.emplace_back().source = text;
  std::mt19937_64 query_random(options.seed + 0x9E3779B97F4A7C15ULL);
  std::vector<Query> queries = make_queries(corpus, units, kQueries, query_random);
  for (const char* text : {"", "   ", "!!!", "\xC2\xAB\xC2\xBB"}) queries.push_back({text, "edge"});
  queries.push_back({"  " + units[0].source + "  ", "edge"});  // 100: white space only
  queries.push_back({units[1].source + " !", "edge"});         // 99: punctuation only
  queries.push_back({units[2].source + " " + units[3].source, "edge"});

  ExhaustiveScan scan(source_views(units));
  std::vector<std::vector<std::string>> tokens;
  for (const TranslationUnit& unit : units) tokens.push_back(match_tokens(unit.source));
  std::vector<std::string> failures;
  const auto fail = [&](std::string what) {
    if (failures.size() < 5) failures.push_back(std::move(what));
  };
  std::vector<std::vector<int>> scores(queries.size());  // [query][unit], fuzzy_score()
  std::size_t pairs = 0;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const std::vector<std::string> query_tokens = match_tokens(queries[q].text);
    for (std::size_t u = 0; u < units.size(); ++u) {
      scores[q].push_back(fuzzy_score(queries[q].text, query_tokens, units[u].source, tokens[u]));
      const int fast = scan.score(queries[q].text, u);
      ++pairs;
      if (fast != scores[q][u]) {
        fail("score(\"" + queries[q].text + "\", \"" + units[u].source + "\") " +
             std::to_string(fast) + " != fuzzy_score " + std::to_string(scores[q][u]));
      }
    }
  }
  std::size_t bests = 0;
  for (const int min_score : {0, kMinScore, 95}) {
    const std::vector<int> fast = scan.best_scores(query_views(queries), min_score);
    for (std::size_t q = 0; q < queries.size(); ++q) {
      int best = -1;
      for (const int score : scores[q]) {
        if (score >= min_score) best = std::max(best, score);
      }
      ++bests;
      if (fast[q] != best) {
        fail("best_scores(\"" + queries[q].text + "\", " + std::to_string(min_score) + ") " +
             std::to_string(fast[q]) + " != " + std::to_string(best));
      }
    }
  }
  const std::vector<int> slow = fuzzy_score_scan(units, queries);
  const std::vector<int> fast = scan.best_scores(query_views(queries), kMinScore);
  for (std::size_t q = 0; q < queries.size(); ++q) {
    ++bests;
    if (fast[q] != slow[q]) {
      fail("fuzzy_score_scan(\"" + queries[q].text + "\") " + std::to_string(slow[q]) +
           " != " + std::to_string(fast[q]));
    }
  }
  std::printf(
      "tm_bench: self-check: %zu units x %zu queries: %zu scores and %zu best scores "
      "compared with fuzzy_score(): %s\n",
      units.size(), queries.size(), pairs, bests, failures.empty() ? "all equal" : "DIFFERENT");
  for (const std::string& failure : failures) std::printf("  %s\n", failure.c_str());
  return failures.empty() ? 0 : 1;
}

// ------------------------------------------------------------------------------- report

struct Report {
  std::size_t base_pairs_in_corpus = 0;
  GeneratedTm tm;
  std::vector<Query> queries;
  ImportFigures import;
  ColdFigures cold;
  WarmFigures warm;
  RecallFigures recall;
  double raw_mb() const { return static_cast<double>(tm.raw_bytes) / kBytesPerMb; }
  double size_ratio() const {
    return static_cast<double>(import.db_bytes + import.wal_bytes) /
           static_cast<double>(tm.raw_bytes);
  }
  double units_per_second() const {
    return import.seconds > 0 ? static_cast<double>(tm.count) / import.seconds : 0.0;
  }
};

nlohmann::json report_json(const BenchOptions& options, const Report& r) {
  std::size_t exact = 0, near = 0, unrelated = 0;
  for (const Query& q : r.queries) {
    (q.kind == "exact" ? exact : q.kind == "near" ? near : unrelated) += 1;
  }
  nlohmann::json out = {
      {"seed", options.seed},
      {"units", r.tm.count},
      {"generation",
       {{"corpus_pairs", r.base_pairs_in_corpus},
        {"base_pairs", r.tm.base_pairs},
        {"variants_made", r.tm.attempts},
        {"raw_text_bytes", r.tm.raw_bytes},
        {"seconds", r.tm.seconds}}},
      {"import",
       {{"status", r.import.status},
        {"seconds", r.import.seconds},
        {"runs_seconds", r.import.runs},
        {"units_per_second", r.units_per_second()},
        {"peak_rss_mb", r.import.peak_rss_mb},
        {"tmx_bytes", r.import.tmx_bytes},
        {"db_bytes", r.import.db_bytes},
        {"wal_bytes", r.import.wal_bytes},
        {"size_over_raw_text", r.size_ratio()},
        {"stored_units", r.import.stored_units}}},
      {"queries",
       {{"count", r.queries.size()}, {"exact", exact}, {"near", near}, {"unrelated", unrelated}}},
      {"cold",
       {{"status", r.cold.status},
        {"runs", r.cold.seconds.size()},
        {"seconds", r.cold.seconds},
        {"median_seconds", median_of(r.cold.seconds)},
        {"median_peak_rss_mb", median_of(r.cold.peak_rss_mb)}}},
      {"warm",
       {{"rounds", options.rounds},
        {"open_seconds", r.warm.open_seconds},
        {"first_query_seconds", r.warm.first_seconds},
        {"queries_timed", r.warm.seconds.size()},
        {"p50_ms", 1e3 * percentile(r.warm.seconds, 50)},
        {"p99_ms", 1e3 * percentile(r.warm.seconds, 99)},
        {"mean_ms", 1e3 * mean_of(r.warm.seconds)},
        {"max_ms", 1e3 * percentile(r.warm.seconds, 100)},
        {"segments_per_second",
         r.warm.total_seconds > 0
             ? static_cast<double>(r.warm.seconds.size()) / r.warm.total_seconds
             : 0.0}}},
      {"recall",
       {{"reference", r.recall.reference},
        {"checked", r.recall.checked},
        {"with_match", r.recall.with_match},
        {"equal", r.recall.equal},
        {"above_reference", r.recall.above},
        {"recall", r.recall.available() ? nlohmann::json(r.recall.recall()) : nlohmann::json()},
        {"reference_seconds", r.recall.seconds},
        {"misses", r.recall.misses}}}};
  return out;
}

void print_report(const BenchOptions& options, const Report& r) {
  const nlohmann::json j = report_json(options, r);
  std::printf("tm_bench: a %zu-unit ru-en TM (seed %llu) from %zu NTREX pairs; MB = 10^6 bytes\n\n",
              r.tm.count, static_cast<unsigned long long>(options.seed), r.base_pairs_in_corpus);
  std::printf("generation    %.1f s, %zu variants made for %zu distinct units\n", r.tm.seconds,
              r.tm.attempts, r.tm.count - r.tm.base_pairs);
  const auto [fastest, slowest] = std::minmax_element(r.import.runs.begin(), r.import.runs.end());
  std::printf(
      "import        %s: median %.2f s (%.2f-%.2f) of %zu runs, %.0f units/s, peak RSS %.1f MB; "
      "%zu units in the TM\n",
      r.import.status.c_str(), r.import.seconds, r.import.runs.empty() ? 0.0 : *fastest,
      r.import.runs.empty() ? 0.0 : *slowest, r.import.runs.size(), r.units_per_second(),
      r.import.peak_rss_mb, r.import.stored_units);
  std::printf(
      "file size     TM.db %.1f MB + WAL %.1f MB = %.2f x the raw text (%.1f MB); TMX %.1f MB\n",
      static_cast<double>(r.import.db_bytes) / kBytesPerMb,
      static_cast<double>(r.import.wal_bytes) / kBytesPerMb, r.size_ratio(), r.raw_mb(),
      static_cast<double>(r.import.tmx_bytes) / kBytesPerMb);
  const nlohmann::json& q = j["queries"];
  std::printf("queries       %zu: %zu exact, %zu near (1-3 edits), %zu unrelated news\n",
              r.queries.size(), q["exact"].get<std::size_t>(), q["near"].get<std::size_t>(),
              q["unrelated"].get<std::size_t>());
  if (r.cold.seconds.empty()) {
    std::printf("cold query    %s\n", r.cold.status.c_str());
  } else {
    const auto [lo, hi] = std::minmax_element(r.cold.seconds.begin(), r.cold.seconds.end());
    std::printf("cold query    median %.1f ms (%.1f-%.1f) of %zu `tmalign query` runs, ",
                1e3 * median_of(r.cold.seconds), 1e3 * *lo, 1e3 * *hi, r.cold.seconds.size());
    if (r.cold.peak_rss_mb.empty())
      std::printf("peak RSS not known (each run ended before it could be read)\n");
    else
      std::printf("peak RSS %.1f MB\n", median_of(r.cold.peak_rss_mb));
  }
  const nlohmann::json& w = j["warm"];
  std::printf(
      "warm query    p50 %.3f ms, p99 %.3f ms, mean %.3f ms, max %.3f ms over %zu queries "
      "(%d round(s)); %.0f segments/s\n",
      w["p50_ms"].get<double>(), w["p99_ms"].get<double>(), w["mean_ms"].get<double>(),
      w["max_ms"].get<double>(), r.warm.seconds.size(), options.rounds,
      w["segments_per_second"].get<double>());
  std::printf("              open %.1f ms, first query %.1f ms\n", 1e3 * r.warm.open_seconds,
              1e3 * r.warm.first_seconds);
  if (r.recall.available()) {
    std::printf(
        "recall        %.4f: %zu of %zu queries with an exhaustive best >= %d %% have that "
        "best (%zu checked; %zu above the reference)\n",
        r.recall.recall(), r.recall.equal, r.recall.with_match, kMinScore, r.recall.checked,
        r.recall.above);
    std::printf("              reference: %s, %.1f s\n", r.recall.reference.c_str(),
                r.recall.seconds);
    for (const std::string& miss : r.recall.misses) {
      std::printf("              miss (query | warm | exhaustive): %s\n", miss.c_str());
    }
  } else {
    std::printf("recall        n/a (--reference none)\n");
  }
}

// -------------------------------------------------------------------------------- main

int run(const BenchOptions& options) {
  if (!fs::exists(news_cases(options.shared))) {
    throw InputError(std::string(kNoSharedData) + " (pass --shared DIR)",
                     news_cases(options.shared).string());
  }
  if (options.self_check) return self_check(options);
  const std::string tmalign = find_tmalign(options.tmalign, TMALIGN_CLI_PATH);
  std::optional<TempDir> temporary;
  fs::path work = options.keep;
  if (work.empty()) {
    temporary.emplace("tm_bench");
    work = temporary->path();
  } else {
    fs::create_directories(work);
  }

  Report report;
  const Corpus corpus = read_corpus(options.shared);
  report.base_pairs_in_corpus = corpus.pairs.size();
  std::cerr << "tm_bench: generating " << options.units << " units from " << corpus.pairs.size()
            << " pairs ..." << std::flush;
  std::mt19937_64 random(options.seed);
  report.tm = generate_tm(corpus, options.units, random);
  std::cerr << ' ' << report.tm.seconds << " s\n";
  std::mt19937_64 query_random(options.seed + 0x9E3779B97F4A7C15ULL);  // its own stream
  report.queries = make_queries(corpus, report.tm.units, options.queries, query_random);

  write_bench_tmx(report.tm, work);
  release_units(report.tm);
  report.import = run_import(options, tmalign, report.tm.count, work);
  if (report.import.status != "ok") {
    if (options.json) {
      std::cout << report_json(options, report).dump() << '\n';
    } else {
      print_report(options, report);
    }
    return 1;
  }
  report.cold = run_cold(options, tmalign, report.queries, work);
  report.warm = run_warm(options, report.queries, work);
  report.recall = run_recall(options, tmalign, report.tm.count, report.queries, report.warm, work);
  if (options.json) {
    std::cout << report_json(options, report).dump() << '\n';
  } else {
    print_report(options, report);
  }
  return report.cold.status == "ok" ? 0 : 1;
}

}  // namespace
}  // namespace tmalign::bench

int main(int argc, char** argv) {
  tmalign::bench::BenchOptions options;
  CLI::App app{"Import rate, file size, query latency and recall of a synthetic ru-en TM"};
  app.add_option("--shared", options.shared, "The shared data folder")->capture_default_str();
  app.add_option("--tmalign", options.tmalign,
                 "The tmalign binary (default: the one built beside this program)");
  app.add_option("--units", options.units, "Distinct units (source sentences) in the TM")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  app.add_option("--queries", options.queries, "Query sentences")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
  app.add_option("--rounds", options.rounds, "Warm passes over the queries")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--import-runs", options.import_runs,
                 "Imports of the TMX, each into a new TM (the median is reported)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100));
  app.add_option("--cold-runs", options.cold_runs,
                 "`tmalign query` processes timed (one query each; the median is reported)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  app.add_option("--recall-queries", options.recall_queries,
                 "Check only the first N queries against the reference (0: all)")
      ->capture_default_str();
  app.add_option(
         "--reference", options.reference,
         "Exhaustive best score from: cli (tmalign query --exhaustive), scan (fuzzy_score's "
         "definition over every unit, in this program), none, or auto (scan above 50 000 "
         "units or when the CLI has no --exhaustive, else cli)")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "cli", "scan", "none"}));
  app.add_flag("--self-check", options.self_check,
               "Only check the reference scan against fuzzy_score() on a small TM (no import)");
  app.add_option("--timeout", options.timeout, "Seconds before a child process is killed")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 1e6));
  app.add_option("--seed", options.seed, "Seed of the generator")->capture_default_str();
  app.add_option("--keep", options.keep, "Write TM.tmx and TM.db into DIR and keep them");
  app.add_flag("--json", options.json, "Print one JSON line instead of the report");
  return tmalign::bench::parse_and_run(app, argc, argv, "tm_bench",
                                       [&] { return tmalign::bench::run(options); });
}
