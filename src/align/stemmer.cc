#include "align/stemmer.h"

#include <libstemmer.h>
#include <unicode/ucasemap.h>

#include <climits>
#include <new>

#include "core/icu.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"

namespace tmalign::align {
namespace {

struct SbStemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};
struct CaseMapDeleter {
  void operator()(UCaseMap* case_map) const { ucasemap_close(case_map); }
};
using SbStemmerPtr = std::unique_ptr<sb_stemmer, SbStemmerDeleter>;
using CaseMapPtr = std::unique_ptr<UCaseMap, CaseMapDeleter>;

// The name libstemmer knows the language by: its ISO 639 code (libstemmer accepts "ru", "rus"
// and "russian" alike), with Norwegian Bokmål and Nynorsk sent to Snowball's one Norwegian.
std::string algorithm_name(const std::string& language) {
  std::string primary = primary_language(language);
  if (primary == "nb" || primary == "nn") primary = "no";
  return primary;
}

SbStemmerPtr new_sb_stemmer(const std::string& algorithm) {
  return SbStemmerPtr(sb_stemmer_new(algorithm.c_str(), "UTF_8"));
}

CaseMapPtr new_case_map(const std::string& algorithm) {
  UErrorCode status = U_ZERO_ERROR;
  CaseMapPtr case_map(ucasemap_open(algorithm.c_str(), 0, &status));
  detail::check_icu(status, "open a case map for '" + algorithm + "'");
  return case_map;
}

std::string snowball_languages() {
  std::string names;
  for (const char** name = sb_stemmer_list(); *name != nullptr; ++name) {
    if (!names.empty()) names += ", ";
    names += *name;
  }
  return names;
}

// Lower-cases `word` into `out` when it holds only ASCII and the basic Cyrillic block (U+0400 to
// U+045F), where lower-casing is a fixed offset and keeps the UTF-8 length; false otherwise (ICU
// then does it). Not for Turkish and Azeri, where "I" lower-cases to dotless "ı".
bool lower_case_simple(std::string_view word, char* out) {
  for (std::size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      out[i] = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      continue;
    }
    if ((c != 0xD0 && c != 0xD1) || i + 1 == word.size()) return false;
    const auto next = static_cast<unsigned char>(word[i + 1]);
    if (next < 0x80 || next > 0xBF) return false;
    unsigned char lead = c, trail = next;
    if (c == 0xD0 && next <= 0x8F) {  // Ѐ-Џ (U+0400-040F) -> ѐ-џ (U+0450-045F)
      lead = 0xD1;
      trail = static_cast<unsigned char>(next + 0x10);
    } else if (c == 0xD0 && next <= 0x9F) {  // А-П -> а-п
      trail = static_cast<unsigned char>(next + 0x20);
    } else if (c == 0xD0 && next <= 0xAF) {  // Р-Я -> р-я
      lead = 0xD1;
      trail = static_cast<unsigned char>(next - 0x20);
    } else if (c == 0xD1 && next > 0x9F) {  // U+0460 and up: ICU
      return false;
    }
    out[i] = static_cast<char>(lead);
    out[i + 1] = static_cast<char>(trail);
    ++i;
  }
  return true;
}

}  // namespace

struct Stemmer::Impl {
  std::string language;
  std::string algorithm;    // the ISO 639 code given to libstemmer and ICU
  bool fold_yo = false;     // Russian: ё -> е (texts write both for one word)
  bool simple_case = true;  // lower_case_simple() is right for this language
  SbStemmerPtr stemmer;     // null: lower-case only
  CaseMapPtr case_map;
  mutable std::string lower;  // scratch: the lower-cased word; grows, never shrinks

  Impl(const std::string& lang, bool stem) : language(lang), algorithm(algorithm_name(lang)) {
    check_language_tag(language, "stemmer language");
    fold_yo = algorithm == "ru" || algorithm == "rus";
    simple_case =
        algorithm != "tr" && algorithm != "tur" && algorithm != "az" && algorithm != "aze";
    if (stem) {
      stemmer = new_sb_stemmer(algorithm);
      if (!stemmer)
        throw OptionError("no Snowball stemmer for language '" + language +
                          "' (libstemmer has: " + snowball_languages() + ")");
    }
    case_map = new_case_map(algorithm);
    lower.resize(64);
  }

