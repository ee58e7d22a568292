// Helpers shared by the align tests.
#pragma once

#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tmalign/core/types.h"

namespace tmalign::test {

// One Sentence per line of `text` lines, in paragraph 0, with spans into the lines joined by '\n'.
inline std::vector<Sentence> sentences_from_lines(const std::vector<std::string>& lines) {
  std::vector<Sentence> out;
  std::size_t offset = 0;
  for (const std::string& line : lines) {
    out.push_back(Sentence{.text = line, .span = {offset, offset + line.size()}, .paragraph = 0});
    offset += line.size() + 1;
  }
  return out;
}

// The lines of a file (an empty vector when it cannot be read).
inline std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// "[0, 1]:[2]" as in samples/*/gold.align and the shared gold sets.
inline std::string format_bead(const Bead& bead) {
  const auto ids = [](const std::vector<std::size_t>& v) {
    std::string s = "[";
    for (std::size_t k = 0; k < v.size(); ++k) s += (k ? ", " : "") + std::to_string(v[k]);
    return s + "]";
  };
  return ids(bead.source) + ":" + ids(bead.target);
}

// Every sentence of both sides exactly once, in order, and no bead with two empty sides.
inline void expect_covers(const Alignment& alignment, std::size_t n, std::size_t m) {
  std::size_t next_source = 0;
  std::size_t next_target = 0;
  for (const Bead& bead : alignment) {
    EXPECT_FALSE(bead.source.empty() && bead.target.empty());
    for (const std::size_t i : bead.source) EXPECT_EQ(i, next_source++);
    for (const std::size_t j : bead.target) EXPECT_EQ(j, next_target++);
  }
  EXPECT_EQ(next_source, n);
  EXPECT_EQ(next_target, m);
}

}  // namespace tmalign::test
