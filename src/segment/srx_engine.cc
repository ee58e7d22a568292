// SRX matching over UTF-8 text with ICU regex; docs/srx.md explains the method and its limits.
//
// The text is wrapped in a UTF-8 UText (utext_openUTF8), so ICU's native indices are the byte
// offsets tmalign uses and nothing is copied. Two questions are asked of a rule at position p:
//   after:  does AFTER match text starting at p?  lookingAt() on the region [p, end), with
//           transparent bounds so that \b and look-behind see the text before p;
//   before: does BEFORE match text ending at p?   ICU cannot match backwards, but its look-behind
//           does exactly this for patterns of bounded length: (?<=BEFORE), tried with lookingAt()
//           at p, tries only the starts the pattern's length allows. A BEFORE of unbounded length
//           (\s*, +) is compiled as (?:BEFORE)(?![\s\S]) and searched for in the region
//           [p - kBeforeWindow, p) with opaque bounds: the look-ahead then sees nothing past p and
//           succeeds exactly at p; each hit is confirmed with matches() on [start, p) with
//           transparent bounds (so that a \b or look-ahead at p sees the real text after p).
// breaks() avoids asking these questions at every position: each break rule, compiled as one
// pattern (?:BEFORE)(?=AFTER), is searched over the whole text (restarting one character after
// every hit's start, so that overlapping hits are found) to give candidate positions; at each
// candidate only the no-break rules that come before the first break rule matching there are
// tried. Those no-break rules are merged, per run between break rules and per identical AFTER,
// into one pattern (?<=B1)|(?<=B2)|... (plus one alternation of the unbounded ones), so that a
// file with 800 abbreviation rules costs one AFTER test and one look-behind pattern per candidate.
#include "srx_engine.h"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "core/icu.h"
#include "tmalign/core/error.h"

namespace tmalign::detail {
namespace {

// How far before a position BEFORE may start, in bytes (about 128 Cyrillic or 256 Latin
// characters): longer BEFORE matches are not seen.
constexpr std::size_t kBeforeWindow = 256;

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The offset of the character after the one starting at `offset`.
std::size_t next_char(std::string_view text, std::size_t offset) {
  ++offset;
  while (offset < text.size() && continuation_byte(text[offset])) ++offset;
  return offset;
}

// True when `pattern` holds a numbered (\1) or named (\k<name>) backreference, which would point
// elsewhere once the pattern is combined with others.
bool has_backreference(const std::string& pattern) {
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    const char next = pattern[i + 1];
    if ((next >= '1' && next <= '9') || next == 'k') return true;
    ++i;  // skip the escaped character
  }
  return false;
}

std::string describe(const SrxRule& rule, std::size_t index) {
  return "SRX rule " + std::to_string(index + 1) + " (break=\"" + (rule.is_break ? "yes" : "no") +
         "\", beforebreak \"" + rule.before + "\", afterbreak \"" + rule.after + "\")";
}

// Compiles an ICU regex given in UTF-8; `what` names it in the error.
std::unique_ptr<icu::RegexPattern> compile(const std::string& pattern, const std::string& what) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  std::unique_ptr<icu::RegexPattern> compiled(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, parse_error, status));
  if (U_FAILURE(status))
    throw OptionError(what + " is not a valid ICU regex: " + u_errorName(status) + " at line " +
                      std::to_string(parse_error.line) + ", offset " +
                      std::to_string(parse_error.offset) + " of \"" + pattern + "\"");
  return compiled;
}

// The UTF-8 text as an ICU UText (no copy), closed on destruction.
class Utf8Text {
 public:
  explicit Utf8Text(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    text_ = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    check_icu(status, "open UTF-8 text");
  }
  ~Utf8Text() { utext_close(text_); }
  Utf8Text(const Utf8Text&) = delete;
  Utf8Text& operator=(const Utf8Text&) = delete;
  UText* get() const { return text_; }

 private:
  UText* text_ = nullptr;
};

// A matcher of `pattern` over `text`.
std::unique_ptr<icu::RegexMatcher> make_matcher(const icu::RegexPattern& pattern,
                                                const Utf8Text& text) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> matcher(pattern.matcher(status));
  check_icu(status, "create a regex matcher");
  matcher->reset(text.get());
  return matcher;
}

