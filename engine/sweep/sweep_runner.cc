#include "sweep/sweep_runner.h"

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <stdexcept>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "build_info.h"
#include "io/csv.h"
#include "io/manifest.h"
#include "io/output_dir.h"
#include "io/outcomes.h"
#include "sweep/point_summary.h"

namespace polarity::sweep {
namespace {

namespace fs = std::filesystem;

std::atomic<int> g_interrupt_signal{0};  // see InterruptSignal(): the one process-wide flag

extern "C" void OnInterrupt(int signal) { g_interrupt_signal.store(signal); }

void PrintError(const std::string& message) { std::fprintf(stderr, "polarity: error: %s\n", message.c_str()); }
void PrintNote(const std::string& message) { std::fprintf(stderr, "polarity: %s\n", message.c_str()); }

const char* kIdentityFile = "sweep.json";
const char* kJournalFile = "journal.csv";
const char* kRunsDir = "runs";
const char* kLockFile = ".polarity.lock";

fs::path RunFile(const fs::path& dir, const char* kind, std::uint64_t run_id) {
  return dir / kRunsDir / (std::string(kind) + "_" + std::to_string(run_id) + ".csv");
}

std::vector<fs::path> InputFiles(const SweepSpec& sweep) {
  std::vector<fs::path> files{sweep.file};
  for (const fs::path& f : sweep.scenario.files) files.push_back(f);
  if (sweep.method == DesignMethod::kFile) files.push_back(sweep.design_file);
  return files;
}

io::OrderedJson IdentityJson(const SweepSpec& sweep, const ShardSpec& shard,
                             const std::vector<io::InputFile>& inputs) {
  io::OrderedJson j;
  j["schema"] = "polarity/sweep-directory 1";
  j["sweep"] = sweep.name;
  io::OrderedJson hashes = io::OrderedJson::array();
  for (const io::InputFile& f : inputs) hashes.push_back(f.sha256);
  j["input_sha256"] = hashes;
  j["runs"] = sweep.runs();
  j["points"] = sweep.points();
  j["replications"] = sweep.replications;
  j["shard"] = {{"index", shard.index}, {"count", shard.count}};
  j["paths"] = sweep.design.paths;
  std::vector<std::string> outcomes;
  for (const io::OutcomeSpec& o : sweep.outcomes) outcomes.push_back(o.name);
  j["outcomes"] = outcomes;
  j["timeseries"] = sweep.WritesTimeseries();
  return j;
}


}  // namespace

int InterruptSignal() { return g_interrupt_signal.load(); }

void InstallInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool ParseShard(const std::string& text, ShardSpec* shard, std::string* error) {
  const std::size_t slash = text.find('/');
  int index = -1, count = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (slash != std::string::npos) {
    const auto a = std::from_chars(begin, begin + slash, index);
    const auto b = std::from_chars(begin + slash + 1, end, count);
    if (a.ec == std::errc() && a.ptr == begin + slash && b.ec == std::errc() && b.ptr == end &&
        count >= 1 && index >= 0 && index < count) {
      *shard = ShardSpec{index, count};
      return true;
    }
  }
  *error = "--shard takes I/N with 0 <= I < N (e.g. 0/4), not '" + text + "'";
  return false;
}

std::pair<std::uint64_t, std::uint64_t> ShardRange(std::uint64_t runs, const ShardSpec& shard) {
  const auto n = static_cast<std::uint64_t>(shard.count);
  const auto i = static_cast<std::uint64_t>(shard.index);
  return {runs * i / n, runs * (i + 1) / n};
}

std::string OutcomesHeader(const SweepSpec& sweep) {
  std::vector<std::string> fields{"run_id", "point", "replication", "seed"};
  fields.insert(fields.end(), sweep.design.paths.begin(), sweep.design.paths.end());
  for (const io::OutcomeSpec& o : sweep.outcomes) fields.push_back(o.name);
  fields.emplace_back("status");
  std::string out;
  io::AppendCsvRow(out, fields);
  return out;
}

std::string OutcomeRow(const SweepSpec& sweep, const io::RunOutput& run) {
  std::string row;
  io::AppendUint(row, run.job.run_id);
  row += ',';
  io::AppendUint(row, run.job.point);
  row += ',';
  io::AppendUint(row, run.job.replication);
  row += ',';
  io::AppendUint(row, run.job.seed);
  for (const double v : sweep.design.points.at(run.job.point)) {
    row += ',';
    io::AppendDouble(row, v);
  }
  const bool ok = run.status == io::RunStatus::kOk;
  for (const io::OutcomeSpec& o : sweep.outcomes) {
    row += ',';
    if (ok) io::AppendDoubleOrEmpty(row, io::ComputeOutcome(run.series, o, run.job.model->dt));
  }
  row += ',';
  io::AppendCsvField(row, ok ? std::string("ok") : "failed: " + run.error);
  row += '\n';
  return row;
}

std::shared_ptr<const Model> PointModels::Get(std::uint64_t point) {
  if (point != point_ || model_ == nullptr) {
    Scenario scenario;
    std::string error;
    if (!ScenarioForPoint(sweep_, point, &scenario, &error)) {
      throw std::runtime_error("design point " + std::to_string(point) + ": " + error);
    }
    model_ = std::make_shared<const Model>(CompileModel(scenario));
    point_ = point;
  }
  return model_;
}

bool ValidatePoints(const SweepSpec& sweep, std::uint64_t first_run, std::uint64_t last_run,
                    std::string* error) {
  if (first_run >= last_run) return true;
  const auto reps = static_cast<std::uint64_t>(sweep.replications);
  for (std::uint64_t point = first_run / reps; point <= (last_run - 1) / reps; ++point) {
    Scenario scenario;
    std::string problem;
    if (!ScenarioForPoint(sweep, point, &scenario, &problem)) {
      std::string values;
      for (std::size_t a = 0; a < sweep.design.paths.size(); ++a) {
        values += (a ? ", " : "") + sweep.design.paths[a] + "=" + io::FormatDouble(sweep.design.points[point][a]);
      }
      *error = "design point " + std::to_string(point) + " (" + values + "): " + problem;
      return false;
    }
  }
  return true;
}

SweepSession::SweepSession(const SweepSpec& sweep, fs::path dir, int lock_fd)
    : sweep_(sweep), dir_(std::move(dir)), lock_fd_(lock_fd) {}

SweepSession::~SweepSession() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::unique_ptr<SweepSession> SweepSession::Open(const SweepSpec& sweep, const SweepOptions& options,
                                                 int* exit_code) {
  const fs::path dir = options.output.empty() ? fs::path("results") / sweep.name : options.output;
  std::vector<io::InputFile> inputs;
  std::string error;
  if (!io::HashInputFiles(InputFiles(sweep), &inputs, &error)) {
    PrintError(error);
    *exit_code = kExitNoInput;
    return nullptr;
  }
  const io::OrderedJson identity = IdentityJson(sweep, options.shard, inputs);
  std::error_code ec;
  const bool exists = fs::exists(dir, ec);
  if (exists && !fs::is_directory(dir, ec)) {
    PrintError(dir.string() + " exists and is not a directory");
    *exit_code = kExitCantCreate;
    return nullptr;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    PrintError("cannot create " + dir.string() + ": " + ec.message());
    *exit_code = kExitCantCreate;
    return nullptr;
  }
  // The lock first: a directory in use by another sweep is refused before anything is read.
  const int lock_fd = ::open((dir / kLockFile).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd < 0) {
    PrintError("cannot create " + (dir / kLockFile).string() + ": " + std::strerror(errno));
    *exit_code = kExitCantCreate;
    return nullptr;
  }
  if (::flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(lock_fd);
    PrintError(dir.string() + " is in use by another sweep (locked)");
    *exit_code = kExitLocked;
    return nullptr;
  }
  std::unique_ptr<SweepSession> session(new SweepSession(sweep, dir, lock_fd));
  session->shard_ = options.shard;
  std::tie(session->first_, session->last_) = ShardRange(sweep.runs(), options.shard);

  bool has_content = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename() != kLockFile) has_content = true;
  }
  const fs::path identity_path = dir / kIdentityFile;
  if (has_content && options.resume) {
    std::string text;
    if (!io::ReadFile(identity_path, &text, &error)) {
      PrintError(dir.string() + " holds no sweep to resume (" + error + ")");
      *exit_code = kExitCantCreate;
      return nullptr;
    }
    const io::OrderedJson stored = io::OrderedJson::parse(text, nullptr, false);
    if (stored != identity) {
      PrintError(dir.string() + " holds a different sweep (inputs, design or shard changed); "
                 "use another directory or --force");
      *exit_code = kExitCantCreate;
      return nullptr;
    }
  } else if (has_content && !options.force) {
    PrintError(dir.string() + " exists and is not empty; use --force to replace it or --resume to continue");
    *exit_code = kExitCantCreate;
    return nullptr;
  } else if (has_content) {
    for (const char* name : {kIdentityFile, kJournalFile, "outcomes.csv", "points.csv", "timeseries.csv",
                             "events.csv", "manifest.json"}) {
      fs::remove(dir / name, ec);
    }
    fs::remove_all(dir / kRunsDir, ec);
  }
  try {
    if (!fs::exists(identity_path)) WriteDurably(identity_path, io::DumpJson(identity));
    fs::create_directories(dir / kRunsDir);
    session->journal_ = std::make_unique<Journal>(dir / kJournalFile);
  } catch (const std::exception& e) {
    PrintError(e.what());
    *exit_code = kExitIoError;
    return nullptr;
  }
  if (session->journal_->torn_bytes() > 0) {
    PrintNote("journal: dropped a torn last line (" + std::to_string(session->journal_->torn_bytes()) +
              " bytes) left by an interrupted sweep");
  }
  *exit_code = kExitOk;
  return session;
}

