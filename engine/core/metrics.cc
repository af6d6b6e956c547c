// Phase 9: system metrics (MODEL.md section 3).

#include <algorithm>
#include <cmath>

#include <boost/pending/disjoint_sets.hpp>

#include "core/phases.h"

namespace polarity {
namespace {

// Blocs: connected components of the graph A >= threshold, found with Boost.Graph's
// disjoint sets over the workspace's arrays (no allocation). A bloc's id is its smallest
// member index; bloc_count counts components of two or more members (alignments), since a
// lone actor is not a bloc.
void ComputeBlocs(State& s, Workspace& ws) {
  const int n = static_cast<int>(s.alliance.rows());
  boost::disjoint_sets<int*, int*> sets(ws.bloc_rank.data(), ws.bloc_parent.data());
  for (int i = 0; i < n; ++i) sets.make_set(i);
  const double threshold = s.params.alliance.bloc_threshold;
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < j; ++i) {
      if (s.alliance(i, j) >= threshold) sets.union_set(i, j);
    }
  }
  std::fill(ws.bloc_smallest.begin(), ws.bloc_smallest.end(), -1);
  std::fill(ws.bloc_size.begin(), ws.bloc_size.end(), 0);
  for (int i = 0; i < n; ++i) {
    const int root = sets.find_set(i);
    if (ws.bloc_smallest[root] < 0) ws.bloc_smallest[root] = i;
    ws.bloc_size[root] += 1;
  }
  s.bloc_count = 0;
  for (int i = 0; i < n; ++i) {
    const int root = sets.find_set(i);
    s.bloc(i) = ws.bloc_smallest[root];
    if (root == i && ws.bloc_size[root] >= 2) ++s.bloc_count;
  }
}

// Share of hostility h_ij = max(0, -S_ij) that runs between different blocs.
double Polarization(const State& s) {
  const auto n = s.stance.rows();
  double between = 0.0, total = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double h = std::max(0.0, -s.stance(i, j));
      total += h;
      if (s.bloc(i) != s.bloc(j)) between += h;
    }
  }
  return total > 0.0 ? between / total : 0.0;
}

// Share of balanced triads. X_ij = sign((S_ij + S_ji) / 2) (0 for a null tie); over triads
// whose three ties are all non-null, Σ sign products = trace(X^3) and the count = trace(|X|^3)
// (each triad counted 6 times), so balanced = (count + signed) / 2. Two GEMMs.
double Balance(const State& s, Workspace& ws) {
  const auto n = s.stance.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double tie = i == j ? 0.0 : 0.5 * (s.stance(i, j) + s.stance(j, i));
      const double sign = tie > 0.0 ? 1.0 : (tie < 0.0 ? -1.0 : 0.0);
      ws.triad_sign(i, j) = sign;
      ws.triad_tie(i, j) = std::abs(sign);
    }
  }
  ws.triad_sign_squared.noalias() = ws.triad_sign * ws.triad_sign;
  ws.triad_tie_squared.noalias() = ws.triad_tie * ws.triad_tie;
  const double signed_sum = ws.triad_sign_squared.cwiseProduct(ws.triad_sign).sum();
  const double count = ws.triad_tie_squared.cwiseProduct(ws.triad_tie).sum();
  if (count <= 0.0) return 1.0;
  return 0.5 * (count + signed_sum) / count;
}

}  // namespace

void ComputeMetricsPhase(const Model& /*model*/, State& s, Workspace& ws) {
  s.capability_index = s.capability.rowwise().sum();
  s.threat = s.perceived_threat.rowwise().sum();
  s.defence_need = ws.defence_need;
  ComputeBlocs(s, ws);
  s.polarization = Polarization(s);
  s.balance = Balance(s, ws);
  s.crises_active_by_rung.setZero();
  const auto n = s.crisis_rung.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const int rung = s.crisis_rung(i, j);
      if (rung > 0) s.crises_active_by_rung(rung - 1) += 1;
    }
  }
}

}  // namespace polarity
