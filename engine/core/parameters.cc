// The parameter table: path, kind, range, unit and meaning of every model parameter.
// Defaults are the member initialisers in include/polarity/parameters.h.

#include "polarity/parameters.h"

#include <array>
#include <cmath>
#include <sstream>

namespace polarity {
namespace {

using K = ParameterKind;

// One row per field; the accessors are captureless lambdas so the table is constexpr data.
#define POLARITY_PARAM(group, field, kind, lo, hi, unit, meaning)                       \
  ParameterSpec {                                                                     \
    #group "." #field, kind, lo, hi, unit, meaning,                                   \
        [](const Parameters& p) { return static_cast<double>(p.group.field); },       \
        [](Parameters& p, double v) { p.group.field = static_cast<decltype(p.group.field)>(v); } \
  }

const auto kSpecs = std::to_array<ParameterSpec>({
    POLARITY_PARAM(perception, enabled, K::kBoolean, 0, 1, "-", "Perception lag and noise on; off: P = T each tick"),
    POLARITY_PARAM(perception, lag, K::kReal, 0, 1, "share/tick", "λ: share of the gap between perceived and raw threat closed per tick"),
    POLARITY_PARAM(perception, noise, K::kReal, 0, 5, "-", "σ: misperception; raw threat is multiplied by max(0, 1 + σ ε), ε ~ N(0,1)"),
    POLARITY_PARAM(arms_race, enabled, K::kBoolean, 0, 1, "-", "Richardson spending dynamics on"),
    POLARITY_PARAM(arms_race, burden_sharing, K::kReal, 0, 1, "-", "φ: weight of allies' forces (seen through i's concerns) in reducing i's defence need"),
    POLARITY_PARAM(allocation, enabled, K::kBoolean, 0, 1, "-", "Allocation shares follow the domain mix of threat"),
    POLARITY_PARAM(allocation, rate, K::kReal, 0, 4, "1/year", "μ: rate at which allocation moves toward the normalised domain threat"),
    POLARITY_PARAM(capability, enabled, K::kBoolean, 0, 1, "-", "Capability stocks depreciate and accumulate"),
    POLARITY_PARAM(capability, depreciation, K::kReal, 0, 1, "1/year", "δ: depreciation of every domain without its own `depreciation` entry"),
    POLARITY_PARAM(economy, enabled, K::kBoolean, 0, 1, "-", "GDP grows at each actor's gdp_growth"),
    POLARITY_PARAM(alliance, enabled, K::kBoolean, 0, 1, "-", "Alliance deepening and decay on"),
    POLARITY_PARAM(alliance, rate, K::kReal, 0, 10, "1/year", "η: deepening per unit of shared threat Q (cosine similarity of threat profiles)"),
    POLARITY_PARAM(alliance, balance_weight, K::kReal, 0, 10, "-", "β: weight of structural-balance pressure B = S S / N against shared threat"),
    POLARITY_PARAM(alliance, decay, K::kReal, 0, 10, "1/year", "ν: relative decay of depth"),
    POLARITY_PARAM(alliance, min_stance, K::kReal, -1, 1, "-", "s_min: a pair deepens only while both stances exceed it"),
    POLARITY_PARAM(alliance, friction_weight, K::kReal, 0, 10, "1/year", "η_F: depth lost per unit friction"),
    POLARITY_PARAM(alliance, bloc_threshold, K::kReal, 0, 1, "-", "Depth at or above which two actors are in one bloc"),
    POLARITY_PARAM(stance, enabled, K::kBoolean, 0, 1, "-", "Stance drift on"),
    POLARITY_PARAM(stance, balance_rate, K::kReal, 0, 10, "1/year", "ζ_B: pull of structural balance (friend of a friend, enemy of an enemy)"),
    POLARITY_PARAM(stance, threat_rate, K::kReal, 0, 10, "1/year", "ζ_T: souring toward the actors that make up i's perceived threat, damped by interdependence"),
    POLARITY_PARAM(stance, alliance_rate, K::kReal, 0, 10, "1/year", "ζ_A: warming toward allies, per unit depth"),
    POLARITY_PARAM(deterrence, enabled, K::kBoolean, 0, 1, "-", "Crises start by themselves (scheduled crises start either way)"),
    POLARITY_PARAM(deterrence, base_rate, K::kReal, 0, 100, "1/year", "Crisis onset rate of a hostile ordered pair when the logistic term is 1"),
    POLARITY_PARAM(deterrence, force_exponent, K::kReal, 0.1, 10, "-", "r: contest-success exponent in q = p_J^r / (p_J^r + p_I^r)"),
    POLARITY_PARAM(deterrence, war_cost, K::kReal, 0, 10, "-", "κ: challenger's cost of a failed challenge, in units of revisionism"),
    POLARITY_PARAM(deterrence, onset_bias, K::kReal, -20, 20, "-", "u0: logistic intercept of crisis onset"),
    POLARITY_PARAM(deterrence, onset_utility, K::kReal, -20, 20, "-", "u1: weight of the expected utility U of a challenge"),
    POLARITY_PARAM(deterrence, onset_fear, K::kReal, -20, 20, "-", "u2: weight of the challenger's perceived threat from the target, P_ji / P_ref"),
    POLARITY_PARAM(deterrence, threat_reference, K::kReal, 1e-6, 1e9, "USD bn eq.", "P_ref: perceived threat that counts as one unit in crisis onset"),
    POLARITY_PARAM(crisis, escalation, K::kReal, 0, 1, "per tick", "Escalation propensity, scaled by win probability and resolve"),
    POLARITY_PARAM(crisis, backdown, K::kReal, 0, 1, "per tick", "Back-down propensity, scaled by loss probability and lack of resolve"),
    POLARITY_PARAM(crisis, max_ticks, K::kInteger, 1, 1000, "ticks", "A crisis still open after this many ticks lapses (deterrence held)"),
    POLARITY_PARAM(crisis, threat_shock, K::kReal, 0, 10, "-", "Relative rise of the sides' perceived threat of each other per rung climbed"),
    POLARITY_PARAM(crisis, stance_shock, K::kReal, 0, 2, "-", "Fall of the sides' stances toward each other per rung climbed"),
    POLARITY_PARAM(crisis, mobilisation, K::kReal, 0, 10, "-", "Relative rise of both sides' spending per rung climbed"),
    POLARITY_PARAM(crisis, solidarity, K::kReal, 0, 1, "-", "Depth gained with each ally that supported the defender"),
    POLARITY_PARAM(crisis, abandonment, K::kReal, 0, 1, "-", "Depth lost with each ally that did not"),
    POLARITY_PARAM(events, enabled, K::kBoolean, 0, 1, "-", "Scheduled events apply"),
});

#undef POLARITY_PARAM

}  // namespace

std::span<const ParameterSpec> ParameterSpecs() { return kSpecs; }

const ParameterSpec* FindParameter(std::string_view path) {
  for (const ParameterSpec& spec : kSpecs) {
    if (spec.path == path) return &spec;
  }
  return nullptr;
}

bool IsValid(const Parameters& parameters, std::string* error) {
  std::ostringstream out;
  bool ok = true;
  for (const ParameterSpec& spec : kSpecs) {
    const double v = spec.get(parameters);
    const char* why = nullptr;
    if (!std::isfinite(v)) why = "is not finite";
    else if (v < spec.min) why = "is below its minimum";
    else if (v > spec.max) why = "is above its maximum";
    if (why != nullptr) {
      ok = false;
      out << "parameters." << spec.path << " = " << v << ' ' << why << " (range ["
          << spec.min << ", " << spec.max << "])\n";
    }
  }
  if (!ok && error != nullptr) *error = out.str();
  return ok;
}

}  // namespace polarity
