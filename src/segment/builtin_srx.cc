// tmalign's built-in Russian and English rules (language_rules.cc) written as SRX 2.0 rules, so
// that a CAT tool (OmegaT, Okapi, Trados) can segment as tmalign does. The rules are generated
// from the same tables (abbreviations.cc) in the order LanguageRules::judge() applies its rules;
// docs/srx.md says where SRX cannot say exactly what the scanner does.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "abbreviations.h"
#include "tmalign/segment/segmenter.h"

namespace tmalign {
namespace {

using detail::Abbreviation;
using detail::AbbreviationKind;
using detail::LanguageData;

// Character classes matching the predicates of language_rules.cc, written in the syntax ICU and
// Java regex share (CAT tools run SRX with either). White space is Unicode White_Space, spelt
// out: Java's \s is ASCII only and knows no \p{White_Space}; `\s` and `\S` in the patterns below
// are rewritten to it by portable().
constexpr std::string_view kWhiteSpace =
    R"(\t-\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000})";
constexpr std::string_view kLineBreak = R"([\n\r\x{85}\x{2028}\x{2029}])";
// White space but no line break.
constexpr std::string_view kSpace =
    R"([\t\x{0B}\f \x{A0}\x{1680}\x{2000}-\x{200A}\x{202F}\x{205F}\x{3000}])";
constexpr std::string_view kTerminator = R"([.!?\x{2026}])";
constexpr std::string_view kClosing = R"([["')\]][[\p{Pe}\p{Pf}]&&[^\x{0}-\x{7F}]]])";
constexpr std::string_view kRunTail = R"([[.!?\x{2026}]["')\]][[\p{Pe}\p{Pf}]&&[^\x{0}-\x{7F}]]])";
constexpr std::string_view kRunTailNoGuillemet =
    R"([[.!?\x{2026}]["')\]][[\p{Pe}\p{Pf}]&&[^\x{0}-\x{7F}\x{BB}]]])";
constexpr std::string_view kOpening = R"([["'(\[][[\p{Ps}\p{Pi}]&&[^\x{0}-\x{7F}]]])";
constexpr std::string_view kOpeningBracket = R"([(\[[\p{Ps}&&[^\x{0}-\x{7F}]]])";
constexpr std::string_view kDash = R"([\x{2014}\x{2013}\-])";
constexpr std::string_view kBullet =
    R"([\x{2014}\x{2013}\-*\x{2022}\x{2043}\x{25E6}\x{25AA}\x{2023}])";
// Neither a letter, a digit nor a line break: what judge_terminator() skips to the next word.
constexpr std::string_view kSkip = R"([^\p{L}\p{Nd}\n\r\x{85}\x{2028}\x{2029}])";
// Not preceded by anything but white space or opening punctuation: a token starts here.
constexpr std::string_view kTokenStart = R"((?<![^\s"'(\[\p{Ps}\p{Pi}]))";

std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

// `pattern` with `\s` and `\S` spelt out as Unicode White_Space (kWhiteSpace), in and outside
// character classes.
std::string portable(std::string_view pattern) {
  std::string out;
  int depth = 0;  // character class nesting
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      const char next = pattern[++i];
      if (next == 's')
        out += depth > 0 ? std::string(kWhiteSpace) : cat({"[", kWhiteSpace, "]"});
      else if (next == 'S' && depth == 0)
        out += cat({"[^", kWhiteSpace, "]"});
      else
        out += {c, next};
      continue;
    }
    depth += c == '[' ? 1 : c == ']' && depth > 0 ? -1 : 0;
    out += c;
  }
  return out;
}

// A terminator run that LanguageRules::breaks() turns into a candidate: its first terminator
// follows neither another terminator, an opening bracket, nor only white space on its line.
std::string run() {
  return cat({R"((?<![.!?\x{2026}])(?<=[^\s(\[[\p{Ps}&&[^\x{0}-\x{7F}]]]|\S)", kSpace, "{1,16})",
              kTerminator, kRunTail, "{0,16}"});
}

// The last dot of a spaced ellipsis inside a sentence (". . ." after a space or a word, not
// four dots after a space), where LanguageRules::breaks() sees no terminator.
std::string spaced_end() {
  return R"(\.(?<=(?<!\.)\s\.(?: \.){1,2}|[^\s.!?\x{2026}]\.(?: \.){2,8}))";
}

