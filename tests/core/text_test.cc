#include "tmalign/core/text.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/temp_file.h"
#include "tmalign/core/error.h"

namespace tmalign {
namespace {

using testing::TempFile;

namespace fs = std::filesystem;

TEST(CheckText, AcceptsRussianEnglishAndFourByteCharacters) {
  EXPECT_NO_THROW(check_text("Привет, world! \xF0\x9F\x98\x80", "x.txt"));
}

TEST(CheckText, NamesLineAndColumnOfInvalidByte) {
  try {
    check_text("ok\nab\xFF", "bad.txt");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "bad.txt");
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 3u);
    EXPECT_NE(std::string(e.what()).find("bad.txt:2:3: invalid UTF-8 (byte 0xFF"),
              std::string::npos)
        << e.what();
  }
}

TEST(CheckText, RejectsOverlongSurrogateAndTruncatedSequences) {
  EXPECT_THROW(check_text("\xC0\xAF", "f"), InputError);          // overlong '/'
  EXPECT_THROW(check_text("\xED\xA0\x80", "f"), InputError);      // UTF-16 surrogate
  EXPECT_THROW(check_text("\xF4\x90\x80\x80", "f"), InputError);  // above U+10FFFF
  EXPECT_THROW(check_text("\xD0", "f"), InputError);              // truncated
}

TEST(CheckText, CallsNulBytesBinary) {
  try {
    check_text(std::string("abc\0def", 7), "blob.bin");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("binary"), std::string::npos) << e.what();
  }
}

TEST(ReadTextFile, ReadsBytesUnchanged) {
  const std::string bytes = "\xEF\xBB\xBFПервая строка.\r\nSecond line.";
  TempFile file(bytes);
  EXPECT_EQ(read_text_file(file.path()), bytes);
}

TEST(ReadTextFile, NamesMissingFile) {
  try {
    read_text_file("/nonexistent/tmalign.txt");
    FAIL() << "no exception";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "/nonexistent/tmalign.txt");
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos) << e.what();
  }
}

TEST(ReadTextFile, RejectsEmptyAndBlankFiles) {
  TempFile empty("");
  TempFile blank(" \n\n\t\n");
  EXPECT_THROW(read_text_file(empty.path()), InputError);
  EXPECT_THROW(read_text_file(blank.path()), InputError);
}

TEST(ReadTextFile, RejectsDirectory) {
  EXPECT_THROW(read_text_file(fs::temp_directory_path().string()), InputError);
}

TEST(PositionOf, CountsColumnsInCharactersNotBytes) {
  const std::string text = "строка\nВторая \xFF";  // Cyrillic letters take 2 bytes each
  const TextPosition pos = position_of(text, text.find('\xFF'));
  EXPECT_EQ(pos.line, 2u);
  EXPECT_EQ(pos.column, 8u);
}

TEST(PositionOf, CountsLines) {
  const TextPosition pos = position_of("a\nbc\nd", 4);
  EXPECT_EQ(pos.line, 2u);
  EXPECT_EQ(pos.column, 3u);
}

}  // namespace
}  // namespace tmalign

namespace tmalign {
namespace {

using testing::TempFile;

std::string read_in_pieces(const std::string& path, std::size_t piece_size) {
  TextReader reader(path, piece_size);
  std::string text;
  for (std::string piece = reader.next(); !piece.empty(); piece = reader.next()) {
    EXPECT_NO_THROW(check_text(piece, "piece")) << "a piece must end on a whole sequence";
    text += piece;
  }
  return text;
}

TEST(SingleLine, TurnsLineBreaksAndTheirSpacesIntoOneSpace) {
  EXPECT_EQ(single_line("Строка  \r\n  перенесена\nдальше"), "Строка перенесена дальше");
  EXPECT_EQ(single_line("a\xE2\x80\xA8"
                        "b\xC2\x85"
                        "c"),
            "a b c");
  EXPECT_EQ(single_line("keeps  inner  spaces\t"), "keeps  inner  spaces\t");
  EXPECT_EQ(single_line("\nleading and trailing\n"), "leading and trailing");
}

TEST(TextReader, GivesTheFileBackInPiecesOfWholeCharacters) {
  const std::string bytes = "\xEF\xBB\xBFПервая строка — \xF0\x9F\x98\x80.\r\nSecond line.\n";
  TempFile file(bytes);
  for (std::size_t piece : {1, 4, 5, 7, 64, 1 << 16})
    EXPECT_EQ(read_in_pieces(file.path(), piece), bytes);
}

TEST(TextReader, PlacesAnErrorInTheWholeFileLikeCheckText) {
  const std::string bytes = "Первая строка.\nВторая \xFF строка.\n";
  TempFile file(bytes);
  std::string expected;
  try {
    check_text(bytes, file.path());
  } catch (const InputError& e) {
    expected = e.what();
  }
  ASSERT_FALSE(expected.empty());
  for (std::size_t piece : {4, 5, 7, 16, 1 << 16}) {
    try {
      read_in_pieces(file.path(), piece);
      ADD_FAILURE() << "no exception at piece size " << piece;
    } catch (const InputError& e) {
      EXPECT_EQ(e.what(), expected) << "piece size " << piece;
    }
  }
}

TEST(TextReader, RejectsASequenceCutOffByTheEndOfTheFile) {
  TempFile file("Конец\xD0");
  EXPECT_THROW(read_in_pieces(file.path(), 4), InputError);
}

TEST(TextReader, RejectsEmptyAndBlankFilesAtTheEnd) {
  TempFile empty("");
  TempFile blank(std::string(100, ' ') + "\n\n");
  EXPECT_THROW(read_in_pieces(empty.path(), 8), InputError);
  EXPECT_THROW(read_in_pieces(blank.path(), 8), InputError);
}

TEST(ContextHash, IgnoresWhiteSpaceDifferencesOnly) {
  EXPECT_EQ(context_hash("Он  пришёл.\n"), context_hash(" Он пришёл."));
  EXPECT_NE(context_hash("Он пришёл."), context_hash("Он ушёл."));
  EXPECT_NE(context_hash("Он пришёл."), context_hash("он пришёл."));
}

TEST(ContextHash, IsNeverZeroAndStableAcrossBuilds) {
  EXPECT_NE(context_hash(""), 0u);
  // The value of XXH3-64 for "" (xxHash's published test vector): hashes are stored in TM files,
  // so a change of hash function would break every stored context.
  EXPECT_EQ(context_hash(""), 0x2D06800538D394C2ULL);
}

TEST(ContextOf, GivesTheSentencesAroundARangeAndTheEmptyTextAtTheEdges) {
  std::vector<Sentence> sentences(3);
  sentences[0].text = "Один.";
  sentences[1].text = "Два.";
  sentences[2].text = "Три.";
  EXPECT_EQ(context_of(sentences, 1, 1).before, context_hash("Один."));
  EXPECT_EQ(context_of(sentences, 1, 1).after, context_hash("Три."));
  EXPECT_EQ(context_of(sentences, 0, 0).before, context_hash(""));
  EXPECT_EQ(context_of(sentences, 0, 1).after, context_hash("Три."));
  EXPECT_EQ(context_of(sentences, 1, 2).after, context_hash(""));
  EXPECT_THROW(context_of(sentences, 2, 3), std::out_of_range);
  EXPECT_THROW(context_of(sentences, 2, 1), std::out_of_range);
}

}  // namespace
}  // namespace tmalign
