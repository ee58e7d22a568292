// align_bench: wall time, peak memory and quality of `tmalign align` on a long synthetic book whose
// gold alignment is known, and its quality on every shared gold set (issue 4, "bench/align").
// docs/benchmarks.md says what is measured and how, and keeps the figures.
//
// It runs the CLI binary as a user does, in a child process, so it measures whatever aligner that
// binary holds and needs no change when the aligner's internals change.
//
// Book: the documents of the shared NTREX ru-en gold set (NNN.ru / NNN.en, one sentence a line;
// NNN.gold, one bead a line) concatenated in a shuffled order, the order shuffled again for each
// further pass over the set, until each side holds at least N sentences; the gold beads are
// offset by the sentences before their document, so the book's gold alignment is known. The
// shuffle is our own Fisher-Yates over std::mt19937_64 (whose output the standard fixes), so a seed
// gives the same book with every standard library.
//
// Timing: `tmalign align --src-lang ru --tgt-lang en --presegmented --format beads book.ru book.en`
// runs --rounds times per size, its output going to a file; the wall time (steady_clock, from fork
// to the child's end) and the child's peak RSS (wait4's ru_maxrss) are reported as medians. A run
// past --timeout seconds is killed and reported as "timeout"; the child's address space is capped
// at --memory-limit MB, so an aligner that needs more fails ("out of memory") instead of pushing the
// shared machine into its OOM killer. The output is scored with bench/align_quality.py, which runs
// the shared score_align.py.
//
// Quality (--quality): the CLI runs on every document of every shared gold set, with --format beads
// and again with --format tsv (for the confidences); bench/align_quality.py reports per set the
// strict and lax F1 and the AUC of the confidence (right beads against wrong ones).
//
//   align_bench                                  # a 100 000-sentence book, 3 rounds
//   align_bench --sizes 5000,10000 --rounds 3    # and the time ratio between the sizes
//   align_bench --quality --json
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "tmalign/core/error.h"
#include "tmalign/core/types.h"
#include "tmalign/formats/beads.h"

#ifndef TMALIGN_SHARED_DIR
#define TMALIGN_SHARED_DIR "../shared"
#endif
#ifndef TMALIGN_CLI_PATH  // the tmalign binary of the same build (set by bench/CMakeLists.txt)
#define TMALIGN_CLI_PATH ""
#endif
#ifndef TMALIGN_ALIGN_QUALITY_SCRIPT  // bench/align_quality.py in the source tree
#define TMALIGN_ALIGN_QUALITY_SCRIPT ""
#endif

