// Phase 6: alliance deepening and decay, then stance drift.

#include <algorithm>

#include "core/phases.h"

namespace polarity {

void UpdateAlliances(const Model& model, State& s, Workspace& ws) {
  const AllianceParameters& p = s.params.alliance;
  if (!p.enabled) return;
  const double dt = model.dt;
  const auto n = s.alliance.rows();

  // P^: each row of P scaled to unit length (zero rows stay zero), so that
  // Q = P^ P^T is the cosine similarity of two actors' threat profiles, in [0, 1].
  // P has a zero diagonal, so i's and j's own columns add nothing to Q_ij.
  for (Eigen::Index i = 0; i < n; ++i) {
    const double norm = s.perceived_threat.row(i).norm();
    if (norm > 0.0) {
      ws.threat_profile.row(i) = s.perceived_threat.row(i) / norm;
    } else {
      ws.threat_profile.row(i).setZero();
    }
  }
  ws.shared_threat.noalias() = ws.threat_profile * ws.threat_profile.transpose();    // N^3
  // B = S S / N: positive where i and j share friends and enemies (balance theory).
  ws.balance_pressure.noalias() = s.stance * s.stance;                                 // N^3
  ws.balance_pressure /= static_cast<double>(n);

  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < j; ++i) {
      double depth = s.alliance(i, j);
      if (std::min(s.stance(i, j), s.stance(j, i)) > p.min_stance) {
        const double balance = 0.5 * (ws.balance_pressure(i, j) + ws.balance_pressure(j, i));
        depth += dt * (p.rate * (ws.shared_threat(i, j) + p.balance_weight * balance) -
                       p.friction_weight * s.friction(i, j) - p.decay * depth);
      } else {
        depth -= dt * p.decay * depth;
      }
      depth = std::clamp(depth, 0.0, 1.0);
      s.alliance(i, j) = depth;
      s.alliance(j, i) = depth;
    }
  }
}

void UpdateStances(const Model& model, State& s, Workspace& ws) {
  const StanceParameters& p = s.params.stance;
  if (!p.enabled) return;
  const double dt = model.dt;
  const auto n = s.stance.rows();
  // B is needed even when alliances are off.
  if (!s.params.alliance.enabled) {
    ws.balance_pressure.noalias() = s.stance * s.stance;
    ws.balance_pressure /= static_cast<double>(n);
  }
  // S_ij <- clamp(S_ij + dt (ζ_B B_ij - ζ_T T^_ij (1 - E_ij) + ζ_A A_ij), -1, 1), where
  // T^_ij = T_ij / Σ_l T_il is j's share of the raw threat i faces. B is read from before the
  // update (computed above), so the update is simultaneous over pairs.
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      if (i == j) continue;
      const double total = ws.raw_threat_total(i);
      const double share = total > 0.0 ? ws.raw_threat(i, j) / total : 0.0;
      const double drift = p.balance_rate * ws.balance_pressure(i, j) -
                           p.threat_rate * share * (1.0 - s.interdependence(i, j)) +
                           p.alliance_rate * s.alliance(i, j);
      s.stance(i, j) = std::clamp(s.stance(i, j) + dt * drift, -1.0, 1.0);
    }
  }
}

}  // namespace polarity
