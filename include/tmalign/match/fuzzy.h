// Fuzzy match scores as CAT tools compute them; the definition is in docs/matching.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tmalign {

/// The tokens a match score compares: the words and numbers of `text` (ICU word boundaries),
/// Unicode-normalised (NFC) and case-folded; punctuation and white space are not tokens.
std::vector<std::string> match_tokens(std::string_view text);

/// Word-level Levenshtein distance: insertions, deletions and substitutions of whole tokens.
std::size_t token_distance(const std::vector<std::string>& a, const std::vector<std::string>& b);

/// Fuzzy match score in percent between a query and a stored source:
///   100 · (1 − distance / max(n, m)), rounded down, over match_tokens();
/// 100 only when the two texts are equal after white-space normalisation; texts whose tokens are
/// equal but that differ in case or punctuation score 99. Two texts without tokens score 0.
int fuzzy_score(std::string_view query, std::string_view stored);

/// The same score from precomputed tokens (query_tokens = match_tokens(query) ...).
int fuzzy_score(std::string_view query, const std::vector<std::string>& query_tokens,
                std::string_view stored, const std::vector<std::string>& stored_tokens);

}  // namespace tmalign
