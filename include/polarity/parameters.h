#pragma once
// Model parameters: the global coefficients of MODEL.md section 2, with their defaults.
//
// The member initialisers below are the single source of the defaults. The table returned
// by ParameterSpecs() adds, for every field, its path under `parameters.` in a scenario, its
// range, unit and meaning; the loader, `--set`, the manifest and docs/model.md all read it.

#include <span>
#include <string>
#include <string_view>

namespace polarity {

struct PerceptionParameters {
  bool enabled = true;   // off: P = T every tick (no lag, no noise)
  double lag = 0.3;      // λ: share of the gap to the raw threat closed per tick, [0, 1]
  double noise = 0.1;    // σ: misperception, multiplicative N(0, σ²), [0, 5]
};

struct ArmsRaceParameters {
  bool enabled = true;          // off: milex stays at its value (events may still change it)
  double burden_sharing = 0.5;  // φ: weight of allies' forces in reducing defence need, [0, 1]
};

struct AllocationParameters {
  bool enabled = true;  // off: allocation shares stay fixed
  double rate = 0.2;    // μ: rate at which shares move toward the domain-threat mix, 1/year
};

struct CapabilityParameters {
  bool enabled = true;         // off: stocks neither depreciate nor accumulate
  double depreciation = 0.08;  // δ: default depreciation of every domain, 1/year
};

struct EconomyParameters {
  bool enabled = true;  // off: GDP stays constant
};

struct AllianceParameters {
  bool enabled = true;
  double rate = 0.1;             // η: deepening per unit shared threat, 1/year
  double balance_weight = 0.5;   // β: weight of structural-balance pressure B
  double decay = 0.1;            // ν: decay of depth toward 0, 1/year
  double min_stance = -0.2;      // s_min: pairs with stance at or below it do not deepen
  double friction_weight = 0.1;  // η_F: loss of depth per unit friction, 1/year
  double bloc_threshold = 0.4;   // depth at or above which two actors share a bloc
};

struct StanceParameters {
  bool enabled = true;
  double balance_rate = 0.2;   // ζ_B: pull toward structural balance, 1/year
  double threat_rate = 0.1;    // ζ_T: souring by perceived threat share, 1/year
  double alliance_rate = 0.05; // ζ_A: warming by alliance depth, 1/year
};

struct DeterrenceParameters {
  bool enabled = true;         // off: no crisis starts by itself (events may still start one)
  double base_rate = 0.2;      // crisis onset rate per ordered hostile pair at logistic = 1, 1/year
  double force_exponent = 1.0; // r: contest-success exponent
  double war_cost = 0.5;       // κ: challenger's cost of losing, in units of revisionism
  double onset_bias = -2.0;    // u0
  double onset_utility = 3.0;  // u1: weight of expected utility U
  double onset_fear = 1.0;     // u2: weight of the challenger's perceived threat P_ji / P_ref
  double threat_reference = 1000.0;  // P_ref, USD bn eq.
};

struct CrisisParameters {
  double escalation = 0.35;   // per-tick escalation propensity (scaled by q and resolve)
  double backdown = 0.35;     // per-tick back-down propensity (scaled by 1-q and 1-resolve)
  int max_ticks = 8;          // a crisis unresolved after this many ticks lapses (held)
  double threat_shock = 0.1;  // relative rise of P between the sides per rung climbed
  double stance_shock = 0.05; // fall of stance between the sides per rung climbed
  double mobilisation = 0.05; // relative milex rise of both sides per rung climbed
  double solidarity = 0.05;   // depth gained with each ally that supported the defender
  double abandonment = 0.05;  // depth lost with each ally that did not
};

struct EventParameters {
  bool enabled = true;  // off: scheduled events are ignored
};

struct Parameters {
  PerceptionParameters perception;
  ArmsRaceParameters arms_race;
  AllocationParameters allocation;
  CapabilityParameters capability;
  EconomyParameters economy;
  AllianceParameters alliance;
  StanceParameters stance;
  DeterrenceParameters deterrence;
  CrisisParameters crisis;
  EventParameters events;
};

enum class ParameterKind { kReal, kInteger, kBoolean };

// One row of the parameter table. Booleans and integers travel as doubles (0/1, whole).
struct ParameterSpec {
  std::string_view path;     // under `parameters.`, e.g. "alliance.rate"
  ParameterKind kind;
  double min;                // inclusive bounds
  double max;
  std::string_view unit;
  std::string_view meaning;
  double (*get)(const Parameters&);
  void (*set)(Parameters&, double);
};

// Every parameter, in documentation order.
std::span<const ParameterSpec> ParameterSpecs();

// The spec whose path equals `path`, or nullptr.
const ParameterSpec* FindParameter(std::string_view path);

// Checks every bound; on failure writes one line per violation ("alliance.rate = -1 is
// below its minimum 0") to *error and returns false.
bool IsValid(const Parameters& parameters, std::string* error);

}  // namespace polarity
