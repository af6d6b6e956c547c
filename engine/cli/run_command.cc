// `polarity run SCENARIO`: load, apply overrides, validate, and only then create the output
// directory; run the replications in parallel; write the data files in run order and the
// manifest last.

#include <algorithm>
#include <csignal>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "io/graphml.h"
#include "io/manifest.h"
#include "io/output_dir.h"
#include "io/run_executor.h"
#include "io/run_writer.h"
#include "polarity/model.h"
#include "polarity/scenario_loader.h"

namespace polarity::cli {
namespace fs = std::filesystem;

void PrintError(const std::string& message) {
  std::fprintf(stderr, "polarity: error: %s\n", message.c_str());
}

void PrintWarning(const std::string& message) {
  std::fprintf(stderr, "polarity: warning: %s\n", message.c_str());
}

std::string JoinWords(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out += separator;
    out += word;
  }
  return out;
}

void ReportDiagnostics(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items) {
    if (d.where.file.empty()) {  // not from a file: e.g. a --set value out of range
      std::fprintf(stderr, "polarity: %s: %s\n", d.is_warning ? "warning" : "error",
                   d.message.c_str());
    } else {
      std::fprintf(stderr, "%s\n", d.Format().c_str());
    }
  }
}

int ApplySetAssignments(const std::vector<std::string>& sets, Scenario& scenario,
                        std::vector<std::string>* applied) {
  for (const std::string& assignment : sets) {
    std::string path;
    double value = 0.0;
    std::string error;
    if (!ParseAssignment(assignment, &path, &value, &error) || !SetPath(scenario, path, value, &error)) {
      PrintError("--set " + assignment + ": " + error);
      return kExitUsage;
    }
    if (applied != nullptr) applied->push_back(assignment);
  }
  return kExitOk;
}

int RevalidateOverrides(const Scenario& scenario) {
  const Diagnostics diagnostics = ValidateScenario(scenario);
  if (!diagnostics.HasErrors()) return kExitOk;
  // The file itself was valid, so the overrides made it invalid: a usage error.
  ReportDiagnostics(diagnostics);
  PrintError("the command-line overrides make the scenario invalid");
  return kExitUsage;
}

namespace {

// The signal that interrupted the run (SIGINT, SIGTERM), 0 while running normally.
volatile std::sig_atomic_t g_interrupt = 0;

void OnRunInterrupt(int signal) {
  g_interrupt = signal;
  std::signal(signal, SIG_DFL);  // a second signal ends the process at once
}

// SIGINT and SIGTERM stop the run cleanly while it is alive.
struct InterruptHandlers {
  InterruptHandlers() {
    g_interrupt = 0;
    std::signal(SIGINT, OnRunInterrupt);
    std::signal(SIGTERM, OnRunInterrupt);
  }
  ~InterruptHandlers() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
  }
  InterruptHandlers(const InterruptHandlers&) = delete;
  InterruptHandlers& operator=(const InterruptHandlers&) = delete;
};

// Applies --set, then the shorthands (which win), and re-validates. Returns kExitOk or the
// exit code after printing the problem.
int ApplyOverrides(const RunArgs& args, Scenario& scenario, std::vector<std::string>* applied) {
  if (const int code = ApplySetAssignments(args.sets, scenario, applied); code != kExitOk) return code;
  if (args.seed) {
    scenario.seed = *args.seed;
    applied->push_back("seed=" + std::to_string(*args.seed));
  }
  if (args.ticks) {
    scenario.ticks = *args.ticks;
    applied->push_back("time.ticks=" + std::to_string(*args.ticks));
  }
  if (args.replications) {
    scenario.replications = *args.replications;
    applied->push_back("replications=" + std::to_string(*args.replications));
  }
  return applied->empty() ? kExitOk : RevalidateOverrides(scenario);
}

std::string DefaultOutputDir(const Scenario& scenario, const std::string& file) {
  std::string name = scenario.name;
  if (name.empty()) name = fs::path(file).stem().string();
  return (fs::path("results") / name).string();
}

}  // namespace

