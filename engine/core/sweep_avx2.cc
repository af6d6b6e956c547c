// The tick's sweeps (core/sweep_kernel.h) compiled for AVX2 (flags: engine/CMakeLists.txt).
// Called only where the CPU has it (core/sweeps.cc).

#include "core/sweep_kernel.h"

namespace polarity::sweep_kernel {

void AllianceAvx2(const AllianceTask& task) { Alliance(task); }
void ThreatAvx2(const ThreatTask& task) { Threat(task); }
void StanceAvx2(const StanceTask& task) { Stance(task); }
bool NextLevelChangeAvx2(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                     std::ptrdiff_t* column) {
  return NextLevelChange(before, after, n, row, column);
}
bool AllFiniteAvx2(const double* values, std::ptrdiff_t count) { return AllFinite(values, count); }

}  // namespace polarity::sweep_kernel
