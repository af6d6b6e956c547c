// `polarity calibrate SCENARIO --data SERIES.csv --fit PATH ... [--from Y --to Y] -o DIR`:
// load and check everything before touching the output directory, fit by least squares
// (analysis::Calibrate), then write the calibrated scenario, the report, the estimates and
// the residuals, and check that the calibrated scenario loads back with the estimates.

#include "cli/calibrate_command.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/calibrate.h"
#include "cli/commands.h"
#include "io/csv.h"
#include "io/output_dir.h"
#include "polarity/model.h"
#include "polarity/scenario_loader.h"

namespace polarity::cli {
namespace {

namespace fs = std::filesystem;

void Print(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items) std::fprintf(stderr, "%s\n", d.Format().c_str());
}

}  // namespace

int CalibrateCommand(const CalibrateArgs& args, const std::vector<std::string>& command_line) {
  // 1. Inputs.
  LoadResult loaded = LoadScenario(args.scenario);
  Print(loaded.diagnostics);
  if (!loaded.scenario) return loaded.exit_code != kExitOk ? loaded.exit_code : kExitDataError;
  const Scenario& scenario = *loaded.scenario;

  std::vector<analysis::Observation> data;
  Diagnostics data_diagnostics;
  int data_code = kExitOk;
  if (!analysis::ReadObservations(args.data, &data, &data_diagnostics, &data_code)) {
    Print(data_diagnostics);
    return data_code;
  }

  analysis::CalibrationOptions options;
  options.fit = args.fit;
  options.from = args.from;
  options.to = args.to;
  options.scale = args.relative ? analysis::ResidualScale::kRelative : analysis::ResidualScale::kAbsolute;
  options.max_evaluations = args.max_evaluations;
  if (std::string error; !options.IsValid(&error)) {
    PrintError(error);
    return kExitUsage;
  }
  for (const std::string& pattern : args.fit) {
    if (pattern.rfind("events.", 0) == 0) {
      PrintError("--fit " + pattern + ": event times cannot be calibrated (they are not continuous in the run)");
      return kExitUsage;
    }
  }

  // 2. The fit.
  std::fprintf(stderr, "polarity: calibrating %s to %s (%zu observations)\n", args.scenario.c_str(),
               args.data.c_str(), data.size());
  const analysis::CalibrationResult result = analysis::Calibrate(scenario, data, options);
  if (!result.ok) {
    PrintError(result.error);
    return result.exit_code;
  }
  if (!result.converged) PrintWarning("the solver did not converge: " + result.solver_message);

  // 3. Outputs.
  const fs::path dir = args.output.empty()
                           ? fs::path("results") / (scenario.name + "-calibration")
                           : fs::path(args.output);
  try {
    io::PrepareOutputDirectory(dir, args.force);
  } catch (const io::OutputCreateError& e) {
    PrintError(e.what());
    return kExitCantCreate;
  }
  const fs::path input = scenario.files.empty() ? fs::path(args.scenario) : scenario.files.back();
  const fs::path extends = fs::absolute(input).lexically_normal().lexically_relative(fs::absolute(dir).lexically_normal());
  std::string window = "all years";
  if (args.from || args.to) {
    window = (args.from ? io::FormatDouble(*args.from) : std::string("start")) + "-" +
             (args.to ? io::FormatDouble(*args.to) : std::string("end"));
  }
  const std::string citation = "polarity calibrate: least squares fit of " + JoinWords(args.fit, " ") + " to " +
                               fs::path(args.data).filename().string() + " (" + window +
                               "); report.md in the calibration output directory";
  std::string yaml, error;
  if (!analysis::FormatCalibratedScenario(result, extends.generic_string(), scenario.name + "-calibrated",
                                          citation, &yaml, &error)) {
    PrintError(error);
    return kExitUsage;
  }
  std::vector<std::string> ids;
  for (const ActorSpec& a : scenario.actors) ids.push_back(a.id);
  std::string report = "Command: `" + JoinWords(command_line, " ") + "`\n\n";
  report += "Scenario: " + input.string() + "; data: " + args.data + " (" + window + "); residuals: " +
            (args.relative ? "relative to the observation" : "absolute") + ".\n\n";
  report += analysis::FormatCalibrationReport(result, ids);
  // Put the heading first.
  const std::string heading = "# Calibration report\n\n";
  if (const std::size_t at = report.find(heading); at != std::string::npos) {
    report.erase(at, heading.size());
    report = heading + report;
  }
  try {
    io::WriteFileAtomically(dir / "calibrated.yaml", yaml);
    io::WriteFileAtomically(dir / "report.md", report);
    io::WriteFileAtomically(dir / "estimates.csv", analysis::FormatEstimatesCsv(result));
    io::WriteFileAtomically(dir / "residuals.csv", analysis::FormatResidualsCsv(result));
  } catch (const io::OutputWriteError& e) {
    PrintError(e.what());
    return kExitIoError;
  }

  // 4. The calibrated scenario must load back with the estimates.
  const LoadResult check = LoadScenario(dir / "calibrated.yaml");
  if (!check.scenario) {
    Print(check.diagnostics);
    PrintError("internal error: the calibrated scenario does not load");
    return kExitInternal;
  }
  for (const analysis::FittedValue& v : result.values) {
    const std::optional<double> back = GetPath(*check.scenario, v.path, &error);
    if (!back || *back != v.estimate) {
      PrintError("internal error: " + v.path + " does not read back from calibrated.yaml");
      return kExitInternal;
    }
  }

  // 5. Summary.
  for (const analysis::FittedValue& v : result.values) {
    std::fprintf(stderr, "  %-45s %14.6g  (se %.3g)\n", v.path.c_str(), v.estimate, v.standard_error);
  }
  std::fprintf(stderr, "polarity: n = %d, R² = %.4f, Richardson system %s (largest real part %.4g/year)\n",
               result.observations, result.r_squared, result.richardson.verdict(),
               result.richardson.max_real_part);
  std::fprintf(stderr, "polarity: wrote %s\n", dir.string().c_str());
  return kExitOk;
}

