#pragma once
// `polarity calibrate` (INTERFACE.md "Command line"; the method in engine/analysis/calibrate.h).

#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace polarity::cli {

struct CalibrateArgs {
  std::string scenario;              // SCENARIO.yaml
  std::string data;                  // --data SERIES.csv (actor,year,variable,value)
  std::vector<std::string> fit;      // --fit PATH ... (wildcards: actors.*.richardson.*)
  std::optional<double> from, to;    // --from YEAR --to YEAR (inclusive)
  std::string output;                // -o DIR; empty: results/<scenario name>-calibration/
  bool relative = false;             // --relative: residuals relative to the observation
  int max_evaluations = 2000;        // --max-evaluations N
  bool force = false;                // --force: write into a non-empty directory
};

// The `calibrate` subcommand registered on the CLI11 app (main.cc: construct it with the
// other subcommands, then `if (calibrate.parsed()) return calibrate.Run(command_line);`).
class CalibrateSubcommand {
 public:
  explicit CalibrateSubcommand(CLI::App& app);
  bool parsed() const;
  int Run(const std::vector<std::string>& command_line);

 private:
  CLI::App* command_ = nullptr;
  CLI::Option* from_option_ = nullptr;
  CLI::Option* to_option_ = nullptr;
  double from_ = 0.0, to_ = 0.0;
  CalibrateArgs args_;
};

// Writes DIR/calibrated.yaml (extends SCENARIO, runs as is), DIR/report.md, DIR/estimates.csv
// and DIR/residuals.csv; a summary on stderr. Returns an ExitCode.
int CalibrateCommand(const CalibrateArgs& args, const std::vector<std::string>& command_line);

}  // namespace polarity::cli
