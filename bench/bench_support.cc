#include "bench_support.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "tmalign/core/error.h"

extern char** environ;

namespace tmalign::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int parse_and_run(CLI::App& app, int argc, char** argv, const std::string& name,
                  const std::function<int()>& run) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  try {
    return run();
  } catch (const std::exception& error) {
    std::cerr << name << ": " << error.what() << '\n';
    return 1;
  }
}

namespace {

// How often run_child() reads the child's peak resident memory.
constexpr std::chrono::milliseconds kPeakPoll{20};

// The peak resident memory of process `pid` so far (VmHWM in /proc/PID/status), in KiB; 0 when
// it cannot be read (the process has exited).
long peak_rss_of(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return 0;
}

}  // namespace

ChildRun run_child(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
                   double timeout, double memory_limit_mb) {
  for (const fs::path& file : {out, err}) {
    std::ofstream probe(file, std::ios::trunc);
    if (!probe) throw InputError(std::string("cannot write: ") + std::strerror(errno), file);
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);

  sigset_t child_signal, old_mask;
  sigemptyset(&child_signal);
  sigaddset(&child_signal, SIGCHLD);
  sigprocmask(SIG_BLOCK, &child_signal, &old_mask);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setsigmask(&attributes, &old_mask);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);

  // The child inherits the address-space cap at exec; this process is suspended until then (vfork)
  // and restores its own limit right after.
  rlimit own_limit{};
  getrlimit(RLIMIT_AS, &own_limit);
  if (memory_limit_mb > 0) {
    const auto bytes = static_cast<rlim_t>(memory_limit_mb * kBytesPerMb);
    const rlimit limit{bytes, own_limit.rlim_max};
    setrlimit(RLIMIT_AS, &limit);
  }
  std::cout.flush();
  std::fflush(stdout);
  const auto start = Clock::now();
  rusage own{};
  getrusage(RUSAGE_SELF, &own);
  const long own_peak_kb = own.ru_maxrss;
  pid_t pid = 0;
  const int spawn_error = posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), environ);
  if (memory_limit_mb > 0) setrlimit(RLIMIT_AS, &own_limit);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawn_error != 0) {
    sigprocmask(SIG_SETMASK, &old_mask, nullptr);
    throw Error("cannot run " + argv[0] + ": " + std::strerror(spawn_error));
  }

  ChildRun run;
  int status = 0;
  rusage usage{};
  long polled_peak_kb = 0;
  int polls = 0;  // readings of the child's VmHWM after the one right after the spawn
  const auto deadline = start + std::chrono::duration<double>(timeout);
  for (;;) {
    const long peak_kb = peak_rss_of(pid);
    if (peak_kb > 0 && polled_peak_kb > 0) ++polls;
    polled_peak_kb = std::max(polled_peak_kb, peak_kb);
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    const auto now = Clock::now();
    if (now >= deadline) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      run.timed_out = true;
      break;
    }
    const auto left = std::min<std::chrono::nanoseconds>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - now), kPeakPoll);
    timespec wait_for{};
    wait_for.tv_sec = static_cast<time_t>(left.count() / 1000000000);
    wait_for.tv_nsec = static_cast<long>(left.count() % 1000000000);
    sigtimedwait(&child_signal, nullptr, &wait_for);  // SIGCHLD, a timeout, or EINTR: look again
  }
  run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  sigprocmask(SIG_SETMASK, &old_mask, nullptr);
  // The child's ru_maxrss also counts the address space it shared with this process until its
  // exec (posix_spawn clones it, vfork-like; Linux keeps the larger high-water mark across the
  // exec): a bench holding gigabytes of generated data saw those gigabytes. When ru_maxrss is
  // above this process's own peak it is the child's; otherwise the child's VmHWM after its exec,
  // read every kPeakPoll (growth in its last kPeakPoll is missed), is the figure, unless the
  // child ended before a second reading: then it is unknown (0).
  run.peak_rss_kb = usage.ru_maxrss > own_peak_kb ? usage.ru_maxrss
                    : polls > 0                   ? polled_peak_kb
                                                  : 0;
  if (!run.timed_out) {
    if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  }
  return run;
}

std::string describe(const ChildRun& run, const fs::path& err) {
  if (run.timed_out) return "timeout";
  if (run.signal != 0) return std::string("killed by signal ") + strsignal(run.signal);
  if (run.exit_code == 0) return "ok";
  std::ifstream in(err);
  std::string message;
  std::getline(in, message);
  if (message.find("bad_alloc") != std::string::npos) return "out of memory";
  return "failed (exit " + std::to_string(run.exit_code) + ")" +
         (message.empty() ? std::string() : ": " + message);
}

std::string find_tmalign(const std::string& given, const std::string& built) {
  if (!given.empty()) return given;
  std::vector<fs::path> candidates;
  if (!built.empty()) candidates.emplace_back(built);
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) candidates.push_back(self.parent_path().parent_path() / "src" / "cli" / "tmalign");
  for (const fs::path& candidate : candidates)
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  throw OptionError("no tmalign binary found beside the bench (pass --tmalign PATH)");
}

std::string read_file(const fs::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(what, path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> document_stems(const fs::path& folder) {
  if (!fs::is_directory(folder))
    throw InputError(std::string(kNoSharedData) + " (pass --shared DIR)", folder.string());
  std::vector<std::string> stems;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".gold") stems.push_back(entry.path().stem().string());
  std::sort(stems.begin(), stems.end());
  if (stems.empty()) throw InputError("no *.gold files", folder.string());
  return stems;
}

TempDir::TempDir(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + ".XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr)
    throw Error("cannot create a temporary folder " + pattern + ": " + std::strerror(errno));
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::uint64_t uniform_below(std::mt19937_64& random, std::uint64_t n) {
  const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
  for (;;) {
    const std::uint64_t x = random();
    if (x >= threshold) return x % n;
  }
}

double median_of(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

}  // namespace tmalign::bench
