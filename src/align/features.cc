#include "align/features.h"

#include <algorithm>
#include <mutex>

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include "core/icu.h"
#include "tmalign/core/error.h"

namespace tmalign::align {
namespace {

using detail::check_icu;

constexpr unsigned kKindShift = 61;  // three bits of kind, 61 bits of hash

// FNV-1a, 64 bits: stable across runs and platforms, unlike std::hash.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::size_t count_code_points(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

bool is_double_quote(UChar32 c) {
  switch (c) {
    case u'"':
    case u'«':
    case u'»':
    case u'“':
    case u'”':
    case u'„':
    case u'‟':
      return true;
    default:
      return false;
  }
}

std::string to_utf8(const icu::UnicodeString& text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

// Lower-case ASCII letters of `text`, anything else dropped ("ob\"yavil" -> "obyavil").
std::string ascii_letters(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c >= 'a' && c <= 'z') out += c;
    if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string name_key(const std::string& skeleton) { return skeleton.substr(0, kNameKeyLetters); }

}  // namespace

EvidenceKey make_key(EvidenceKind kind, std::string_view normalised) {
  const std::uint64_t hash = fnv1a(normalised) & ((std::uint64_t{1} << kKindShift) - 1);
  return (static_cast<std::uint64_t>(kind) << kKindShift) | hash;
}

EvidenceKey make_key(EvidenceKind kind, std::uint64_t id) {
  return (static_cast<std::uint64_t>(kind) << kKindShift) |
         (id & ((std::uint64_t{1} << kKindShift) - 1));
}

EvidenceKind kind_of(EvidenceKey key) { return static_cast<EvidenceKind>(key >> kKindShift); }

std::string phonetic_skeleton(std::string_view word) {
  std::string folded;
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char c = word[i];
    const char next = i + 1 < word.size() ? word[i + 1] : '\0';
    if ((c == 'k' || c == 'p') && next == 'h') {  // kh -> h, ph -> f
      folded += c == 'k' ? 'h' : 'f';
      ++i;
      continue;
    }
    switch (c) {
      case 'c':
      case 'q':
        folded += 'k';
        break;
      case 'w':
        folded += 'v';
        break;
      case 'y':
      case 'j':
        folded += 'i';
        break;
      case 'z':
        folded += 's';
        break;
      case 'x':
        folded += "ks";
        break;
      default:
        folded += c;
    }
  }
  std::string skeleton;
  for (const char c : folded)
    if (skeleton.empty() || skeleton.back() != c) skeleton += c;
  return skeleton;
}

bool ends_like_a_sentence(std::string_view text) {
  std::int32_t i = static_cast<std::int32_t>(text.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  while (i > 0) {
    UChar32 c = 0;
    U8_PREV(bytes, 0, i, c);
    if (c < 0) return false;
    if (u_isWhitespace(c)) continue;
    const std::int8_t type = u_charType(c);
    if (type == U_FINAL_PUNCTUATION || type == U_END_PUNCTUATION || is_double_quote(c) ||
        c == u'\'')
      continue;  // closing quotes and brackets: look before them
    return c == u'.' || c == u'!' || c == u'?' || c == u'…' || c == u';' || c == u':';
  }
  return false;
}

bool is_latin_script_language(const std::string& language) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode scripts[4];
  const int n = uscript_getCode(language.c_str(), scripts, 4, &status);
  return U_SUCCESS(status) && n > 0 && scripts[0] == USCRIPT_LATIN;
}

bool is_russian(const std::string& language) {
  return language == "ru" || language.starts_with("ru-") || language.starts_with("ru_");
}

struct FeatureExtractor::Impl {
  bool latin_language = false;
  // Cyrillic -> lower-case ASCII; null unless names are transliterated. ICU does not promise that
  // one Transliterator may be used by several threads at once, hence the mutex.
  std::unique_ptr<icu::Transliterator> transliterator;
  bool latin_names = false;  // key capitalised Latin words as names (the Latin side of the pair)
  mutable std::mutex mutex;