namespace tmalign::bench {
namespace {

namespace fs = std::filesystem;

// Printed when the shared data is missing; the ctest smoke test skips on it.


struct BenchOptions {
  std::string shared = TMALIGN_SHARED_DIR;  // the shared folder (data/alignment, tools)
  std::string tmalign;                      // the CLI binary; empty: the one built beside the bench
  std::string quality_script = TMALIGN_ALIGN_QUALITY_SCRIPT;  // bench/align_quality.py
  std::size_t sentences = 100000;  // book size: at least this many sentences a side
  std::vector<std::size_t> sizes;  // several book sizes in one run (then --sentences is unused)
  int rounds = 3;                  // timed runs per size; the median is reported
  double timeout = 600.0;          // seconds before a run is killed and reported as "timeout"
  double memory_limit = 8000.0;    // the child's address-space cap, MB (10^6 bytes); 0: none
  std::uint64_t seed = 1;          // the shuffle's seed
  std::string keep;                // write the books and outputs here (kept) instead of a temp dir
  bool quality = false;            // score the shared gold sets instead of timing a book
  bool json = false;               // one JSON line instead of the tables
};

// ------------------------------------------------------------------------------------ files

void write_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.flush();
  if (!out) throw InputError("cannot write", path.string());
}

// The lines of a one-sentence-a-line file. A blank line is an error: `tmalign align
// --presegmented` skips blank lines while the gold's indices count every line, so the two would
// disagree from there on.
std::vector<std::string> sentence_lines(const fs::path& path) {
  const std::string text = read_file(path);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (line.find_first_not_of(" \t\r\f\v") == std::string::npos) {
      throw InputError("blank line in a one-sentence-a-line file (gold indices would shift)",
                       path.string(), lines.size() + 1);
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// ---------------------------------------------------------------------------- gold sets

// One document of a gold set: its sentences and gold beads.
struct Document {
  std::string name;  // the files' stem, e.g. "042"
  std::vector<std::string> source;
  std::vector<std::string> target;
  Alignment gold;
};

// A shared gold set: a folder of STEM.{source_lang,target_lang,gold} files.
struct GoldSet {
  std::string name;  // the folder's name
  std::string source_lang;
  std::string target_lang;
};

const std::vector<GoldSet> kGoldSets = {{"ntrex-ruen", "ru", "en"}, {"textberg-defr", "de", "fr"}};

fs::path set_folder(const fs::path& shared, const GoldSet& set) {
  return shared / "data" / "alignment" / set.name;
}

// Every document of a set, checked: the gold's indices lie within the document.
std::vector<Document> read_documents(const fs::path& shared, const GoldSet& set) {
  const fs::path folder = set_folder(shared, set);
  std::vector<Document> documents;
  for (const std::string& stem : document_stems(folder)) {
    Document& document = documents.emplace_back();
    document.name = stem;
    document.source = sentence_lines(folder / (stem + "." + set.source_lang));
    document.target = sentence_lines(folder / (stem + "." + set.target_lang));
    const fs::path gold = folder / (stem + ".gold");
    document.gold = parse_beads(read_file(gold), gold.string());
    for (const Bead& bead : document.gold) {
      for (const std::size_t id : bead.source) {
        if (id >= document.source.size()) {
          throw InputError("source index " + std::to_string(id) + " past the document's " +
                               std::to_string(document.source.size()) + " sentences",
                           gold.string());
        }
      }
      for (const std::size_t id : bead.target) {
        if (id >= document.target.size()) {
          throw InputError("target index " + std::to_string(id) + " past the document's " +
                               std::to_string(document.target.size()) + " sentences",
                           gold.string());
        }
      }
    }
  }
  return documents;
}

// -------------------------------------------------------------------------------- book

struct BookStats {
  std::size_t source_sentences = 0;
  std::size_t target_sentences = 0;
  std::size_t documents = 0;  // documents written (with repeats)
  std::size_t passes = 0;     // passes over the set, the last one possibly partial
  std::size_t gold_beads = 0;
};

// Writes book.ru, book.en and book.gold into `folder`: the documents in shuffled order, a new
// order for each pass, until both sides hold at least `sentences` sentences.
BookStats write_book(const std::vector<Document>& documents, std::size_t sentences,
                     std::uint64_t seed, const fs::path& folder) {
  std::mt19937_64 random(seed);
  std::string source, target, gold;
  BookStats stats;
  std::vector<std::size_t> order(documents.size());
  while (stats.source_sentences < sentences || stats.target_sentences < sentences) {
    std::iota(order.begin(), order.end(), std::size_t{0});
    shuffle(order, random);
    ++stats.passes;
    for (const std::size_t index : order) {
      const Document& document = documents[index];
      for (const std::string& line : document.source) (source += line) += '\n';
      for (const std::string& line : document.target) (target += line) += '\n';
      for (Bead bead : document.gold) {
        for (std::size_t& id : bead.source) id += stats.source_sentences;
        for (std::size_t& id : bead.target) id += stats.target_sentences;
        (gold += format_bead(bead)) += '\n';
      }
      stats.source_sentences += document.source.size();
      stats.target_sentences += document.target.size();
      stats.gold_beads += document.gold.size();
      ++stats.documents;
      if (stats.source_sentences >= sentences && stats.target_sentences >= sentences) break;
    }
  }
  write_file(folder / "book.ru", source);
  write_file(folder / "book.en", target);
  write_file(folder / "book.gold", gold);
  return stats;
}

// ------------------------------------------------------------------------- child process

fs::path find_quality_script(const BenchOptions& options) {
  fs::path script = options.quality_script;
  if (script.empty() || !fs::exists(script)) {
    throw OptionError("no align_quality.py at '" + script.string() +
                      "' (pass --quality-script PATH)");
  }
  return script;
}

fs::path scorer_path(const BenchOptions& options) {
  const fs::path scorer = fs::path(options.shared) / "tools" / "score_align.py";
  if (!fs::exists(scorer)) {
    throw InputError(std::string(kNoSharedData) + " (pass --shared DIR)", scorer.string());
  }
  return scorer;
}

// Runs align_quality.py on (gold, beads, tsv or "-") triples and returns its JSON.
nlohmann::json score(const BenchOptions& options, const std::vector<std::string>& triples,
                     const fs::path& work) {
  std::vector<std::string> argv = {"python3", find_quality_script(options).string(), "--scorer",
                                   scorer_path(options).string()};
  argv.insert(argv.end(), triples.begin(), triples.end());
  const fs::path out = work / "quality.json", err = work / "quality.err";
  const ChildRun run = run_child(argv, out, err, 600.0, 0.0);
  if (!run.ok()) throw Error("align_quality.py: " + describe(run, err));
  return nlohmann::json::parse(read_file(out));
}

std::vector<std::string> align_command(const std::string& tmalign, const GoldSet& set,
                                       const std::string& format, const fs::path& source,
                                       const fs::path& target) {
  return {tmalign,     "align",         "--src-lang",      set.source_lang,
          "--tgt-lang", set.target_lang, "--presegmented", "--format",
          format,      source.string(), target.string()};
}

double kb_to_mb(double kb) { return kb * 1024.0 / kBytesPerMb; }

// ------------------------------------------------------------------------------- timing

struct SizeResult {
  std::size_t requested = 0;
  BookStats book;
  std::vector<double> seconds;   // one per completed round
  std::vector<double> peak_mb;   // one per completed round
  std::string status = "ok";     // "ok", "timeout", "out of memory", "skipped ...", "failed ..."
  nlohmann::json quality;        // align_quality.py's figures for the last round's output
  double median_seconds() const { return seconds.empty() ? 0.0 : median_of(seconds); }
  double median_peak_mb() const { return peak_mb.empty() ? 0.0 : median_of(peak_mb); }
};

std::vector<SizeResult> run_timing(const BenchOptions& options, const fs::path& work) {
  const std::string tmalign = find_tmalign(options.tmalign, TMALIGN_CLI_PATH);
  const GoldSet& set = kGoldSets.front();  // ntrex-ruen
  std::vector<SizeResult> results;
  std::vector<std::size_t> sizes = options.sizes;
  if (sizes.empty()) sizes.push_back(options.sentences);
  bool give_up = false;  // a smaller book timed out or ran out of memory: larger ones would too
  for (const std::size_t size : sizes) {
    SizeResult& result = results.emplace_back();
    result.requested = size;
    if (give_up) {
      result.status = "skipped (a smaller book did not finish)";
      continue;
    }
    const fs::path folder = work / std::to_string(size);
    fs::create_directories(folder);
    {
      const std::vector<Document> documents = read_documents(options.shared, set);
      result.book = write_book(documents, size, options.seed, folder);
    }
    malloc_trim(0);  // the child starts as a copy of this process: keep it small
    const fs::path out = folder / "out.beads", err = folder / "out.err";
    const auto command =
        align_command(tmalign, set, "beads", folder / "book.ru", folder / "book.en");
    for (int round = 1; round <= options.rounds; ++round) {
      std::cerr << "align_bench: " << result.book.source_sentences << " x "
                << result.book.target_sentences << " sentences, round " << round << "/"
                << options.rounds << " ..." << std::flush;
      const ChildRun run = run_child(command, out, err, options.timeout, options.memory_limit);
      result.status = describe(run, err);
      std::cerr << ' ' << result.status << ", " << run.seconds << " s\n";
      if (!run.ok()) break;
      result.seconds.push_back(run.seconds);
      result.peak_mb.push_back(kb_to_mb(static_cast<double>(run.peak_rss_kb)));
    }
    if (result.status == "ok") {
      result.quality = score(options, {(folder / "book.gold").string(), out.string(), "-"}, folder);
    } else if (result.status == "timeout" || result.status == "out of memory") {
      give_up = true;
    }
  }
  return results;
}

void print_timing(const BenchOptions& options, const std::vector<SizeResult>& results) {
  std::printf(
      "align_bench: tmalign align on a shuffled NTREX ru-en book, %d round(s), medians "
      "(MB = 10^6 bytes)\n\n",
      options.rounds);
  std::printf("%9s %9s %9s %6s %10s %10s %10s %9s %9s %8s  %s\n", "requested", "ru sent.",
              "en sent.", "docs", "median s", "min s", "max s", "peak MB", "strict F1", "lax F1",
              "status");
  for (const SizeResult& r : results) {
    std::printf("%9zu %9zu %9zu %6zu", r.requested, r.book.source_sentences,
                r.book.target_sentences, r.book.documents);
    if (r.seconds.empty()) {
      std::printf(" %10s %10s %10s %9s %9s %8s", "-", "-", "-", "-", "-", "-");
    } else {
      const auto [lo, hi] = std::minmax_element(r.seconds.begin(), r.seconds.end());
      std::printf(" %10.2f %10.2f %10.2f %9.1f", r.median_seconds(), *lo, *hi, r.median_peak_mb());
      if (r.quality.is_object()) {
        std::printf(" %9.4f %8.4f", r.quality["f1_strict"].get<double>(),
                    r.quality["f1_lax"].get<double>());
      } else {
        std::printf(" %9s %8s", "-", "-");
      }
    }
    std::printf("  %s\n", r.status.c_str());
  }
  // Growth: time(n) / time(first n), and the exponent k of time ~ n^k between the two.
  for (std::size_t i = 1; i < results.size(); ++i) {
    const SizeResult &a = results.front(), &b = results[i];
    if (a.seconds.empty() || b.seconds.empty()) continue;
    const double ratio = b.median_seconds() / a.median_seconds();
    const double size_ratio = static_cast<double>(b.book.source_sentences) /
                              static_cast<double>(a.book.source_sentences);
    std::printf("\ntime(%zu) / time(%zu) = %.2f for %.2fx the sentences (time ~ n^%.2f)",
                b.requested, a.requested, ratio, size_ratio, std::log(ratio) / std::log(size_ratio));
  }
  std::printf("\n");
}

nlohmann::json timing_json(const BenchOptions& options, const std::vector<SizeResult>& results) {
  nlohmann::json out = {{"rounds", options.rounds}, {"seed", options.seed},
                        {"timeout_s", options.timeout}, {"memory_limit_mb", options.memory_limit},
                        {"sizes", nlohmann::json::array()}};
  for (const SizeResult& r : results) {
    nlohmann::json size = {{"requested", r.requested},
                           {"source_sentences", r.book.source_sentences},
                           {"target_sentences", r.book.target_sentences},
                           {"documents", r.book.documents},
                           {"passes", r.book.passes},
                           {"gold_beads", r.book.gold_beads},
                           {"status", r.status},
                           {"seconds", r.seconds},
                           {"peak_rss_mb", r.peak_mb},
                           {"median_seconds", nullptr},
                           {"median_peak_rss_mb", nullptr},
                           {"quality", r.quality}};
    if (!r.seconds.empty()) {
      size["median_seconds"] = r.median_seconds();
      size["median_peak_rss_mb"] = r.median_peak_mb();
    }
    out["sizes"].push_back(std::move(size));
  }
  return out;
}

// ------------------------------------------------------------------------------ quality

struct SetResult {
  GoldSet set;
  std::size_t documents = 0;
  double seconds = 0.0;  // the beads runs' wall time, summed
  nlohmann::json quality;
};

std::vector<SetResult> run_quality(const BenchOptions& options, const fs::path& work) {
  const std::string tmalign = find_tmalign(options.tmalign, TMALIGN_CLI_PATH);
  std::vector<SetResult> results;
  for (const GoldSet& set : kGoldSets) {
    SetResult& result = results.emplace_back();
    result.set = set;
    const fs::path folder = set_folder(options.shared, set);
    const fs::path out_folder = work / set.name;
    fs::create_directories(out_folder);
    std::vector<std::string> triples;
    std::cerr << "align_bench: " << set.name << " ..." << std::flush;
    for (const std::string& stem : document_stems(folder)) {
      const fs::path source = folder / (stem + "." + set.source_lang);
      const fs::path target = folder / (stem + "." + set.target_lang);
      const fs::path beads = out_folder / (stem + ".beads"), tsv = out_folder / (stem + ".tsv");
      const fs::path err = out_folder / (stem + ".err");
      for (const std::string format : {"beads", "tsv"}) {
        const ChildRun run = run_child(align_command(tmalign, set, format, source, target),
                                       format == "beads" ? beads : tsv, err, options.timeout,
                                       options.memory_limit);
        if (!run.ok()) {
          throw Error("tmalign align on " + source.string() + ": " + describe(run, err));
        }
        if (format == "beads") result.seconds += run.seconds;
      }
      triples.insert(triples.end(),
                     {(folder / (stem + ".gold")).string(), beads.string(), tsv.string()});
      ++result.documents;
    }
    std::cerr << " " << result.documents << " documents\n";
    result.quality = score(options, triples, out_folder);
  }
  return results;
}

void print_quality(const std::vector<SetResult>& results) {
  std::printf("align_bench --quality: tmalign align on each document of the shared gold sets\n\n");
  std::printf("%-14s %-6s %5s %8s %8s %9s %8s %7s %9s %9s\n", "set", "pair", "docs", "strict P",
              "strict R", "strict F1", "lax F1", "AUC", "right/all", "align s");
  for (const SetResult& r : results) {
    const nlohmann::json& q = r.quality;
    const std::string pair = r.set.source_lang + "-" + r.set.target_lang;
    const std::string beads = std::to_string(q["right_beads"].get<long>()) + "/" +
                              std::to_string(q["scored_beads"].get<long>());
    std::printf("%-14s %-6s %5zu %8.4f %8.4f %9.4f %8.4f", r.set.name.c_str(), pair.c_str(),
                r.documents, q["precision_strict"].get<double>(), q["recall_strict"].get<double>(),
                q["f1_strict"].get<double>(), q["f1_lax"].get<double>());
    if (q["auc"].is_null()) {
      std::printf(" %7s", "-");
    } else {
      std::printf(" %7.4f", q["auc"].get<double>());
    }
    std::printf(" %9s %9.2f\n", beads.c_str(), r.seconds);
  }
  std::printf(
      "\nAUC: beads with both sides; right = exactly a gold bead; P(a right bead's confidence > a "
      "wrong one's), ties 1/2\n");
}

nlohmann::json quality_json(const std::vector<SetResult>& results) {
  nlohmann::json sets = nlohmann::json::array();
  for (const SetResult& r : results) {
    sets.push_back({{"set", r.set.name},
                    {"source_lang", r.set.source_lang},
                    {"target_lang", r.set.target_lang},
                    {"documents", r.documents},
                    {"align_seconds", r.seconds},
                    {"quality", r.quality}});
  }
  return {{"quality", sets}};
}

// -------------------------------------------------------------------------------- main

// Throws InputError naming the first shared file or folder the bench needs that is missing.
void check_shared_data(const BenchOptions& options) {
  const fs::path shared = options.shared;
  std::vector<fs::path> needed = {shared / "tools" / "score_align.py",
                                  set_folder(shared, kGoldSets.front())};
  if (options.quality) {
    for (const GoldSet& set : kGoldSets) needed.push_back(set_folder(shared, set));
  }
  for (const fs::path& path : needed) {
    if (!fs::exists(path)) {
      throw InputError(std::string(kNoSharedData) + " (pass --shared DIR)", path.string());
    }
  }
}

int run(const BenchOptions& options) {
  check_shared_data(options);
  std::optional<TempDir> temporary;
  fs::path work = options.keep;
  if (work.empty()) {
    temporary.emplace("align_bench");
    work = temporary->path();
  } else {
    fs::create_directories(work);
  }
  if (options.quality) {
    const std::vector<SetResult> results = run_quality(options, work);
    if (options.json) {
      std::cout << quality_json(results).dump() << '\n';
    } else {
      print_quality(results);
    }
    return 0;
  }
  const std::vector<SizeResult> results = run_timing(options, work);
  if (options.json) {
    std::cout << timing_json(options, results).dump() << '\n';
  } else {
    print_timing(options, results);
  }
  // A timeout or an exhausted memory cap is a measurement; any other failure fails the bench.
  for (const SizeResult& r : results) {
    if (r.status.starts_with("failed") || r.status.starts_with("killed")) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace tmalign::bench

int main(int argc, char** argv) {
  tmalign::bench::BenchOptions options;
  CLI::App app{"Wall time, peak memory and quality of `tmalign align` (the CLI, in a child process)"};
  app.add_option("--shared", options.shared, "The shared data folder")->capture_default_str();
  app.add_option("--tmalign", options.tmalign,
                 "The tmalign binary (default: the one built beside this program)");
  app.add_option("--quality-script", options.quality_script, "bench/align_quality.py")
      ->capture_default_str();
  app.add_option("--sentences", options.sentences, "Book size: at least N sentences a side")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  app.add_option("--sizes", options.sizes,
                 "Several book sizes, e.g. 100000,200000 (instead of --sentences); the time ratio "
                 "to the first is printed")
      ->delimiter(',')
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  app.add_option("--rounds", options.rounds, "Timed runs per size (the median is reported)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--timeout", options.timeout, "Seconds before a run is killed (\"timeout\")")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 1e6));
  app.add_option("--memory-limit", options.memory_limit,
                 "Cap on the child's address space, MB (10^6 bytes); 0: none")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  app.add_option("--seed", options.seed, "Seed of the document shuffle")->capture_default_str();
  app.add_option("--keep", options.keep,
                 "Write books and outputs into DIR/<size>/ (or DIR/<set>/ with --quality) and keep "
                 "them");
  app.add_flag("--quality", options.quality,
               "Score every shared gold set (strict/lax F1, confidence AUC) instead of timing a "
               "book");
  app.add_flag("--json", options.json, "Print one JSON line instead of the table");
  return tmalign::bench::parse_and_run(app, argc, argv, "align_bench",
                                       [&] { return tmalign::bench::run(options); });
}
