// Phases 1-3: coalition capability, raw threat, perception.

#include <algorithm>

#include "core/phases.h"

namespace polarity {

void ComputeCoalitionCapability(const State& s, Workspace& ws) {
  // C~ = C + A C: each actor's force as seen together with its allies', weighted by depth.
  // (N x N)(N x K) -> N x K, one GEMM.
  ws.ally_capability.noalias() = s.alliance * s.capability;
  ws.coalition_capability = s.capability + ws.ally_capability;
}

void ComputeRawThreat(const State& s, Workspace& ws) {
  // G = W C~^T: G_ij is j's coalition force weighted by what i fears, (N x K)(K x N).
  ws.concern_product.noalias() = s.concern * ws.coalition_capability.transpose();
  // T_ij = h_ij π_ij G_ij with h = max(0, -S); T_ii = 0 because S_ii = 0.
  ws.hostile_reach = (-s.stance).cwiseMax(0.0).cwiseProduct(s.proximity);
  ws.raw_threat = ws.hostile_reach.cwiseProduct(ws.concern_product);
  ws.raw_threat.diagonal().setZero();
  ws.raw_threat_total = ws.raw_threat.rowwise().sum();
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
