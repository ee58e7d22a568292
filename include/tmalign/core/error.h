// The exceptions tmalign throws. Only the CLI's main() turns them into messages and exit codes.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace tmalign {

/// Base of every tmalign exception; what() is a complete one-line message.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// An option or argument with a value that makes no sense; the message names the value.
class OptionError : public Error {
 public:
  using Error::Error;
};

/// Bad input data: what() reads "FILE:LINE:COLUMN: message" (line and column only where known).
class InputError : public Error {
 public:
  /// `line` and `column` are 1-based; 0 means unknown.
  InputError(const std::string& message, std::string file, std::size_t line = 0,
             std::size_t column = 0);

  const std::string& file() const { return file_; }
  std::size_t line() const { return line_; }
  std::size_t column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
  std::string file_;
  std::size_t line_;
  std::size_t column_;
};

/// A translation-memory failure; keeps SQLite's result code (0 when it did not come from SQLite).
class StoreError : public Error {
 public:
  StoreError(const std::string& message, int sqlite_code = 0);
  int sqlite_code() const { return sqlite_code_; }

 private:
  int sqlite_code_;
};

}  // namespace tmalign