int RunCommand(const RunArgs& args, const std::vector<std::string>& command_line) {
  const auto started = std::chrono::system_clock::now();
  const auto started_steady = std::chrono::steady_clock::now();

  // 1. Load and validate everything before touching the output directory.
  LoadResult loaded = LoadScenario(args.scenario);
  ReportDiagnostics(loaded.diagnostics);
  if (!loaded.scenario) {
    return loaded.exit_code != kExitOk ? loaded.exit_code : kExitDataError;
  }
  Scenario& scenario = *loaded.scenario;
  std::vector<std::string> overrides;
  if (const int code = ApplyOverrides(args, scenario, &overrides); code != kExitOk) return code;

  auto model = std::make_shared<const Model>(CompileModel(scenario));

  std::vector<io::InputFile> inputs;
  std::vector<fs::path> files = scenario.files;
  if (files.empty()) files.emplace_back(args.scenario);
  if (std::string error; !io::HashInputFiles(files, &inputs, &error)) {
    PrintError(error);
    return kExitNoInput;
  }

  const int replications = std::max(1, model->replications);
  int threads = args.threads.value_or(static_cast<int>(std::thread::hardware_concurrency()));
  // More threads than replications are not wasted: the executor gives the spare ones to the
  // ticks' large products (core/exact_product.h), e.g. one 2000-actor run on both cores.
  threads = std::max(threads, 1);
  const fs::path dir = args.output.empty() ? DefaultOutputDir(scenario, args.scenario) : args.output;

  // 2. Create the output directory and write.
  try {
    io::PrepareOutputDirectory(dir, args.force);
  } catch (const io::OutputCreateError& e) {
    PrintError(e.what());
    return kExitCantCreate;
  }

  io::ManifestInfo info;
  info.command = "run";
  info.command_line = command_line;
  info.started = started;
  info.inputs = std::move(inputs);
  info.overrides = overrides;
  info.seed = model->seed;
  info.replications = replications;
  info.ticks = model->ticks;
  info.threads = threads;

  io::ExecutorSummary summary;
  try {
    io::RunWriterOptions writer_options;
    writer_options.timeseries = model->outputs.timeseries;
    io::RunWriter writer(dir, writer_options);
    info.files = {"outcomes.csv"};
    if (writer_options.timeseries) info.files.push_back("timeseries.csv");
    if (writer_options.events) info.files.push_back("events.csv");

    io::ExecutorOptions options;
    options.threads = threads;
    options.cancelled = [] { return g_interrupt != 0; };
    const auto source = [&](std::size_t index) {
      io::RunJob job;
      job.run_id = index;
      job.point = 0;
      job.replication = index;
      job.seed = model->seed;
      job.model = model;
      return job;
    };
    const auto consumer = [&](io::RunOutput& run) {
      writer.Write(run);
      info.events_dropped += run.events_dropped;
      if (run.status != io::RunStatus::kOk) info.failures.push_back(run.error);
      for (const io::NetworkSnapshot& net : run.networks) {
        info.files.push_back("networks/" + io::AllianceGraphmlName(run.job.run_id, net.tick));
      }
    };
    {
      const InterruptHandlers handlers;
      summary = io::ExecuteRuns(static_cast<std::size_t>(replications), source, consumer, options);
    }
    // Interrupted: the runs finished so far are complete and kept; the manifest says so.
    writer.Commit();

    if (summary.cancelled) {
      info.status = g_interrupt == SIGTERM ? "interrupted (SIGTERM)" : "interrupted (SIGINT)";
    }
    info.runs_planned = static_cast<std::size_t>(replications);
    info.runs_ok = summary.ok;
    info.runs_failed = summary.failed;
    info.finished = std::chrono::system_clock::now();
    info.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_steady).count();
    io::WriteFileAtomically(dir / "manifest.json",
                            io::DumpJson(io::ManifestJson(info, scenario, *model)));
  } catch (const io::OutputWriteError& e) {
    PrintError(e.what());
    return kExitIoError;
  }

  // 3. Human summary.
  constexpr std::size_t kMaxFailuresShown = 20;
  for (std::size_t k = 0; k < info.failures.size() && k < kMaxFailuresShown; ++k) {
    PrintError(info.failures[k]);
  }
  if (info.failures.size() > kMaxFailuresShown) {
    PrintError("... and " + std::to_string(info.failures.size() - kMaxFailuresShown) +
               " more failed runs (all listed in manifest.json)");
  }
  if (info.events_dropped > 0) {
    PrintWarning(std::to_string(info.events_dropped) +
                 " events exceeded the per-tick event capacity and were not recorded");
  }
  std::fprintf(stderr, "polarity: %zu run%s (%zu ok, %zu failed) in %.2f s; output in %s\n",
               summary.runs, summary.runs == 1 ? "" : "s", summary.ok, summary.failed,
               info.wall_seconds, dir.string().c_str());
  if (summary.cancelled) {
    std::fprintf(stderr, "polarity: interrupted after %zu of %d runs; the finished runs are kept in %s\n",
                 summary.runs, replications, dir.string().c_str());
    return g_interrupt == SIGTERM ? kExitSigterm : kExitSigint;
  }
  return summary.failed > 0 ? kExitRunFailed : kExitOk;
}

}  // namespace polarity::cli
