#pragma once
// Running a sweep into an output directory, crash-safe and resumable, on threads, as one
// shard of many, or under MPI (engine/cli/mpi_sweep.cc), always writing the same data bytes.
//
// Directory layout while running:
//   sweep.json        what this directory holds: sweep identity (hashes of the inputs),
//                     shard, columns; checked on --resume and by merge
//   journal.csv       one checksummed line per finished run (journal.h)
//   runs/             per-run timeseries and events, written durably before the journal line
//   .polarity.lock    flock()ed while a sweep works here (another gets exit 75)
// When every run of the slice is done: outcomes.csv (run-id order), points.csv (whole sweeps
// only; merge writes it for shards), timeseries.csv and events.csv (concatenated in run-id
// order; only when time series are on), manifest.json; runs/ is removed.

#include <csignal>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/run_executor.h"
#include "io/run_recorder.h"
#include "sweep/journal.h"
#include "sweep/sweep_file.h"

namespace polarity::sweep {

struct ShardSpec {
  int index = 0;  // I of --shard I/N
  int count = 1;  // N
};

// Parses "I/N" with 0 <= I < N; false with *error otherwise.
bool ParseShard(const std::string& text, ShardSpec* shard, std::string* error);

struct SweepOptions {
  std::filesystem::path output;  // empty: results/<sweep name>/
  int threads = 1;
  ShardSpec shard;
  bool resume = false;
  bool force = false;
  std::vector<std::string> command_line;
  io::ProgressOptions progress;
};

// The contiguous slice [first, last) of run ids that shard `shard` owns.
std::pair<std::uint64_t, std::uint64_t> ShardRange(std::uint64_t runs, const ShardSpec& shard);

// The outcomes.csv header and one run's row (run_id,point,replication,seed,paths...,
// outcomes...,status). A failed run's status is "failed: MESSAGE".
std::string OutcomesHeader(const SweepSpec& sweep);
std::string OutcomeRow(const SweepSpec& sweep, const io::RunOutput& run);

// Compiled models of design points, one at a time (consecutive jobs share a point).
class PointModels {
 public:
  explicit PointModels(const SweepSpec& sweep) : sweep_(sweep) {}
  // The model of `point`; throws std::runtime_error when the point is invalid.
  std::shared_ptr<const Model> Get(std::uint64_t point);

 private:
  const SweepSpec& sweep_;
  std::uint64_t point_ = ~std::uint64_t{0};
  std::shared_ptr<const Model> model_;
};

// Checks that every design point of the slice makes a valid scenario; false with a message
// naming the point, its values and the problem.
bool ValidatePoints(const SweepSpec& sweep, std::uint64_t first_run, std::uint64_t last_run,
                    std::string* error);

// One sweep's output directory, from opening (lock, identity, journal) to the final files.
class SweepSession {
 public:
  // Opens or creates the directory. On failure returns nullptr and sets *exit_code
  // (73 exists/not ours, 75 locked, 74 I/O) with the message printed on stderr.
  static std::unique_ptr<SweepSession> Open(const SweepSpec& sweep, const SweepOptions& options,
                                            int* exit_code);
  ~SweepSession();

  // Run ids of the slice not yet in the journal, ascending.
  std::vector<std::uint64_t> PendingRuns() const;
  std::uint64_t first_run() const { return first_; }
  std::uint64_t last_run() const { return last_; }
  std::size_t finished() const { return journal_->size(); }

  // What every run records: series for outcomes always; time series and events when on.
  io::RecordOptions record_options() const;

  // Stores a finished run: its time series and events (when on) durably under runs/, then
  // its journal line. Runs may arrive in any order (MPI).
  void Store(std::uint64_t run_id, const std::string& row, const std::string& timeseries,
             const std::string& events);
  void Store(const io::RunOutput& run);

  // Flushes the journal (on interrupt and before finishing).
  void Sync();

  // Writes the final files when every run of the slice is in the journal; returns an exit
  // code (0, or 74 on I/O failure).
  int Finish(const SweepOptions& options, double wall_seconds);

 private:
  SweepSession(const SweepSpec& sweep, std::filesystem::path dir, int lock_fd);

  const SweepSpec& sweep_;
  std::filesystem::path dir_;
  int lock_fd_ = -1;
  std::uint64_t first_ = 0, last_ = 0;
  ShardSpec shard_;
  std::unique_ptr<Journal> journal_;
};

// `polarity sweep`: everything above on local threads. Returns the exit code.
int RunSweep(const SweepSpec& sweep, const SweepOptions& options);

// `polarity merge`: joins shard directories of one sweep into `output`, as the unsharded
// sweep would have written it. Returns the exit code.
int MergeShards(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& output,
                bool force);

// `polarity plan`: runs, points and the first `max_points` points, as text.
std::string PlanText(const SweepSpec& sweep, std::size_t max_points);

// Set by SIGINT / SIGTERM handlers (InstallInterruptHandlers); 0 while running normally.
// A process-wide flag is the one thing a signal handler may touch.
int InterruptSignal();
void InstallInterruptHandlers();

}  // namespace polarity::sweep
