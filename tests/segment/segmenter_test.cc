#include "tmalign/segment/segmenter.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <thread>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;

const fs::path kSamples = fs::path(TMALIGN_SOURCE_DIR) / "samples" / "embassy";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::istringstream in(read_file(path));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> texts(const std::vector<Sentence>& sentences) {
  std::vector<std::string> out;
  for (const Sentence& s : sentences) out.push_back(s.text);
  return out;
}

std::vector<std::string> segment(const std::string& language, std::string_view text) {
  return texts(Segmenter({.language = language}).segment(text));
}

// White space as the segmenter trims it, for the characters these tests put in texts.
bool only_white_space(std::string_view s) {
  static const std::string_view kSpaces[] = {
      " ",        "\t",       "\n",           "\r",           "\f",          "\v",
      "\xC2\xA0", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE3\x80\x80"};
  while (!s.empty()) {
    bool matched = false;
    for (std::string_view space : kSpaces) {
      if (s.starts_with(space)) {
        s.remove_prefix(space.size());
        matched = true;
        break;
      }
    }
    if (!matched) return false;
  }
  return true;
}

// The Sentence invariant: text at span, non-empty and trimmed, spans ascending, white space
// (and a leading byte-order mark) between them, paragraphs never decreasing.
void expect_spans_rejoin(std::string_view input, const std::vector<Sentence>& sentences) {
  std::size_t previous_end = input.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  std::size_t previous_paragraph = 0;
  for (const Sentence& s : sentences) {
    ASSERT_LE(previous_end, s.span.start) << "spans overlap or descend at '" << s.text << "'";
    ASSERT_LE(s.span.end, input.size());
    EXPECT_EQ(s.text, input.substr(s.span.start, s.span.size()));
    EXPECT_FALSE(s.text.empty());
    EXPECT_FALSE(only_white_space(s.text.substr(0, 1)));
    EXPECT_FALSE(only_white_space(s.text.substr(s.text.size() - 1)));
    EXPECT_TRUE(only_white_space(input.substr(previous_end, s.span.start - previous_end)))
        << "not white space before '" << s.text << "'";
    EXPECT_GE(s.paragraph, previous_paragraph);
    previous_end = s.span.end;
    previous_paragraph = s.paragraph;
  }
  EXPECT_TRUE(only_white_space(input.substr(previous_end)));
}

TEST(Segmenter, ReproducesTheRussianSample) {
  const std::string text = read_file(kSamples / "ru.txt");
  const auto sentences = Segmenter({.language = "ru"}).segment(text);
  EXPECT_EQ(texts(sentences), read_lines(kSamples / "ru.sents"));
  expect_spans_rejoin(text, sentences);
}

TEST(Segmenter, ReproducesTheEnglishSample) {
  const std::string text = read_file(kSamples / "en.txt");
  const auto sentences = Segmenter({.language = "en"}).segment(text);
  EXPECT_EQ(texts(sentences), read_lines(kSamples / "en.sents"));
  expect_spans_rejoin(text, sentences);
}

TEST(Segmenter, CountsParagraphsOfTheSample) {
  const auto sentences = Segmenter({.language = "ru"}).segment(read_file(kSamples / "ru.txt"));
  ASSERT_EQ(sentences.size(), 13u);
  EXPECT_EQ(sentences[0].paragraph, 0u);   // the heading
  EXPECT_EQ(sentences[4].paragraph, 4u);   // "В посольстве напомнили ..."
  EXPECT_EQ(sentences[5].paragraph, 4u);   // "Это касается в т. ч. ..."
  EXPECT_EQ(sentences[12].paragraph, 8u);  // the last one
}

TEST(Segmenter, MarksTheSentencesThatEndALine) {
  const Segmenter segmenter({.language = "en"});
  const auto sentences = segmenter.segment("Title\nOne. Two.\n\nThree.  Four");
  ASSERT_EQ(sentences.size(), 5u);
  EXPECT_TRUE(sentences[0].ends_line);   // "Title", a line of its own
  EXPECT_FALSE(sentences[1].ends_line);  // "One." goes on with "Two."
  EXPECT_TRUE(sentences[2].ends_line);
  EXPECT_FALSE(sentences[3].ends_line);
  EXPECT_TRUE(sentences[4].ends_line);  // the end of the text
}

TEST(Segmenter, SpansRejoinOnRandomText) {
  const std::vector<std::string> pieces = {
      "a",    "Б",        "ы",   " ",  "  ",   ".",        "!",    "?",
      "«",    "»",        "\"",  "“",  "”",    "\n",       "\n\n", "\r\n",
      "\t",   "\xC2\xA0", "😀",   "т.", "Mr.",  "г.",       "5",    "3.5",
      "…",    "—",        " - ", "А.", "U.S.", "(",        ")",    "\xE2\x80\xA8",
      "Word", "слово",    "I.",  "1.", "\r",   "\xC2\x85", "Д. ",  "etc. "};
  std::mt19937 random(20240531);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), length(0, 60);
  const Segmenter segmenters[] = {Segmenter({.language = "ru"}), Segmenter({.language = "en"}),
                                  Segmenter({.language = "de"})};
  for (int round = 0; round < 400; ++round) {
    std::string text = round % 7 == 0 ? "\xEF\xBB\xBF" : "";
    for (std::size_t n = length(random); n > 0; --n) text += pieces[pick(random)];
    for (const Segmenter& segmenter : segmenters) {
      SCOPED_TRACE("language " + segmenter.options().language + ", text '" + text + "'");
      expect_spans_rejoin(text, segmenter.segment(text));
    }
  }
}

