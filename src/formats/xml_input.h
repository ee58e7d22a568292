// Reading small XML documents whole with errors placed in the file (private to formats; SRX uses
// it; TMX, which can be big, is read as a stream in tmx.cc).
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "tmalign/core/error.h"

namespace tmalign::detail {

/// A parsed XML document and the bytes it came from, so that errors name file, line and column.
/// Invariant: `xml` and `file` outlive the object (it keeps views of them).
///
///   XmlInput input(xml, "a.tmx");
///   pugi::xml_node root = input.document().document_element();
///   if (!ok) throw input.error(root, "not a TMX document");
class XmlInput {
 public:
  /// Parses `xml` (UTF-8) keeping white-space-only text (a pattern or a segment may be just that).
  /// Throws InputError "FILE:LINE:COLUMN: malformed XML: ..." where pugixml stopped.
  XmlInput(std::string_view xml, const std::string& file);

  const pugi::xml_document& document() const { return document_; }

  /// An InputError at `node`'s place in the file (an element's '<').
  InputError error(pugi::xml_node node, const std::string& message) const;

 private:
  std::string_view xml_;
  const std::string& file_;
  pugi::xml_document document_;
};

}  // namespace tmalign::detail
