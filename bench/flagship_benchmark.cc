// Google Benchmarks of the flagship scenario (scenarios/northeast_asia_2023.yaml):
// loading and validating the YAML, compiling it to a Model, and one whole run as
// `polarity run` does it in memory (Reset, then every tick with metrics on the recorded
// ones, outputs.every as in the file), without writing files.

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include <benchmark/benchmark.h>

#include "polarity/model.h"
#include "polarity/scenario_loader.h"
#include "polarity/simulation.h"

namespace polarity::bench {
namespace {

const std::filesystem::path kFlagship =
    std::filesystem::path(POLARITY_SOURCE_DIR) / "scenarios" / "northeast_asia_2023.yaml";

Scenario LoadOrDie() {
  LoadResult loaded = LoadScenario(kFlagship);
  if (!loaded.scenario) {
    std::fprintf(stderr, "flagship_benchmark: cannot load %s\n", kFlagship.c_str());
    std::exit(1);
  }
  return *loaded.scenario;
}

// YAML parse + validation + provenance bookkeeping (LoadScenario).
void BM_FlagshipLoad(benchmark::State& state) {
  for (auto _ : state) {
    LoadResult loaded = LoadScenario(kFlagship);
    benchmark::DoNotOptimize(loaded.scenario.has_value());
  }
}
BENCHMARK(BM_FlagshipLoad)->Unit(benchmark::kMicrosecond);

// CompileModel on an already loaded scenario.
void BM_FlagshipCompile(benchmark::State& state) {
  const Scenario scenario = LoadOrDie();
  for (auto _ : state) {
    const Model model = CompileModel(scenario);
    benchmark::DoNotOptimize(model.num_actors);
  }
}
BENCHMARK(BM_FlagshipCompile)->Unit(benchmark::kMicrosecond);

// Both: what a user waits for before the first tick.
void BM_FlagshipLoadAndCompile(benchmark::State& state) {
  for (auto _ : state) {
    const Model model = CompileModel(LoadOrDie());
    benchmark::DoNotOptimize(model.num_actors);
  }
}
BENCHMARK(BM_FlagshipLoadAndCompile)->Unit(benchmark::kMicrosecond);

// One whole run (all its ticks, metrics on recorded ticks), from a fresh Reset each time.
void BM_FlagshipRun(benchmark::State& state) {
  const Model model = CompileModel(LoadOrDie());
  Simulation sim(model);
  for (auto _ : state) {
    sim.Reset(RunKey{model.seed, 0, 0});
    for (int t = 0; t < model.ticks; ++t) benchmark::DoNotOptimize(sim.Step().ok);
  }
  state.counters["N"] = model.num_actors;
  state.counters["ticks"] = model.ticks;
  state.counters["ticks/s"] = benchmark::Counter(model.ticks, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FlagshipRun)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace polarity::bench

BENCHMARK_MAIN();
