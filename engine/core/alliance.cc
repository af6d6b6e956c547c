// Phase 6: alliance deepening and decay, then stance drift.

#include "core/phases.h"

namespace polarity {

namespace {

// B = S S / N (general: S is not symmetric), 2 N^3 flops. Only S S is stored: the kernels
// that read it multiply each entry by 1/N as they load it (BalanceScale), the bits of a
// scaled copy without its N^2 pass. The 1/N as a multiplication (N^2 divisions cost 0.25 us
// at N = 20, a fifth of the product); exact when N is a power of 2.
void BalancePressure(const Eigen::MatrixXd& stance, Workspace& ws) {
  if (ws.products.background()) {  // started at the top of the tick (StartBalancePressure)
    ws.products.FinishBackground();
    return;
  }
  ws.products.Product(stance, stance, ws.balance_pressure);
}

double BalanceScale(Eigen::Index n) { return 1.0 / static_cast<double>(n); }

// Up to this many actors B runs in the background (docs/performance.md §6, item 16): the
// two-thread tick at N = 200 ran 1.13-1.24x faster that way (four sets of alternated
// rounds), at N = 1000 it was level (0.95-1.13x, five sets), and at N = 2000 level or
// slower (0.93-1.02x, three sets), where phases 1-5 stream arrays far larger than the
// caches while the workers multiply.
constexpr Eigen::Index kBackgroundMaxActors = 1000;

}  // namespace

void StartBalancePressure(const State& s, Workspace& ws) {
  if (!(s.params.alliance.enabled || s.params.stance.enabled) || s.stance.rows() > kBackgroundMaxActors) return;
  // Starts nothing where Product would not split B either (one thread, a small world).
  ws.products.StartBackgroundProduct(s.stance, s.stance, ws.balance_pressure);
}

void UpdateAlliances(const Model& model, State& s, Workspace& ws) {
  const AllianceParameters& p = s.params.alliance;
  const auto n = s.alliance.rows();
  if (!p.enabled) {  // A stays; keep it for the level crossings
    for (Eigen::Index j = 0; j < n; ++j) {
      for (Eigen::Index i = 0; i < j; ++i) ws.alliance_before(i, j) = s.alliance(i, j);
    }
    return;
  }
  const double dt = model.dt;

  // P^: each row of P scaled to unit length (zero rows stay zero), so that
  // Q = P^ P^T is the cosine similarity of two actors' threat profiles, in [0, 1].
  // P has a zero diagonal, so i's and j's own columns add nothing to Q_ij.
  // P^ = diag(1/|P_i|) P, with the squared row norms summed by phases 2-3
  // (core/sweep_kernel.h: ThreatProfile).
  ws.sweeps.threat_profile(n, ws.perceived_threat_norm_squared.data(), s.perceived_threat.data(),
                           ws.threat_inverse_norm.data(), ws.threat_profile.data());
  ws.products.SymmetricProductUpper(ws.threat_profile, ws.shared_threat);  // Q = P^ P^T, upper: N^3
  // B = S S / N: positive where i and j share friends and enemies (balance theory).
  BalancePressure(s.stance, ws);  // 2 N^3

  // Pairs i < j in 32 x 32 tiles (core/sweep_kernel.h: Alliance). Pairs are independent:
  // any order gives the same result.
  sweep_kernel::AllianceTask t;
  t.n = n;
  t.tile_begin = 0;
  t.tile_end = (n + sweep_kernel::kAllianceTile - 1) / sweep_kernel::kAllianceTile;
  t.balance = ws.balance_pressure.data();
  t.balance_scale = BalanceScale(n);
  t.shared_threat = ws.shared_threat.data();
  t.friction = s.friction.data();
  t.stance = s.stance.data();
  t.alliance = s.alliance.data();
  t.before = ws.alliance_before.data();
  t.rate = p.rate;
  t.balance_weight = p.balance_weight;
  t.friction_weight = p.friction_weight;
  t.decay = p.decay;
  t.min_stance = p.min_stance;
  t.dt = dt;
  RunAlliance(ws.products, ws.sweeps, t);
}

void UpdateStances(const Model& model, State& s, Workspace& ws) {
  const StanceParameters& p = s.params.stance;
  if (!p.enabled) return;
  const double dt = model.dt;
  const auto n = s.stance.rows();
  // B is needed even when alliances are off.
  if (!s.params.alliance.enabled) BalancePressure(s.stance, ws);
  // S_ij <- clamp(S_ij + dt (ζ_B B_ij - ζ_T T^_ij (1 - E_ij) + ζ_A A_ij), -1, 1), where
  // T^_ij = T_ij / Σ_l T_il is j's share of the raw threat i faces. B is read from before the
  // update (computed above), so the update is simultaneous over pairs.
  double* inverse = ws.raw_threat_inverse_total.data();
  for (Eigen::Index i = 0; i < n; ++i) {
    const double total = ws.raw_threat_total(i);
    inverse[i] = total > 0.0 ? 1.0 / total : 0.0;
  }
  // Column by column over every row, then the diagonal back to 0 (core/sweep_kernel.h).
  sweep_kernel::StanceTask t;
  t.n = n;
  t.column_begin = 0;
  t.column_end = n;
  t.balance = ws.balance_pressure.data();
  t.balance_scale = BalanceScale(n);
  t.raw_threat = ws.raw_threat.data();
  t.inverse_total = inverse;
  t.interdependence = s.interdependence.data();
  t.alliance = s.alliance.data();
  t.stance = s.stance.data();
  t.balance_rate = p.balance_rate;
  t.threat_rate = p.threat_rate;
  t.alliance_rate = p.alliance_rate;
  t.dt = dt;
  RunStance(ws.products, ws.sweeps, t);
}

}  // namespace polarity
