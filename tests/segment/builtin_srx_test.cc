// builtin_srx(): tmalign's built-in rules exported as SRX 2.0, applied alone (rules_only), give
// the same sentences as the built-in segmentation on the shared suites, the held-out texts and
// the samples; the document survives write_srx() -> read_srx().
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "tmalign/formats/srx.h"
#include "tmalign/segment/segmenter.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;

std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 'n' || s[i + 1] == 't'))
      out += s[++i] == 'n' ? '\n' : '\t';
    else
      out += s[i];
  }
  return out;
}

// The texts of a .cases file (shared/README.md: "T<TAB>text" lines).
std::vector<std::string> read_texts(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> texts;
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("T\t")) texts.push_back(unescape(line.substr(2)));
  return texts;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Sentences with their spans, comparable as a whole.
std::vector<std::string> described(const std::vector<Sentence>& sentences) {
  std::vector<std::string> out;
  for (const Sentence& s : sentences)
    out.push_back(std::to_string(s.span.start) + "-" + std::to_string(s.span.end) + "/" +
                  std::to_string(s.paragraph) + " " + s.text);
  return out;
}

struct Agreement {
  std::size_t same = 0, total = 0;
  std::string differences;  // the first few texts that differ, for the message
};

Agreement agreement(const std::string& language, const std::vector<std::string>& texts) {
  const Segmenter builtin({.language = language});
  const Segmenter exported(
      {.language = language, .user_rules = builtin_srx().rules_for(language), .rules_only = true});
  Agreement a;
  for (const std::string& text : texts) {
    ++a.total;
    const auto expected = described(builtin.segment(text));
    const auto got = described(exported.segment(text));
    if (expected == got) {
      ++a.same;
      continue;
    }
    if (a.differences.size() > 4000) continue;
    a.differences += "\n--- " + text.substr(0, 300) + "\nbuilt-in:";
    for (const std::string& s : expected) a.differences += "\n  " + s;
    a.differences += "\nexported:";
    for (const std::string& s : got) a.differences += "\n  " + s;
  }
  return a;
}

fs::path shared_suite(const std::string& name) {
  return fs::path(TMALIGN_SHARED_DIR) / "data" / "segmentation" / (name + ".cases");
}

// Cases of a suite where the exported rules agree with the built-in ones: at least `floor`.
void expect_agreement(const std::string& language, const fs::path& path, std::size_t floor) {
  const Agreement a = agreement(language, read_texts(path));
  ASSERT_GT(a.total, 0u) << path;
  std::cout << path.filename().string() << ": " << a.same << "/" << a.total << " cases agree\n";
  EXPECT_GE(a.same, floor) << path << ": " << a.same << "/" << a.total << a.differences;
}

#define SKIP_WITHOUT_SHARED_DATA()                                                 \
  if (!fs::exists(shared_suite("en_golden_rules")))                                \
  GTEST_SKIP() << "shared segmentation suites not found under " TMALIGN_SHARED_DIR \
                  " (set TMALIGN_SHARED_DIR)"

TEST(BuiltinSrx, AgreesWithBuiltInRulesOnEnglishGoldenRules) {
  SKIP_WITHOUT_SHARED_DATA();
  expect_agreement("en", shared_suite("en_golden_rules"), 48);
}

TEST(BuiltinSrx, AgreesWithBuiltInRulesOnRussianPysbd) {
  SKIP_WITHOUT_SHARED_DATA();
  expect_agreement("ru", shared_suite("ru_pysbd"), 42);
}

TEST(BuiltinSrx, AgreesWithBuiltInRulesOnRussianExtra) {
  SKIP_WITHOUT_SHARED_DATA();
  expect_agreement("ru", shared_suite("ru_extra"), 23);
}

TEST(BuiltinSrx, AgreesWithBuiltInRulesOnRussianNews) {
  SKIP_WITHOUT_SHARED_DATA();
  expect_agreement("ru", shared_suite("ru_news_wmt18"), 287);
}

