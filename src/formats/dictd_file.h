// Reading dictionaries in the dictd format (the DICT protocol's server, RFC 2229; `dictfmt`):
// a sorted index of "headword<TAB>offset<TAB>length" lines and a data file of entry texts, plain
// (.dict) or dictzip-compressed (.dict.dz, a gzip file that gzip and zlib read whole).
// Private to formats; the public way in is tmalign/formats/dictd.h.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tmalign::detail {

/// One dictd dictionary held in memory: the index and the whole uncompressed data file.
/// Invariant: every entry's byte range lies inside the data; open() checked each index line.
///
///   DictdDictionary mueller = DictdDictionary::open("/usr/share/dictd/mueller7.index");
///   mueller.for_each([](std::string_view headword, std::string_view definition) { ... });
class DictdDictionary {
 public:
  /// Reads `index` and the data file beside it (same name with .dict.dz, else .dict).
  /// Throws InputError(index file, line, column) on a malformed index line or an entry outside the
  /// data, and Error naming the file when a file cannot be read or the data is no valid gzip.
  static DictdDictionary open(const std::filesystem::path& index);

  /// Calls `visit` for every entry in index order, except the "00-database-..." metadata entries
  /// (`00database...` in newer dictfmt indexes). `definition` is the entry's text as stored: by
  /// dictd convention its first line repeats the headword. Views are valid during the call.
  void for_each(const std::function<void(std::string_view headword, std::string_view definition)>&
                    visit) const;

  /// Index entries, metadata included.
  std::size_t size() const { return entries_.size(); }
  const std::filesystem::path& index_file() const { return index_file_; }
  const std::filesystem::path& data_file() const { return data_file_; }

 private:
  struct Entry {
    std::size_t headword_begin;  // into index_text_
    std::size_t headword_size;
    std::uint64_t offset;  // into data_
    std::uint64_t length;
  };
  std::filesystem::path index_file_;
  std::filesystem::path data_file_;
  std::string index_text_;
  std::string data_;
  std::vector<Entry> entries_;
};

/// The number written in dictd's base64 digits ("A"-"Z" = 0-25, "a"-"z", "0"-"9", "+", "/" = 63;
/// most significant digit first): "B" = 1, "BA" = 64. Nothing when empty, on another character,
/// or when the value does not fit in 63 bits.
std::optional<std::uint64_t> decode_dictd_number(std::string_view digits);

}  // namespace tmalign::detail
