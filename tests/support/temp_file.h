// Scratch files for tests: each made in the temporary directory and removed when the test ends.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace tmalign::testing {

/// A file holding `bytes`, named uniquely within the test process, removed on destruction.
class TempFile {
 public:
  explicit TempFile(const std::string& bytes, const std::string& extension = ".txt") {
    path_ = std::filesystem::temp_directory_path() / ("tmalign_test_" + std::to_string(::getpid()) +
                                                      "_" + std::to_string(counter_++) + extension);
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

/// A fresh directory per test (named after the test and the process), removed with everything in
/// it (SQLite's -wal and -shm files included) when the test ends.
class TempDir {
 public:
  TempDir() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            (std::string("tmalign_test_") + test->test_suite_name() + "_" + test->name() + "_" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// The path of `name` in the directory.
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  /// How many files and folders the directory holds.
  std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(std::filesystem::directory_iterator(path_), {}));
  }

 private:
  std::filesystem::path path_;
};

}  // namespace tmalign::testing