TEST(Segmenter, GivesNothingForEmptyOrWhiteSpaceText) {
  const Segmenter segmenter({.language = "ru"});
  EXPECT_TRUE(segmenter.segment("").empty());
  EXPECT_TRUE(segmenter.segment(" \n\t\r\n\xC2\xA0 \n").empty());
  EXPECT_TRUE(segmenter.segment("\xEF\xBB\xBF").empty());
}

TEST(Segmenter, LeavesTheByteOrderMarkOutOfTheFirstSentence) {
  const std::string text = "\xEF\xBB\xBFHello. World.";
  const auto sentences = Segmenter({.language = "en"}).segment(text);
  ASSERT_EQ(sentences.size(), 2u);
  EXPECT_EQ(sentences[0].text, "Hello.");
  EXPECT_EQ(sentences[0].span, (Span{3, 9}));
}

TEST(Segmenter, CountsParagraphsSeparatedByBlankLines) {
  const std::string text = "\n\nFirst one. Second one.\n \t\nThird.\r\n\r\nFourth\nFifth.\n\n\n";
  const auto sentences = Segmenter({.language = "en"}).segment(text);
  ASSERT_EQ(texts(sentences),
            (std::vector<std::string>{"First one.", "Second one.", "Third.", "Fourth", "Fifth."}));
  EXPECT_EQ(sentences[0].paragraph, 0u);
  EXPECT_EQ(sentences[1].paragraph, 0u);
  EXPECT_EQ(sentences[2].paragraph, 1u);
  EXPECT_EQ(sentences[3].paragraph, 2u);
  EXPECT_EQ(sentences[4].paragraph, 2u);  // a single line break is no paragraph break
  expect_spans_rejoin(text, sentences);
}

TEST(Segmenter, EndsAHeadingWithoutPunctuationAtTheLineBreak) {
  EXPECT_EQ(segment("ru", "Глава 1\nВведение\nТекст начинается здесь."),
            (std::vector<std::string>{"Глава 1", "Введение", "Текст начинается здесь."}));
  EXPECT_EQ(
      segment("en", "Ingredients:\n- flour\n- sugar\n1. Mix them\n2. Bake"),
      (std::vector<std::string>{"Ingredients:", "- flour", "- sugar", "1. Mix them", "2. Bake"}));
}

TEST(Segmenter, JoinsHardWrappedLinesOfAParagraph) {
  EXPECT_EQ(segment("ru", "Дорога шла вдоль реки, мимо старой\nмельницы. Там\nбыло тихо."),
            (std::vector<std::string>{"Дорога шла вдоль реки, мимо старой\nмельницы.",
                                      "Там\nбыло тихо."}));
  // A line that ends with a comma goes on; an abbreviation at the end of a line too.
  EXPECT_EQ(
      segment("en", "We met Mr.\nSmith and his wife,\nJane, at noon.\nThey left."),
      (std::vector<std::string>{"We met Mr.\nSmith and his wife,\nJane, at noon.", "They left."}));
  // A dialogue line after a line break is a new sentence.
  EXPECT_EQ(segment("ru", "Он ушёл.\n— Куда? — спросила она."),
            (std::vector<std::string>{"Он ушёл.", "— Куда? — спросила она."}));
}

