// The CLI's progress bar: a line redrawn in place with a carriage return, by a thread of its own so
// that it moves on (spinner, time elapsed) also while the library works without reporting.
#include "progress.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <thread>
#include <utility>

#include <sys/ioctl.h>
#include <unistd.h>

namespace tmalign::cli {
namespace {

using Clock = std::chrono::steady_clock;

// ECMA-48: CR goes to the line's first column, EL (erase in line, CSI K) erases to its end.
constexpr std::string_view kEraseLine = "\r\x1b[K";
constexpr std::size_t kMaxBarWidth = 40;
constexpr std::size_t kMinBarWidth = 10;
constexpr std::size_t kDefaultWidth = 80;

// Appends the pieces to `out` (building lines by appending also keeps GCC 12 from a false
// -Wrestrict warning on "literal" + std::string).
void append(std::string& out, std::initializer_list<std::string_view> pieces) {
  for (const std::string_view piece : pieces) out.append(piece);
}

std::string printf_string(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// A byte count in the unit that suits `scale` (so that "12.3/287.0 MB" share one unit).
struct ByteUnit {
  double divisor;
  const char* name;
};
ByteUnit byte_unit(double scale) {
  if (scale >= 1e9) return {1e9, "GB"};
  if (scale >= 1e6) return {1e6, "MB"};
  if (scale >= 1e3) return {1e3, "kB"};
  return {1, "B"};
}
std::string bytes_in(double bytes, ByteUnit unit) {
  return unit.divisor == 1 ? printf_string("%.0f", bytes)
                           : printf_string("%.1f", bytes / unit.divisor);
}

std::string rate_text(double per_second, ProgressUnit unit) {
  if (unit == ProgressUnit::Bytes) {
    const ByteUnit u = byte_unit(per_second);
    std::string text = bytes_in(per_second, u);
    append(text, {" ", u.name, "/s"});
    return text;
  }
  if (per_second >= 1e6) return printf_string("%.1fM/s", per_second / 1e6);
  if (per_second >= 1e4) return printf_string("%.0fk/s", per_second / 1e3);
  if (per_second >= 1e3) return printf_string("%.1fk/s", per_second / 1e3);
  if (per_second >= 10) return printf_string("%.0f/s", per_second);
  return printf_string("%.1f/s", per_second);
}

// m:ss, or h:mm:ss from an hour on.
std::string duration_text(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::max(0.0, std::round(seconds)));
  char buffer[48];
  if (s >= 3600)
    std::snprintf(buffer, sizeof buffer, "%llu:%02llu:%02llu",
                  static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s / 60 % 60),
                  static_cast<unsigned long long>(s % 60));
  else
    std::snprintf(buffer, sizeof buffer, "%llu:%02llu", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  return buffer;
}

// Terminal columns of UTF-8 text, counted as code points (the labels are short and Latin or
// Cyrillic, one column a character).
std::size_t columns(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// The first `width` columns of `text`, never cutting a UTF-8 sequence.
std::string first_columns(std::string_view text, std::size_t width) {
  std::size_t seen = 0, end = 0;
  for (; end < text.size(); ++end) {
    if ((static_cast<unsigned char>(text[end]) & 0xC0) != 0x80) {
      if (seen == width) break;
      ++seen;
    }
  }
  return std::string(text.substr(0, end));
}

std::size_t terminal_width(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return kDefaultWidth;
}

// Writes all of `text` (a terminal may take it in parts); errors are ignored: a progress bar that
// cannot be drawn must not stop the work.
void write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

std::string progress_line(std::string_view label, std::uint64_t done, std::uint64_t total,
                          double seconds, ProgressUnit unit, std::size_t width, std::size_t tick) {
  const std::size_t room = width > 0 ? width - 1 : 0;
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  std::string stats;
  std::string bar;
  if (total > 0) {
    const std::uint64_t shown = std::min(done, total);
    const double fraction = static_cast<double>(shown) / static_cast<double>(total);
    stats = printf_string("%3.0f%%", std::floor(fraction * 100.0));
    // "412/1000", or "12.3/287.0 MB"
    const auto count_text = [&](std::uint64_t n) {
      std::string text;
      if (unit == ProgressUnit::Bytes) {
        const ByteUnit u = byte_unit(static_cast<double>(total));
        append(text, {bytes_in(static_cast<double>(n), u), "/",
                      bytes_in(static_cast<double>(total), u), " ", u.name});
      } else {
        append(text, {std::to_string(n), "/", std::to_string(total)});
      }
      return text;
    };
    append(stats, {"  ", count_text(shown)});
    if (rate > 0) {
      append(stats, {"  ", rate_text(rate, unit), "  ETA ",
                     duration_text(static_cast<double>(total - shown) / rate)});
    }
    // "LABEL [" bar "]  " stats. The bar's width is chosen for the widest stats usual for this
    // total (the count at its total, a rate of 9 columns, "ETA 9:59"), so that it does not
    // change from one redraw to the next.
    const std::size_t widest_stats =
        std::max(stats.size(), 4 + 2 + count_text(total).size() + 2 + 9 + 2 + 8);
    const std::size_t fixed = columns(label) + 2 + 3 + widest_stats;
    if (room >= fixed + kMinBarWidth) {
      const std::size_t bar_width = std::min(kMaxBarWidth, room - fixed);
      const auto filled = static_cast<std::size_t>(fraction * static_cast<double>(bar_width));
      append(bar, {"[", std::string(filled, '#'), std::string(bar_width - filled, '-'), "]"});
    }
  } else {
    static constexpr char kSpinner[] = {'|', '/', '-', '\\'};
    stats = std::string(1, kSpinner[tick % 4]);
    if (done > 0) {
      if (unit == ProgressUnit::Bytes) {
        const ByteUnit u = byte_unit(static_cast<double>(done));
        append(stats, {"  ", bytes_in(static_cast<double>(done), u), " ", u.name});
      } else {
        append(stats, {"  ", std::to_string(done)});
      }
      if (rate > 0) append(stats, {"  ", rate_text(rate, unit)});
    }
    append(stats, {"  ", duration_text(seconds)});
  }
  std::string line(label);
  if (!bar.empty()) append(line, {" ", bar});
  append(line, {"  ", stats});
  return columns(line) <= room ? line : first_columns(line, room);
}

struct Progress::State {
  ProgressOptions options;
  bool enabled = false;
  Clock::time_point created = Clock::now();
  std::atomic<std::uint64_t> done{0};

  std::mutex mutex;  // guards what follows, and writing to the file descriptor
  std::condition_variable wake;
  std::string label;
  std::uint64_t total = 0;
  Clock::time_point stage_start = created;
  std::size_t tick = 0;
  bool stopping = false;
  bool finished = false;
  bool on_screen = false;  // the bar is drawn and not cleared
  bool ever_drawn = false;
  std::thread ticker;

  void draw() {
    const double seconds = std::chrono::duration<double>(Clock::now() - stage_start).count();
    std::string text = "\r";
    append(text, {progress_line(label, done.load(std::memory_order_relaxed), total, seconds,
                                options.unit, terminal_width(options.fd), tick++),
                  "\x1b[K"});
    write_all(options.fd, text);
    on_screen = ever_drawn = true;
  }
  void clear() {
    if (!on_screen) return;
    write_all(options.fd, kEraseLine);
    on_screen = false;
  }
  void run() {
    std::unique_lock lock(mutex);
    if (wake.wait_until(lock, created + options.delay, [&] { return stopping; })) return;
    for (;;) {
      draw();
      if (wake.wait_for(lock, options.interval, [&] { return stopping; })) return;
    }
  }
};

Progress::Progress(std::string label, std::uint64_t total, ProgressOptions options)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.options = options;
  s.enabled = options.enabled.value_or(::isatty(options.fd) == 1);
  s.label = std::move(label);
  s.total = total;
  if (s.enabled) s.ticker = std::thread([&s] { s.run(); });
}

Progress::~Progress() { finish(); }

void Progress::update(std::uint64_t done) { state_->done.store(done, std::memory_order_relaxed); }

void Progress::stage(std::string label, std::uint64_t total) {
  const std::lock_guard lock(state_->mutex);
  state_->label = std::move(label);
  state_->total = total;
  state_->done.store(0, std::memory_order_relaxed);
  state_->stage_start = Clock::now();
}

void Progress::message(std::string_view line) {
  State& s = *state_;
  const std::lock_guard lock(s.mutex);
  s.clear();
  write_all(s.options.fd, std::string(line) + "\n");
}

void Progress::finish() {
  State& s = *state_;
  {
    const std::lock_guard lock(s.mutex);
    if (s.finished) return;
    s.finished = s.stopping = true;
  }
  s.wake.notify_all();
  if (s.ticker.joinable()) s.ticker.join();
  if (!s.enabled) return;
  const std::lock_guard lock(s.mutex);
  if (!s.ever_drawn && Clock::now() - s.created >= s.options.delay) s.draw();
  s.clear();
}

bool Progress::enabled() const { return state_->enabled; }

}  // namespace tmalign::cli
