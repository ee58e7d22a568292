#include "tmalign/core/language.h"

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

bool ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_language_tag(std::string_view tag) {
  std::size_t start = 0;
  for (bool primary = true;; primary = false) {
    std::size_t end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    const std::string_view subtag = tag.substr(start, end - start);
    if (subtag.empty() || subtag.size() > (primary ? 3 : 8)) return false;
    for (char c : subtag)
      if (!ascii_letter(c) && (primary || !ascii_digit(c))) return false;
    if (primary && subtag.size() == 1 && subtag != "x" && subtag != "X" && subtag != "i" &&
        subtag != "I")
      return false;
    if (end == tag.size()) return !(primary && subtag.size() == 1);  // "x" alone is no tag
    start = end + 1;
  }
}

void check_language_tag(const std::string& tag, const std::string& what) {
  if (!is_language_tag(tag))
    throw OptionError(what + " '" + tag + "' is not a BCP 47 language tag (e.g. ru, en, pt-BR)");
}

std::string normalize_language_tag(std::string_view tag) {
  std::string out(tag);
  for (char& c : out)
    if (c == '_') c = '-';
  return out;
}

std::string primary_language(std::string_view tag) {
  std::string primary(tag.substr(0, tag.find_first_of("-_")));
  for (char& c : primary)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return primary;
}

}  // namespace tmalign
