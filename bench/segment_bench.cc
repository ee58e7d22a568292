// segment_bench: throughput and peak memory of tmalign::Segmenter against ICU's plain sentence
// BreakIterator, on the same text, in one run (issue 3, "bench/segment"). docs/benchmarks.md says
// what is measured and how, and keeps the figures.
//
// Text: Russian news (the T-lines of ru_news_wmt18.cases and the Russian side of NTREX) and English
// (the English side of NTREX and the T-lines of en_golden_rules.cases) from the shared data, one
// paragraph per case or document, paragraphs separated by a blank line, cycled until the text holds
// at least --mb MB (1 MB = 10^6 bytes). The same options always build the same bytes.
//
// Throughput: both contenders segment the whole text --rounds times, interleaved (the order flips
// every round), and the median MB/s is reported with the ratio tmalign / ICU.
// Peak memory: each contender runs once in its own child process (fork) on --mb and on 2 x --mb
// MB. The child builds its text, returns freed heap to the system, notes VmRSS, resets the peak
// (writing 5 to /proc/self/clear_refs), runs, and reports VmHWM, so a figure holds one contender
// and its input, nothing else.
//
//   segment_bench                       # 20 MB of ru and of en, 5 rounds, a table
//   segment_bench --mb 1 --rounds 1 --json
#include <malloc.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "bench_support.h"
#include "tmalign/core/error.h"
#include "tmalign/core/text.h"
#include "tmalign/segment/segment_stream.h"
#include "tmalign/segment/segmenter.h"

#ifndef TMALIGN_SHARED_DIR
#define TMALIGN_SHARED_DIR "../shared"
#endif

namespace tmalign::bench {
namespace {

namespace fs = std::filesystem;

constexpr double kBytesPerMb = 1e6;

// Printed when the shared data is missing; the ctest smoke test skips on it.

struct BenchOptions {
  std::string shared = TMALIGN_SHARED_DIR;  // the shared folder (data/segmentation, data/alignment)
  double mb = 20.0;                         // text size per language, in MB (10^6 bytes)
  int rounds = 5;                           // timed runs of each contender per language
  std::vector<std::string> languages = {"ru", "en"};  // "ru" and/or "en"
  bool memory = true;                                 // also measure peak memory (forks children)
  bool json = false;                                  // print JSON instead of a table
};

// ------------------------------------------------------------------------------------- text

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::string(kNoSharedData) + " (pass --shared DIR)", path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The texts of a .cases file (its T-lines, with \n and \t unescaped as score_seg.py does).
std::vector<std::string> case_texts(const fs::path& path) {
  std::vector<std::string> texts;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("T\t")) continue;
    std::string text;
    for (std::size_t i = 2; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && (line[i + 1] == 'n' || line[i + 1] == 't')) {
        text += line[++i] == 'n' ? '\n' : '\t';
      } else {
        text += line[i];
      }
    }
    texts.push_back(std::move(text));
  }
  if (texts.empty()) throw InputError("no T-lines (texts) in the case file", path.string());
  return texts;
}

// One paragraph per NTREX document of the language ("ru" or "en"): its sentences (one a line)
// joined by a space. Documents in file-name order.
std::vector<std::string> ntrex_documents(const fs::path& folder, const std::string& language) {
  if (!fs::is_directory(folder)) {
    throw InputError(std::string(kNoSharedData) + " (pass --shared DIR)", folder.string());
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.path().extension() == "." + language) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> documents;
  for (const fs::path& file : files) {
    std::istringstream in(read_file(file));
    std::string document;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      if (!document.empty()) document += ' ';
      document += line;
    }
    if (!document.empty()) documents.push_back(std::move(document));
  }
  if (documents.empty()) throw InputError("no *." + language + " documents", folder.string());
  return documents;
}

