// `polarity generate`: a synthetic sparse world as a scenario file (generate_command.h).

#include "cli/generate_command.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "io/output_dir.h"
#include "polarity/diagnostics.h"
#include "polarity/scenario_writer.h"

namespace polarity::cli {
namespace {

namespace fs = std::filesystem;

std::string Fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

// Refuses what cannot become the output file before any work is done: a directory, or an
// existing file without --force. (The file could still appear between this check and the
// final rename; the rename then replaces it.)
int CheckOutput(const GenerateArgs& args) {
  if (args.output.empty()) {
    PrintError("-o: the output file name is empty (use -o - for stdout)");
    return kExitUsage;
  }
  if (args.output == "-") return kExitOk;
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(args.output, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    PrintError(args.output + ": " + ec.message());
    return kExitCantCreate;
  }
  if (!fs::exists(status)) return kExitOk;
  if (fs::is_directory(fs::status(args.output, ec))) {
    PrintError(args.output + ": is a directory; -o names the scenario file to write");
    return kExitCantCreate;
  }
  if (!args.force) {
    PrintError(args.output + ": exists (use --force to replace it)");
    return kExitCantCreate;
  }
  return kExitOk;
}

}  // namespace

int GenerateCommand(const GenerateArgs& args) {
  std::string error;
  if (!args.options.IsValid(&error)) {
    std::istringstream lines(error);
    for (std::string line; std::getline(lines, line);) PrintError("generate: " + line);
    return kExitUsage;
  }
  if (const int code = CheckOutput(args); code != kExitOk) return code;

  const auto started = std::chrono::steady_clock::now();
  const std::string yaml = ScenarioToYaml(GenerateWorld(args.options));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (args.output == "-") {
    if (std::fwrite(yaml.data(), 1, yaml.size(), stdout) != yaml.size() || std::fflush(stdout) != 0) {
      PrintError("stdout: write failed");
      return kExitIoError;
    }
  } else {
    std::optional<io::AtomicFile> file;
    try {
      file.emplace(args.output);
    } catch (const io::OutputWriteError& e) {  // the temporary cannot be created there
      PrintError(std::string("cannot create ") + e.what());
      return kExitCantCreate;
    }
    try {
      file->Write(yaml);
      file->Commit();
    } catch (const io::OutputWriteError& e) {
      PrintError(e.what());
      return kExitIoError;
    }
  }

  const GenerateOptions& o = args.options;
  const std::int64_t ties = o.TieCount();
  const std::int64_t long_range = o.LongRangeTieCount();
  std::fprintf(stderr,
               "polarity: generated %d actors, %lld ties (mean degree %d; %lld local, %lld long-range) in %s s; "
               "wrote %s (%zu bytes)\n",
               o.actors, static_cast<long long>(ties), o.ties_per_actor, static_cast<long long>(ties - long_range),
               static_cast<long long>(long_range), Fixed(seconds, 2).c_str(),
               args.output == "-" ? "stdout" : args.output.c_str(), yaml.size());
  return kExitOk;
}

GenerateSubcommand::GenerateSubcommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "generate", "Write a synthetic large world for the sparse mode: N actors with capitals uniform on the "
                  "sphere and N*M/2 ties, mostly to nearest neighbours (docs/generate.md).");
  command_->add_option("--actors", args_.options.actors, "Actors N, 2 to 1000000")->required();
  command_->add_option("--ties-per-actor", args_.options.ties_per_actor,
                       "Mean ties per actor M, 1 to N-1; N*M must be even (N*M/2 ties)")
      ->required();
  command_->add_option("--seed", args_.options.seed, "Seed: the world is a pure function of the options")
      ->required()
      ->check(CLI::NonNegativeNumber);  // CLI11 would wrap "-3" into a huge unsigned
  command_->add_option("-o,--output", args_.output, "Scenario file to write; - for stdout")->required();
  command_->add_option("--ticks", args_.options.ticks, "time.ticks of the scenario (default 40)");
  command_->add_option("--long-range-share", args_.options.long_range_share,
                       "Share of the ties drawn between random pairs, 0 to 1 (default 0.2)");
  command_->add_flag("--dyads", args_.options.dyad_series,
                     "Record dyad variables in timeseries.csv (outputs.dyads; off by default)");
  command_->add_flag("--force", args_.force, "Replace an existing file");
}

bool GenerateSubcommand::parsed() const { return command_->parsed(); }

int GenerateSubcommand::Run() const { return GenerateCommand(args_); }

}  // namespace polarity::cli
