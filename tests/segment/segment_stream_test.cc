#include "tmalign/segment/segment_stream.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tmalign/core/error.h"
#include "tmalign/segment/segmenter.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Feeds `text` in pieces of `piece` bytes (splitting UTF-8 sequences freely).
std::vector<Sentence> stream_segment(const Segmenter& segmenter, const std::string& text,
                                     std::size_t piece, std::size_t max_buffer) {
  SegmentStream stream(segmenter, {.max_buffer = max_buffer});
  std::vector<Sentence> all;
  for (std::size_t i = 0; i < text.size(); i += piece) {
    for (Sentence& s : stream.feed(std::string_view(text).substr(i, piece)))
      all.push_back(std::move(s));
  }
  for (Sentence& s : stream.finish()) all.push_back(std::move(s));
  return all;
}

// The T-lines of a shared .cases file joined into paragraphs, or "" when ../shared is absent.
std::string shared_text(const std::string& file) {
  std::ifstream in(fs::path(TMALIGN_SHARED_DIR) / "data" / "segmentation" / file);
  std::string line, text;
  while (std::getline(in, line)) {
    if (line.rfind("T\t", 0) != 0) continue;
    for (std::size_t i = 2; i < line.size(); ++i) {  // "\\n" stands for a line break
      const bool escaped_break = line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n';
      text += escaped_break ? '\n' : line[i];
      i += escaped_break ? 1 : 0;
    }
    text += "\n\n";
  }
  return text;
}

TEST(SegmentStream, GivesTheSentencesOfTheWholeTextWhateverThePieceSize) {
  const Segmenter segmenter({.language = "ru"});
  std::string text = read_file(fs::path(TMALIGN_SOURCE_DIR) / "samples/embassy/ru.txt");
  text = text + "\n\n" + text + "\n\n" + text;  // several buffers' worth at max_buffer 1 KiB
  const std::vector<Sentence> whole = segmenter.segment(text);
  for (std::size_t piece : {1, 7, 100, 4096, 1 << 20})
    for (std::size_t max_buffer : {1024, 1 << 20})
      EXPECT_EQ(stream_segment(segmenter, text, piece, max_buffer), whole)
          << "piece " << piece << ", max_buffer " << max_buffer;
}

TEST(SegmentStream, AgreesWithWholeTextOnTheSharedSuites) {
  for (const auto& [file, language] :
       std::vector<std::pair<std::string, std::string>>{{"ru_news_wmt18.cases", "ru"},
                                                        {"ru_extra.cases", "ru"},
                                                        {"en_golden_rules.cases", "en"}}) {
    const std::string text = shared_text(file);
    if (text.empty()) GTEST_SKIP() << "skipped: " << TMALIGN_SHARED_DIR << " is absent";
    const Segmenter segmenter({.language = language});
    const std::vector<Sentence> whole = segmenter.segment(text);
    EXPECT_EQ(stream_segment(segmenter, text, 997, 4096), whole) << file;
  }
}

TEST(SegmentStream, CutsInsideAParagraphLongerThanTheBuffer) {
  // One paragraph of 300 sentences, far longer than the 1 KiB buffer: forced cuts hold back the
  // last two sentences, and the result still equals the whole text's.
  const Segmenter segmenter({.language = "en"});
  std::string text;
  for (int i = 0; i < 300; ++i) text += "Sentence number " + std::to_string(i) + " ends here. ";
  EXPECT_EQ(stream_segment(segmenter, text, 64, 1024), segmenter.segment(text));
}

TEST(SegmentStream, KeepsOneHugeSentenceWhole) {
  const Segmenter segmenter({.language = "en"});
  const std::string text = std::string(50000, 'a') + " end. Next one.";
  const std::vector<Sentence> sentences = stream_segment(segmenter, text, 1000, 1024);
  ASSERT_EQ(sentences.size(), 2u);
  EXPECT_EQ(sentences[0].span.end, 50005u);
}

TEST(SegmentStream, KeepsOffsetsAndParagraphsOnRandomText) {
  std::mt19937 random(42);
  const std::vector<std::string> atoms = {"Д. Песков",
                                          "т. е.",
                                          "Mr.",
                                          " ",
                                          " ",
                                          "\n",
                                          "\n\n",
                                          ".",
                                          "!",
                                          "?",
                                          "«",
                                          "»",
                                          "слово",
                                          "Word",
                                          "3.5",
                                          "—",
                                          "\xF0\x9F\x98\x80",
                                          "\r\n",
                                          "…"};
  const Segmenter segmenter({.language = "ru"});
  for (int round = 0; round < 50; ++round) {
    std::string text;
    for (int i = 0; i < 400; ++i) text += atoms[random() % atoms.size()];
    const auto sentences = stream_segment(segmenter, text, 1 + random() % 50, 1024);
    std::size_t last_end = 0, last_paragraph = 0;
    for (const Sentence& s : sentences) {
      ASSERT_LE(last_end, s.span.start);
      ASSERT_EQ(text.substr(s.span.start, s.span.size()), s.text);
      ASSERT_GE(s.paragraph, last_paragraph);
      last_end = s.span.end;
      last_paragraph = s.paragraph;
    }
    // With a buffer larger than the text the stream is the whole-text segmentation.
    EXPECT_EQ(stream_segment(segmenter, text, 1 + random() % 50, 1 << 20), segmenter.segment(text));
  }
}

TEST(SegmentStreamOptions, RejectsATinyBuffer) {
  EXPECT_THROW(SegmentStreamOptions{.max_buffer = 10}.validate(), OptionError);
}

}  // namespace
}  // namespace tmalign
