#include "polarity/state.h"

namespace polarity {

AllianceLevel LevelOf(double depth) {
  if (depth >= 0.8) return AllianceLevel::kTreatyAlliance;
  if (depth >= 0.6) return AllianceLevel::kQuasiAlliance;
  if (depth >= 0.4) return AllianceLevel::kSecurityCooperation;
  if (depth >= 0.2) return AllianceLevel::kPartnership;
  return AllianceLevel::kNone;
}

const char* LevelName(AllianceLevel level) {
  switch (level) {
    case AllianceLevel::kNone: return "none";
    case AllianceLevel::kPartnership: return "partnership";
    case AllianceLevel::kSecurityCooperation: return "security_cooperation";
    case AllianceLevel::kQuasiAlliance: return "quasi_alliance";
    case AllianceLevel::kTreatyAlliance: return "treaty_alliance";
  }
  return "unknown";
}

const char* RungName(Rung rung) {
  switch (rung) {
    case Rung::kNone: return "none";
    case Rung::kCrisis: return "crisis";
    case Rung::kShowOfForce: return "show_of_force";
    case Rung::kLimitedClash: return "limited_clash";
    case Rung::kWar: return "war";
  }
  return "unknown";
}

}  // namespace polarity