// One or more rules with the same AFTER that share one verdict (all break or all no-break): the
// set matches at p when AFTER matches at p and any of the BEFOREs ends at p.
struct RuleSet {
  std::size_t after = 0;    // index into Impl::afters; its pattern is null when AFTER is empty
  bool any_before = false;  // a BEFORE is empty: matches everywhere
  // (?<=B1)|(?<=B2)|... for the BEFOREs of bounded length, tried with lookingAt() at p.
  std::unique_ptr<icu::RegexPattern> behind;
  // (?:B1|B2...)(?![\s\S]) and B1|B2... for the others, searched for in a window before p.
  std::unique_ptr<icu::RegexPattern> before_at_end;
  std::unique_ptr<icu::RegexPattern> before;

  // `befores` are the rules' BEFORE patterns, already checked one by one.
  RuleSet(std::size_t after_index, const std::vector<std::string>& befores) : after(after_index) {
    std::string behinds, unbounded;
    for (const std::string& b : befores) {
      if (b.empty()) {
        any_before = true;
        return;
      }
      // ICU's look-behind needs a bounded length; it then tries only the starts that length allows.
      // append() rather than const char* + std::string: GCC 12 warns falsely (-Wrestrict).
      if (bounded_length(b))
        behinds.append(behinds.empty() ? "(?<=" : "|(?<=").append(b).append(")");
      else
        unbounded.append(unbounded.empty() ? "(?:" : "|(?:").append(b).append(")");
    }
    if (!behinds.empty()) behind = compile(behinds, "merged SRX beforebreak");
    if (!unbounded.empty()) {
      before_at_end = compile("(?:" + unbounded + ")(?![\\s\\S])", "merged SRX beforebreak");
      before = compile(unbounded, "merged SRX beforebreak");
    }
  }

  static bool bounded_length(const std::string& before) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    const std::unique_ptr<icu::RegexPattern> compiled(icu::RegexPattern::compile(
        icu::UnicodeString::fromUTF8("(?<=" + before + ")"), 0, parse_error, status));
    return U_SUCCESS(status);
  }
};

// The matchers one call needs, made from the engine's patterns for one text.
class Matchers {
 public:
  Matchers(const Utf8Text& text, std::string_view bytes) : text_(text), bytes_(bytes) {}

  // Whether `pattern` matches text starting at `position` (seeing the text before it).
  bool after_at(const icu::RegexPattern& pattern, std::size_t position) {
    icu::RegexMatcher& m = matcher(pattern);
    UErrorCode status = U_ZERO_ERROR;
    m.region(static_cast<int64_t>(position), static_cast<int64_t>(bytes_.size()), status);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    const bool found = m.lookingAt(status);
    check_icu(status, "match an SRX afterbreak");
    return found;
  }

  // Whether one of the set's BEFOREs matches text ending at `position` (see the file comment).
  bool before_at(const RuleSet& set, std::size_t position) {
    if (set.any_before || (set.behind && after_at(*set.behind, position))) return true;
    if (!set.before_at_end) return false;
    std::size_t lo = position > kBeforeWindow ? position - kBeforeWindow : 0;
    while (lo < position && continuation_byte(bytes_[lo])) ++lo;
    icu::RegexMatcher& search = matcher(*set.before_at_end);
    icu::RegexMatcher& confirm = matcher(*set.before);
    UErrorCode status = U_ZERO_ERROR;
    while (lo <= position) {
      search.region(static_cast<int64_t>(lo), static_cast<int64_t>(position), status);
      search.useTransparentBounds(false);
      search.useAnchoringBounds(false);
      if (!search.find(status)) break;
      const int64_t start = search.start(status);
      confirm.region(start, static_cast<int64_t>(position), status);
      confirm.useTransparentBounds(true);
      confirm.useAnchoringBounds(false);
      if (confirm.matches(status)) return true;
      check_icu(status, "match an SRX beforebreak");
      lo = next_char(bytes_, static_cast<std::size_t>(start));
    }
    check_icu(status, "match an SRX beforebreak");
    return false;
  }

  icu::RegexMatcher& matcher(const icu::RegexPattern& pattern) {
    std::unique_ptr<icu::RegexMatcher>& m = matchers_[&pattern];
    if (!m) m = make_matcher(pattern, text_);
    return *m;
  }

 private:
  const Utf8Text& text_;
  std::string_view bytes_;
  std::map<const icu::RegexPattern*, std::unique_ptr<icu::RegexMatcher>> matchers_;
};

}  // namespace