CalibrateSubcommand::CalibrateSubcommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "calibrate", "Fit scenario values (by path, wildcards allowed) to observed series by least "
                   "squares; write the calibrated scenario, a report, estimates and residuals.");
  command_->add_option("SCENARIO", args_.scenario, "Scenario file (schema polarity/scenario 1)")->required();
  command_->add_option("--data", args_.data, "Observed series: CSV with columns actor,year,variable,value "
                                             "(variables milex, gdp, capability)")
      ->required();
  command_->add_option("--fit", args_.fit, "Paths of the values to fit, e.g. actors.*.richardson.* "
                                           "('*' matches within one dot-separated part)")
      ->required()
      ->type_name("PATH ...");
  from_option_ = command_->add_option("--from", from_, "First year of the fitting window (inclusive)");
  to_option_ = command_->add_option("--to", to_, "Last year of the fitting window (inclusive)");
  command_->add_option("-o,--output", args_.output, "Output directory (default: results/<scenario name>-calibration/)");
  command_->add_flag("--relative", args_.relative,
                     "Residuals relative to each observation (series of different size weigh alike)");
  command_->add_option("--max-evaluations", args_.max_evaluations, "Simulations allowed to the solver (default 2000)")
      ->check(CLI::PositiveNumber);
  command_->add_flag("--force", args_.force, "Write into an existing, non-empty output directory");
}

bool CalibrateSubcommand::parsed() const { return command_->parsed(); }

int CalibrateSubcommand::Run(const std::vector<std::string>& command_line) {
  if (from_option_->count() > 0) args_.from = from_;
  if (to_option_->count() > 0) args_.to = to_;
  return CalibrateCommand(args_, command_line);
}

}  // namespace polarity::cli
