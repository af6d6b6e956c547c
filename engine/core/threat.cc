// Phases 1-3: coalition capability, raw threat, perception.

#include <algorithm>

#include "core/phases.h"

namespace polarity {

void ComputeCoalitionCapability(const State& s, Workspace& ws) {
  // C~ = C + A C: each actor's force as seen together with its allies', weighted by depth.
  // (N x N)(N x K) -> N x K, one product (core/exact_product.h: the same bits on every CPU).
  ws.products.Product(s.alliance, s.capability, ws.ally_capability);
  ws.coalition_capability = s.capability + ws.ally_capability;
}

void ComputeRawThreat(const State& s, Workspace& ws) {
  // G = W C~^T: G_ij is j's coalition force weighted by what i fears, (N x K)(K x N).
  ws.products.ProductTransposed(s.concern, ws.coalition_capability, ws.concern_product);
  // T_ij = h_ij π_ij G_ij with h = max(0, -S); T_ii = 0 because S_ii = 0. One fused sweep
  // down the columns (column-major) writes H ∘ Π and T and accumulates the row sums Σ_j T_ij.
  const auto n = s.stance.rows();
  ws.raw_threat_total.setZero();
  double* total = ws.raw_threat_total.data();
  for (Eigen::Index j = 0; j < n; ++j) {
    const double* stance = s.stance.col(j).data();
    const double* proximity = s.proximity.col(j).data();
    const double* concern = ws.concern_product.col(j).data();
    double* reach = ws.hostile_reach.col(j).data();
    double* threat = ws.raw_threat.col(j).data();
    for (Eigen::Index i = 0; i < n; ++i) {
      const double hostile = std::max(0.0, -stance[i]) * proximity[i];
      reach[i] = hostile;
      threat[i] = hostile * concern[i];
      total[i] += threat[i];
    }
  }
  ws.raw_threat.diagonal().setZero();
}

void UpdatePerception(State& s, Workspace& ws) {
  const PerceptionParameters& p = s.params.perception;
  if (!p.enabled) {
    s.perceived_threat = ws.raw_threat;
    return;
  }
  // P <- (1 - λ) P + λ T ∘ max(0, 1 + σ ε), one normal per ordered pair.
  const double lag = p.lag;
  const auto n = s.perceived_threat.rows();
  if (p.noise == 0.0) {
    s.perceived_threat = (1.0 - lag) * s.perceived_threat + lag * ws.raw_threat;
    return;
  }
  const auto tick = static_cast<std::uint64_t>(s.tick);
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      if (i == j) continue;
      const double eps = ws.rng.Normal(tick, Stream::kPerception, static_cast<std::uint64_t>(i),
                                       static_cast<std::uint64_t>(j));
      const double seen = ws.raw_threat(i, j) * std::max(0.0, 1.0 + p.noise * eps);
      s.perceived_threat(i, j) = (1.0 - lag) * s.perceived_threat(i, j) + lag * seen;
    }
  }
}

}  // namespace polarity