// The same run, ending in something other than a full stop.
std::string run_not_full_stop() {
  return cat({"(?:", run(), R"()(?<=[!?\x{2026}]|)", kClosing, ")"});
}

// The start of the sentence, as far as rules can see it: the text start, or a line start or the
// end of a terminator run followed by spaces and an upper-case letter (after a line break or a
// terminator a lower-case word never starts a sentence).
std::string sentence_start() {
  return cat({"(?:^", kSpace, "{0,8}|(?:", kLineBreak, "|", kTerminator, kRunTail, "{0,16}", kSpace,
              ")", kSpace, "{0,8}(?=", kOpening, R"({0,3}\p{Lu})))"});
}

// White space after a candidate, then what judge_terminator() skips to the next word.
std::string next_word() { return cat({R"(\s++)", kSkip, "*+"}); }

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ') {
      out += " {0,3}";  // "т. е." also written "т.е."
      continue;
    }
    if (std::string_view(R"(.\-+*?()[]{}|^$/)").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string alternatives(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : "|") + item;
  return "(?:" + out + ")";
}

std::string without_spaces(std::string_view text) {
  std::string out(text);
  std::erase(out, ' ');
  return out;
}

// "1990", "2010-2012", "12.03.1985" or a Roman numeral, as one token.
std::string number() {
  return cat(
      {kTokenStart,
       R"((?:[\p{Nd}\-\x{2013}.,/:]{0,24}\p{Nd}[\p{Nd}\-\x{2013}.,/:]{0,24}|[IVXLCDM]{1,12}))"});
}

constexpr std::string_view kNotLineBreak = R"([^\n\r\x{85}\x{2028}\x{2029}])";

// A list marker opening a line item: "1.", "2)", "a.)", "• 3.".
std::string list_marker() {
  return cat({"(?:", kBullet, " {0,4})?", R"((?:[0-9]{1,3}(?![0-9])|\p{Ll})(?:\.\)?|\))\s)"});
}

// A list item label in brackets: "(a) ", "(12) ", "(iv) ".
constexpr std::string_view kBracketedMarker = R"(\((?:[0-9]{1,3}|\p{Ll}{1,3})\)\s)";

// White space, then a list item opening its line: "1. ", "a) ", "(iv) ", "• ".
std::string list_item() {
  return cat({R"(\s*+(?:)", list_marker(), "|", kBullet, R"(\s|)", kBracketedMarker, ")"});
}

// The label of the next item of an inline list ("2" after "1)", "b" after "a."): each label looks
// back for the item before it on the same line, on a line that opens with a list item.
std::string next_list_label() {
  std::vector<std::string> labels;
  for (int k = 1; k <= 30; ++k) labels.push_back(std::to_string(k));
  for (char c = 'a'; c <= 'z'; ++c) labels.push_back(std::string(1, c));
  const std::string bullet = cat({"(?:", kBullet, " {0,4})?"});
  const std::string start = cat({"(?:^|", kLineBreak, ")", kSpace, "{0,8}(?:", list_marker(),
                                 kNotLineBreak, R"({0,300}\s)?)"});
  std::vector<std::string> next;
  for (std::size_t k = 0; k + 1 < labels.size(); ++k) {
    if (labels[k] == "30") continue;
    next.push_back(cat({labels[k + 1], "(?<=", start, bullet, labels[k], R"((?:\.\)?|\))\s)",
                        kNotLineBreak, R"({0,300}\s)", bullet, labels[k + 1], ")"}));
  }
  return alternatives(next);
}

// The SRX rules of one language, from its tables, in the order of docs/segmentation.md: line
// breaks without a terminator first, then the rules for a terminator run, then inline lists.
// Every beforebreak has a bounded length (SrxEngine then tests it as one ICU look-behind).
//
//   std::vector<SrxRule> rules = Builder(*detail::language_data("ru")).rules();
class Builder {
 public:
  explicit Builder(const LanguageData& data) : data_(data) {}

  std::vector<SrxRule> rules() {
    line_rules();
    terminator_rules();
    inline_list_rules();
    return std::move(rules_);
  }

 private:
  void add(bool is_break, const std::string& before, const std::string& after) {
    rules_.push_back({is_break, portable(before), portable(after)});
  }

