#include "formats/dictd_file.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <fstream>
#include <system_error>

#include "tmalign/core/error.h"

namespace tmalign::detail {
namespace {

namespace fs = std::filesystem;

// dictd's base64 digits (dictfmt's b64_encode): A-Z a-z 0-9 + /, value 0 to 63; -1 elsewhere.
constexpr std::array<signed char, 256> kDigitValue = [] {
  std::array<signed char, 256> value{};
  value.fill(-1);
  constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < kDigits.size(); ++i)
    value[static_cast<unsigned char>(kDigits[i])] = static_cast<signed char>(i);
  return value;
}();

std::string quoted(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out = "'";
  out += text.substr(0, kMax);
  if (text.size() > kMax) out += "...";
  return out + "'";
}

std::string read_whole_file(const fs::path& path, const std::string& what) {
  std::error_code error;
  if (!fs::is_regular_file(path, error))
    throw Error("cannot read " + what + " " + path.string() +
                (error ? ": " + error.message() : ": not a regular file"));
  const std::uintmax_t size = fs::file_size(path, error);
  if (error) throw Error("cannot read " + what + " " + path.string() + ": " + error.message());
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(text.data(), static_cast<std::streamsize>(size)))
    throw Error("cannot read " + what + " " + path.string());
  return text;
}

struct InflateEnd {
  z_stream* stream;
  ~InflateEnd() { inflateEnd(stream); }
};

// Inflates a whole gzip file (dictzip is gzip with a chunk table in the header's extra field,
// which a plain inflater skips). Several gzip members in a row are read one after another.
std::string gunzip(const std::string& compressed, const fs::path& file) {
  if (compressed.size() > UINT_MAX)
    throw Error("dictionary data " + file.string() + " is too large (over 4 GiB compressed)");
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK)  // 16: expect a gzip header and trailer
    throw Error("zlib failed to start inflating " + file.string());
  const InflateEnd end{&stream};
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());

  std::string out;
  // gzip's trailer holds the uncompressed size modulo 2^32: a hint, trusted only up to a sane
  // ratio.
  if (compressed.size() >= 18) {
    const auto* tail =
        reinterpret_cast<const unsigned char*>(compressed.data() + compressed.size() - 4);
    const std::size_t hint =
        tail[0] | (tail[1] << 8) | (tail[2] << 16) | (std::size_t{tail[3]} << 24);
    out.resize(std::min(hint, compressed.size() * 20) + 1);
  }
  std::size_t produced = 0;
  for (;;) {
    if (produced == out.size()) out.resize(std::max<std::size_t>(out.size() * 2, 1 << 16));
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, UINT_MAX));
    const uInt room = stream.avail_out;
    const int status = inflate(&stream, Z_NO_FLUSH);
    produced += room - stream.avail_out;
    if (status == Z_STREAM_END) {
      const auto* rest = stream.next_in;
      const bool only_padding =
          std::all_of(rest, rest + stream.avail_in, [](Bytef b) { return b == 0; });
      if (only_padding) break;
      if (inflateReset(&stream) != Z_OK) throw Error("zlib failed to reset on " + file.string());
      continue;
    }
    if (status == Z_OK) continue;
    if (status == Z_BUF_ERROR && stream.avail_in > 0) continue;  // out of room: grow and go on
    if (status == Z_BUF_ERROR)
      throw Error("dictionary data " + file.string() +
                  " is truncated (the gzip stream stops after " + std::to_string(produced) +
                  " bytes of text)");
    throw Error("dictionary data " + file.string() + " is not a valid gzip/dictzip file: " +
                (stream.msg != nullptr ? stream.msg : "zlib error " + std::to_string(status)));
  }
  out.resize(produced);
  return out;
}

fs::path find_data_file(const fs::path& index) {
  fs::path base = index;
  if (base.extension() == ".index") base.replace_extension();
  for (const char* extension : {".dict.dz", ".dict"}) {
    fs::path candidate = base;
    candidate += extension;
    std::error_code error;
    if (fs::exists(candidate, error)) return candidate;
  }
  throw Error("dictionary data for " + index.string() + " not found: neither " + base.string() +
              ".dict.dz nor " + base.string() + ".dict exists");
}

bool is_metadata(std::string_view headword) {
  return headword.starts_with("00-database") || headword.starts_with("00database");
}

}  // namespace

std::optional<std::uint64_t> decode_dictd_number(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : digits) {
    const int digit = kDigitValue[static_cast<unsigned char>(c)];
    if (digit < 0 || value > (std::uint64_t{1} << 57) - 1) return std::nullopt;  // < 2^63 after
    value = value * 64 + static_cast<std::uint64_t>(digit);
  }
  return value;
}

DictdDictionary DictdDictionary::open(const fs::path& index) {
  DictdDictionary dictionary;
  dictionary.index_file_ = index;
  dictionary.index_text_ = read_whole_file(index, "dictionary index");
  dictionary.data_file_ = find_data_file(index);
  std::string raw = read_whole_file(dictionary.data_file_, "dictionary data");
  dictionary.data_ = dictionary.data_file_.extension() == ".dz" ? gunzip(raw, dictionary.data_file_)
                                                                : std::move(raw);

  const std::string_view text = dictionary.index_text_;
  const std::string file = index.string();
  const std::uint64_t data_size = dictionary.data_.size();
  std::size_t line_number = 0;
  for (std::size_t begin = 0; begin < text.size();) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    const std::size_t line_begin = begin;
    begin = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.empty()) continue;

    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos)
      throw InputError("expected HEADWORD<TAB>OFFSET<TAB>LENGTH, found " + quoted(line), file,
                       line_number, 1);
    std::size_t tab3 = line.find('\t', tab2 + 1);  // a fourth field (dictfmt's original headword)
    if (tab3 == std::string_view::npos) tab3 = line.size();
    const std::string_view offset_digits = line.substr(tab1 + 1, tab2 - tab1 - 1);
    const std::string_view length_digits = line.substr(tab2 + 1, tab3 - tab2 - 1);
    const auto offset = decode_dictd_number(offset_digits);
    if (!offset)
      throw InputError("offset " + quoted(offset_digits) + " is not a dictd base64 number", file,
                       line_number, tab1 + 2);
    const auto length = decode_dictd_number(length_digits);
    if (!length)
      throw InputError("length " + quoted(length_digits) + " is not a dictd base64 number", file,
                       line_number, tab2 + 2);
    if (*offset > data_size || *length > data_size - *offset)
      throw InputError("entry " + quoted(line.substr(0, tab1)) + " (bytes " +
                           std::to_string(*offset) + " to " + std::to_string(*offset + *length) +
                           ") lies outside " + dictionary.data_file_.string() + " (" +
                           std::to_string(data_size) + " bytes)",
                       file, line_number, tab1 + 2);
    dictionary.entries_.push_back({line_begin, tab1, *offset, *length});
  }
  return dictionary;
}

void DictdDictionary::for_each(
    const std::function<void(std::string_view headword, std::string_view definition)>& visit)
    const {
  const std::string_view index = index_text_;
  const std::string_view data = data_;
  for (const Entry& entry : entries_) {
    const std::string_view headword = index.substr(entry.headword_begin, entry.headword_size);
    if (is_metadata(headword)) continue;
    visit(headword, data.substr(static_cast<std::size_t>(entry.offset),
                                static_cast<std::size_t>(entry.length)));
  }
}

}  // namespace tmalign::detail
