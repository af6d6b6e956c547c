// Limits of this machine, for the roofline of bench/README.md: what Eigen's DGEMM reaches
// (general and symmetric products), what the engine's own exact products reach (the kernels
// the tick uses, core/exact_product.h, at the widest instruction set of this CPU), and what
// a STREAM-style triad moves, on 1 and 2 cores.
//
// Built with exactly the engine's flags, so the numbers are the limits of the engine's own
// build (SSE2 on a default x86-64 build; see docs/performance.md for -march=native).
// Two threads run two independent copies (one per core): the aggregate rate is what the
// machine gives two single-threaded runs, e.g. two replications of a sweep.
// Rates are per wall-clock second (UseRealTime), for all threads together: Google Benchmark
// sums a counter over threads and multiplies it by the iterations of all threads, so the
// per-iteration count is averaged over threads (kAvgThreads) to count each iteration once.

#include <cstddef>
#include <vector>

#include <Eigen/Core>
#include <benchmark/benchmark.h>

#include "core/exact_product.h"

namespace {

// A count per iteration, reported as a rate over all threads together.
benchmark::Counter::Flags AggregateRate() {
  return benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kAvgThreads;
}

// C = A B, N x N x N: 2 N^3 flops.
void BM_EigenGemm(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  const Eigen::MatrixXd b = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd c(n, n);
  for (auto _ : state) {
    c.noalias() = a * b;
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const double nd = static_cast<double>(n);
  state.counters["flops"] = benchmark::Counter(2.0 * nd * nd * nd,
                                               AggregateRate());
}

// Lower triangle of C = A A^T (Eigen's rankUpdate, a SYRK): N^2 (N + 1) flops.
void BM_EigenSyrk(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd c(n, n);
  for (auto _ : state) {
    c.triangularView<Eigen::Lower>().setZero();
    c.selfadjointView<Eigen::Lower>().rankUpdate(a);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const double nd = static_cast<double>(n);
  state.counters["flops"] = benchmark::Counter(nd * nd * (nd + 1.0),
                                               AggregateRate());
}

// The engine's products (one thread each; two threads: two independent copies).
void BM_ExactGemm(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  const Eigen::MatrixXd b = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd c(n, n);
  polarity::ExactProducts products(n);
  for (auto _ : state) {
    products.Product(a, b, c);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const double nd = static_cast<double>(n);
  state.counters["flops"] = benchmark::Counter(2.0 * nd * nd * nd, AggregateRate());
  state.SetLabel(polarity::SimdLevelName(products.level()));
}

// Upper triangle of C = A A^T: N^2 (N + 1) flops.
void BM_ExactSyrk(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  const Eigen::MatrixXd a = Eigen::MatrixXd::Random(n, n);
  Eigen::MatrixXd c(n, n);
  polarity::ExactProducts products(n);
  for (auto _ : state) {
    products.SymmetricProductUpper(a, c);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  const double nd = static_cast<double>(n);
  state.counters["flops"] = benchmark::Counter(nd * nd * (nd + 1.0), AggregateRate());
  state.SetLabel(polarity::SimdLevelName(products.level()));
}

// STREAM triad a = b + s c over arrays far larger than the 32 MiB L3: 24 bytes per element
// counted (two reads, one write; the write-allocate read is not counted, as in STREAM).
void BM_Triad(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  std::vector<double> a(n, 1.0), b(n, 2.0), c(n, 3.0);
  const double s = 3.0;
  for (auto _ : state) {
    double* __restrict pa = a.data();
    const double* __restrict pb = b.data();
    const double* __restrict pc = c.data();
    for (std::size_t i = 0; i < n; ++i) pa[i] = pb[i] + s * pc[i];
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.counters["bytes"] = benchmark::Counter(24.0 * static_cast<double>(n),
                                               AggregateRate());
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (const int n : {200, 500, 1000, 2000}) b->Arg(n);
  b->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(1)->Threads(2);
}
BENCHMARK(BM_EigenGemm)->Apply(Sizes);
BENCHMARK(BM_EigenSyrk)->Apply(Sizes);
BENCHMARK(BM_ExactGemm)->Apply(Sizes);
BENCHMARK(BM_ExactSyrk)->Apply(Sizes);
BENCHMARK(BM_Triad)->Arg(1 << 24)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(1)->Threads(2);

}  // namespace

BENCHMARK_MAIN();
