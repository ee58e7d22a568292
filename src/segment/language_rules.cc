#include "language_rules.h"
#include "code_points.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>

namespace tmalign::detail {
namespace {

bool is_opening_punctuation(UChar32 c) {
  if (c == '"' || c == '\'' || c == '(' || c == '[') return true;
  if (c < 0x80) return false;
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION;
}

bool is_opening_bracket(UChar32 c) {
  return c == '(' || c == '[' || (c >= 0x80 && u_charType(c) == U_START_PUNCTUATION);
}

bool is_closing_punctuation(UChar32 c) {
  if (c == '"' || c == '\'' || c == ')' || c == ']') return true;
  if (c < 0x80) return false;
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION;
}

bool is_terminator(UChar32 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

bool is_dash(UChar32 c) { return c == 0x2014 || c == 0x2013 || c == '-'; }

// Bullets that open a list item ("• ", "- ", "* ", "— ").
bool is_bullet(UChar32 c) {
  return is_dash(c) || c == '*' || c == 0x2022 || c == 0x2043 || c == 0x25E6 || c == 0x25AA ||
         c == 0x2023;
}

// Case-folded `text` without spaces, into `out` ("Т. е." -> "т.е."); false when too long to be
// an abbreviation.
bool fold_key(std::string_view text, std::array<char, 64>& out, std::string_view& key) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    i = c.end;
    if (c.value == ' ') continue;
    if (n + 4 > out.size()) return false;
    // ASCII and Russian letters directly; ICU for the rest.
    UChar32 f = c.value;
    if (f >= 'A' && f <= 'Z')
      f += 'a' - 'A';
    else if (f >= 0x410 && f <= 0x42F)
      f += 0x20;
    else if (f == 0x401)
      f = 0x451;
    else if (f >= 0x80 && !(f >= 0x430 && f <= 0x451))
      f = u_foldCase(f, U_FOLD_CASE_DEFAULT);
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(out.data()), n, out.size(), f, error);
    if (error) return false;
  }
  key = std::string_view(out.data(), n);
  return true;
}

std::string folded(std::string_view text) {
  std::array<char, 64> buffer;
  std::string_view key;
  return fold_key(text, buffer, key) ? std::string(key) : std::string(text);
}

// A word of two or more letters ends at `end` (closing quotes and brackets after it allowed).
bool word_ends_at(std::string_view text, std::size_t end) {
  while (end > 0 && is_closing_punctuation(decode_before(text, end).value))
    end = decode_before(text, end).start;
  std::size_t letters = 0;
  while (end > 0) {
    const CodePoint c = decode_before(text, end);
    if (is_white_space(c.value) || is_opening_punctuation(c.value)) break;
    if (!u_isalpha(c.value)) return false;
    ++letters;
    end = c.start;
  }
  return letters >= 2;
}

// A white-space-delimited word without its leading opening punctuation ("(т." -> "т.").
struct Token {
  std::size_t begin = 0;  // byte offset in the text
  std::string_view text;
};

Token make_token(std::string_view text, std::size_t start, std::size_t end) {
  std::size_t i = start;
  while (i < end) {
    const CodePoint c = decode_at(text, i);
    if (!is_opening_punctuation(c.value)) break;
    i = c.end;
  }
  return {i, text.substr(i, end - i)};
}

// Up to four words that end at `end`, last word first; none reach before `limit`.
struct Words {
  std::array<Token, 6> token;
  std::size_t size = 0;
};

// Up to `count` (at most 6) words before `end`, none before `limit`, last word first.
Words words_before(std::string_view text, std::size_t limit, std::size_t end, std::size_t count) {
  Words words;
  while (words.size < count && words.size < words.token.size() && end > limit) {
    std::size_t start = end;
    while (start > limit) {
      const CodePoint c = decode_before(text, start);
      if (is_white_space(c.value)) break;
      start = c.start;
    }
    words.token[words.size++] = make_token(text, start, end);
    while (start > limit) {  // skip the white space before the word
      const CodePoint c = decode_before(text, start);
      if (!is_white_space(c.value)) break;
      start = c.start;
    }
    end = start;
  }
  return words;
}

