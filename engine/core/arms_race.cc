// Phase 4: Richardson arms race and economic growth.

#include <algorithm>
#include <limits>

#include "core/phases.h"

namespace polarity {

void ComputeDefenceNeed(const State& s, Workspace& ws) {
  // θ_i = Σ_j P_ij - φ Σ_j A_ij (w_i · c_j). The second sum is w_i · (A C)_i, a row of
  // W ∘ (A C) with A C from phase 1: no further product is needed.
  const auto n = s.milex.size();
  // Row sums of P in one sweep down its columns (column-major), then the allies' term.
  ws.defence_need.setZero();
  double* need = ws.defence_need.data();
  for (Eigen::Index j = 0; j < n; ++j) {
    const double* threat = s.perceived_threat.col(j).data();
    for (Eigen::Index i = 0; i < n; ++i) need[i] += threat[i];
  }
  SubtractAlliesShare(s, ws);
}

void SubtractAlliesShare(const State& s, Workspace& ws) {
  // w_i · (A C)_i for every i at once, column by column (the arrays are column-major), the
  // terms in order of k: the bits of the row-by-row dot product, in vectors across rows.
  const double phi = s.params.arms_race.burden_sharing;
  const auto n = ws.defence_need.size();
  const auto k_count = s.concern.cols();
  double* share = ws.allies_share.data();
  if (k_count == 0) ws.allies_share.setZero();  // the empty sum
  for (Eigen::Index k = 0; k < k_count; ++k) {
    const double* concern = s.concern.col(k).data();
    const double* allies = ws.ally_capability.col(k).data();
    if (k == 0) {  // the first term alone, not 0 + it (which turns -0 into +0)
      for (Eigen::Index i = 0; i < n; ++i) share[i] = concern[i] * allies[i];
    } else {
      for (Eigen::Index i = 0; i < n; ++i) share[i] += concern[i] * allies[i];
    }
  }
  for (Eigen::Index i = 0; i < n; ++i) ws.defence_need(i) -= phi * share[i];
}

double MilexCap(const State& s, Eigen::Index i) {
  return s.burden_cap(i) > 0.0 ? s.burden_cap(i) * s.gdp(i) : std::numeric_limits<double>::infinity();
}

void ClampMilex(State& s, Eigen::Index i) {
  s.milex(i) = std::min(MilexCap(s, i), std::max(s.milex_floor(i), s.milex(i)));
}

void UpdateSpending(const Model& model, State& s, Workspace& ws) {
  ws.defence_need = ws.perceived_threat_total;  // Σ_j P_ij, summed by phases 2-3
  SubtractAlliesShare(s, ws);
  AdvanceSpending(model, s, ws);
}

void AdvanceSpending(const Model& model, State& s, const Workspace& ws) {
  const double dt = model.dt;
  const auto n = s.milex.size();
  if (s.params.arms_race.enabled) {
    // m <- clamp(m + dt (k θ - α m + g), m_min, b y); b <= 0 means no cap.
    for (Eigen::Index i = 0; i < n; ++i) {
      s.milex(i) += dt * (s.reactivity(i) * ws.defence_need(i) - s.fatigue(i) * s.milex(i) +
                          s.grievance(i));
      ClampMilex(s, i);
    }
  }
  if (s.params.economy.enabled) {
    s.gdp = s.gdp.cwiseProduct((1.0 + dt * s.gdp_growth.array()).matrix());
    // A shrinking economy lowers the cap below this tick's spending: clamp again.
    for (Eigen::Index i = 0; i < n; ++i) ClampMilex(s, i);
  }
}

}  // namespace polarity
