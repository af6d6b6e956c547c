// Phase 7 of a sparse world: crises on ties. Crisis (challenger j, target i) lives on tie
// (j -> i); the ladder itself is crisis_ladder.h, shared with the dense phase. Loops run in
// the dense phase's order (targets ascending, then challengers ascending), so that with
// every pair tied the same draws meet the same states.

#include <algorithm>

#include "core/crisis_ladder.h"
#include "core/tie_phases.h"

namespace polarity {
namespace {

// p_J = |c_j| + Σ_l A_jl ρ_l π_il |c_l| over j's allies l, in ascending l as the dense sum;
// π_il is on tie (i -> l), 1 for l = i, and 0 when i and l are not tied.
double ChallengerPowerOnTies(const Model& model, const State& s, const Workspace& ws, Eigen::Index j,
                             Eigen::Index i) {
  const TieSet& ties = model.ties;
  double power = ws.capability_index(j);
  int il = ties.begin(i);
  const int il_end = ties.end(i);
  for (int jl = ties.begin(j); jl < ties.end(j); ++jl) {
    const double depth = s.tie.alliance(jl);
    if (depth <= 0.0) continue;
    const int l = ties.target[jl];
    while (il < il_end && ties.target[il] < l) ++il;
    const double proximity = l == i ? 1.0 : (il < il_end && ties.target[il] == l ? s.tie.proximity(il) : 0.0);
    power += depth * proximity * ws.resolved_power(l);
  }
  return power;
}

// ApplyRungShock on tie c = (j -> i).
void ApplyRungShockOnTie(State& s, const TieSet& ties, Eigen::Index j, Eigen::Index i, int c) {
  const CrisisParameters& p = s.params.crisis;
  const int back = ties.reverse[c];  // (i -> j)
  s.tie.perceived_threat(back) *= 1.0 + p.threat_shock;
  s.tie.perceived_threat(c) *= 1.0 + p.threat_shock;
  s.tie.stance(back) = std::max(-1.0, s.tie.stance(back) - p.stance_shock);
  s.tie.stance(c) = std::max(-1.0, s.tie.stance(c) - p.stance_shock);
  crisis::Mobilise(s, j, i);
}

// CloseCrisis on tie c = (j -> i): the defender's allies l, ascending, each supporting with
// probability ρ_l A_il π_il.
void CloseCrisisOnTie(State& s, Workspace& ws, const TieSet& ties, Eigen::Index j, Eigen::Index i, int c) {
  s.tie.crisis_rung(c) = 0;
  s.tie.crisis_age(c) = 0;
  const CrisisParameters& p = s.params.crisis;
  const auto tick = static_cast<std::uint64_t>(s.tick);
  for (int il = ties.begin(i); il < ties.end(i); ++il) {
    const int l = ties.target[il];
    if (l == j) continue;
    const double depth = s.tie.alliance(il);
    if (depth <= 0.0) continue;
    const double chance = s.resolve(l) * depth * s.tie.proximity(il);
    const bool supported = ws.rng.Uniform(tick, Stream::kSupport, static_cast<std::uint64_t>(i),
                                          static_cast<std::uint64_t>(l), static_cast<std::uint64_t>(j)) <= chance;
    const double updated = std::clamp(depth + (supported ? p.solidarity : -p.abandonment), 0.0, 1.0);
    s.tie.alliance(il) = updated;
    s.tie.alliance(ties.reverse[il]) = updated;
    PushEvent(s, EventRecord{s.tick, EventType::kAllySupport, static_cast<int>(i), l, 0, supported ? 1 : 0, -1});
  }
}

// The tie storage of crises, for crisis::AdvanceCrisis and crisis::StartCrisis; a slot is
// the tie (challenger -> target).
struct TieCrises {
  const Model& model;
  State& s;
  Workspace& ws;
  int& Rung(int c) { return s.tie.crisis_rung(c); }
  int& Age(int c) { return s.tie.crisis_age(c); }
  double ChallengerPower(Eigen::Index j, Eigen::Index i, int) const { return ChallengerPowerOnTies(model, s, ws, j, i); }
  void Shock(Eigen::Index j, Eigen::Index i, int c) { ApplyRungShockOnTie(s, model.ties, j, i, c); }
  void Close(Eigen::Index j, Eigen::Index i, int c) { CloseCrisisOnTie(s, ws, model.ties, j, i, c); }
};

}  // namespace

bool OpenCrisisOnTies(const Model& model, State& s, int challenger, int target) {
  const int c = model.ties.Find(challenger, target);
  if (c < 0 || s.tie.crisis_rung(c) != 0) return false;
  struct Slots {
    const Model& model;
    State& s;
    int& Rung(int e) { return s.tie.crisis_rung(e); }
    int& Age(int e) { return s.tie.crisis_age(e); }
    void Shock(Eigen::Index j, Eigen::Index i, int e) { ApplyRungShockOnTie(s, model.ties, j, i, e); }
  } slots{model, s};
  crisis::StartCrisis(s, slots, challenger, target, c);
  return true;
}

void ResolveCrisesOnTies(const Model& model, State& s, Workspace& ws) {
  const bool any_open = s.tie.crisis_rung.size() > 0 && s.tie.crisis_rung.maxCoeff() > 0;
  if (!any_open && !s.params.deterrence.enabled) return;
  const TieSet& ties = model.ties;
  const auto n = s.milex.size();
  // p_I = |c_i| + Σ_l A_il π_il ρ_l |c_l| over i's ties.
  crisis::ComputeResolvedPower(s, ws);
  for (Eigen::Index i = 0; i < n; ++i) {
    double allies = 0.0;
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      allies += s.tie.alliance(e) * s.tie.proximity(e) * ws.resolved_power(ties.target[e]);
    }
    ws.defender_power(i) = allies + ws.capability_index(i);
  }
  TieCrises dyads{model, s, ws};
  // Open crises move first; crises started this tick act from the next tick on.
  if (any_open) {
    for (Eigen::Index i = 0; i < n; ++i) {        // target
      for (int e = ties.begin(i); e < ties.end(i); ++e) {
        const int c = ties.reverse[e];            // (challenger j -> target i)
        if (s.tie.crisis_rung(c) != 0) crisis::AdvanceCrisis(s, ws, dyads, ties.target[e], i, c);
      }
    }
  }
  if (!s.params.deterrence.enabled) return;
  const auto tick = static_cast<std::uint64_t>(s.tick);
  for (Eigen::Index i = 0; i < n; ++i) {          // target
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      const int j = ties.target[e];               // challenger
      const int c = ties.reverse[e];
      if (s.tie.crisis_rung(c) != 0) continue;
      const double hostility = std::max(0.0, -s.tie.stance(c));
      if (s.revisionism(j) * hostility <= 0.0) continue;
      const double chance = crisis::OnsetChance(s, model.dt, j, ChallengerPowerOnTies(model, s, ws, j, i),
                                                ws.defender_power(i), s.tie.perceived_threat(c));
      if (ws.rng.Uniform(tick, Stream::kOnset, static_cast<std::uint64_t>(j), static_cast<std::uint64_t>(i)) <= chance) {
        crisis::StartCrisis(s, dyads, j, static_cast<int>(i), c);
      }
    }
  }
}

}  // namespace polarity
