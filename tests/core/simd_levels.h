#pragma once
// The instruction-set levels this CPU can run, for tests that compare kernels across them.

#include <vector>

#include "core/exact_product.h"

namespace polarity::testing {

inline std::vector<SimdLevel> SimdLevels() {
  std::vector<SimdLevel> levels = {SimdLevel::kSse2};
  const SimdLevel best = DetectSimdLevel();
  if (best != SimdLevel::kSse2) levels.push_back(SimdLevel::kAvx2);
  if (best == SimdLevel::kAvx512) levels.push_back(SimdLevel::kAvx512);
  return levels;
}

}  // namespace polarity::testing
