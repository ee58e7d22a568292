// A progress bar on standard error for the CLI's long operations (the library never prints: it
// reports progress through callbacks, which the CLI forwards to a Progress).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tmalign::cli {

/// What a Progress counts: things (segments, units), or bytes (shown in kB, MB, GB: powers of 1000).
enum class ProgressUnit { Items, Bytes };

struct ProgressOptions {
  ProgressUnit unit = ProgressUnit::Items;
  int fd = 2;  // the file descriptor drawn on (standard error)
  // Whether to draw at all; unset = only when `fd` is a terminal (isatty), so that a file or a
  // pipe never gets a bar.
  std::optional<bool> enabled = std::nullopt;
  // Nothing is drawn before this much time has passed since the Progress was made: an operation
  // that is over sooner shows no bar.
  std::chrono::milliseconds delay{1000};
  std::chrono::milliseconds interval{100};  // the bar is redrawn this often (at most)
};

/// One line of a progress bar, at most `width - 1` columns (the last column stays free, so that
/// no terminal wraps it): the label, then for a known total (> 0) a bar, the percent, done/total,
/// the rate and the estimated time left ("import [#####-----]  50%  500/1000  250/s  ETA 0:02");
/// for an unknown total (0) a spinner (`tick` turns it), the count when there is one, the rate
/// and the time elapsed. `seconds` is the time since counting began. What does not fit in
/// `width` is left out, the bar first.
std::string progress_line(std::string_view label, std::uint64_t done, std::uint64_t total,
                          double seconds, ProgressUnit unit, std::size_t width,
                          std::size_t tick = 0);

/// A progress bar on a terminal: a thread redraws it every `interval` from the count that
/// update() sets, starting `delay` after construction, and finish() (or the destructor) stops it
/// and clears its line. When not enabled (standard error is not a terminal) it draws nothing and
/// starts no thread. Invariant: after finish() the terminal line is as it was before, and
/// nothing more is drawn.
///
///   Progress progress("analyze", sentences.size());
///   options.progress = [&](std::size_t done, std::size_t) { progress.update(done); };
///   const Analysis analysis = analyze(sentences, tm, options);  // progress.finish() follows
///
/// For bytes: `Progress bar("import", reader.total_bytes(), {.unit = ProgressUnit::Bytes});` and
/// `bar.update(reader.bytes_read())` after each batch.
class Progress {
 public:
  /// `total` = 0: unknown (a spinner and the time elapsed instead of a bar).
  explicit Progress(std::string label, std::uint64_t total = 0, ProgressOptions options = {});
  ~Progress();  // finish()
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Sets how much is done (cheap: an atomic store; may be called from any thread).
  void update(std::uint64_t done);
  /// Starts the next stage of the same operation: a new label and total, the count from 0, the
  /// rate and time left measured from now. The `delay` still counts from construction.
  void stage(std::string label, std::uint64_t total = 0);
  /// Writes `line` and a newline to the file descriptor, clearing the bar first (it is redrawn
  /// below at the next interval); for warnings during the operation.
  void message(std::string_view line);
  /// Stops drawing and clears the bar's line. An operation that lasted `delay` or more has
  /// shown its bar at least once. Idempotent.
  void finish();

  bool enabled() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tmalign::cli
