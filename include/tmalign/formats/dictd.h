// Bilingual dictionaries in the dictd format (RFC 2229's server; Debian's mueller7-dict and
// dict-freedict-* packages), read into the word pairs the aligner uses (align/dictionary.h).
// docs/alignment.md, "Dictionaries", describes the files and which words become pairs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tmalign/align/dictionary.h"

namespace tmalign {

/// How a dictionary's definitions are written (see docs/alignment.md, "Dictionaries").
enum class DictionaryFormat {
  kMueller,   // V. K. Mueller's English-Russian dictionary, 7th ed. (mueller7-dict)
  kFreedict,  // FreeDict / WikDict: translation lines, optional gloss lines (dict-freedict-*)
};

/// One dictd dictionary: its index and the languages it translates between.
struct DictionaryFile {
  std::filesystem::path index;  // the .index; the data file (.dict.dz or .dict) lies beside it
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

/// The DictionaryFile of a dictd index named as find_dictionaries() names them, in any folder:
/// mueller7.index (en -> ru, Mueller) or freedict-XXX-YYY.index (XXX -> YYY, FreeDict). Only the
/// name is looked at; the file is not opened. Throws OptionError naming the file otherwise.
DictionaryFile dictionary_file(const std::filesystem::path& index);

/// The (headword, translation) pairs of one entry, single words only (docs/alignment.md,
/// "Dictionaries"): a translation of several words contributes nothing, except that a leading
/// article, "to" or a reflexive pronoun is dropped from a two-word one ("to go" -> "go",
/// "la maison" -> "maison", "sich entfernen" -> "entfernen", "l'étang" -> "étang").
/// `definition` is the entry text as stored, its first line the headword; a headword that is not
/// one word ("a priori") gives nothing. Words are returned as written (case kept); never throws.
std::vector<std::pair<std::string, std::string>> parse_definition(DictionaryFormat format,
                                                                  std::string_view headword,
                                                                  std::string_view definition);

/// Reads the dictionary and adds its pairs to `into`; one from `into`'s target to its source
/// language adds them reversed. Throws OptionError when `file` is for another language pair,
/// InputError(index file, line, column) on a malformed index line, and Error naming the file when
/// a file cannot be read or its data is no valid gzip; it throws before adding any pair.
void read_dictionary(const DictionaryFile& file, BilingualDictionary& into);

/// Every dictionary find_dictionaries() finds in `dir` for the pair, read into one
/// BilingualDictionary with the languages given (empty when there is none). Throws what
/// read_dictionary() throws on the first that cannot be read; a program that would rather go on
/// without it calls find_dictionaries() and read_dictionary() itself, as the CLI does.
///
///   BilingualDictionary dictionary = installed_dictionary("ru", "en");
///   Aligner aligner({.source_lang = "ru", .target_lang = "en"}, &dictionary);
BilingualDictionary installed_dictionary(const std::string& source_lang,
                                         const std::string& target_lang,
                                         const std::filesystem::path& dir = "/usr/share/dictd");

}  // namespace tmalign
