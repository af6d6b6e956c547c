#include "io/run_executor.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace polarity::io {
namespace {

double NowSeconds() {
  using Clock = std::chrono::steady_clock;
  return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
}

std::string FormatDuration(double seconds) {
  char buffer[32];
  if (seconds < 60) {
    std::snprintf(buffer, sizeof buffer, "%.0fs", seconds);
  } else if (seconds < 3600) {
    std::snprintf(buffer, sizeof buffer, "%dm%02ds", static_cast<int>(seconds / 60),
                  static_cast<int>(seconds) % 60);
  } else {
    std::snprintf(buffer, sizeof buffer, "%dh%02dm", static_cast<int>(seconds / 3600),
                  static_cast<int>(seconds / 60) % 60);
  }
  return buffer;
}

// One worker's simulation, rebuilt when the job's model changes.
struct WorkerContext {
  std::shared_ptr<const Model> model;
  std::unique_ptr<Simulation> sim;
  std::unique_ptr<RunRecorder> recorder;
  std::optional<RecordOptions> record;
  int tick_threads = 1;

  void Prepare(const RunJob& job) {
    if (sim && job.model == model) return;
    recorder.reset();
    sim.reset();
    model = job.model;
    sim = std::make_unique<Simulation>(*model, tick_threads);
    recorder = std::make_unique<RunRecorder>(*model, record ? *record : RecordOptions::ForModel(*model));
  }
};

}  // namespace

ProgressReporter::ProgressReporter(std::size_t total, const ProgressOptions& options)
    : total_(total), options_(options), start_(NowSeconds()) {
  using Mode = ProgressOptions::Mode;
  Mode mode = options.mode;
  if (mode == Mode::kAuto) mode = ::isatty(STDERR_FILENO) ? Mode::kLive : Mode::kLines;
  enabled_ = mode != Mode::kNone;
  live_ = mode == Mode::kLive;
  // Log lines start only once the job has run for one interval.
  last_draw_ = live_ ? -1e300 : start_;
}

ProgressReporter::~ProgressReporter() { Finish(); }

void ProgressReporter::Update(std::size_t done) {
  if (!enabled_) return;
  const double now = NowSeconds();
  const double interval = live_ ? 0.2 : options_.line_interval_seconds;
  if (now - last_draw_ < interval && !(live_ && done == total_)) return;
  last_draw_ = now;
  const double elapsed = now - start_;
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  std::string eta = "?";
  if (rate > 0) eta = FormatDuration(static_cast<double>(total_ - done) / rate);
  char line[160];
  std::snprintf(line, sizeof line, "%s %zu/%zu (%.1f%%), %.2f/s, elapsed %s, ETA %s",
                options_.label.c_str(), done, total_,
                total_ > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0,
                rate, FormatDuration(elapsed).c_str(), eta.c_str());
  if (live_) {
    std::fprintf(stderr, "\r\033[K%s", line);
  } else {
    std::fprintf(stderr, "polarity: %s\n", line);
  }
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressReporter::Finish() {
  if (live_ && drawn_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
  drawn_ = false;
}

ExecutorSummary ExecuteRuns(std::size_t job_count, const JobSource& source,
                            const RunConsumer& consumer, const ExecutorOptions& options) {
  const double start = NowSeconds();
  ExecutorSummary summary;
  summary.runs = job_count;
  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(std::max<std::size_t>(job_count, 1))));
  const std::size_t window = options.window > 0 ? options.window : 4 * static_cast<std::size_t>(threads);
  // Threads that fewer jobs than threads leave idle go to the ticks' large products (dense
  // worlds from N ~ 160; ExactProducts): one big run on --threads 2 ticks on both cores.
  const int tick_threads = std::max(1, options.threads / threads);

  std::mutex mutex;
  std::condition_variable work_ready;    // a worker may take the next job
  std::condition_variable result_ready;  // the consumer may have something to do
  std::size_t next_job = 0;              // next index to hand out
  std::size_t next_consume = 0;          // next index the consumer wants
  std::map<std::size_t, std::unique_ptr<RunOutput>> finished;
  std::vector<std::unique_ptr<RunOutput>> spare;  // consumed buffers, reused
  bool stop = false;
  std::exception_ptr error;

  auto worker = [&]() {
    WorkerContext context;
    context.record = options.record;
    context.tick_threads = tick_threads;
    while (true) {
      RunJob job;
      std::unique_ptr<RunOutput> out;
      std::size_t index;
      {
        std::unique_lock lock(mutex);
        work_ready.wait(lock, [&] {
          return stop || next_job >= job_count || next_job < next_consume + window;
        });
        if (stop || next_job >= job_count) return;
        index = next_job++;
        try {
          job = source(index);
        } catch (...) {
          if (!error) error = std::current_exception();
          stop = true;
          work_ready.notify_all();
          result_ready.notify_all();
          return;
        }
        if (!spare.empty()) {
          out = std::move(spare.back());
          spare.pop_back();
        }
      }
      if (!out) out = std::make_unique<RunOutput>();
      try {
        context.Prepare(job);
        context.recorder->Record(*context.sim, job, out.get());
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        stop = true;
        work_ready.notify_all();
        result_ready.notify_all();
        return;
      }
      std::lock_guard lock(mutex);
      finished.emplace(index, std::move(out));
      result_ready.notify_all();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) pool.emplace_back(worker);

  ProgressReporter progress(job_count, options.progress);
  {
    std::unique_lock lock(mutex);
    while (next_consume < job_count && !stop) {
      if (options.cancelled && options.cancelled()) {
        summary.cancelled = true;
        break;
      }
      result_ready.wait_for(lock, std::chrono::milliseconds(200), [&] {
        return stop || finished.count(next_consume) > 0;
      });
      // Consume every finished run in order; check for cancellation and draw progress
      // between runs, since workers may keep this loop busy indefinitely.
      while (!stop && finished.count(next_consume) > 0) {
        if (options.cancelled && options.cancelled()) {
          summary.cancelled = true;
          break;
        }
        auto node = finished.extract(next_consume);
        std::unique_ptr<RunOutput> out = std::move(node.mapped());
        lock.unlock();
        try {
          consumer(*out);
        } catch (...) {
          lock.lock();
          if (!error) error = std::current_exception();
          stop = true;
          work_ready.notify_all();
          break;
        }
        if (out->status == RunStatus::kOk) {
          ++summary.ok;
        } else {
          ++summary.failed;
        }
        lock.lock();
        ++next_consume;
        spare.push_back(std::move(out));
        work_ready.notify_all();
        lock.unlock();
        progress.Update(next_consume);
        lock.lock();
      }
      if (summary.cancelled) break;
      lock.unlock();
      progress.Update(next_consume);
      lock.lock();
    }
    stop = true;
    work_ready.notify_all();
  }
  for (std::thread& thread : pool) thread.join();
  progress.Finish();
  if (error) std::rethrow_exception(error);
  if (summary.cancelled) summary.runs = next_consume;
  summary.wall_seconds = NowSeconds() - start;
  return summary;
}

}  // namespace polarity::io
