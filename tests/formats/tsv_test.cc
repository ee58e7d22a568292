#include "tmalign/formats/tsv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace tmalign {
namespace {

TEST(TsvEscape, EscapesBackslashTabNewlineAndCarriageReturn) {
  EXPECT_EQ(tsv_escape("a\\b\tc\nd\re"), "a\\\\b\\tc\\nd\\re");
}

TEST(TsvEscape, LeavesRussianAndQuotesUntouched) {
  EXPECT_EQ(tsv_escape("«Привет», \"hi\" 'x'"), "«Привет», \"hi\" 'x'");
}

TEST(TsvRow, WritesThreeFieldsAndScoreWithThreeDecimals) {
  std::ostringstream out;
  write_tsv_row(out, "Он пришёл.\tДа", "He came.", 0.95349);
  write_tsv_row(out, "a", "b", 1.0);
  EXPECT_EQ(out.str(), "Он пришёл.\\tДа\tHe came.\t0.953\na\tb\t1.000\n");
}

}  // namespace
}  // namespace tmalign
