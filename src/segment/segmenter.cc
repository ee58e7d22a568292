// Sentence segmentation: ICU's sentence rules (UAX #29, Unicode Text Segmentation, section 5) run
// over the UTF-8 bytes, then tmalign's language rules (language_rules.h) judge each proposed break.
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

#include "language_rules.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"

namespace tmalign {
namespace {

// The one funnel for ICU status codes.
void check_icu(UErrorCode status, const std::string& what) {
  if (U_FAILURE(status)) throw Error("ICU failed " + what + ": " + u_errorName(status));
}

// Code point at byte `i` of valid UTF-8 and the offset after it (ICU's U8_NEXT, bounds-checked).
UChar32 next_code_point(std::string_view text, std::size_t& i) {
  UChar32 c = 0;
  int32_t k = 0;
  const auto length = static_cast<int32_t>(std::min<std::size_t>(text.size() - i, 4));
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data() + i), k, length, c);
  i += static_cast<std::size_t>(k);
  return c;
}

bool is_white_space(UChar32 c) { return u_isUWhiteSpace(c) != 0; }

bool is_line_terminator(UChar32 c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

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
  check_icu(status, std::string("to create a sentence break iterator for ") + locale.getName());
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
  std::unique_ptr<icu::BreakIterator> plain;       // ICU's sentence rules: the proposed breaks
  std::unique_ptr<icu::BreakIterator> suppressed;  // the same with "ss=standard" suppressions
  std::optional<detail::LanguageRules> rules;      // tmalign's rules; empty for other languages
  std::mutex clone_mutex;                          // guards cloning the prototypes
};

Segmenter::Segmenter(SegmenterOptions options) : impl_(std::make_unique<Impl>()) {
  options.validate();
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(options.language, status);
  check_icu(status, "to parse language '" + options.language + "'");
  impl_->plain = sentence_iterator(locale);
  locale.setKeywordValue("ss", "standard", status);
  check_icu(status, "to set the ss=standard keyword");
  impl_->suppressed = sentence_iterator(locale);
  if (const detail::LanguageData* data = detail::language_data(primary_language(options.language)))
    impl_->rules.emplace(*data);
  impl_->options = std::move(options);
}

Segmenter::~Segmenter() = default;
Segmenter::Segmenter(Segmenter&&) noexcept = default;
Segmenter& Segmenter::operator=(Segmenter&&) noexcept = default;

const SegmenterOptions& Segmenter::options() const { return impl_->options; }

std::vector<Sentence> Segmenter::segment(std::string_view text) const {
  // A leading byte-order mark belongs to no sentence; offsets still count it.
  const std::size_t base = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const std::string_view body = text.substr(base);

  std::unique_ptr<icu::BreakIterator> plain, suppressed;
  {
    std::lock_guard lock(impl_->clone_mutex);
    plain.reset(impl_->plain->clone());
    suppressed.reset(impl_->suppressed->clone());
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::LocalUTextPointer utext(
      utext_openUTF8(nullptr, body.data(), static_cast<int64_t>(body.size()), &status));
  check_icu(status, "to open the text");
  plain->setText(utext.getAlias(), status);
  suppressed->setText(utext.getAlias(), status);
  check_icu(status, "to set the text of a sentence break iterator");

  // Breaks ICU keeps after its suppressions: the verdict where tmalign's rules have none.
  std::vector<int32_t> kept;
  for (int32_t b = suppressed->first(); b != icu::BreakIterator::DONE; b = suppressed->next())
    kept.push_back(b);

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
    sentences.push_back({std::string(body.substr(span.start, span.size())),
                         {base + span.start, base + span.end},
                         paragraph});
  };

  // Proposed breaks: ICU's (judged by the language rules, else by ICU's suppressions) and the
  // ones ICU misses (kept unless the language rules call them false).
  struct Proposal {
    std::size_t offset;
    bool from_icu;
  };
  std::vector<Proposal> proposals;
  for (int32_t b = plain->next(); b != icu::BreakIterator::DONE; b = plain->next())
    proposals.push_back({static_cast<std::size_t>(b), true});
  if (impl_->rules) {
    // A binary search in ICU's breaks, not plain->isBoundary(): random access makes ICU run its
    // safe-reverse rules back to the start of the line, quadratic time on a long line.
    const std::size_t icu_breaks = proposals.size();
    const auto proposed_by_icu = [&](std::size_t offset) {
      return std::binary_search(
          proposals.begin(), proposals.begin() + static_cast<std::ptrdiff_t>(icu_breaks),
          Proposal{offset, true},
          [](const Proposal& a, const Proposal& b) { return a.offset < b.offset; });
    };
    for (std::size_t offset : impl_->rules->missed_breaks(body))
      if (!proposed_by_icu(offset)) proposals.push_back({offset, false});
    std::sort(proposals.begin(), proposals.end(),
              [](const Proposal& a, const Proposal& b) { return a.offset < b.offset; });
  }

  for (const Proposal& proposal : proposals) {
    const std::size_t boundary = proposal.offset;
    if (boundary >= body.size()) break;
    const Span left = trim(body, sentence_start, boundary);
    bool is_break = true;
    if (left.start != left.end &&
        count_line_terminators(body.substr(left.end, boundary - left.end)) == 0) {
      const detail::BreakDecision decision =
          impl_->rules ? impl_->rules->decide(body, left.start, left.end, boundary)
                       : detail::BreakDecision::kDefault;
      is_break = decision == detail::BreakDecision::kBreak ||
                 (decision == detail::BreakDecision::kDefault &&
                  (!proposal.from_icu ||
                   std::binary_search(kept.begin(), kept.end(), static_cast<int32_t>(boundary))));
    }
    if (is_break) emit(boundary);
  }
  emit(body.size());
  return sentences;
}

}  // namespace tmalign
