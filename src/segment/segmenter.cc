// Sentence segmentation: tmalign's own scanner and rules for Russian and English
// (language_rules.h); for other languages ICU's sentence rules (UAX #29, Unicode Text
// Segmentation, section 5) run over the UTF-8 bytes with ICU's abbreviation suppressions.
// docs/segmentation.md describes the whole procedure.
#include "tmalign/segment/segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uloc.h>
#include <unicode/utext.h>

#include <algorithm>
#include <mutex>
#include <optional>

#include "code_points.h"
#include "core/icu.h"
#include "language_rules.h"
#include "srx_engine.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"

namespace tmalign {
namespace {

using detail::check_icu;
using detail::is_line_terminator;
using detail::is_white_space;
using detail::next_code_point;

// Line terminators in `gap` (CR LF counts once).
std::size_t count_line_terminators(std::string_view gap) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < gap.size();) {
    const std::size_t at = i;
    const UChar32 c = next_code_point(gap, i);
    if (is_line_terminator(c) && !(c == '\n' && at > 0 && gap[at - 1] == '\r')) ++count;
  }
  return count;
}

// [start, end) shrunk to exclude white space at both ends.
Span trim(std::string_view text, std::size_t start, std::size_t end) {
  std::size_t i = start;
  while (i < end) {
    std::size_t next = i;
    if (!is_white_space(next_code_point(text, next))) break;
    i = next;
  }
  start = i;
  while (end > start) {
    std::size_t begin = end - 1;
    while (begin > start && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) --begin;
    std::size_t after = begin;
    if (!is_white_space(next_code_point(text, after))) break;
    end = begin;
  }
  return {start, end};
}

std::unique_ptr<icu::BreakIterator> sentence_iterator(const icu::Locale& locale) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createSentenceInstance(locale, status));
  check_icu(status, std::string("create a sentence break iterator for ") + locale.getName());
  return it;
}

}  // namespace

void SegmenterOptions::validate() const {
  check_language_tag(language, "language");
  char locale_id[ULOC_FULLNAME_CAPACITY];
  int32_t parsed = 0;
  UErrorCode status = U_ZERO_ERROR;
  uloc_forLanguageTag(language.c_str(), locale_id, sizeof locale_id, &parsed, &status);
  if (U_FAILURE(status) || static_cast<std::size_t>(parsed) != language.size())
    throw OptionError("language '" + language + "' is not a language tag ICU can read");
}

struct Segmenter::Impl {
  SegmenterOptions options;
  // Prototypes, cloned for each call: a BreakIterator holds its text and position.
  // Russian and English: tmalign's own scanner and rules, no ICU iterator.
  std::optional<detail::LanguageRules> rules;
  // Other languages: prototypes, cloned for each call (a BreakIterator holds its text).
  std::unique_ptr<icu::BreakIterator> plain;       // ICU's sentence rules: the proposed breaks
  std::unique_ptr<icu::BreakIterator> suppressed;  // the same with "ss=standard" suppressions
  std::mutex clone_mutex;                          // guards cloning the prototypes
  std::optional<detail::SrxEngine> user;           // options.user_rules; empty without
};

Segmenter::Segmenter(SegmenterOptions options) : impl_(std::make_unique<Impl>()) {
  options.validate();
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(options.language, status);
  check_icu(status, "parse language '" + options.language + "'");
  if (const detail::LanguageData* data =
          detail::language_data(primary_language(options.language))) {
    impl_->rules.emplace(*data);
  } else {
    impl_->plain = sentence_iterator(locale);
    locale.setKeywordValue("ss", "standard", status);
    check_icu(status, "set the ss=standard keyword");
    impl_->suppressed = sentence_iterator(locale);
  }
  if (!options.user_rules.empty()) impl_->user.emplace(options.user_rules);
  impl_->options = std::move(options);
}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

const SegmenterOptions& Segmenter::options() const { return impl_->options; }

