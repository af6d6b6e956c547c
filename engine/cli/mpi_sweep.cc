// `mpirun -np K polarity sweep ...`: the ranks share a sweep's runs dynamically.
//
// Every rank loads the sweep file. Rank 0 owns the output directory (lock, journal, final
// files) and hands out run ids in batches: a worker asks for work by sending the results of
// its last batch (or nothing, the first time) and gets the next batch, or an empty one to
// stop. Between messages rank 0 runs jobs itself, so K ranks give K workers. Batches shrink
// as the sweep nears its end (guided scheduling: remaining / (4 K), at most 64) so that a
// worker rarely waits for rank 0 to finish its own run and the last runs are spread evenly. Each run is a pure
// function of (sweep, run id), and the final files are assembled in run-id order, so the
// bytes equal those of `polarity sweep --threads 1`.

#include "cli/sweep_commands.h"

#ifdef POLARITY_HAVE_MPI

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>

#include <boost/mpi/communicator.hpp>
#include <boost/mpi/environment.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include "io/run_recorder.h"
#include "sweep/sweep_file.h"
#include "sweep/sweep_runner.h"

namespace polarity::cli {
namespace {

namespace mpi = boost::mpi;

constexpr int kTagResult = 1;  // worker -> 0: packed results of the last batch (none the first time)
constexpr int kTagWork = 2;    // 0 -> worker: the next batch of run ids; {-1}: stop
// (never an empty vector: Boost.MPI takes &v[0] of a vector of MPI datatypes, which is
// undefined for an empty one)
constexpr int kTagStatus = 3;  // 0 -> all: go (0) or the exit code to stop with

std::string Pack(const io::RunOutput& run, const std::string& row) {
  std::string out = std::to_string(run.job.run_id);
  out += '\n';
  out += row;
  out += '\0';
  out += run.timeseries;
  out += '\0';
  out += run.events;
  return out;
}

void Unpack(const std::string& message, std::uint64_t* run_id, std::string* row, std::string* series,
            std::string* events) {
  const std::size_t newline = message.find('\n');
  const std::size_t a = message.find('\0', newline + 1);
  const std::size_t b = message.find('\0', a + 1);
  *run_id = std::stoull(message.substr(0, newline));
  *row = message.substr(newline + 1, a - newline - 1);
  *series = message.substr(a + 1, b - a - 1);
  *events = message.substr(b + 1);
}

class LocalRunner {
 public:
  LocalRunner(const sweep::SweepSpec& sweep, const io::RecordOptions& options)
      : sweep_(sweep), models_(sweep), options_(options) {}

  // Runs `run_id` and returns its output.
  io::RunOutput& Run(std::uint64_t run_id) {
    const auto reps = static_cast<std::uint64_t>(sweep_.replications);
    io::RunJob job;
    job.run_id = run_id;
    job.point = run_id / reps;
    job.replication = run_id % reps;
    job.seed = sweep_.seed;
    job.model = models_.Get(job.point);
    if (job.model != model_) {
      model_ = job.model;
      simulation_ = std::make_unique<Simulation>(*model_);
      recorder_ = std::make_unique<io::RunRecorder>(*model_, options_);
    }
    recorder_->Record(*simulation_, job, &output_);
    return output_;
  }

