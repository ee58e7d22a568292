// What the benchmarks share: child processes timed with their peak memory, temporary folders,
// deterministic random draws, medians, and finding the tmalign binary of the same build.
#pragma once

#include <cstdint>
#include <functional>
#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace tmalign::bench {

/// Parses the command line into `app`'s options and calls `run`: 0 after --help, 2 on a bad command
/// line (as tmalign), 1 with one line "NAME: what" when `run` throws.
int parse_and_run(CLI::App& app, int argc, char** argv, const std::string& name,
                  const std::function<int()>& run);

inline constexpr double kBytesPerMb = 1e6;  // MB in the benches' tables are 10^6 bytes

/// How a child process ended.
struct ChildRun {
  double seconds = 0.0;  // wall time from the spawn to the child's end
  long peak_rss_kb = 0;  // the child's peak resident memory after its exec; 0 = unknown
  bool timed_out = false;
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it (other than our own kill at the timeout)
  bool ok() const { return !timed_out && exit_code == 0; }
};

/// Runs `argv` (argv[0] looked up in PATH when it has no slash) with standard input from
/// /dev/null, its standard output into `out` and its standard error into `err`, killing it after
/// `timeout` seconds; its address space is capped at `memory_limit_mb` (0: no cap). posix_spawn
/// (a vfork in glibc) rather than fork: the bench may hold gigabytes, and copying its page tables
/// would add to a short child's wall time. The clock runs from just before the spawn to the moment
/// the child's end is signalled (SIGCHLD, awaited with sigtimedwait: no polling delay).
/// Throws Error when the program cannot be started, InputError when `out` or `err` cannot be
/// written. Not thread-safe (it blocks SIGCHLD and sets RLIMIT_AS around the spawn).
ChildRun run_child(const std::vector<std::string>& argv, const std::filesystem::path& out,
                   const std::filesystem::path& err, double timeout, double memory_limit_mb = 0);

/// What went wrong with a run, in a few words: "ok", "timeout", "out of memory" (std::bad_alloc
/// on its standard error), "killed by signal ...", "failed (exit N): first line of `err`".
std::string describe(const ChildRun& run, const std::filesystem::path& err);

/// The tmalign binary: `given` when not empty, else the one of the same build (`built`, a path
/// CMake passes), else ../src/cli/tmalign beside this program's folder (the build tree's layout).
/// Throws OptionError when none is executable.
std::string find_tmalign(const std::string& given, const std::string& built);

/// The whole file; InputError naming it (with `what`) when it cannot be read.
std::string read_file(const std::filesystem::path& path, const std::string& what = "cannot read");

/// The message a bench gives (and its ctest smoke test looks for) when ../shared is missing.
inline constexpr const char* kNoSharedData = "shared data not found";

/// The names without extension of the *.gold files of a gold-set folder, sorted; InputError with
/// kNoSharedData when the folder is missing, and when it holds no *.gold file.
std::vector<std::string> document_stems(const std::filesystem::path& folder);

/// A temporary folder, removed with everything in it when this goes out of scope (RAII).
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);  // e.g. "align_bench": /tmp/align_bench.XXXXXX
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A uniform integer in [0, n), n > 0, by rejection (x % n is unbiased for x >= 2^64 mod n):
/// std::uniform_int_distribution is not specified bit for bit, this is.
std::uint64_t uniform_below(std::mt19937_64& random, std::uint64_t n);

/// Fisher-Yates (Knuth, TAOCP vol. 2, algorithm 3.4.2 P) over uniform_below: the same order with
/// every standard library.
template <class T>
void shuffle(std::vector<T>& items, std::mt19937_64& random) {
  for (std::size_t i = items.size(); i > 1; --i)
    std::swap(items[i - 1], items[static_cast<std::size_t>(uniform_below(random, i))]);
}

/// The median (the mean of the two middle values for an even count); 0 for none.
double median_of(std::vector<double> values);

}  // namespace tmalign::bench
