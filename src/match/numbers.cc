// Number substitution for fuzzy matches; the rules are in docs/matching.md ("Number substitution").
//
// A text is scanned once, left to right, into words (which keep their digits: codes such as
// "A4"), numbers and everything else. A number is first read as a run of ASCII digit groups joined
// by single separators (spaces, '.', ',', apostrophes); the run is then cut into numbers: groups
// joined by a space form one number only in the thousands shape (1-3 digits, then groups of
// three), and groups joined by '.', ',' or apostrophes are a grouped number, a decimal, or —
// failing both shapes — a sequence of integers such as a date.
#include "tmalign/match/numbers.h"

#include <unicode/uchar.h>

#include <cstdint>
#include <unordered_map>
#include <utility>

#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/core/text.h"

namespace tmalign {
namespace {

// ---- UTF-8 ----------------------------------------------------------------------------------

constexpr char32_t kInvalid = 0xFFFFFFFF;

// The code point at text[i] and its length in bytes; kInvalid (length 1) for an ill-formed or
// cut-off sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF). Offsets are
// size_t throughout, so texts of any size are read.
char32_t decode(std::string_view text, std::size_t i, std::size_t& length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  length = 1;
  if (b0 < 0x80) return b0;
  std::size_t n = 0;
  char32_t c = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
    c = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    c = b0 & 0x0Fu;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    c = b0 & 0x07u;
  } else {
    return kInvalid;
  }
  if (n > text.size() - i) return kInvalid;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0u) != 0x80u) return kInvalid;
    c = (c << 6) | (byte(i + k) & 0x3Fu);
  }
  if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
      (c >= 0xD800 && c <= 0xDFFF))
    return kInvalid;
  length = n;
  return c;
}

bool valid_utf8(std::string_view text) {
  for (std::size_t i = 0, length = 0; i < text.size(); i += length)
    if (decode(text, i, length) == kInvalid) return false;
  return true;
}

// The code point at text[i] (valid UTF-8); 0 at the end of the text.
char32_t at(std::string_view text, std::size_t i) {
  std::size_t length = 0;
  return i < text.size() ? decode(text, i, length) : 0;
}

std::size_t length_at(std::string_view text, std::size_t i) {
  std::size_t length = 0;
  decode(text, i, length);
  return length;
}

// The code point ending just before text[i] (valid UTF-8); 0 at the start of the text.
char32_t before(std::string_view text, std::size_t i) {
  if (i == 0) return 0;
  std::size_t start = i - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0u) == 0x80u) --start;
  return at(text, start);
}

// ---- Character classes ----------------------------------------------------------------------

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

// Letters, marks, numbers of any script and connector punctuation ('_'): what words are made of.
bool is_word_char(char32_t c) {
  if (c == 0 || c == kInvalid) return false;
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) &
          (U_GC_L_MASK | U_GC_M_MASK | U_GC_N_MASK | U_GC_PC_MASK)) != 0;
}

// Joins the parts of a word or code when a letter or digit follows: "COVID-19", "v2.0", "A/B".
bool is_connector(char32_t c) {
  return c == '-' || c == 0x2010 || c == 0x2011 || c == '.' || c == '/' || c == '\'' || c == 0x2019;
}

bool is_sign(char32_t c) { return c == '-' || c == '+' || c == 0x2212; }

// What may stand before a sign that belongs to the number: nothing, white space, an opening or
// quotation mark, a mathematical symbol, or list punctuation. ("5-3" and "x-3" have no sign.)
bool sign_may_follow(char32_t c) {
  if (c == 0 || u_isUWhiteSpace(static_cast<UChar32>(c))) return true;
  if ((U_GET_GC_MASK(static_cast<UChar32>(c)) &
       (U_GC_PS_MASK | U_GC_PI_MASK | U_GC_PF_MASK | U_GC_SM_MASK)) != 0)
    return true;
  return c == ',' || c == ';' || c == ':' || c == '"' || c == '\'';
}

enum class SepKind { Space, Dot, Comma, Apostrophe };

// The kind of a character that may stand between two digit groups of one run.
std::optional<SepKind> separator_kind(char32_t c) {
  switch (c) {
    case ' ':
    case 0x00A0:  // no-break space
    case 0x2009:  // thin space
    case 0x202F:  // narrow no-break space
      return SepKind::Space;
    case '.':
      return SepKind::Dot;
    case ',':
      return SepKind::Comma;
    case '\'':
    case 0x2019:  // right single quotation mark, the typographic apostrophe
      return SepKind::Apostrophe;
    default:
      return std::nullopt;
  }
}

