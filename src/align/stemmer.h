// Snowball stemming for the aligner's dictionary evidence: inflected forms of one word ("дома",
// "домом", "домами") share one stem ("дом"), so a dictionary's base forms meet running text.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace tmalign::align {

/// Lower-cases a word (ICU full case mapping in the language's locale; Russian also folds ё to е)
/// and reduces it to its Snowball stem (libstemmer; Porter 2001, "Snowball: A language for
/// stemming algorithms"). `lower_case_only()` gives one that lower-cases without stemming, for
/// languages Snowball lacks.
/// Invariant: one libstemmer object and one ICU case map per Stemmer, made in the constructor;
/// copies get their own. stem() reuses internal buffers, so one Stemmer must not be used from two
/// threads at once (give each thread its own copy).
///
///   Stemmer russian("ru");
///   russian.stem("Домами");                  // "дом"
///   Stemmer::supports("ja");                 // false: no Snowball algorithm
class Stemmer {
 public:
  /// True when libstemmer has an algorithm for the primary language of `bcp47_language`.
  static bool supports(const std::string& bcp47_language);

  /// Throws OptionError naming `language` when it is no BCP 47 tag or libstemmer lacks it.
  explicit Stemmer(const std::string& language);

  /// A Stemmer that only lower-cases (and folds ё for Russian); any valid BCP 47 tag.
  static Stemmer lower_case_only(const std::string& language);

  ~Stemmer();
  Stemmer(const Stemmer& other);
  Stemmer& operator=(const Stemmer& other);
  Stemmer(Stemmer&& other) noexcept;
  Stemmer& operator=(Stemmer&& other) noexcept;

  /// The stem of `word` (UTF-8, any case). Ill-formed UTF-8 gives some string, never a crash.
  std::string stem(std::string_view word) const;
  /// The same into `out` (its capacity is reused: no allocation once it is large enough).
  void stem(std::string_view word, std::string& out) const;

  /// The language given to the constructor.
  const std::string& language() const;
  /// False for lower_case_only().
  bool stems() const;

 private:
  struct Impl;
  explicit Stemmer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tmalign::align
