#include "core/sweeps.h"

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

}  // namespace polarity