std::vector<std::uint64_t> SweepSession::PendingRuns() const {
  std::vector<bool> done(last_ - first_, false);
  for (const std::uint64_t id : journal_->RunIds()) {
    if (id >= first_ && id < last_) done[id - first_] = true;
  }
  std::vector<std::uint64_t> pending;
  for (std::uint64_t id = first_; id < last_; ++id) {
    if (!done[id - first_]) pending.push_back(id);
  }
  return pending;
}

io::RecordOptions SweepSession::record_options() const {
  io::RecordOptions options;
  options.timeseries = sweep_.WritesTimeseries();
  options.dyads = sweep_.scenario.outputs.dyads;
  options.events = sweep_.WritesTimeseries();
  options.networks = false;
  options.series = true;
  return options;
}

void SweepSession::Store(std::uint64_t run_id, const std::string& row, const std::string& timeseries,
                         const std::string& events) {
  if (sweep_.WritesTimeseries()) {
    WriteDurably(RunFile(dir_, "timeseries", run_id), timeseries, /*sync=*/false);
    WriteDurably(RunFile(dir_, "events", run_id), events, /*sync=*/false);
  }
  journal_->Append(run_id, row);
}

void SweepSession::Store(const io::RunOutput& run) {
  Store(run.job.run_id, OutcomeRow(sweep_, run), run.timeseries, run.events);
}

