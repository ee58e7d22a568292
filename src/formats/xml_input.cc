#include "xml_input.h"

#include "tmalign/core/text.h"

namespace tmalign::detail {

XmlInput::XmlInput(std::string_view xml, const std::string& file) : xml_(xml), file_(file) {
  const pugi::xml_parse_result parsed = document_.load_buffer(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_utf8);
  if (!parsed) {
    const TextPosition pos = position_of(xml, static_cast<std::size_t>(parsed.offset));
    throw InputError(std::string("malformed XML: ") + parsed.description(), file, pos.line,
                     pos.column);
  }
}

InputError XmlInput::error(pugi::xml_node node, const std::string& message) const {
  const std::ptrdiff_t offset = node.offset_debug();  // an element's name, after its '<'
  if (offset < 0) return InputError(message, file_);
  const auto at = static_cast<std::size_t>(offset);
  const TextPosition pos =
      position_of(xml_, node.type() == pugi::node_element && at > 0 ? at - 1 : at);
  return InputError(message, file_, pos.line, pos.column);
}

}  // namespace tmalign::detail