// "1990", "2010-2012", "12.03.1985", "6:30", or a Roman numeral ("XIX").
bool is_number(std::string_view word) {
  if (word.empty()) return false;
  bool digits = false, roman = true, numeric = true;
  for (std::size_t i = 0; i < word.size();) {
    const CodePoint c = decode_at(word, i);
    i = c.end;
    const bool digit = u_isdigit(c.value) != 0;
    digits = digits || digit;
    roman = roman && c.value < 0x80 &&
            std::string_view("IVXLCDM").find(static_cast<char>(c.value)) != std::string_view::npos;
    numeric = numeric && (digit || c.value == '-' || c.value == 0x2013 || c.value == '.' ||
                          c.value == ',' || c.value == '/' || c.value == ':');
  }
  return (digits && numeric) || roman;
}

// Initials or an upper-case acronym written with periods: "Д.", "J.", "Л.Н.", "U.S.".
bool is_initials(std::string_view word) {
  if (word.empty()) return false;
  for (std::size_t i = 0; i < word.size();) {
    const CodePoint letter = decode_at(word, i);
    if (!u_isupper(letter.value) || letter.end >= word.size() || word[letter.end] != '.')
      return false;
    i = letter.end + 1;
  }
  return true;
}

// A list marker at `i`: optional bullet, then 1-3 digits or one letter, then "." ")" or ".)",
// then white space. Gives the offset after the marker, its number (a letter counts from its
// code point) and whether it is a letter; npos when there is none.
struct ListMarker {
  std::size_t end = std::string_view::npos;
  long number = 0;
  bool letter = false;
};

ListMarker list_marker_at(std::string_view text, std::size_t i) {
  ListMarker marker;
  if (i < text.size() && is_bullet(decode_at(text, i).value)) {
    i = decode_at(text, i).end;
    while (i < text.size() && text[i] == ' ') ++i;
  }
  std::size_t digits = 0;
  long number = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 4)
    number = number * 10 + (text[i++] - '0'), ++digits;
  bool letter = false;
  if (digits == 0) {
    if (i >= text.size()) return marker;
    const CodePoint c = decode_at(text, i);
    if (!u_islower(c.value)) return marker;
    number = c.value;
    letter = true;
    i = c.end;
  }
  if (digits > 3) return marker;
  if (i < text.size() && text[i] == '.') ++i;
  if (i < text.size() && text[i] == ')') ++i;
  if (i == 0 || (text[i - 1] != '.' && text[i - 1] != ')')) return marker;
  if (i >= text.size() || !is_white_space(decode_at(text, i).value)) return marker;
  return {i, number, letter};
}

// A list item label in brackets opening a line: "(a) ", "(12) ", "(iv) " (contracts, statutes).
bool parenthesized_marker_at(std::string_view text, std::size_t i) {
  if (i >= text.size() || text[i] != '(') return false;
  std::size_t k = i + 1, length = 0;
  const bool digits = k < text.size() && text[k] >= '0' && text[k] <= '9';
  while (k < text.size() && length < 4 &&
         (digits ? text[k] >= '0' && text[k] <= '9' : u_islower(decode_at(text, k).value))) {
    k = decode_at(text, k).end;
    ++length;
  }
  if (length == 0 || length > 3 || k >= text.size() || text[k] != ')') return false;
  return k + 1 < text.size() && is_white_space(decode_at(text, k + 1).value);
}

// A line that opens with a list item: "1. ", "a) ", "(iv) ", "• ".
bool starts_list_item(std::string_view text, std::size_t i) {
  return list_marker_at(text, i).end != std::string_view::npos ||
         parenthesized_marker_at(text, i) ||
         (i < text.size() && is_bullet(decode_at(text, i).value) && i + 1 < text.size() &&
          is_white_space(decode_at(text, decode_at(text, i).end).value));
}

