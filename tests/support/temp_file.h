// Scratch files for tests: each made in the temporary directory and removed when the test ends.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
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

}  // namespace tmalign::testing
