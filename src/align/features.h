// Per-sentence features for the aligner's cost model, computed once per sentence so that the
// dynamic program never re-reads text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tmalign::align {

/// The kinds of lexical evidence; each kind has its own weight in the cost model.
enum class EvidenceKind : std::uint8_t {
  kNumber = 0,       // a digit sequence: "28", "2019"
  kPunctuation = 1,  // ? ! a double quotation mark, a parenthesis
  kLatinToken = 2,   // a Latin-script word worth matching literally: "Facebook", "MWP"
  kName = 3,         // a name's phonetic key: "Помпео" and "Pompeo" both give "pomp"
  kLexical = 4,      // a target stem that a source stem translates to (lexical.h)
};
inline constexpr std::size_t kEvidenceKinds = 5;

/// An evidence key: the kind in the top 3 bits, a hash of the normalised string (or an id) below.
using EvidenceKey = std::uint64_t;
EvidenceKey make_key(EvidenceKind kind, std::string_view normalised);
/// A key for a number rather than a string (a stem id).
EvidenceKey make_key(EvidenceKind kind, std::uint64_t id);
EvidenceKind kind_of(EvidenceKey key);

/// What the cost model knows of one sentence.
struct SentenceFeatures {
  std::size_t length = 0;             // Unicode code points of the sentence text
  std::vector<EvidenceKey> evidence;  // sorted ascending; a multiset (repeats count)
  std::size_t paragraph = 0;          // the sentence's paragraph (Sentence::paragraph)
  bool heading = false;  // a line or paragraph of its own without final punctuation: never merged
};

/// True when `text` ends like a sentence: . ! ? … ; or :, perhaps followed by closing quotes or
/// brackets (white space at the end ignored).
bool ends_like_a_sentence(std::string_view text);

/// Phonetic skeleton of a lower-case ASCII word, folding the spellings that transliteration and
/// English orthography use for one sound (c/k, w/v, y/j/i, kh/h, z/s, ph/f, doubled letters):
/// "moskvu" -> "moskvu", "moscow" -> "moskov".
std::string phonetic_skeleton(std::string_view ascii_lower);

/// Extracts SentenceFeatures from sentence texts of one side. Numbers and punctuation are taken in
/// every language. Latin tokens: every Latin word in a text whose language is not written in Latin
/// script, the words with a capital letter in one that is. Names (only when `transliterate` is set,
/// i.e. a Russian / Latin-script pair): capitalised Cyrillic words transliterated with ICU's
/// Russian-Latin/BGN, or capitalised Latin words, keyed by the first letters of their skeleton.
/// Invariant: the ICU transliterator is created once, in the constructor.
///
///   FeatureExtractor russian("ru", /*transliterate=*/true);
///   SentenceFeatures f = russian.extract("Госсекретарь США М. Помпео");
class FeatureExtractor {
 public:
  /// `language` is a validated BCP 47 code; its script decides which words are Latin tokens.
  FeatureExtractor(const std::string& language, bool transliterate);
  ~FeatureExtractor();
  FeatureExtractor(FeatureExtractor&&) noexcept;
  FeatureExtractor& operator=(FeatureExtractor&&) noexcept;

  /// `text` must be valid UTF-8.
  SentenceFeatures extract(std::string_view text) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Letters of a name's key (phonetic_skeleton prefix); shorter skeletons are kept whole.
inline constexpr std::size_t kNameKeyLetters = 4;
/// Names whose skeleton is shorter than this give no key (initials, short function words).
inline constexpr std::size_t kNameMinLetters = 3;

/// True when `language` (a BCP 47 code) is written in Latin script / in Cyrillic.
bool is_latin_script_language(const std::string& language);
bool is_russian(const std::string& language);

}  // namespace tmalign::align
