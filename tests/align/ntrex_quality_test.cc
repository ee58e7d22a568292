// Quality gate: strict F1 on the shared NTREX-128 Russian-English gold set, computed as
// /work/shared/tools/score_align.py does (Sennrich & Volk 2011). Fails on a regression.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <iostream>
#include <set>
#include <utility>

#include "test_util.h"
#include "tmalign/align/aligner.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;
using BeadIds = std::pair<std::vector<std::size_t>, std::vector<std::size_t>>;

// The library without a dictionary (the learned lexicon only): measured 0.9699 on 2026-11-27 (0.9729
// with the one-pass aligner before it); Gale-Church alone gives 0.920. The CLI with the installed
// dictionaries is gated at 0.97 by align.shared_quality.
constexpr double kMinStrictF1 = 0.965;

// "[0, 1]:[2]" -> ({0, 1}, {2}).
BeadIds parse_bead(const std::string& line) {
  BeadIds bead;
  std::vector<std::size_t>* side = &bead.first;
  std::string number;
  for (const char c : line) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      number += c;
      continue;
    }
    if (!number.empty()) side->push_back(std::stoul(number));
    number.clear();
    if (c == ':') side = &bead.second;
  }
  return bead;
}

bool both_sides(const BeadIds& b) { return !b.first.empty() && !b.second.empty(); }

// Strict counts as score_align.py's counts(): [true positives, false positives] of `test`
// against `gold`, each read as a set.
std::pair<std::size_t, std::size_t> strict_counts(const std::set<BeadIds>& gold,
                                                  const std::set<BeadIds>& test) {
  std::size_t tp = 0;
  std::size_t fp = 0;
  for (const BeadIds& b : test) {
    if (b.first.empty() && b.second.empty()) continue;
    (gold.contains(b) ? tp : fp) += 1;
  }
  return {tp, fp};
}

std::set<BeadIds> with_both_sides(const std::set<BeadIds>& beads) {
  std::set<BeadIds> out;
  for (const BeadIds& b : beads)
    if (both_sides(b)) out.insert(b);
  return out;
}

TEST(AlignerQuality, StrictF1OnNtrexRussianEnglishStaysAboveTheGate) {
  const fs::path dir = fs::path(TMALIGN_SHARED_DIR) / "data/alignment/ntrex-ruen";
  if (!fs::is_directory(dir))
    GTEST_SKIP() << "shared gold set not found at " << dir << " (set TMALIGN_SHARED_DIR)";
  std::set<fs::path> golds;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".gold") golds.insert(entry.path());
  ASSERT_FALSE(golds.empty()) << "no .gold files in " << dir;

  const Aligner aligner({.source_lang = "ru", .target_lang = "en"});
  std::size_t p_tp = 0, p_fp = 0, r_tp = 0, r_fn = 0;
  for (const fs::path& gold_path : golds) {
    fs::path ru_path = gold_path, en_path = gold_path;
    const auto ru = test::sentences_from_lines(test::read_lines(ru_path.replace_extension(".ru")));
    const auto en = test::sentences_from_lines(test::read_lines(en_path.replace_extension(".en")));
    std::set<BeadIds> gold;
    for (const std::string& line : test::read_lines(gold_path))
      if (!line.empty()) gold.insert(parse_bead(line));
    std::set<BeadIds> test;
    for (const Bead& bead : aligner.align(ru, en)) test.insert({bead.source, bead.target});
    const auto [tp, fp] = strict_counts(gold, test);
    p_tp += tp;
    p_fp += fp;
    const auto [found, missed] = strict_counts(with_both_sides(test), with_both_sides(gold));
    r_tp += found;
    r_fn += missed;
  }
  const double precision = static_cast<double>(p_tp) / static_cast<double>(p_tp + p_fp);
  const double recall = static_cast<double>(r_tp) / static_cast<double>(r_tp + r_fn);
  const double f1 = 2 * precision * recall / (precision + recall);
  RecordProperty("strict_f1", std::to_string(f1));
  EXPECT_GE(f1, kMinStrictF1) << "REGRESSION in strict F1 on " << golds.size()
                              << " NTREX documents: precision " << precision << ", recall "
                              << recall;
  std::cout << "[ NTREX    ] strict P " << precision << " R " << recall << " F1 " << f1 << "\n";
}

}  // namespace
}  // namespace tmalign