// At least `mb` MB of `language` text: the paragraphs, cycled, separated by blank lines, ending at
// the first paragraph end past the size. Valid UTF-8 (checked).
std::string build_text(const fs::path& shared, const std::string& language, double mb) {
  const fs::path segmentation = shared / "data" / "segmentation";
  const fs::path ntrex = shared / "data" / "alignment" / "ntrex-ruen";
  std::vector<std::string> paragraphs;
  if (language == "ru") {
    paragraphs = case_texts(segmentation / "ru_news_wmt18.cases");
    for (std::string& document : ntrex_documents(ntrex, "ru")) paragraphs.push_back(document);
  } else {
    paragraphs = ntrex_documents(ntrex, "en");
    for (std::string& text : case_texts(segmentation / "en_golden_rules.cases")) {
      paragraphs.push_back(text);
    }
  }
  const auto target = static_cast<std::size_t>(mb * kBytesPerMb);
  std::size_t longest = 0;
  for (const std::string& paragraph : paragraphs) longest = std::max(longest, paragraph.size());
  std::string text;
  text.reserve(target + longest + 2);  // one allocation: no freed blocks left behind
  for (std::size_t i = 0; text.size() < target; i = (i + 1) % paragraphs.size()) {
    if (!text.empty()) text += "\n\n";
    text += paragraphs[i];
  }
  text += '\n';
  check_text(text, "built " + language + " text");
  return text;
}

// ------------------------------------------------------------------------------ contenders

// One way to segment a text; run() returns how many segments it found.
struct Contender {
  std::string name;
  std::function<std::size_t(std::string_view)> run;
};

void check_icu(UErrorCode status, const std::string& what) {
  if (U_FAILURE(status)) throw Error("ICU failed to " + what + ": " + u_errorName(status));
}

// ICU's plain sentence BreakIterator for a language (no suppressions, no tailoring): the baseline
// every segmenter is compared with. Iterates all boundaries of the UTF-8 text through a UText, so
// it copies nothing; counts the segments.
class IcuPlain {
 public:
  explicit IcuPlain(const std::string& language) {
    UErrorCode status = U_ZERO_ERROR;
    iterator_.reset(
        icu::BreakIterator::createSentenceInstance(icu::Locale(language.c_str()), status));
    check_icu(status, "create a sentence BreakIterator for " + language);
  }

  std::size_t count(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    UText* utext = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    check_icu(status, "open the text as UText");
    iterator_->setText(utext, status);
    check_icu(status, "set the BreakIterator's text");
    std::size_t segments = 0;
    for (int32_t b = iterator_->next(); b != icu::BreakIterator::DONE; b = iterator_->next()) {
      ++segments;
    }
    utext_close(utext);
    return segments;
  }

 private:
  std::unique_ptr<icu::BreakIterator> iterator_;
};

constexpr const char* kContenderNames[] = {"tmalign", "ICU plain", "tmalign whole"};

// The contenders for a language, in kContenderNames order, built before (and not timed with) a
// run. "tmalign" is what `tmalign segment` runs: a SegmentStream fed 64 KiB pieces, the sentences
// counted and dropped as they come. "tmalign whole" is Segmenter::segment() on the whole text,
// which keeps every sentence.
std::vector<Contender> contenders(const std::string& language) {
  auto segmenter = std::make_shared<Segmenter>(SegmenterOptions{.language = language});
  auto icu = std::make_shared<IcuPlain>(language);
  const auto streamed = [segmenter](std::string_view text) {
    constexpr std::size_t kPiece = std::size_t{1} << 16;
    SegmentStream stream(*segmenter);
    std::size_t sentences = 0;
    for (std::size_t at = 0; at < text.size(); at += kPiece)
      sentences += stream.feed(text.substr(at, kPiece)).size();
    return sentences + stream.finish().size();
  };
  return {
      {kContenderNames[0], streamed},
      {kContenderNames[1], [icu](std::string_view text) { return icu->count(text); }},
      {kContenderNames[2],
       [segmenter](std::string_view text) { return segmenter->segment(text).size(); }},
  };
}

// ---------------------------------------------------------------------------- throughput

struct Throughput {
  std::string contender;
  std::vector<double> mb_per_s;  // one per round, in round order
  std::size_t segments = 0;      // segments found (the same every round)
  double median = 0.0;
};

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

