// Compiling a sparse world: its ties, and the initial tie arrays from `relations`.

#include <algorithm>
#include <cmath>

#include "core/tie_phases.h"

namespace polarity {

TieSet ScenarioTies(const Scenario& sc, const Names& names) {
  const int n = static_cast<int>(sc.actors.size());
  std::vector<std::pair<int, int>> pairs;
  // Every pair a relation names (any field: a relation entry is a tie).
  ForEachRelationPair(sc, names, [&](const RelationSpec&, int i, int j) { pairs.emplace_back(i, j); });
  // Every pair within reach: d_ij <= f max(R_i, R_j). O(N^2) great circles, once.
  const double factor = sc.network.reach_factor;
  if (factor > 0.0) {
    for (int i = 0; i < n; ++i) {
      const ActorSpec& a = sc.actors[static_cast<std::size_t>(i)];
      for (int j = i + 1; j < n; ++j) {
        const ActorSpec& b = sc.actors[static_cast<std::size_t>(j)];
        if (CapitalDistanceKm(a, b) <= factor * std::max(ReachKmOf(a), ReachKmOf(b))) pairs.emplace_back(i, j);
      }
    }
  }
  return TieSet::FromPairs(n, std::move(pairs));
}

void CompileTies(const Scenario& sc, const Names& names, Model& m) {
  m.ties = ScenarioTies(sc, names);
  const TieSet& ties = m.ties;
  const Eigen::Index e_count = ties.size();
  State::TieArrays& t = m.initial.tie;
  for (Eigen::VectorXd* v : {&t.stance, &t.alliance, &t.perceived_threat, &t.friction, &t.interdependence, &t.proximity}) {
    *v = Eigen::VectorXd::Zero(e_count);
  }
  t.crisis_rung = Eigen::VectorXi::Zero(e_count);
  t.crisis_age = Eigen::VectorXi::Zero(e_count);
  m.tie_distance_km = Eigen::VectorXd::Zero(e_count);
  for (int e = 0; e < ties.size(); ++e) {
    m.tie_distance_km(e) = CapitalDistanceKm(sc.actors[static_cast<std::size_t>(ties.source[e])],
                                             sc.actors[static_cast<std::size_t>(ties.target[e])]);
  }
  // Later entries override earlier ones, field by field (as CompileRelations).
  ForEachRelationPair(sc, names, [&](const RelationSpec& r, int i, int j) {
    const int e = ties.Find(i, j);
    const int back = ties.reverse[static_cast<std::size_t>(e)];
    if (r.stance.present) {
      t.stance(e) = r.stance.value;
      if (!r.directed) t.stance(back) = r.stance.value;
    }
    if (r.directed) return;
    if (r.alliance.present) t.alliance(e) = t.alliance(back) = r.alliance.value;
    if (r.friction.present) t.friction(e) = t.friction(back) = r.friction.value;
    if (r.interdependence.present) t.interdependence(e) = t.interdependence(back) = r.interdependence.value;
    if (r.distance_km.present) m.tie_distance_km(e) = m.tie_distance_km(back) = r.distance_km.value;
  });
}

}  // namespace polarity