struct SrxEngine::Impl {
  // Distinct AFTER patterns (null for the empty one), shared by the rule sets.
  std::vector<std::unique_ptr<icu::RegexPattern>> afters;
  std::vector<bool> is_break;   // per rule
  std::vector<RuleSet> single;  // per rule: the rule alone, for verdict()
  // breaks(): per break rule, (rule index, (?:BEFORE)(?=AFTER)).
  std::vector<std::pair<std::size_t, std::unique_ptr<icu::RegexPattern>>> break_rules;
  // breaks(): merged no-break rule sets and the index of the first rule after each set's run.
  std::vector<std::pair<std::size_t, RuleSet>> exceptions;

  bool after_at(Matchers& m, std::size_t after, std::size_t position) const {
    return !afters[after] || m.after_at(*afters[after], position);
  }
  bool matches(Matchers& m, const RuleSet& set, std::size_t position) const {
    return after_at(m, set.after, position) && m.before_at(set, position);
  }
};

SrxEngine::SrxEngine(const std::vector<SrxRule>& rules) : impl_(std::make_unique<Impl>()) {
  std::map<std::string, std::size_t> after_index;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const SrxRule& rule = rules[i];
    const std::string what = describe(rule, i);
    if (has_backreference(rule.before) || has_backreference(rule.after))
      throw OptionError(what + " uses a backreference, which tmalign does not support in SRX");
    if (!rule.before.empty()) compile(rule.before, what + ": beforebreak");
    const auto [it, inserted] = after_index.try_emplace(rule.after, impl_->afters.size());
    if (inserted)
      impl_->afters.push_back(rule.after.empty() ? nullptr
                                                 : compile(rule.after, what + ": afterbreak"));
    impl_->is_break.push_back(rule.is_break);
    impl_->single.emplace_back(it->second, std::vector<std::string>{rule.before});
  }

  // Runs of no-break rules between break rules, merged by AFTER.
  std::map<std::size_t, std::vector<std::string>> run;  // AFTER index -> BEFOREs
  const auto close_run = [&](std::size_t end) {
    for (const auto& [after, befores] : run)
      impl_->exceptions.emplace_back(end, RuleSet(after, befores));
    run.clear();
  };
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (!rules[i].is_break) {
      run[impl_->single[i].after].push_back(rules[i].before);
      continue;
    }
    close_run(i);
    std::string combined = "(?:" + rules[i].before + ")";
    if (!rules[i].after.empty()) combined += "(?=" + rules[i].after + ")";
    impl_->break_rules.emplace_back(i, compile(combined, describe(rules[i], i)));
  }
  close_run(rules.size());
}

SrxEngine::~SrxEngine() = default;
SrxEngine::SrxEngine(SrxEngine&&) noexcept = default;
SrxEngine& SrxEngine::operator=(SrxEngine&&) noexcept = default;

bool SrxEngine::empty() const { return impl_->is_break.empty(); }

std::optional<bool> SrxEngine::verdict(std::string_view text, std::size_t position) const {
  if (position > text.size()) return std::nullopt;
  const Utf8Text utext(text);
  Matchers matchers(utext, text);
  for (std::size_t i = 0; i < impl_->single.size(); ++i)
    if (impl_->matches(matchers, impl_->single[i], position)) return impl_->is_break[i];
  return std::nullopt;
}

std::vector<std::size_t> SrxEngine::breaks(std::string_view text) const {
  const Utf8Text utext(text);
  Matchers matchers(utext, text);

  // Candidates: (position, index of the first break rule found to match there).
  std::vector<std::pair<std::size_t, std::size_t>> candidates;
  for (const auto& [index, pattern] : impl_->break_rules) {
    icu::RegexMatcher& m = matchers.matcher(*pattern);
    UErrorCode status = U_ZERO_ERROR;
    std::size_t from = 0;
    while (from <= text.size() && m.find(static_cast<int64_t>(from), status)) {
      const auto start = static_cast<std::size_t>(m.start(status));
      const auto end = static_cast<std::size_t>(m.end(status));
      if (end > 0 && end < text.size()) candidates.emplace_back(end, index);
      from = next_char(text, start);
    }
    check_icu(status, "search an SRX break rule");
  }
  std::sort(candidates.begin(), candidates.end());  // by position, then rule index

  std::vector<std::size_t> breaks;
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    const auto [position, first_break] = candidates[c];
    if (!breaks.empty() && breaks.back() == position) continue;
    if (c > 0 && candidates[c - 1].first == position) continue;  // decided at its first rule
    bool excepted = false;
    for (const auto& [run_end, set] : impl_->exceptions) {
      if (run_end > first_break) break;
      if (impl_->matches(matchers, set, position)) {
        excepted = true;
        break;
      }
    }
    if (!excepted) breaks.push_back(position);
  }
  return breaks;
}

}  // namespace tmalign::detail
