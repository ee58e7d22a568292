// A bilingual dictionary as the aligner uses it: word pairs, nothing more.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tmalign {

/// Pairs of a source-language word and a target-language word that may translate it, as written
/// (any case, inflected or not: the aligner stems both). Plain data: formats/dictd.h fills one
/// from installed dictd dictionaries, a program may fill one from anywhere.
/// Invariant: the two languages are fixed at construction.
///
///   BilingualDictionary dictionary("ru", "en");
///   dictionary.add("дом", "house");
///   Aligner aligner({.source_lang = "ru", .target_lang = "en"}, &dictionary);
class BilingualDictionary {
 public:
  BilingualDictionary(std::string source_lang, std::string target_lang)
      : source_lang_(std::move(source_lang)), target_lang_(std::move(target_lang)) {}

  void add(std::string_view source_word, std::string_view target_word) {
    pairs_.emplace_back(source_word, target_word);
  }

  const std::string& source_lang() const { return source_lang_; }
  const std::string& target_lang() const { return target_lang_; }
  std::size_t size() const { return pairs_.size(); }
  bool empty() const { return pairs_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  std::string source_lang_;
  std::string target_lang_;
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace tmalign
