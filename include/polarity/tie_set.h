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

// Calls visit(a, b) for every actor k tied to both i and j, in ascending k, with a the tie
// (i -> k) and b the tie (j -> k): a merge of the two sorted tie lists, O(deg i + deg j).
template <class Visit>
void ForCommonTies(const TieSet& ties, std::ptrdiff_t i, std::ptrdiff_t j, Visit visit) {
  int a = ties.begin(i), b = ties.begin(j);
  const int a_end = ties.end(i), b_end = ties.end(j);
  while (a < a_end && b < b_end) {
    const int ka = ties.target[static_cast<std::size_t>(a)], kb = ties.target[static_cast<std::size_t>(b)];
    if (ka < kb) {
      ++a;
    } else if (kb < ka) {
      ++b;
    } else {
      visit(a, b);
      ++a;
      ++b;
    }
  }
}

}  // namespace polarity
