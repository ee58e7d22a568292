#include "tmalign/align/aligner.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>
#include <utility>

#include "test_util.h"
#include "tmalign/core/error.h"
#include "tmalign/core/text.h"
#include "tmalign/segment/segmenter.h"

namespace tmalign {
namespace {

using test::expect_covers;
using test::format_bead;
using test::read_lines;
using test::sentences_from_lines;

const std::string kSample = std::string(TMALIGN_SOURCE_DIR) + "/samples/embassy/";

std::vector<std::string> formatted(const Alignment& alignment) {
  std::vector<std::string> out;
  for (const Bead& bead : alignment) out.push_back(format_bead(bead));
  return out;
}

TEST(Aligner, ReproducesTheEmbassySampleGold) {
  const auto ru = sentences_from_lines(read_lines(kSample + "ru.sents"));
  const auto en = sentences_from_lines(read_lines(kSample + "en.sents"));
  const auto gold = read_lines(kSample + "gold.align");
  ASSERT_EQ(ru.size(), 13u);
  ASSERT_EQ(en.size(), 13u);
  const Aligner aligner({.source_lang = "ru", .target_lang = "en"});
  EXPECT_EQ(formatted(aligner.align(ru, en)), gold);
}

TEST(Aligner, AlignsEnglishToRussianAsTheMirrorOfRussianToEnglish) {
  const auto ru = sentences_from_lines(read_lines(kSample + "ru.sents"));
  const auto en = sentences_from_lines(read_lines(kSample + "en.sents"));
  const Alignment forward = Aligner({.source_lang = "ru", .target_lang = "en"}).align(ru, en);
  const Alignment backward = Aligner({.source_lang = "en", .target_lang = "ru"}).align(en, ru);
  ASSERT_EQ(forward.size(), backward.size());
  for (std::size_t k = 0; k < forward.size(); ++k) {
    EXPECT_EQ(forward[k].source, backward[k].target);
    EXPECT_EQ(forward[k].target, backward[k].source);
  }
}

TEST(Aligner, EmptySidesGiveDeletionsOnly) {
  const Aligner aligner;
  EXPECT_TRUE(aligner.align({}, {}).empty());
  const auto en = sentences_from_lines({"One.", "Two."});
  const Alignment only_target = aligner.align({}, en);
  ASSERT_EQ(only_target.size(), 2u);
  EXPECT_EQ(format_bead(only_target[0]), "[]:[0]");
  EXPECT_EQ(format_bead(only_target[1]), "[]:[1]");
  const Alignment only_source = aligner.align(en, {});
  ASSERT_EQ(only_source.size(), 2u);
  EXPECT_EQ(format_bead(only_source[1]), "[1]:[]");
}

TEST(Aligner, LeavesAnUntranslatedSentenceAlone) {
  // Eight translated sentences, each with its own year, and one Russian sentence without
  // translation between the fourth and the fifth. Merging it into a neighbour's bead would double
  // that bead's Russian length; leaving it out costs only the 1-0 prior.
  std::vector<std::string> ru_lines;
  std::vector<std::string> en_lines;
  for (int k = 0; k < 8; ++k) {
    const std::string year = std::to_string(2001 + k);
    ru_lines.push_back("В " + year +
                       " году посольство снова выразило своё разочарование тем, что "
                       "обвинения в кибератаках ничем не подкреплены и основаны на домыслах.");
    en_lines.push_back("In " + year +
                       " the embassy again expressed its disappointment that the "
                       "cyber attack allegations were unsubstantiated and based on speculation.");
  }
  ru_lines.insert(
      ru_lines.begin() + 4,
      "Редакция напоминает, что комментарии к этой статье закрыты по просьбе читателей, "
      "а архив материалов доступен в разделе сайта.");
  const Alignment alignment =
      Aligner().align(sentences_from_lines(ru_lines), sentences_from_lines(en_lines));
  const std::vector<std::string> beads = formatted(alignment);
  ASSERT_EQ(beads.size(), 9u) << ::testing::PrintToString(beads);
  EXPECT_EQ(beads[3], "[3]:[3]");
  EXPECT_EQ(beads[4], "[4]:[]");
  EXPECT_EQ(beads[5], "[5]:[4]");
  EXPECT_LT(alignment[4].score, alignment[3].score);
}

TEST(Aligner, CoversEverySentenceOnceInOrderWithScoresInTheUnitInterval) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> count(0, 25);
  std::uniform_int_distribution<int> words(1, 30);
  std::uniform_int_distribution<int> number(0, 40);
  const auto random_text = [&](std::size_t n, const std::string& word) {
    std::vector<std::string> lines;
    for (std::size_t k = 0; k < n; ++k) {
      std::string line;
      for (int w = words(rng); w > 0; --w) line += word + " ";
      lines.push_back(line + std::to_string(number(rng)) + ".");
    }
    return sentences_from_lines(lines);
  };
  const Aligner aligner;
  for (int trial = 0; trial < 40; ++trial) {
    const auto ru = random_text(count(rng), "слово");
    const auto en = random_text(count(rng), "word");
    const Alignment alignment = aligner.align(ru, en);
    expect_covers(alignment, ru.size(), en.size());
    for (const Bead& bead : alignment) {
      EXPECT_GE(bead.score, 0.0);
      EXPECT_LE(bead.score, 1.0);
    }
  }
}

TEST(Aligner, ClearPairsScoreHigh) {
  const auto ru = sentences_from_lines(read_lines(kSample + "ru.sents"));
  const auto en = sentences_from_lines(read_lines(kSample + "en.sents"));
  const Alignment alignment = Aligner().align(ru, en);
  ASSERT_FALSE(alignment.empty());
  EXPECT_GT(alignment[7].score, 0.9);  // the Konstantinidi sentence: long, a name and a number
}

TEST(AlignerOptions, RejectsEmptyMalformedAndUnknownLanguages) {
  EXPECT_NO_THROW((AlignerOptions{.source_lang = "ru", .target_lang = "en-GB"}.validate()));
  EXPECT_NO_THROW((AlignerOptions{.source_lang = "sr-Latn-RS", .target_lang = "de"}.validate()));
  EXPECT_THROW((AlignerOptions{.source_lang = "", .target_lang = "en"}.validate()), OptionError);
  try {
    AlignerOptions{.source_lang = "ru", .target_lang = "en_US!"}.validate();
    FAIL() << "expected OptionError";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("'en_US!'"), std::string::npos) << e.what();
  }
  try {
    AlignerOptions{.source_lang = "xq", .target_lang = "en"}.validate();
    FAIL() << "expected OptionError";
  } catch (const OptionError& e) {
    EXPECT_NE(std::string(e.what()).find("'xq'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Aligner({.source_lang = "english", .target_lang = "ru"}), OptionError);
}

TEST(MakeUnits, JoinsSidesAndSkipsDeletionsAndDoubtfulBeads) {
  const auto ru = sentences_from_lines({"А.", "Б.", "В.", "Г."});
  const auto en = sentences_from_lines({"A.", "B.", "C."});
  const Alignment alignment = {
      Bead{.source = {0, 1}, .target = {0}, .score = 0.9},
      Bead{.source = {2}, .target = {}, .score = 0.8},
      Bead{.source = {}, .target = {1}, .score = 0.7},
      Bead{.source = {3}, .target = {2}, .score = 0.3},
  };
  const AlignerOptions languages{.source_lang = "ru", .target_lang = "en"};
  const auto units = make_units(alignment, ru, en, languages, "doc.txt");
  ASSERT_EQ(units.size(), 2u);
  EXPECT_EQ(units[0], (TranslationUnit{.source = "А. Б.",
                                       .target = "A.",
                                       .source_lang = "ru",
                                       .target_lang = "en",
                                       .document = "doc.txt",
                                       .position = 0,
                                       .score = 0.9,
                                       .context_before = context_hash(""),
                                       .context_after = context_hash("В.")}));
  EXPECT_EQ(units[1].source, "Г.");
  EXPECT_EQ(units[1].position, 3);
  // The context is the source sentence before and after, whatever became of their beads.
  EXPECT_EQ(units[1].context_before, context_hash("В."));
  EXPECT_EQ(units[1].context_after, context_hash(""));
  EXPECT_DOUBLE_EQ(units[1].score, 0.3);
  const auto confident = make_units(alignment, ru, en, languages, "doc.txt", 0.5);
  ASSERT_EQ(confident.size(), 1u);
  EXPECT_EQ(confident[0].target, "A.");
}


// Sentences with paragraph numbers: {text, paragraph}.
std::vector<Sentence> with_paragraphs(const std::vector<std::pair<std::string, std::size_t>>& lines) {
  std::vector<Sentence> out;
  std::size_t offset = 0;
  for (const auto& [text, paragraph] : lines) {
    out.push_back(Sentence{.text = text, .span = {offset, offset + text.size()},
                           .paragraph = paragraph});
    offset += text.size() + 2;
  }
  return out;
}

TEST(Aligner, NeverJoinsAHeadingToBodyText) {
  // The English merges nothing, but its heading is long and the Russian one short: by length alone
  // "Глава 1" + the first sentence would fit the long English heading better.
  const auto ru = with_paragraphs({{"Глава 1", 0},
                                   {"В этой главе рассказано, как начинается работа.", 1},
                                   {"Он пришёл домой поздно вечером.", 1}});
  const auto en = with_paragraphs({{"Chapter One, in which the work begins at last", 0},
                                   {"This chapter tells how it starts.", 1},
                                   {"He came home late in the evening.", 1}});
  const Alignment beads = Aligner({.source_lang = "ru", .target_lang = "en"}).align(ru, en);
  for (const Bead& bead : beads) {
    if (std::find(bead.source.begin(), bead.source.end(), 0u) != bead.source.end()) {
      EXPECT_EQ(bead.source.size(), 1u) << format_bead(bead);
    }
    if (std::find(bead.target.begin(), bead.target.end(), 0u) != bead.target.end()) {
      EXPECT_EQ(bead.target.size(), 1u) << format_bead(bead);
    }
  }
}

TEST(Aligner, ADictionaryPairsEachTranslationWithItsSourceAroundAnOmission) {
  // Sentences of about one length; the translator left out the third. Length alone cannot tell
  // which one is missing; the words can. (The omitted sentence itself goes into a neighbour's 2-1
  // bead: with Gale & Church's priors a merge is nine times likelier than an omission.)
  const auto ru = sentences_from_lines({
      "Серая кошка спит весь день на тёплой крыше старого дома.",
      "Большая собака громко лает на почтальона у синих ворот.",
      "Маленькая птица поёт над рекой и летит к высокому лесу.",
      "Мальчик читает интересную книгу о море в тихой комнате.",
      "Девочка рисует красивый цветок яркими красками в саду.",
  });
  const auto en = sentences_from_lines({
      "The grey cat sleeps all day on the warm roof of an old house.",
      "A big dog barks loudly at the postman by the blue gate.",
      "The boy reads an interesting book about the sea in a quiet room.",
      "The girl paints a beautiful flower with bright colours in the garden.",
  });
  BilingualDictionary dictionary("ru", "en");
  for (const auto& [r, e] : std::vector<std::pair<std::string, std::string>>{
           {"кошка", "cat"},     {"спать", "sleep"},        {"крыша", "roof"},
           {"тёплый", "warm"},   {"дом", "house"},          {"собака", "dog"},
           {"лаять", "bark"},    {"почтальон", "postman"},  {"ворота", "gate"},
           {"птица", "bird"},    {"петь", "sing"},          {"река", "river"},
           {"лес", "forest"},    {"мальчик", "boy"},        {"читать", "read"},
           {"книга", "book"},    {"море", "sea"},           {"комната", "room"},
           {"девочка", "girl"},  {"рисовать", "paint"},     {"цветок", "flower"},
           {"краска", "colour"}, {"сад", "garden"},         {"красивый", "beautiful"}})
    dictionary.add(r, e);
  const std::vector<std::size_t> source_of_target = {0, 1, 3, 4};
  const Alignment beads =
      Aligner({.source_lang = "ru", .target_lang = "en"}, &dictionary).align(ru, en);
  for (const Bead& bead : beads)
    for (const std::size_t t : bead.target)
      EXPECT_NE(std::find(bead.source.begin(), bead.source.end(), source_of_target[t]),
                bead.source.end())
          << "English " << t << " in " << format_bead(bead);
}

TEST(Aligner, ADictionaryForAnotherLanguagePairIsRefused) {
  BilingualDictionary german_french("de", "fr");
  german_french.add("Haus", "maison");
  EXPECT_THROW(Aligner({.source_lang = "ru", .target_lang = "en"}, &german_french), OptionError);
  // Regional variants of the same languages are the same pair.
  BilingualDictionary russian_english("ru", "en");
  EXPECT_NO_THROW(Aligner({.source_lang = "ru-RU", .target_lang = "en-GB"}, &russian_english));
}

TEST(Aligner, LongTextsTakeTheCoarseToFinePathAndStillAlignEverySentence) {
  // 5 000 sentences a side (over the direct limit): the sample repeated, each copy numbered.
  const auto ru_lines = read_lines(kSample + "ru.sents");
  const auto en_lines = read_lines(kSample + "en.sents");
  std::vector<std::string> ru;
  std::vector<std::string> en;
  for (std::size_t copy = 0; ru.size() < 5000; ++copy) {
    for (const std::string& line : ru_lines) ru.push_back(line + " " + std::to_string(copy));
    for (const std::string& line : en_lines) en.push_back(line + " " + std::to_string(copy));
  }
  const Alignment beads = Aligner({.source_lang = "ru", .target_lang = "en"})
                              .align(sentences_from_lines(ru), sentences_from_lines(en));
  expect_covers(beads, ru.size(), en.size());
  // Every copy is aligned as the sample's gold is.
  const auto gold = read_lines(kSample + "gold.align");
  const std::vector<std::string> got = formatted(beads);
  ASSERT_GE(got.size(), gold.size());
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.begin() + static_cast<long>(gold.size())),
            gold);
  EXPECT_EQ(got.size() % gold.size(), 0u);
}


TEST(Aligner, NeverJoinsAHeadingLineToTheTextBelowIt) {
  // From raw text: the headings are lines of their own in the same paragraph as the text.
  const Segmenter ru_segmenter({.language = "ru"});
  const Segmenter en_segmenter({.language = "en"});
  const auto ru = ru_segmenter.segment(
      "Глава 1\nВ этой главе рассказано, как начинается работа. Он пришёл домой поздно.\n");
  const auto en = en_segmenter.segment(
      "Chapter One, in which the work begins at last\nThis chapter tells how it starts. "
      "He came home late.\n");
  ASSERT_EQ(ru.size(), 3u);
  ASSERT_EQ(en.size(), 3u);
  EXPECT_TRUE(ru[0].ends_line);
  EXPECT_FALSE(ru[1].ends_line);
  const Alignment beads = Aligner({.source_lang = "ru", .target_lang = "en"}).align(ru, en);
  EXPECT_EQ(formatted(beads), std::vector<std::string>({"[0]:[0]", "[1]:[1]", "[2]:[2]"}));
}


TEST(Aligner, OneAlignerServesSeveralThreadsAtOnce) {
  const auto ru = sentences_from_lines(read_lines(kSample + "ru.sents"));
  const auto en = sentences_from_lines(read_lines(kSample + "en.sents"));
  BilingualDictionary dictionary("ru", "en");
  dictionary.add("посольство", "embassy");
  const Aligner aligner({.source_lang = "ru", .target_lang = "en"}, &dictionary);
  const std::vector<std::string> expected = formatted(aligner.align(ru, en));
  std::vector<std::vector<std::string>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results)
    threads.emplace_back([&] {
      for (int k = 0; k < 5; ++k) result = formatted(aligner.align(ru, en));
    });
  for (std::thread& t : threads) t.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

}  // namespace
}  // namespace tmalign