// English and French ordinal suffixes, and the Romance º/ª: "5th", "1er", "2e", "3ème", "1º".
// Compared without regard to ASCII case.
bool ordinal_suffix_at(std::string_view text, std::size_t i) {
  static constexpr std::string_view kSuffixes[] = {
      "st", "nd", "rd", "th", "er", "re", "e", "\xC3\xA8me", "eme", "nde", "\xC2\xBA", "\xC2\xAA"};
  for (const std::string_view suffix : kSuffixes) {
    if (text.size() - i < suffix.size()) continue;
    bool equal = true;
    for (std::size_t k = 0; k < suffix.size() && equal; ++k) {
      char c = text[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      equal = c == suffix[k];
    }
    if (equal && !is_word_char(at(text, i + suffix.size()))) return true;
  }
  return false;
}

// ---- Conventions ----------------------------------------------------------------------------

// How a language writes numbers: its decimal mark and thousands separator.
struct Convention {
  char decimal = 0;  // '.' or ','; 0 = unknown
  SepKind group = SepKind::Space;
  bool group_known = false;
  std::string_view group_text;  // how a new thousands separator is written
};

// CLDR's defaults for the primary language (and Switzerland's apostrophe), for the languages
// listed; others are unknown. Regional variants that differ (es-MX, pt-PT, en-ZA ...) are not
// distinguished.
Convention convention_of(std::string_view tag) {
  if (tag.empty()) return {};
  const std::string normal = normalize_language_tag(tag);
  const std::string language = primary_language(normal);
  const bool swiss = normal.size() >= 3 && (normal.ends_with("-CH") || normal.ends_with("-ch"));
  const auto in = [&](std::initializer_list<std::string_view> list) {
    for (const std::string_view l : list)
      if (language == l) return true;
    return false;
  };
  if (swiss && in({"de", "fr", "it", "rm", "gsw"}))
    return {'.', SepKind::Apostrophe, true, "\xE2\x80\x99"};
  if (in({"en", "zh", "ja", "ko",  "he", "th", "hi", "bn", "ta", "te", "mr", "gu", "kn", "ml",
          "pa", "ur", "ms", "fil", "tl", "ga", "mt", "sw", "my", "km", "lo", "ne", "si", "yue"}))
    return {'.', SepKind::Comma, true, ","};
  if (in({"de", "nl", "it", "es", "pt", "da", "id", "tr", "el", "ro", "hr",
          "sl", "sr", "bs", "mk", "vi", "ca", "gl", "eu", "is", "az", "lb"}))
    return {',', SepKind::Dot, true, "."};
  if (language == "fr") return {',', SepKind::Space, true, "\xE2\x80\xAF"};  // U+202F
  if (in({"ru", "uk", "be", "bg", "pl", "cs", "sk", "sv", "nb", "nn", "no", "fi", "et",
          "lv", "lt", "hu", "kk", "ky", "uz", "ka", "hy", "sq", "af", "mn", "tg"}))
    return {',', SepKind::Space, true, "\xC2\xA0"};  // U+00A0
  return {};
}

char mark_of(SepKind kind) { return kind == SepKind::Dot ? '.' : ','; }

// ---- Numbers --------------------------------------------------------------------------------

// A number as written: enough to compare its value and to write another in its format.
struct Number {
  std::size_t begin = 0;  // bytes of the text, sign included
  std::size_t end = 0;
  std::string_view sign;    // as written: "", "-", "+" or "−"
  std::string int_digits;   // as written, without separators: "05", "1234"
  std::string frac_digits;  // as written: "50" of "1,50"
  std::string_view group;   // the thousands separator as written; empty when there is none
  char decimal = 0;         // the decimal mark when frac_digits is not empty
  // The spelling is one group of three after one '.' or ',' and the language does not say which
  // it is ("1,234"): read here as a thousands separator; decimal_alternative() is the other
  // reading.
  bool ambiguous = false;

  bool negative() const { return sign == "-" || sign == "\xE2\x88\x92"; }
};

Number decimal_alternative(const Number& n) {
  Number d = n;
  const std::size_t split = n.int_digits.size() - 3;
  d.int_digits = n.int_digits.substr(0, split);
  d.frac_digits = n.int_digits.substr(split);
  d.decimal = n.group.front();
  d.group = {};
  d.ambiguous = false;
  return d;
}

// "-1234.5": the canonical spelling of a value, "0" for any zero.
std::string canonical(const Number& n) {
  const std::size_t first = n.int_digits.find_first_not_of('0');
  const std::string_view integer = first == std::string::npos
                                       ? std::string_view("0")
                                       : std::string_view(n.int_digits).substr(first);
  const std::size_t last = n.frac_digits.find_last_not_of('0');
  const std::string_view fraction = last == std::string::npos
                                        ? std::string_view()
                                        : std::string_view(n.frac_digits).substr(0, last + 1);
  std::string value;
  if (n.negative() && !(integer == "0" && fraction.empty())) value += '-';
  value += integer;
  if (!fraction.empty()) value.append(".").append(fraction);
  return value;
}

// The number's spelling with a typographic minus written as '-'.
std::string spelling(std::string_view text, const Number& n) {
  const bool minus = n.sign == "\xE2\x88\x92";
  const std::size_t from = minus ? n.begin + n.sign.size() : n.begin;
  std::string s = minus ? "-" : "";
  s.append(text.substr(from, n.end - from));
  return s;
}

// What a stored number is compared and looked up by: its value, or its exact spelling when the
// language leaves the value open.
std::string key_of(std::string_view text, const Number& n) {
  return n.ambiguous ? "s:" + spelling(text, n) : "v:" + canonical(n);
}

// ---- Scanning -------------------------------------------------------------------------------

struct Group {
  std::size_t begin, end;  // the digits
};
struct Separator {
  SepKind kind;
  std::size_t begin, end;
};

class Scanner {
 public:
  Scanner(std::string_view text, const Convention& convention)
      : text_(text), convention_(convention) {}

  std::vector<Number> scan() {
    std::size_t i = 0;
    while (i < text_.size()) {
      const char32_t c = at(text_, i);
      const bool signed_digit = is_sign(c) && is_digit(at(text_, i + length_at(text_, i))) &&
                                sign_may_follow(before(text_, i));
      if (is_digit(c) || signed_digit) {
        const std::size_t digits = signed_digit ? i + length_at(text_, i) : i;
        std::size_t k = digits;
        while (k < text_.size() && is_digit(at(text_, k))) ++k;
        if (ordinal_suffix_at(text_, k))
          i = skip_word(digits);  // "5th": a word; a sign before it stays text
        else
          i = read_run(i, digits);
      } else if (is_word_char(c)) {
        i = skip_word(i);
      } else {
        i += length_at(text_, i);
      }
    }
    return std::move(numbers_);
  }

 private:
  // Past the word or code starting at i: word characters (digits included) and connectors
  // followed by one.
  std::size_t skip_word(std::size_t i) const {
    while (i < text_.size()) {
      const char32_t c = at(text_, i);
      const std::size_t length = length_at(text_, i);
      if (is_word_char(c))
        i += length;
      else if (is_connector(c) && is_word_char(at(text_, i + length)))
        i += length;
      else
        break;
    }
    return i;
  }

  std::size_t digits_end(std::size_t i) const {
    while (i < text_.size() && is_digit(static_cast<unsigned char>(text_[i]))) ++i;
    return i;
  }

  // Reads the run of digit groups starting at `digits` (a sign, when there is one, starts at
  // `start`) and cuts it into numbers. Returns the end of the run.
  std::size_t read_run(std::size_t start, std::size_t digits) {
    std::vector<Group> groups{{digits, digits_end(digits)}};
    std::vector<Separator> separators;
    for (;;) {
      const std::size_t i = groups.back().end;
      if (i >= text_.size()) break;
      const std::optional<SepKind> kind = separator_kind(at(text_, i));
      const std::size_t next = i + length_at(text_, i);
      if (!kind || next >= text_.size() || !is_digit(static_cast<unsigned char>(text_[next])))
        break;
      separators.push_back({*kind, i, next});
      groups.push_back({next, digits_end(next)});
    }
    const std::size_t first = numbers_.size();
    // Words: groups joined by '.', ',' or apostrophes; spaces between words.
    std::size_t w = 0;
    while (w < groups.size()) {
      std::size_t w_end = w + 1;  // one past the word's last group
      while (w_end < groups.size() && separators[w_end - 1].kind != SepKind::Space) ++w_end;
      w = read_spaced(groups, separators, w, w_end);
    }
    if (start != digits && numbers_.size() > first) {  // the sign belongs to the first number
      numbers_[first].begin = start;
      numbers_[first].sign = text_.substr(start, digits - start);
    }
    return groups.back().end;
  }

  std::string digits_of(const Group& g) const {
    return std::string(text_.substr(g.begin, g.end - g.begin));
  }
  std::size_t size_of(const Group& g) const { return g.end - g.begin; }
  std::string_view text_of(const Separator& s) const {
    return text_.substr(s.begin, s.end - s.begin);
  }

  // The leading group of a thousands spelling: 1-3 digits, not starting with 0.
  bool leads_thousands(const Group& g) const {
    return size_of(g) >= 1 && size_of(g) <= 3 && text_[g.begin] != '0';
  }

  // Reads the word of groups [w, w_end), joining the following words when spaces separate
  // thousands ("1 234 567", "1 234,5"). Returns the index of the first group not read.
  std::size_t read_spaced(const std::vector<Group>& groups, const std::vector<Separator>& seps,
                          std::size_t w, std::size_t w_end) {
    if (w_end == w + 1 && leads_thousands(groups[w])) {
      Number n;
      n.begin = groups[w].begin;
      n.int_digits = digits_of(groups[w]);
      std::size_t g = w + 1;  // the next group to join
      while (g < groups.size() && seps[g - 1].kind == SepKind::Space && size_of(groups[g]) == 3) {
        // Join "ddd" alone, or "ddd" with a decimal part (one '.' or ',' and digits) that ends
        // the word.
        std::size_t word_end = g + 1;
        while (word_end < groups.size() && seps[word_end - 1].kind != SepKind::Space) ++word_end;
        const bool alone = word_end == g + 1;
        const bool decimal =
            word_end == g + 2 && (seps[g].kind == SepKind::Dot || seps[g].kind == SepKind::Comma);
        if (!alone && !decimal) break;
        if (n.group.empty()) n.group = text_of(seps[g - 1]);
        n.int_digits += digits_of(groups[g]);
        n.end = groups[g].end;
        if (decimal) {
          n.decimal = mark_of(seps[g].kind);
          n.frac_digits = digits_of(groups[g + 1]);
          n.end = groups[g + 1].end;
          g = word_end;
          break;
        }
        g = word_end;
      }
      if (!n.group.empty()) {
        numbers_.push_back(std::move(n));
        return g;
      }
    }
    read_compact(groups, seps, w, w_end);
    return w_end;
  }

  void push_integer(const Group& g) {
    Number n;
    n.begin = g.begin;
    n.end = g.end;
    n.int_digits = digits_of(g);
    numbers_.push_back(std::move(n));
  }

  // A word without spaces: digit groups [w, w_end) joined by '.', ',' or apostrophes.
  void read_compact(const std::vector<Group>& groups, const std::vector<Separator>& seps,
                    std::size_t w, std::size_t w_end) {
    const std::size_t k = w_end - w - 1;  // separators in the word
    if (k == 0) return push_integer(groups[w]);
    // Every group after the first has three digits, up to group `upto` (exclusive).
    const auto thousands_shape = [&](std::size_t upto) {
      if (!leads_thousands(groups[w])) return false;
      for (std::size_t g = w + 1; g < upto; ++g)
        if (size_of(groups[g]) != 3) return false;
      return true;
    };
    const auto same_text = [&](std::size_t from, std::size_t to) {  // separators [from, to)
      for (std::size_t s = from + 1; s < to; ++s)
        if (text_of(seps[s]) != text_of(seps[from])) return false;
      return true;
    };
    Number n;
    n.begin = groups[w].begin;
    n.end = groups[w_end - 1].end;
    for (std::size_t g = w; g < w_end; ++g) n.int_digits += digits_of(groups[g]);
    const SepKind kind = seps[w].kind;
    const std::size_t last_sep = w_end - 2;  // index into seps of the word's last separator
    if (same_text(w, last_sep + 1)) {
      if (k >= 2 || kind == SepKind::Apostrophe) {
        if (thousands_shape(w_end)) {  // "1,234,567", "1.234.567", "1'234"
          n.group = text_of(seps[w]);
          numbers_.push_back(std::move(n));
          return;
        }
      } else if (!thousands_shape(w_end) || convention_.decimal == mark_of(kind)) {
        // "1,5", "0.125", "1234.567"; or "1,234" in a language with a decimal comma
        n.int_digits = digits_of(groups[w]);
        n.frac_digits = digits_of(groups[w + 1]);
        n.decimal = mark_of(kind);
        numbers_.push_back(std::move(n));
        return;
      } else {  // "1,234": a thousand and 234, or 1.234
        n.group = text_of(seps[w]);
        n.ambiguous = !(convention_.group_known && convention_.group == kind);
        numbers_.push_back(std::move(n));
        return;
      }
    } else if (k >= 2 && same_text(w, last_sep) && seps[last_sep].kind != seps[w].kind &&
               seps[last_sep].kind != SepKind::Apostrophe && thousands_shape(w_end - 1)) {
      // "1,234.5", "1.234,5", "1'234.5"
      n.int_digits.resize(n.int_digits.size() - size_of(groups[w_end - 1]));
      n.frac_digits = digits_of(groups[w_end - 1]);
      n.group = text_of(seps[w]);
      n.decimal = mark_of(seps[last_sep].kind);
      numbers_.push_back(std::move(n));
      return;
    }
    // Neither shape: a date, a version, feet and inches; integers with the separators as text.
    for (std::size_t g = w; g < w_end; ++g) push_integer(groups[g]);
  }

  std::string_view text_;
  const Convention& convention_;
  std::vector<Number> numbers_;
};

std::vector<Number> scan(std::string_view text, const Convention& convention) {
  return Scanner(text, convention).scan();
}

// The text with every number replaced by a byte that valid UTF-8 never holds, white space
// normalised: two texts that differ only in numbers (and white space) have equal skeletons.
std::string skeleton(std::string_view text, const std::vector<Number>& numbers) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  for (const Number& n : numbers) {
    out.append(text.substr(at, n.begin - at));
    out += '\xFF';
    at = n.end;
  }
  out.append(text.substr(at));
  return normalise_white_space(out);
}