// A list marker alone: "1.", "2.)", "• 9.", "a.", "1.2." (the sentence so far holds nothing
// else).
bool is_list_marker(std::string_view sentence) {
  std::size_t i = 0;
  while (i < sentence.size() && !u_isalnum(decode_at(sentence, i).value))
    i = decode_at(sentence, i).end;
  std::size_t digits = 0;
  while (i < sentence.size() && sentence[i] >= '0' && sentence[i] <= '9') {
    ++i, ++digits;
    if (i + 1 < sentence.size() && sentence[i] == '.' && sentence[i + 1] >= '0' &&
        sentence[i + 1] <= '9')
      ++i, digits = 0;  // "1.2.": the number of the last level
  }
  if (digits == 0) {
    if (i >= sentence.size() || !u_islower(decode_at(sentence, i).value)) return false;
    i = decode_at(sentence, i).end;
  }
  if (digits > 3 || i == sentence.size() || sentence[i] != '.') return false;
  return sentence.find_first_not_of(".)", i) == std::string_view::npos;
}

// The start of the next item of an inline list whose item `marker` starts the sentence
// ("1) The first item 2) The second item"): the same marker form with the next number, on the
// same line, after white space. npos when there is none.
std::size_t next_list_item(std::string_view text, std::size_t from, const ListMarker& marker) {
  for (std::size_t i = from; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    if (is_line_terminator(c.value)) break;
    if (is_white_space(c.value) && c.end < text.size()) {
      const ListMarker next = list_marker_at(text, c.end);
      if (next.end != std::string_view::npos && next.letter == marker.letter &&
          next.number == marker.number + 1)
        return c.end;
    }
    i = c.end;
  }
  return std::string_view::npos;
}

// The «» quote open at `from` closes on this line and a dash and a lower-case word follow it
// ("…» — воскликнул", "…», — сказал").
bool quote_then_author(std::string_view text, std::size_t from) {
  int depth = 1;
  std::size_t i = from;
  while (i < text.size() && depth > 0) {
    const CodePoint c = decode_at(text, i);
    if (is_line_terminator(c.value)) return false;
    depth += c.value == 0xAB ? 1 : c.value == 0xBB ? -1 : 0;
    i = c.end;
  }
  if (depth > 0) return false;
  bool dash = false;
  while (i < text.size()) {
    const CodePoint c = decode_at(text, i);
    if (is_line_terminator(c.value)) return false;
    if (is_dash(c.value))
      dash = true;
    else if (c.value != ',' && !is_white_space(c.value))
      return dash && u_islower(c.value);
    i = c.end;
  }
  return false;
}

// Bytes that can start a terminator (. ! ? …), a line break (LF, CR, NEL, U+2028, U+2029) or
// a « » quote: '.', '!', '?', LF, CR and the UTF-8 lead bytes 0xC2 and 0xE2.
constexpr std::array<bool, 256> kInteresting = [] {
  std::array<bool, 256> table{};
  for (unsigned char byte : {'.', '!', '?', '\n', '\r', '\xC2', '\xE2'}) table[byte] = true;
  return table;
}();

}  // namespace

// A place where a sentence may end: `left_end` after its last character, `next_start` at the
// first character after the white space that follows (text.size() at the end).
struct LanguageRules::Candidate {
  std::size_t terminator = 0;  // offset of the first terminator; npos at a bare line break
  std::size_t left_end = 0;
  std::size_t next_start = 0;
  std::size_t line_breaks = 0;  // in the white space between
  bool inside_quotes = false;   // inside «» on the line
  bool dialogue = false;        // the line starts with a dash
};

LanguageRules::LanguageRules(const LanguageData& data) {
  for (const Abbreviation& a : data.abbreviations) {
    abbreviations_.emplace(folded(a.text), Kinds{a.after_number, a.otherwise});
    // "т. е." ends with "е." when spaced and with "т.е." when not.
    for (std::string_view last : {a.text.substr(a.text.rfind(' ') + 1), a.text}) {
      std::string key = folded(last);
      std::erase(key, ' ');
      longest_last_word_ = std::max(longest_last_word_, key.size());
      last_words_.insert(std::move(key));
    }
  }
  for (std::string_view word : data.sentence_starters) starters_.insert(folded(word));
  for (std::string_view word : data.prepositions) prepositions_.insert(folded(word));
  for (std::string_view stem : data.month_stems) month_stems_.emplace_back(stem);
  for (std::string_view word : data.heading_words) heading_words_.insert(folded(word));
}

