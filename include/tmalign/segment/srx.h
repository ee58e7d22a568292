// Segmentation rules in the form of SRX 2.0 (Segmentation Rules eXchange, LISA 2008), the rules
// CAT tools let translators customise. Reading and writing SRX files is in formats/srx.h.
#pragma once

#include <string>
#include <vector>

namespace tmalign {

/// One SRX rule: at a position where `before` matches text ending there and `after` matches text
/// starting there, the text breaks (is_break) or must not break. Patterns use ICU regex syntax.
struct SrxRule {
  bool is_break = true;  // <rule break="yes|no">
  std::string before;    // <beforebreak>; empty matches everywhere
  std::string after;     // <afterbreak>; empty matches everywhere

  friend bool operator==(const SrxRule&, const SrxRule&) = default;
};

/// A named, ordered list of rules (<languagerule languagerulename="...">).
struct SrxLanguageRule {
  std::string name;
  std::vector<SrxRule> rules;

  friend bool operator==(const SrxLanguageRule&, const SrxLanguageRule&) = default;
};

/// <languagemap languagepattern="..." languagerulename="...">: which rules a language uses.
struct SrxLanguageMap {
  std::string pattern;    // ICU regex matched against the whole language code
  std::string rule_name;  // an SrxLanguageRule's name

  friend bool operator==(const SrxLanguageMap&, const SrxLanguageMap&) = default;
};

/// A whole SRX document: language rules and the map that picks them for a language.
struct SrxDocument {
  bool cascade = true;  // <header cascade>: every matching map contributes, not only the first
  std::vector<SrxLanguageRule> language_rules;
  std::vector<SrxLanguageMap> maps;

  /// The rules for `language`, in priority order: with cascade, those of every map whose pattern
  /// matches, map order; without, those of the first matching map. Throws OptionError naming the
  /// pattern when a language pattern is not a valid ICU regex, or a map names a missing rule.
  std::vector<SrxRule> rules_for(const std::string& language) const;

  friend bool operator==(const SrxDocument&, const SrxDocument&) = default;
};

}  // namespace tmalign
