// Phase 5: allocation over domains and capability stocks.

#include <algorithm>
#include <cmath>

#include "core/phases.h"

namespace polarity {

namespace {

// a_ik <- a_ik + step (τ_ik / Σ_k τ_ik - a_ik) for the rows with Σ_k τ_ik > 0, one column k.
// Both outcomes and a select, so that the loop vectorises (the division of a row that keeps
// its allocation is computed and thrown away); restrict: the arrays do not overlap.
void MoveAllocation(Eigen::Index n, double step, const double* __restrict threat, const double* __restrict total,
                    double* __restrict allocation) {
  for (Eigen::Index i = 0; i < n; ++i) {
    const double moved = allocation[i] + step * (threat[i] / total[i] - allocation[i]);
    allocation[i] = total[i] <= 0.0 ? allocation[i] : moved;
  }
}

}  // namespace

void UpdateCapability(const Model& model, State& s, Workspace& ws) {
  // Σ_j h_ij π_ij c~_jk: the hostile force i faces in domain k. (N x N)(N x K) product.
  if (s.params.allocation.enabled) ws.products.Product(ws.hostile_reach, ws.coalition_capability, ws.hostile_capability);
  AdvanceCapability(model, s, ws);
}

void AdvanceCapability(const Model& model, State& s, Workspace& ws) {
  const double dt = model.dt;
  if (s.params.allocation.enabled) {
    // τ_ik = w_ik Σ_j h_ij π_ij c~_jk: the threat i sees in domain k.
    ws.domain_threat = s.concern.cwiseProduct(ws.hostile_capability);
    // a_i moves toward τ_i / Σ_k τ_ik at rate μ (share of the gap per tick capped at 1); rows
    // with no threat (Σ_k τ_ik <= 0) keep theirs. Column by column (the arrays are
    // column-major), the row sums in order of k.
    const double step = std::min(1.0, s.params.allocation.rate * dt);
    const auto n = s.allocation.rows();
    const auto k_count = s.allocation.cols();
    double* total = ws.domain_threat_total.data();
    if (k_count > 0) ws.domain_threat_total = ws.domain_threat.col(0);
    for (Eigen::Index k = 1; k < k_count; ++k) {
      const double* threat = ws.domain_threat.col(k).data();
      for (Eigen::Index i = 0; i < n; ++i) total[i] += threat[i];
    }
    for (Eigen::Index k = 0; k < k_count; ++k) {
      const double* threat = ws.domain_threat.col(k).data();
      double* allocation = s.allocation.col(k).data();
      MoveAllocation(n, step, threat, total, allocation);
    }
  }
  if (s.params.capability.enabled) {
    // c_ik <- (1 - δ_k dt) c_ik + dt e_i m_i a_ik. δ_k is the domain's own depreciation where
    // the scenario gives one (model.depreciation_override, NaN otherwise), else the live
    // parameter, which events may change.
    const auto n = s.capability.rows();
    const auto k_count = s.capability.cols();
    for (Eigen::Index k = 0; k < k_count; ++k) {
      const double override_k = model.depreciation_override(k);
      const double delta = std::isnan(override_k) ? s.params.capability.depreciation : override_k;
      const double keep = std::max(0.0, 1.0 - dt * delta);
      for (Eigen::Index i = 0; i < n; ++i) {
        s.capability(i, k) =
            keep * s.capability(i, k) + dt * s.efficiency(i) * s.milex(i) * s.allocation(i, k);
      }
    }
  }
}

}  // namespace polarity
