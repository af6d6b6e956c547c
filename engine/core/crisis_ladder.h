#pragma once
// The rules of phase 7 that do not depend on how dyads are stored, shared by the dense
// phase (crisis.cc, N x N arrays) and the sparse one (tie_crisis.cc, arrays over ties).

#include <algorithm>
#include <cmath>

#include "core/phases.h"
#include "core/workspace.h"

namespace polarity::crisis {

// Contest success (Tullock 1980): the challenger's chance q = p_J^r / (p_J^r + p_I^r).
inline double WinProbability(double challenger, double defender, double exponent) {
  // pow(x, 1) is x exactly; the default exponent skips two calls to pow per pair.
  const double c = std::max(challenger, 0.0), d = std::max(defender, 0.0);
  const double a = exponent == 1.0 ? c : std::pow(c, exponent);
  const double b = exponent == 1.0 ? d : std::pow(d, exponent);
  return a + b > 0.0 ? a / (a + b) : 0.5;
}

// Chance that challenger j starts a crisis against target i this tick, from its power p_J,
// the target's p_I and j's perceived threat from i (USD bn eq.).
inline double OnsetChance(const State& s, double dt, Eigen::Index j, double challenger_power,
                          double defender_power, double threat_from_target) {
  const DeterrenceParameters& p = s.params.deterrence;
  const double q = WinProbability(challenger_power, defender_power, p.force_exponent);
  // U = q ι_j - (1 - q) κ: expected value of a challenge to the challenger.
  const double utility = q * s.revisionism(j) - (1.0 - q) * p.war_cost;
  const double x = p.onset_bias + p.onset_utility * utility + p.onset_fear * threat_from_target / p.threat_reference;
  return std::min(1.0, dt * p.base_rate / (1.0 + std::exp(-x)));
}

// Both sides mobilise when a rung is climbed (onset included).
inline void Mobilise(State& s, Eigen::Index j, Eigen::Index i) {
  const double mobilisation = s.params.crisis.mobilisation;
  s.milex(i) *= 1.0 + mobilisation;
  s.milex(j) *= 1.0 + mobilisation;
  ClampMilex(s, i);
  ClampMilex(s, j);
}

enum class Move { kBackDown, kHold, kEscalate };

inline Move Choose(double u, double back_down, double escalate) {
  if (u <= back_down) return Move::kBackDown;
  if (u <= back_down + escalate) return Move::kEscalate;
  return Move::kHold;
}

// One tick of the open crisis (challenger j, target i) held in `slot` of `dyads`, which
// provides
//   int& Rung(Slot), int& Age(Slot): the crisis' rung and age;
//   double ChallengerPower(j, i, Slot): p_J = |c_j| + Σ_l A_jl ρ_l π_il |c_l|;
//   void Shock(j, i, Slot): the consequences of a rung climbed (ApplyRungShock);
//   void Close(j, i, Slot): the end of the crisis, with the allies' support (CloseCrisis).
// Needs ws.capability_index and ws.defender_power of this tick.
template <class Dyads, class Slot>
void AdvanceCrisis(State& s, Workspace& ws, Dyads& dyads, Eigen::Index j, Eigen::Index i, Slot slot) {
  const CrisisParameters& p = s.params.crisis;
  const auto tick = static_cast<std::uint64_t>(s.tick);
  const int a = static_cast<int>(j), b = static_cast<int>(i);
  const double defender = ws.defender_power(i);
  const double q = WinProbability(dyads.ChallengerPower(j, i, slot), defender, s.params.deterrence.force_exponent);
  // The defender's resolve is stiffened by the share of its power that allies bring.
  const double support = defender > 0.0 ? (defender - ws.capability_index(i)) / defender : 0.0;
  const double resolve_i = s.resolve(i) + (1.0 - s.resolve(i)) * support;
  const double resolve_j = s.resolve(j);
  const Move challenger =
      Choose(ws.rng.Uniform(tick, Stream::kCrisisChallenger, static_cast<std::uint64_t>(j), static_cast<std::uint64_t>(i)),
             p.backdown * (1.0 - q) * (1.0 - resolve_j), p.escalation * q * resolve_j);
  const Move defence =
      Choose(ws.rng.Uniform(tick, Stream::kCrisisDefender, static_cast<std::uint64_t>(j), static_cast<std::uint64_t>(i)),
             p.backdown * q * (1.0 - resolve_i), p.escalation * (1.0 - q) * resolve_i);
  dyads.Age(slot) += 1;
  if (challenger == Move::kBackDown) {
    ++s.deterrence_successes;
    PushEvent(s, EventRecord{s.tick, EventType::kDeterrenceHeld, a, b, 0, 0, -1});
    dyads.Close(j, i, slot);
  } else if (defence == Move::kBackDown) {
    ++s.concessions;
    PushEvent(s, EventRecord{s.tick, EventType::kDefenderConceded, a, b, 0, 0, -1});
    dyads.Close(j, i, slot);
  } else if (challenger == Move::kEscalate || defence == Move::kEscalate) {
    const int from = dyads.Rung(slot);
    const int to = from + 1;
    dyads.Rung(slot) = to;
    PushEvent(s, EventRecord{s.tick, EventType::kCrisisRung, a, b, from, to, -1});
    dyads.Shock(j, i, slot);
    if (to == static_cast<int>(Rung::kLimitedClash)) {
      ++s.deterrence_failures;
      PushEvent(s, EventRecord{s.tick, EventType::kDeterrenceFailed, a, b, 0, to, -1});
    }
    if (to == static_cast<int>(Rung::kWar)) {
      ++s.wars;
      PushEvent(s, EventRecord{s.tick, EventType::kWar, a, b, 0, to, -1});
      dyads.Close(j, i, slot);
    }
  } else if (dyads.Age(slot) >= p.max_ticks) {
    // Neither side moved for the crisis' whole span: the status quo held.
    ++s.deterrence_successes;
    PushEvent(s, EventRecord{s.tick, EventType::kDeterrenceHeld, a, b, 0, 1, -1});
    dyads.Close(j, i, slot);
  }
}

// Opens crisis (challenger j, target i) at rung 1 in `slot` (the caller checked it is free):
// counters, the crisis_start event and the onset shock.
template <class Dyads, class Slot>
void StartCrisis(State& s, Dyads& dyads, int challenger, int target, Slot slot) {
  dyads.Rung(slot) = static_cast<int>(Rung::kCrisis);
  dyads.Age(slot) = 0;
  s.crises_started_target(target) += 1;
  s.crises_started_challenger(challenger) += 1;
  ++s.crises_total;
  PushEvent(s, EventRecord{s.tick, EventType::kCrisisStart, challenger, target, 0, 1, -1});
  dyads.Shock(challenger, target, slot);
}

// p_I = |c| + (A ∘ Π)(ρ ∘ |c|) needs |c| and ρ ∘ |c| first: ws.capability_index and
// ws.resolved_power from this tick's stocks.
inline void ComputeResolvedPower(const State& s, Workspace& ws) {
  ws.capability_index = s.capability.rowwise().sum();
  ws.resolved_power = s.resolve.cwiseProduct(ws.capability_index);
}

}  // namespace polarity::crisis