TEST(Segmenter, SplitsInlineListsBeforeTheNextItem) {
  EXPECT_EQ(segment("en", "1) The first item 2) The second item"),
            (std::vector<std::string>{"1) The first item", "2) The second item"}));
  EXPECT_EQ(segment("en", "a. The first item b. The second item"),
            (std::vector<std::string>{"a. The first item", "b. The second item"}));
  EXPECT_EQ(
      segment("ru", "1.1. Поставщик передаёт товар.\n1.2. Покупатель платит."),
      (std::vector<std::string>{"1.1. Поставщик передаёт товар.", "1.2. Покупатель платит."}));
  // Numbers that are not the next item change nothing.
  EXPECT_EQ(segment("en", "1. Buy 2 apples and 3. pears"),
            (std::vector<std::string>{"1. Buy 2 apples and 3. pears"}));
}

TEST(Segmenter, ReadsSpacedEllipsesAsOmissions) {
  EXPECT_EQ(
      segment("en", "It was . . . strange. Then it ended . . . . Next one."),
      (std::vector<std::string>{"It was . . . strange.", "Then it ended . . . .", "Next one."}));
  EXPECT_EQ(segment("en", "He wrote compounds. . . . The practice went on."),
            (std::vector<std::string>{"He wrote compounds.", ". . . The practice went on."}));
  EXPECT_EQ(segment("en", "\"Bohr [...] used stairways [...]\" (Smith 55)."),
            (std::vector<std::string>{"\"Bohr [...] used stairways [...]\" (Smith 55)."}));
}

TEST(Segmenter, KeepsDirectSpeechWithTheAuthorsWords) {
  const std::vector<std::string> whole = {
      "«Как же так?! Захар...» — воскликнул Пронин.",
      "Он принял решение, - заявили на предприятии. - Андрей выполнил задачу.",
      "— Ты придёшь? — спросила она.",
  };
  for (const std::string& text : whole) EXPECT_EQ(segment("ru", text), std::vector{text});
  // In a dialogue paragraph a dash after a sentence end starts the next line of speech.
  EXPECT_EQ(segment("ru", "— Я устал, — сказал он. — Пойдём домой."),
            (std::vector<std::string>{"— Я устал, — сказал он.", "— Пойдём домой."}));
}

TEST(Segmenter, KeepsTimeAdverbialsAndUnitsInsideASentence) {
  EXPECT_EQ(segment("en", "At 5 a.m. Mr. Smith left. He came back at 6 P.M. Mr. Jones did not."),
            (std::vector<std::string>{"At 5 a.m. Mr. Smith left.", "He came back at 6 P.M.",
                                      "Mr. Jones did not."}));
  EXPECT_EQ(segment("ru", "В 2017 г. \"Новый Свет\" выпустил вино. Встреча в 18 ч. 30 мин."),
            (std::vector<std::string>{"В 2017 г. \"Новый Свет\" выпустил вино.",
                                      "Встреча в 18 ч. 30 мин."}));
  // A date with a day and a month before the year opens a sentence the same way.
  EXPECT_EQ(segment("ru",
                    "С 1 января 2019 г. Минфин ввёл правило. В январе 2019 г. Минфин "
                    "отменил его. Это было в 1799 г. Тогда он родился."),
            (std::vector<std::string>{"С 1 января 2019 г. Минфин ввёл правило.",
                                      "В январе 2019 г. Минфин отменил его.", "Это было в 1799 г.",
                                      "Тогда он родился."}));
  EXPECT_EQ(segment("en", "It was sold to Globex Inc. (the Buyer) in May."),
            (std::vector<std::string>{"It was sold to Globex Inc. (the Buyer) in May."}));
}

TEST(Segmenter, EndsALineBeforeABracketedListItem) {
  EXPECT_EQ(segment("en",
                    "Each party shall:\n(a) deliver the goods; and\n(b) pay the price.\n"
                    "It ends here.\n(c) notify the other party."),
            (std::vector<std::string>{"Each party shall:", "(a) deliver the goods; and",
                                      "(b) pay the price.", "It ends here.",
                                      "(c) notify the other party."}));
}

TEST(Segmenter, KeepsANumberedHeadingLabelWithItsTitle) {
  EXPECT_EQ(segment("ru", "Статья 5. Права сторон\nГлава IV. Возвращение"),
            (std::vector<std::string>{"Статья 5. Права сторон", "Глава IV. Возвращение"}));
  EXPECT_EQ(segment("en", "Section 2.1. Scope. It applies. See Section 2. It explains."),
            (std::vector<std::string>{"Section 2.1. Scope.", "It applies.", "See Section 2.",
                                      "It explains."}));
}

