#include "tmalign/formats/srx.h"

#include <pugixml.hpp>

#include "tmalign/core/error.h"
#include "tmalign/core/text.h"
#include "xml_input.h"

namespace tmalign {
namespace {

constexpr std::string_view kSrxNamespace = "http://www.lisa.org/srx20";

// --- Reading ----------------------------------------------------------------------------------

// The namespace URI of an element: the xmlns or xmlns:PREFIX declaration in scope for its name's
// prefix (pugixml does not resolve namespaces). Empty when nothing is declared.
std::string_view namespace_of(pugi::xml_node element) {
  const std::string_view name = element.name();
  const std::size_t colon = name.find(':');
  const std::string attribute =
      colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  for (pugi::xml_node n = element; n.type() == pugi::node_element; n = n.parent())
    if (const pugi::xml_attribute a = n.attribute(attribute.c_str())) return a.value();
  return {};
}

// The local name of an SRX element, or empty for an element of another namespace. Unprefixed
// elements with no namespace declared count as SRX, so documents without xmlns are read too.
std::string_view srx_name(pugi::xml_node element) {
  if (element.type() != pugi::node_element) return {};
  std::string_view name = element.name();
  const std::string_view ns = namespace_of(element);
  const std::size_t colon = name.find(':');
  if (ns == kSrxNamespace) return colon == std::string_view::npos ? name : name.substr(colon + 1);
  if (ns.empty() && colon == std::string_view::npos) return name;
  return {};
}

// The first SRX child of `parent` called `name`.
pugi::xml_node srx_child(pugi::xml_node parent, std::string_view name) {
  for (const pugi::xml_node child : parent.children())
    if (srx_name(child) == name) return child;
  return {};
}

// A yes/no attribute; `fallback` when absent.
bool yes_no(pugi::xml_node element, const char* attribute, bool fallback,
            const detail::XmlInput& input) {
  const pugi::xml_attribute a = element.attribute(attribute);
  if (!a) return fallback;
  const std::string_view value = a.value();
  if (value == "yes") return true;
  if (value == "no") return false;
  throw input.error(element, std::string(attribute) + "=\"" + std::string(value) +
                                 "\" is neither \"yes\" nor \"no\"");
}

// A required attribute's value.
std::string required(pugi::xml_node element, const char* attribute, const detail::XmlInput& input) {
  const pugi::xml_attribute a = element.attribute(attribute);
  if (!a || *a.value() == '\0')
    throw input.error(element, "<" + std::string(element.name()) + "> has no " + attribute);
  return a.value();
}

// The character data of a <beforebreak> or <afterbreak>, byte for byte.
std::string pattern_of(pugi::xml_node element) {
  std::string out;
  for (const pugi::xml_node child : element.children())
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  return out;
}

SrxLanguageRule read_language_rule(pugi::xml_node element, const detail::XmlInput& input) {
  SrxLanguageRule language_rule{required(element, "languagerulename", input), {}};
  for (const pugi::xml_node child : element.children()) {
    if (srx_name(child) != "rule") continue;
    SrxRule rule;
    rule.is_break = yes_no(child, "break", true, input);
    rule.before = pattern_of(srx_child(child, "beforebreak"));
    rule.after = pattern_of(srx_child(child, "afterbreak"));
    language_rule.rules.push_back(std::move(rule));
  }
  return language_rule;
}

// --- Writing ----------------------------------------------------------------------------------

// Throws when `text` holds a character XML 1.0 cannot carry as it is (controls but tab and LF;
// CR, which a reader turns into LF): a pattern must spell those as \r, \x{..}.
void check_writable(const std::string& text, const std::string& what) {
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\t' && u != '\n')
      throw Error(what + " \"" + text + "\" holds control character " + std::to_string(u) +
                  ", which SRX (XML) cannot carry; write it as a regex escape such as \\x{" +
                  std::to_string(u) + "}");
  }
}

void set_text(pugi::xml_node element, const std::string& text, const std::string& what) {
  check_writable(text, what);
  if (!text.empty()) element.text().set(text.c_str());
}

}  // namespace

