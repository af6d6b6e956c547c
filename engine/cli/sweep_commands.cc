#include "cli/sweep_commands.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <thread>

#include "polarity/scenario_loader.h"
#include "sweep/sweep_file.h"
#include "sweep/sweep_runner.h"

namespace polarity::cli {
namespace {

void PrintDiagnostics(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items) std::fprintf(stderr, "%s\n", d.Format().c_str());
}

}  // namespace

bool LaunchedUnderMpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE"}) {
    const char* value = std::getenv(name);
    if (value != nullptr && std::atoi(value) > 1) return true;
  }
  return false;
}

int SweepCommand(const SweepArgs& args, const std::vector<std::string>& command_line) {
  sweep::SweepOptions options;
  std::string error;
  if (!args.shard.empty() && !sweep::ParseShard(args.shard, &options.shard, &error)) {
    std::fprintf(stderr, "polarity: error: %s\n", error.c_str());
    return kExitUsage;
  }
  sweep::SweepLoadResult loaded = sweep::LoadSweep(args.sweep);
  PrintDiagnostics(loaded.diagnostics);
  if (!loaded.sweep) return loaded.exit_code;
  options.output = args.output;
  options.threads = args.threads > 0 ? args.threads
                                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.resume = args.resume;
  options.force = args.force;
  options.command_line = command_line;
  options.progress.label = "runs";
  const int code = sweep::RunSweep(*loaded.sweep, options);
  if (code == kExitOk) {
    const std::string dir = args.output.empty() ? "results/" + loaded.sweep->name : args.output;
    std::fprintf(stderr, "polarity: sweep %s: %zu runs done; output in %s\n", loaded.sweep->name.c_str(),
                 loaded.sweep->runs(), dir.c_str());
  }
  return code;
}

int PlanCommand(const std::string& sweep_file, int max_points) {
  sweep::SweepLoadResult loaded = sweep::LoadSweep(sweep_file);
  PrintDiagnostics(loaded.diagnostics);
  if (!loaded.sweep) return loaded.exit_code;
  const std::string text = sweep::PlanText(*loaded.sweep, static_cast<std::size_t>(std::max(0, max_points)));
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

bool IsSweepFile(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  static const std::regex kSchema(R"(^schema:\s*["']?polarity/sweep\b)");
  while (std::getline(in, line)) {
    if (std::regex_search(line, kSchema)) return true;
  }
  return false;
}

int CheckSweepCommand(const std::string& file, bool strict) {
  sweep::SweepLoadResult loaded = sweep::LoadSweep(file);
  PrintDiagnostics(loaded.diagnostics);
  if (!loaded.sweep) {
    std::fprintf(stderr, "polarity: %s: %d error%s\n", file.c_str(), loaded.diagnostics.ErrorCount(),
                 loaded.diagnostics.ErrorCount() == 1 ? "" : "s");
    return loaded.exit_code;
  }
  const Diagnostics provenance = CheckProvenance(loaded.sweep->scenario, strict);
  PrintDiagnostics(provenance);
  const std::string text = "file: " + file + "\nschema: polarity/sweep 1\n" + sweep::PlanText(*loaded.sweep, 5) +
                           "result: " + (provenance.HasErrors() ? "errors" : "ok") + "\n";
  std::fwrite(text.data(), 1, text.size(), stdout);
  return provenance.HasErrors() ? kExitDataError : kExitOk;
}

int MergeCommand(const MergeArgs& args) {
  std::vector<std::filesystem::path> shards(args.shards.begin(), args.shards.end());
  return sweep::MergeShards(shards, args.output, args.force);
}

}  // namespace polarity::cli
