#pragma once
// Randomised worlds for property tests: N actors with the default seven domains, every
// mechanism on, perception noise on, frequent crises, and (optionally) scheduled events of
// every kind. The generator is a fixed std::mt19937_64 with its own uniform mapping, so a
// world is a pure function of (seed, options) on every platform.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/scenario_builder.h"
#include "polarity/scenario.h"

namespace polarity::testing {

struct RandomWorldOptions {
  int actors = 6;
  int ticks = 40;
  bool events = true;
  int event_first_tick = 1;   // scheduled events fall in [first, last]
  int event_last_tick = 40;
  double min_gdp_growth = 0.0;  // negative values allow shrinking economies
};

class Uniform {
 public:
  explicit Uniform(std::uint64_t seed) : engine_(seed) {}
  // Uniform in [lo, hi) from the top 53 bits of one draw.
  double operator()(double lo, double hi) {
    const double u = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    return lo + (hi - lo) * u;
  }
  int Int(int lo, int hi) {  // inclusive
    return lo + static_cast<int>(engine_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool Coin(double p) { return (*this)(0.0, 1.0) < p; }

 private:
  std::mt19937_64 engine_;
};

inline std::string ActorId(int i) {
  std::string id = "A";  // appended: `"A" + std::to_string(i)` trips GCC 12 -Wrestrict at -O3
  id += std::to_string(i);
  return id;
}

inline Scenario RandomWorld(std::uint64_t seed, const RandomWorldOptions& o) {
  Uniform u(seed * 0x9E3779B97F4A7C15ull + 12345u);
  ScenarioBuilder b;
  b.Time(2020.0, 0.25, o.ticks).Seed(seed);
  const std::vector<std::string> domains{"land",    "air",         "naval", "strike",
                                         "nuclear", "cyber_space", "isr"};
  b.Domains(domains);
  const int n = o.actors;
  for (int i = 0; i < n; ++i) {
    const double gdp = u(100.0, 20000.0);
    const double milex = gdp * u(0.01, 0.04);
    ActorSpec& a = b.Actor(ActorId(i), gdp, milex, u(-60.0, 70.0), u(-180.0, 180.0));
    a.reach_km = V(u(1000.0, 12000.0));
    a.gdp_growth = V(u(o.min_gdp_growth, 0.05));
    a.milex_floor = V(milex * u(0.0, 0.6));
    a.burden_cap = V(u(0.05, 0.12));
    a.efficiency = V(u(0.5, 1.5));
    a.resolve = V(u(0.0, 1.0));
    a.revisionism = V(u.Coin(0.5) ? u(0.2, 1.0) : 0.0);
    a.reactivity = V(u(0.0, 0.05));
    a.fatigue = V(u(0.02, 0.1));
    a.grievance = V(u(0.0, 5.0));
    for (const std::string& d : domains) {
      if (u.Coin(0.5)) a.capability[d] = V(milex * u(0.5, 3.0));
      if (u.Coin(0.6)) a.allocation[d] = V(u(0.01, 1.0));
      if (u.Coin(0.6)) a.concern[d] = V(u(0.01, 1.0));
    }
  }
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      if (u.Coin(0.8)) {
        RelationSpec& r = b.Between(ActorId(i), ActorId(j));
        r.stance = V(u(-1.0, 1.0));
        if (u.Coin(0.5)) r.alliance = V(u(0.0, 1.0));
        if (u.Coin(0.5)) r.friction = V(u(0.0, 0.5));
        if (u.Coin(0.5)) r.interdependence = V(u(0.0, 1.0));
        if (u.Coin(0.2)) r.distance_km = V(u(300.0, 15000.0));
      }
      if (u.Coin(0.3)) b.Directed(ActorId(j), ActorId(i), u(-1.0, 1.0));
    }
  }
  b.Group("west", {ActorId(0), ActorId(1 % n), ActorId(2 % n)});
  b.Group("east", {ActorId(n - 1), ActorId((n - 2 + n) % n)});

  Parameters& p = b.params();
  SetAllMechanisms(p, true);
  p.perception.noise = 0.2;
  p.deterrence.base_rate = 2.0;  // many crises, so the crisis phase is exercised
  p.events.enabled = o.events;

  if (o.events) {
    const int first = o.event_first_tick;
    const int last = o.event_last_tick;
    auto tick = [&] { return u.Int(first, last); };
    auto actor = [&] { return ActorId(u.Int(0, n - 1)); };
    auto pair = [&] {
      const int i = u.Int(0, n - 1);
      const int j = (i + u.Int(1, n - 1)) % n;
      return std::pair<std::string, std::string>{ActorId(i), ActorId(j)};
    };
    int k = 0;
    auto id = [&] {
      std::string name = "ev";
      name += std::to_string(k++);
      return name;
    };
    for (int round = 0; round < 3; ++round) {
      b.EventAtTick(id(), tick()).effects = {ActorEffect("milex", {actor()}, EffectOp::kScale, 1.3)};
      b.EventAtTick(id(), tick()).effects = {DyadAmong("alliance", {"west"}, EffectOp::kAdd, 0.4)};
      {
        auto [x, y] = pair();
        b.EventAtTick(id(), tick()).effects = {DyadDirected("stance", {x}, {y}, EffectOp::kSet, -0.9)};
      }
      {
        auto [x, y] = pair();
        b.EventAtTick(id(), tick()).effects = {CrisisEffect(x, y)};
      }
      b.EventAtTick(id(), tick()).effects = {ParameterEffect("alliance.rate", EffectOp::kSet, u(0.05, 1.0))};
      b.EventAtTick(id(), tick()).effects = {ActorEffect("resolve", {actor()}, EffectOp::kAdd, 0.7)};
      b.EventAtTick(id(), tick()).effects = {ActorEffect("reach_km", {actor()}, EffectOp::kScale, 1.5)};
      b.EventAtTick(id(), tick()).effects = {ActorEffect("capability", {actor()}, EffectOp::kAdd, 50.0, "naval")};
      b.EventAtTick(id(), tick()).effects = {DyadBetween("friction", {"west"}, {"east"}, EffectOp::kSet, 0.3)};
      b.EventAtTick(id(), tick()).effects = {DyadAmong("interdependence", {"east"}, EffectOp::kScale, 0.5)};
      b.EventAtTick(id(), tick()).effects = {ParameterEffect("perception.noise", EffectOp::kSet, u(0.0, 0.5))};
      {
        // Several effects in one event, on the same actors.
        const std::string x = actor();
        b.EventAtTick(id(), tick()).effects = {
            ActorEffect("gdp", {x}, EffectOp::kScale, 1.1),
            ActorEffect("revisionism", {x}, EffectOp::kAdd, 0.5),
            ActorEffect("reactivity", {x}, EffectOp::kScale, 2.0),
        };
      }
    }
  }
  return b.scenario();
}

}  // namespace polarity::testing