TEST(Segmenter, KeepsRussianAbbreviationsTogether) {
  const std::vector<std::string> whole = {
      "Это голословные, т. е. ничем не подкреплённые обвинения.",
      "Это касается в т. ч. и обеспечения информационной безопасности.",
      "Она провела 28 октября с. г. «масштабную кибератаку».",
      "Т.е. ОБЯЗАТЕЛЬНО письменно.",
      "Москва, ул. Ленина, д. 5.",
      "Под ред. проф. Иванова вышла книга.",
      "См. рис. 5 на с. 12.",
      "Родился в 5 в. до н. э. в Греции.",
      "В 2010-2012 гг. Виктор посещал г. Волгоград неоднократно.",
      "Цена составляет 1.5 руб. за штуку.",
  };
  for (const std::string& text : whole) EXPECT_EQ(segment("ru", text), std::vector{text});
}

TEST(Segmenter, BreaksAfterRussianAbbreviationsThatEndSentences) {
  EXPECT_EQ(segment("ru", "И т. д. и т. п. В общем, вся газета"),
            (std::vector<std::string>{"И т. д. и т. п.", "В общем, вся газета"}));
  EXPECT_EQ(segment("ru", "Это было в 1799 г. Тогда он родился."),
            (std::vector<std::string>{"Это было в 1799 г.", "Тогда он родился."}));
  EXPECT_EQ(segment("ru", "Это было в XIX в. Тогда всё изменилось."),
            (std::vector<std::string>{"Это было в XIX в.", "Тогда всё изменилось."}));
  EXPECT_EQ(segment("ru", "Это стоит 100 тыс. руб. Дорого!"),
            (std::vector<std::string>{"Это стоит 100 тыс. руб.", "Дорого!"}));
  EXPECT_EQ(segment("ru", "Поддержали также СМИ. Никаких доказательств нет."),
            (std::vector<std::string>{"Поддержали также СМИ.", "Никаких доказательств нет."}));
}

TEST(Segmenter, KeepsRussianInitialsTogether) {
  const std::vector<std::string> whole = {
      "А. С. Пушкин родился в 1799 г. в Москве.",
      "Как отмечал пресс-секретарь Д. Песков, отрасли атакуют.",
      "Госсекретарь США М. Помпео поддержал обвинения.",
      "Л.Н. Толстой написал \"Войну и мир\".",
      "Влияние взглядов Л. В. Щербы на науку.",
  };
  for (const std::string& text : whole) EXPECT_EQ(segment("ru", text), std::vector{text});
  // A Latin letter before a Russian word is no initial.
  EXPECT_EQ(segment("ru", "Это поколение X. Сознательно мимо проносят еду."),
            (std::vector<std::string>{"Это поколение X.", "Сознательно мимо проносят еду."}));
}

TEST(Segmenter, StartsSentencesAtDialogueDashesAndNumbers) {
  EXPECT_EQ(segment("ru", "— Ты ей скажи, что я ей гостинца дам. — А мне дашь?"),
            (std::vector<std::string>{"— Ты ей скажи, что я ей гостинца дам.", "— А мне дашь?"}));
  EXPECT_EQ(segment("ru", "Талибан заявил, что атаку произвели они. 31 мая погибли люди."),
            (std::vector<std::string>{"Талибан заявил, что атаку произвели они.",
                                      "31 мая погибли люди."}));
  // Inside «» quotes a dash is the author's words, not a new line of dialogue.
  const std::string quoted = "«К чему ты готовишься? – спросила мама. – Завтра ведь выходной».";
  EXPECT_EQ(segment("ru", quoted), std::vector{quoted});
}

TEST(Segmenter, FollowsEnglishGoldenRules) {
  const std::vector<std::string> whole = {
      "Mr. Smith went to Washington with Mrs. Smith and Dr. Jones.",
      "I work for the U.S. Government in Virginia.",
      "Cities like e.g. Paris, i.e. big ones, are expensive.",
      "She has $100.00 in her bag and 3.5 kg of rice.",
      "J. R. R. Tolkien wrote it.",
      "My name is Jonas E. Smith.",
      "Please turn to p. 55.",
      "I can see Mt. Fuji from here.",
      "They bought apples, pears etc. and went home.",
      "She works at Yahoo! in the accounting department.",
      "1. The first item.",
  };
  for (const std::string& text : whole) EXPECT_EQ(segment("en", text), std::vector{text});
  EXPECT_EQ(segment("en", "I live in the U.S. How about you?"),
            (std::vector<std::string>{"I live in the U.S.", "How about you?"}));
  EXPECT_EQ(segment("en", "We make a good team, you and I. Did you see Albert I. Jones?"),
            (std::vector<std::string>{"We make a good team, you and I.",
                                      "Did you see Albert I. Jones?"}));
  EXPECT_EQ(segment("en", "They bought apples, pears etc. The shop closed."),
            (std::vector<std::string>{"They bought apples, pears etc.", "The shop closed."}));
  EXPECT_EQ(segment("en", "Let's ask Jane and co. They should know."),
            (std::vector<std::string>{"Let's ask Jane and co.", "They should know."}));
}