// ---- Writing --------------------------------------------------------------------------------

std::string group_digits(const std::string& digits, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.append(separator);
    out += digits[i];
  }
  return out;
}

// The query's number `q` written where the target has `t`, in the target's format: its sign
// character, its leading zeros, its thousands separator and decimal mark.
struct Hints {
  char decimal = 0;        // the decimal mark of the target's first decimal
  std::string_view minus;  // the minus of the target's first negative number
};

std::string write_number(const Number& q, const Number& t, const Convention& target,
                         const Hints& hints) {
  std::string out;
  const std::string value = canonical(q);
  if (value.front() == '-')
    out.append(t.negative() ? t.sign : !hints.minus.empty() ? hints.minus : q.sign);
  else if (t.sign == "+")
    out += '+';

  std::string integer = value.substr(value.front() == '-' ? 1 : 0);
  integer = integer.substr(0, integer.find('.'));
  const bool padded = t.int_digits.size() > 1 && t.int_digits.front() == '0';
  if (padded && integer.size() < t.int_digits.size())
    integer.insert(0, t.int_digits.size() - integer.size(), '0');

  char decimal = t.decimal;
  if (decimal == 0) decimal = target.decimal;
  if (decimal == 0 && t.group == ".") decimal = ',';
  if (decimal == 0 && t.group == ",") decimal = '.';
  if (decimal == 0) decimal = hints.decimal;
  if (decimal == 0) decimal = q.decimal;
  if (decimal == 0) decimal = '.';

  std::string_view group;
  if (!padded) {
    if (!t.group.empty()) group = t.group;
    // An ungrouped target number shows that numbers of its length go ungrouped ("1000" in
    // Russian, any length from 5 digits on); a longer one is grouped when the query's is.
    else if (t.int_digits.size() < 5 && integer.size() > t.int_digits.size() && !q.group.empty())
      group = target.group_known ? target.group_text : q.group;
  }
  if (group.size() == 1 && group.front() == decimal) group = decimal == '.' ? "," : ".";
  out += group.empty() ? integer : group_digits(integer, group);

  if (!q.frac_digits.empty()) out.append(1, decimal).append(q.frac_digits);
  return out;
}

}  // namespace

