// Phase 9: system metrics (MODEL.md section 3).

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <boost/pending/disjoint_sets.hpp>

#include "core/phases.h"

namespace polarity {
namespace {

// Blocs: connected components of the graph A >= threshold, found with Boost.Graph's
// disjoint sets over the workspace's arrays (no allocation). A bloc's id is its smallest
// member index; bloc_count counts components of two or more members (alignments), since a
// lone actor is not a bloc.
void ComputeBlocs(const Model& model, State& s, Workspace& ws) {
  const int n = model.num_actors;
  boost::disjoint_sets<int*, int*> sets(ws.bloc_rank.data(), ws.bloc_parent.data());
  for (int i = 0; i < n; ++i) sets.make_set(i);
  const double threshold = s.params.alliance.bloc_threshold;
  if (model.sparse) {
    const TieSet& ties = model.ties;
    for (int e = 0; e < ties.size(); ++e) {
      if (ties.source[e] < ties.target[e] && s.tie.alliance(e) >= threshold) sets.union_set(ties.source[e], ties.target[e]);
    }
  } else {
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < j; ++i) {
        if (s.alliance(i, j) >= threshold) sets.union_set(i, j);
      }
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

// Polarization over ties: untied pairs have no hostility.
double PolarizationOnTies(const Model& model, const State& s) {
  double between = 0.0, total = 0.0;
  const TieSet& ties = model.ties;
  for (int e = 0; e < ties.size(); ++e) {
    const double h = std::max(0.0, -s.tie.stance(e));
    total += h;
    if (s.bloc(ties.source[e]) != s.bloc(ties.target[e])) between += h;
  }
  return total > 0.0 ? between / total : 0.0;
}

// Balance over the triangles of the tie graph (the only triads whose three ties can all be
// non-null), each triangle i < j < k once: i's signs are scattered into an N-long row
// (0 where not tied), then for every tie (i, j), j > i, j's ties k > j are walked and the
// sign product x_ij x_ik x_jk counted, branch-free. O(E d) for mean degree d. Signs as in
// Balance(); the counts are integers, exact in double.
double BalanceOnTies(const Model& model, const State& s, Workspace& ws) {
  const TieSet& ties = model.ties;
  Eigen::VectorXd& sign = ws.tie.sign;
  Eigen::VectorXd& row = ws.tie.row_sign;
  for (int e = 0; e < ties.size(); ++e) {
    const double tie = 0.5 * (s.tie.stance(e) + s.tie.stance(ties.reverse[e]));
    sign(e) = tie > 0.0 ? 1.0 : (tie < 0.0 ? -1.0 : 0.0);
  }
  std::int64_t balanced = 0, count = 0;
  const int* target = ties.target.data();
  for (Eigen::Index i = 0; i < model.num_actors; ++i) {
    for (int e = ties.begin(i); e < ties.end(i); ++e) row(target[e]) = sign(e);
    for (int ij = ties.begin(i); ij < ties.end(i); ++ij) {
      const int j = target[ij];
      if (j <= i || sign(ij) == 0.0) continue;
      // j's ties to k > j (the tie list is sorted).
      const int first = static_cast<int>(std::upper_bound(target + ties.begin(j), target + ties.end(j), j) - target);
      for (int jk = first; jk < ties.end(j); ++jk) {
        const double product = sign(ij) * row(target[jk]) * sign(jk);
        count += static_cast<std::int64_t>(product != 0.0);
        balanced += static_cast<std::int64_t>(product > 0.0);
      }
    }
    for (int e = ties.begin(i); e < ties.end(i); ++e) row(target[e]) = 0.0;
  }
  return count > 0 ? static_cast<double>(balanced) / static_cast<double>(count) : 1.0;
}

}  // namespace

void ComputeMetricsPhase(const Model& model, State& s, Workspace& ws) {
  s.capability_index = s.capability.rowwise().sum();
  s.defence_need = ws.defence_need;
  if (model.sparse) {
    for (Eigen::Index i = 0; i < s.threat.size(); ++i) {
      double sum = 0.0;
      for (int e = model.ties.begin(i); e < model.ties.end(i); ++e) sum += s.tie.perceived_threat(e);
      s.threat(i) = sum;
    }
    ComputeBlocs(model, s, ws);
    s.polarization = PolarizationOnTies(model, s);
    s.balance = BalanceOnTies(model, s, ws);
    s.crises_active_by_rung.setZero();
    for (Eigen::Index e = 0; e < s.tie.crisis_rung.size(); ++e) {
      if (s.tie.crisis_rung(e) > 0) s.crises_active_by_rung(s.tie.crisis_rung(e) - 1) += 1;
    }
    return;
  }
  s.threat = s.perceived_threat.rowwise().sum();
  ComputeBlocs(model, s, ws);
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
