#include "align/lexical.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace tmalign::align {
namespace {

constexpr std::uint32_t kNoId = 0xFFFFFFFFu;

bool is_word_character(UChar32 c) {
  return u_isalpha(c) || u_charType(c) == U_NON_SPACING_MARK;
}

// One direction of IBM Model 1 on training pairs given as word ids: t(e | f) for the words f of
// one side (plus NULL) and e of the other. The co-occurring (f, e) pairs are numbered once; EM then
// runs over flat arrays.
class Model1 {
 public:
  // `pairs`: (words of the "from" side, words of the "to" side) for each training bead.
  Model1(const std::vector<std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>>>& pairs,
         std::size_t from_words) {
    const std::uint32_t null = static_cast<std::uint32_t>(from_words);
    std::unordered_map<std::uint64_t, std::uint32_t> index;
    for (const auto& [from, to] : pairs) {
      for (const std::uint32_t e : to) {
        const auto add = [&](std::uint32_t f) {
          const std::uint64_t key = (std::uint64_t{f} << 32) | e;
          const auto [it, inserted] = index.emplace(key, static_cast<std::uint32_t>(from_.size()));
          if (inserted) {
            from_.push_back(f);
            to_.push_back(e);
          }
          cells_.push_back(it->second);
        };
        add(null);
        for (const std::uint32_t f : from) add(f);
      }
      pair_sizes_.emplace_back(from.size() + 1, to.size());
    }
    // Uniform start: every cell of a "from" word equally likely.
    probability_.assign(from_.size(), 1.0);
    from_words_ = from_words + 1;
  }

  void train(std::size_t iterations) {
    std::vector<double> count(probability_.size());
    std::vector<double> total(from_words_);
    for (std::size_t it = 0; it < iterations; ++it) {
      std::fill(count.begin(), count.end(), 0.0);
      std::fill(total.begin(), total.end(), 0.0);
      std::size_t c = 0;
      for (const auto& [from_size, to_size] : pair_sizes_) {
        for (std::size_t e = 0; e < to_size; ++e, c += from_size) {
          double sum = 0.0;
          for (std::size_t k = 0; k < from_size; ++k) sum += probability_[cells_[c + k]];
          if (sum <= 0.0) continue;
          for (std::size_t k = 0; k < from_size; ++k) {
            const std::uint32_t cell = cells_[c + k];
            const double share = probability_[cell] / sum;
            count[cell] += share;
            total[from_[cell]] += share;
          }
        }
      }
      for (std::size_t cell = 0; cell < probability_.size(); ++cell)
        probability_[cell] = total[from_[cell]] > 0.0 ? count[cell] / total[from_[cell]] : 0.0;
    }
  }

  // For each "from" word (not NULL), its most probable "to" word and that probability.
  std::vector<std::pair<std::uint32_t, double>> best() const {
    std::vector<std::pair<std::uint32_t, double>> out(from_words_ - 1, {kNoId, 0.0});
    for (std::size_t cell = 0; cell < probability_.size(); ++cell) {
      const std::uint32_t f = from_[cell];
      if (f + 1 == from_words_) continue;  // NULL
      if (probability_[cell] > out[f].second) out[f] = {to_[cell], probability_[cell]};
    }
    return out;
  }

 private:
  std::vector<std::uint32_t> from_;   // cell -> "from" word (from_words = NULL)
  std::vector<std::uint32_t> to_;     // cell -> "to" word
  std::vector<double> probability_;   // cell -> t(to | from)
  std::vector<std::uint32_t> cells_;  // for each pair and "to" position: its from-side cells
  std::vector<std::pair<std::size_t, std::size_t>> pair_sizes_;  // (from words + 1, to words)
  std::size_t from_words_ = 0;        // including NULL
};

std::vector<std::uint32_t> bead_words(const StemmedText& text, const std::vector<std::size_t>& ids) {
  std::vector<std::uint32_t> words;
  for (const std::size_t k : ids) {
    const std::span<const std::uint32_t> s = text.sentence(k);
    words.insert(words.end(), s.begin(), s.end());
  }
  return words;
}

// Stems held by more than `share` of the sentences and by more than 3 of them.
std::vector<bool> too_common(const StemmedText& text, double share) {
  const double limit = std::max(3.0, share * static_cast<double>(text.sentences()));
  std::vector<bool> out(text.stems.size());
  for (std::size_t id = 0; id < out.size(); ++id)
    out[id] = static_cast<double>(text.sentences_with[id]) > limit;
  return out;
}

}  // namespace