void NumberOptions::validate() const {
  if (!source_lang.empty())
    check_language_tag(normalize_language_tag(source_lang), "number substitution source language");
  if (!target_lang.empty())
    check_language_tag(normalize_language_tag(target_lang), "number substitution target language");
}

std::vector<NumberToken> find_numbers(std::string_view text, std::string_view language) {
  if (!valid_utf8(text)) return {};
  std::vector<NumberToken> tokens;
  for (const Number& n : scan(text, convention_of(language))) {
    NumberToken token{n.begin, n.end, canonical(n)};
    if (n.ambiguous) token.decimal_reading = canonical(decimal_alternative(n));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::optional<std::string> substitute_numbers(std::string_view query,
                                              std::string_view stored_source,
                                              std::string_view stored_target,
                                              const NumberOptions& options) {
  options.validate();
  if (!valid_utf8(query) || !valid_utf8(stored_source) || !valid_utf8(stored_target))
    return std::nullopt;
  const Convention source = convention_of(options.source_lang);
  const Convention target = convention_of(options.target_lang);
  const std::vector<Number> q = scan(query, source);
  const std::vector<Number> s = scan(stored_source, source);
  if (q.empty() || q.size() != s.size() || skeleton(query, q) != skeleton(stored_source, s))
    return std::nullopt;

  // Each stored number (by key) -> the query's number at its place; all its places must agree.
  struct Change {
    std::size_t place;  // the first place (index into q and s) of this stored number
    std::size_t stored_count = 0;
    std::size_t target_count = 0;
    bool changed = false;
  };
  std::unordered_map<std::string, Change> changes;
  bool any_change = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const std::string stored_key = key_of(stored_source, s[i]);
    const std::string query_key = key_of(query, q[i]);
    auto [it, inserted] = changes.try_emplace(stored_key, Change{i});
    if (!inserted && key_of(query, q[it->second.place]) != query_key) return std::nullopt;
    ++it->second.stored_count;
    it->second.changed = query_key != stored_key;
    any_change = any_change || it->second.changed;
  }
  if (!any_change) return std::nullopt;

  // Find the changed numbers in the target, each target number under one reading.
  const std::vector<Number> t = scan(stored_target, target);
  // How the target writes what its number at a place lacks: a decimal mark (for an integer that
  // becomes a decimal) and a minus (for a number that becomes negative).
  Hints hints;
  for (const Number& n : t) {
    if (hints.decimal == 0 && !n.ambiguous && n.decimal != 0) hints.decimal = n.decimal;
    if (hints.minus.empty() && n.negative()) hints.minus = n.sign;
  }
  struct Replacement {
    std::size_t target_index;
    Number reading;  // the target number under the reading that matched
    const Change* change;
  };
  std::vector<Replacement> replacements;
  for (std::size_t j = 0; j < t.size(); ++j) {
    Change* found = nullptr;
    Number found_reading;
    // False when the target number would stand for two different changed numbers.
    const auto look_up = [&](const std::string& key, const Number& reading) {
      const auto it = changes.find(key);
      if (it == changes.end() || !it->second.changed) return true;
      if (found != nullptr && found != &it->second) return false;
      found = &it->second;
      found_reading = reading;
      return true;
    };
    std::vector<Number> readings{t[j]};
    if (t[j].ambiguous) {
      readings.front().ambiguous = false;  // the thousands reading, as a value
      readings.push_back(decimal_alternative(t[j]));
    }
    for (const Number& reading : readings)
      if (!look_up("v:" + canonical(reading), reading)) return std::nullopt;
    if (!look_up("s:" + spelling(stored_target, t[j]), readings.front())) return std::nullopt;
    if (found != nullptr) {
      ++found->target_count;
      replacements.push_back({j, std::move(found_reading), found});
    }
  }
  for (const auto& [key, change] : changes)
    if (change.changed && change.target_count != change.stored_count) return std::nullopt;

  std::string out;
  out.reserve(stored_target.size() + 16);
  std::size_t at = 0;
  for (const Replacement& r : replacements) {
    const Number& target_number = t[r.target_index];
    const Number& query_number = q[r.change->place];
    const Number& stored_number = s[r.change->place];
    out.append(stored_target.substr(at, target_number.begin - at));
    if (query_number.ambiguous || stored_number.ambiguous)  // by spelling: the query's as it is
      out.append(query.substr(query_number.begin, query_number.end - query_number.begin));
    else
      out += write_number(query_number, r.reading, target, hints);
    at = target_number.end;
  }
  out.append(stored_target.substr(at));
  return out;
}

}  // namespace tmalign
