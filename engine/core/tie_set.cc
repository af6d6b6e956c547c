#include "polarity/tie_set.h"

#include <algorithm>
#include <stdexcept>

namespace polarity {

int TieSet::Find(int i, int j) const {
  if (i < 0 || i >= num_actors()) return -1;
  const auto begin = target.begin() + first[static_cast<std::size_t>(i)];
  const auto end = target.begin() + first[static_cast<std::size_t>(i) + 1];
  const auto it = std::lower_bound(begin, end, j);
  return it != end && *it == j ? static_cast<int>(it - target.begin()) : -1;
}

TieSet TieSet::FromPairs(int n, std::vector<std::pair<int, int>> pairs) {
  // Both directions of every pair, sorted by (source, target), repeats dropped.
  std::vector<std::pair<int, int>> directed;
  directed.reserve(2 * pairs.size());
  for (const auto& [i, j] : pairs) {
    if (i < 0 || j < 0 || i >= n || j >= n) throw std::invalid_argument("tie names an actor out of range");
    if (i == j) throw std::invalid_argument("an actor cannot be tied to itself");
    directed.emplace_back(i, j);
    directed.emplace_back(j, i);
  }
  pairs.clear();
  pairs.shrink_to_fit();
  std::sort(directed.begin(), directed.end());
  directed.erase(std::unique(directed.begin(), directed.end()), directed.end());

  TieSet ties;
  ties.first.assign(static_cast<std::size_t>(n) + 1, 0);
  ties.source.reserve(directed.size());
  ties.target.reserve(directed.size());
  for (const auto& [i, j] : directed) {
    ties.first[static_cast<std::size_t>(i) + 1] += 1;
    ties.source.push_back(i);
    ties.target.push_back(j);
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) ties.first[i + 1] += ties.first[i];
  ties.reverse.resize(directed.size());
  for (std::size_t e = 0; e < directed.size(); ++e) {
    ties.reverse[e] = ties.Find(ties.target[e], ties.source[e]);
  }
  return ties;
}

}  // namespace polarity
