#pragma once
// The timed loop of the tick benchmarks: one Step() per iteration from tick 0, with an
// untimed Reset every kEpisode ticks, so that the timed ticks always see the states of the
// first ten simulated years (never a saturated or diverged world).

#include <benchmark/benchmark.h>

#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity::bench {

constexpr int kEpisode = 40;  // ticks between resets: a 10-year run at dt = 0.25

inline void TimeTicks(benchmark::State& state, const Model& model, const RunKey& key, int tick_threads = 1) {
  Simulation sim(model, tick_threads);
  sim.Reset(key);
  int ticks = 0;
  for (auto _ : state) {
    if (ticks == kEpisode) {
      state.PauseTiming();
      sim.Reset(key);
      ticks = 0;
      state.ResumeTiming();
    }
    const StepStatus status = sim.Step();
    benchmark::DoNotOptimize(status.ok);
    ++ticks;
  }
}

}  // namespace polarity::bench
