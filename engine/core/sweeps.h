#pragma once
// The tick's elementwise sweeps (core/sweep_task.h) at the widest instruction set this CPU
// runs: the same bits at every level (core/sweep_kernel.h), so, as with the exact products,
// the portable build gives the same bytes on every x86-64 machine and still uses AVX-512
// where there is one.

#include <cstddef>

#include "core/exact_product.h"
#include "core/sweep_task.h"

namespace polarity {

struct SweepKernels {
  void (*alliance)(const sweep_kernel::AllianceTask& task);
  void (*threat)(const sweep_kernel::ThreatTask& task);
  void (*stance)(const sweep_kernel::StanceTask& task);
  void (*threat_profile)(std::ptrdiff_t n, const double* squared, const double* perceived, double* inverse,
                         double* profile);
  bool (*next_level_change)(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                            std::ptrdiff_t* column);
  bool (*all_finite)(const sweep_kernel::FiniteSpan* spans, std::ptrdiff_t span_count);
};

// The kernels compiled for `level`.
SweepKernels SweepKernelsFor(SimdLevel level);

// The sweeps on the tick's threads (ExactProducts::RunShares): the columns (stance) or the
// tile columns (alliance) split between them. Every output is computed whole by one thread
// in the order of one thread, so the bits do not depend on the thread count. The threat
// sweep runs on the calling thread alone (core/threat.cc says why).
void RunStance(ExactProducts& threads, const SweepKernels& kernels, const sweep_kernel::StanceTask& task);
void RunAlliance(ExactProducts& threads, const SweepKernels& kernels, const sweep_kernel::AllianceTask& task);

}  // namespace polarity