const LanguageRules::Kinds* LanguageRules::find_abbreviation(std::string_view text) const {
  std::array<char, 64> buffer;
  std::string_view key;
  if (!fold_key(text, buffer, key)) return nullptr;
  const auto it = abbreviations_.find(key);
  return it == abbreviations_.end() ? nullptr : &it->second;
}

bool LanguageRules::is_last_word(std::string_view word) const {
  std::array<char, 64> buffer;
  std::string_view key;
  return word.size() <= longest_last_word_ && fold_key(word, buffer, key) &&
         last_words_.contains(key);
}

bool LanguageRules::is_sentence_starter(std::string_view word) const {
  std::array<char, 64> buffer;
  std::string_view key;
  return fold_key(word, buffer, key) && starters_.contains(key);
}

// A title before a name ("Mr.", "Dr.", "проф."): it opens a sentence as well as any starter.
bool LanguageRules::is_title(std::string_view token) const {
  if (token.empty() || !u_isupper(decode_at(token, 0).value)) return false;
  const Kinds* kinds = find_abbreviation(token);
  return kinds != nullptr && kinds->otherwise == AbbreviationKind::kNeverEnds;
}

// A month name: a stem and at most three more letters ("января", "январе", "May").
bool LanguageRules::is_month(std::string_view word) const {
  std::array<char, 64> buffer;
  std::string_view key;
  if (!fold_key(word, buffer, key)) return false;
  for (const std::string& stem : month_stems_) {
    if (!key.starts_with(stem)) continue;
    std::size_t letters = 0;
    for (std::size_t i = stem.size(); i < key.size(); i = decode_at(key, i).end) {
      if (!u_isalpha(decode_at(key, i).value)) return false;
      ++letters;
    }
    if (letters <= 3) return true;
  }
  return false;
}

// The sentence so far is only a date adverbial: a preposition, up to two numbers or month names,
// a number and an abbreviation ("At 5 a.m.", "В 2017 г.", "С 1 января 2019 г.",
// "В январе 2019 г."). It opens a sentence, never makes one by itself.
bool LanguageRules::is_date_phrase(std::string_view text, std::size_t sentence_start,
                                   std::size_t end) const {
  const Words words = words_before(text, sentence_start, end, 6);  // last word first
  if (words.size < 3 || words.size > 5 || !is_number(words.token[1].text)) return false;
  for (std::size_t k = 2; k + 1 < words.size; ++k)
    if (!is_number(words.token[k].text) && !is_month(words.token[k].text)) return false;
  std::array<char, 64> buffer;
  std::string_view key;
  return fold_key(words.token[words.size - 1].text, buffer, key) && prepositions_.contains(key) &&
         find_abbreviation(words.token[0].text) != nullptr;
}

// Bytes a heading label takes at most: a heading word (20 bytes for "Приложение"), white space
// and a number of up to 49 characters (a 2-byte letter each at most), as the exported SRX rule
// allows.
constexpr std::size_t kLongestHeadingLabel = 20 + 8 + 2 * 49 + 1;

// The sentence so far is a numbered heading label at the start of a line: a heading word and a
// number ("Статья 5.", "Chapter IV.", "Section 2.1."). The title follows on the same line.
bool LanguageRules::is_heading_label(std::string_view text, std::size_t sentence_start,
                                     std::size_t end) const {
  // A label is a short heading word and a number: skip the word scan on longer sentences.
  std::size_t start = sentence_start;
  while (start < end && is_white_space(decode_at(text, start).value))
    start = decode_at(text, start).end;
  if (end - start > kLongestHeadingLabel) return false;
  const Words words = words_before(text, sentence_start, end, 3);  // last word first
  if (words.size != 2) return false;
  const std::string_view label = words.token[0].text;
  if (label.size() < 2 || label.back() != '.' || !is_number(label.substr(0, label.size() - 1)))
    return false;
  std::array<char, 64> buffer;
  std::string_view key;
  if (!fold_key(words.token[1].text, buffer, key) || !heading_words_.contains(key)) return false;
  // Only spaces or tabs between the heading word and the start of its line.
  for (std::size_t i = words.token[1].begin; i > 0;) {
    const CodePoint c = decode_before(text, i);
    if (is_line_terminator(c.value)) return true;
    if (c.value != ' ' && c.value != '\t') return false;
    i = c.start;
  }
  return true;
}