namespace {

// Ascending offsets in `body` where ICU (with its suppressions) or a line break starts a new
// sentence: the built-in segmentation of languages without tmalign rules.
std::vector<std::size_t> icu_breaks(const icu::BreakIterator& plain_prototype,
                                    const icu::BreakIterator& suppressed_prototype,
                                    std::mutex& clone_mutex, std::string_view body) {
  std::unique_ptr<icu::BreakIterator> plain, suppressed;
  {
    std::lock_guard lock(clone_mutex);
    plain.reset(plain_prototype.clone());
    suppressed.reset(suppressed_prototype.clone());
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::LocalUTextPointer utext(
      utext_openUTF8(nullptr, body.data(), static_cast<int64_t>(body.size()), &status));
  check_icu(status, "open the text");
  plain->setText(utext.getAlias(), status);
  suppressed->setText(utext.getAlias(), status);
  check_icu(status, "set the text of a sentence break iterator");
  std::vector<int32_t> kept;
  for (int32_t b = suppressed->first(); b != icu::BreakIterator::DONE; b = suppressed->next())
    kept.push_back(b);
  std::vector<std::size_t> breaks;
  std::size_t sentence_start = 0;
  for (int32_t b = plain->next(); b != icu::BreakIterator::DONE; b = plain->next()) {
    const auto boundary = static_cast<std::size_t>(b);
    if (boundary >= body.size()) break;
    const Span left = trim(body, sentence_start, boundary);
    if (left.start == left.end ||
        count_line_terminators(body.substr(left.end, boundary - left.end)) > 0 ||
        std::binary_search(kept.begin(), kept.end(), b)) {
      breaks.push_back(boundary);
      sentence_start = boundary;
    }
  }
  return breaks;
}

// Offsets after each blank line (white space holding two or more line terminators).
std::vector<std::size_t> paragraph_breaks(std::string_view body) {
  std::vector<std::size_t> breaks;
  for (std::size_t i = 0; i < body.size();) {
    std::size_t next = i;
    if (!is_white_space(next_code_point(body, next))) {
      i = next;
      continue;
    }
    std::size_t end = i;
    while (end < body.size()) {
      std::size_t after = end;
      if (!is_white_space(next_code_point(body, after))) break;
      end = after;
    }
    if (end < body.size() && count_line_terminators(body.substr(i, end - i)) >= 2)
      breaks.push_back(end);
    i = end;
  }
  return breaks;
}

// User SRX rules over the built-in breaks: at each built-in break (any position in its white
// space) and each position where a user break rule matches, the first user rule that matches
// decides; where none does, the built-in verdict stands. Blank lines always end a sentence.
std::vector<std::size_t> apply_user_rules(const detail::SrxEngine& user, std::string_view body,
                                          const std::vector<std::size_t>& builtin) {
  const std::vector<std::size_t> paragraphs = paragraph_breaks(body);
  std::vector<std::size_t> out = paragraphs;
  for (std::size_t b : builtin) {
    std::size_t gap = b;  // the start of the white space before the break
    while (gap > 0) {
      std::size_t begin = gap - 1;
      while (begin > 0 && (static_cast<unsigned char>(body[begin]) & 0xC0) == 0x80) --begin;
      std::size_t after = begin;
      if (!is_white_space(next_code_point(body, after))) break;
      gap = begin;
    }
    std::optional<bool> verdict;
    for (std::size_t p = gap;; next_code_point(body, p)) {
      verdict = user.verdict(body, p);
      if (verdict || p >= b) break;
    }
    if (verdict.value_or(true)) out.push_back(b);
  }
  for (std::size_t p : user.breaks(body)) out.push_back(p);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

std::vector<Sentence> Segmenter::segment(std::string_view text) const {
  // A leading byte-order mark belongs to no sentence; offsets still count it.
  const std::size_t base = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::string_view body = text.substr(base);

  std::vector<std::size_t> breaks;
  const Impl& impl = *impl_;
  if (impl.options.rules_only) {
    breaks = paragraph_breaks(body);
    if (impl.user) {
      const std::vector<std::size_t> user = impl.user->breaks(body);
      breaks.insert(breaks.end(), user.begin(), user.end());
      std::sort(breaks.begin(), breaks.end());
    }
  } else {
    breaks = impl.rules ? impl.rules->breaks(body)
                        : icu_breaks(*impl.plain, *impl.suppressed, impl_->clone_mutex, body);
    if (impl.user) breaks = apply_user_rules(*impl.user, body, breaks);
  }

  std::vector<Sentence> sentences;
  std::size_t sentence_start = 0;  // in body
  std::size_t previous_end = 0;    // end of the previous sentence, in body
  std::size_t paragraph = 0;
  const auto emit = [&](std::size_t end) {
    const Span span = trim(body, sentence_start, end);
    sentence_start = end;
    if (span.start == span.end) return;
    // A blank line (two line terminators with only white space between) starts a paragraph.
    if (!sentences.empty() &&
        count_line_terminators(body.substr(previous_end, span.start - previous_end)) >= 2)
      ++paragraph;
    previous_end = span.end;
    const bool ends_line =
        end == body.size() || count_line_terminators(body.substr(span.end, end - span.end)) > 0;
    sentences.push_back({std::string(body.substr(span.start, span.size())),
                         {base + span.start, base + span.end},
                         paragraph,
                         ends_line});
  };
  for (std::size_t boundary : breaks)
    if (boundary > sentence_start && boundary < body.size()) emit(boundary);
  emit(body.size());
  return sentences;
}

}  // namespace tmalign
