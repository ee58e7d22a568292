// Lexical translation evidence from bilingual dictionaries: which source stems translate which
// target stems. The dictionaries are installed dictd files (Debian's mueller7-dict and
// dict-freedict-*), read when present; without them the aligner works as before.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "align/stemmer.h"

namespace tmalign::align {

/// How a dictionary's definitions are written (see docs/alignment.md, "Dictionaries").
enum class DictionaryFormat {
  kMueller,   // V. K. Mueller's English-Russian dictionary, 7th ed. (mueller7-dict)
  kFreedict,  // FreeDict / WikDict: translation lines, optional gloss lines (dict-freedict-*)
};

/// One installed dictionary: its dictd index and the languages it translates between.
struct DictionaryFile {
  std::filesystem::path index;  // the .index; the data file lies beside it
  std::string from;             // headword language: ISO 639-1 where it exists ("en"), else 639-3
  std::string to;               // translation language
  DictionaryFormat format;
};

/// Every dictionary in `dir` usable for the pair, in either direction, sorted by file name:
/// mueller7.index for en/ru, freedict-XXX-YYY.index with XXX, YYY the ISO 639-3 codes (ICU's
/// uloc_getISO3Language: de -> deu). Empty when there is none; a missing `dir` is no error.
/// Throws OptionError when a language is no BCP 47 tag.
std::vector<DictionaryFile> find_dictionaries(
    const std::string& source_lang, const std::string& target_lang,
    const std::filesystem::path& dir = "/usr/share/dictd");

/// The (headword, translation) pairs of one entry, single words only (docs/alignment.md,
/// "Dictionaries"): a translation of several words contributes nothing, except that a leading
/// article, "to" or a reflexive pronoun is dropped from a two-word one ("to go" -> "go",
/// "la maison" -> "maison", "sich entfernen" -> "entfernen", "l'étang" -> "étang").
/// `definition` is the entry text as stored, its first line the headword; a headword that is not
/// one word ("a priori") gives nothing. Words are returned as written (case kept); never throws.
std::vector<std::pair<std::string, std::string>> parse_definition(DictionaryFormat format,
                                                                  std::string_view headword,
                                                                  std::string_view definition);

/// Which source stems translate which target stems, for one (source, target) language pair.
/// Words are stemmed with each side's Stemmer (lower-case only for a language Snowball lacks) and
/// given dense ids per side, 0 to (stems on that side − 1).
/// Invariant: after freeze(), each source id's translations are sorted unique target ids, kept as
/// one flat array with offsets (CSR); add_pair() or add_dictionary() after freeze() thaws it, and
/// translations() of a thawed lexicon throws Error. Ids never change once given. The lookups of a
/// frozen lexicon are plain reads that threads may share; its Stemmers are not (copy them).
///
///   Lexicon lexicon("ru", "en");
///   for (const auto& file : find_dictionaries("ru", "en")) lexicon.add_dictionary(file);
///   lexicon.freeze();   // then: lexicon.translations(lexicon.source_id(stem)) ...
class Lexicon {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  /// Throws OptionError when a language is no BCP 47 tag.
  Lexicon(const std::string& source_lang, const std::string& target_lang);

  /// Stems both words and records the pair (a word that stems to nothing is ignored).
  void add_pair(std::string_view source_word, std::string_view target_word);

  /// Reads the dictionary and adds its pairs; one from the target to the source language adds
  /// them reversed. Throws OptionError when `file` is for another language pair, and what
  /// DictdDictionary::open throws on unreadable or malformed files.
  void add_dictionary(const DictionaryFile& file);

  /// Sorts and deduplicates the pairs into the flat arrays translations() reads.
  void freeze();
  bool frozen() const { return frozen_; }

  /// The id of a stem (as source_stemmer()/target_stemmer() give it) on that side, kNone when
  /// no pair has it.
  std::uint32_t source_id(std::string_view stem) const;
  std::uint32_t target_id(std::string_view stem) const;

  /// The target ids that `source_id` translates to, sorted and unique; empty for kNone or an
  /// unknown id. Throws Error before freeze().
  std::span<const std::uint32_t> translations(std::uint32_t source_id) const;

  const Stemmer& source_stemmer() const { return source_stemmer_; }
  const Stemmer& target_stemmer() const { return target_stemmer_; }

  /// Distinct (source stem, target stem) pairs once frozen; before, pairs added so far with
  /// repeats.
  std::size_t pairs() const;
  std::size_t source_stems() const { return source_.size(); }
  std::size_t target_stems() const { return target_.size(); }
  /// The stem with that id (for diagnostics and tests).
  std::string_view source_stem(std::uint32_t id) const { return source_.stem(id); }
  std::string_view target_stem(std::uint32_t id) const { return target_.stem(id); }
  /// Bytes held by the lexicon's arrays (not counting the Stemmers).
  std::size_t memory_bytes() const;

 private:
  // Interned stems of one side: bytes in one string, ids by an open-addressing hash table.
  class StemTable {
   public:
    std::uint32_t find(std::string_view stem) const;
    std::uint32_t intern(std::string_view stem);
    std::string_view stem(std::uint32_t id) const;
    std::size_t size() const { return ends_.size(); }
    std::size_t memory_bytes() const;

   private:
    std::size_t slot_of(std::string_view stem) const;
    void grow();
    std::string bytes_;                 // all stems, back to back
    std::vector<std::uint32_t> ends_;   // id -> end of its stem in bytes_
    std::vector<std::uint32_t> slots_;  // hash table of ids; kNone = empty
  };

  Stemmer source_stemmer_;
  Stemmer target_stemmer_;
  StemTable source_;
  StemTable target_;
  std::vector<std::uint64_t> added_;    // thawed: (source id << 32 | target id), unsorted
  std::vector<std::uint32_t> offsets_;  // frozen: source id -> begin in targets_; size + 1
  std::vector<std::uint32_t> targets_;  // frozen: translations of every source id, back to back
  bool frozen_ = false;
  std::string source_word_, source_buffer_;  // add_pair's last source word and its stem
  std::string target_word_, target_buffer_;
};

}  // namespace tmalign::align
