#include "tmalign/segment/srx.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "tmalign/core/error.h"

namespace tmalign {
namespace {

// Whether ICU regex `pattern` matches the whole of `language` (SRX 2.0, section 2.4: the
// languagepattern is matched against the language code).
bool language_matches(const std::string& pattern, const std::string& language) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  const std::unique_ptr<icu::RegexPattern> compiled(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), 0, parse_error, status));
  if (U_FAILURE(status))
    throw OptionError("SRX languagepattern \"" + pattern + "\" is not a valid ICU regex (" +
                      u_errorName(status) + " at offset " + std::to_string(parse_error.offset) +
                      ")");
  const icu::UnicodeString subject = icu::UnicodeString::fromUTF8(language);
  const std::unique_ptr<icu::RegexMatcher> matcher(compiled->matcher(subject, status));
  const bool matched = U_SUCCESS(status) && matcher->matches(status);
  if (U_FAILURE(status))
    throw OptionError("SRX languagepattern \"" + pattern + "\" failed on \"" + language +
                      "\": " + u_errorName(status));
  return matched;
}

}  // namespace

std::vector<SrxRule> SrxDocument::rules_for(const std::string& language) const {
  std::vector<SrxRule> rules;
  for (const SrxLanguageMap& map : maps) {
    if (!language_matches(map.pattern, language)) continue;
    const auto found =
        std::find_if(language_rules.begin(), language_rules.end(),
                     [&](const SrxLanguageRule& r) { return r.name == map.rule_name; });
    if (found == language_rules.end())
      throw OptionError("SRX languagemap \"" + map.pattern + "\" names languagerule \"" +
                        map.rule_name + "\", which the document does not have");
    rules.insert(rules.end(), found->rules.begin(), found->rules.end());
    if (!cascade) break;
  }
  return rules;
}

}  // namespace tmalign
