#include "tmalign/formats/beads.h"

#include <gtest/gtest.h>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

Bead bead(std::vector<std::size_t> source, std::vector<std::size_t> target) {
  Bead b;
  b.source = std::move(source);
  b.target = std::move(target);
  return b;
}

TEST(FormatBead, WritesTheGoldFileNotation) {
  EXPECT_EQ(format_bead(bead({0, 1}, {2})), "[0, 1]:[2]");
  EXPECT_EQ(format_bead(bead({3}, {})), "[3]:[]");
  EXPECT_EQ(format_bead(bead({}, {4})), "[]:[4]");
}

TEST(ParseBeads, RoundTripsFormattedBeads) {
  const Alignment alignment = {bead({0}, {0}), bead({1, 2}, {1}), bead({3}, {}), bead({}, {2}),
                               bead({4}, {3, 4, 5})};
  std::string text;
  for (const Bead& b : alignment) text += format_bead(b) + "\n";
  EXPECT_EQ(parse_beads(text, "x.gold"), alignment);
}

TEST(ParseBeads, AcceptsWhatScoreAlignAccepts) {
  // Blank lines, spaces around ':', commas or spaces between ids, CR LF, and a tab-separated tail.
  const Alignment beads =
      parse_beads("\n  [0,1] : [ 0 ]\r\n\n[2 3]:[1,,2]\t0.87\tthe text\n[]:[]\n[4]:[]", "g");
  const Alignment expected = {bead({0, 1}, {0}), bead({2, 3}, {1, 2}), bead({4}, {})};
  EXPECT_EQ(beads, expected);
}

TEST(ParseBeads, KeepsNonConsecutiveGoldBeadsAsWritten) {
  EXPECT_EQ(parse_beads("[227, 218]:[198]\n", "test1.gold"), Alignment{bead({227, 218}, {198})});
}

TEST(ParseBeads, NamesTheLineOfABadBead) {
  const std::string lines[] = {"[0]-[1]",
                               "[0]:[1]x",
                               "[a]:[1]",
                               "[0]:[-1]",
                               "[0]:[1",
                               "0:1",
                               "[99999999999999999999999]:[0]"};
  for (const std::string& bad : lines) {
    try {
      parse_beads("[0]:[0]\n\n" + bad + "\n[1]:[1]\n", "doc.gold");
      ADD_FAILURE() << "no exception for " << bad;
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "doc.gold");
      EXPECT_EQ(e.line(), 3u) << bad;
      EXPECT_NE(e.message().find(bad), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace tmalign