std::vector<Throughput> measure_throughput(const std::string& language, const std::string& text,
                                           int rounds) {
  std::vector<Contender> runners = contenders(language);
  std::vector<Throughput> results(runners.size());
  for (std::size_t c = 0; c < runners.size(); ++c) results[c].contender = runners[c].name;
  const double mb = static_cast<double>(text.size()) / kBytesPerMb;
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t k = 0; k < runners.size(); ++k) {
      const std::size_t c = round % 2 == 0 ? k : runners.size() - 1 - k;  // flip the order
      const auto start = std::chrono::steady_clock::now();
      const std::size_t segments = runners[c].run(text);
      const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
      if (segments == 0) {
        throw Error(runners[c].name + " found no segment in the " + language + " text");
      }
      results[c].segments = segments;
      results[c].mb_per_s.push_back(mb / seconds.count());
    }
  }
  for (Throughput& result : results) result.median = median_of(result.mb_per_s);
  return results;
}

// -------------------------------------------------------------------------------- memory

struct Memory {
  std::string contender;
  double mb = 0.0;       // input size, MB
  long text_rss_kb = 0;  // VmRSS with the text built and the contender constructed
  long peak_rss_kb = 0;  // VmHWM during the run (reset just before it)
};

// A "VmRSS" or "VmHWM" figure of this process, in kB; -1 when /proc says nothing.
long proc_status_kb(const std::string& field) {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

// Runs contender `index` once on `mb` MB of text in a child process; the child reports its RSS
// before the run and its peak during it through a pipe.
Memory measure_memory(const BenchOptions& options, const std::string& language, std::size_t index,
                      double mb) {
  int fds[2];
  if (pipe(fds) != 0) throw Error("pipe() failed");
  std::cout.flush();
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) throw Error("fork() failed");
  if (pid == 0) {
    close(fds[0]);
    int code = 0;
    long before = -1, peak = -1;
    try {
      const std::string text = build_text(options.shared, language, mb);
      const std::vector<Contender> runners = contenders(language);
      malloc_trim(0);  // give back what building the text freed, so "before" holds no free blocks
      before = proc_status_kb("VmRSS");
      std::ofstream("/proc/self/clear_refs") << "5";  // reset VmHWM to the current RSS
      if (proc_status_kb("VmHWM") > before + 1024) throw Error("cannot reset the peak RSS");
      runners[index].run(text);
      peak = proc_status_kb("VmHWM");
    } catch (const std::exception& error) {
      std::cerr << "segment_bench: " << error.what() << '\n';
      code = 1;
    }
    const long report[2] = {before, peak};
    const bool written =
        write(fds[1], report, sizeof report) == static_cast<ssize_t>(sizeof report);
    _exit(written ? code : 1);
  }
  close(fds[1]);
  long report[2] = {-1, -1};
  const bool complete = read(fds[0], report, sizeof report) == static_cast<ssize_t>(sizeof report);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!complete || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw Error("the memory measurement of contender " + std::to_string(index) + " on " + language +
                " failed");
  }
  return {kContenderNames[index], mb, report[0], report[1]};
}

// ---------------------------------------------------------------------------------- report

struct LanguageResult {
  std::string language;
  std::size_t bytes = 0;
  std::vector<Throughput> throughput;
  std::vector<Memory> memory;
};

double ratio(const LanguageResult& result) {
  return result.throughput[0].median / result.throughput[1].median;  // tmalign / ICU plain
}

double kb_to_mb(long kb) { return static_cast<double>(kb) * 1024.0 / kBytesPerMb; }

void print_table(const BenchOptions& options, const std::vector<LanguageResult>& results) {
  std::printf("segment_bench: %.1f MB per language, %d rounds, median MB/s (1 MB = 10^6 bytes)\n\n",
              options.mb, options.rounds);
  std::printf("%-4s %-13s %10s %10s %10s %12s %14s\n", "lang", "contender", "MB/s", "min", "max",
              "segments", "tmalign/ICU");
  for (const LanguageResult& result : results) {
    for (const Throughput& t : result.throughput) {
      const auto [lo, hi] = std::minmax_element(t.mb_per_s.begin(), t.mb_per_s.end());
      std::printf("%-4s %-13s %10.2f %10.2f %10.2f %12zu", result.language.c_str(),
                  t.contender.c_str(), t.median, *lo, *hi, t.segments);
      if (&t == &result.throughput.front()) std::printf(" %14.2f", ratio(result));
      std::printf("\n");
    }
  }
  if (!options.memory) return;
  std::printf("\npeak memory, each run alone in a child process (MB)\n\n");
  std::printf("%-4s %-13s %8s %12s %10s %14s\n", "lang", "contender", "input", "RSS before",
              "peak RSS", "peak - before");
  for (const LanguageResult& result : results) {
    for (const Memory& m : result.memory) {
      std::printf("%-4s %-13s %8.1f %12.1f %10.1f %14.1f\n", result.language.c_str(),
                  m.contender.c_str(), m.mb, kb_to_mb(m.text_rss_kb), kb_to_mb(m.peak_rss_kb),
                  kb_to_mb(m.peak_rss_kb - m.text_rss_kb));
    }
  }
}

