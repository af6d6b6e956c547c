#pragma once
// Reading the dyads of a state whatever their storage: N x N arrays in a dense world, arrays
// over ties in a sparse one (Model::sparse). Output code (timeseries rows, GraphML, the
// manifest, the arms-race detector) visits pairs through ForEachDyad, so it writes the same
// rows in the same order for both.

#include "polarity/model.h"
#include "polarity/state.h"

namespace polarity {

// The values of the ordered pair (i, j).
struct DyadValues {
  double alliance = 0.0;          // A_ij = A_ji
  double stance = 0.0;            // S_ij
  double reverse_stance = 0.0;    // S_ji
  double perceived_threat = 0.0;  // P_ij
  double friction = 0.0;          // F_ij = F_ji
  double interdependence = 0.0;   // E_ij = E_ji
  double distance_km = 0.0;       // d_ij
};

// Calls visit(i, j, values) for every ordered pair i != j that exists (every pair in a dense
// world, every tie in a sparse one), i ascending, then j ascending.
template <class Visit>
void ForEachDyad(const Model& model, const State& s, Visit visit) {
  if (model.sparse) {
    const TieSet& ties = model.ties;
    for (int e = 0; e < ties.size(); ++e) {
      const int back = ties.reverse[static_cast<std::size_t>(e)];
      visit(ties.source[static_cast<std::size_t>(e)], ties.target[static_cast<std::size_t>(e)],
            DyadValues{s.tie.alliance(e), s.tie.stance(e), s.tie.stance(back), s.tie.perceived_threat(e),
                       s.tie.friction(e), s.tie.interdependence(e), model.tie_distance_km(e)});
    }
    return;
  }
  const int n = model.num_actors;
  const bool distances = model.distance_km.rows() == n;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      visit(i, j,
            DyadValues{s.alliance(i, j), s.stance(i, j), s.stance(j, i), s.perceived_threat(i, j), s.friction(i, j),
                       s.interdependence(i, j), distances ? model.distance_km(i, j) : 0.0});
    }
  }
}

}  // namespace polarity
