#pragma once
// The variables of timeseries.csv and the numeric copy of a run's recorded values that
// outcome reducers (outcomes.h) read.
//
// Variable order is part of the output contract: within one tick, timeseries.csv holds the
// system variables, then for each actor (model order) its actor variables, then for each
// ordered pair (i, j) its dyad variables, each group in the order of the enums below.

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace polarity::io {

enum class VariableScope : int { kSystem, kActor, kDyad };

// System metrics (actor and counterpart empty), in output order.
enum class SystemVariable : int {
  kMilexTotal,               // Σ m_i, USD bn/year
  kArmsRaceIndex,            // ln(M_t / M_{t-1}) / dt, 1/year
  kBlocs,                    // number of blocs (components of A >= bloc_threshold)
  kPolarization,             // share of hostility running between blocs
  kBalance,                  // share of balanced signed triads
  kCrisesActive,             // open crises, every rung
  kCrisesActiveCrisis,       // open crises at rung crisis
  kCrisesActiveShowOfForce,  // ... show_of_force
  kCrisesActiveLimitedClash, // ... limited_clash
  kCrisesActiveWar,          // ... war
  kCrisesTotal,              // cumulative crises started
  kDeterrenceSuccesses,      // cumulative
  kDeterrenceFailures,       // cumulative
  kConcessions,              // cumulative
  kWars,                     // cumulative
  kLandscapeEnergy,          // E(X) of the state's two-bloc configuration (analysis/landscape.h)
  kLandscapeGap,             // E(X) - E(X*), X* the end of myopic switching from X, >= 0
  kCount
};

// Actor metrics (counterpart empty), in output order.
enum class ActorVariable : int {
  kMilex,            // m_i, USD bn/year
  kGdp,              // y_i, USD bn
  kBurden,           // m_i / y_i
  kCapability,       // |c_i| = Σ_k c_ik, USD bn eq.
  kThreat,           // Σ_j P_ij, USD bn eq.
  kDefenceNeed,      // θ_i, USD bn eq.
  kCrisesStarted,    // crises started against i since the previous recorded tick
  kCrisesInitiated,  // crises started by i since the previous recorded tick
  kBloc,             // index of the first actor (model order) of i's bloc
  kFrustration,      // F_i(X), landscape frustration in the state's two-bloc configuration
  kCount
};

// Dyad values (actor i, counterpart j), in output order.
enum class DyadVariable : int {
  kAlliance,         // A_ij, written for i < j only
  kStance,           // S_ij, i != j
  kPerceivedThreat,  // P_ij: threat j poses to i, i != j
  kCount
};

inline constexpr int kSystemVariableCount = static_cast<int>(SystemVariable::kCount);
inline constexpr int kActorVariableCount = static_cast<int>(ActorVariable::kCount);
inline constexpr int kDyadVariableCount = static_cast<int>(DyadVariable::kCount);

struct VariableInfo {
  std::string_view name;  // as written in the `variable` column
  VariableScope scope;
  int index;              // value of the SystemVariable / ActorVariable / DyadVariable
  bool integer;           // written as an integer
  std::string_view meaning;
};

// Every variable: system, then actor, then dyad, each in output order.
std::span<const VariableInfo> Variables();
const VariableInfo* FindVariable(std::string_view name);
// The landscape variables (landscape_energy, landscape_gap, frustration) are undefined, not
// written and NaN in RunSeries, when analysis::MeasureStateLandscape is (a world whose dyads
// live on ties, or non-finite sizes).
bool IsLandscapeVariable(SystemVariable v);
bool IsLandscapeVariable(ActorVariable v);
std::string_view VariableName(SystemVariable v);
std::string_view VariableName(ActorVariable v);
std::string_view VariableName(DyadVariable v);

// The system and actor values of one run at each recorded tick (dyads are not kept: they
// would cost N² per tick and no reducer reads them).
struct RunSeries {
  int num_actors = 0;
  std::vector<int> ticks;       // recorded ticks, increasing
  std::vector<double> system;   // [tick index][system variable]
  std::vector<double> actor;    // [tick index][actor variable][actor]

  void Reset(int actors) {
    num_actors = actors;
    ticks.clear();
    system.clear();
    actor.clear();
  }
  std::size_t size() const { return ticks.size(); }

  // Appends a tick with every value 0; returns its index.
  std::size_t AddTick(int tick) {
    ticks.push_back(tick);
    system.resize(system.size() + kSystemVariableCount, 0.0);
    actor.resize(actor.size() + static_cast<std::size_t>(kActorVariableCount) * num_actors, 0.0);
    return ticks.size() - 1;
  }
  // Removes the last tick.
  void PopTick() {
    ticks.pop_back();
    system.resize(system.size() - kSystemVariableCount);
    actor.resize(actor.size() - static_cast<std::size_t>(kActorVariableCount) * num_actors);
  }
  double& System(std::size_t t, SystemVariable v) {
    return system[t * kSystemVariableCount + static_cast<std::size_t>(v)];
  }
  double System(std::size_t t, SystemVariable v) const {
    return system[t * kSystemVariableCount + static_cast<std::size_t>(v)];
  }
  double& Actor(std::size_t t, ActorVariable v, int i) {
    return actor[(t * kActorVariableCount + static_cast<std::size_t>(v)) * num_actors + i];
  }
  double Actor(std::size_t t, ActorVariable v, int i) const {
    return actor[(t * kActorVariableCount + static_cast<std::size_t>(v)) * num_actors + i];
  }
};

}  // namespace polarity::io
