// The tick's sweeps (core/sweep_kernel.h) compiled for AVX-512 (flags: engine/CMakeLists.txt).
// Called only where the CPU has it (core/sweeps.cc).

#include "core/sweep_kernel.h"

namespace polarity::sweep_kernel {

void AllianceAvx512(const AllianceTask& task) { Alliance(task); }
void ThreatAvx512(const ThreatTask& task) { Threat(task); }
void StanceAvx512(const StanceTask& task) { Stance(task); }
void ThreatProfileAvx512(std::ptrdiff_t n, const double* squared, const double* perceived, double* inverse,
                         double* profile) {
  ThreatProfile(n, squared, perceived, inverse, profile);
}
bool NextLevelChangeAvx512(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                     std::ptrdiff_t* column) {
  return NextLevelChange(before, after, n, row, column);
}
bool AllFiniteAvx512(const FiniteSpan* spans, std::ptrdiff_t span_count) { return AllFinite(spans, span_count); }

}  // namespace polarity::sweep_kernel
