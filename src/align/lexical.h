// Lexical translation evidence for the aligner: the words of both texts as stems, which source
// stems may translate which target stems (from a bilingual dictionary and from IBM Model 1
// trained on the text's own confident beads), and the evidence keys that this gives each sentence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/features.h"
#include "align/lexicon.h"
#include "align/stemmer.h"
#include "tmalign/core/types.h"

namespace tmalign::align {

/// The words of one side's sentences as dense ids of their stems. Words are runs of letters (and
/// combining marks) of two or more characters; digits and punctuation are left to features.h.
/// Invariant: offsets.size() == sentences + 1; ids below stems.size().
///
///   StemmedText russian = stem_sentences(texts, Stemmer("ru"));
///   for (std::uint32_t id : russian.sentence(0)) use(russian.stems[id]);
struct StemmedText {
  std::vector<std::uint32_t> ids;            // every sentence's word ids, back to back
  std::vector<std::size_t> offsets{0};       // sentence k: ids[offsets[k], offsets[k + 1])
  std::vector<std::string> stems;            // id -> stem
  std::vector<std::uint32_t> sentences_with;  // id -> how many sentences hold it

  std::size_t sentences() const { return offsets.size() - 1; }
  std::span<const std::uint32_t> sentence(std::size_t k) const {
    return {ids.data() + offsets[k], ids.data() + offsets[k + 1]};
  }
};

/// Stems every word of `texts` (valid UTF-8); each distinct word form is stemmed once.
StemmedText stem_sentences(const std::vector<std::string_view>& texts, const Stemmer& stemmer);

/// Which source stem ids (of one StemmedText) may translate which target stem ids (of another):
/// for each source id, sorted unique target ids.
class Translations {
 public:
  explicit Translations(std::size_t source_stems = 0) : of_(source_stems) {}
  void add(std::uint32_t source, std::uint32_t target) { of_[source].push_back(target); }
  /// Sorts and deduplicates every list; call once after the last add().
  void finish();
  std::span<const std::uint32_t> of(std::uint32_t source) const { return of_[source]; }
  std::size_t source_stems() const { return of_.size(); }
  std::size_t pairs() const;

 private:
  std::vector<std::vector<std::uint32_t>> of_;
};

/// The pairs of `lexicon` between stems that occur in the two texts.
Translations translations_from_lexicon(const StemmedText& source, const StemmedText& target,
                                       const Lexicon& lexicon);

/// What learn_translations() trains on and keeps (defaults are what the aligner uses).
struct Model1Options {
  std::size_t iterations = 5;      // EM iterations in each direction
  std::size_t max_beads = 5000;    // beads trained on at most, taken evenly from the text
  std::uint32_t min_count = 2;     // sentences a stem must be in, on its side, to be learned
  double min_probability = 0.2;    // t(target | source) and t(source | target) at least this
};

/// A translation lexicon learned from the text itself: IBM Model 1 (Brown et al. 1993, "The
/// mathematics of statistical machine translation", Computational Linguistics 19(2)) trained by EM
/// in both directions on the confident beads of a first alignment (1-1 beads between 1-1 beads),
/// keeping the pairs that are each
/// other's most probable translation in both directions (hunalign does the like with its own
/// dictionary-building pass; Varga et al. 2005).
Translations learn_translations(const StemmedText& source, const StemmedText& target,
                                const Alignment& first_pass, const Model1Options& options = {});

/// Adds Translations `a` and `b` into one.
Translations merge(const Translations& a, const Translations& b);

/// Adds kLexical evidence keys to each sentence's features (keeping them sorted): a target
/// sentence gets a key for each of its stems that some source stem translates to; a source sentence
/// gets, for each of its stems, the keys of its translations. A bead's lexical evidence is then the
/// number of translation pairs across it (CostModel::evidence). Stems held by more than
/// `max_sentence_share` of a side's sentences (and by more than 3) give no keys: function words
/// would match everywhere and tell nothing.
void add_lexical_evidence(const StemmedText& source, const StemmedText& target,
                          const Translations& translations,
                          std::vector<SentenceFeatures>& source_features,
                          std::vector<SentenceFeatures>& target_features,
                          double max_sentence_share = 0.1, std::size_t max_translations = 6);

}  // namespace tmalign::align
