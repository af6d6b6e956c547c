#pragma once
// Range and reference checks on a typed Scenario: the one place these rules live. The
// loader runs them on the merged result of a file and the files it extends (with its
// position table); ValidateScenario runs them after --set overrides (without one).

#include "polarity/diagnostics.h"
#include "polarity/scenario.h"
#include "scenario/locations.h"

namespace polarity::loader {

struct ValidateOptions {
  const Locations* locations = nullptr;  // positions of values the Scenario keeps none for
  bool warnings = true;                  // also report suspicious but usable values
};

void Validate(const Scenario& scenario, const ValidateOptions& options, Diagnostics& diagnostics);

}  // namespace polarity::loader
