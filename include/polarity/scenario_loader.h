#pragma once
// Reading, validating and editing scenarios (INTERFACE.md: "Scenario file", "Paths").

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "polarity/diagnostics.h"
#include "polarity/scenario.h"

namespace polarity {

struct LoadResult {
  std::optional<Scenario> scenario;  // set only when there are no errors
  Diagnostics diagnostics;           // every problem found, errors and warnings
  int exit_code = kExitOk;           // kExitOk, kExitDataError or kExitNoInput
};

// Loads and validates a scenario file (and the files it `extends`). Every problem is
// collected, each with file, line and column; nothing is thrown for bad input.
LoadResult LoadScenario(const std::filesystem::path& file);

// The same for text in memory; `file_name` is used in diagnostics and to resolve `extends`.
LoadResult ParseScenario(std::string_view text, const std::string& file_name);

// Range and reference checks on an already-built Scenario (used after overrides).
Diagnostics ValidateScenario(const Scenario& scenario);

// Sets the number at `path` (INTERFACE.md "Paths"), e.g. "actors.CHN.milex",
// "relations.JPN-KOR.friction", "relations.PRK>USA.stance", "parameters.alliance.rate",
// "events.camp-david-summit.at", "time.ticks", "seed". On an unknown path returns false with
// an error naming the closest valid path.
bool SetPath(Scenario& scenario, std::string_view path, double value, std::string* error);

// The number at `path`, or nullopt (with *error set) when the path is unknown.
std::optional<double> GetPath(const Scenario& scenario, std::string_view path, std::string* error);

// Every settable path of this scenario, for suggestions and documentation.
std::vector<std::string> ListPaths(const Scenario& scenario);

// Splits "PATH=VALUE" (VALUE a number, or true/false); false with *error on bad syntax.
bool ParseAssignment(std::string_view text, std::string* path, double* value, std::string* error);

// Provenance report for `polarity check`: with strict, every seeded actor or relation value
// that cites no source is an error; values whose note records a disagreement are warnings.
Diagnostics CheckProvenance(const Scenario& scenario, bool strict);

}  // namespace polarity
