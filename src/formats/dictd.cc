// Bilingual dictionaries in the dictd format: finding them, parsing their definitions into word
// pairs, reading them into a BilingualDictionary (docs/alignment.md, "Dictionaries").
#include "tmalign/formats/dictd.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <system_error>

#include "formats/dictd_file.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"

namespace tmalign {
namespace {

namespace fs = std::filesystem;

// ---- Languages -------------------------------------------------------------------------------

struct LanguageCodes {
  std::string iso1;  // ISO 639-1 where the language has one ("ru"), else the tag's own code
  std::string iso3;  // ISO 639-3 / 639-2/T ("rus"); empty when ICU knows none
};

LanguageCodes language_codes(const std::string& tag, const std::string& what) {
  check_language_tag(tag, what);
  const std::string primary = primary_language(tag);
  const icu::Locale locale = icu::Locale::createCanonical(primary.c_str());
  LanguageCodes codes{locale.getLanguage(), locale.getISO3Language()};
  if (codes.iso1.empty()) codes.iso1 = primary;
  if (codes.iso3.empty() && primary.size() == 3) codes.iso3 = primary;
  return codes;
}

// ---- Words -----------------------------------------------------------------------------------

// Calls visit(c) for each code point of `text` (c < 0 for an ill-formed sequence) until it
// returns false. For items and words: `text` is far shorter than 2 GiB.
template <typename Visit>
void for_each_code_point(std::string_view text, Visit visit) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (!visit(c)) return;
  }
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_latin_letter(UChar32 c) {
  if (c < 0x80) return is_ascii_letter(static_cast<char>(c));
  if (c >= 0x0400 && c <= 0x052F) return false;  // Cyrillic: most of what Mueller has
  if (!u_isalpha(c)) return false;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_LATIN;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 /* ’ */ || c == 0x00B4 /* ´ */; }

// A word: letters (and the combining marks that follow them), with single hyphens or apostrophes
// only between letters: "дом", "северо-восток", "aujourd'hui"; not "кто-л.", "1-я", "-armed".
bool is_word(std::string_view token) {
  if (token.empty()) return false;
  bool ok = true, after_letter = false;
  for_each_code_point(token, [&](UChar32 c) {
    if (c >= 0 && (u_isalpha(c) || (after_letter && (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0))) {
      after_letter = true;
    } else if (after_letter && (c == '-' || is_apostrophe(c))) {
      after_letter = false;
    } else {
      ok = false;
    }
    return ok;
  });
  return ok && after_letter;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Trims spaces, quotation marks and a final ! or ? ("хорошо!" is a translation, said aloud).
std::string_view trim_item(std::string_view item) {
  constexpr std::array<std::string_view, 9> kQuotes = {"\"", "«", "»", "„", "“",
                                                       "”",  "!", "?", "¡"};
  for (bool changed = true; changed;) {
    changed = false;
    while (!item.empty() && is_space(item.front())) item.remove_prefix(1), changed = true;
    while (!item.empty() && is_space(item.back())) item.remove_suffix(1), changed = true;
    for (const std::string_view quote : kQuotes) {
      if (item.starts_with(quote)) item.remove_prefix(quote.size()), changed = true;
      if (item.ends_with(quote)) item.remove_suffix(quote.size()), changed = true;
    }
  }
  return item;
}

// Words that may precede the content word of a two-word translation: the infinitive marker,
// articles, reflexive pronouns. One list for every language; a clash needs a two-word item whose
// first word means something else in another language ("die" in English), which dictionaries'
// translation lists hardly have.
bool is_function_word(std::string_view word) {
  static constexpr std::array<std::string_view, 21> kWords = {
      "to",  "a",   "an",  "the",                                                // English
      "le",  "la",  "les", "un",  "une", "se",                                   // French
      "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "sich",  // German
      "el"};                                                                     // Spanish
  std::array<char, 5> buffer;
  if (word.size() > buffer.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    buffer[i] = word[i] >= 'A' && word[i] <= 'Z' ? static_cast<char>(word[i] - 'A' + 'a') : word[i];
  return std::ranges::find(kWords, std::string_view(buffer.data(), word.size())) != kWords.end();
}

// French elided article or reflexive pronoun glued to its word: "l'étang", "s'asseoir".
std::string_view drop_elision(std::string_view word) {
  if (word.size() < 3 || (word[0] != 'l' && word[0] != 'L' && word[0] != 's' && word[0] != 'S'))
    return word;
  for (const std::string_view apostrophe : {"'", "’"})
    if (word.substr(1).starts_with(apostrophe)) return word.substr(1 + apostrophe.size());
  return word;
}

// The one word of a dictionary item, if it is one (see parse_definition).
std::optional<std::string_view> single_word(std::string_view item) {
  item = trim_item(item);
  std::array<std::string_view, 2> tokens;
  std::size_t count = 0;
  for (std::size_t i = 0; i < item.size();) {
    while (i < item.size() && is_space(item[i])) ++i;
    if (i == item.size()) break;
    std::size_t end = i;
    while (end < item.size() && !is_space(item[end])) ++end;
    if (count == tokens.size()) return std::nullopt;
    tokens[count++] = item.substr(i, end - i);
    i = end;
  }
  std::string_view word;
  if (count == 1) {
    word = tokens[0];
  } else if (count == 2 && is_function_word(tokens[0])) {
    word = tokens[1];
  } else {
    return std::nullopt;
  }
  word = drop_elision(word);
  if (!is_word(word)) return std::nullopt;
  return word;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;

// ---- Mueller ---------------------------------------------------------------------------------

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of a numbered sense marker at `i` ("1)", "10)", "2." before a space), 0 when none.
std::size_t major_marker(std::string_view text, std::size_t i) {
  std::size_t j = i;
  while (j < text.size() && is_digit(text[j])) ++j;
  if (j == i || j == text.size() || j - i > 3) return 0;
  if (text[j] == ')') return j + 1 - i;
  if (text[j] == '.' && (j + 1 == text.size() || text[j + 1] == ' ')) return j + 1 - i;
  return 0;
}

// Length of a lettered sub-sense marker at `i` ("а)", "б)", "a)"), 0 when none.
std::size_t minor_marker(std::string_view text, std::size_t i) {
  if (i + 1 < text.size() && text[i] >= 'a' && text[i] <= 'z' && text[i + 1] == ')') return 2;
  if (i + 2 < text.size() && text[i + 2] == ')') {
    const auto b0 = static_cast<unsigned char>(text[i]),
               b1 = static_cast<unsigned char>(text[i + 1]);
    if ((b0 == 0xD0 && b1 >= 0xB0 && b1 <= 0xBF) || (b0 == 0xD1 && b1 >= 0x80 && b1 <= 0x8F))
      return 3;  // а-я
  }
  return 0;
}

// The definition's lines joined into one, with (remarks), [transcriptions] and {cross-references}
// cut out (each leaves a space: "вмещать(ся)" -> "вмещать "). A word hyphenated across lines
// ("северо-\n восток") is joined without a space. A line that opens with a sense marker closes any
// bracket left open, so an unbalanced "(" cannot swallow the rest of the entry.
std::string mueller_clean(std::string_view body) {
  std::string clean;
  clean.reserve(body.size());
  int depth = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\n' || c == '\r') {
      while (i + 1 < body.size() && (body[i + 1] == ' ' || body[i + 1] == '\t')) ++i;
      const std::size_t next = i + 1;
      if (depth > 0 && (major_marker(body, next) > 0 || body.substr(next).starts_with("_I")))
        depth = 0;
      if (depth > 0) continue;
      const bool hyphenated =
          clean.size() >= 2 && clean.back() == '-' && clean[clean.size() - 2] != ' ';
      if (!hyphenated) clean += ' ';
      continue;
    }
    if (c == '(' || c == '[' || c == '{') {
      if (depth++ == 0) clean += ' ';
      continue;
    }
    if ((c == ')' || c == ']' || c == '}') && depth > 0) {
      --depth;
      continue;
    }
    if (depth == 0) clean += c;
  }
  return clean;
}

// Mueller's senses list translations separated by ";" and ",", then English examples, each followed
// by its Russian rendering ("to keep house вести хозяйство"). Once an item has Latin letters, the
// rest of the sense is example material and gives nothing, until the next numbered sense ("2)",
// "2.", "_II"). Lettered sub-senses ("а)", "б)") belong to what precedes the first of them in the
// numbered sense: to the headword when no example came before it ("24) глагол-связка ...: а)
// находиться ...; to go hungry быть голодным; б) делаться"), each letter then opening a sense of
// the headword again; to an English phrase otherwise ("go down а) спускаться; ... б) затонуть"),
// and then they are all example material.
void parse_mueller(std::string_view headword, std::string_view body, Pairs& out) {
  const std::string clean = mueller_clean(body);
  const std::string_view text = clean;
  enum class Letters { kUnknown, kHeadword, kPhrase };
  bool examples = false;                // in the examples of the current sense
  Letters letters = Letters::kUnknown;  // whose senses the sense's а) б) ... are
  std::string item;

  const auto close_item = [&] {
    if (item.find_first_not_of(' ') == std::string::npos) {
      item.clear();
      return;
    }
    bool latin = false;
    for_each_code_point(item, [&](UChar32 c) {
      latin = is_latin_letter(c);
      return !latin;
    });
    if (latin) {
      examples = true;
    } else if (!examples) {
      if (const auto word = single_word(item)) out.emplace_back(headword, *word);
    }
    item.clear();
  };

  bool token_start = true;  // at the start of the text, after a space, a marker or a label
  for (std::size_t i = 0; i < text.size();) {
    if (token_start) {
      if (const std::size_t n = major_marker(text, i)) {
        close_item();
        examples = false;
        letters = Letters::kUnknown;
        i += n;
        continue;
      }
      if (const std::size_t n = minor_marker(text, i)) {
        close_item();
        if (letters == Letters::kUnknown)
          letters = examples ? Letters::kPhrase : Letters::kHeadword;
        if (letters == Letters::kHeadword) examples = false;
        i += n;
        continue;
      }
      if (text[i] == '_') {  // a label (_n. _ам. _attr.) or a homonym number (_I _II)
        std::size_t end = i + 1;
        while (end < text.size() && text[end] != ' ' && text[end] != ';' && text[end] != ',' &&
               text[end] != ':')
          ++end;
        const std::string_view label = text.substr(i + 1, end - i - 1);
        if (!label.empty() && label.find_first_not_of("IVX") == std::string_view::npos) {
          close_item();
          examples = false;
          letters = Letters::kUnknown;
        }
        i = end;
        continue;
      }
    }
    const char c = text[i++];
    token_start = c == ' ';
    if (c == ';' || c == ',' || c == ':') {
      close_item();
    } else {
      item += c;
    }
  }
  close_item();
}

// ---- FreeDict --------------------------------------------------------------------------------

// "N. " at the start of a line: N, else 0.
int sense_number(std::string_view line) {
  std::size_t j = 0;
  while (j < line.size() && j < 4 && is_digit(line[j])) ++j;
  if (j == 0 || j + 1 >= line.size() || line[j] != '.' || line[j + 1] != ' ') return 0;
  int number = 0;
  for (std::size_t k = 0; k < j; ++k) number = number * 10 + (line[k] - '0');
  return number;
}

// A translation line: "N. " dropped, a trailing sub-sense number (" 2.") dropped, (remarks) cut,
// then items separated by "," or ";".
void parse_freedict_translations(std::string_view headword, std::string_view line, Pairs& out) {
  if (sense_number(line) > 0) line.remove_prefix(line.find(' ') + 1);
  while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
  if (const std::size_t dot = line.size(); dot >= 2 && line[dot - 1] == '.') {
    std::size_t j = dot - 1;
    while (j > 0 && is_digit(line[j - 1])) --j;
    if (j < dot - 1 && j > 0 && line[j - 1] == ' ') line = line.substr(0, j - 1);
  }
  std::string items;
  int depth = 0;
  for (const char c : line) {
    if (c == '(' || c == '[')
      ++depth;
    else if ((c == ')' || c == ']') && depth > 0)
      --depth;
    else if (depth == 0)
      items += c == ';' ? ',' : c;
  }
  for (std::size_t begin = 0; begin <= items.size();) {
    std::size_t end = items.find(',', begin);
    if (end == std::string::npos) end = items.size();
    const auto word = single_word(std::string_view(items).substr(begin, end - begin));
    if (word && !is_function_word(*word))
      out.emplace_back(headword, *word);  // a lone "la": a split phrase
    begin = end + 1;
  }
}

// FreeDict (WikDict) entries: a headword line ("Schuster /ˈʃuːstɐ/ <n, masc>"), then one block per
// sense: a line of comma-separated translations, numbered "1. ", "2. " when there are several
// senses, and optionally gloss lines in the headword's language. What tells them apart is the
// position, not the text: the translation lines are the first line of the body and each later
// line that starts, in its first column, with the next sense number; every other line is a gloss,
// including the sub-sense lines " 3." that start with a space.
void parse_freedict(std::string_view headword, std::string_view body, Pairs& out) {
  int next_sense = 0;  // 0: a single unnumbered sense, nothing after its first line translates
  bool first = true;
  for (std::size_t begin = 0; begin < body.size();) {
    std::size_t end = body.find('\n', begin);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(begin, end - begin);
    begin = end + 1;
    const int number = sense_number(line);
    if (first) {
      first = false;
      if (number == 1) next_sense = 2;
      parse_freedict_translations(headword, line, out);
    } else if (next_sense > 0 && number == next_sense) {
      ++next_sense;
      parse_freedict_translations(headword, line, out);
    }
  }
}

}  // namespace

// ---- Finding dictionaries --------------------------------------------------------------------

std::vector<DictionaryFile> find_dictionaries(const std::string& source_lang,
                                              const std::string& target_lang, const fs::path& dir) {
  const LanguageCodes source = language_codes(source_lang, "source language");
  const LanguageCodes target = language_codes(target_lang, "target language");
  std::vector<DictionaryFile> found;
  const auto add_if_present = [&](const std::string& name, const LanguageCodes& from,
                                  const LanguageCodes& to, DictionaryFormat format) {
    std::error_code error;
    const fs::path index = dir / name;
    if (fs::is_regular_file(index, error)) found.push_back({index, from.iso1, to.iso1, format});
  };
  if (source.iso3 == target.iso3 || source.iso3.empty() || target.iso3.empty()) return found;
  if (source.iso3 == "eng" && target.iso3 == "rus")
    add_if_present("mueller7.index", source, target, DictionaryFormat::kMueller);
  if (source.iso3 == "rus" && target.iso3 == "eng")
    add_if_present("mueller7.index", target, source, DictionaryFormat::kMueller);
  add_if_present("freedict-" + source.iso3 + "-" + target.iso3 + ".index", source, target,
                 DictionaryFormat::kFreedict);
  add_if_present("freedict-" + target.iso3 + "-" + source.iso3 + ".index", target, source,
                 DictionaryFormat::kFreedict);
  std::ranges::sort(found, {}, [](const DictionaryFile& f) { return f.index.filename().string(); });
  return found;
}

// ---- Parsing definitions ---------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> parse_definition(DictionaryFormat format,
                                                                  std::string_view headword,
                                                                  std::string_view definition) {
  Pairs pairs;
  const std::string_view word = trim_item(headword);
  if (!is_word(word)) return pairs;
  // The first line repeats the headword (with pronunciation and part of speech in FreeDict).
  const std::size_t newline = definition.find('\n');
  const std::string_view body =
      newline == std::string_view::npos ? std::string_view{} : definition.substr(newline + 1);
  if (format == DictionaryFormat::kMueller) {
    parse_mueller(word, body, pairs);
  } else {
    parse_freedict(word, body, pairs);
  }
  return pairs;
}

// ---- Naming dictionaries ---------------------------------------------------------------------

DictionaryFile dictionary_file(const fs::path& index) {
  const std::string name = index.filename().string();
  if (name == "mueller7.index") return {index, "en", "ru", DictionaryFormat::kMueller};
  constexpr std::string_view kPrefix = "freedict-", kSuffix = ".index";
  const std::string_view view = name;
  if (view.starts_with(kPrefix) && view.ends_with(kSuffix)) {
    const std::string_view codes =
        view.substr(kPrefix.size(), view.size() - kPrefix.size() - kSuffix.size());
    const auto is_iso3 = [](std::string_view code) {
      return code.size() == 3 &&
             std::ranges::all_of(code, [](char c) { return c >= 'a' && c <= 'z'; });
    };
    const std::size_t dash = codes.find('-');
    if (dash != std::string_view::npos) {
      const std::string from(codes.substr(0, dash)), to(codes.substr(dash + 1));
      if (is_iso3(from) && is_iso3(to) && from != to)
        return {index, language_codes(from, "dictionary language").iso1,
                language_codes(to, "dictionary language").iso1, DictionaryFormat::kFreedict};
    }
  }
  throw OptionError("cannot tell the languages of dictionary " + index.string() +
                    ": its name should be mueller7.index (English-Russian) or "
                    "freedict-XXX-YYY.index (XXX to YYY, ISO 639-3 codes such as deu-fra)");
}

// ---- Reading dictionaries --------------------------------------------------------------------

void read_dictionary(const DictionaryFile& file, BilingualDictionary& into) {
  const LanguageCodes source = language_codes(into.source_lang(), "source language");
  const LanguageCodes target = language_codes(into.target_lang(), "target language");
  const LanguageCodes from = language_codes(file.from, "dictionary language");
  const LanguageCodes to = language_codes(file.to, "dictionary language");
  bool reversed;
  if (from.iso1 == source.iso1 && to.iso1 == target.iso1) {
    reversed = false;
  } else if (from.iso1 == target.iso1 && to.iso1 == source.iso1) {
    reversed = true;
  } else {
    throw OptionError("dictionary " + file.index.string() + " translates " + file.from + " to " +
                      file.to + ", not between " + into.source_lang() + " and " +
                      into.target_lang());
  }
  // open() reads and checks everything before the first pair is added.
  const detail::DictdDictionary dictionary = detail::DictdDictionary::open(file.index);
  dictionary.for_each([&](std::string_view headword, std::string_view definition) {
    for (const auto& [word, translation] : parse_definition(file.format, headword, definition)) {
      if (reversed) {
        into.add(translation, word);
      } else {
        into.add(word, translation);
      }
    }
  });
}

BilingualDictionary installed_dictionary(const std::string& source_lang,
                                         const std::string& target_lang, const fs::path& dir) {
  BilingualDictionary dictionary(source_lang, target_lang);
  for (const DictionaryFile& file : find_dictionaries(source_lang, target_lang, dir))
    read_dictionary(file, dictionary);
  return dictionary;
}

}  // namespace tmalign
