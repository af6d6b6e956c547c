#pragma once
// "Did you mean" suggestions for misspelt keys, ids and paths.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace polarity::loader {

// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
// neighbours each count 1), ignoring ASCII case.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if one is close enough to be a plausible misspelling:
// at most (longer length + 1) / 3 edits away (at least 1), and not further than `word` is
// long. Ties go to the earlier candidate.
std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'X'?" or "" when nothing is close.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace polarity::loader