TEST(BuiltinSrx, AgreesWithBuiltInRulesOnHeldOutTexts) {
  const fs::path data = fs::path(TMALIGN_SOURCE_DIR) / "tests" / "segment" / "data";
  expect_agreement("en", data / "heldout_en.cases", 6);
  expect_agreement("ru", data / "heldout_ru.cases", 7);
}

TEST(BuiltinSrx, AgreesWithBuiltInRulesOnSamples) {
  const fs::path samples = fs::path(TMALIGN_SOURCE_DIR) / "samples";
  for (const auto& entry : fs::recursive_directory_iterator(samples)) {
    const std::string name = entry.path().filename().string();
    if (name != "ru.txt" && name != "en.txt") continue;
    const Agreement a = agreement(name.substr(0, 2), {read_file(entry.path())});
    EXPECT_EQ(a.same, 1u) << entry.path() << a.differences;
  }
}

// Texts no one wrote: words of the suites mixed with abbreviations, list markers, dashes, quotes,
// dots and line breaks, at random (fixed seed). The exported rules cannot know where the scanner's
// previous break was (docs/srx.md lists the consequences), so a few of these texts differ; the
// floor is the agreement measured when the rules were written.
std::vector<std::string> adversarial_texts(const std::vector<std::string>& suites, unsigned seed,
                                           std::size_t count) {
  std::vector<std::string> words;
  for (const std::string& suite : suites)
    for (const std::string& text : read_texts(shared_suite(suite))) {
      std::istringstream in(text);
      for (std::string w; in >> w;) words.push_back(w);
    }
  const std::vector<std::string> separators = {" ",    " ",  " ",  " ",   "\n",
                                               "\n\n", "  ", "\t", " \n "};
  const std::vector<std::string> extras = {
      "1.",    "2.",  "a)",    "b)", "—", "- ", "«",  "»",  "...", ". . .", "?!",
      "т. е.", "Mr.", "А. С.", "J.", "(", ")",  "\"", "г.", "5",   "1990",  "• "};
  std::mt19937 random(seed);
  std::vector<std::string> texts;
  for (std::size_t t = 0; t < count; ++t) {
    std::string text;
    for (std::size_t k = 0, n = 5 + random() % 40; k < n; ++k) {
      text += random() % 5 == 0 ? extras[random() % extras.size()] : words[random() % words.size()];
      text += separators[random() % separators.size()];
    }
    texts.push_back(std::move(text));
  }
  return texts;
}

TEST(BuiltinSrx, MostlyAgreesOnAdversarialText) {
  SKIP_WITHOUT_SHARED_DATA();
  const Agreement en = agreement("en", adversarial_texts({"en_golden_rules"}, 1, 500));
  std::cout << "adversarial en: " << en.same << "/" << en.total << " texts agree\n";
  EXPECT_GE(en.same, 485u) << en.differences;
  const Agreement ru = agreement("ru", adversarial_texts({"ru_pysbd", "ru_extra"}, 2, 500));
  std::cout << "adversarial ru: " << ru.same << "/" << ru.total << " texts agree\n";
  EXPECT_GE(ru.same, 489u) << ru.differences;
}

TEST(BuiltinSrx, MapsRussianAndEnglishOnly) {
  const SrxDocument srx = builtin_srx();
  EXPECT_FALSE(srx.rules_for("ru").empty());
  EXPECT_FALSE(srx.rules_for("en-GB").empty());
  EXPECT_NE(srx.rules_for("ru"), srx.rules_for("en"));
  EXPECT_TRUE(srx.rules_for("de").empty());
}

TEST(BuiltinSrx, SurvivesWriteAndRead) {
  const SrxDocument srx = builtin_srx();
  std::ostringstream out;
  write_srx(out, srx);
  EXPECT_EQ(read_srx(out.str(), "builtin.srx"), srx);
}

}  // namespace
}  // namespace tmalign