void SweepSession::Sync() { journal_->Sync(); }

int SweepSession::Finish(const SweepOptions& options, double wall_seconds) {
  const auto started = std::chrono::system_clock::now();
  try {
    journal_->Sync();
    // outcomes.csv and points.csv stream from the journal in run order: memory stays flat.
    std::vector<std::string> names;
    for (const io::OutcomeSpec& o : sweep_.outcomes) names.push_back(o.name);
    PointsWriter points(sweep_.design.paths, names);
    const bool whole = shard_.count == 1;
    DurableWriter outcomes_file(dir_ / "outcomes.csv");
    std::optional<DurableWriter> points_file;
    if (whole) points_file.emplace(dir_ / "points.csv");
    outcomes_file.Write(OutcomesHeader(sweep_));
    std::string points_text = points.Header();
    std::vector<std::vector<std::string>> fields;
    std::size_t ok = 0, failed = 0;
    std::string error;
    journal_->ForEachRow(first_, last_, [&](std::string_view row) {
      outcomes_file.Write(row);
      (row.size() >= 4 && row.substr(row.size() - 4) == ",ok\n" ? ok : failed) += 1;
      if (!whole) return;
      if (!io::ParseCsv(row, &fields, &error) || fields.size() != 1 || !points.Add(fields[0], &points_text, &error)) {
        throw std::runtime_error("journal row cannot be summarised: " + error);
      }
      if (points_text.size() > (1 << 20)) {
        points_file->Write(points_text);
        points_text.clear();
      }
    });
    outcomes_file.Commit();
    std::vector<std::string> files{"outcomes.csv"};
    if (whole) {
      points.Finish(&points_text);
      points_file->Write(points_text);
      points_file->Commit();
      files.emplace_back("points.csv");
    }
    if (sweep_.WritesTimeseries()) {
      std::vector<fs::path> series, events;
      for (std::uint64_t id = first_; id < last_; ++id) {
        series.push_back(RunFile(dir_, "timeseries", id));
        events.push_back(RunFile(dir_, "events", id));
      }
      ConcatenateDurably(dir_ / "timeseries.csv", io::kTimeseriesHeader, series, false);
      ConcatenateDurably(dir_ / "events.csv", io::kEventsHeader, events, false);
      files.emplace_back("timeseries.csv");
      files.emplace_back("events.csv");
    }
    std::vector<io::InputFile> inputs;
    io::HashInputFiles(InputFiles(sweep_), &inputs, &error);
    io::OrderedJson m;
    m["engine"] = {{"name", "polarity"}, {"version", build_info::kVersion}, {"git_commit", build_info::kGitCommit}};
    m["command"] = "sweep";
    m["command_line"] = options.command_line;
    io::OrderedJson input_list = io::OrderedJson::array();
    for (const io::InputFile& f : inputs) {
      input_list.push_back({{"path", f.path.string()}, {"sha256", f.sha256}, {"bytes", f.bytes}});
    }
    m["inputs"] = input_list;
    m["sweep"] = {{"name", sweep_.name}, {"seed", sweep_.seed}, {"replications", sweep_.replications},
                  {"design", DesignMethodName(sweep_.method)}, {"points", sweep_.points()},
                  {"runs", sweep_.runs()}, {"paths", sweep_.design.paths}};
    m["shard"] = {{"index", shard_.index}, {"count", shard_.count}, {"first_run", first_}, {"last_run", last_}};
    m["threads"] = options.threads;
    m["finished_at"] = io::UtcTimestamp(started);
    m["wall_seconds"] = wall_seconds;
    m["runs"] = {{"ok", ok}, {"failed", failed}};
    m["files"] = files;
    WriteDurably(dir_ / "manifest.json", io::DumpJson(m));
    std::error_code ec;
    fs::remove_all(dir_ / kRunsDir, ec);
  } catch (const io::OutputWriteError& e) {
    PrintError(e.what());
    return kExitIoError;
  } catch (const std::runtime_error& e) {
    PrintError(e.what());
    return kExitInternal;
  }
  return kExitOk;
}

