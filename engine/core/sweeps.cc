#include "core/sweeps.h"

#include <cmath>

namespace polarity {

SweepKernels SweepKernelsFor(SimdLevel level) {
  using namespace sweep_kernel;
  switch (level) {
    case SimdLevel::kAvx512:
      return {AllianceAvx512, ThreatAvx512, StanceAvx512, ThreatProfileAvx512, NextLevelChangeAvx512,
              AllFiniteAvx512};
    case SimdLevel::kAvx2:
      return {AllianceAvx2, ThreatAvx2, StanceAvx2, ThreatProfileAvx2, NextLevelChangeAvx2, AllFiniteAvx2};
    case SimdLevel::kSse2: break;
  }
  return {AllianceSse2, ThreatSse2, StanceSse2, ThreatProfileSse2, NextLevelChangeSse2, AllFiniteSse2};
}

namespace {

template <typename Task>
struct SweepJob {
  void (*kernel)(const Task& task);
  const Task* task;
};

// Share `share` of `shares` of [begin, end), split evenly.
std::ptrdiff_t Edge(std::ptrdiff_t begin, std::ptrdiff_t end, int share, int shares) {
  return begin + (end - begin) * share / shares;
}

}  // namespace

void RunStance(ExactProducts& threads, const SweepKernels& kernels, const sweep_kernel::StanceTask& task) {
  // Columns split evenly: no row sums, so whole columns, contiguous in memory.
  const SweepJob<sweep_kernel::StanceTask> job{kernels.stance, &task};
  threads.RunShares(
      [](const void* context, int share, int shares) {
        const auto& j = *static_cast<const SweepJob<sweep_kernel::StanceTask>*>(context);
        sweep_kernel::StanceTask t = *j.task;
        t.column_begin = Edge(j.task->column_begin, j.task->column_end, share, shares);
        t.column_end = Edge(j.task->column_begin, j.task->column_end, share + 1, shares);
        j.kernel(t);
      },
      &job);
}

void RunAlliance(ExactProducts& threads, const SweepKernels& kernels, const sweep_kernel::AllianceTask& task) {
  // Tile column c holds c + 1 tiles of pairs: boundaries at T sqrt(s / S) give equal work.
  const SweepJob<sweep_kernel::AllianceTask> job{kernels.alliance, &task};
  threads.RunShares(
      [](const void* context, int share, int shares) {
        const auto& j = *static_cast<const SweepJob<sweep_kernel::AllianceTask>*>(context);
        const auto edge = [&](int s) -> std::ptrdiff_t {
          if (s == shares) return j.task->tile_end;
          const double fraction = std::sqrt(static_cast<double>(s) / static_cast<double>(shares));
          return j.task->tile_begin +
                 std::llround(static_cast<double>(j.task->tile_end - j.task->tile_begin) * fraction);
        };
        sweep_kernel::AllianceTask t = *j.task;
        t.tile_begin = edge(share);
        t.tile_end = edge(share + 1);
        j.kernel(t);
      },
      &job);
}

}  // namespace polarity
