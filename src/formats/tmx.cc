#include "tmalign/formats/tmx.h"

#include <expat.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <pugixml.hpp>

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <optional>
#include <utility>

#include "formats/xml_output.h"
#include "tmalign/core/error.h"
#include "tmalign/core/language.h"
#include "tmalign/core/text.h"

#ifndef TMALIGN_VERSION
#error "TMALIGN_VERSION (the project version) must be defined by src/formats/CMakeLists.txt"
#endif

namespace tmalign {
namespace {

using detail::xml_text;

// --- Shared helpers ---------------------------------------------------------------------------

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool ascii_digit(char c) { return c >= '0' && c <= '9'; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// The fields of a UTC time: year, month, day, hour, minute, second.
using TimeFields = std::array<int, 6>;

// The basic ISO 8601 form TMX 1.4b prescribes for dates (creationdate, changedate).
constexpr std::string_view kTmxDateForm = "YYYYMMDDThhmmssZ";
// The extended ISO 8601 form of TranslationUnit's dates, which some tools also write into TMX.
constexpr std::string_view kIsoDateForm = "YYYY-MM-DDThh:mm:ssZ";

// The fields of `text` written in `form` (Y, M, D, h, m and s each stand for one digit of their
// field, any other character for itself) when it names a real time: a month 1-12, a day of that
// month (leap years of the Gregorian calendar counted), hour 0-23, minute and second 0-59.
std::optional<TimeFields> parse_time(std::string_view text, std::string_view form) {
  if (text.size() != form.size()) return std::nullopt;
  TimeFields f{};
  for (std::size_t i = 0; i < form.size(); ++i) {
    const std::size_t field = std::string_view("YMDhms").find(form[i]);
    if (field == std::string_view::npos) {
      if (text[i] != form[i]) return std::nullopt;
    } else {
      if (!ascii_digit(text[i])) return std::nullopt;
      f[field] = f[field] * 10 + (text[i] - '0');
    }
  }
  const auto [year, month, day, hour, minute, second] = f;
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int days = kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
  if (day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  return f;
}

// `time` in the TMX form ("20261127T104414Z") or the extended form ("2026-11-27T10:44:14Z").
std::string format_time(const TimeFields& time, bool tmx_form) {
  char buffer[32];
  const int length =
      std::snprintf(buffer, sizeof buffer,
                    tmx_form ? "%04d%02d%02dT%02d%02d%02dZ" : "%04d-%02d-%02dT%02d:%02d:%02dZ",
                    time[0], time[1], time[2], time[3], time[4], time[5]);
  return std::string(buffer, static_cast<std::size_t>(length));
}

// The 16 lower-case hex digits of a context hash, as the x-tmalign-context prop holds it.
std::string format_hash(std::uint64_t hash) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016" PRIx64, hash);
  return std::string(buffer, 16);
}

// --- Writing ----------------------------------------------------------------------------------

// "YYYYMMDDThhmmssZ", the TMX date format, of the current time in UTC.
std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  return std::string(buffer, std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm));
}

// The shortest decimal that reads back as the same double (std::to_chars guarantees it).
std::string format_score(double score) {
  char buffer[64];
  char* end = std::to_chars(buffer, buffer + sizeof buffer, score).ptr;
  return std::string(buffer, end);
}

void check_unit(const TranslationUnit& unit, std::size_t index) {
  const std::string which = "unit " + std::to_string(index) + ": ";
  if (!is_language_tag(unit.source_lang))
    throw Error(which + "source language \"" + unit.source_lang + "\" is not a BCP 47 tag");
  if (!is_language_tag(unit.target_lang))
    throw Error(which + "target language \"" + unit.target_lang + "\" is not a BCP 47 tag");
  if (!(unit.score >= 0.0 && unit.score <= 1.0))
    throw Error(which + "score " + format_score(unit.score) + " is not between 0 and 1");
  for (const auto& [name, date] :
       {std::pair{"created_at", &unit.created_at}, std::pair{"changed_at", &unit.changed_at}})
    if (!date->empty() && !parse_time(*date, kIsoDateForm))
      throw Error(which + name + " \"" + *date +
                  "\" is not a UTC time of the form 2026-11-27T10:44:14Z");
}

// The <tu> attribute `name` (creationdate, changedate) holding `date` (checked by check_unit())
// in the TMX form; nothing when the date is unknown.
void add_date(pugi::xml_node tu, const char* name, const std::string& date) {
  if (const std::optional<TimeFields> time = parse_time(date, kIsoDateForm))
    tu.append_attribute(name) = format_time(*time, /*tmx_form=*/true).c_str();
}

// The <tu> attribute `name` (creationid, changeid) holding `user`, when known.
void add_user(pugi::xml_node tu, const char* name, const std::string& user) {
  if (!user.empty()) tu.append_attribute(name) = xml_text(user).c_str();
}

void add_prop(pugi::xml_node tu, const char* type, const std::string& value) {
  pugi::xml_node prop = tu.append_child("prop");
  prop.append_attribute("type") = type;
  prop.text().set(xml_text(value).c_str());
}

void add_tuv(pugi::xml_node tu, const std::string& lang, const std::string& text) {
  pugi::xml_node tuv = tu.append_child("tuv");
  tuv.append_attribute("xml:lang") = lang.c_str();
  tuv.append_child("seg").text().set(xml_text(text).c_str());
}

// --- Reading ----------------------------------------------------------------------------------

// The native codes of inline markup: their content is the original format's markup (RTF, HTML),
// not text, so it is dropped, <sub> flows within them included.
bool is_native_code(std::string_view element) {
  return element == "bpt" || element == "ept" || element == "it" || element == "ph" ||
         element == "ut";
}

// Whether two element or attribute names are the same (without measuring them first, as a
// string_view would: expat's names are C strings, compared by the thousand).
bool same_name(const XML_Char* a, const char* b) { return std::strcmp(a, b) == 0; }

bool only_white_space(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The length of the valid UTF-8 sequence (RFC 3629: no overlongs, surrogates or code points
// above U+10FFFF) at the start of `bytes`; 0 when it is invalid or cut off.
std::size_t utf8_length(std::string_view bytes) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char lead = byte(0);
  std::size_t n = 0;
  unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    n = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    n = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    n = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (bytes.size() < n) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if (byte(k) < (k == 1 ? low : 0x80) || byte(k) > (k == 1 ? high : 0xBF)) return 0;
  return n;
}

// The text of an x-context-pre / x-context-post prop: other tools write the neighbouring
// segment as it is, or wrapped in "<seg>...</seg>" (memoQ, XTM), escaped or as an element.
std::string_view context_text(std::string_view prop) {
  const std::size_t first = prop.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  prop = prop.substr(first, prop.find_last_not_of(" \t\r\n") - first + 1);
  if (prop.size() >= 11 && prop.substr(0, 5) == "<seg>" && prop.substr(prop.size() - 6) == "</seg>")
    prop = prop.substr(5, prop.size() - 11);
  return prop;
}

// An x-tmalign-context prop: the context hashes before and after, each as 16 hex digits,
// separated by white space.
std::optional<std::pair<std::uint64_t, std::uint64_t>> parse_context(std::string_view value) {
  std::uint64_t hashes[2] = {0, 0};
  std::size_t at = 0;
  for (std::uint64_t& hash : hashes) {
    at = value.find_first_not_of(" \t\r\n", at);
    if (at == std::string_view::npos || value.size() - at < 16) return std::nullopt;
    const char* first = value.data() + at;
    const auto [end, ec] = std::from_chars(first, first + 16, hash, 16);
    if (ec != std::errc() || end != first + 16) return std::nullopt;
    at += 16;
    if (at < value.size() && value.find_first_of(" \t\r\n", at) != at) return std::nullopt;
  }
  if (value.find_first_not_of(" \t\r\n", at) != std::string_view::npos) return std::nullopt;
  return std::pair{hashes[0], hashes[1]};
}

}  // namespace

// The streaming TMX reader: expat's callbacks build one <tu> at a time into the units of the
// batch being filled. Invariant: kinds_ holds one Kind per open element, capture_ points at the
// string that receives character data (a <seg> or <prop> being read) or is null, and suppress_
// counts the native codes open inside it.
class TmxReader::Impl {
 public:
  Impl(std::string file, int fd, std::string_view memory, std::uint64_t total)
      : file_(std::move(file)), fd_(fd), memory_(memory), total_(total) {
    kinds_.reserve(64);
    xml_ = XML_ParserCreate("UTF-8");  // the document's encoding declaration is ignored
    if (xml_ == nullptr) throw Error("cannot create an XML parser (out of memory)");
    XML_SetUserData(xml_, this);
    XML_SetElementHandler(xml_, &call<&Impl::start, const XML_Char*, const XML_Char**>,
                          &call<&Impl::end, const XML_Char*>);
    XML_SetCharacterDataHandler(xml_, &call<&Impl::text, const XML_Char*, int>);
    XML_SetSkippedEntityHandler(xml_, &call<&Impl::skipped_entity, const XML_Char*, int>);
    XML_SetExternalEntityRefHandler(xml_, &Impl::external_entity);
  }
  ~Impl() {
    XML_ParserFree(xml_);
    if (fd_ > 0) ::close(fd_);  // never standard input
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  std::size_t next(std::vector<TranslationUnit>& batch, std::size_t max_units) {
    if (max_units == 0) throw OptionError("TmxReader::next: max_units must be at least 1, not 0");
    batch.clear();
    if (failure_) std::rethrow_exception(failure_);
    try {
      for (; !overflow_.empty() && batch.size() < max_units; overflow_.pop_front())
        batch.push_back(std::move(overflow_.front()));
      batch_ = &batch;
      max_units_ = max_units;
      while (batch.size() < max_units && !done_) step();
    } catch (...) {
      batch_ = nullptr;
      failure_ = std::current_exception();
      throw;
    }
    batch_ = nullptr;
    return batch.size();
  }

  std::uint64_t bytes_read() const { return fed_; }
  std::uint64_t total_bytes() const { return total_; }
  const std::string& file() const { return file_; }

 private:
  // What an open element is to the reader.
  enum class Kind : std::uint8_t {
    kOther,   // nothing to read inside (a <note>, a foreign prop, an unknown element)
    kTmx,     // the root
    kHeader,  // the first <header> in <tmx>
    kBody,    // the first <body> in <tmx>
    kTu,      // a <tu> in the body
    kTuv,     // a <tuv> with a language in a <tu>
    kSeg,     // the first <seg> of a <tuv>: its text is captured
    kProp,    // a <prop> whose text is read: its text is captured
    kInline,  // an element inside captured text (<hi>, <sub>, unknown): its text is kept
    kNative,  // a native code inside captured text (<bpt>, <ph>, ...): its text is dropped
  };

  // The props read: on the <tu> all of them, in a <tuv> the context ones.
  enum class Prop : std::uint8_t {
    kDocument,
    kPosition,
    kScore,
    kTmalignContext,
    kContextPre,
    kContextPost
  };

  // What a <tuv> of the <tu> being read holds.
  struct Tuv {
    std::string lang;
    std::string text;  // its first <seg>'s text
    bool has_seg = false;
    std::string created_at, created_by, changed_at, changed_by;  // its attributes ("" = none)
    std::optional<std::uint64_t> context_before, context_after;  // its x-context-pre/post
  };

  // Bytes handed to expat at a time, and the limits that keep memory bounded whatever the input.
  static constexpr std::size_t kPieceBytes = std::size_t{1} << 18;
  static constexpr std::size_t kMaxUnitBytes = std::size_t{64} << 20;   // the text of one <tu>
  static constexpr std::size_t kMaxTokenBytes = std::size_t{64} << 20;  // one tag or comment

  // The expat callback that runs `method`. No exception may cross expat's C frames: one thrown
  // is kept and parsing stopped; next() throws it.
  template <auto method, typename... Args>
  static void XMLCALL call(void* data, Args... args) {
    auto* self = static_cast<Impl*>(data);
    if (self->handler_failure_) return;  // a callback expat still makes after the stop
    try {
      (self->*method)(args...);
    } catch (...) {
      self->handler_failure_ = std::current_exception();
      XML_StopParser(self->xml_, XML_FALSE);
    }
  }

  // Parses the next piece of input, or resumes after a full batch.
  void step() {
    XML_Status status;
    stopping_ = false;
    if (suspended_) {
      suspended_ = false;
      status = XML_ResumeParser(xml_);
    } else {
      status = feed();
    }
    if (handler_failure_) std::rethrow_exception(handler_failure_);
    if (status == XML_STATUS_ERROR) throw parse_error();
    if (status == XML_STATUS_SUSPENDED) {
      suspended_ = true;
    } else if (final_) {
      done_ = true;
    } else if (const XML_Index at = XML_GetCurrentByteIndex(xml_);
               fed_ - static_cast<std::uint64_t>(at < 0 ? 0 : at) > kMaxTokenBytes) {
      // Expat keeps a token (a tag with its attributes, a comment) whole until it ends.
      throw here("malformed XML: a tag or comment longer than " +
                 std::to_string(kMaxTokenBytes >> 20) + " MiB starts here");
    }
  }

  XML_Status feed() {
    void* buffer = XML_GetBuffer(xml_, static_cast<int>(kPieceBytes));
    if (buffer == nullptr) throw parse_error();
    char* bytes = static_cast<char*>(buffer);
    std::size_t n = 0;
    if (fd_ < 0) {
      n = std::min(kPieceBytes, memory_.size() - fed_);
      std::memcpy(bytes, memory_.data() + fed_, n);
    } else {
      ssize_t got;
      do got = ::read(fd_, bytes, kPieceBytes);
      while (got < 0 && errno == EINTR);
      if (got < 0) throw InputError(std::string("read error: ") + std::strerror(errno), file_);
      n = static_cast<std::size_t>(got);
    }
    if (fed_ == 0) check_start(std::string_view(bytes, n));
    fed_ += n;
    final_ = n == 0;
    return XML_ParseBuffer(xml_, static_cast<int>(n), final_ ? XML_TRUE : XML_FALSE);
  }

  // Refuses input that is plainly not UTF-8 XML with a message that says what it is.
  void check_start(std::string_view start) const {
    if (start.empty() && fd_ >= 0) throw InputError("empty file", file_);
    if (start.substr(0, 2) == "\xFF\xFE" || start.substr(0, 2) == "\xFE\xFF")
      throw InputError(
          "UTF-16 text, not UTF-8: convert it first (iconv -f UTF-16 -t UTF-8) and fix the "
          "encoding in its XML declaration",
          file_, 1, 1);
    if (start.substr(0, 2) == "\x1F\x8B")
      throw InputError("gzip-compressed, not XML: decompress it first (gunzip)", file_, 1, 1);
  }

  // An InputError at expat's current place: an element's '<' in a start or end handler.
  InputError here(const std::string& message) const {
    return InputError(message, file_, XML_GetCurrentLineNumber(xml_),
                      XML_GetCurrentColumnNumber(xml_) + 1);
  }

  // The InputError for the error expat stopped at.
  InputError parse_error() const {
    const XML_Error code = XML_GetErrorCode(xml_);
    std::string message = std::string("malformed XML: ") + XML_ErrorString(code);
    if (code == XML_ERROR_INVALID_TOKEN) {
      if (std::optional<std::string> what = bad_character()) message = std::move(*what);
    } else if (code == XML_ERROR_AMPLIFICATION_LIMIT_BREACH) {
      message +=
          " (entity references expand to far more text than the document holds: an "
          "entity expansion attack such as \"billion laughs\"?)";
    } else if (final_) {  // the input ended too early
      const char* inside = code == XML_ERROR_UNCLOSED_TOKEN                   ? "a tag"
                           : code == XML_ERROR_PARTIAL_CHAR                   ? "a UTF-8 sequence"
                           : code == XML_ERROR_UNCLOSED_CDATA_SECTION         ? "a CDATA section"
                           : code == XML_ERROR_NO_ELEMENTS && !kinds_.empty() ? "<tmx>"
                                                                              : nullptr;
      if (inside != nullptr)
        message =
            std::string("malformed XML: the input ends inside ") + inside + " (a truncated file?)";
    }
    return here(message);
  }

  // What is wrong with the character at an invalid token, when it is the encoding's fault.
  std::optional<std::string> bad_character() const {
    int offset = 0, size = 0;
    const char* context = XML_GetInputContext(xml_, &offset, &size);
    if (context == nullptr || offset < 0 || offset >= size) return std::nullopt;
    const std::string_view bytes(context + offset, static_cast<std::size_t>(size - offset));
    const auto lead = static_cast<unsigned char>(bytes[0]);
    const std::string where = "byte offset " + std::to_string(XML_GetCurrentByteIndex(xml_));
    char hex[8];
    if (lead == 0) return "binary data (NUL byte at " + where + "), not a text file";
    if (lead < 0x20 && lead != '\t' && lead != '\n' && lead != '\r') {
      std::snprintf(hex, sizeof hex, "%04X", lead);
      return "control character U+" + std::string(hex) + " at " + where +
             ": XML 1.0 does not allow it";
    }
    const std::size_t n = utf8_length(bytes);
    if (n == 0) {
      std::snprintf(hex, sizeof hex, "0x%02X", lead);
      return "invalid UTF-8 (byte " + std::string(hex) + " at " + where + ")";
    }
    if (n == 3 && (bytes.substr(0, 3) == "\xEF\xBF\xBE" || bytes.substr(0, 3) == "\xEF\xBF\xBF"))
      return "character U+FFF" + std::string(bytes[2] == '\xBE' ? "E" : "F") + " at " + where +
             ": XML 1.0 does not allow it";
    return std::nullopt;
  }

  // --- Callbacks ---

  void start(const XML_Char* name, const XML_Char** attributes) {
    const auto element = [name](const char* expected) { return same_name(name, expected); };
    if (kinds_.empty()) {  // the root
      if (!element("tmx"))
        throw here("not a TMX document: root element is <" + std::string(name) + ">");
      root_line_ = XML_GetCurrentLineNumber(xml_);
      root_column_ = XML_GetCurrentColumnNumber(xml_) + 1;
      kinds_.push_back(Kind::kTmx);
      return;
    }
    Kind kind = Kind::kOther;
    switch (kinds_.back()) {
      case Kind::kTmx:
        if (element("header") && !seen_header_) {
          seen_header_ = true;
          srclang_ = attribute(attributes, "srclang");
          if (srclang_.empty()) throw here("not a TMX document: <header> has no srclang attribute");
          srclang_primary_ = primary_language(srclang_);
          kind = Kind::kHeader;
        } else if (element("body") && !seen_body_) {
          if (!seen_header_) throw here("not a TMX document: <tmx> has no <header> before <body>");
          seen_body_ = true;
          kind = Kind::kBody;
        }
        break;
      case Kind::kBody:
        if (element("tu")) {
          start_tu(attributes);
          kind = Kind::kTu;
        }
        break;
      case Kind::kTu:
        if (element("tuv")) {
          if (start_tuv(attributes)) kind = Kind::kTuv;
        } else if (element("prop")) {
          if (start_prop(attributes, /*in_tuv=*/false)) kind = Kind::kProp;
        }
        break;
      case Kind::kTuv:
        if (element("seg") && !tuvs_[tuv_count_ - 1].has_seg) {
          tuvs_[tuv_count_ - 1].has_seg = true;
          capture_ = &tuvs_[tuv_count_ - 1].text;
          kind = Kind::kSeg;
        } else if (element("prop")) {
          if (start_prop(attributes, /*in_tuv=*/true)) kind = Kind::kProp;
        }
        break;
      case Kind::kSeg:
      case Kind::kProp:
      case Kind::kInline:
      case Kind::kNative:
        kind = is_native_code(name) ? Kind::kNative : Kind::kInline;
        if (kind == Kind::kNative) ++suppress_;
        break;
      case Kind::kOther:
      case Kind::kHeader:
        break;
    }
    kinds_.push_back(kind);
  }

  void end(const XML_Char*) {
    const Kind kind = kinds_.back();
    kinds_.pop_back();
    switch (kind) {
      case Kind::kSeg:
        capture_ = nullptr;
        break;
      case Kind::kProp:
        capture_ = nullptr;
        end_prop();
        break;
      case Kind::kNative:
        --suppress_;
        break;
      case Kind::kTu:
        end_tu();
        break;
      case Kind::kTmx:
        if (!seen_header_) throw at_root("not a TMX document: <tmx> has no <header>");
        if (!seen_body_) throw at_root("not a TMX document: <tmx> has no <body>");
        break;
      default:
        break;
    }
  }

  void text(const XML_Char* data, int length) {
    if (capture_ == nullptr || suppress_ > 0) return;
    unit_bytes_ += static_cast<std::size_t>(length);
    if (unit_bytes_ > kMaxUnitBytes)
      throw here("a <tu> holding more than " + std::to_string(kMaxUnitBytes >> 20) +
                 " MiB of text: not a translation unit");
    capture_->append(data, static_cast<std::size_t>(length));
  }

  // A reference to an entity declared in an external DTD, which is never read: kept as written.
  void skipped_entity(const XML_Char* name, int is_parameter_entity) {
    if (is_parameter_entity == 0)
      text(("&" + std::string(name) + ";").c_str(), static_cast<int>(std::strlen(name) + 2));
  }

  // Refuses a reference to an external entity (a file or URL a document names is never read).
  static int XMLCALL external_entity(XML_Parser xml, const XML_Char*, const XML_Char*,
                                     const XML_Char* system_id, const XML_Char*) {
    auto* self = static_cast<Impl*>(XML_GetUserData(xml));
    if (!self->handler_failure_)
      self->handler_failure_ = std::make_exception_ptr(self->here(
          "a reference to the external entity \"" + std::string(system_id ? system_id : "") +
          "\": tmalign never reads files or URLs a document names"));
    return XML_STATUS_ERROR;
  }

  // --- Units ---

  static std::string_view attribute(const XML_Char** attributes, const char* name) {
    for (; attributes[0] != nullptr; attributes += 2)
      if (same_name(attributes[0], name)) return attributes[1];
    return {};
  }

  // Reads a creationdate, creationid, changedate or changeid attribute into `dates` (those of a
  // <tu> or a <tuv>); false for any other attribute.
  template <typename Dates>
  bool read_date_attribute(std::string_view name, std::string_view value, Dates& dates) {
    if (name == "creationid") {
      dates.created_by = value;
    } else if (name == "changeid") {
      dates.changed_by = value;
    } else if (name == "creationdate" || name == "changedate") {
      std::optional<TimeFields> time = parse_time(value, kTmxDateForm);
      if (!time) time = parse_time(value, kIsoDateForm);
      if (!time)
        throw here(std::string(name) + " \"" + std::string(value) +
                   "\" is not a UTC time of the form YYYYMMDDThhmmssZ (TMX) or "
                   "YYYY-MM-DDThh:mm:ssZ");
      (name == "creationdate" ? dates.created_at : dates.changed_at) =
          format_time(*time, /*tmx_form=*/false);
    } else {
      return false;
    }
    return true;
  }

  void start_tu(const XML_Char** attributes) {
    unit_ = TranslationUnit{};
    tuv_count_ = 0;
    unit_bytes_ = 0;
    tu_context_before_.reset();
    tu_context_after_.reset();
    tmalign_context_.reset();
    for (; attributes[0] != nullptr; attributes += 2)
      read_date_attribute(attributes[0], attributes[1], unit_);
  }

  // Starts reading a <tuv>; false (it is ignored) when it names no language.
  bool start_tuv(const XML_Char** attributes) {
    std::string_view lang, old_lang;
    bool has_xml_lang = false;
    if (tuv_count_ == tuvs_.size()) tuvs_.emplace_back();
    Tuv& tuv = tuvs_[tuv_count_];
    tuv.created_at.clear();
    tuv.created_by.clear();
    tuv.changed_at.clear();
    tuv.changed_by.clear();
    for (; attributes[0] != nullptr; attributes += 2) {
      const XML_Char* name = attributes[0];
      if (same_name(name, "xml:lang")) {
        lang = attributes[1];
        has_xml_lang = true;
      } else if (same_name(name, "lang")) {  // TMX 1.1 and 1.2
        old_lang = attributes[1];
      } else {
        read_date_attribute(name, attributes[1], tuv);
      }
    }
    if (!has_xml_lang) lang = old_lang;
    if (lang.empty()) return false;
    tuv.lang = lang;
    tuv.text.clear();
    tuv.has_seg = false;
    tuv.context_before.reset();
    tuv.context_after.reset();
    ++tuv_count_;
    return true;
  }

  // Starts reading a <prop> of a <tu> or <tuv>; false (it is ignored) for a type not read there.
  bool start_prop(const XML_Char** attributes, bool in_tuv) {
    const std::string_view type = attribute(attributes, "type");
    if (type == "x-context-pre") {
      prop_ = Prop::kContextPre;
    } else if (type == "x-context-post") {
      prop_ = Prop::kContextPost;
    } else if (in_tuv) {
      return false;
    } else if (type == "x-document") {
      prop_ = Prop::kDocument;
    } else if (type == "x-position") {
      prop_ = Prop::kPosition;
    } else if (type == "x-score") {
      prop_ = Prop::kScore;
    } else if (type == "x-tmalign-context") {
      prop_ = Prop::kTmalignContext;
    } else {
      return false;
    }
    prop_in_tuv_ = in_tuv;
    prop_line_ = XML_GetCurrentLineNumber(xml_);
    prop_column_ = XML_GetCurrentColumnNumber(xml_) + 1;
    prop_text_.clear();
    capture_ = &prop_text_;
    return true;
  }

  void end_prop() {
    const std::string& value = prop_text_;
    const char* first = value.data();
    const char* last = value.data() + value.size();
    const auto error = [&](const std::string& message) {
      return InputError(message, file_, prop_line_, prop_column_);
    };
    switch (prop_) {
      case Prop::kDocument:
        unit_.document = value;
        break;
      case Prop::kPosition: {
        const auto [end, ec] = std::from_chars(first, last, unit_.position);
        if (ec != std::errc() || end != last || unit_.position < 0)
          throw error("x-position \"" + value + "\" is not a non-negative integer");
        break;
      }
      case Prop::kScore: {
        const auto [end, ec] = std::from_chars(first, last, unit_.score);
        if (ec != std::errc() || end != last || !(unit_.score >= 0.0 && unit_.score <= 1.0))
          throw error("x-score \"" + value + "\" is not a number between 0 and 1");
        break;
      }
      case Prop::kTmalignContext:
        tmalign_context_ = parse_context(value);
        if (!tmalign_context_)
          throw error("x-tmalign-context \"" + value +
                      "\" is not two hashes of 16 hexadecimal digits each");
        break;
      case Prop::kContextPre:
      case Prop::kContextPost: {
        const std::uint64_t hash = context_hash(context_text(value));
        const bool before = prop_ == Prop::kContextPre;
        if (prop_in_tuv_)
          (before ? tuvs_[tuv_count_ - 1].context_before : tuvs_[tuv_count_ - 1].context_after) =
              hash;
        else
          (before ? tu_context_before_ : tu_context_after_) = hash;
        break;
      }
    }
  }

  // Makes the unit of the <tu> just read, unless it lacks a source or a target or one is blank.
  void end_tu() {
    Tuv* source = nullptr;
    const std::size_t count = tuv_count_;
    if (srclang_ == "*all*") {
      if (count > 0) source = &tuvs_[0];
    } else {
      for (std::size_t i = 0; i < count && source == nullptr; ++i)
        if (equal_ignoring_case(tuvs_[i].lang, srclang_)) source = &tuvs_[i];
      for (std::size_t i = 0; i < count && source == nullptr; ++i)
        if (primary_language(tuvs_[i].lang) == srclang_primary_) source = &tuvs_[i];
    }
    if (source == nullptr) return;
    Tuv* target = nullptr;
    for (std::size_t i = 0; i < count && target == nullptr; ++i)
      if (!equal_ignoring_case(tuvs_[i].lang, source->lang)) target = &tuvs_[i];
    if (target == nullptr || only_white_space(source->text) || only_white_space(target->text))
      return;

    TranslationUnit& unit = unit_;
    unit.source_lang = language(source->lang);
    unit.target_lang = language(target->lang);
    // Dates and creators: the target <tuv>'s (the translation's, as OmegaT writes them), else
    // the source <tuv>'s, else the <tu>'s (as Trados and memoQ write them).
    const auto take = [&](std::string Tuv::*from, std::string TranslationUnit::*to) {
      const std::string& value = !(target->*from).empty() ? target->*from : source->*from;
      if (!value.empty()) unit.*to = value;
    };
    take(&Tuv::created_at, &TranslationUnit::created_at);
    take(&Tuv::created_by, &TranslationUnit::created_by);
    take(&Tuv::changed_at, &TranslationUnit::changed_at);
    take(&Tuv::changed_by, &TranslationUnit::changed_by);
    if (tmalign_context_) {
      std::tie(unit.context_before, unit.context_after) = *tmalign_context_;
    } else {
      if (auto before = source->context_before ? source->context_before : tu_context_before_)
        unit.context_before = *before;
      if (auto after = source->context_after ? source->context_after : tu_context_after_)
        unit.context_after = *after;
    }
    unit.source = std::move(source->text);
    unit.target = std::move(target->text);
    deliver(std::move(unit));
  }

  // normalize_language_tag() of a <tuv>'s language, remembered: a TMX names few languages.
  const std::string& language(const std::string& lang) {
    for (const auto& [written, normal] : languages_)
      if (written == lang) return normal;
    if (languages_.size() >= 16) languages_.clear();
    languages_.emplace_back(lang, normalize_language_tag(lang));
    return languages_.back().second;
  }

  void deliver(TranslationUnit&& unit) {
    if (batch_->size() < max_units_)
      batch_->push_back(std::move(unit));
    else
      overflow_.push_back(std::move(unit));
    if (batch_->size() >= max_units_ && !stopping_) {
      stopping_ = true;
      XML_StopParser(xml_, XML_TRUE);
    }
  }

  InputError at_root(const std::string& message) const {
    return InputError(message, file_, root_line_, root_column_);
  }

  // The input.
  std::string file_;
  int fd_;                   // the file read, or -1 for memory_
  std::string_view memory_;  // the document when it is held in memory
  std::uint64_t total_;      // its size; 0 when unknown
  std::uint64_t fed_ = 0;    // bytes handed to expat
  XML_Parser xml_ = nullptr;

  // The parse.
  bool final_ = false;      // the end of the input was handed to expat
  bool suspended_ = false;  // expat stopped after a full batch, to be resumed
  bool stopping_ = false;   // XML_StopParser() was called in this run of expat
  bool done_ = false;
  std::exception_ptr handler_failure_;  // what a callback threw
  std::exception_ptr failure_;          // what next() threw, thrown again
  std::vector<Kind> kinds_;
  std::string* capture_ = nullptr;
  int suppress_ = 0;
  XML_Size root_line_ = 0, root_column_ = 0;

  // The document.
  bool seen_header_ = false, seen_body_ = false;
  std::string srclang_, srclang_primary_;
  std::vector<std::pair<std::string, std::string>> languages_;

  // The <tu> being read.
  TranslationUnit unit_;   // its props and attributes so far
  std::vector<Tuv> tuvs_;  // its <tuv>s with a language: the first tuv_count_
  std::size_t tuv_count_ = 0;
  std::size_t unit_bytes_ = 0;  // the text captured in it
  std::optional<std::uint64_t> tu_context_before_, tu_context_after_;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> tmalign_context_;
  Prop prop_ = Prop::kDocument;  // the <prop> being read
  bool prop_in_tuv_ = false;
  std::string prop_text_;
  XML_Size prop_line_ = 0, prop_column_ = 0;

  // The batch being filled, and the units a callback made after it was full.
  std::vector<TranslationUnit>* batch_ = nullptr;
  std::size_t max_units_ = 0;
  std::deque<TranslationUnit> overflow_;
};

void TmxWriteOptions::validate() const {
  if (!source_lang.empty() && source_lang != "*all*" && !is_language_tag(source_lang))
    throw OptionError("TMX source language \"" + source_lang + "\" is not a BCP 47 tag");
  if (creation_tool.empty() || xml_text(creation_tool) != creation_tool)
    throw OptionError("TMX creation tool \"" + creation_tool +
                      "\" must be non-empty and hold no control characters");
  if (!creation_date.empty() && !parse_time(creation_date, kTmxDateForm))
    throw OptionError("TMX creation date \"" + creation_date +
                      "\" is not in the form YYYYMMDDThhmmssZ");
}

TmxWriter::TmxWriter(std::ostream& out, TmxWriteOptions options)
    : out_(out), options_(std::move(options)) {
  options_.validate();
}

// The document up to <body>, as pugixml prints it with two-space indents.
void TmxWriter::start(const std::string& srclang) {
  pugi::xml_document doc;
  pugi::xml_node header = doc.append_child("header");
  header.append_attribute("creationtool") = options_.creation_tool.c_str();
  header.append_attribute("creationtoolversion") = TMALIGN_VERSION;
  header.append_attribute("segtype") = "sentence";
  header.append_attribute("o-tmf") = "tmalign";
  header.append_attribute("adminlang") = "en";
  header.append_attribute("srclang") = srclang.c_str();
  header.append_attribute("datatype") = "plaintext";
  header.append_attribute("creationdate") =
      (options_.creation_date.empty() ? utc_now() : options_.creation_date).c_str();
  out_ << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
       << "<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">\n"
       << "<tmx version=\"1.4\">\n";
  header.print(out_, "  ", pugi::format_indent, pugi::encoding_utf8, 1);
  started_ = true;
}

void TmxWriter::write(const TranslationUnit& unit) {
  if (finished_) throw Error("TMX writer: a unit written after finish()");
  check_unit(unit, units_);
  if (!started_) {
    start(options_.source_lang.empty() ? unit.source_lang : options_.source_lang);
    out_ << "  <body>\n";
  }
  // One <tu> a time: pugixml escapes it and indents it as it would inside the whole document.
  pugi::xml_document doc;
  pugi::xml_node tu = doc.append_child("tu");
  add_date(tu, "creationdate", unit.created_at);
  add_user(tu, "creationid", unit.created_by);
  add_date(tu, "changedate", unit.changed_at);
  add_user(tu, "changeid", unit.changed_by);
  if (!unit.document.empty()) add_prop(tu, "x-document", unit.document);
  if (unit.position >= 0) add_prop(tu, "x-position", std::to_string(unit.position));
  add_prop(tu, "x-score", format_score(unit.score));
  if (unit.context_before != 0 || unit.context_after != 0)
    add_prop(tu, "x-tmalign-context",
             format_hash(unit.context_before) + " " + format_hash(unit.context_after));
  add_tuv(tu, unit.source_lang, unit.source);
  add_tuv(tu, unit.target_lang, unit.target);
  tu.print(out_, "  ", pugi::format_indent, pugi::encoding_utf8, 2);
  ++units_;
}

void TmxWriter::finish() {
  if (finished_) throw Error("TMX writer: finish() called twice");
  if (!started_) {
    start(options_.source_lang.empty() ? "*all*" : options_.source_lang);
    out_ << "  <body />\n";
  } else {
    out_ << "  </body>\n";
  }
  out_ << "</tmx>\n";
  finished_ = true;
}

void write_tmx(std::ostream& out, const std::vector<TranslationUnit>& units,
               const TmxWriteOptions& options) {
  options.validate();
  // Every unit is checked before anything is written: a bad one leaves `out` untouched.
  for (std::size_t i = 0; i < units.size(); ++i) check_unit(units[i], i);
  TmxWriter writer(out, options);
  for (const TranslationUnit& unit : units) writer.write(unit);
  writer.finish();
}

namespace {

// Opens the file TmxReader reads: its descriptor and its size in bytes (0 when unknown).
std::pair<int, std::uint64_t> open_input(const std::string& path) {
  const int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(std::string("cannot open: ") + std::strerror(errno), path);
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    if (fd > 0) ::close(fd);
    throw InputError("is a directory, not a text file", path);
  }
  if (!S_ISREG(st.st_mode)) return {fd, 0};
  const off_t at = ::lseek(fd, 0, SEEK_CUR);  // standard input may be read from part-way
  return {fd, static_cast<std::uint64_t>(st.st_size - (at > 0 ? at : 0))};
}

std::vector<TranslationUnit> read_all(TmxReader& reader) {
  std::vector<TranslationUnit> units, batch;
  while (reader.next(batch, 4096) > 0)
    units.insert(units.end(), std::make_move_iterator(batch.begin()),
                 std::make_move_iterator(batch.end()));
  return units;
}

}  // namespace

TmxReader::TmxReader(const std::string& path) {
  const auto [fd, total] = open_input(path);
  try {
    impl_ = std::make_unique<Impl>(path == "-" ? "<stdin>" : path, fd, std::string_view(), total);
  } catch (...) {
    if (fd > 0) ::close(fd);
    throw;
  }
}

TmxReader::TmxReader(std::string_view xml, std::string file)
    : impl_(std::make_unique<Impl>(std::move(file), -1, xml, xml.size())) {}

TmxReader::~TmxReader() = default;
TmxReader::TmxReader(TmxReader&&) noexcept = default;
TmxReader& TmxReader::operator=(TmxReader&&) noexcept = default;

std::size_t TmxReader::next(std::vector<TranslationUnit>& batch, std::size_t max_units) {
  return impl_->next(batch, max_units);
}

std::uint64_t TmxReader::bytes_read() const { return impl_->bytes_read(); }
std::uint64_t TmxReader::total_bytes() const { return impl_->total_bytes(); }
const std::string& TmxReader::file() const { return impl_->file(); }

std::vector<TranslationUnit> read_tmx(std::string_view xml, const std::string& file) {
  TmxReader reader(xml, file);
  return read_all(reader);
}

std::vector<TranslationUnit> read_tmx_file(const std::string& path) {
  TmxReader reader(path);
  return read_all(reader);
}

}  // namespace tmalign