int RunSweep(const SweepSpec& sweep, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  int exit_code = kExitOk;
  std::unique_ptr<SweepSession> session = SweepSession::Open(sweep, options, &exit_code);
  if (!session) return exit_code;
  std::string error;
  if (!ValidatePoints(sweep, session->first_run(), session->last_run(), &error)) {
    PrintError(sweep.file.string() + ": " + error);
    return kExitDataError;
  }
  const std::vector<std::uint64_t> pending = session->PendingRuns();
  if (options.resume && session->finished() > 0) {
    PrintNote("resuming: " + std::to_string(session->finished()) + " runs already done, " +
              std::to_string(pending.size()) + " to go");
  }
  InstallInterruptHandlers();
  PointModels models(sweep);
  const auto reps = static_cast<std::uint64_t>(sweep.replications);
  const io::JobSource source = [&](std::size_t k) {
    io::RunJob job;
    job.run_id = pending[k];
    job.point = job.run_id / reps;
    job.replication = job.run_id % reps;
    job.seed = sweep.seed;
    job.model = models.Get(job.point);
    return job;
  };
  const io::RunConsumer consumer = [&](io::RunOutput& run) { session->Store(run); };
  io::ExecutorOptions executor;
  executor.threads = std::max(1, options.threads);
  executor.record = session->record_options();
  executor.progress = options.progress;
  executor.cancelled = [] { return InterruptSignal() != 0; };
  try {
    const io::ExecutorSummary summary = io::ExecuteRuns(pending.size(), source, consumer, executor);
    if (summary.cancelled) {
      session->Sync();
      PrintNote("interrupted: " + std::to_string(session->finished()) + " runs kept; continue with --resume");
      return InterruptSignal() == SIGTERM ? kExitSigterm : kExitSigint;
    }
  } catch (const io::OutputWriteError& e) {
    PrintError(e.what());
    return kExitIoError;
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return session->Finish(options, wall);
}

std::string PlanText(const SweepSpec& sweep, std::size_t max_points) {
  std::string out;
  out += "sweep " + sweep.name + ": " + std::to_string(sweep.points()) + " points x " +
         std::to_string(sweep.replications) + " replications = " + std::to_string(sweep.runs()) + " runs\n";
  out += "design " + std::string(DesignMethodName(sweep.method)) + ", seed " + std::to_string(sweep.seed) +
         ", scenario " + sweep.scenario_file.string() + ", ticks " + std::to_string(sweep.scenario.ticks) +
         ", time series " + (sweep.WritesTimeseries() ? "on" : "off") + "\n";
  std::vector<std::string> header{"point"};
  header.insert(header.end(), sweep.design.paths.begin(), sweep.design.paths.end());
  io::AppendCsvRow(out, header);
  for (std::size_t p = 0; p < std::min(max_points, sweep.points()); ++p) {
    io::AppendUint(out, p);
    for (const double v : sweep.design.points[p]) {
      out += ',';
      io::AppendDouble(out, v);
    }
    out += '\n';
  }
  if (sweep.points() > max_points) out += "... " + std::to_string(sweep.points() - max_points) + " more points\n";
  out += "outcomes:";
  for (const io::OutcomeSpec& o : sweep.outcomes) out += " " + o.name;
  out += "\n";
  return out;
}

}  // namespace polarity::sweep