LanguageRules::Verdict LanguageRules::judge(std::string_view text, std::size_t sentence_start,
                                            const Candidate& c) const {
  if (c.line_breaks >= 2) return Verdict::kBreak;  // a blank line ends the paragraph
  if (c.terminator != std::string_view::npos) return judge_terminator(text, sentence_start, c);
  // A line break without a terminator before it: a heading or list item ends there, a
  // hard-wrapped line goes on when the next line continues it.
  if (starts_list_item(text, c.next_start)) return Verdict::kBreak;
  std::size_t i = c.next_start;
  while (i < text.size() && is_opening_punctuation(decode_at(text, i).value))
    i = decode_at(text, i).end;
  if (i < text.size() && u_islower(decode_at(text, i).value)) return Verdict::kMerge;
  const UChar32 last = decode_before(text, c.left_end).value;
  if (last == ',' || last == ';' || is_dash(last)) return Verdict::kMerge;
  return Verdict::kBreak;
}

LanguageRules::Verdict LanguageRules::judge_terminator(std::string_view text,
                                                       std::size_t sentence_start,
                                                       const Candidate& c) const {
  // The next line opens with a bracketed item ("party.\n(a) the Seller"): break. (Numbered
  // items after a word's full stop break below; a letter with a full stop, "г. Москва", may be
  // an abbreviation.)
  if (c.line_breaks > 0 && parenthesized_marker_at(text, c.next_start)) return Verdict::kBreak;
  // The next word: skip quotes, dashes and brackets to its first letter or digit.
  std::size_t i = c.next_start;
  CodePoint first{};
  while (i < text.size()) {
    first = decode_at(text, i);
    if (is_line_terminator(first.value)) return Verdict::kBreak;
    if (u_isalnum(first.value)) break;
    i = first.end;
  }
  if (i >= text.size()) return Verdict::kBreak;
  // A sentence does not start with a lower-case word ("Yahoo! in the", "'Great.' she said").
  if (u_islower(first.value)) return Verdict::kMerge;
  // A dash after a sentence end on the same line starts a line of dialogue only in a dialogue
  // paragraph outside «» quotes ("— Я устал, — сказал он. — Пойдём домой."); elsewhere it
  // resumes a quotation after the author's words ("…, — заявили на предприятии. — Андрей …").
  if (c.line_breaks == 0 && is_dash(decode_at(text, c.next_start).value))
    return c.dialogue && !c.inside_quotes ? Verdict::kBreak : Verdict::kMerge;

  // Exclamations and questions in «» followed by the author's words are one sentence with
  // them: «Как же так?! Захар...» — воскликнул Пронин. (After a full stop inside a quote, news
  // texts start a new sentence: «… гольф. Я доволен», — сказал он.)
  if (c.inside_quotes && text[c.terminator] != '.' && quote_then_author(text, c.left_end))
    return Verdict::kMerge;
  const std::string_view sentence = text.substr(sentence_start, c.left_end - sentence_start);
  if (is_list_marker(sentence)) return Verdict::kMerge;
  if (sentence.back() != '.') return Verdict::kBreak;  // ! ? … or a closing quote
  if (is_heading_label(text, sentence_start, c.left_end)) return Verdict::kMerge;

  std::size_t word_end = i;
  while (word_end < text.size() && u_isalpha(decode_at(text, word_end).value))
    word_end = decode_at(text, word_end).end;
  std::size_t token_end = c.next_start;
  while (token_end < text.size() && !is_white_space(decode_at(text, token_end).value))
    token_end = decode_at(text, token_end).end;
  // The next word with its periods, without the punctuation around it ("И.," -> "И.").
  std::string_view next_token = make_token(text, c.next_start, token_end).text;
  while (!next_token.empty()) {
    const CodePoint last = decode_before(next_token, next_token.size());
    if (last.value == '.' || !u_ispunct(last.value)) break;
    next_token = next_token.substr(0, last.start);
  }
  const bool next_is_digit = u_isdigit(first.value) != 0;
  const auto next_is_starter = [&] {
    return (word_end > i && is_sentence_starter(text.substr(i, word_end - i))) ||
           is_title(next_token);
  };

  // Abbreviations, longest first: "до н. э.", "т. п." before "п.". Most sentences end with a
  // word no abbreviation ends with: one lookup rejects them.
  const Words words = words_before(text, sentence_start, c.left_end, 4);
  const bool maybe_abbreviation = is_last_word(words.token[0].text);
  if (maybe_abbreviation && is_date_phrase(text, sentence_start, c.left_end))
    return Verdict::kMerge;
  for (std::size_t n = std::min<std::size_t>(maybe_abbreviation ? 3 : 0, words.size); n >= 1; --n) {
    const std::size_t begin = words.token[n - 1].begin;
    const Kinds* kinds = find_abbreviation(text.substr(begin, c.left_end - begin));
    if (kinds == nullptr) continue;
    const bool after_number = words.size > n && is_number(words.token[n].text);
    const AbbreviationKind kind = after_number ? kinds->after_number : kinds->otherwise;
    if (kind == AbbreviationKind::kNeverEnds) return Verdict::kMerge;
    // A unit before a number ("18 ч. 30 мин.") or a bracket ("Globex Inc. (the Buyer)") goes on.
    if (kind == AbbreviationKind::kMayEnd)
      return next_is_digit || is_opening_bracket(decode_at(text, c.next_start).value)
                 ? Verdict::kMerge
                 : Verdict::kBreak;
    if (kind == AbbreviationKind::kAmbiguous)
      return !next_is_digit && next_is_starter() ? Verdict::kBreak : Verdict::kMerge;
    if (kind == AbbreviationKind::kNumberPrefix && next_is_digit) return Verdict::kMerge;
    break;  // kNone, or kNumberPrefix before a word: perhaps an initial ("С. Пушкин")
  }
  // A number after a full stop starts a sentence only after a word ("пляжи. 6 тыс. руб. …"),
  // not after a number or a letter ("в п. 5. 3 случая" is rare; "рис. 5" is caught above).
  if (next_is_digit) return word_ends_at(text, c.terminator) ? Verdict::kBreak : Verdict::kMerge;

  // Initials before a name in the same script ("Д. Песков", "J. R. R. Tolkien"), unless the
  // next word starts sentences ("you and I. Did you ..."; "поколения X. Сознательно").
  const std::string_view last_word = words.token[0].text;
  UErrorCode status = U_ZERO_ERROR;
  if (is_initials(last_word) && uscript_getScript(decode_at(last_word, 0).value, &status) ==
                                    uscript_getScript(first.value, &status)) {
    if (is_initials(next_token)) return Verdict::kMerge;
    return next_is_starter() ? Verdict::kBreak : Verdict::kMerge;
  }
  return Verdict::kBreak;
}

