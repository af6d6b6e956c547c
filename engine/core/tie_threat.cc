// Phases 1-5 of a sparse world: the products with capabilities and perception over ties.

#include <algorithm>

#include "core/phases.h"
#include "core/tie_phases.h"

namespace polarity {

namespace {

// out = W X for the N x N matrix W that holds weights[e] at tie e = (i -> j) and 0 elsewhere:
// out_ik = Σ_{e = (i -> j)} weights_e x_jk, O(E K). Column by column of X (N x K, column-
// major), so that the gathers x_jk stay within one column of N doubles.
void MultiplyOnTies(const TieSet& ties, const Eigen::VectorXd& weights, const Eigen::MatrixXd& x,
                    Eigen::MatrixXd& out) {
  for (Eigen::Index k = 0; k < x.cols(); ++k) {
    const double* column = x.col(k).data();
    double* result = out.col(k).data();
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      double sum = 0.0;
      for (int e = ties.begin(i); e < ties.end(i); ++e) sum += weights(e) * column[ties.target[e]];
      result[i] = sum;
    }
  }
}

}  // namespace

void ComputeCoalitionCapabilityOnTies(const Model& model, const State& s, Workspace& ws) {
  MultiplyOnTies(model.ties, s.tie.alliance, s.capability, ws.ally_capability);  // A C
  ws.coalition_capability = s.capability + ws.ally_capability;
}

void ComputeRawThreatOnTies(const Model& model, const State& s, Workspace& ws) {
  // T_e = h_e π_e G_e with G_e = w_i · c~_j for e = (i -> j); row totals Σ_j T_ij. G is
  // accumulated in ws.tie.raw_threat domain by domain (k ascending, as a dot product would),
  // reading W and C~ a column at a time instead of K strided values per tie.
  const TieSet& ties = model.ties;
  const auto n = s.capability.rows();
  Eigen::VectorXd& g = ws.tie.raw_threat;
  g.setZero();
  for (Eigen::Index k = 0; k < s.capability.cols(); ++k) {
    const double* coalition = ws.coalition_capability.col(k).data();
    const double* concern = s.concern.col(k).data();
    for (Eigen::Index i = 0; i < n; ++i) {
      for (int e = ties.begin(i); e < ties.end(i); ++e) g(e) += concern[i] * coalition[ties.target[e]];
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) {
    double total = 0.0;
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      const double hostile = std::max(0.0, -s.tie.stance(e)) * s.tie.proximity(e);
      ws.tie.hostile_reach(e) = hostile;
      g(e) *= hostile;  // now T_e
      total += g(e);
    }
    ws.raw_threat_total(i) = total;
  }
}

void UpdatePerceptionOnTies(const Model& model, State& s, Workspace& ws) {
  const PerceptionParameters& p = s.params.perception;
  if (!p.enabled) {
    s.tie.perceived_threat = ws.tie.raw_threat;
    return;
  }
  const double lag = p.lag;
  if (p.noise == 0.0) {
    s.tie.perceived_threat = (1.0 - lag) * s.tie.perceived_threat + lag * ws.tie.raw_threat;
    return;
  }
  // One normal per directed tie, keyed by the pair (i, j) as in the dense phase.
  const auto tick = static_cast<std::uint64_t>(s.tick);
  const TieSet& ties = model.ties;
  for (int e = 0; e < ties.size(); ++e) {
    const auto i = static_cast<std::uint64_t>(ties.source[e]);
    const auto j = static_cast<std::uint64_t>(ties.target[e]);
    const double eps = ws.rng.Normal(tick, Stream::kPerception, i, j);
    const double seen = ws.tie.raw_threat(e) * std::max(0.0, 1.0 + p.noise * eps);
    s.tie.perceived_threat(e) = (1.0 - lag) * s.tie.perceived_threat(e) + lag * seen;
  }
}

void ComputeDefenceNeedOnTies(const Model& model, const State& s, Workspace& ws) {
  const TieSet& ties = model.ties;
  for (Eigen::Index i = 0; i < ws.defence_need.size(); ++i) {
    double need = 0.0;
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      need += s.tie.perceived_threat(e);
    }
    ws.defence_need(i) = need;
  }
  SubtractAlliesShare(s, ws);
}

void ComputeHostileCapabilityOnTies(const Model& model, Workspace& ws) {
  MultiplyOnTies(model.ties, ws.tie.hostile_reach, ws.coalition_capability, ws.hostile_capability);  // (H ∘ Π) C~
}

}  // namespace polarity
