// Google Benchmarks of the tick (issue 4): the full Step over a grid of N, each phase alone,
// and the record phase (metrics) on its own.
//
// Worlds come from bench/synthetic_world.h (nonzero, realistic values, K = 7). Every
// benchmark starts a batch from tick 0 and resets the state (untimed) every kEpisode ticks,
// so the timed ticks always see the states of the first ten simulated years, never a
// saturated or diverged world. Metrics are timed apart: the worlds record only every 2^30
// ticks (outputs.every), so BM_Step measures the tick alone.
//
// Also: `step_benchmark --dump_world=DIR --dump_actors=N` writes the peer-config world of N
// actors for bench/peers/numpy_reference.py and exits (bench/run.sh uses it).

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include "core/phases.h"
#include "core/workspace.h"
#include "polarity/model.h"
#include "polarity/simulation.h"
#include "synthetic_world.h"
#include "tick_loop.h"
#include "world_io.h"

namespace polarity::bench {
namespace {

constexpr std::uint64_t kSeed = 2023;

// Models are built once per (N, config) and kept for every repetition.
const Model& World(int n, WorldConfig config) {
  static std::map<std::pair<int, int>, std::unique_ptr<Model>> cache;
  auto& slot = cache[{n, static_cast<int>(config)}];
  if (!slot) slot = std::make_unique<Model>(SyntheticModel(n, kSeed, config));
  return *slot;
}

// Floating-point work of one tick, in flops: the three O(N^2 K) products (A C, W C~^T,
// (H o Π) C~) and the two O(N^3) ones, Q = P^ P^T counted as the symmetric product it is
// (N^2 (N + 1)) and B = S S (2 N^3). Elementwise work (~50 N^2) is left out: it is bound
// by memory, not by arithmetic (bench/README.md).
double TickFlops(double n, double k) { return 6.0 * n * n * k + n * n * (n + 1.0) + 2.0 * n * n * n; }

void SetCounters(benchmark::State& state, int n, double flops_per_iteration) {
  state.counters["N"] = n;
  state.counters["flops"] =
      benchmark::Counter(flops_per_iteration, benchmark::Counter::kIsIterationInvariantRate);
}

// --- the whole tick -------------------------------------------------------------------

void BM_Step(benchmark::State& state, WorldConfig config) {
  const int n = static_cast<int>(state.range(0));
  const Model& model = World(n, config);
  TimeTicks(state, model, RunKey{kSeed, 0, 0});
  SetCounters(state, n, TickFlops(n, model.num_domains));
}

void StepGrid(benchmark::internal::Benchmark* b) {
  for (const int n : {6, 20, 50, 200, 1000, 2000}) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}
BENCHMARK_CAPTURE(BM_Step, peer, WorldConfig::kPeer)->Apply(StepGrid);
BENCHMARK_CAPTURE(BM_Step, full, WorldConfig::kFull)->Apply(StepGrid);

// The same tick with its N^3 products split between two threads (Simulation's tick_threads,
// what `polarity run --threads 2` does for a single large run): wall time, as for the
// peer on two OpenBLAS threads. Below N ~ 160 the products stay on one thread.
void BM_StepTwoThreads(benchmark::State& state, WorldConfig config) {
  const int n = static_cast<int>(state.range(0));
  const Model& model = World(n, config);
  TimeTicks(state, model, RunKey{kSeed, 0, 0}, 2);
  SetCounters(state, n, TickFlops(n, model.num_domains));
}
void LargeGrid(benchmark::internal::Benchmark* b) {
  for (const int n : {200, 1000, 2000}) b->Arg(n);
  b->Unit(benchmark::kMicrosecond)->UseRealTime();
}
BENCHMARK_CAPTURE(BM_StepTwoThreads, peer, WorldConfig::kPeer)->Apply(LargeGrid);

// --- the record phase, on its own ---------------------------------------------------------

void BM_Metrics(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  Simulation sim(World(n, WorldConfig::kFull));
  sim.Reset(RunKey{kSeed, 0, 0});
  for (int t = 0; t < 8; ++t) sim.Step();  // some alliance and stance movement
  for (auto _ : state) {
    sim.ComputeMetrics();
    benchmark::DoNotOptimize(sim.state().balance);
  }
  // Two symmetric products of the triad count (bench/README.md), N^2 (N + 1) each.
  SetCounters(state, n, 2.0 * n * n * (n + 1.0));
}
BENCHMARK(BM_Metrics)->Arg(20)->Arg(200)->Arg(2000)->Unit(benchmark::kMicrosecond);

// --- each phase alone -------------------------------------------------------------------

// A state and workspace as Step() has them when `phase` runs: reset to tick 0 and the
// phases before it applied (so that each phase reads this tick's inputs).
class PhaseFixture {
 public:
  PhaseFixture(int n, WorldConfig config)
      : model_(World(n, config)), state_(model_.initial), ws_(model_, 1) {
    ws_.rng.SetKey(kSeed, 0, 0);
    Reset();
  }

  void Reset() {
    state_ = model_.initial;
    state_.tick = 1;
    ws_.alliance_before = state_.alliance;  // for the level crossings alone
    ComputeCoalitionCapability(state_, ws_);
    ComputeThreatAndPerception(state_, ws_);
  }

