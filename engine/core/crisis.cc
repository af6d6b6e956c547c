// Phase 7: deterrence and crises on the escalation ladder
// crisis -> show_of_force -> limited_clash -> war.
//
// Crises are indexed (challenger j, target i). Power of the two sides (USD bn eq.):
//   p_J = |c_j| + Σ_l A_jl ρ_l π_il |c_l|   (the challenger's allies, by depth, resolve and reach to i)
//   p_I = |c_i| + Σ_l A_il ρ_l π_il |c_l|   (extended deterrence)
// and the challenger's win probability q = p_J^r / (p_J^r + p_I^r).

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/crisis_ladder.h"
#include "core/phases.h"

namespace polarity {
namespace {

double ChallengerPower(const State& s, const Workspace& ws, Eigen::Index j, Eigen::Index i) {
  double power = ws.capability_index(j);
  const auto n = s.alliance.rows();
  for (Eigen::Index l = 0; l < n; ++l) {
    const double depth = s.alliance(j, l);
    if (depth > 0.0) power += depth * s.proximity(i, l) * ws.resolved_power(l);
  }
  return power;
}

// Consequences of one rung climbed (onset included): the sides fear each other more, their
// stances sour, and both mobilise.
void ApplyRungShock(State& s, Eigen::Index j, Eigen::Index i) {
  const CrisisParameters& p = s.params.crisis;
  s.perceived_threat(i, j) *= 1.0 + p.threat_shock;
  s.perceived_threat(j, i) *= 1.0 + p.threat_shock;
  s.stance(i, j) = std::max(-1.0, s.stance(i, j) - p.stance_shock);
  s.stance(j, i) = std::max(-1.0, s.stance(j, i) - p.stance_shock);
  crisis::Mobilise(s, j, i);
}

// Closes crisis (j, i): each ally l of the defender supported it with probability
// ρ_l A_il π_il; supporters' depth with i rises by `solidarity`, the others' falls by
// `abandonment` (MODEL.md: deepens A with allies that supported, weakens it with those that
// did not).
void CloseCrisis(State& s, Workspace& ws, Eigen::Index j, Eigen::Index i) {
  s.crisis_rung(j, i) = 0;
  s.crisis_age(j, i) = 0;
  const CrisisParameters& p = s.params.crisis;
  const auto n = s.alliance.rows();
  const auto tick = static_cast<std::uint64_t>(s.tick);
  for (Eigen::Index l = 0; l < n; ++l) {
    if (l == i || l == j) continue;
    const double depth = s.alliance(i, l);
    if (depth <= 0.0) continue;
    const double chance = s.resolve(l) * depth * s.proximity(i, l);
    const bool supported = ws.rng.Uniform(tick, Stream::kSupport, static_cast<std::uint64_t>(i),
                                          static_cast<std::uint64_t>(l),
                                          static_cast<std::uint64_t>(j)) <= chance;
    const double updated = std::clamp(depth + (supported ? p.solidarity : -p.abandonment), 0.0, 1.0);
    s.alliance(i, l) = updated;
    s.alliance(l, i) = updated;
    PushEvent(s, EventRecord{s.tick, EventType::kAllySupport, static_cast<int>(i),
                             static_cast<int>(l), 0, supported ? 1 : 0, -1});
  }
}

// The N x N storage of crises, for crisis::AdvanceCrisis; a slot is the cell (j, i).
struct DenseCrises {
  struct Cell {
    Eigen::Index j, i;
  };
  State& s;
  Workspace& ws;
  int& Rung(Cell c) { return s.crisis_rung(c.j, c.i); }
  int& Age(Cell c) { return s.crisis_age(c.j, c.i); }
  double ChallengerPower(Eigen::Index j, Eigen::Index i, Cell) const { return polarity::ChallengerPower(s, ws, j, i); }
  void Shock(Eigen::Index j, Eigen::Index i, Cell) { ApplyRungShock(s, j, i); }
  void Close(Eigen::Index j, Eigen::Index i, Cell) { CloseCrisis(s, ws, j, i); }
};

void AdvanceOpenCrises(State& s, Workspace& ws) {
  const auto n = s.alliance.rows();
  DenseCrises dyads{s, ws};
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      if (s.crisis_rung(j, i) != 0) crisis::AdvanceCrisis(s, ws, dyads, j, i, DenseCrises::Cell{j, i});
    }
  }
}