  Impl(const Impl& other)
      : language(other.language),
        algorithm(other.algorithm),
        fold_yo(other.fold_yo),
        simple_case(other.simple_case),
        stemmer(other.stemmer ? new_sb_stemmer(algorithm) : nullptr),
        case_map(new_case_map(algorithm)) {
    if (other.stemmer && !stemmer) throw std::bad_alloc();
    lower.resize(64);
  }

  // Lower-cases `word` into `lower`; returns its length in bytes.
  std::size_t lower_case(std::string_view word) const {
    if (word.size() > INT_MAX / 4)
      throw Error("word of " + std::to_string(word.size()) + " bytes is too long to stem");
    const auto length = static_cast<std::int32_t>(word.size());
    if (lower.size() < word.size()) lower.resize(word.size());
    if (simple_case && lower_case_simple(word, lower.data())) {  // no ICU call: most words
      if (fold_yo) fold_yo_in_place(word.size());
      return word.size();
    }
    for (;;) {
      UErrorCode status = U_ZERO_ERROR;
      const std::int32_t written = ucasemap_utf8ToLower(case_map.get(), lower.data(),
                                                        static_cast<std::int32_t>(lower.size()),
                                                        word.data(), length, &status);
      if (status == U_BUFFER_OVERFLOW_ERROR) {
        lower.resize(static_cast<std::size_t>(written));
        continue;
      }
      detail::check_icu(status, "lower-case a word");
      std::size_t size = static_cast<std::size_t>(written);
      if (fold_yo) fold_yo_in_place(size);
      return size;
    }
  }

  // ё (D1 91) -> е (D0 B5): same length in UTF-8, so in place.
  void fold_yo_in_place(std::size_t size) const {
    for (std::size_t i = 0; i + 1 < size; ++i)
      if (lower[i] == '\xD1' && lower[i + 1] == '\x91') {
        lower[i] = '\xD0';
        lower[i + 1] = '\xB5';
        ++i;
      }
  }
};

bool Stemmer::supports(const std::string& bcp47_language) {
  if (!is_language_tag(bcp47_language)) return false;
  return new_sb_stemmer(algorithm_name(bcp47_language)) != nullptr;
}

Stemmer::Stemmer(const std::string& language) : impl_(std::make_unique<Impl>(language, true)) {}

Stemmer::Stemmer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Stemmer Stemmer::lower_case_only(const std::string& language) {
  return Stemmer(std::make_unique<Impl>(language, false));
}

Stemmer::~Stemmer() = default;
Stemmer::Stemmer(const Stemmer& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Stemmer& Stemmer::operator=(const Stemmer& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Stemmer::Stemmer(Stemmer&& other) noexcept = default;
Stemmer& Stemmer::operator=(Stemmer&& other) noexcept = default;

std::string Stemmer::stem(std::string_view word) const {
  std::string out;
  stem(word, out);
  return out;
}

void Stemmer::stem(std::string_view word, std::string& out) const {
  const std::size_t size = impl_->lower_case(word);
  if (!impl_->stemmer) {
    out.assign(impl_->lower.data(), size);
    return;
  }
  const sb_symbol* stemmed =
      sb_stemmer_stem(impl_->stemmer.get(), reinterpret_cast<const sb_symbol*>(impl_->lower.data()),
                      static_cast<int>(size));
  if (stemmed == nullptr) throw std::bad_alloc();  // libstemmer's only failure
  out.assign(reinterpret_cast<const char*>(stemmed),
             static_cast<std::size_t>(sb_stemmer_length(impl_->stemmer.get())));
}

const std::string& Stemmer::language() const { return impl_->language; }

bool Stemmer::stems() const { return impl_->stemmer != nullptr; }

}  // namespace tmalign::align
