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
// (each triad counted 6 times), so balanced = (count + signed) / 2. X is symmetric with a zero
// diagonal, so trace(X^3) = Σ_ij (X X^T)_ij X_ij = 2 Σ_{i<j} (X X^T)_ij X_ij: two symmetric
// products (SYRK, N^2 (N + 1) flops each), in float, where these integer sums are exact.
double Balance(const State& s, Workspace& ws) {
  const auto n = s.stance.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double tie = i == j ? 0.0 : 0.5 * (s.stance(i, j) + s.stance(j, i));
      const float sign = tie > 0.0 ? 1.0f : (tie < 0.0 ? -1.0f : 0.0f);
      ws.triad_sign(i, j) = sign;
      ws.triad_tie(i, j) = std::abs(sign);
    }
  }
  ws.triad_sign_squared.triangularView<Eigen::Upper>().setZero();
  ws.triad_sign_squared.selfadjointView<Eigen::Upper>().rankUpdate(ws.triad_sign);
  ws.triad_tie_squared.triangularView<Eigen::Upper>().setZero();
  ws.triad_tie_squared.selfadjointView<Eigen::Upper>().rankUpdate(ws.triad_tie);
  // Strict upper triangles; each product below is an integer of magnitude <= N, and the
  // running sums (< 2^53) are exact in double.
  double signed_sum = 0.0, count = 0.0;
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < j; ++i) {
      signed_sum += static_cast<double>(ws.triad_sign_squared(i, j) * ws.triad_sign(i, j));
      count += static_cast<double>(ws.triad_tie_squared(i, j) * ws.triad_tie(i, j));
    }
  }
  signed_sum *= 2.0;
  count *= 2.0;
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
