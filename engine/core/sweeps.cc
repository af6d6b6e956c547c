#include "core/sweeps.h"

#include <cmath>

namespace polarity {

SweepKernels::SweepKernels(SimdLevel level) {
  switch (level) {
    case SimdLevel::kAvx512:
      alliance = sweep_kernel::AllianceAvx512;
      threat = sweep_kernel::ThreatAvx512;
      stance = sweep_kernel::StanceAvx512;
      next_level_change = sweep_kernel::NextLevelChangeAvx512;
      all_finite = sweep_kernel::AllFiniteAvx512;
      return;
    case SimdLevel::kAvx2:
      alliance = sweep_kernel::AllianceAvx2;
      threat = sweep_kernel::ThreatAvx2;
      stance = sweep_kernel::StanceAvx2;
      next_level_change = sweep_kernel::NextLevelChangeAvx2;
      all_finite = sweep_kernel::AllFiniteAvx2;
      return;
    case SimdLevel::kSse2: break;
  }
  alliance = sweep_kernel::AllianceSse2;
  threat = sweep_kernel::ThreatSse2;
  stance = sweep_kernel::StanceSse2;
  next_level_change = sweep_kernel::NextLevelChangeSse2;
  all_finite = sweep_kernel::AllFiniteSse2;
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

// Rows split evenly: a row costs the same in every column.
template <typename Task>
void RunByRows(ExactProducts& threads, void (*kernel)(const Task& task), const Task& task) {
  const SweepJob<Task> job{kernel, &task};
  threads.RunShares(
      [](const void* context, int share, int shares) {
        const auto& j = *static_cast<const SweepJob<Task>*>(context);
        Task t = *j.task;
        t.row_begin = Edge(j.task->row_begin, j.task->row_end, share, shares);
        t.row_end = Edge(j.task->row_begin, j.task->row_end, share + 1, shares);
        j.kernel(t);
      },
      &job);
}

}  // namespace

void RunThreat(ExactProducts& threads, const SweepKernels& kernels, const sweep_kernel::ThreatTask& task) {
  RunByRows(threads, kernels.threat, task);
}

void RunStance(ExactProducts& threads, const SweepKernels& kernels, const sweep_kernel::StanceTask& task) {
  RunByRows(threads, kernels.stance, task);
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
