// Number substitution: a fuzzy match whose source differs from the query only in numbers is offered
// with the query's numbers put into its target, as CAT tools do. The rules are in docs/matching.md
// ("Number substitution").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tmalign {

/// Options of find_numbers() and substitute_numbers().
struct NumberOptions {
  // BCP 47 tag of the query and the stored source ("ru", "en-US"); it settles spellings such as
  // "1,000" (a thousand in English, one in Russian). Empty = unknown: such spellings are compared
  // and substituted by their exact spelling.
  std::string source_lang = {};
  // BCP 47 tag of the stored target: reads its numbers and writes the new ones (decimal mark,
  // thousands separator). Empty = unknown: the target's own numbers, then the query's, show how.
  std::string target_lang = {};

  /// Throws OptionError when a language that is set is not a BCP 47 tag.
  void validate() const;
};

/// A number found in a text: ASCII digits, with an optional sign (-, +, U+2212 minus), thousands
/// separators (space, no-break spaces, comma, dot, apostrophe) and one decimal mark.
struct NumberToken {
  std::size_t begin = 0;  // byte offset of its first byte (the sign, when it has one)
  std::size_t end = 0;    // byte offset one past its last digit
  // Its value spelt canonically: an optional '-', the integer digits without leading zeros, then
  // '.' and the fraction digits without trailing zeros when there are any: "-1234.5", "0", "7".
  // For a spelling that the language leaves open ("1,234" when the language is unknown) this is
  // the thousands reading, and `decimal_reading` holds the other one ("1.234").
  std::string value;
  std::string decimal_reading = {};  // empty unless the spelling is ambiguous
};

/// The numbers of `text`, in order, read in the convention of `language` (a BCP 47 tag; empty =
/// unknown). Digits inside words and codes are not numbers: "A4", "COVID-19", "v2.0", "x86",
/// "5th" (English and French ordinal suffixes) are text; a number may have a unit glued after it
/// ("5%", "5кг", "10km"). Dates and versions ("12.05.2024", "1.2.3") are several numbers with
/// the dots as text; so are times ("10:30"). Returns an empty list for invalid UTF-8.
std::vector<NumberToken> find_numbers(std::string_view text, std::string_view language = {});

/// `stored_target` with the query's numbers in place of the stored source's, when `query` and
/// `stored_source` are the same text but for their numbers: equal after normalise_white_space()
/// once every number is taken out, with as many numbers. Every stored number whose value differs
/// from the query's number at its place must occur in the target (same value, in any convention:
/// Russian "1 000,5" is English "1,000.5") exactly as often as in the stored source; each such
/// occurrence is rewritten with the query's value in the target's format (its sign character,
/// thousands separator, decimal mark, leading zeros). Nothing is guessed: nullopt when
///  - the texts differ in anything but numbers and white space, or do not differ in any number;
///  - a changed number is missing from the target, or occurs there more or less often;
///  - one stored number would take two different values (stored "5 and 5", query "5 and 6");
///  - any of the three texts is not valid UTF-8 (never throws for text; see validate()).
///
///   // "В 2019 году" / "In 2019" and the query "В 2020 году":
///   substitute_numbers("В 2020 году", "В 2019 году", "In 2019", {.source_lang = "ru",
///                      .target_lang = "en"}) == "In 2020"
std::optional<std::string> substitute_numbers(std::string_view query,
                                              std::string_view stored_source,
                                              std::string_view stored_target,
                                              const NumberOptions& options = {});

}  // namespace tmalign
