#pragma once
// Synthetic worlds for the benchmarks and the NumPy-peer test: N actors, K = 7 domains,
// every value nonzero and in a realistic range, built in code (no YAML).
//
// Actors go through the Scenario and CompileModel() like any scenario. Dyads do not: a
// dense world has N (N - 1) / 2 pairs, and two million RelationSpec entries (N = 2000)
// would cost gigabytes of strings, so the dyad matrices of the compiled initial state are
// filled directly and tick 0's perception is recomputed exactly as CompileModel() does
// (P = T of the initial state, without noise). The result is a pure function of
// (N, seed, config).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "core/phases.h"
#include "core/workspace.h"
#include "polarity/model.h"
#include "polarity/scenario.h"

namespace polarity::bench {

// Which mechanisms a world runs with.
enum class WorldConfig {
  // Noise, deterrence (crisis onset) and scheduled events off; everything else on. The
  // NumPy peer implements exactly this tick, so timings compare the same work.
  kPeer,
  // Every mechanism on with the default parameters: perception noise, crisis onset.
  kFull,
};

inline const char* ConfigName(WorldConfig config) {
  return config == WorldConfig::kPeer ? "peer" : "full";
}

// Uniform doubles from the top 53 bits of a fixed engine: identical on every platform.
class WorldRandom {
 public:
  explicit WorldRandom(std::uint64_t seed) : engine_(seed * 0x9E3779B97F4A7C15ull + 7u) {}
  double operator()(double lo, double hi) {
    const double u = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    return lo + (hi - lo) * u;
  }
  bool Coin(double p) { return (*this)(0.0, 1.0) < p; }

 private:
  std::mt19937_64 engine_;
};

inline SourcedValue Given(double value) {
  SourcedValue v;
  v.value = value;
  v.present = true;
  return v;
}

// Default parameters, with the mechanisms of `config`.
inline void SetConfig(Parameters& p, WorldConfig config) {
  p = Parameters{};
  if (config == WorldConfig::kPeer) {
    p.perception.noise = 0.0;
    p.deterrence.enabled = false;
    p.events.enabled = false;
  }
}

// The actor part of a synthetic world as a Scenario (relations are filled after compiling).
inline Scenario SyntheticScenario(int n, std::uint64_t seed, WorldConfig config) {
  WorldRandom u(seed);
  Scenario sc;
  sc.schema = "polarity/scenario 1";
  sc.name = "synthetic_" + std::to_string(n);
  sc.start = 2025.0;
  sc.dt = 0.25;
  sc.ticks = 1 << 30;  // never "the last tick": metrics only where outputs.every says
  sc.seed = seed;
  sc.outputs.every = 1 << 30;  // the Step benchmarks isolate the tick; metrics are timed apart
  for (int i = 0; i < n; ++i) {
    ActorSpec a;
    a.id = "S" + std::to_string(i);
    a.name = a.id;
    const double gdp = std::exp(u(std::log(20.0), std::log(25000.0)));  // USD bn, log-uniform
    const double milex = gdp * u(0.01, 0.04);
    a.gdp = Given(gdp);
    a.milex = Given(milex);
    a.lat = Given(u(-55.0, 65.0));
    a.lon = Given(u(-180.0, 180.0));
    a.reach_km = Given(u(1500.0, 12000.0));
    a.gdp_growth = Given(u(0.0, 0.05));
    a.milex_floor = Given(milex * u(0.2, 0.6));
    a.burden_cap = Given(u(0.05, 0.12));
    a.efficiency = Given(u(0.6, 1.4));
    a.resolve = Given(u(0.1, 0.9));
    a.revisionism = Given(u.Coin(0.4) ? u(0.2, 0.9) : 0.05);
    a.reactivity = Given(u(0.005, 0.05));
    a.fatigue = Given(u(0.02, 0.1));
    a.grievance = Given(u(0.1, 5.0));
    for (const std::string& d : sc.domains) {
      a.capability[d] = Given(milex * u(0.3, 3.0));
      a.allocation[d] = Given(u(0.05, 1.0));
      a.concern[d] = Given(u(0.05, 1.0));
    }
    sc.actors.push_back(std::move(a));
  }
  SetConfig(sc.parameters, config);
  return sc;
}

// Dense dyads: every pair has a stance (a shared base plus a directed tweak); about a third
// are allied to some depth (a few of them hostile), every pair has friction and
// interdependence.
inline void FillDyads(State& s, std::uint64_t seed) {
  WorldRandom u(seed ^ 0xD1CEu);
  const auto n = s.stance.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < j; ++i) {
      const double base = u(-0.9, 0.9);
      s.stance(i, j) = std::clamp(base + u(-0.1, 0.1), -1.0, 1.0);
      s.stance(j, i) = std::clamp(base + u(-0.1, 0.1), -1.0, 1.0);
      // Mostly between friends; a few soured alliances (stance below s_min) that only decay.
      const double depth = (base > 0.0 && u.Coin(0.6)) || u.Coin(0.05) ? u(0.05, 0.9) : 0.0;
      s.alliance(i, j) = s.alliance(j, i) = depth;
      s.friction(i, j) = s.friction(j, i) = u(0.01, 0.3);
      s.interdependence(i, j) = s.interdependence(j, i) = u(0.01, 0.8);
    }
  }
}

// A compiled synthetic world of n actors.
inline Model SyntheticModel(int n, std::uint64_t seed, WorldConfig config) {
  Model m = CompileModel(SyntheticScenario(n, seed, config));
  State& s = m.initial;
  FillDyads(s, seed);
  // Tick 0's perception, as CompileModel() computes it: the raw threat, without noise.
  Workspace ws(m, 1);
  ComputeCoalitionCapability(s, ws);
  ComputeRawThreat(s, ws);
  s.perceived_threat = ws.raw_threat;
  return m;
}

}  // namespace polarity::bench