  const Model& model() const { return model_; }
  State& state() { return state_; }
  Workspace& ws() { return ws_; }

 private:
  const Model& model_;
  State state_;
  Workspace ws_;
};

// Runs `phase(fixture)` per iteration, resetting (untimed) every kEpisode iterations.
template <typename Phase>
void RunPhase(benchmark::State& state, WorldConfig config, Phase phase, double flops) {
  const int n = static_cast<int>(state.range(0));
  PhaseFixture f(n, config);
  int calls = 0;
  for (auto _ : state) {
    if (calls == kEpisode) {
      state.PauseTiming();
      f.Reset();
      calls = 0;
      state.ResumeTiming();
    }
    phase(f);
    benchmark::ClobberMemory();
    ++calls;
  }
  SetCounters(state, n, flops);
}

double Nd(const benchmark::State& state) { return static_cast<double>(state.range(0)); }
constexpr double kK = 7.0;

void BM_Phase1_CoalitionCapability(benchmark::State& state) {
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) { ComputeCoalitionCapability(f.state(), f.ws()); },
           2.0 * Nd(state) * Nd(state) * kK);
}
// Phases 2 and 3 are one sweep in the tick (ComputeThreatAndPerception); phase 2 alone is
// what tick 0 runs.
void BM_Phase2_RawThreat(benchmark::State& state) {
  RunPhase(state, WorldConfig::kFull, [](PhaseFixture& f) { ComputeRawThreat(f.state(), f.ws()); },
           2.0 * Nd(state) * Nd(state) * kK);
}
void BM_Phase2to3_ThreatAndPerception(benchmark::State& state) {  // noise: one normal per pair
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) { ComputeThreatAndPerception(f.state(), f.ws()); },
           2.0 * Nd(state) * Nd(state) * kK);
}
void BM_Phase2to3_ThreatAndPerceptionNoiseOff(benchmark::State& state) {
  RunPhase(state, WorldConfig::kPeer,
           [](PhaseFixture& f) { ComputeThreatAndPerception(f.state(), f.ws()); },
           2.0 * Nd(state) * Nd(state) * kK);
}
void BM_Phase4_ArmsRace(benchmark::State& state) {
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) { UpdateSpending(f.model(), f.state(), f.ws()); }, 0.0);
}
void BM_Phase5_Capability(benchmark::State& state) {
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) { UpdateCapability(f.model(), f.state(), f.ws()); },
           2.0 * Nd(state) * Nd(state) * kK);
}
void BM_Phase6_Alliances(benchmark::State& state) {
  const double n = Nd(state);
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) { UpdateAlliances(f.model(), f.state(), f.ws()); },
           n * n * (n + 1.0) + 2.0 * n * n * n);
}
void BM_Phase6_Stances(benchmark::State& state) {
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) { UpdateStances(f.model(), f.state(), f.ws()); }, 0.0);
}
void BM_Phase7_Crises(benchmark::State& state) {  // deterrence on: onset for every hostile pair
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) { ResolveCrises(f.model(), f.state(), f.ws()); }, 0.0);
}
void BM_Phase8_LevelCrossings(benchmark::State& state) {
  RunPhase(state, WorldConfig::kFull,
           [](PhaseFixture& f) {
             ApplyScheduledEvents(f.model(), f.state());
             EmitAllianceLevelChanges(f.state(), f.ws());
           },
           0.0);
}

void PhaseGrid(benchmark::internal::Benchmark* b) {
  for (const int n : {20, 200, 2000}) b->Arg(n);
  b->Unit(benchmark::kMicrosecond);
}
BENCHMARK(BM_Phase1_CoalitionCapability)->Apply(PhaseGrid);
BENCHMARK(BM_Phase2_RawThreat)->Apply(PhaseGrid);
BENCHMARK(BM_Phase2to3_ThreatAndPerception)->Apply(PhaseGrid);
BENCHMARK(BM_Phase2to3_ThreatAndPerceptionNoiseOff)->Apply(PhaseGrid);
BENCHMARK(BM_Phase4_ArmsRace)->Apply(PhaseGrid);
BENCHMARK(BM_Phase5_Capability)->Apply(PhaseGrid);
BENCHMARK(BM_Phase6_Alliances)->Apply(PhaseGrid);
BENCHMARK(BM_Phase6_Stances)->Apply(PhaseGrid);
BENCHMARK(BM_Phase7_Crises)->Apply(PhaseGrid);
BENCHMARK(BM_Phase8_LevelCrossings)->Apply(PhaseGrid);

// `--dump_world=DIR --dump_actors=N`: write the peer world and exit.
bool DumpWorld(int argc, char** argv) {
  const char* dir = nullptr;
  int n = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--dump_world=", 13) == 0) dir = argv[i] + 13;
    if (std::strncmp(argv[i], "--dump_actors=", 14) == 0) n = std::atoi(argv[i] + 14);
  }
  if (dir == nullptr) return false;
  if (n < 2) {
    std::fprintf(stderr, "step_benchmark: --dump_world needs --dump_actors=N (N >= 2)\n");
    std::exit(2);
  }
  WriteWorld(World(n, WorldConfig::kPeer), dir);
  return true;
}

}  // namespace
}  // namespace polarity::bench

int main(int argc, char** argv) {
  if (polarity::bench::DumpWorld(argc, argv)) return 0;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
