#include "io/series.h"

#include <array>

namespace polarity::io {
namespace {

using S = VariableScope;

constexpr std::array<VariableInfo, kSystemVariableCount + kActorVariableCount +
                                       kDyadVariableCount>
    kVariables = {{
        {"milex_total", S::kSystem, 0, false, "total military expenditure, USD bn/year"},
        {"arms_race_index", S::kSystem, 1, false, "annualised growth of milex_total over the last tick, 1/year"},
        {"blocs", S::kSystem, 2, true, "number of blocs (components of alliance depth >= bloc_threshold)"},
        {"polarization", S::kSystem, 3, false, "share of hostility running between blocs"},
        {"balance", S::kSystem, 4, false, "share of balanced signed triads"},
        {"crises_active", S::kSystem, 5, true, "open crises, every rung"},
        {"crises_active_crisis", S::kSystem, 6, true, "open crises at rung crisis"},
        {"crises_active_show_of_force", S::kSystem, 7, true, "open crises at rung show_of_force"},
        {"crises_active_limited_clash", S::kSystem, 8, true, "open crises at rung limited_clash"},
        {"crises_active_war", S::kSystem, 9, true, "open crises at rung war"},
        {"crises_total", S::kSystem, 10, true, "crises started so far"},
        {"deterrence_successes", S::kSystem, 11, true, "crises so far in which the challenger backed down or that lapsed"},
        {"deterrence_failures", S::kSystem, 12, true, "crises so far that reached limited_clash"},
        {"concessions", S::kSystem, 13, true, "crises so far in which the defender backed down"},
        {"wars", S::kSystem, 14, true, "crises so far that reached war"},
        {"landscape_energy", S::kSystem, 15, false, "landscape energy E(X) of the two-bloc configuration X read from the alliances"},
        {"landscape_gap", S::kSystem, 16, false, "E(X) - E(X*), X* the end of myopic switching from X; 0 at a local minimum"},
        {"milex", S::kActor, 0, false, "military expenditure, USD bn/year"},
        {"gdp", S::kActor, 1, false, "GDP, USD bn"},
        {"burden", S::kActor, 2, false, "milex / gdp"},
        {"capability", S::kActor, 3, false, "capability index: stock summed over domains, USD bn eq."},
        {"threat", S::kActor, 4, false, "perceived threat summed over other actors, USD bn eq."},
        {"defence_need", S::kActor, 5, false, "Richardson defence need, USD bn eq."},
        {"crises_started", S::kActor, 6, true, "crises started against the actor since the previous recorded tick"},
        {"crises_initiated", S::kActor, 7, true, "crises started by the actor since the previous recorded tick"},
        {"bloc", S::kActor, 8, true, "index (model order) of the first actor of the actor's bloc"},
        {"frustration", S::kActor, 9, false, "landscape frustration F_i(X) in the two-bloc configuration X"},
        {"alliance", S::kDyad, 0, false, "alliance depth, written for actor index < counterpart index"},
        {"stance", S::kDyad, 1, false, "stance of actor toward counterpart"},
        {"perceived_threat", S::kDyad, 2, false, "threat counterpart poses to actor as actor perceives it, USD bn eq."},
    }};

constexpr int kActorOffset = kSystemVariableCount;
constexpr int kDyadOffset = kSystemVariableCount + kActorVariableCount;

// The table is in enum order: position within its scope equals `index`.
constexpr bool TableMatchesEnums() {
  for (int k = 0; k < static_cast<int>(kVariables.size()); ++k) {
    const VariableInfo& v = kVariables[static_cast<std::size_t>(k)];
    const int offset = v.scope == S::kSystem ? 0 : v.scope == S::kActor ? kActorOffset : kDyadOffset;
    if (v.index != k - offset) return false;
  }
  return true;
}
static_assert(TableMatchesEnums(), "kVariables out of enum order");

}  // namespace

std::span<const VariableInfo> Variables() { return kVariables; }

const VariableInfo* FindVariable(std::string_view name) {
  for (const VariableInfo& info : kVariables) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

bool IsLandscapeVariable(SystemVariable v) {
  return v == SystemVariable::kLandscapeEnergy || v == SystemVariable::kLandscapeGap;
}
bool IsLandscapeVariable(ActorVariable v) { return v == ActorVariable::kFrustration; }

std::string_view VariableName(SystemVariable v) {
  return kVariables[static_cast<std::size_t>(v)].name;
}
std::string_view VariableName(ActorVariable v) {
  return kVariables[kActorOffset + static_cast<std::size_t>(v)].name;
}
std::string_view VariableName(DyadVariable v) {
  return kVariables[kDyadOffset + static_cast<std::size_t>(v)].name;
}

}  // namespace polarity::io
