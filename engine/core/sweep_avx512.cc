// The tick's sweeps (core/sweep_kernel.h) compiled for AVX-512 (flags: engine/CMakeLists.txt).
// Called only where the CPU has it (core/sweeps.cc).

#include "core/sweep_kernel.h"

namespace polarity::sweep_kernel {

void AllianceAvx512(const AllianceTask& task) { Alliance(task); }
void ThreatAvx512(const ThreatTask& task) { Threat(task); }
void StanceAvx512(const StanceTask& task) { Stance(task); }
bool NextLevelChangeAvx512(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                     std::ptrdiff_t* column) {
  return NextLevelChange(before, after, n, row, column);
}
bool AllFiniteAvx512(const double* values, std::ptrdiff_t count) { return AllFinite(values, count); }

}  // namespace polarity::sweep_kernel