  std::string transliterate(const icu::UnicodeString& word) const {
    icu::UnicodeString latin = word;
    {
      const std::lock_guard lock(mutex);
      transliterator->transliterate(latin);
    }
    return ascii_letters(to_utf8(latin));
  }

  void add_word(const icu::UnicodeString& word, UScriptCode script,
                std::vector<EvidenceKey>& out) const {
    const UChar32 first = word.char32At(0);
    bool has_upper = false;
    for (int32_t i = 0; i < word.length(); i = word.moveIndex32(i, 1))
      has_upper = has_upper || u_isupper(word.char32At(i));
    if (script == USCRIPT_LATIN) {
      icu::UnicodeString lower = word;
      lower.toLower();
      const std::string text = to_utf8(lower);
      if (word.countChar32() >= 2 && (!latin_language || has_upper))
        out.push_back(make_key(EvidenceKind::kLatinToken, text));
      if (latin_names && u_isupper(first)) add_name(ascii_letters(text), out);
    } else if (script == USCRIPT_CYRILLIC && transliterator && u_isupper(first)) {
      add_name(transliterate(word), out);
    }
  }

  static void add_name(const std::string& ascii, std::vector<EvidenceKey>& out) {
    const std::string skeleton = phonetic_skeleton(ascii);
    if (skeleton.size() >= kNameMinLetters)
      out.push_back(make_key(EvidenceKind::kName, name_key(skeleton)));
  }
};

FeatureExtractor::FeatureExtractor(const std::string& language, bool transliterate)
    : impl_(std::make_unique<Impl>()) {
  impl_->latin_language = is_latin_script_language(language);
  if (transliterate) {
    if (is_russian(language)) {
      UErrorCode status = U_ZERO_ERROR;
      impl_->transliterator.reset(icu::Transliterator::createInstance(
          "Russian-Latin/BGN; Latin-ASCII; Lower", UTRANS_FORWARD, status));
      check_icu(status, "create the Russian-Latin/BGN transliterator");
    } else {
      impl_->latin_names = true;
    }
  }
}

FeatureExtractor::~FeatureExtractor() = default;
FeatureExtractor::FeatureExtractor(FeatureExtractor&&) noexcept = default;
FeatureExtractor& FeatureExtractor::operator=(FeatureExtractor&&) noexcept = default;

SentenceFeatures FeatureExtractor::extract(std::string_view text) const {
  SentenceFeatures features;
  features.length = count_code_points(text);
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  std::vector<EvidenceKey>& out = features.evidence;
  int32_t i = 0;
  while (i < u.length()) {
    const UChar32 c = u.char32At(i);
    int32_t end = u.moveIndex32(i, 1);
    if (u_isdigit(c)) {
      std::string digits;
      for (end = i; end < u.length() && u_isdigit(u.char32At(end)); end = u.moveIndex32(end, 1))
        digits += static_cast<char>('0' + u_charDigitValue(u.char32At(end)));
      out.push_back(make_key(EvidenceKind::kNumber, digits));
    } else if (u_isalpha(c)) {
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(c, &status);
      for (end = i; end < u.length(); end = u.moveIndex32(end, 1)) {
        const UChar32 d = u.char32At(end);
        if (!u_isalpha(d) && u_charType(d) != U_NON_SPACING_MARK) break;
      }
      impl_->add_word(icu::UnicodeString(u, i, end - i), script, out);
    } else if (c == u'?' || c == u'!') {
      out.push_back(make_key(EvidenceKind::kPunctuation, c == u'?' ? "?" : "!"));
    } else if (is_double_quote(c)) {
      out.push_back(make_key(EvidenceKind::kPunctuation, "\""));
    } else if (c == u'(' || c == u')') {
      out.push_back(make_key(EvidenceKind::kPunctuation, c == u'(' ? "(" : ")"));
    }
    i = end;
  }
  std::sort(out.begin(), out.end());
  return features;
}

}  // namespace tmalign::align
