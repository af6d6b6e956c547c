#pragma once
// `polarity landscape SCENARIO`: landscape theory (Axelrod & Bennett 1993) of a scenario's
// initial state (engine/analysis/landscape.h; docs/validation.md section 7): the actors'
// sizes, the two-bloc configuration X read from the alliances with its energy and each
// actor's frustration, and the local minima of the energy, found by exhaustive search
// (N <= 20, the default there) or by seeded multi-start myopic switching.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace polarity::cli {

struct LandscapeArgs {
  std::string scenario;                // SCENARIO.yaml
  std::vector<std::string> sets;       // --set PATH=VALUE, in order
  bool exhaustive = false;             // --exhaustive: every configuration (N <= 20)
  bool myopic = false;                 // --myopic: multi-start myopic switching
  int starts = 1000;                   // --starts N: random starts of the myopic search
  std::optional<std::uint64_t> seed;   // --seed S: key of the starts; default the scenario's seed
  int top = 10;                        // --top K: minima listed; 0: all
  bool json = false;                   // --json: the same as JSON on stdout
};

// The `landscape` subcommand registered on the CLI11 app (main.cc: construct it with the
// other subcommands, then `if (landscape.parsed()) return landscape.Run();`).
class LandscapeSubcommand {
 public:
  explicit LandscapeSubcommand(CLI::App& app);
  bool parsed() const;
  int Run();

 private:
  CLI::App* command_ = nullptr;
  CLI::Option* seed_option_ = nullptr;
  std::uint64_t seed_ = 0;
  LandscapeArgs args_;
};

// Prints the report on stdout (text, or JSON with --json), diagnostics on stderr. Returns an
// ExitCode: 64 for bad options or --set, 65 for a bad scenario (FILE:LINE:COL), 66 when it
// cannot be read.
int LandscapeCommand(const LandscapeArgs& args);

}  // namespace polarity::cli
