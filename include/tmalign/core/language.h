// Language codes: tmalign names languages with BCP 47 tags (RFC 5646), e.g. "ru", "en-US".
#pragma once

#include <string>
#include <string_view>

namespace tmalign {

/// True when `tag` has the shape of a BCP 47 tag: an ISO 639 primary subtag of 2 or 3 letters
/// (or the private-use "x" / grandfathered "i"), then subtags of 1 to 8 letters or digits after
/// '-'. The registry is not consulted. ("english" is refused: no 4-8 letter primary subtag is
/// registered, and it is the mistake users make.)
bool is_language_tag(std::string_view tag);

/// Throws OptionError "WHAT 'TAG' is not a BCP 47 language tag ..." unless is_language_tag(tag).
void check_language_tag(const std::string& tag, const std::string& what);

/// The tag as tmalign stores it: '_' separators (as in "ru_RU", which some tools write) become '-'.
std::string normalize_language_tag(std::string_view tag);

/// The primary subtag, lower-cased: "ru" of "ru-RU" or "RU_ru".
std::string primary_language(std::string_view tag);

}  // namespace tmalign