std::vector<std::size_t> LanguageRules::breaks(std::string_view text) const {
  // Pass 1: the candidates, in text order.
  std::vector<Candidate> candidates;
  int quote_depth = 0;              // «» nesting on the current line
  std::size_t line_start = 0;       // offset of the current line
  const auto dialogue_line = [&] {  // the current line starts with a dash
    std::size_t k = line_start;
    while (k < text.size() && is_white_space(decode_at(text, k).value)) k = decode_at(text, k).end;
    return k < text.size() && is_dash(decode_at(text, k).value);
  };
  // White space from `from`: where it ends and how many line breaks it holds (CR LF once).
  const auto skip_space = [&](std::size_t from, std::size_t& line_breaks) {
    std::size_t k = from;
    line_breaks = 0;
    while (k < text.size()) {
      const CodePoint d = decode_at(text, k);
      if (!is_white_space(d.value)) break;
      if (is_line_terminator(d.value) && !(d.value == '\n' && k > 0 && text[k - 1] == '\r'))
        ++line_breaks;
      k = d.end;
    }
    return k;
  };
  for (std::size_t i = 0; i < text.size();) {
    // Fast path: only these bytes can start a terminator, a line break or a «» quote.
    if (!kInteresting[static_cast<unsigned char>(text[i])]) {
      ++i;
      continue;
    }
    const CodePoint c = decode_at(text, i);
    if (c.value == 0xAB) ++quote_depth;
    if (c.value == 0xBB && quote_depth > 0) --quote_depth;
    if (is_line_terminator(c.value)) {
      // A line ending without a terminator (those are handled below, with their white space).
      std::size_t line_breaks = 0;
      const std::size_t next = skip_space(c.start, line_breaks);
      std::size_t left_end = c.start;
      while (left_end > line_start && is_white_space(decode_before(text, left_end).value))
        left_end = decode_before(text, left_end).start;
      if (left_end > line_start && next < text.size())
        candidates.push_back({std::string_view::npos, left_end, next, line_breaks, false, false});
      quote_depth = 0;
      line_start = next;
      i = next;
      continue;
    }
    if (!is_terminator(c.value)) {
      i = c.end;
      continue;
    }
    // A spaced ellipsis (". . .") marks an omission: inside a sentence it ends nothing; right
    // after a word's full stop it opens the next sentence ("compounds. . . . The practice"); four
    // dots after a space end one ("with a period . . . . Next sentence.").
    std::size_t spaced_end = c.end, spaced_dots = 0;
    while (spaced_end + 1 < text.size() && text[spaced_end] == ' ' && text[spaced_end + 1] == '.')
      spaced_end += 2, ++spaced_dots;
    const bool after_space = c.start > 0 && is_white_space(decode_before(text, c.start).value);
    const bool spaced = c.value == '.' && (spaced_dots >= 2 || (after_space && spaced_dots >= 1));
    // The terminators, closing quotes and brackets, then white space.
    std::size_t j = spaced ? spaced_end : c.end;
    while (j < text.size()) {
      const CodePoint d = decode_at(text, j);
      if (!is_terminator(d.value) && !is_closing_punctuation(d.value)) break;
      if (d.value == 0xBB && quote_depth > 0) --quote_depth;
      j = d.end;
    }
    std::size_t line_breaks = 0;
    const std::size_t next = skip_space(j, line_breaks);
    const bool followed = next > j && next < text.size();
    // An omission in brackets ("[...]", "(?)") or a terminator that starts the line ends nothing.
    const bool after_bracket =
        c.start > 0 && is_opening_bracket(decode_before(text, c.start).value);
    Candidate candidate{c.start, j, next, line_breaks, quote_depth > 0, dialogue_line()};
    if (spaced && !after_space && spaced_dots >= 3 && followed && line_breaks == 0)
      candidate = {c.start, c.end, c.end + 1, 0, quote_depth > 0, candidate.dialogue};
    else if (spaced && !(after_space && spaced_dots >= 3))
      candidate.terminator = std::string_view::npos;
    else if (spaced)
      candidate.terminator = spaced_end - 1;
    if (candidate.terminator != std::string_view::npos && (after_bracket || c.start <= line_start))
      candidate.terminator = std::string_view::npos;
    if (followed && (candidate.terminator != std::string_view::npos || line_breaks > 0))
      candidates.push_back(candidate);
    if (line_breaks > 0) {
      quote_depth = 0;
      line_start = next;
    }
    i = next > j ? next : j;
  }

  // Pass 2: judge them in order; a sentence that opens an inline list ends before its next item.
  std::vector<std::size_t> out;
  std::size_t sentence_start = 0;
  std::size_t next_item = std::string_view::npos;
  const auto start_sentence = [&](std::size_t at) {
    sentence_start = at;
    while (sentence_start < text.size() && is_white_space(decode_at(text, sentence_start).value))
      sentence_start = decode_at(text, sentence_start).end;
    const ListMarker marker = list_marker_at(text, sentence_start);
    next_item = marker.end == std::string_view::npos ? std::string_view::npos
                                                     : next_list_item(text, marker.end, marker);
  };
  start_sentence(0);
  for (const Candidate& candidate : candidates) {
    while (next_item != std::string_view::npos && next_item < candidate.next_start) {
      out.push_back(next_item);
      start_sentence(next_item);
    }
    if (candidate.left_end <= sentence_start) continue;
    if (judge(text, sentence_start, candidate) == Verdict::kBreak) {
      out.push_back(candidate.next_start);
      start_sentence(candidate.next_start);
    }
  }
  while (next_item != std::string_view::npos) {
    out.push_back(next_item);
    start_sentence(next_item);
  }
  return out;
}

}  // namespace tmalign::detail
