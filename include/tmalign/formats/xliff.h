// XLIFF 1.2 (OASIS, http://docs.oasis-open.org/xliff/v1.2/os/xliff-core.html) writing: a document's
// segments with their translations and the TM matches offered for them, for a CAT tool.
// docs/formats.md shows an example of what is written.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace tmalign {

/// One <alt-trans>: a translation offered for a trans-unit (a TM match), with where it came from.
struct XliffAltTrans {
  std::string source;                // the source it translates (the TM unit's); empty = omitted
  std::string target;                // the offered translation
  std::optional<int> match_quality;  // percent 0..101, written as "87"; nothing = omitted
  std::string origin = {};           // e.g. the TM file it came from; empty = omitted
};

/// One <trans-unit>: a segment of the document and, when there is one, its translation.
struct XliffTransUnit {
  std::string id;                     // unique in the document, not empty
  std::string source;                 // the segment's text
  std::optional<std::string> target;  // nothing = no <target> (not translated)
  // <target state> and <target state-qualifier>: one of the values XLIFF 1.2 lists for them
  // ("translated", "needs-review-translation" ...; "exact-match", "fuzzy-match" ...) or an
  // extension "x-..."; empty = omitted. Only with a target.
  std::string state = {};
  std::string state_qualifier = {};
  std::vector<XliffAltTrans> alternatives = {};  // in the order given (best first)
};

/// One XLIFF document holding one <file>: the segments of one plain-text source document.
struct XliffDocument {
  std::string original;               // <file original>: the source document's name, not empty
  std::string source_lang;            // <file source-language>, BCP 47
  std::string target_lang;            // <file target-language>, BCP 47
  std::vector<XliffTransUnit> units;  // in document order
};

/// Writes `document` as XLIFF 1.2, valid against xliff-core-1.2-transitional.xsd (and strict):
/// <file datatype="plaintext"> with a <header> naming tmalign as the <tool>, then one
/// <trans-unit xml:space="preserve"> per unit with <source>, <target> when there is one, and an
/// <alt-trans tool-id="tmalign"> per alternative. Characters XML 1.0 cannot carry are written as
/// spaces, CR LF and CR as LF, as write_tmx() does. Text must be UTF-8. Throws Error naming the
/// unit (by id) for an empty or repeated id, a state or state qualifier XLIFF 1.2 does not
/// define, a state without a target, or a match quality outside 0..101; and for a language that
/// is not a BCP 47 tag or an empty `original`.
///
///   XliffDocument doc{.original = "ru.txt", .source_lang = "ru", .target_lang = "en", .units =
///   {}}; doc.units.push_back({.id = "1", .source = "Привет.", .target = "Hello.", .state =
///   "translated"}); write_xliff(file, doc);
void write_xliff(std::ostream& out, const XliffDocument& document);

}  // namespace tmalign
