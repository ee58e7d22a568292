#include "match/caseless.h"

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace tmalign::detail {
namespace {

using CodePoint = std::uint32_t;  // not char32_t, which gtest messages cannot print

std::string utf8(CodePoint c) {
  char bytes[U8_MAX_LENGTH];
  int32_t length = 0;
  U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(c));
  return std::string(bytes, static_cast<std::size_t>(length));
}

// What the fast path gave, when it took the text (a copy: the next call reuses the buffer).
struct Fast {
  bool taken = false;
  std::u16string folded;
};
Fast fast(Caseless& caseless, const std::string& text) {
  const std::u16string* folded = caseless.fast_or_null(text);
  return folded ? Fast{true, *folded} : Fast{};
}

std::vector<CodePoint> simple_code_points_in(std::initializer_list<std::pair<CodePoint, CodePoint>> ranges) {
  std::vector<CodePoint> pool;
  for (const auto& [first, last] : ranges)
    for (CodePoint c = first; c <= last; ++c)
      if (!(c >= 0xD800 && c <= 0xDFFF) && is_simple(static_cast<char16_t>(c))) pool.push_back(c);
  return pool;
}

TEST(Caseless, RussianAndEnglishTakeTheFastPath) {
  Caseless caseless;
  const std::string text = "Ёлка, ЙОД и «Мир» — 2019 г. „Quote“ STRASSE Čech Ωμέγα";
  const Fast folded = fast(caseless, text);
  ASSERT_TRUE(folded.taken);
  EXPECT_EQ(folded.folded, u"ёлка, йод и «мир» — 2019 г. „quote“ strasse čech ωμέγα");
  EXPECT_EQ(caseless(text), folded.folded);
}

TEST(Caseless, SimpleCodePointsIncludeLettersOfCommonScripts) {
  for (CodePoint c = 0; c < 0x80; ++c) EXPECT_TRUE(is_simple(static_cast<char16_t>(c))) << c;
  for (CodePoint c = 0x410; c <= 0x44F; ++c) EXPECT_TRUE(is_simple(static_cast<char16_t>(c))) << c;
  for (const char16_t c : std::u16string_view(u"ЁёЙйÀéÿĀžΑωάΐ«»—–„“”‘’…№€0"))
    EXPECT_TRUE(is_simple(c)) << std::hex << static_cast<int>(c);
}

TEST(Caseless, CodePointsThatInteractOrGrowAreNotSimple) {
  // Combining acute and ypogegrammeni (non-starters), sharp s and the fi ligature (fold to two
  // letters), dotted capital I (folds to i + combining dot), Hangul vowel and final jamo (compose
  // with what precedes), the Ångström sign (NFC_QC = No).
  for (const char16_t c : std::u16string_view(u"\u0301\u0345ß\uFB01\u0130\u1161\u11A8\u212B"))
    EXPECT_FALSE(is_simple(c)) << std::hex << static_cast<int>(c);
  for (char16_t c = 0xD800; c <= 0xDFFF; ++c) EXPECT_FALSE(is_simple(c));
}

TEST(Caseless, EverySimpleCodePointFoldsAsTheGeneralPipeline) {
  Caseless caseless;
  int simple = 0;
  for (CodePoint c = 0; c <= 0xFFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;  // not encodable in UTF-8
    const std::string text = utf8(c);
    const Fast folded = fast(caseless, text);
    ASSERT_EQ(folded.taken, is_simple(static_cast<char16_t>(c))) << std::hex << c;
    if (!folded.taken) continue;
    ++simple;
    ASSERT_EQ(folded.folded, caseless.slow(text)) << std::hex << c;
    ASSERT_EQ(folded.folded.size(), 1u) << std::hex << c;
  }
  EXPECT_GT(simple, 50000);  // almost all of the BMP: ideographs, syllables and unassigned too
}

TEST(Caseless, EverySimpleCodePointBetweenOthersFoldsAsTheGeneralPipeline) {
  // The concatenation argument in caseless.cc, checked for every simple code point between random
  // simple neighbours from the whole BMP.
  const std::vector<CodePoint> pool = simple_code_points_in({{0x0000, 0xFFFF}});
  std::mt19937 random(20261127);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  Caseless caseless;
  for (const CodePoint c : pool) {
    for (int round = 0; round < 2; ++round) {
      const std::string text = utf8(pool[pick(random)]) + utf8(c) + utf8(pool[pick(random)]);
      const Fast folded = fast(caseless, text);
      ASSERT_TRUE(folded.taken) << std::hex << c;
      ASSERT_EQ(folded.folded, caseless.slow(text)) << std::hex << c;
    }
  }
}

TEST(Caseless, RandomTextsOfSimpleCodePointsFoldAsTheGeneralPipeline) {
  // ASCII, Latin-1, Latin Extended-A and -B, Greek, Cyrillic (Ё ё Й й among them), general
  // punctuation (« » — „ “ …) and digits: the letters of the texts tmalign sees most.
  const std::vector<CodePoint> pool = simple_code_points_in(
      {{0x09, 0x0A}, {0x20, 0x7E}, {0xA0, 0xFF}, {0x100, 0x24F}, {0x370, 0x3FF}, {0x400, 0x4FF},
       {0x2010, 0x2027}, {0x30, 0x39}, {0x401, 0x401}, {0x451, 0x451}, {0x419, 0x419},
       {0x439, 0x439}, {0xAB, 0xAB}, {0xBB, 0xBB}});
  std::mt19937 random(20261128);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> count(0, 40);
  Caseless caseless;
  for (int round = 0; round < 200000; ++round) {
    std::string text;
    for (int i = count(random); i > 0; --i) text += utf8(pool[pick(random)]);
    const Fast folded = fast(caseless, text);
    ASSERT_TRUE(folded.taken) << "'" << text << "'";
    ASSERT_EQ(folded.folded, caseless.slow(text)) << "'" << text << "'";
  }
}

TEST(Caseless, TextsWithAnOtherCodePointTakeTheGeneralPipeline) {
  // Non-simple code points and invalid UTF-8 (a stray byte, an overlong NUL, a truncated
  // sequence, an encoded surrogate), each amid Russian text.
  const std::vector<std::string> others = {
      "\u0301", "\u0345", "ß", "İ", "ﬁ", "\u1100\u1161\u11A8", "\u1161", "\U0001F600",
      "\U00010400", "\xFF", "\xC0\x80", "\xD0", "\xED\xA0\x80", "\u212B", "и\u0306"};
  const std::vector<std::string> pieces = {"Москва", "ЙОД ", "ёлка", " «", "» ", "STRASSE", "—"};
  std::mt19937 random(20261129);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  Caseless caseless;
  for (const std::string& other : others) {
    for (int round = 0; round < 20; ++round) {
      const std::string text = pieces[pick(random)] + other + pieces[pick(random)];
      EXPECT_FALSE(fast(caseless, text).taken) << "'" << text << "'";
      const std::u16string slow = caseless.slow(text);
      EXPECT_EQ(caseless(text), slow) << "'" << text << "'";
    }
  }
  EXPECT_EQ(caseless("Ё\xFF"), u"ё\uFFFD");
  EXPECT_EQ(caseless("МОИ\u0306"), u"мой");
  EXPECT_EQ(caseless("Straße"), u"strasse");
}

TEST(Caseless, HangulSyllablesAreSimpleButConjoiningJamoAreNot) {
  // 한 is a precomposed LV + T syllable: a starter that nothing composes into; a following final
  // jamo would compose with a preceding LV syllable, so jamo take the general pipeline.
  EXPECT_TRUE(is_simple(u'한'));
  Caseless caseless;
  EXPECT_EQ(caseless("\uAC00\u11A8"), u"\uAC01");  // 가 + final ㄱ = 각
  EXPECT_FALSE(fast(caseless, "\uAC00\u11A8").taken);
}

}  // namespace
}  // namespace tmalign::detail
