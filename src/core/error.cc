#include "tmalign/core/error.h"

#include <utility>

namespace tmalign {
namespace {

std::string located(const std::string& message, const std::string& file, std::size_t line,
                    std::size_t column) {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) {
    // append() rather than ":" + to_string(): GCC 12 warns falsely (-Wrestrict, PR 105329) on the
    // latter.
    out.append(":").append(std::to_string(line));
    if (column > 0) out.append(":").append(std::to_string(column));
  }
  return out + ": " + message;
}

}  // namespace

InputError::InputError(const std::string& message, std::string file, std::size_t line,
                       std::size_t column)
    : Error(located(message, file, line, column)),
      message_(message),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

StoreError::StoreError(const std::string& message, int sqlite_code)
    : Error(message), sqlite_code_(sqlite_code) {}

}  // namespace tmalign