SrxDocument read_srx(std::string_view xml, const std::string& file) {
  const detail::XmlInput input(xml, file);

  const pugi::xml_node root = input.document().document_element();
  if (srx_name(root) != "srx")
    throw input.error(root, std::string("not an SRX document: root element is <") + root.name() +
                                "> (namespace \"" + std::string(namespace_of(root)) + "\")");
  const std::string_view version = root.attribute("version").value();
  if (!version.empty() && version != "2.0")
    throw input.error(root, "SRX version \"" + std::string(version) +
                                "\" is not supported (tmalign reads SRX 2.0)");
  const pugi::xml_node header = srx_child(root, "header");
  if (!header) throw input.error(root, "not an SRX document: <srx> has no <header>");
  const pugi::xml_node body = srx_child(root, "body");
  if (!body) throw input.error(root, "not an SRX document: <srx> has no <body>");

  SrxDocument srx;
  srx.cascade = yes_no(header, "cascade", srx.cascade, input);
  for (const pugi::xml_node child : srx_child(body, "languagerules").children())
    if (srx_name(child) == "languagerule")
      srx.language_rules.push_back(read_language_rule(child, input));
  for (const pugi::xml_node child : srx_child(body, "maprules").children())
    if (srx_name(child) == "languagemap")
      srx.maps.push_back(
          {required(child, "languagepattern", input), required(child, "languagerulename", input)});
  return srx;
}

SrxDocument read_srx_file(const std::string& path) {
  const std::string xml = read_text_file(path);
  return read_srx(xml, path == "-" ? std::string("<stdin>") : path);
}

void write_srx(std::ostream& out, const SrxDocument& srx) {
  pugi::xml_document doc;
  pugi::xml_node declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";

  pugi::xml_node root = doc.append_child("srx");
  root.append_attribute("xmlns") = std::string(kSrxNamespace).c_str();
  root.append_attribute("version") = "2.0";
  pugi::xml_node header = root.append_child("header");
  header.append_attribute("segmentsubflows") = "yes";
  header.append_attribute("cascade") = srx.cascade ? "yes" : "no";
  // SRX 2.0's defaults for inline codes: a segment keeps a closing code, not an opening one.
  for (const auto& [type, include] :
       {std::pair{"start", "no"}, {"end", "yes"}, {"isolated", "no"}}) {
    pugi::xml_node handle = header.append_child("formathandle");
    handle.append_attribute("type") = type;
    handle.append_attribute("include") = include;
  }

  pugi::xml_node body = root.append_child("body");
  pugi::xml_node languagerules = body.append_child("languagerules");
  for (const SrxLanguageRule& language_rule : srx.language_rules) {
    pugi::xml_node element = languagerules.append_child("languagerule");
    check_writable(language_rule.name, "languagerulename");
    element.append_attribute("languagerulename") = language_rule.name.c_str();
    for (const SrxRule& rule : language_rule.rules) {
      pugi::xml_node r = element.append_child("rule");
      r.append_attribute("break") = rule.is_break ? "yes" : "no";
      set_text(r.append_child("beforebreak"), rule.before, "beforebreak");
      set_text(r.append_child("afterbreak"), rule.after, "afterbreak");
    }
  }
  pugi::xml_node maprules = body.append_child("maprules");
  for (const SrxLanguageMap& map : srx.maps) {
    pugi::xml_node element = maprules.append_child("languagemap");
    check_writable(map.pattern, "languagepattern");
    check_writable(map.rule_name, "languagerulename");
    element.append_attribute("languagepattern") = map.pattern.c_str();
    element.append_attribute("languagerulename") = map.rule_name.c_str();
  }
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
}

}  // namespace tmalign
