#include "language_rules.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <vector>

namespace tmalign::detail {
namespace {

// UTF-8 decoding of valid text (Segmenter's precondition); `text` is never read out of bounds.
struct CodePoint {
  UChar32 value = 0;
  std::size_t start = 0;  // byte offset of its first byte
  std::size_t end = 0;    // byte offset after its last byte
};

CodePoint decode_at(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  std::size_t n = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (i + n > text.size()) n = text.size() - i;
  UChar32 value = n == 1 ? lead : lead & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k)
    value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  return {value, i, i + n};
}

CodePoint decode_before(std::string_view text, std::size_t i) {
  std::size_t start = i - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  return decode_at(text, start);
}

bool is_line_terminator(UChar32 c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_white_space(UChar32 c) { return u_isUWhiteSpace(c) != 0; }

std::string fold_case(std::string_view utf8) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())))
      .foldCase()
      .toUTF8String(out);
  return out;
}

// Lookup key of an abbreviation: case folded, white space removed ("Т. е." -> "т.е.").
std::string abbreviation_key(std::string_view text) {
  std::string compact;
  for (char ch : text)
    if (ch != ' ') compact += ch;
  return fold_case(compact);
}

// A white-space-delimited word without its leading opening punctuation ("(т." -> "т.").
struct Token {
  std::size_t begin = 0;  // byte offset of `text`
  std::string_view text;  // the word without leading opening punctuation
};

bool is_opening_punctuation(UChar32 c) {
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION || c == '"' || c == '\'';
}

bool is_closing_punctuation(UChar32 c) {
  const auto type = static_cast<UCharCategory>(u_charType(c));
  return type == U_END_PUNCTUATION || type == U_FINAL_PUNCTUATION || c == '"' || c == '\'';
}

bool is_terminator(UChar32 c) { return c == '.' || c == '!' || c == '?' || c == 0x2026; }

bool is_dash(UChar32 c) { return c == 0x2014 || c == 0x2013 || c == '-'; }

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

Token make_token(std::string_view text, std::size_t start, std::size_t end) {
  std::size_t i = start;
  while (i < end) {
    const CodePoint c = decode_at(text, i);
    if (!is_opening_punctuation(c.value)) break;
    i = c.end;
  }
  return {i, text.substr(i, end - i)};
}

// Up to `count` words that end at `end`, last word first; none reach before `limit`.
std::vector<Token> words_before(std::string_view text, std::size_t limit, std::size_t end,
                                std::size_t count) {
  std::vector<Token> words;
  while (words.size() < count && end > limit) {
    std::size_t start = end;
    while (start > limit) {
      const CodePoint c = decode_before(text, start);
      if (is_white_space(c.value)) break;
      start = c.start;
    }
    words.push_back(make_token(text, start, end));
    while (start > limit) {  // skip the white space before the word
      const CodePoint c = decode_before(text, start);
      if (!is_white_space(c.value)) break;
      start = c.start;
    }
    end = start;
  }
  return words;
}

