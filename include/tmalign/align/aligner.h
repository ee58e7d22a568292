// Sentence alignment: two Sentence[] -> Alignment, with a confidence for every bead.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "tmalign/align/dictionary.h"
#include "tmalign/core/types.h"

namespace tmalign {

struct AlignerOptions {
  std::string source_lang = "ru";  // BCP 47 language of the source sentences
  std::string target_lang = "en";  // BCP 47 language of the target sentences
  bool learn_lexicon = true;       // realign with a lexicon learned from a first pass (IBM Model 1)

  /// Throws OptionError on an empty or unknown language code.
  void validate() const;
};

/// Aligns the sentences of a text with those of its translation by dynamic programming over the
/// beads 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 3-1 and 1-3, in two passes (docs/alignment.md). A bead's cost
/// combines a length cost (Gale & Church 1993) with evidence found on both sides: numbers,
/// punctuation, Latin-script tokens, Cyrillic names transliterated with ICU's Russian-Latin/BGN,
/// and in the second pass translation pairs from a bilingual dictionary (optional) and from a
/// lexicon learned from the first pass, matched through Snowball stems. Long texts are searched
/// coarse-to-fine, in time and memory linear in their length.
/// Each bead's score is its posterior probability under that model. align() uses as many threads
/// as the machine has cores, and may itself be called from several threads at once.
/// Invariant of the result: beads in order, covering every sentence of both sides exactly once.
///
///   Aligner aligner({.source_lang = "ru", .target_lang = "en"}, &dictionary);
///   Alignment beads = aligner.align(russian_sentences, english_sentences);
///   for (const Bead& b : beads) use(b.source, b.target, b.score);
class Aligner {
 public:
  /// `dictionary` (optional) is read in the constructor and need not outlive it; its languages
  /// must be the options' (OptionError otherwise).
  explicit Aligner(AlignerOptions options = {}, const BilingualDictionary* dictionary = nullptr);
  ~Aligner();
  Aligner(Aligner&&) noexcept;
  Aligner& operator=(Aligner&&) noexcept;

  /// Either side may be empty (then every sentence of the other side is a 1-0 or 0-1 bead).
  Alignment align(const std::vector<Sentence>& source, const std::vector<Sentence>& target) const;

  const AlignerOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The text of one side of a bead: its sentences on one line each (single_line()), joined by a
/// space.
std::string bead_text(const std::vector<Sentence>& sentences, const std::vector<std::size_t>& ids);

/// Turns the 1-1, 1-2, 2-1 ... beads of an alignment into translation units (bead_text() of
/// each side); beads with an empty side, and beads scoring below `min_score`, are left
/// out. `document` and the bead's index go into the units' provenance, and the source sentences
/// just before and after the bead into its context (context_hash()).
std::vector<TranslationUnit> make_units(const Alignment& alignment,
                                        const std::vector<Sentence>& source,
                                        const std::vector<Sentence>& target,
                                        const AlignerOptions& languages,
                                        const std::string& document, double min_score = 0.0);

}  // namespace tmalign
