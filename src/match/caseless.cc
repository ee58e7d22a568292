// The canonical caseless form of match_tokens(): a general pipeline of ICU calls and a table-driven
// fast path for texts made of simple code points, which gives the same string. (Through
// Boost.Locale, which converts to and from UTF-8 at every step, the general pipeline took 2.7 times
// as long; tests/match/fuzzy_test.cc keeps that version as the reference of match_tokens().)
#include "match/caseless.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <array>
#include <atomic>
#include <climits>
#include <cstdint>
#include <mutex>

#include "core/icu.h"

namespace tmalign::detail {
namespace {

UChar* data(std::u16string& s) { return reinterpret_cast<UChar*>(s.data()); }
const UChar* data(std::u16string_view s) { return reinterpret_cast<const UChar*>(s.data()); }
int32_t length(std::u16string_view s) { return static_cast<int32_t>(s.size()); }

// out = `form` of in; a copy when in is already in that form (the usual case for NFC).
void normalise(const UNormalizer2* form, std::u16string_view in, std::u16string& out) {
  UErrorCode status = U_ZERO_ERROR;
  const int32_t normal = unorm2_spanQuickCheckYes(form, data(in), length(in), &status);
  check_icu(status, "check a text's normalisation");
  if (normal == length(in)) {
    out = in;
    return;
  }
  for (std::size_t room = in.size() * 2 + 16;; room *= 2) {
    out.resize(room);
    status = U_ZERO_ERROR;
    const int32_t written =
        unorm2_normalize(form, data(in), length(in), data(out), length(out), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    check_icu(status, "normalise a text");
    out.resize(static_cast<std::size_t>(written));
    return;
  }
}

// out = full case folding of in (CaseFolding.txt, statuses C and F, no Turkic mappings).
void fold_case(std::u16string_view in, std::u16string& out) {
  for (std::size_t room = in.size() + 16;; room *= 2) {
    out.resize(room);
    UErrorCode status = U_ZERO_ERROR;
    const int32_t written = u_strFoldCase(data(out), length(out), data(in), length(in),
                                          U_FOLD_CASE_DEFAULT, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    check_icu(status, "fold a text's case");
    out.resize(static_cast<std::size_t>(written));
    return;
  }
}

const UNormalizer2* instance(const UNormalizer2* (*get)(UErrorCode*)) {
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* form = get(&status);
  check_icu(status, "load ICU's normalisation data");
  return form;
}

// ---------------------------------------------------------------------------------------------
// The fast path, and why it gives the same string.
//
// Write caseless(X) = NFC(fold(NFD(X))) (Unicode 15, §3.13, D145 with NFC last). A BMP code point
// c, not a surrogate, is *simple* when all of these hold (every property read from ICU's data):
//   (1) ccc(c) = 0 and NFC_Quick_Check(c) = Yes;
//   (2) the first code point of NFD(c) has ccc = 0;
//   (3) the first code point s of NFD(fold(NFD(c))) has ccc = 0 and NFC_Quick_Check = Yes;
//   (4) caseless(c), by the general pipeline, is one UTF-16 unit f (not a surrogate) with
//       ccc(f) = 0 and NFC_Quick_Check(f) = Yes.
// Claim: for a text X = c1 c2 ... cn of simple code points, caseless(X) = f(c1) f(c2) ... f(cn).
//
// a. NFD(X) = NFD(c1) ... NFD(cn). NFD is the full canonical decomposition of each code point
//    followed by the Canonical Ordering Algorithm (Unicode 15, §3.11, D108-D109), which only
//    swaps adjacent pairs of non-starters (ccc(A) > ccc(B) > 0). By (2) every NFD(ci) begins with
//    a starter, so no swap crosses from one NFD(ci) to the next, and each NFD(ci) is already in
//    canonical order.
// b. fold(NFD(c1) ... NFD(cn)) = fold(NFD(c1)) ... fold(NFD(cn)) = Y1 ... Yn: full case folding
//    (CaseFolding.txt, statuses C and F, as u_strFoldCase with U_FOLD_CASE_DEFAULT) maps each code
//    point on its own, without context, and never to the empty string.
// c. NFD(Y1 ... Yn) = NFD(Y1) ... NFD(Yn) = D1 ... Dn, as in (a), since by (3) each Di begins
//    with a starter.
// d. NFC(Y1 ... Yn) is the Canonical Composition Algorithm (§3.11, D117) applied to D1 ... Dn:
//    from left to right, each character C is composed with the last starter (D107) L before it
//    when C is not blocked from L (D115) and <L, C> has a primary composite (D114). Take the
//    characters of Di: its first, s, is a starter with NFC_Quick_Check = Yes (3); a character
//    that can be the second of a primary composite's pair has NFC_QC = Maybe (UAX #15, §9,
//    Detecting Normalization Forms), so s composes with nothing before it.
//    Every later character of Di has s or a later starter of Di as its last starter L, and what
//    lies between L and it lies in Di. So Di composes exactly as it would alone, into
//    NFC(Yi) = caseless(ci) = f(ci), whatever came before. By induction on i,
//    NFC(Y1 ... Yn) = f(c1) ... f(cn).
// Condition (1) and the tests of ccc(f) and NFC_QC(f) in (4) are not needed by the argument; they
// keep the class small and plainly safe. That f is one unit is needed by the fast path, which
// writes one unit per code point (so its result never outgrows the input's UTF-8 bytes). ICU's
// normalisers implement these same algorithms (they pass the Unicode NormalizationTest.txt),
// and the table is built from the very ICU data the general pipeline uses, so the two cannot
// disagree by version. tests/match/caseless_test.cc checks every simple code point, and many
// random texts, against the general pipeline.
//
// Any other text (a combining mark, a conjoining jamo, a supplementary-plane character, ß or ﬁ
// whose fold is longer, invalid UTF-8 ...) takes the general pipeline unchanged.
// ---------------------------------------------------------------------------------------------

// A table entry for a code point that is not simple: a lone surrogate, which (4) excludes as f.
constexpr char16_t kNotSimple = 0xD800;

bool nfc_stable_starter(UChar32 c) {
  return u_getCombiningClass(c) == 0 &&
         u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES;
}

UChar32 first_code_point(std::u16string_view s) {
  if (s.empty()) return U_SENTINEL;
  UChar32 c = 0;
  U16_GET(data(s), 0, 0, length(s), c);
  return c;
}

bool no_decomposition_and_folds_to_itself(const UNormalizer2* nfd, char16_t c) {
  UChar buffer[8];
  UErrorCode status = U_ZERO_ERROR;
  if (unorm2_getRawDecomposition(nfd, c, buffer, 8, &status) >= 0) return false;
  status = U_ZERO_ERROR;
  const int32_t written = u_strFoldCase(buffer, 8, &c, 1, U_FOLD_CASE_DEFAULT, &status);
  check_icu(status, "fold a code point's case");
  return written == 1 && buffer[0] == c;
}

// f for a BMP code point c (not a surrogate) when c is simple, else kNotSimple.
char16_t simple_caseless(char16_t c, const UNormalizer2* nfd, Caseless& pipeline) {
  if (!nfc_stable_starter(c)) return kNotSimple;  // (1)
  if (no_decomposition_and_folds_to_itself(nfd, c)) {
    // Then NFD(c) = c = fold(c), and NFC(c) = c as NFC_QC(c) = Yes: (2) to (4) follow from (1)
    // with f = c. Ideographs, most symbols and unassigned code points are decided here.
    return c;
  }
  const std::u16string_view alone(&c, 1);
  std::u16string decomposed, folded, redecomposed;
  normalise(nfd, alone, decomposed);
  if (u_getCombiningClass(first_code_point(decomposed)) != 0) return kNotSimple;  // (2)
  fold_case(decomposed, folded);
  normalise(nfd, folded, redecomposed);
  if (!nfc_stable_starter(first_code_point(redecomposed))) return kNotSimple;  // (3)
  const std::u16string& f = pipeline.slow_utf16(alone);
  if (f.size() != 1 || U16_IS_SURROGATE(f[0]) || !nfc_stable_starter(f[0])) return kNotSimple;  // (4)
  return f[0];
}

// BMP code point -> f, or kNotSimple, built a block of 256 code points at a time on first use:
// the whole table takes about 9 ms to build (mostly the Hangul syllables), as long as a cold
// `tmalign query` otherwise takes, while Russian and English texts use four or five blocks. One
// per process (simple_table()); each Caseless keeps the pointers of the blocks it has used, so
// that its fast path reads them without atomic loads.
// Invariant: a block's entries are written before its pointer is published (release), and
// readers load the pointer with acquire, so a published block is complete for every thread.
class SimpleTable {
 public:
  // The entries of code points 256·high ... 256·high + 255.
  const char16_t* block(std::size_t high) {
    const char16_t* entries = ready_[high].load(std::memory_order_acquire);
    return entries != nullptr ? entries : build(high);
  }

 private:
  const char16_t* build(std::size_t high) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const char16_t* entries = ready_[high].load(std::memory_order_acquire)) return entries;
    std::array<char16_t, 256>& entries = entries_[high];
    Caseless pipeline;
    const UNormalizer2* nfd = instance(unorm2_getNFDInstance);
    for (std::size_t low = 0; low < 256; ++low) {
      const auto c = static_cast<char16_t>(high << 8 | low);
      entries[low] = U16_IS_SURROGATE(c) ? kNotSimple : simple_caseless(c, nfd, pipeline);
    }
    ready_[high].store(entries.data(), std::memory_order_release);
    return entries.data();
  }

  std::array<std::atomic<const char16_t*>, 256> ready_{};  // null until the block is built
  std::array<std::array<char16_t, 256>, 256> entries_{};
  std::mutex mutex_;
};

// Made on first use; a function-local static, so that first use is thread-safe.
SimpleTable& simple_table() {
  static SimpleTable table;
  return table;
}

}  // namespace

bool is_simple(char16_t c) { return simple_table().block(c >> 8)[c & 0xFF] != kNotSimple; }

Caseless::Caseless()
    : nfd_(instance(unorm2_getNFDInstance)), nfc_(instance(unorm2_getNFCInstance)) {}

const std::u16string& Caseless::operator()(std::string_view text) {
  if (const std::u16string* fast = fast_or_null(text)) return *fast;
  return slow(text);
}

const std::u16string* Caseless::fast_or_null(std::string_view text) {
  if (text.size() > INT32_MAX) return nullptr;
  SimpleTable& table = simple_table();
  // Every simple code point takes 1 to 3 bytes of UTF-8 and gives one UTF-16 unit.
  if (fast_.size() < text.size()) fast_.resize(text.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  char16_t* out = fast_.data();
  for (int32_t i = 0; i < size;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, size, c);  // c < 0 for an invalid sequence
    if (c < 0 || c > 0xFFFF) return nullptr;
    const auto high = static_cast<std::size_t>(c) >> 8;
    const char16_t* block = blocks_[high];
    if (block == nullptr) block = blocks_[high] = table.block(high);
    const char16_t f = block[c & 0xFF];
    if (f == kNotSimple) return nullptr;
    *out++ = f;
  }
  fast_.resize(static_cast<std::size_t>(out - fast_.data()));
  return &fast_;
}

const std::u16string& Caseless::slow(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  int32_t written = 0;
  a_.resize(text.size() + 1);  // UTF-16 never needs more units than UTF-8 has bytes
  u_strFromUTF8WithSub(data(a_), length(a_), &written, text.data(),
                       static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
  check_icu(status, "convert UTF-8 text to UTF-16");
  a_.resize(static_cast<std::size_t>(written));
  return slow_from_a();
}

const std::u16string& Caseless::slow_utf16(std::u16string_view text) {
  a_.assign(text);
  return slow_from_a();
}

const std::u16string& Caseless::slow_from_a() {
  normalise(nfd_, a_, b_);
  fold_case(b_, a_);
  normalise(nfc_, a_, b_);
  return b_;
}

}  // namespace tmalign::detail