// "1990", "2010-2012", "12.03.1985", or a Roman numeral ("XIX").
bool is_number(std::string_view word) {
  if (word.empty()) return false;
  bool digits = false, roman = true, numeric = true;
  for (std::size_t i = 0; i < word.size();) {
    const CodePoint c = decode_at(word, i);
    i = c.end;
    const bool digit = u_isdigit(c.value) != 0;
    digits = digits || digit;
    roman =
        roman &&
        std::string_view("IVXLCDM").find(static_cast<char>(c.value)) != std::string_view::npos &&
        c.value < 0x80;
    numeric = numeric && (digit || c.value == '-' || c.value == 0x2013 || c.value == '.' ||
                          c.value == ',' || c.value == '/');
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

// A list marker alone: "1.", "2.)", "• 9." (the sentence so far holds nothing else).
bool is_list_marker(std::string_view sentence) {
  std::size_t i = 0;
  while (i < sentence.size()) {  // bullets, dashes, white space
    const CodePoint c = decode_at(sentence, i);
    if (u_isalnum(c.value)) break;
    i = c.end;
  }
  std::size_t digits = 0;
  while (i < sentence.size() && sentence[i] >= '0' && sentence[i] <= '9') ++i, ++digits;
  if (digits == 0 || digits > 3 || i == sentence.size() || sentence[i] != '.') return false;
  return sentence.find_first_not_of(".)", i) == std::string_view::npos;
}

}  // namespace

LanguageRules::LanguageRules(const LanguageData& data) {
  for (const Abbreviation& a : data.abbreviations)
    abbreviations_.emplace(abbreviation_key(a.text), Kinds{a.after_number, a.otherwise});
  for (std::string_view word : data.sentence_starters) starters_.insert(fold_case(word));
}

const LanguageRules::Kinds* LanguageRules::find_abbreviation(std::string_view key) const {
  const auto it = abbreviations_.find(abbreviation_key(key));
  return it == abbreviations_.end() ? nullptr : &it->second;
}

bool LanguageRules::is_sentence_starter(std::string_view word) const {
  return starters_.contains(fold_case(word));
}

BreakDecision LanguageRules::decide(std::string_view text, std::size_t sentence_start,
                                    std::size_t left_end, std::size_t next_start) const {
  // The next word: skip quotes, dashes and brackets to its first letter or digit.
  std::size_t i = next_start;
  CodePoint first{};
  while (i < text.size()) {
    first = decode_at(text, i);
    if (is_line_terminator(first.value)) return BreakDecision::kDefault;
    if (u_isalnum(first.value)) break;
    i = first.end;
  }
  if (i >= text.size()) return BreakDecision::kDefault;
  // A sentence does not start with a lower-case word ("Yahoo! in the", "'Great.' she said").
  if (u_islower(first.value)) return BreakDecision::kMerge;
  std::size_t word_end = i;
  while (word_end < text.size()) {
    const CodePoint c = decode_at(text, word_end);
    if (!u_isalpha(c.value)) break;
    word_end = c.end;
  }
  const std::string_view next_word = text.substr(i, word_end - i);
  const bool next_is_digit = u_isdigit(first.value) != 0;
  const bool next_is_starter = !next_word.empty() && is_sentence_starter(next_word);

  const std::string_view sentence = text.substr(sentence_start, left_end - sentence_start);
  if (is_list_marker(sentence)) return BreakDecision::kMerge;
  if (sentence.empty() || sentence.back() != '.') return BreakDecision::kDefault;

  // Abbreviations, longest first: "до н. э.", "т. п." before "п.".
  const std::vector<Token> words = words_before(text, sentence_start, left_end, 4);
  for (std::size_t n = std::min<std::size_t>(3, words.size()); n >= 1; --n) {
    const Token& first_word = words[n - 1];
    const std::size_t begin = first_word.begin;
    const Kinds* kinds = find_abbreviation(text.substr(begin, left_end - begin));
    if (kinds == nullptr) continue;
    const bool after_number = words.size() > n && is_number(words[n].text);
    const AbbreviationKind kind = after_number ? kinds->after_number : kinds->otherwise;
    if (kind == AbbreviationKind::kNeverEnds) return BreakDecision::kMerge;
    if (kind == AbbreviationKind::kMayEnd) return BreakDecision::kBreak;
    if (kind == AbbreviationKind::kAmbiguous) {
      if (next_is_digit) return BreakDecision::kDefault;
      return next_is_starter ? BreakDecision::kBreak : BreakDecision::kMerge;
    }
    if (kind == AbbreviationKind::kNumberPrefix && next_is_digit) return BreakDecision::kMerge;
    break;  // kNone, or kNumberPrefix before a word: perhaps an initial ("С. Пушкин")
  }

  // Initials before a name in the same script ("Д. Песков", "J. R. R. Tolkien"), unless the
  // next word is one that starts sentences ("you and I. Did you ..."; "поколения X. Сознательно").
  const std::string_view last_word = words.front().text;
  UErrorCode status = U_ZERO_ERROR;
  if (is_initials(last_word) && !next_is_digit &&
      uscript_getScript(decode_at(last_word, 0).value, &status) ==
          uscript_getScript(first.value, &status)) {
    std::size_t token_end = next_start;
    while (token_end < text.size() && !is_white_space(decode_at(text, token_end).value))
      token_end = decode_at(text, token_end).end;
    if (is_initials(make_token(text, next_start, token_end).text)) return BreakDecision::kMerge;
    return next_is_starter ? BreakDecision::kBreak : BreakDecision::kMerge;
  }
  return BreakDecision::kDefault;
}

std::vector<std::size_t> LanguageRules::missed_breaks(std::string_view text) const {
  std::vector<std::size_t> breaks;
  int quote_depth = 0;  // «» nesting on the current line
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint c = decode_at(text, i);
    i = c.end;
    if (is_line_terminator(c.value)) quote_depth = 0;
    if (c.value == 0xAB) ++quote_depth;
    if (c.value == 0xBB && quote_depth > 0) --quote_depth;
    if (!is_terminator(c.value)) continue;
    // The end of the sentence: more terminators, closing quotes and brackets, then spaces.
    std::size_t j = i;
    while (j < text.size()) {
      const CodePoint d = decode_at(text, j);
      if (!is_terminator(d.value) && !is_closing_punctuation(d.value)) break;
      j = d.end;
    }
    std::size_t k = j;
    while (k < text.size()) {
      const CodePoint d = decode_at(text, k);
      if (!is_white_space(d.value) || is_line_terminator(d.value)) break;
      k = d.end;
    }
    if (k == j || k == text.size()) continue;
    const CodePoint next = decode_at(text, k);
    if (is_dash(next.value) && quote_depth == 0) {
      // Dialogue: "— Ты ей скажи, что я ей гостинца дам. — А мне дашь?"
      std::size_t m = next.end;
      std::size_t spaces = 0;
      while (m < text.size() && decode_at(text, m).value == ' ') ++m, ++spaces;
      if (spaces > 0 && m < text.size() && u_isupper(decode_at(text, m).value)) breaks.push_back(k);
    } else if (u_isdigit(next.value) && c.value == '.' &&
               text.substr(i, j - i).find_first_of(".!?") == std::string_view::npos &&
               word_ends_at(text, c.start)) {
      // A sentence that starts with a number: "парки и пляжи. 6 тыс. руб. платит ..."
      breaks.push_back(k);
    }
  }
  return breaks;
}

}  // namespace tmalign::detail