// Challenger power for every (challenger j, target i) at once. With A symmetric,
// Σ_l A_jl ρ_l |c_l| π_il = (Π (ρ|c| ∘ A))_ij: one GEMM over the columns of the actors that
// can challenge at all (ι_j > 0), stored transposed, X(c, i) for the c-th challenger, so
// that the onset sweep (target outer, challenger inner) reads it contiguously.
// Writes ws.onset_column (challenger -> column, -1 when ι_j = 0) and ws.onset_power.
void ComputeChallengerPowers(const State& s, Workspace& ws) {
  const auto n = s.alliance.rows();
  Eigen::Index count = 0;
  for (Eigen::Index j = 0; j < n; ++j) {
    if (s.revisionism(j) > 0.0) {
      ws.onset_column[static_cast<std::size_t>(j)] = static_cast<int>(count);
      ws.onset_allies.col(count) = ws.resolved_power.cwiseProduct(s.alliance.col(j));  // ρ|c| ∘ A_j
      ++count;
    } else {
      ws.onset_column[static_cast<std::size_t>(j)] = -1;
    }
  }
  if (count == 0) return;
  // (R x N)(N x N): X = (ρ|c| ∘ A_R)^T Π^T, 2 N^2 R flops.
  ws.products.TransposedProductTopRows(ws.onset_allies, s.proximity, count, ws.onset_power);
}

void StartNewCrises(const Model& model, State& s, Workspace& ws) {
  const double dt = model.dt;
  const auto n = s.alliance.rows();
  const auto tick = static_cast<std::uint64_t>(s.tick);
  ComputeChallengerPowers(s, ws);
  for (Eigen::Index i = 0; i < n; ++i) {        // target
    for (Eigen::Index j = 0; j < n; ++j) {      // challenger
      if (i == j || s.crisis_rung(j, i) != 0) continue;
      const double hostility = std::max(0.0, -s.stance(j, i));
      if (s.revisionism(j) * hostility <= 0.0) continue;
      const Eigen::Index column = ws.onset_column[static_cast<std::size_t>(j)];
      const double challenger = ws.capability_index(j) + ws.onset_power(column, i);
      const double chance =
          crisis::OnsetChance(s, dt, j, challenger, ws.defender_power(i), s.perceived_threat(j, i));
      if (ws.rng.Uniform(tick, Stream::kOnset, static_cast<std::uint64_t>(j),
                         static_cast<std::uint64_t>(i)) <= chance) {
        OpenCrisis(model, s, static_cast<int>(j), static_cast<int>(i));
      }
    }
  }
}

}  // namespace

bool OpenCrisis(const Model& /*model*/, State& s, int challenger, int target) {
  if (challenger == target || s.crisis_rung(challenger, target) != 0) return false;
  struct Cells {  // the storage StartCrisis needs: rung, age and the onset shock
    State& s;
    int& Rung(DenseCrises::Cell c) { return s.crisis_rung(c.j, c.i); }
    int& Age(DenseCrises::Cell c) { return s.crisis_age(c.j, c.i); }
    void Shock(Eigen::Index j, Eigen::Index i, DenseCrises::Cell) { ApplyRungShock(s, j, i); }
  } cells{s};
  crisis::StartCrisis(s, cells, challenger, target, DenseCrises::Cell{challenger, target});
  return true;
}

void ResolveCrises(const Model& model, State& s, Workspace& ws) {
  // Nothing to do without an open crisis when onset is off (rungs are >= 0).
  const bool any_open = s.crisis_rung.size() > 0 && s.crisis_rung.maxCoeff() > 0;
  if (!any_open && !s.params.deterrence.enabled) return;
  // Powers from this tick's stocks: |c|, ρ ∘ |c|, and p_I = |c| + (A ∘ Π)(ρ ∘ |c|), the
  // product taken in one sweep down the columns of A and Π (no N x N temporary).
  const auto n = s.alliance.rows();
  crisis::ComputeResolvedPower(s, ws);
  ws.defender_power.setZero();
  double* defender = ws.defender_power.data();
  for (Eigen::Index l = 0; l < n; ++l) {
    const double* alliance = s.alliance.col(l).data();
    const double* proximity = s.proximity.col(l).data();
    const double power = ws.resolved_power(l);
    for (Eigen::Index i = 0; i < n; ++i) defender[i] += alliance[i] * proximity[i] * power;
  }
  ws.defender_power += ws.capability_index;
  // Open crises move first; crises started this tick act from the next tick on.
  if (any_open) AdvanceOpenCrises(s, ws);
  if (s.params.deterrence.enabled) StartNewCrises(model, s, ws);
}

}  // namespace polarity
