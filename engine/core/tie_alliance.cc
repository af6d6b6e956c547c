// Phase 6 of a sparse world: alliances and stances over ties.

#include <algorithm>
#include <cmath>

#include "core/tie_phases.h"

namespace polarity {
namespace {

// P^ on every tie: each actor's perceived threats scaled to unit length (zero rows stay zero).
void ComputeThreatProfiles(const Model& model, const State& s, Workspace& ws) {
  const TieSet& ties = model.ties;
  for (Eigen::Index i = 0; i < s.milex.size(); ++i) {
    double norm = 0.0;
    for (int e = ties.begin(i); e < ties.end(i); ++e) norm += s.tie.perceived_threat(e) * s.tie.perceived_threat(e);
    const double inverse = norm > 0.0 ? 1.0 / std::sqrt(norm) : 0.0;
    for (int e = ties.begin(i); e < ties.end(i); ++e) ws.tie.threat_profile(e) = s.tie.perceived_threat(e) * inverse;
  }
}

// For every tie e = (i -> j) with i < j, the sums over the actors k tied to both i and j (any
// other k contributes 0), in ascending k:
//   B_ij = Σ_k S_ik S_kj / N and B_ji = Σ_k S_jk S_ki / N, written to ws.tie.balance_pressure;
//   Q_ij = Σ_k P^_ik P^_jk, passed to pair(e, Q_ij) when `shared_threat` (else 0).
// Actor i's row is scattered into N-long arrays (zero where i and k are not tied), then each
// j's tie list is walked once and multiplied in: O(deg i + Σ_j deg j) per actor i, O(E d) in
// all, branch-free and reading j's ties in order (the zeros add nothing, exactly).
template <class Pair>
void ForTiedPairs(const Model& model, const State& s, Workspace& ws, bool shared_threat, Pair pair) {
  const TieSet& ties = model.ties;
  const double n = static_cast<double>(model.num_actors);
  Workspace::TieScratch& t = ws.tie;
  for (int e = 0; e < ties.size(); ++e) t.reverse_stance(e) = s.tie.stance(ties.reverse[e]);
  const double* stance = s.tie.stance.data();
  const double* reverse_stance = t.reverse_stance.data();
  const double* profile = t.threat_profile.data();
  const int* target = ties.target.data();
  for (Eigen::Index i = 0; i < s.milex.size(); ++i) {
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      t.row_stance(target[e]) = stance[e];
      t.row_reverse_stance(target[e]) = reverse_stance[e];
      if (shared_threat) t.row_profile(target[e]) = profile[e];
    }
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      const Eigen::Index j = target[e];
      if (j < i) continue;
      double forward = 0.0, backward = 0.0, shared = 0.0;
      const int end = ties.end(j);
      // Three independent sums in one walk (row_profile is all zero when !shared_threat).
      for (int jk = ties.begin(j); jk < end; ++jk) {
        const int k = target[jk];
        forward += t.row_stance(k) * reverse_stance[jk];   // S_ik S_kj
        backward += stance[jk] * t.row_reverse_stance(k);  // S_jk S_ki
        shared += t.row_profile(k) * profile[jk];          // P^_ik P^_jk
      }
      t.balance_pressure(e) = forward / n;
      t.balance_pressure(ties.reverse[e]) = backward / n;
      pair(e, shared);
    }
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      t.row_stance(target[e]) = 0.0;
      t.row_reverse_stance(target[e]) = 0.0;
      t.row_profile(target[e]) = 0.0;
    }
  }
}

}  // namespace

void UpdateAlliancesOnTies(const Model& model, State& s, Workspace& ws) {
  const AllianceParameters& p = s.params.alliance;
  if (!p.enabled) return;
  const double dt = model.dt;
  const TieSet& ties = model.ties;
  ComputeThreatProfiles(model, s, ws);
  // One pass over unordered tied pairs (i < j): Q_ij and B, then the depth update of
  // MODEL.md phase 6 (as UpdateAlliances).
  ForTiedPairs(model, s, ws, true, [&](int e, double shared) {
    const int back = ties.reverse[e];
    double depth = s.tie.alliance(e);
    if (std::min(s.tie.stance(e), s.tie.stance(back)) > p.min_stance) {
      const double balance = 0.5 * (ws.tie.balance_pressure(e) + ws.tie.balance_pressure(back));
      depth += dt * (p.rate * (shared + p.balance_weight * balance) - p.friction_weight * s.tie.friction(e) -
                     p.decay * depth);
    } else {
      depth -= dt * p.decay * depth;
    }
    depth = std::clamp(depth, 0.0, 1.0);
    s.tie.alliance(e) = depth;
    s.tie.alliance(back) = depth;
  });
}

void UpdateStancesOnTies(const Model& model, State& s, Workspace& ws) {
  const StanceParameters& p = s.params.stance;
  if (!p.enabled) return;
  const double dt = model.dt;
  const TieSet& ties = model.ties;
  // B is needed even when alliances are off.
  if (!s.params.alliance.enabled) ForTiedPairs(model, s, ws, false, [](int, double) {});
  // S_ij <- clamp(S_ij + dt (ζ_B B_ij - ζ_T T^_ij (1 - E_ij) + ζ_A A_ij), -1, 1), as UpdateStances.
  for (Eigen::Index i = 0; i < s.milex.size(); ++i) {
    const double total = ws.raw_threat_total(i);
    const double inverse = total > 0.0 ? 1.0 / total : 0.0;
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      const double share = ws.tie.raw_threat(e) * inverse;
      const double drift = p.balance_rate * ws.tie.balance_pressure(e) -
                           p.threat_rate * share * (1.0 - s.tie.interdependence(e)) + p.alliance_rate * s.tie.alliance(e);
      s.tie.stance(e) = std::min(std::max(s.tie.stance(e) + dt * drift, -1.0), 1.0);
    }
  }
}

}  // namespace polarity
