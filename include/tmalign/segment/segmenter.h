// Sentence segmentation: text -> Sentence[] with byte offsets.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/types.h"
#include "tmalign/segment/srx.h"

namespace tmalign {

struct SegmenterOptions {
  // BCP 47 language of the text ("ru", "en", "de-CH" ...). Russian and English have tmalign's own
  // rules; other languages get ICU's sentence rules with ICU's abbreviation suppressions.
  std::string language = "en";
  // User rules (SRX 2.0, e.g. SrxDocument::rules_for(language) of a CAT tool's file), tried before
  // the built-in ones: where one matches, its verdict wins. Empty = built-in rules alone.
  std::vector<SrxRule> user_rules = {};
  // true: `user_rules` alone decide where sentences end (no ICU, no built-in rules), as a CAT tool
  // applies an SRX file. Blank lines still end paragraphs.
  bool rules_only = false;

  /// Throws OptionError when `language` is not a well-formed BCP 47 tag with a 2- or 3-letter
  /// language subtag ("ru_RU", "english", ""). Tags ICU has no data for get ICU's root rules.
  void validate() const;
};

/// Splits a UTF-8 text into sentences. Russian and English get tmalign's own rules, which keep
/// abbreviations ("т. е.", "Mr."), initials ("Д. Песков"), numbers ("3.5"), URLs and direct
/// speech inside a sentence; other languages get ICU's sentence rules. A blank line ends a
/// paragraph; a line break ends a sentence (headings, list items) unless the next line continues
/// it (a hard-wrapped paragraph). docs/segmentation.md gives the rules.
/// Invariant: every Sentence's text equals the input at its span; spans ascend and never overlap.
///
///   Segmenter segmenter({.language = "ru"});
///   for (const Sentence& s : segmenter.segment(text))
///     use(s.text, s.span.start, s.span.end, s.paragraph);
class Segmenter {
 public:
  explicit Segmenter(SegmenterOptions options = {});
  ~Segmenter();
  Segmenter(Segmenter&&) noexcept;
  Segmenter& operator=(Segmenter&&) noexcept;

  /// `text` must be valid UTF-8 (see check_text()). Safe to call from several threads.
  std::vector<Sentence> segment(std::string_view text) const;

  const SegmenterOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// tmalign's built-in Russian and English rules as SRX 2.0: language rules "tmalign Russian" and
/// "tmalign English", mapped from "ru.*" and "en.*" (other languages have no built-in rules: they
/// use ICU's). With `rules_only`, `builtin_srx().rules_for(L)` segments as the built-in rules do,
/// up to the limits docs/srx.md lists. Write it with write_srx() (formats/srx.h).
SrxDocument builtin_srx();

}  // namespace tmalign
