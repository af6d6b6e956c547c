#pragma once
// Sweep files (schema `polarity/sweep 1`, INTERFACE.md "Sweep file"): which scenario, which
// paths vary and how, how many replications, and which outcomes to reduce each run to.
// Loading validates everything against the scenario (paths exist, bounds, actor names,
// outcome variables) and builds the design, so a sweep never starts on a bad file.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "io/outcomes.h"
#include "polarity/diagnostics.h"
#include "polarity/scenario.h"
#include "sweep/design.h"

namespace polarity::sweep {

enum class DesignMethod { kGrid, kRandom, kLhs, kFile };
const char* DesignMethodName(DesignMethod method);

struct SweepSpec {
  std::string name;
  std::filesystem::path file;           // the sweep file
  std::filesystem::path scenario_file;  // resolved relative to the sweep file
  std::uint64_t seed = 1;
  int replications = 1;
  std::optional<int> ticks;             // overrides the scenario's time.ticks
  DesignMethod method = DesignMethod::kGrid;
  int samples = 0;                      // random, lhs
  std::filesystem::path design_file;    // file
  std::vector<Axis> axes;
  std::vector<io::OutcomeSpec> outcomes;
  std::optional<bool> timeseries;       // default: true up to 1000 runs

  Scenario scenario;   // the base scenario, loaded and validated (ticks override applied)
  Design design;       // the points, in design order

  std::size_t points() const { return design.points.size(); }
  std::size_t runs() const { return points() * static_cast<std::size_t>(replications); }
  bool WritesTimeseries() const { return timeseries.value_or(runs() <= 1000); }
};

struct SweepLoadResult {
  std::optional<SweepSpec> sweep;
  Diagnostics diagnostics;
  int exit_code = kExitOk;
};

SweepLoadResult LoadSweep(const std::filesystem::path& file);

// The scenario of one design point: the base with every swept path set, validated.
// Returns false with *error when a value is invalid for the scenario.
bool ScenarioForPoint(const SweepSpec& sweep, std::size_t point, Scenario* scenario,
                      std::string* error);

}  // namespace polarity::sweep