  // Every abbreviation as one token ("т.е.", "рис."), for rules that look at a single token.
  std::string abbreviation_tokens() const {
    std::vector<std::string> tokens;
    for (const Abbreviation& a : data_.abbreviations)
      tokens.push_back(escaped(without_spaces(a.text)));
    return alternatives(tokens);
  }

  // The next word starts sentences ("The", "Тогда") or is a title ("Mr.", "проф.").
  std::string starter_or_title() const {
    std::vector<std::string> starters, titles;
    for (std::string_view word : data_.sentence_starters) starters.push_back(escaped(word));
    for (const Abbreviation& a : data_.abbreviations)
      if (a.otherwise == AbbreviationKind::kNeverEnds)
        titles.push_back(escaped(without_spaces(a.text)));
    return cat({R"(\s++(?:)", kSkip, "*+(?iu:", alternatives(starters), R"()(?!\p{L})|)", kOpening,
                R"(*(?=\p{Lu})(?iu:)", alternatives(titles), R"()[\p{P}&&[^.]]*(?:\s|$)))"});
  }

  // A line ending without a terminator run: a heading or list item ends there, a hard-wrapped
  // line goes on when the next line continues it.
  void line_rules() {
    const std::string line_end = cat({R"((?:[[^\s.!?\x{2026}"')\]\p{Pe}\p{Pf}]\}]|)",
                                      kClosing,
                                      R"((?<![.!?\x{2026}])",
                                      kRunTail,
                                      R"({1,10})|[(\[\p{Ps}])",
                                      kTerminator,
                                      kRunTail,
                                      "{0,10}|",
                                      spaced_end(),
                                      "|",
                                      kTerminator,
                                      "(?<=(?:^|",
                                      kLineBreak,
                                      ")",
                                      kSpace,
                                      "{0,8}",
                                      kTerminator,
                                      ")",
                                      kRunTail,
                                      "{0,10})"});
    const std::string line_break = cat({kSpace, "*+", kLineBreak});
    add(true, line_end, cat({line_break, list_item()}));
    add(false, line_end, cat({line_break, R"(\s*+)", kOpening, R"(*\p{Ll})"}));
    add(false, cat({"[,;]|", kDash}), line_break);
    add(true, line_end, line_break);
  }

