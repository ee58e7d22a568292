// Lexical translation evidence: which source stems translate which target stems. The pairs come
// from a BilingualDictionary (formats/dictd.h reads installed dictd dictionaries into one) and from
// the lexicon the aligner learns; no file is read here.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "align/stemmer.h"

namespace tmalign::align {

/// Which source stems translate which target stems, for one (source, target) language pair.
/// Words are stemmed with each side's Stemmer (lower-case only for a language Snowball lacks) and
/// given dense ids per side, 0 to (stems on that side − 1).
/// Invariant: after freeze(), each source id's translations are sorted unique target ids, kept as
/// one flat array with offsets (CSR); add_pair() after freeze() thaws it, and
/// translations() of a thawed lexicon throws Error. Ids never change once given. The lookups of a
/// frozen lexicon are plain reads that threads may share; its Stemmers are not (copy them).
///
///   Lexicon lexicon("ru", "en");
///   for (const auto& [ru, en] : dictionary.pairs()) lexicon.add_pair(ru, en);
///   lexicon.freeze();   // then: lexicon.translations(lexicon.source_id(stem)) ...
class Lexicon {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  /// Throws OptionError when a language is no BCP 47 tag.
  Lexicon(const std::string& source_lang, const std::string& target_lang);

  /// Stems both words and records the pair (a word that stems to nothing is ignored).
  void add_pair(std::string_view source_word, std::string_view target_word);

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

  /// True when the frozen lexicon has a pair for the stems of these two words (as written).
  bool translates(std::string_view source_word, std::string_view target_word) const;

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
