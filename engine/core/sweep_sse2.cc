// The tick's sweeps (core/sweep_kernel.h) compiled for SSE2 (the x86-64 baseline: no -m flag) (flags: engine/CMakeLists.txt).
// Called only where the CPU has it (core/sweeps.cc).

#include "core/sweep_kernel.h"

namespace polarity::sweep_kernel {

void AllianceSse2(const AllianceTask& task) { Alliance(task); }
void ThreatSse2(const ThreatTask& task) { Threat(task); }
void StanceSse2(const StanceTask& task) { Stance(task); }
void ThreatProfileSse2(std::ptrdiff_t n, const double* squared, const double* perceived, double* inverse,
                       double* profile) {
  ThreatProfile(n, squared, perceived, inverse, profile);
}
bool NextLevelChangeSse2(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                     std::ptrdiff_t* column) {
  return NextLevelChange(before, after, n, row, column);
}
bool AllFiniteSse2(const FiniteSpan* spans, std::ptrdiff_t span_count) { return AllFinite(spans, span_count); }

}  // namespace polarity::sweep_kernel