 private:
  const sweep::SweepSpec& sweep_;
  sweep::PointModels models_;
  io::RecordOptions options_;
  std::shared_ptr<const Model> model_;
  std::unique_ptr<Simulation> simulation_;
  std::unique_ptr<io::RunRecorder> recorder_;
  io::RunOutput output_;
};

int Coordinator(mpi::communicator& world, const sweep::SweepSpec& spec, const SweepArgs& args,
                const std::vector<std::string>& command_line) {
  const auto start = std::chrono::steady_clock::now();
  sweep::SweepOptions options;
  std::string error;
  int code = kExitOk;
  if (!args.shard.empty() && !sweep::ParseShard(args.shard, &options.shard, &error)) {
    std::fprintf(stderr, "polarity: error: %s\n", error.c_str());
    code = kExitUsage;
  }
  options.output = args.output;
  options.threads = world.size();
  options.resume = args.resume;
  options.force = args.force;
  options.command_line = command_line;
  std::unique_ptr<sweep::SweepSession> session;
  if (code == kExitOk) session = sweep::SweepSession::Open(spec, options, &code);
  if (code == kExitOk && !sweep::ValidatePoints(spec, session->first_run(), session->last_run(), &error)) {
    std::fprintf(stderr, "polarity: error: %s: %s\n", spec.file.string().c_str(), error.c_str());
    code = kExitDataError;
  }
  for (int rank = 1; rank < world.size(); ++rank) world.send(rank, kTagStatus, code);
  if (code != kExitOk) return code;

  const std::vector<std::uint64_t> pending = session->PendingRuns();
  std::size_t next = 0, done = 0;
  int active_workers = world.size() - 1;
  io::ProgressOptions progress;
  progress.label = "runs";
  io::ProgressReporter reporter(pending.size(), progress);
  LocalRunner local(spec, session->record_options());
  const auto stop_issuing = [&] { return next >= pending.size() || sweep::InterruptSignal() != 0; };
  while (active_workers > 0 || !stop_issuing()) {
    // Serve every waiting worker first: they are idle until answered.
    while (boost::optional<mpi::status> status = world.iprobe(mpi::any_source, kTagResult)) {
      std::vector<std::string> results;
      world.recv(status->source(), kTagResult, results);
      for (const std::string& message : results) {
        std::uint64_t run_id = 0;
        std::string row, series, events;
        Unpack(message, &run_id, &row, &series, &events);
        session->Store(run_id, row, series, events);
        reporter.Update(++done);
      }
      std::vector<long long> batch;
      if (!stop_issuing()) {
        const std::size_t size = std::clamp<std::size_t>((pending.size() - next) / (4 * world.size()), 1, 64);
        for (std::size_t b = 0; b < size && next < pending.size(); ++b) {
          batch.push_back(static_cast<long long>(pending[next++]));
        }
      }
      if (batch.empty()) {
        batch.push_back(-1);
        --active_workers;
      }
      world.send(status->source(), kTagWork, batch);
    }
    if (!stop_issuing()) {
      io::RunOutput& run = local.Run(pending[next++]);
      session->Store(run);
      reporter.Update(++done);
    } else if (active_workers > 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }
  reporter.Finish();
  session->Sync();
  if (const int signal = sweep::InterruptSignal(); signal != 0) {
    std::fprintf(stderr, "polarity: interrupted: %zu runs kept; continue with --resume\n", session->finished());
    return signal == SIGTERM ? kExitSigterm : kExitSigint;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return session->Finish(options, wall);
}

int Worker(mpi::communicator& world, const sweep::SweepSpec& spec) {
  int code = kExitOk;
  world.recv(0, kTagStatus, code);
  if (code != kExitOk) return code;
  io::RecordOptions options;
  options.timeseries = options.events = spec.WritesTimeseries();
  options.dyads = spec.scenario.outputs.dyads;
  options.networks = false;
  LocalRunner local(spec, options);
  std::vector<std::string> results;  // empty: the first request
  for (;;) {
    world.send(0, kTagResult, results);
    std::vector<long long> batch;
    world.recv(0, kTagWork, batch);
    if (batch.empty() || batch.front() < 0) break;
    results.clear();
    for (const long long run_id : batch) {
      io::RunOutput& run = local.Run(static_cast<std::uint64_t>(run_id));
      results.push_back(Pack(run, sweep::OutcomeRow(spec, run)));
    }
  }
  return kExitOk;
}

}  // namespace

int MpiSweepCommand(const SweepArgs& args, const std::vector<std::string>& command_line) {
  mpi::environment environment;
  mpi::communicator world;
  sweep::InstallInterruptHandlers();
  sweep::SweepLoadResult loaded = sweep::LoadSweep(args.sweep);
  if (world.rank() == 0) {
    for (const Diagnostic& d : loaded.diagnostics.items) std::fprintf(stderr, "%s\n", d.Format().c_str());
  }
  if (!loaded.sweep) return loaded.exit_code;
  int code = world.rank() == 0 ? Coordinator(world, *loaded.sweep, args, command_line)
                               : Worker(world, *loaded.sweep);
  // Every rank leaves with rank 0's verdict, so mpirun's exit status is the sweep's.
  if (world.rank() == 0) {
    for (int rank = 1; rank < world.size(); ++rank) world.send(rank, kTagStatus, code);
  } else {
    world.recv(0, kTagStatus, code);
  }
  if (world.rank() == 0 && code == kExitOk) {
    std::fprintf(stderr, "polarity: sweep %s: %zu runs on %d ranks\n", loaded.sweep->name.c_str(),
                 loaded.sweep->runs(), world.size());
  }
  return code;
}

}  // namespace polarity::cli

#else  // !POLARITY_HAVE_MPI

#include <cstdio>

namespace polarity::cli {

int MpiSweepCommand(const SweepArgs&, const std::vector<std::string>&) {
  std::fprintf(stderr,
               "polarity: error: this build has no MPI support (configure with Open MPI and Boost.MPI "
               "installed, POLARITY_WITH_MPI=ON); use --shard I/N and merge instead\n");
  return kExitUsage;
}

}  // namespace polarity::cli

#endif
