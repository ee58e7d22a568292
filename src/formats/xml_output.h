// Text as XML 1.0 can carry it (private to formats; the TMX and XLIFF writers use it).
#pragma once

#include <string>
#include <string_view>

namespace tmalign::detail {

/// `text` with what XML 1.0 cannot carry replaced: U+0000-U+001F other than tab, LF and CR, and
/// U+FFFE and U+FFFF (XML 1.0 section 2.2, production Char: not even as character references)
/// each become a space; CR LF and a lone CR become LF, as every XML parser reads them (section
/// 2.11), so that what is written is what a reader gets back.
std::string xml_text(std::string_view text);

}  // namespace tmalign::detail
