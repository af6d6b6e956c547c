#pragma once
// Building Scenarios in code for the core tests (no YAML): a small fluent builder, switches
// for the mechanisms, and a running helper. Values left unset (present = false) get the
// compiler's defaults listed in include/polarity/scenario.h.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "polarity/model.h"
#include "polarity/parameters.h"
#include "polarity/scenario.h"
#include "polarity/simulation.h"
#include "polarity/state.h"

namespace polarity::testing {

// A number as if written plainly in a scenario file.
inline SourcedValue V(double value) {
  SourcedValue v;
  v.value = value;
  v.present = true;
  return v;
}

// Switches every mechanism of MODEL.md section 2 on or off (perception, arms race,
// allocation, capability, economy, alliance, stance, deterrence, scheduled events).
inline void SetAllMechanisms(Parameters& p, bool on) {
  p.perception.enabled = on;
  p.arms_race.enabled = on;
  p.allocation.enabled = on;
  p.capability.enabled = on;
  p.economy.enabled = on;
  p.alliance.enabled = on;
  p.stance.enabled = on;
  p.deterrence.enabled = on;
  p.events.enabled = on;
}

// Fluent builder. References returned by Actor()/Between()/Directed()/Event() point into
// vectors of the scenario: use them before adding the next element of the same kind.
class ScenarioBuilder {
 public:
  ScenarioBuilder() {
    scenario_.schema = "polarity/scenario 1";
    scenario_.name = "test";
    scenario_.start = 2020.0;
    scenario_.dt = 0.25;
    scenario_.ticks = 40;
    scenario_.seed = 1;
  }

  ScenarioBuilder& Domains(std::vector<std::string> names) {
    scenario_.domains = std::move(names);
    return *this;
  }
  ScenarioBuilder& Time(double start, double dt, int ticks) {
    scenario_.start = start;
    scenario_.dt = dt;
    scenario_.ticks = ticks;
    return *this;
  }
  ScenarioBuilder& Seed(std::uint64_t seed) {
    scenario_.seed = seed;
    return *this;
  }

  // An actor with the two required values; capital at (lat, lon).
  ActorSpec& Actor(const std::string& id, double gdp, double milex, double lat = 0.0,
                   double lon = 0.0) {
    ActorSpec a;
    a.id = id;
    a.name = id;
    a.gdp = V(gdp);
    a.milex = V(milex);
    a.lat = V(lat);
    a.lon = V(lon);
    scenario_.actors.push_back(std::move(a));
    return scenario_.actors.back();
  }

  // Symmetric relation (`between: [a, b]`); a and b may be ids or group names.
  RelationSpec& Between(const std::string& a, const std::string& b) {
    RelationSpec r;
    r.directed = false;
    r.first = {a};
    r.second = {b};
    scenario_.relations.push_back(std::move(r));
    return scenario_.relations.back();
  }

  // Directed relation (`from: a, to: b`): stance of a toward b only.
  RelationSpec& Directed(const std::string& from, const std::string& to, double stance) {
    RelationSpec r;
    r.directed = true;
    r.first = {from};
    r.second = {to};
    r.stance = V(stance);
    scenario_.relations.push_back(std::move(r));
    return scenario_.relations.back();
  }

  ScenarioBuilder& Group(const std::string& name, std::vector<std::string> members) {
    scenario_.groups[name] = std::move(members);
    return *this;
  }

  // A scheduled event at a tick number (`tick: N`).
  EventSpec& EventAtTick(const std::string& id, int tick) {
    EventSpec e;
    e.id = id;
    e.tick = tick;
    scenario_.events.push_back(std::move(e));
    return scenario_.events.back();
  }
  // A scheduled event at a calendar time (`at: YEAR`).
  EventSpec& EventAt(const std::string& id, double at) {
    EventSpec e;
    e.id = id;
    e.at = at;
    scenario_.events.push_back(std::move(e));
    return scenario_.events.back();
  }

  Parameters& params() { return scenario_.parameters; }
  Scenario& scenario() { return scenario_; }
  const Scenario& scenario() const { return scenario_; }

 private:
  Scenario scenario_;
};

// Effects of scheduled events.
inline EffectSpec ActorEffect(const std::string& field, std::vector<std::string> actors,
                              EffectOp op, double value, const std::string& domain = "") {
  EffectSpec e;
  e.field = field;
  e.actors = std::move(actors);
  e.op = op;
  e.value = value;
  e.domain = domain;
  return e;
}
inline EffectSpec DyadAmong(const std::string& field, std::vector<std::string> among,
                            EffectOp op, double value) {
  EffectSpec e;
  e.field = field;
  e.among = std::move(among);
  e.op = op;
  e.value = value;
  return e;
}
inline EffectSpec DyadBetween(const std::string& field, std::vector<std::string> first,
                              std::vector<std::string> second, EffectOp op, double value) {
  EffectSpec e;
  e.field = field;
  e.between_first = std::move(first);
  e.between_second = std::move(second);
  e.op = op;
  e.value = value;
  return e;
}
inline EffectSpec DyadDirected(const std::string& field, std::vector<std::string> from,
                               std::vector<std::string> to, EffectOp op, double value) {
  EffectSpec e;
  e.field = field;
  e.from = std::move(from);
  e.to = std::move(to);
  e.op = op;
  e.value = value;
  return e;
}
inline EffectSpec CrisisEffect(const std::string& challenger, const std::string& target) {
  EffectSpec e;
  e.field = "crisis";
  e.from = {challenger};
  e.to = {target};
  return e;
}
inline EffectSpec ParameterEffect(const std::string& path, EffectOp op, double value) {
  EffectSpec e;
  e.field = "parameter";
  e.parameter = path;
  e.op = op;
  e.value = value;
  return e;
}

// Index of an actor id in a compiled model.
inline int IndexOf(const Model& model, const std::string& id) {
  for (int i = 0; i < static_cast<int>(model.actor_ids.size()); ++i) {
    if (model.actor_ids[static_cast<std::size_t>(i)] == id) return i;
  }
  return -1;
}

}  // namespace polarity::testing
