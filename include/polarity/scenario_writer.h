#pragma once
// Writing a Scenario back as a scenario file (schema `polarity/scenario 1`).

#include <string>

#include "polarity/scenario.h"

namespace polarity {

// The scenario as YAML that LoadScenario()/ParseScenario() read back to the same Scenario:
// every section, sourced values with their source, quote and note, relations and events in
// order, groups, and the parameters and outputs that differ from their defaults. Doubles are
// written in the shortest form that reads back to the same bits (std::to_chars, as the CSV
// outputs), so every value round-trips exactly; strings are double-quoted with escapes.
//
// Not written, because they are not part of what a file says: file positions (`where`),
// `files` and `extends` (the result is the merged, self-contained scenario). An empty `name`
// is left out, so the reader then takes the file name.
std::string ScenarioToYaml(const Scenario& scenario);

}  // namespace polarity
