// STYLE.md 5: no allocation in a tick. This binary replaces the global operator new and
// delete (and, outside sanitizer builds, malloc and friends, since Eigen allocates through
// std::malloc, not operator new) with pass-throughs that count calls while a flag is set.
// A flagship-sized model (8 actors, K = 7, every mechanism on) is warmed up for a few ticks,
// then 20 further Step() calls, each a recorded tick (metrics computed), and explicit
// ComputeMetrics() calls must allocate nothing: also with crises open and events firing.

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <new>

#include <gtest/gtest.h>

#include "core/random_world.h"
#include "polarity/generate.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define POLARITY_COUNT_MALLOC 0  // the sanitizer runtime owns malloc
#else
#define POLARITY_COUNT_MALLOC 1
#endif

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_new_calls{0};
std::atomic<long> g_malloc_calls{0};

void CountNew() {
  if (g_counting.load(std::memory_order_relaxed)) g_new_calls.fetch_add(1, std::memory_order_relaxed);
}

void* NewOrThrow(std::size_t size) {
  CountNew();
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* AlignedNewOrThrow(std::size_t size, std::align_val_t align) {
  CountNew();
  void* p = nullptr;
  const std::size_t a = std::max(sizeof(void*), static_cast<std::size_t>(align));
  if (posix_memalign(&p, a, size == 0 ? 1 : size) != 0) throw std::bad_alloc();
  return p;
}
}  // namespace

