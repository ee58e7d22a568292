#include "align/lexical.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace tmalign::align {
namespace {

std::vector<std::string_view> views(const std::vector<std::string>& texts) {
  return {texts.begin(), texts.end()};
}

std::uint32_t id_of(const StemmedText& text, const std::string& stem) {
  const auto it = std::find(text.stems.begin(), text.stems.end(), stem);
  return it == text.stems.end() ? 0xFFFFFFFFu : static_cast<std::uint32_t>(it - text.stems.begin());
}

Bead one_to_one(std::size_t k) { return Bead{.source = {k}, .target = {k}, .score = 0.0}; }

// Both texts stemmed, the given (Russian stem, English stem) pairs as translations, and the
// lexical evidence add_lexical_evidence() gives each sentence.
struct LexicalCase {
  StemmedText source;
  StemmedText target;
  std::vector<SentenceFeatures> source_features;
  std::vector<SentenceFeatures> target_features;
};

LexicalCase lexical_case(const std::vector<std::string>& ru, const std::vector<std::string>& en,
                         const std::vector<std::pair<std::string, std::string>>& pairs,
                         double max_sentence_share = 0.1, std::size_t max_translations = 6) {
  LexicalCase c{stem_sentences(views(ru), Stemmer("ru")), stem_sentences(views(en), Stemmer("en")),
                std::vector<SentenceFeatures>(ru.size()), std::vector<SentenceFeatures>(en.size())};
  Translations translations(c.source.stems.size());
  for (const auto& [r, e] : pairs) translations.add(id_of(c.source, r), id_of(c.target, e));
  translations.finish();
  add_lexical_evidence(c.source, c.target, translations, c.source_features, c.target_features,
                       max_sentence_share, max_translations);
  return c;
}

TEST(StemSentences, InflectedFormsShareOneIdAndShortWordsAndDigitsAreLeftOut) {
  const std::vector<std::string> texts = {"Дома и домами: 25 домов.", "Дом стоит."};
  const StemmedText text = stem_sentences(views(texts), Stemmer("ru"));
  ASSERT_EQ(text.sentences(), 2u);
  const std::uint32_t house = id_of(text, "дом");
  ASSERT_NE(house, 0xFFFFFFFFu);
  // "и" is one letter: no word; "25" is no word.
  EXPECT_EQ(std::vector<std::uint32_t>(text.sentence(0).begin(), text.sentence(0).end()),
            std::vector<std::uint32_t>({house, house, house}));
  EXPECT_EQ(text.sentences_with[house], 2u);
}

TEST(StemSentences, IllFormedBytesAreSkippedNotFatal) {
  const std::vector<std::string> texts = {std::string("ab\xFF\xFE" "cd ef")};
  const StemmedText text = stem_sentences(views(texts), Stemmer::lower_case_only("en"));
  EXPECT_EQ(text.sentences(), 1u);
  EXPECT_GE(text.sentence(0).size(), 2u);
}

TEST(TranslationsFromLexicon, KeepsOnlyPairsBetweenStemsOfTheTwoTexts) {
  Lexicon lexicon("ru", "en");
  lexicon.add_pair("дом", "house");
  lexicon.add_pair("дом", "home");
  lexicon.add_pair("кошка", "cat");
  lexicon.freeze();
  const std::vector<std::string> ru = {"Большой дом."};
  const std::vector<std::string> en = {"A big house.", "Houses."};
  const StemmedText source = stem_sentences(views(ru), lexicon.source_stemmer());
  const StemmedText target = stem_sentences(views(en), lexicon.target_stemmer());
  const Translations translations = translations_from_lexicon(source, target, lexicon);
  const auto of = translations.of(id_of(source, "дом"));
  ASSERT_EQ(of.size(), 1u);  // "home" is not in the English text
  EXPECT_EQ(target.stems[of[0]], "hous");
  EXPECT_EQ(translations.pairs(), 1u);
}

TEST(LearnTranslations, ModelOneFindsWordsThatTranslateEachOther) {
  // Twelve 1-1 sentence pairs; "кот"/"cat" and "собака"/"dog" co-occur, fillers vary.
  const std::vector<std::string> fillers_ru = {"утром", "вечером", "днём", "ночью"};
  const std::vector<std::string> fillers_en = {"morning", "evening", "daytime", "night"};
  std::vector<std::string> ru;
  std::vector<std::string> en;
  Alignment first_pass;
  for (std::size_t k = 0; k < 12; ++k) {
    const bool cat = k % 2 == 0;
    ru.push_back(std::string(cat ? "кот" : "собака") + " спит " + fillers_ru[k % 4]);
    en.push_back(std::string(cat ? "cat" : "dog") + " sleeps " + fillers_en[k % 4]);
    first_pass.push_back(one_to_one(k));
  }
  const StemmedText source = stem_sentences(views(ru), Stemmer("ru"));
  const StemmedText target = stem_sentences(views(en), Stemmer("en"));
  const Translations learned = learn_translations(source, target, first_pass);
  const auto translation_of = [&](const std::string& ru_stem) -> std::string {
    const auto of = learned.of(id_of(source, ru_stem));
    return of.size() == 1 ? target.stems[of[0]] : "";
  };
  EXPECT_EQ(translation_of("кот"), "cat");
  EXPECT_EQ(translation_of("собак"), "dog");
  EXPECT_EQ(translation_of(Stemmer("ru").stem("утром")), "morn");
}

TEST(LearnTranslations, TrainsOnlyOnOneToOneBeadsBetweenOneToOneBeads) {
  const std::vector<std::string> ru = {"кот", "кот", "кот"};
  const std::vector<std::string> en = {"cat", "cat", "cat"};
  const StemmedText source = stem_sentences(views(ru), Stemmer("ru"));
  const StemmedText target = stem_sentences(views(en), Stemmer("en"));
  // Only merges: nothing is confident, nothing is learned.
  const Alignment merges = {Bead{.source = {0, 1}, .target = {0}, .score = 0.0},
                            Bead{.source = {2}, .target = {1, 2}, .score = 0.0}};
  EXPECT_EQ(learn_translations(source, target, merges).pairs(), 0u);
  EXPECT_EQ(learn_translations(source, target, {}).pairs(), 0u);
}

TEST(LexicalEvidence, SourceKeysAreTranslationsAndTargetKeysTheTranslatedStems) {
  const LexicalCase c = lexical_case({"кот спит", "собака лает", "ничего"},
                                     {"the cat sleeps", "a dog barks", "nothing"},
                                     {{"кот", "cat"}, {"собак", "dog"}});
  ASSERT_EQ(c.source_features[0].evidence.size(), 1u);
  EXPECT_EQ(c.source_features[0].evidence, c.target_features[0].evidence);  // cat meets cat
  EXPECT_EQ(c.source_features[1].evidence, c.target_features[1].evidence);  // dog meets dog
  EXPECT_NE(c.source_features[0].evidence, c.target_features[1].evidence);
  EXPECT_TRUE(c.source_features[2].evidence.empty());
  EXPECT_TRUE(c.target_features[2].evidence.empty());
  EXPECT_EQ(kind_of(c.source_features[0].evidence[0]), EvidenceKind::kLexical);
}

TEST(LexicalEvidence, StemsInMostSentencesGiveNoKeys) {
  // "это"/"this" in every one of ten sentences: a function word, no evidence.
  std::vector<std::string> ru;
  std::vector<std::string> en;
  for (int k = 0; k < 10; ++k) {
    ru.push_back("это и то " + std::to_string(k));
    en.push_back("this and that " + std::to_string(k));
  }
  const LexicalCase c = lexical_case(ru, en, {{"эт", "this"}});
  for (const SentenceFeatures& f : c.source_features) EXPECT_TRUE(f.evidence.empty());
}

TEST(LexicalEvidence, RarestTranslationsAreKeptFirst) {
  // "дом" may be "house" (in all three English sentences) or "home" (in one): with room for
  // one translation, "home" is kept.
  const LexicalCase c = lexical_case({"дом", "ничего", "ничего"}, {"house home", "house", "house"},
                                     {{"дом", "hous"}, {"дом", "home"}},
                                     /*max_sentence_share=*/1.0, /*max_translations=*/1);
  ASSERT_EQ(c.source_features[0].evidence.size(), 1u);
  EXPECT_EQ(c.source_features[0].evidence[0],
            make_key(EvidenceKind::kLexical, id_of(c.target, "home")));
}

TEST(Translations, MergeIsTheSortedUnion) {
  Translations a(3);
  a.add(0, 5);
  a.add(0, 2);
  a.finish();
  Translations b(2);
  b.add(0, 2);
  b.add(1, 7);
  b.finish();
  const Translations both = merge(a, b);
  EXPECT_EQ(std::vector<std::uint32_t>(both.of(0).begin(), both.of(0).end()),
            std::vector<std::uint32_t>({2, 5}));
  EXPECT_EQ(both.of(1).size(), 1u);
  EXPECT_EQ(both.pairs(), 3u);
}

}  // namespace
}  // namespace tmalign::align