  void terminator_rules() {
    const std::string r = run();
    const std::string dash_next = cat({kSpace, "++", kDash});
    // A spaced ellipsis (". . ."): inside it, and at its end inside a sentence, nothing breaks.
    // After a word's full stop and followed by more on the line it opens the next sentence, as
    // the rules below judge that full stop ("compounds. . . . The practice"); four dots after a
    // space end a sentence ("with a period . . . . Next").
    add(false, R"(\s\.)", R"( \.)");
    add(false, R"(\S\.)", R"( \. \.(?! \.))");
    add(false, R"(\S\.)", cat({R"( \. \.(?: \.)+)", kRunTail, "*+(?!", kSpace, R"(++\S))"}));
    add(false, spaced_end(), cat({kSpace, R"(*+\S)"}));
    // Nothing but punctuation up to a line break or the end: break.
    add(true, r, cat({next_word(), "(?:", kLineBreak, "|$)"}));
    // The next line opens with a bracketed item ("party.\n(a) the Seller"): break.
    add(true, r, cat({kSpace, "*+", kLineBreak, R"(\s*+)", kBracketedMarker}));
    // A lower-case word goes on: "Yahoo! in the", "сказал он. — пойдём".
    add(false, r, cat({next_word(), R"(\p{Ll})"}));
    // A dash on the same line: a new line of dialogue in a dialogue paragraph outside «», else
    // the quotation resumes after the author's words.
    add(false,
        cat({"«[^\\n\\r\\x{85}\\x{2028}\\x{2029}«»]{0,300}", kTerminator, kRunTailNoGuillemet,
             "{0,16}"}),
        dash_next);
    add(true,
        cat({R"((?<![.!?\x{2026}]))", kTerminator, "(?<=(?:^|", kLineBreak, ")", kSpace, "{0,8}",
             kDash, R"([^\n\r\x{85}\x{2028}\x{2029}]{0,300}))", kRunTail, "{0,16}"}),
        dash_next);
    add(false, r, dash_next);
    // "«Как же так?! Захар...» — воскликнул Пронин.": the author's words follow the quote.
    add(false, cat({R"((?<![.!?\x{2026}])[!?\x{2026}])", kRunTailNoGuillemet, "{0,16}"}),
        cat({R"((?<=«[^\n\r\x{85}\x{2028}\x{2029}«»]{0,300})(?=\s)(?:[^\n\r\x{85}\x{2028}\x{2029}«»]|«[^\n\r\x{85}\x{2028}\x{2029}«»]*»)*»(?:)",
             kSpace, "|,)*", kDash, "(?:", kSpace, "|,|", kDash, R"()*\p{Ll})"}));
    // The sentence so far is a list marker ("1.", "1.2.", "a."): it starts at a line start after
    // a line without a terminator, at the next item of an inline list, or after a word's full stop
    // before a number.
    const std::string marker = R"((?:(?:[0-9]{1,3}\.){0,4}[0-9]{1,3}|\p{Ll})\.[.)]{0,4})";
    add(false,
        cat({"(?:^|", kLineBreak, "(?<![.!?\\x{2026}]", kRunTail, "{0,8}", kSpace, "{0,8}",
             kLineBreak, "))", kSkip, "{0,8}", marker}),
        R"(\s)");
    // A numbered heading label at the start of a line ("Статья 5.", "Chapter IV."): the title
    // follows on the same line.
    std::vector<std::string> headings;
    for (std::string_view word : data_.heading_words) headings.push_back(escaped(word));
    add(false,
        cat({"(?:^|", kLineBreak, ")[ \\t]{0,8}(?iu:", alternatives(headings), R"()[ \t]{1,8})",
             number(), R"(\.)"}),
        R"(\s)");
    // (An inline item: a label after another item earlier on the line; unlike the break rule
    // below, the labels need not follow each other, which would cost a look-behind per label.)
    const std::string bullet = cat({"(?:", kBullet, " {0,4})?"});
    const std::string label = "(?:[0-9]{1,2}|[a-z])";
    add(false,
        cat({R"((?<=\s))", bullet, label, R"(\.[.)]{0,4}(?<=(?:^|\s))", bullet, label,
             R"((?:\.\)?|\))\s)", kNotLineBreak, R"({0,300}\s)", bullet, label, R"(\.[.)]{0,4}))"}),
        R"(\s)");
    add(false,
        cat({kTokenStart, R"((?=\p{L}{2,40})", kClosing, "{0,4}", kTerminator,
             ")(?!(?iu:", abbreviation_tokens(), R"())\p{L}{2,40})", kClosing, "{0,4}", run(),
             R"(\s{1,8})", kSkip, R"({0,8}(?:[0-9]{1,3}\.){0,4}[0-9]{1,3}\.[.)]{0,4})"}),
        R"(\s)");
    // After ! ? … or a closing quote or bracket: break.
    add(true, run_not_full_stop(), R"(\s)");
    abbreviation_rules();
    // A number after a word's full stop starts a sentence; after a number or a letter, not.
    const std::string digit_next = cat({next_word(), R"(\p{Nd})"});
    add(true, cat({kTokenStart, R"(\p{L}{2,40})", kClosing, "{0,4}", r}), digit_next);
    add(false, r, digit_next);
    initials_rules();
    add(true, r, R"(\s)");
  }