void* operator new(std::size_t size) { return NewOrThrow(size); }
void* operator new[](std::size_t size) { return NewOrThrow(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  CountNew();
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  CountNew();
  return std::malloc(size == 0 ? 1 : size);
}
void* operator new(std::size_t size, std::align_val_t align) { return AlignedNewOrThrow(size, align); }
void* operator new[](std::size_t size, std::align_val_t align) { return AlignedNewOrThrow(size, align); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

#if POLARITY_COUNT_MALLOC
// glibc's own entry points; the definitions below interpose malloc for the whole program.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

static void CountMalloc() {
  if (g_counting.load(std::memory_order_relaxed)) g_malloc_calls.fetch_add(1, std::memory_order_relaxed);
}
void* malloc(std::size_t size) noexcept {
  CountMalloc();
  return __libc_malloc(size);
}
void* calloc(std::size_t n, std::size_t size) noexcept {
  CountMalloc();
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t size) noexcept {
  CountMalloc();
  return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t align, std::size_t size) noexcept {
  CountMalloc();
  return __libc_memalign(align, size);
}
void* memalign(std::size_t align, std::size_t size) noexcept {
  CountMalloc();
  return __libc_memalign(align, size);
}
int posix_memalign(void** out, std::size_t align, std::size_t size) noexcept {
  CountMalloc();
  if (align % sizeof(void*) != 0 || (align & (align - 1)) != 0) return 22;  // EINVAL
  void* p = __libc_memalign(align, size);
  if (p == nullptr) return 12;  // ENOMEM
  *out = p;
  return 0;
}
void free(void* p) noexcept { __libc_free(p); }
}
#endif

namespace polarity {
namespace {

struct Counts {
  long news = 0;
  long mallocs = 0;
};

// Runs f() with counting on; f must not allocate for its own bookkeeping.
template <typename F>
Counts Counted(F&& f) {
  g_new_calls = 0;
  g_malloc_calls = 0;
  g_counting = true;
  f();
  g_counting = false;
  return {g_new_calls.load(), g_malloc_calls.load()};
}

constexpr int kWarmUp = 5;
constexpr int kMeasured = 20;

Model FlagshipSizedModel(std::uint64_t seed, bool events_in_window) {
  testing::RandomWorldOptions options;
  options.actors = 8;
  options.ticks = kWarmUp + kMeasured + 5;
  options.events = events_in_window;
  options.event_first_tick = kWarmUp + 1;
  options.event_last_tick = kWarmUp + kMeasured;
  return CompileModel(testing::RandomWorld(seed, options));
}

void* volatile g_sink = nullptr;  // keeps the probe allocations below from being elided

TEST(StepAllocation, CountersSeeAllocations) {
  // The counters work: a vector and an Eigen matrix allocated inside the window are seen.
  const Counts c = Counted([] {
    auto* v = new std::vector<double>(100);
    g_sink = v;
    auto* m = new Eigen::MatrixXd(20, 20);
    g_sink = m->data();
    delete m;
    delete v;
  });
  EXPECT_GE(c.news, 2);
#if POLARITY_COUNT_MALLOC
  EXPECT_GE(c.mallocs, 3);  // two through operator new, one for the Eigen storage
#endif
}

TEST(StepAllocation, RecordedTicksAllocateNothingAfterWarmUp) {
  const Model model = FlagshipSizedModel(3, false);
  ASSERT_EQ(model.num_actors, 8);
  ASSERT_EQ(model.num_domains, 7);
  ASSERT_EQ(model.outputs.every, 1) << "every tick is recorded";
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  for (int t = 1; t <= kWarmUp; ++t) ASSERT_TRUE(sim.Step().ok);
  int failed = 0;
  const Counts c = Counted([&] {
    for (int t = 0; t < kMeasured; ++t) {
      failed += sim.Step().ok ? 0 : 1;
      sim.ComputeMetrics();
    }
  });
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(c.news, 0) << "operator new calls in " << kMeasured << " ticks";
  EXPECT_EQ(c.mallocs, 0) << "malloc-family calls in " << kMeasured << " ticks";
}

TEST(StepAllocation, TicksWithCrisesAndEventsAllocateNothing) {
  const Model model = FlagshipSizedModel(4, true);
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  for (int t = 1; t <= kWarmUp; ++t) ASSERT_TRUE(sim.Step().ok);
  int failed = 0, scheduled = 0, crisis_ticks = 0;
  std::int64_t crises_before = sim.state().crises_total;
  const Counts c = Counted([&] {
    for (int t = 0; t < kMeasured; ++t) {
      failed += sim.Step().ok ? 0 : 1;
      for (const EventRecord& e : sim.state().events) scheduled += e.type == EventType::kScheduled ? 1 : 0;
      crisis_ticks += sim.state().crises_active_by_rung.sum() > 0 ? 1 : 0;
    }
  });
  EXPECT_EQ(failed, 0);
  // The window is not vacuous: events fired, crises were open and new ones started.
  EXPECT_GT(scheduled, 10);
  EXPECT_GT(crisis_ticks, 5);
  EXPECT_GT(sim.state().crises_total, crises_before);
  EXPECT_EQ(sim.state().events_dropped, 0);
  EXPECT_EQ(c.news, 0);
  EXPECT_EQ(c.mallocs, 0);
}

TEST(StepAllocation, ResetAndRerunAllocateNothingAfterTheFirstRun) {
  // docs/architecture.md: Reset copies the initial state into storage of the same sizes.
  const Model model = FlagshipSizedModel(5, true);
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  for (int t = 1; t <= model.ticks; ++t) ASSERT_TRUE(sim.Step().ok);
  int failed = 0;
  const Counts c = Counted([&] {
    sim.Reset(RunKey{model.seed, 0, 1});
    for (int t = 1; t <= model.ticks; ++t) failed += sim.Step().ok ? 0 : 1;
  });
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(c.news, 0);
  EXPECT_EQ(c.mallocs, 0);
}

// Sparse worlds (network.sparse): a random world whose ties are its relation pairs, every
// mechanism and scheduled events on; and a generated world of 2000 actors and 10 ties each,
// where a dense tick would call Eigen's GEMM on 2000 x 2000 operands (which allocates packing
// buffers) and the sparse tick must still allocate nothing.
TEST(StepAllocation, SparseTicksAllocateNothing) {
  testing::RandomWorldOptions options;
  options.actors = 30;
  options.ticks = kWarmUp + kMeasured + 5;
  options.event_first_tick = kWarmUp + 1;
  options.event_last_tick = kWarmUp + kMeasured;
  Scenario random = testing::RandomWorld(6, options);
  random.network.sparse = true;
  random.network.reach_factor = 0.0;
  GenerateOptions generate;
  generate.actors = 2000;
  generate.ties_per_actor = 10;
  generate.seed = 7;
  Scenario big = GenerateWorld(generate);
  big.parameters.deterrence.base_rate = 2.0;  // crises on many hostile ties
  for (const Scenario& scenario : {random, big}) {
    const Model model = CompileModel(scenario);
    ASSERT_TRUE(model.sparse);
    Simulation sim(model);
    sim.Reset(RunKey{model.seed, 0, 0});
    for (int t = 1; t <= kWarmUp; ++t) ASSERT_TRUE(sim.Step().ok);
    int failed = 0;
    const std::int64_t crises_before = sim.state().crises_total;
    const Counts c = Counted([&] {
      for (int t = 0; t < kMeasured; ++t) {
        failed += sim.Step().ok ? 0 : 1;
        sim.ComputeMetrics();
      }
    });
    EXPECT_EQ(failed, 0);
    EXPECT_GT(sim.state().crises_total, crises_before) << model.num_actors << " actors: crises exercised";
    EXPECT_EQ(sim.state().events_dropped, 0);
    EXPECT_EQ(c.news, 0) << model.num_actors << " actors";
    EXPECT_EQ(c.mallocs, 0) << model.num_actors << " actors";
  }
}

// A dense world large enough for every path of the tick's products (N = 300: packed, several
// row and term blocks; core/exact_product.h), on one tick thread and on two (the hand-off to
// the worker must not allocate either). Unrecorded ticks only: the record phase's float
// products still go through Eigen, which allocates packing buffers at this size.
TEST(StepAllocation, LargeDenseTicksAllocateNothing) {
  testing::RandomWorldOptions options;
  options.actors = 300;
  options.ticks = kWarmUp + 10 + 5;
  options.events = false;
  Model model = CompileModel(testing::RandomWorld(8, options));
  ASSERT_FALSE(model.sparse);
  model.outputs.every = 1 << 30;  // no recorded tick in the window
  for (const int tick_threads : {1, 2}) {
    Simulation sim(model, tick_threads);
    sim.Reset(RunKey{model.seed, 0, 0});
    for (int t = 1; t <= 2; ++t) ASSERT_TRUE(sim.Step().ok);
    int failed = 0;
    const Counts c = Counted([&] {
      for (int t = 0; t < 10; ++t) failed += sim.Step().ok ? 0 : 1;
    });
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(c.news, 0) << tick_threads << " tick threads";
    EXPECT_EQ(c.mallocs, 0) << tick_threads << " tick threads";
  }
}

}  // namespace
}  // namespace polarity
