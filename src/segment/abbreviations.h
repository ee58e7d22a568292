// The data behind tmalign's language rules: abbreviations and common sentence-starting words.
// Private to the segment stage; language_rules.cc turns the tables into lookups.
#pragma once

#include <span>
#include <string_view>

namespace tmalign::detail {

/// What a period after an abbreviation means when white space and an upper-case letter or a digit
/// follow (before a lower-case word tmalign never breaks).
enum class AbbreviationKind {
  kNone,          // no opinion: the other rules (initials, numbers) decide, else a break
  kNeverEnds,     // stands before something ("Mr.", "ул.", "т. е."): never a sentence end
  kNumberPrefix,  // stands before a number ("p. 55", "No. 5"): no break before a digit, else as
                  // kNone
  kMayEnd,  // often ends a sentence ("etc.", "руб.", "и т. д."): break before an upper-case word
  kAmbiguous,  // "2010-2012 гг.", "5 a.m.": break only when the next word is a sentence starter
               // or a title ("6 P.M. Mr. Smith")
};

/// One abbreviation. `text` is written as in running text (spaces inside multi-word abbreviations,
/// any case); lookups fold case and ignore the spaces, so "т. е." also matches "Т.е.".
struct Abbreviation {
  std::string_view text;
  AbbreviationKind
      after_number;  // meaning when the word before it is a number ("1990 г.", "5 см.")
  AbbreviationKind otherwise;  // meaning elsewhere ("г. Волгоград", "см. рис. 5")
};

/// The tables of one language. Sentence starters are written capitalised; lookups fold case.
struct LanguageData {
  std::span<const Abbreviation> abbreviations;
  std::span<const std::string_view> sentence_starters;
  // Prepositions that open a time adverbial ("At 5 a.m.", "В 2017 г."), which never ends a
  // sentence by itself.
  std::span<const std::string_view> prepositions;
  // Month names as stems, lower case: a word is a month when it starts with a stem followed by at
  // most three more letters ("января", "январе", "May"). A date phrase may hold them between its
  // preposition and its year: "С 1 января 2019 г.", "В январе 2019 г.".
  std::span<const std::string_view> month_stems;
  // Words that label a heading or caption with a number: a line that starts "Статья 5." or
  // "Chapter IV." goes on with the title on the same line ("Статья 5. Права сторон").
  std::span<const std::string_view> heading_words;
};

/// Tables for a primary language subtag ("ru", "en"); nullptr for languages without tmalign rules.
const LanguageData* language_data(std::string_view primary_subtag);

}  // namespace tmalign::detail