  void abbreviation_rules() {
    // "В 2017 г.", "At 5 a.m.", "С 1 января 2019 г.": a preposition, up to two numbers or month
    // names, a number and an abbreviation open a sentence.
    std::vector<std::string> prepositions, months;
    for (std::string_view word : data_.prepositions) prepositions.push_back(escaped(word));
    for (std::string_view stem : data_.month_stems) months.push_back(escaped(stem));
    const std::string month = cat({"(?iu:", alternatives(months), R"(\p{L}{0,3}))"});
    add(false,
        cat({sentence_start(), kOpening, "{0,3}(?iu:", alternatives(prepositions), R"()\s{1,8})",
             "(?:(?:", number(), "|", month, R"()\s{1,8}){0,2})", number(), R"(\s{1,8})", kOpening,
             "{0,3}(?iu:", abbreviation_tokens(), ")"}),
        R"(\s)");

    // Longest first ("т. п." before "п."), then one rule group per kind.
    std::vector<Abbreviation> sorted(data_.abbreviations.begin(), data_.abbreviations.end());
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Abbreviation& a, const Abbreviation& b) {
                       return std::count(a.text.begin(), a.text.end(), ' ') >
                              std::count(b.text.begin(), b.text.end(), ' ');
                     });
    const auto words = [](const Abbreviation& a) {
      return std::count(a.text.begin(), a.text.end(), ' ');
    };
    for (std::size_t i = 0; i < sorted.size();) {
      std::size_t end = i;
      while (end < sorted.size() && words(sorted[end]) == words(sorted[i])) ++end;
      for (AbbreviationKind kind :
           {AbbreviationKind::kNeverEnds, AbbreviationKind::kMayEnd, AbbreviationKind::kAmbiguous,
            AbbreviationKind::kNumberPrefix}) {
        std::vector<std::string> after_number;
        for (std::size_t k = i; k < end; ++k)
          if (sorted[k].after_number == kind && sorted[k].otherwise != kind)
            after_number.push_back(escaped(sorted[k].text));
        if (!after_number.empty())
          kind_rules(kind, cat({number(), R"(\s{1,8})", kOpening,
                                "{0,3}(?iu:", alternatives(after_number), ")"}));
      }
      for (AbbreviationKind kind :
           {AbbreviationKind::kNeverEnds, AbbreviationKind::kMayEnd, AbbreviationKind::kAmbiguous,
            AbbreviationKind::kNumberPrefix}) {
        std::vector<std::string> otherwise;
        for (std::size_t k = i; k < end; ++k)
          if (sorted[k].otherwise == kind) otherwise.push_back(escaped(sorted[k].text));
        if (!otherwise.empty())
          kind_rules(kind, cat({kTokenStart, "(?iu:", alternatives(otherwise), ")"}));
      }
      i = end;
    }
  }

  // What a full stop after an abbreviation means (AbbreviationKind).
  void kind_rules(AbbreviationKind kind, const std::string& before) {
    const std::string digit_next = cat({next_word(), R"(\p{Nd})"});
    switch (kind) {
      case AbbreviationKind::kNeverEnds:
        add(false, before, R"(\s)");
        break;
      case AbbreviationKind::kMayEnd:
        add(false, before, cat({R"(\s++(?:)", kOpeningBracket, "|", kSkip, R"(*+\p{Nd}))"}));
        add(true, before, R"(\s)");
        break;
      case AbbreviationKind::kAmbiguous:
        add(true, before, starter_or_title());
        add(false, before, R"(\s)");
        break;
      case AbbreviationKind::kNumberPrefix:
        add(false, before, digit_next);
        break;
      case AbbreviationKind::kNone:
        break;
    }
  }

  // Initials before a name in the same script ("Д. Песков", "J. R. R. Tolkien").
  void initials_rules() {
    for (std::string_view script : {"Latn", "Cyrl", "Grek"}) {
      const std::string letter = cat({R"([\p{Lu}&&\p{sc=)", script, "}]"});
      const std::string before = cat({kTokenStart, letter, R"(\.(?:\p{Lu}\.){0,8})"});
      const std::string same_script = cat({R"((?=\s++)", kSkip, R"(*+\p{sc=)", script, "})"});
      add(false, before,
          cat({same_script, R"(\s++)", kOpening, R"(*(?:\p{Lu}\.)+[\p{P}&&[^.]]*(?:\s|$))"}));
      add(true, before, cat({same_script, starter_or_title()}));
      add(false, before, same_script);
    }
  }

  // The next item of an inline list whose item opens the sentence ("1) The first item 2) The
  // second item", "a. one b. two"): one rule, whose afterbreak names each next marker and looks
  // back for the marker before it on the same line, on a line that starts with a list item.
  void inline_list_rules() {
    add(true, cat({"(?<!", kBullet, R"( {0,3})\s)"}),
        cat({"(?:", kBullet, R"( {0,4})?(?=[0-9a-z][0-9]?[.)]))", next_list_label(),
             R"((?:\.\)?|\))\s)"}));
  }

  const LanguageData& data_;
  std::vector<SrxRule> rules_;
};

}  // namespace

SrxDocument builtin_srx() {
  SrxDocument document;
  for (const auto& [code, name] : {std::pair{"ru", "tmalign Russian"}, {"en", "tmalign English"}}) {
    document.language_rules.push_back({name, Builder(*detail::language_data(code)).rules()});
    document.maps.push_back({std::string(code) + ".*", name});
  }
  return document;
}

}  // namespace tmalign