TEST(Segmenter, FallsBackToIcuForOtherLanguages) {
  // German and French get ICU's rules with ICU's own abbreviation suppressions.
  EXPECT_EQ(segment("de", "Dr. Müller kommt. Er ist da."),
            (std::vector<std::string>{"Dr. Müller kommt.", "Er ist da."}));
  EXPECT_EQ(segment("fr-CA", "M. Dupont est là. Il parle."),
            (std::vector<std::string>{"M. Dupont est là.", "Il parle."}));
  // A well-formed tag ICU has no data for gets the root rules.
  EXPECT_EQ(segment("xx", "M. Dupont est là. Il parle."),
            (std::vector<std::string>{"M.", "Dupont est là.", "Il parle."}));
}

TEST(SegmenterOptions, RejectsLanguagesThatAreNotBcp47Tags) {
  for (const std::string bad : {"", "ru_RU", "english", "12", "r", "en-", "ru RU"}) {
    try {
      Segmenter({.language = bad});
      ADD_FAILURE() << "no exception for '" << bad << "'";
    } catch (const OptionError& e) {
      EXPECT_NE(std::string(e.what()).find("'" + bad + "'"), std::string::npos) << e.what();
    }
  }
  for (const std::string good : {"ru", "en-US", "de-CH", "sr-Latn-RS", "zh-Hant", "EN"})
    EXPECT_NO_THROW(SegmenterOptions{.language = good}.validate()) << good;
}

TEST(Segmenter, GivesTheSameSentencesFromSeveralThreads) {
  const std::string text = read_file(kSamples / "ru.txt");
  const Segmenter segmenter({.language = "ru"});
  const auto expected = segmenter.segment(text);
  std::vector<std::vector<Sentence>> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results)
    threads.emplace_back([&segmenter, &text, &result] {
      for (int i = 0; i < 20; ++i) result = segmenter.segment(text);
    });
  for (std::thread& t : threads) t.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

TEST(Segmenter, SurvivesBeingMoved) {
  Segmenter first({.language = "ru"});
  Segmenter second = std::move(first);
  EXPECT_EQ(second.options().language, "ru");
  EXPECT_EQ(texts(second.segment("Раз. Два.")), (std::vector<std::string>{"Раз.", "Два."}));
}

}  // namespace
}  // namespace tmalign

namespace tmalign {
namespace {

TEST(Segmenter, LetsAUserSrxRuleChangeABreak) {
  // A no-break rule keeps a built-in break from happening ...
  const Segmenter keep({.language = "en", .user_rules = {{false, "Club\\.", "\\s"}}});
  EXPECT_EQ(texts(keep.segment("We met at the Club. House rules apply. Then we left.")),
            (std::vector<std::string>{"We met at the Club. House rules apply.", "Then we left."}));
  // ... and a break rule adds one the built-in rules do not make.
  const Segmenter split({.language = "ru", .user_rules = {{true, ";", "\\s"}}});
  const std::string text = "Раз; два. Три.";
  const auto sentences = split.segment(text);
  EXPECT_EQ(texts(sentences), (std::vector<std::string>{"Раз;", "два.", "Три."}));
  expect_spans_rejoin(text, sentences);
}

TEST(Segmenter, AppliesOnlyTheUserRulesWhenAsked) {
  const Segmenter segmenter(
      {.language = "en", .user_rules = {{true, "[.!?]", "\\s"}}, .rules_only = true});
  const std::string text = "Mr. Smith left. He did\nnot stay.\n\nNew paragraph";
  const auto sentences = segmenter.segment(text);
  EXPECT_EQ(texts(sentences),
            (std::vector<std::string>{"Mr.", "Smith left.", "He did\nnot stay.", "New paragraph"}));
  EXPECT_EQ(sentences.back().paragraph, 1u);  // blank lines still end paragraphs
  expect_spans_rejoin(text, sentences);
}

}  // namespace
}  // namespace tmalign