void print_json(const BenchOptions& options, const std::vector<LanguageResult>& results) {
  nlohmann::json out = {
      {"mb", options.mb}, {"rounds", options.rounds}, {"languages", nlohmann::json::array()}};
  for (const LanguageResult& result : results) {
    nlohmann::json language = {{"language", result.language},
                               {"bytes", result.bytes},
                               {"ratio_tmalign_icu", ratio(result)},
                               {"throughput", nlohmann::json::array()},
                               {"memory", nlohmann::json::array()}};
    for (const Throughput& t : result.throughput) {
      language["throughput"].push_back({{"contender", t.contender},
                                        {"median_mb_per_s", t.median},
                                        {"mb_per_s", t.mb_per_s},
                                        {"segments", t.segments}});
    }
    for (const Memory& m : result.memory) {
      language["memory"].push_back({{"contender", m.contender},
                                    {"input_mb", m.mb},
                                    {"rss_before_kb", m.text_rss_kb},
                                    {"peak_rss_kb", m.peak_rss_kb}});
    }
    out["languages"].push_back(std::move(language));
  }
  std::cout << out.dump(2) << '\n';
}

// Throws InputError naming the first shared file or folder the texts need that is missing.
void check_shared_data(const fs::path& shared) {
  for (const fs::path& needed : {shared / "data" / "segmentation" / "ru_news_wmt18.cases",
                                 shared / "data" / "segmentation" / "en_golden_rules.cases",
                                 shared / "data" / "alignment" / "ntrex-ruen"}) {
    if (!fs::exists(needed)) {
      throw InputError(std::string(kNoSharedData) + " (pass --shared DIR)", needed.string());
    }
  }
}

int run(const BenchOptions& options) {
  check_shared_data(options.shared);
  std::vector<LanguageResult> results;
  // Memory first, while this process holds no text that the children would inherit.
  for (const std::string& language : options.languages) {
    LanguageResult& result = results.emplace_back();
    result.language = language;
    if (!options.memory) continue;
    for (const double factor : {1.0, 2.0}) {
      for (std::size_t index = 0; index < std::size(kContenderNames); ++index) {
        result.memory.push_back(measure_memory(options, language, index, factor * options.mb));
      }
    }
  }
  for (LanguageResult& result : results) {
    const std::string text = build_text(options.shared, result.language, options.mb);
    result.bytes = text.size();
    result.throughput = measure_throughput(result.language, text, options.rounds);
  }
  if (options.json) {
    print_json(options, results);
  } else {
    print_table(options, results);
  }
  return 0;
}

}  // namespace
}  // namespace tmalign::bench

int main(int argc, char** argv) {
  tmalign::bench::BenchOptions options;
  CLI::App app{
      "Segmenter throughput and peak memory, tmalign against ICU's plain sentence iterator"};
  app.add_option("--shared", options.shared, "The shared data folder")->capture_default_str();
  app.add_option("--mb", options.mb, "Text size per language, MB (10^6 bytes)")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 1000.0));
  app.add_option("--rounds", options.rounds, "Timed runs of each contender per language")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--lang", options.languages, "Languages to measure")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::IsMember({"ru", "en"}));
  app.add_flag("!--no-memory", options.memory, "Skip the peak-memory measurements");
  app.add_flag("--json", options.json, "Print JSON instead of a table");
  return tmalign::bench::parse_and_run(app, argc, argv, "segment_bench",
                                       [&] { return tmalign::bench::run(options); });
}
