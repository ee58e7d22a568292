#include "progress.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace tmalign::cli {
namespace {

using namespace std::chrono_literals;

// ------------------------------------------------------------------------------ progress_line

TEST(ProgressLine, KnownTotalShowsBarPercentCountRateAndTimeLeft) {
  const std::string line = progress_line("analyze", 500, 1000, 2.0, ProgressUnit::Items, 80);
  EXPECT_EQ(line.rfind("analyze [", 0), 0u) << line;
  EXPECT_NE(line.find("#-"), std::string::npos) << line;
  EXPECT_NE(line.find(" 50%  500/1000  250/s  ETA 0:02"), std::string::npos) << line;
  EXPECT_LT(line.size(), 80u);
}

TEST(ProgressLine, TheBarKeepsItsWidthWhileTheCountGrows) {
  const auto bar_end = [](std::uint64_t done) {
    return progress_line("analyze", done, 10000, 1.0, ProgressUnit::Items, 80).find(']');
  };
  EXPECT_EQ(bar_end(1), bar_end(9999));
  EXPECT_EQ(bar_end(0), bar_end(10000));
}

TEST(ProgressLine, BytesAreCountedInOneUnit) {
  const std::string line =
      progress_line("import", 12'300'000, 287'000'000, 1.0, ProgressUnit::Bytes, 100);
  EXPECT_NE(line.find("  4%  12.3/287.0 MB  12.3 MB/s  ETA 0:22"), std::string::npos) << line;
}

TEST(ProgressLine, UnknownTotalShowsSpinnerCountAndTimeElapsed) {
  EXPECT_EQ(progress_line("import: aligning", 0, 0, 75.0, ProgressUnit::Items, 80, 1),
            "import: aligning  /  1:15");
  EXPECT_EQ(progress_line("import", 1500, 0, 3.0, ProgressUnit::Items, 80, 2),
            "import  -  1500  500/s  0:03");
}

TEST(ProgressLine, LongOperationsGetHours) {
  const std::string line = progress_line("x", 1, 100000, 1.0, ProgressUnit::Items, 120);
  EXPECT_NE(line.find("ETA 27:46:39"), std::string::npos) << line;
}

TEST(ProgressLine, NeverWiderThanTheTerminalLessOneColumnNorCutsACharacter) {
  for (std::size_t width = 1; width <= 130; ++width) {
    for (const std::uint64_t total : {0ull, 7ull, 123456789ull}) {
      const std::string line = progress_line("анализ документа", total / 3, total, 0.5,
                                             ProgressUnit::Items, width, width);
      std::size_t columns = 0;
      for (const char c : line) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      EXPECT_LE(columns, width - 1) << width << ": " << line;
      // A UTF-8 sequence is never cut: the line does not end inside one.
      if (!line.empty()) {
        std::size_t start = line.size() - 1;
        while (start > 0 && (static_cast<unsigned char>(line[start]) & 0xC0) == 0x80) --start;
        const auto lead = static_cast<unsigned char>(line[start]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        EXPECT_EQ(start + length, line.size()) << width << ": " << line;
      }
    }
  }
}

TEST(ProgressLine, ANarrowTerminalLosesTheBarFirst) {
  const std::string line = progress_line("analyze", 500, 1000, 2.0, ProgressUnit::Items, 50);
  EXPECT_EQ(line.find('['), std::string::npos) << line;
  EXPECT_NE(line.find("50%  500/1000"), std::string::npos) << line;
}

// ----------------------------------------------------------------------------------- Progress

// A pipe whose read end collects what a Progress drew on the write end. (The Progress draws from
// a thread of its own: the tests wait for what they expect to see, up to a generous limit, rather
// than sleep for a fixed time.)
class Pipe {
 public:
  Pipe() {
    if (::pipe(fds_) != 0) throw std::runtime_error("pipe");
  }
  ~Pipe() {
    ::close(fds_[0]);
    if (fds_[1] >= 0) ::close(fds_[1]);
  }
  int write_end() const { return fds_[1]; }
  // Reads until what was written holds `text`; false after 10 s without.
  bool wait_for(const std::string& text) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (read_.find(text) == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd readable{.fd = fds_[0], .events = POLLIN, .revents = 0};
      if (::poll(&readable, 1, 100) == 1) read_some();
    }
    return true;
  }
  // Everything written, once the write end is closed.
  std::string drain() {
    ::close(fds_[1]);
    fds_[1] = -1;
    while (read_some()) {
    }
    return read_;
  }

 private:
  bool read_some() {
    char buffer[4096];
    const ssize_t n = ::read(fds_[0], buffer, sizeof buffer);
    if (n > 0) read_.append(buffer, static_cast<std::size_t>(n));
    return n > 0;
  }
  int fds_[2] = {-1, -1};
  std::string read_;
};

TEST(Progress, DrawsNothingWhenTheOutputIsNotATerminal) {
  Pipe pipe;
  {
    Progress progress("analyze", 10, {.fd = pipe.write_end(), .delay = 0ms, .interval = 1ms});
    EXPECT_FALSE(progress.enabled());
    progress.update(5);
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(pipe.drain(), "");
}

TEST(Progress, DrawsAfterTheDelayAndEndsWithTheLineCleared) {
  Pipe pipe;
  Progress progress("analyze", 10,
                    {.fd = pipe.write_end(), .enabled = true, .delay = 0ms, .interval = 5ms});
  progress.update(5);
  EXPECT_TRUE(pipe.wait_for(" 50%  5/10"));
  progress.finish();
  progress.finish();  // idempotent
  const std::string drawn = pipe.drain();
  EXPECT_EQ(drawn.rfind("\ranalyze [", 0), 0u) << drawn;
  EXPECT_NE(drawn.find(" 50%  5/10"), std::string::npos) << drawn;
  const std::string erase = "\r\x1b[K";
  ASSERT_GE(drawn.size(), erase.size());
  EXPECT_EQ(drawn.substr(drawn.size() - erase.size()), erase) << drawn;
}

TEST(Progress, AnOperationShorterThanTheDelayDrawsNothing) {
  Pipe pipe;
  {
    Progress progress("analyze", 10, {.fd = pipe.write_end(), .enabled = true, .delay = 10s});
    progress.update(10);
  }  // the destructor finishes at once: it does not wait for the delay
  EXPECT_EQ(pipe.drain(), "");
}

TEST(Progress, AnOperationAsLongAsTheDelayShowsItsBarAtLeastOnce) {
  Pipe pipe;
  Progress progress("pretranslate", 4,
                    {.fd = pipe.write_end(), .enabled = true, .delay = 0ms, .interval = 1h});
  progress.update(4);
  progress.finish();  // may come before the thread's first drawing
  const std::string drawn = pipe.drain();
  EXPECT_NE(drawn.find("pretranslate"), std::string::npos) << drawn;
  EXPECT_EQ(drawn.substr(drawn.size() - 4), "\r\x1b[K") << drawn;
}

TEST(Progress, StagesChangeLabelAndTotal) {
  Pipe pipe;
  Progress progress("import: aligning", 0,
                    {.fd = pipe.write_end(), .enabled = true, .delay = 0ms, .interval = 5ms});
  EXPECT_TRUE(pipe.wait_for("import: aligning  "));
  progress.stage("import: storing", 200);
  progress.update(100);
  EXPECT_TRUE(pipe.wait_for(" 50%  100/200"));
  progress.finish();
  const std::string drawn = pipe.drain();
  EXPECT_NE(drawn.find("import: aligning  "), std::string::npos) << drawn;
  EXPECT_NE(drawn.find("import: storing ["), std::string::npos) << drawn;
  EXPECT_NE(drawn.find(" 50%  100/200"), std::string::npos) << drawn;
}

TEST(Progress, AMessageGoesAboveTheBar) {
  Pipe pipe;
  Progress progress("import", 0,
                    {.fd = pipe.write_end(), .enabled = true, .delay = 0ms, .interval = 5ms});
  EXPECT_TRUE(pipe.wait_for("import  "));
  progress.message("tmalign: warning: something");
  progress.finish();
  const std::string drawn = pipe.drain();
  // The bar was cleared before the message, so the message starts its own line.
  EXPECT_NE(drawn.find("\r\x1b[Ktmalign: warning: something\n"), std::string::npos) << drawn;
}

TEST(Progress, AMessageWithoutATerminalIsJustALine) {
  Pipe pipe;
  {
    Progress progress("import", 0, {.fd = pipe.write_end()});
    progress.message("tmalign: warning: something");
  }
  EXPECT_EQ(pipe.drain(), "tmalign: warning: something\n");
}

}  // namespace
}  // namespace tmalign::cli
