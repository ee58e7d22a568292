// Fuzzy match scores as CAT tools compute them; the definition is in docs/matching.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tmalign/core/text.h"

namespace tmalign {

/// The tokens a match score compares: the words and numbers of `text` (ICU word boundaries),
/// Unicode-normalised (NFC) and case-folded; punctuation and white space are not tokens.
std::vector<std::string> match_tokens(std::string_view text);

/// Word-level Levenshtein distance: insertions, deletions and substitutions of whole tokens.
std::size_t token_distance(const std::vector<std::string>& a, const std::vector<std::string>& b);

/// The same distance over interned tokens (equal ids for equal tokens), by the same dynamic
/// programme; TokenPattern (token_pattern.h) is the fast way to compute it.
std::size_t token_distance(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);


/// Fuzzy match score in percent between a query and a stored source:
///   100 · (1 − distance / max(n, m)), rounded down, over match_tokens();
/// 100 only when the two texts are equal after white-space normalisation; texts whose tokens are
/// equal but that differ in case or punctuation score 99. Two texts without tokens score 0.
int fuzzy_score(std::string_view query, std::string_view stored);

/// The same score from precomputed tokens (query_tokens = match_tokens(query) ...).
int fuzzy_score(std::string_view query, const std::vector<std::string>& query_tokens,
                std::string_view stored, const std::vector<std::string>& stored_tokens);

/// fuzzy_score's rules from their parts: the token counts n and m, their token distance, and
/// whether the two texts are equal after normalise_white_space(). (Equal texts have equal
/// tokens, so `same_text` implies distance 0.)
int score_from_distance(std::size_t query_tokens, std::size_t stored_tokens, std::size_t distance,
                        bool same_text);

}  // namespace tmalign
