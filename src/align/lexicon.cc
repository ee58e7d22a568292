#include "align/lexicon.h"

#include <algorithm>
#include <cstdint>

#include "tmalign/core/error.h"

namespace tmalign::align {
namespace {

Stemmer make_stemmer(const std::string& language) {
  return Stemmer::supports(language) ? Stemmer(language) : Stemmer::lower_case_only(language);
}

std::size_t hash_stem(std::string_view stem) {
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const char c : stem) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return static_cast<std::size_t>(hash ^ (hash >> 29));
}

}  // namespace

std::string_view Lexicon::StemTable::stem(std::uint32_t id) const {
  if (id >= ends_.size()) return {};
  const std::uint32_t begin = id == 0 ? 0 : ends_[id - 1];
  return std::string_view(bytes_).substr(begin, ends_[id] - begin);
}

// The slot holding `stem`, or the empty slot where it would go (slots_ is never full).
std::size_t Lexicon::StemTable::slot_of(std::string_view stem) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash_stem(stem) & mask;; slot = (slot + 1) & mask)
    if (slots_[slot] == kNone || this->stem(slots_[slot]) == stem) return slot;
}

std::uint32_t Lexicon::StemTable::find(std::string_view stem) const {
  if (slots_.empty()) return kNone;
  return slots_[slot_of(stem)];
}

std::uint32_t Lexicon::StemTable::intern(std::string_view stem) {
  if ((ends_.size() + 1) * 2 > slots_.size()) grow();  // load factor at most 1/2
  const std::size_t slot = slot_of(stem);
  if (slots_[slot] != kNone) return slots_[slot];
  if (bytes_.size() + stem.size() >= kNone || ends_.size() + 1 >= kNone)
    throw Error("lexicon is full: more than 4 GiB of stems");
  bytes_.append(stem);
  ends_.push_back(static_cast<std::uint32_t>(bytes_.size()));
  return slots_[slot] = static_cast<std::uint32_t>(ends_.size() - 1);
}

void Lexicon::StemTable::grow() {
  slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), kNone);
  for (std::uint32_t id = 0; id < ends_.size(); ++id) slots_[slot_of(stem(id))] = id;
}

std::size_t Lexicon::StemTable::memory_bytes() const {
  return bytes_.capacity() + ends_.capacity() * sizeof(std::uint32_t) +
         slots_.capacity() * sizeof(std::uint32_t);
}

Lexicon::Lexicon(const std::string& source_lang, const std::string& target_lang)
    : source_stemmer_(make_stemmer(source_lang)), target_stemmer_(make_stemmer(target_lang)) {}

void Lexicon::add_pair(std::string_view source_word, std::string_view target_word) {
  // A dictionary's pairs come headword by headword: stem a word again only when it changes.
  if (source_word != source_word_) {
    source_word_ = source_word;
    source_stemmer_.stem(source_word, source_buffer_);
  }
  if (target_word != target_word_) {
    target_word_ = target_word;
    target_stemmer_.stem(target_word, target_buffer_);
  }
  if (source_buffer_.empty() || target_buffer_.empty()) return;
  if (frozen_) {  // thaw: back to the list of pairs
    for (std::size_t s = 0; s + 1 < offsets_.size(); ++s)
      for (std::uint32_t k = offsets_[s]; k < offsets_[s + 1]; ++k)
        added_.push_back(std::uint64_t{s} << 32 | targets_[k]);
    offsets_ = {};
    targets_ = {};
    frozen_ = false;
  }
  const std::uint64_t source = source_.intern(source_buffer_);
  added_.push_back(source << 32 | target_.intern(target_buffer_));
}

void Lexicon::freeze() {
  if (frozen_) return;
  std::ranges::sort(added_);
  const auto [first, last] = std::ranges::unique(added_);
  added_.erase(first, last);
  offsets_.assign(source_.size() + 1, 0);
  targets_.resize(added_.size());
  for (std::size_t k = 0; k < added_.size(); ++k) {
    ++offsets_[(added_[k] >> 32) + 1];
    targets_[k] = static_cast<std::uint32_t>(added_[k] & 0xFFFFFFFFu);
  }
  for (std::size_t s = 1; s < offsets_.size(); ++s) offsets_[s] += offsets_[s - 1];
  added_ = {};
  frozen_ = true;
}

bool Lexicon::translates(std::string_view source_word, std::string_view target_word) const {
  const std::uint32_t source = source_id(source_stemmer_.stem(source_word));
  const std::uint32_t target = target_id(target_stemmer_.stem(target_word));
  if (source == kNone || target == kNone) return false;
  return std::ranges::binary_search(translations(source), target);
}

std::uint32_t Lexicon::source_id(std::string_view stem) const { return source_.find(stem); }

std::uint32_t Lexicon::target_id(std::string_view stem) const { return target_.find(stem); }

std::span<const std::uint32_t> Lexicon::translations(std::uint32_t source_id) const {
  if (!frozen_) throw Error("Lexicon::translations() called before freeze()");
  if (std::size_t{source_id} + 1 >= offsets_.size()) return {};
  return std::span<const std::uint32_t>(targets_).subspan(
      offsets_[source_id], offsets_[source_id + 1] - offsets_[source_id]);
}

std::size_t Lexicon::pairs() const { return frozen_ ? targets_.size() : added_.size(); }

std::size_t Lexicon::memory_bytes() const {
  return source_.memory_bytes() + target_.memory_bytes() +
         added_.capacity() * sizeof(std::uint64_t) +
         (offsets_.capacity() + targets_.capacity()) * sizeof(std::uint32_t);
}

}  // namespace tmalign::align
