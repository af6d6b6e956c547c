#pragma once
// The user-facing description of a scenario, as read from YAML (schema `polarity/scenario 1`).
//
// It keeps what the user wrote: ids as strings, optional fields, provenance and the file
// position of every value, so that errors and `polarity check` can point at it. Nothing here
// is read by a tick: CompileModel() (model.h) turns a validated Scenario into a Model.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "polarity/diagnostics.h"
#include "polarity/parameters.h"

namespace polarity {

// A number as written: plainly (`0.45`) or sourced (`{value, source, quote, note}`).
struct SourcedValue {
  double value = 0.0;
  bool present = false;    // false: not in the file; the compiler uses the default
  std::string source;      // id into Scenario::sources, empty when uncited
  std::string quote;
  std::string note;
  SourceLocation where;

  bool cited() const { return !source.empty(); }
};

struct SourceSpec {
  std::string id;
  std::string citation;
  SourceLocation where;
};

struct ActorSpec {
  std::string id;    // map key, e.g. "CHN"
  std::string name;  // display name, defaults to id
  SourceLocation where;

  SourcedValue lat, lon;         // capital, degrees
  SourcedValue reach_km;         // R_i, km (default 2000)
  SourcedValue gdp;              // y_i, USD bn (required)
  SourcedValue gdp_growth;       // γ_i, 1/year (default 0.02)
  SourcedValue milex;            // m_i, USD bn/year (required)
  SourcedValue milex_floor;      // m_min_i, USD bn/year (default 0)
  SourcedValue burden_cap;       // b_i, share of GDP (default 0.1)
  SourcedValue efficiency;       // e_i (default 1)
  SourcedValue resolve;          // ρ_i in [0,1] (default 0.5)
  SourcedValue revisionism;      // ι_i in [0,1] (default 0)
  SourcedValue reactivity;       // richardson.reactivity k_i, 1/year (default 0.01)
  SourcedValue fatigue;          // richardson.fatigue α_i, 1/year (default 0.05)
  SourcedValue grievance;        // richardson.grievance g_i, USD bn/year (default 0)
  // Per domain, keyed by domain name; absent domains take the default (capability: the
  // steady state e m a / δ; allocation and concern: spread evenly), shares are normalised.
  std::map<std::string, SourcedValue> capability;
  std::map<std::string, SourcedValue> allocation;
  std::map<std::string, SourcedValue> concern;
};

// One `relations:` entry. Symmetric (`between: [A, B]`) or directed (`from: A, to: B`);
// A and B may be actor ids or group names, which expand to every pair.
struct RelationSpec {
  bool directed = false;
  std::vector<std::string> first;   // `between[0]` or `from`
  std::vector<std::string> second;  // `between[1]` or `to`
  SourceLocation where;

  SourcedValue alliance;         // symmetric only, [0,1]
  SourcedValue stance;           // [-1,1]; symmetric entries set both directions
  SourcedValue friction;         // symmetric only, >= 0
  SourcedValue interdependence;  // symmetric only, [0,1]
  SourcedValue distance_km;      // symmetric only, > 0; default from capitals
};

enum class EffectOp { kSet, kAdd, kScale };

// One effect of a scheduled event. `field` names what it changes:
//   actor fields:  milex gdp gdp_growth milex_floor burden_cap efficiency resolve revisionism
//                  reach_km reactivity fatigue grievance capability(domain)
//   dyad fields:   alliance stance friction interdependence
//   crisis:        start a crisis (challenger, target)
//   parameter:     change a model parameter (path under `parameters.`)
struct EffectSpec {
  std::string field;
  std::string domain;                 // capability effects
  std::vector<std::string> actors;    // actor effects: ids or groups
  std::vector<std::string> among;     // dyad effects: every pair within
  std::vector<std::string> between_first, between_second;  // every pair across
  std::vector<std::string> from, to;  // directed dyad effects (stance), crisis challenger/target
  std::string parameter;              // parameter effects, e.g. "alliance.rate"
  EffectOp op = EffectOp::kSet;
  double value = 0.0;
  SourceLocation where;
};

struct EventSpec {
  std::string id;
  std::optional<double> at;   // calendar time
  std::optional<int> tick;    // or tick number
  std::string source, quote, note;
  std::vector<EffectSpec> effects;
  SourceLocation where;
};

struct OutputSpec {
  int every = 1;           // record every n ticks
  int networks_every = 0;  // GraphML every n ticks; 0: final only
  bool timeseries = true;  // write timeseries.csv
  bool dyads = true;       // include dyad variables in timeseries.csv
};

// How dyads are stored (`network:`). Dense: every ordered pair is a dyad (N x N arrays).
// Sparse: dyads exist only on ties, the pairs named in `relations` plus, when reach_factor > 0,
// every pair with d_ij <= reach_factor · max(R_i, R_j); a tick then costs in proportion to
// the ties (docs/model.md, "Sparse mode").
struct NetworkSpec {
  bool sparse = false;
  double reach_factor = 1.0;
};

struct Scenario {
  std::string schema;      // "polarity/scenario 1"
  std::string name;
  std::string title;
  std::string description;
  std::vector<std::filesystem::path> files;  // the file and every file it extends, in load order

  std::vector<SourceSpec> sources;
  double start = 2023.5;   // calendar year of tick 0
  double dt = 0.25;        // years per tick
  int ticks = 80;
  std::uint64_t seed = 1;
  int replications = 1;
  std::vector<std::string> domains{"land", "air", "naval", "strike", "nuclear", "cyber_space", "isr"};
  std::map<std::string, double> depreciation_by_domain;  // overrides parameters.capability.depreciation

  std::vector<ActorSpec> actors;   // in file order; that order is the actor index
  std::vector<RelationSpec> relations;
  std::map<std::string, std::vector<std::string>> groups;
  std::vector<EventSpec> events;
  Parameters parameters;
  OutputSpec outputs;
  NetworkSpec network;
};

}  // namespace polarity
