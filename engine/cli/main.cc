// The `polarity` command line (INTERFACE.md "Command line", "Exit codes").
//
// CLI11 parses; every parse error exits 64 (usage) with CLI11's message on stderr, --help
// and --version exit 0. Anything escaping a command as std::exception is an internal error
// (70).

#include <cstdio>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "build_info.h"
#include "cli/calibrate_command.h"
#include "cli/generate_command.h"
#include "cli/landscape_command.h"
#include "cli/commands.h"
#include "cli/sweep_commands.h"
#include "polarity/diagnostics.h"

namespace {

int Main(int argc, char** argv) {
  using polarity::cli::CheckArgs;
  using polarity::cli::RunArgs;
  const std::vector<std::string> command_line(argv, argv + argc);

  CLI::App app{"Polarity: a geopolitical scenario simulation engine (alliances, arms races, "
               "deterrence and crises).",
               "polarity"};
  app.set_version_flag("--version", std::string("polarity ") + polarity::build_info::kVersion +
                                        " (commit " + polarity::build_info::kGitCommit + ", " +
                                        polarity::build_info::kBuildType + ", " +
                                        polarity::build_info::kFloatingPoint + " floating point)");
  app.require_subcommand(1);

  RunArgs run_args;
  std::uint64_t seed = 0;
  int ticks = 0;
  int replications = 0;
  int threads = 0;
  CLI::App* run = app.add_subcommand(
      "run", "Run a scenario's replications and write timeseries, events, outcomes, networks "
             "and a manifest to an output directory.");
  run->add_option("SCENARIO", run_args.scenario, "Scenario file (schema polarity/scenario 1)")
      ->required();
  run->add_option("-o,--output", run_args.output,
                  "Output directory (default: results/<scenario name>/)");
  CLI::Option* seed_opt =
      run->add_option("--seed", seed, "Random seed (shorthand for --set seed=N)")
          ->check(CLI::NonNegativeNumber);  // CLI11 would wrap "-3" into a huge unsigned
  CLI::Option* ticks_opt = run->add_option("--ticks", ticks, "Ticks to run (shorthand for --set time.ticks=N)")
                               ->check(CLI::PositiveNumber);
  CLI::Option* reps_opt =
      run->add_option("--replications", replications, "Replications (run ids 0..N-1)")
          ->check(CLI::PositiveNumber);
  CLI::Option* threads_opt =
      run->add_option("--threads", threads, "Worker threads (default: hardware threads)")
          ->check(CLI::Range(1, 4096));
  run->add_option("--set", run_args.sets,
                  "Override a value by path, e.g. --set parameters.alliance.rate=0.4 "
                  "(repeat --set for several)")
      ->allow_extra_args(false)
      ->type_name("PATH=VALUE");
  run->add_flag("--force", run_args.force,
                "Replace the Polarity files of an existing, non-empty output directory");

  CheckArgs check_args;
  CLI::App* check = app.add_subcommand(
      "check", "Validate a scenario file, print a summary and provenance warnings, and exit.");
  check->add_option("FILE", check_args.file, "Scenario file")->required();
  check->add_flag("--strict", check_args.strict,
                  "Fail on seeded actor and relation values that cite no source");

  polarity::cli::SweepArgs sweep_args;
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Run a parameter sweep or Monte Carlo ensemble (schema polarity/sweep 1): crash-safe, "
               "resumable, on threads, as a shard (--shard I/N), or across MPI ranks under mpirun.");
  sweep->add_option("SWEEP", sweep_args.sweep, "Sweep file")->required();
  sweep->add_option("-o,--output", sweep_args.output, "Output directory (default: results/<sweep name>/)");
  sweep->add_option("--threads", sweep_args.threads, "Worker threads (default: hardware threads)")
      ->check(CLI::Range(1, 4096));
  sweep->add_option("--shard", sweep_args.shard, "Run only slice I of N (0-based), e.g. 0/4; join with merge")
      ->type_name("I/N");
  sweep->add_flag("--resume", sweep_args.resume, "Continue an interrupted sweep in its output directory");
  sweep->add_flag("--force", sweep_args.force, "Replace the Polarity files of an existing output directory");

  std::string plan_file;
  int plan_points = 10;
  CLI::App* plan = app.add_subcommand("plan", "Print a sweep's design (runs, points) without running it.");
  plan->add_option("SWEEP", plan_file, "Sweep file")->required();
  plan->add_option("--points", plan_points, "How many points to list (default 10)")->check(CLI::NonNegativeNumber);

  polarity::cli::MergeArgs merge_args;
  CLI::App* merge = app.add_subcommand(
      "merge", "Join the output directories of a sweep's shards, in run order, into one directory.");
  merge->add_option("SHARD_DIR", merge_args.shards, "Shard output directories")->required();
  merge->add_option("-o,--output", merge_args.output, "Output directory")->required();
  merge->add_flag("--force", merge_args.force, "Replace the Polarity files of an existing output directory");

  polarity::cli::CalibrateSubcommand calibrate(app);
  polarity::cli::LandscapeSubcommand landscape(app);
  polarity::cli::GenerateSubcommand generate(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // CLI11's message on stderr
    return polarity::kExitUsage;
  }

  if (run->parsed()) {
    if (seed_opt->count() > 0) run_args.seed = seed;
    if (ticks_opt->count() > 0) run_args.ticks = ticks;
    if (reps_opt->count() > 0) run_args.replications = replications;
    if (threads_opt->count() > 0) run_args.threads = threads;
    return polarity::cli::RunCommand(run_args, command_line);
  }
  if (check->parsed()) return polarity::cli::CheckCommand(check_args);
  if (sweep->parsed()) {
    if (polarity::cli::LaunchedUnderMpi()) return polarity::cli::MpiSweepCommand(sweep_args, command_line);
    return polarity::cli::SweepCommand(sweep_args, command_line);
  }
  if (plan->parsed()) return polarity::cli::PlanCommand(plan_file, plan_points);
  if (merge->parsed()) return polarity::cli::MergeCommand(merge_args);
  if (calibrate.parsed()) return calibrate.Run(command_line);
  if (landscape.parsed()) return landscape.Run();
  if (generate.parsed()) return generate.Run();
  return polarity::kExitUsage;  // unreachable: require_subcommand(1)
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    polarity::cli::PrintError(std::string("internal error: ") + e.what());
    return polarity::kExitInternal;
  } catch (...) {
    polarity::cli::PrintError("internal error: unknown exception");
    return polarity::kExitInternal;
  }
}
