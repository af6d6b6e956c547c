#pragma once
// Runs many independent runs on worker threads and hands their outputs, in run order, to a
// consumer on the calling thread.
//
// Parallelism is over whole runs only (never inside a tick): each worker owns its own
// Simulation and RunRecorder. Results go through a reorder buffer: a worker may start job k
// only while k < next_to_consume + window, so at most `window` finished-but-unconsumed
// outputs are held in memory, and the consumer sees jobs 0, 1, 2, ... whatever the thread
// count. Since a run's output is a pure function of its job, the bytes a consumer writes do
// not depend on the thread count.
//
// Reuse (sweeps): describe each job with a JobSource. It is called for index 0, 1, 2, ...
// in order, one call at a time (under the executor's lock), so it need not be thread-safe
// and may cache the Model of the current design point:
//
//   std::shared_ptr<const Model> cached; std::uint64_t cached_point = ~0ull;
//   auto source = [&](std::size_t k) {
//     RunJob job; job.run_id = k; job.point = k / reps; job.replication = k % reps;
//     job.seed = sweep_seed;
//     if (job.point != cached_point) { cached = CompilePoint(job.point); cached_point = job.point; }
//     job.model = cached; return job; };
//   ExecuteRuns(points * reps, source, [&](RunOutput& run) { writer.Write(run); }, options);

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "io/run_recorder.h"

namespace polarity::io {

using JobSource = std::function<RunJob(std::size_t index)>;
// Receives each run's output in index order on the thread that called ExecuteRuns. It may
// move out of the output's buffers. An exception thrown here stops the workers (runs in
// flight finish, no new ones start) and is rethrown by ExecuteRuns.
using RunConsumer = std::function<void(RunOutput& run)>;

struct ProgressOptions {
  enum class Mode { kAuto, kNone, kLive, kLines } mode = Mode::kAuto;  // kAuto: live on a TTY
  double line_interval_seconds = 5.0;  // kLines: at most one line per interval
  std::string label = "runs";
};

struct ExecutorOptions {
  int threads = 1;          // worker threads, >= 1; with fewer jobs, the rest help in the tick
  std::size_t window = 0;   // reorder window (finished outputs held); 0: 4 x threads
  // Applied to every job; nullopt: RecordOptions::ForModel(job's model).
  std::optional<RecordOptions> record;
  ProgressOptions progress;
  // Polled by the consuming thread (at least every 200 ms); when it returns true no new run
  // starts, runs in flight are discarded and ExecuteRuns returns with `cancelled` set. Every
  // run consumed before that is complete. Typically reads a flag set by a signal handler.
  std::function<bool()> cancelled;
};

struct ExecutorSummary {
  std::size_t runs = 0;
  std::size_t ok = 0;
  std::size_t failed = 0;
  bool cancelled = false;   // stopped early by ExecutorOptions::cancelled; runs = consumed
  double wall_seconds = 0.0;
};

// Executes jobs 0..job_count-1. Exceptions from a JobSource, a Simulation or the consumer
// are rethrown here after every worker has stopped.
ExecutorSummary ExecuteRuns(std::size_t job_count, const JobSource& source,
                            const RunConsumer& consumer, const ExecutorOptions& options);

// Reports progress on stderr (see ProgressOptions); thread-compatible, used by the consumer
// thread only.
class ProgressReporter {
 public:
  ProgressReporter(std::size_t total, const ProgressOptions& options);
  ~ProgressReporter();
  void Update(std::size_t done);  // call after each finished run (and periodically)
  void Finish();                  // clears the live line

 private:
  std::size_t total_;
  ProgressOptions options_;
  bool live_ = false;
  bool enabled_ = false;
  double start_ = 0.0;
  double last_draw_ = -1e300;
  bool drawn_ = false;
};

}  // namespace polarity::io
