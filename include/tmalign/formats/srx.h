// SRX 2.0 (Segmentation Rules eXchange, LISA 2008, http://www.lisa.org/srx20) reading and writing;
// docs/srx.md says what of SRX 2.0 tmalign reads, writes and applies.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "tmalign/segment/srx.h"

namespace tmalign {

/// Reads an SRX 2.0 document: <header cascade>, every <languagerule> with its <rule break>,
/// <beforebreak> and <afterbreak> (text kept byte for byte), and the <maprules> <languagemap>s.
/// Elements are recognised by their namespace (http://www.lisa.org/srx20, as a default namespace
/// or with a prefix; a document with no namespace at all is read too); elements of other
/// namespaces (okpsrx:options ...) and the formathandle settings are ignored.
/// Throws InputError naming `file`, line and column for malformed XML, a document that is not
/// SRX 2.0, a break attribute other than yes/no, or a missing name or pattern.
///
///   const SrxDocument srx = read_srx_file("rules.srx");
///   SrxEngine engine(srx.rules_for("ru"));
SrxDocument read_srx(std::string_view xml, const std::string& file);

/// read_srx() on a file's bytes (read_text_file() checks it first; "-" reads standard input).
SrxDocument read_srx_file(const std::string& path);

/// Writes `srx` as an SRX 2.0 document (UTF-8, default namespace http://www.lisa.org/srx20), so
/// that read_srx() gives the same document back. Patterns are written as they are.
void write_srx(std::ostream& out, const SrxDocument& srx);

}  // namespace tmalign
