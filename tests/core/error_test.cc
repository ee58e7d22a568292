#include "tmalign/core/error.h"

#include <gtest/gtest.h>

namespace tmalign {
namespace {

TEST(InputError, MessageNamesFileLineAndColumn) {
  const InputError e("unexpected end", "a.tmx", 12, 7);
  EXPECT_STREQ(e.what(), "a.tmx:12:7: unexpected end");
  EXPECT_EQ(e.message(), "unexpected end");
}

TEST(InputError, LeavesOutUnknownLine) {
  EXPECT_STREQ(InputError("empty file", "b.txt").what(), "b.txt: empty file");
}

TEST(StoreError, KeepsSqliteCode) {
  const StoreError e("database is locked", 5);
  EXPECT_EQ(e.sqlite_code(), 5);
  EXPECT_STREQ(e.what(), "database is locked");
}

}  // namespace
}  // namespace tmalign
