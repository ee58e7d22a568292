// The canonical caseless form that match_tokens() compares (docs/matching.md). Private to
// src/match/: ICU types stay out of the public headers; tests/match/caseless_test.cc reaches in to
// compare the fast path with the general pipeline.
#pragma once

#include <unicode/unorm2.h>

#include <array>
#include <string>
#include <string_view>

namespace tmalign::detail {

/// The canonical caseless form of UTF-8 texts in UTF-16: NFC(fold_case(NFD(text))) (Unicode 15,
/// §3.13, D145, with NFC as the last step), with buffers reused from call to call. A text made
/// only of "simple" code points (is_simple(); caseless.cc says which and why) takes a fast path,
/// one table lookup per code point; any other text takes the general pipeline of ICU calls.
/// Invariant: both paths give the same string for every text they accept. Not safe to share
/// between threads: keep one per thread.
///   Caseless caseless;
///   const std::u16string& folded = caseless("Ёлка, STRASSE");  // u"ёлка, strasse"
///   // `folded` is valid until the next call on `caseless`
class Caseless {
 public:
  Caseless();

  /// The caseless form of `text` (invalid UTF-8 becomes U+FFFD), valid until the next call.
  const std::u16string& operator()(std::string_view text);

  /// The fast path alone: the caseless form of `text`, or nullptr when `text` is not valid UTF-8
  /// made only of simple code points. Valid until the next call.
  const std::u16string* fast_or_null(std::string_view text);

  /// The general pipeline alone: UTF-8 to UTF-16 (invalid UTF-8 becomes U+FFFD), NFD, full
  /// case folding, NFC. Valid until the next call.
  const std::u16string& slow(std::string_view text);

  /// The general pipeline on UTF-16 text. Valid until the next call.
  const std::u16string& slow_utf16(std::u16string_view text);

 private:
  const std::u16string& slow_from_a();  // NFC(fold(NFD(a_))) into b_

  const UNormalizer2* nfd_;
  const UNormalizer2* nfc_;
  std::u16string a_, b_;  // the general pipeline's buffers; b_ holds its result
  std::u16string fast_;   // the fast path's result
  std::array<const char16_t*, 256> blocks_{};  // the simple table's blocks used so far, or null
};

/// Whether the BMP code point `c` is simple: a text made only of simple code points has as its
/// caseless form the concatenation of theirs, each one UTF-16 unit (caseless.cc has the argument).
/// Computed from ICU's data once per process, 256 code points at a time, on first use.
bool is_simple(char16_t c);

}  // namespace tmalign::detail
