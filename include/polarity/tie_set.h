#pragma once
// The ties of a sparse world (scenario `network: {sparse: true}`): an undirected graph over N
// actors, stored as directed ties in compressed-row form so that the dyad arrays of a sparse
// State (State::tie) are vectors over ties, E = 2 x (number of undirected ties) long.
//
// Tie e = (i -> j) carries what the dense arrays hold at (i, j): S_ij, P_ij, A_ij, ... The
// ties of actor i are e in [first[i], first[i + 1]), their counterparts target[e] ascending,
// and reverse[e] is the tie (j -> i). There are no self-ties.

#include <cstddef>
#include <utility>
#include <vector>

namespace polarity {

struct TieSet {
  std::vector<int> first;    // N + 1 offsets
  std::vector<int> source;   // E: i of tie e
  std::vector<int> target;   // E: j of tie e, ascending within each actor
  std::vector<int> reverse;  // E: the tie (j -> i)

  int num_actors() const { return first.empty() ? 0 : static_cast<int>(first.size()) - 1; }
  int size() const { return static_cast<int>(target.size()); }  // directed ties, E
  // The ties of actor i are e in [begin(i), end(i)).
  int begin(std::ptrdiff_t i) const { return first[static_cast<std::size_t>(i)]; }
  int end(std::ptrdiff_t i) const { return first[static_cast<std::size_t>(i) + 1]; }
  int degree(std::ptrdiff_t i) const { return end(i) - begin(i); }

  // The tie (i -> j), or -1 when i and j are not tied. O(log degree).
  int Find(int i, int j) const;

  // The tie set of n actors from unordered pairs (either order, repeats allowed, i != j).
  // Throws std::invalid_argument for an index out of range or a self-pair.
  static TieSet FromPairs(int n, std::vector<std::pair<int, int>> pairs);
};

}  // namespace polarity