StemmedText stem_sentences(const std::vector<std::string_view>& texts, const Stemmer& stemmer) {
  StemmedText out;
  std::unordered_map<std::string, std::uint32_t> form_ids;  // word as written -> stem id
  std::unordered_map<std::string, std::uint32_t> stem_ids;
  std::string stem;
  std::vector<std::uint32_t> seen;  // ids of the current sentence, for sentences_with
  for (const std::string_view text : texts) {
    seen.clear();
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    const auto size = static_cast<std::int32_t>(text.size());
    std::int32_t i = 0;
    while (i < size) {
      std::int32_t start = i;
      UChar32 c = 0;
      U8_NEXT(bytes, i, size, c);
      if (c < 0 || !u_isalpha(c)) continue;
      std::int32_t end = i;
      std::size_t letters = 1;
      while (end < size) {
        std::int32_t next = end;
        U8_NEXT(bytes, next, size, c);
        if (c < 0 || !is_word_character(c)) break;
        end = next;
        ++letters;
      }
      i = end;
      if (letters < 2) continue;
      const std::string_view form = text.substr(static_cast<std::size_t>(start),
                                                static_cast<std::size_t>(end - start));
      auto it = form_ids.find(std::string(form));
      if (it == form_ids.end()) {
        stemmer.stem(form, stem);
        if (stem.empty()) continue;
        const auto [s, inserted] =
            stem_ids.emplace(stem, static_cast<std::uint32_t>(out.stems.size()));
        if (inserted) {
          out.stems.push_back(stem);
          out.sentences_with.push_back(0);
        }
        it = form_ids.emplace(std::string(form), s->second).first;
      }
      out.ids.push_back(it->second);
      seen.push_back(it->second);
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (const std::uint32_t id : seen) ++out.sentences_with[id];
    out.offsets.push_back(out.ids.size());
  }
  return out;
}

void Translations::finish() {
  for (std::vector<std::uint32_t>& list : of_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
}

std::size_t Translations::pairs() const {
  std::size_t n = 0;
  for (const std::vector<std::uint32_t>& list : of_) n += list.size();
  return n;
}

Translations translations_from_lexicon(const StemmedText& source, const StemmedText& target,
                                       const Lexicon& lexicon) {
  // Lexicon target id -> this text's target id.
  std::unordered_map<std::uint32_t, std::uint32_t> target_of;
  for (std::uint32_t id = 0; id < target.stems.size(); ++id) {
    const std::uint32_t in_lexicon = lexicon.target_id(target.stems[id]);
    if (in_lexicon != Lexicon::kNone) target_of.emplace(in_lexicon, id);
  }
  Translations out(source.stems.size());
  for (std::uint32_t id = 0; id < source.stems.size(); ++id) {
    const std::uint32_t in_lexicon = lexicon.source_id(source.stems[id]);
    if (in_lexicon == Lexicon::kNone) continue;
    for (const std::uint32_t t : lexicon.translations(in_lexicon)) {
      const auto it = target_of.find(t);
      if (it != target_of.end()) out.add(id, it->second);
    }
  }
  out.finish();
  return out;
}

Translations learn_translations(const StemmedText& source, const StemmedText& target,
                                const Alignment& first_pass, const Model1Options& options) {
  // Confident beads: 1-1 beads between 1-1 beads (the first pass has no posteriors; a run of
  // 1-1 beads is where length and evidence agreed).
  const auto one_to_one = [&](std::size_t k) {
    return k >= first_pass.size() ||
           (first_pass[k].source.size() == 1 && first_pass[k].target.size() == 1);
  };
  std::vector<const Bead*> confident;
  for (std::size_t k = 0; k < first_pass.size(); ++k)
    if (one_to_one(k) && (k == 0 || one_to_one(k - 1)) && one_to_one(k + 1))
      confident.push_back(&first_pass[k]);
  const std::size_t step =
      std::max<std::size_t>(1, (confident.size() + options.max_beads - 1) / options.max_beads);
  std::vector<std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>>> forward;
  std::vector<std::pair<std::vector<std::uint32_t>, std::vector<std::uint32_t>>> backward;
  for (std::size_t k = 0; k < confident.size(); k += step) {
    std::vector<std::uint32_t> s = bead_words(source, confident[k]->source);
    std::vector<std::uint32_t> t = bead_words(target, confident[k]->target);
    forward.emplace_back(s, t);
    backward.emplace_back(std::move(t), std::move(s));
  }
  Translations out(source.stems.size());
  if (forward.empty()) {
    out.finish();
    return out;
  }
  Model1 source_to_target(forward, source.stems.size());
  Model1 target_to_source(backward, target.stems.size());
  source_to_target.train(options.iterations);
  target_to_source.train(options.iterations);
  // t(e | f) from the model that generates e from f: "forward" generates target words.
  const auto best_target = target_to_source.best();  // target word -> its likeliest source word
  const auto best_source = source_to_target.best();  // source word -> its likeliest target word
  for (std::uint32_t s = 0; s < best_source.size(); ++s) {
    const auto [t, p] = best_source[s];
    if (t == kNoId || p < options.min_probability) continue;
    if (best_target[t].first != s || best_target[t].second < options.min_probability) continue;
    if (source.sentences_with[s] < options.min_count || target.sentences_with[t] < options.min_count)
      continue;
    out.add(s, t);
  }
  out.finish();
  return out;
}

Translations merge(const Translations& a, const Translations& b) {
  Translations out(std::max(a.source_stems(), b.source_stems()));
  for (const Translations* side : {&a, &b})
    for (std::uint32_t s = 0; s < side->source_stems(); ++s)
      for (const std::uint32_t t : side->of(s)) out.add(s, t);
  out.finish();
  return out;
}

void add_lexical_evidence(const StemmedText& source, const StemmedText& target,
                          const Translations& translations,
                          std::vector<SentenceFeatures>& source_features,
                          std::vector<SentenceFeatures>& target_features,
                          double max_sentence_share, std::size_t max_translations) {
  const std::vector<bool> common_source = too_common(source, max_sentence_share);
  const std::vector<bool> common_target = too_common(target, max_sentence_share);
  std::vector<bool> translated(target.stems.size());
  for (std::uint32_t s = 0; s < translations.source_stems(); ++s)
    if (!common_source[s])
      for (const std::uint32_t t : translations.of(s)) translated[t] = !common_target[t];
  const auto key = [](std::uint32_t target_id) {
    return make_key(EvidenceKind::kLexical, target_id);
  };
  // Each source stem's rarest translations in the target text, at most max_translations: a rare
  // word found across a bead tells more than a frequent one, and the evidence stays small.
  std::vector<std::vector<std::uint32_t>> kept(translations.source_stems());
  for (std::uint32_t s = 0; s < translations.source_stems(); ++s) {
    if (common_source[s]) continue;
    for (const std::uint32_t t : translations.of(s))
      if (translated[t]) kept[s].push_back(t);
    std::stable_sort(kept[s].begin(), kept[s].end(), [&](std::uint32_t a, std::uint32_t b) {
      return target.sentences_with[a] < target.sentences_with[b];
    });
    if (kept[s].size() > max_translations) kept[s].resize(max_translations);
  }
  for (std::size_t k = 0; k < source.sentences() && k < source_features.size(); ++k) {
    std::vector<EvidenceKey>& out = source_features[k].evidence;
    for (const std::uint32_t s : source.sentence(k))
      for (const std::uint32_t t : kept[s]) out.push_back(key(t));
    std::sort(out.begin(), out.end());
  }
  for (std::size_t k = 0; k < target.sentences() && k < target_features.size(); ++k) {
    std::vector<EvidenceKey>& out = target_features[k].evidence;
    for (const std::uint32_t t : target.sentence(k))
      if (translated[t]) out.push_back(key(t));
    std::sort(out.begin(), out.end());
  }
}

}  // namespace tmalign::align
