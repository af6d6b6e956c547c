#pragma once
// Records one run: resets a Simulation to a run key, steps it to the last tick and turns
// what happens into the rows of timeseries.csv and events.csv, GraphML snapshots and the
// numeric series outcome reducers read (series.h, outcomes.h).
//
// A run's output is a pure function of (model, seed, point, replication): the executor may
// record runs on any thread in any order and still write the same bytes.
//
// Recording schedule, for a model with outputs.every = e and networks_every = n:
//   timeseries rows and series values at tick 0, every tick t with t % e == 0, and the last
//   tick; events.csv rows for every tick; GraphML at the last tick, and when n > 0 also at
//   every tick with t % n == 0 (tick 0 included).
// The run stops at the first Step() that reports a non-finite value: it is "failed", and
// what was recorded before that tick is kept.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/series.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity::io {

inline constexpr std::string_view kTimeseriesHeader =
    "run_id,replication,tick,time,actor,counterpart,variable,value\n";
inline constexpr std::string_view kEventsHeader =
    "run_id,replication,tick,time,type,actors,detail\n";

// One run to execute. `model` is shared read-only by every run of the same design point.
struct RunJob {
  std::uint64_t run_id = 0;
  std::uint64_t point = 0;
  std::uint64_t replication = 0;
  std::uint64_t seed = 0;  // RunKey seed (the scenario's or sweep's seed)
  std::shared_ptr<const Model> model;

  RunKey key() const { return RunKey{seed, point, replication}; }
};

// What to produce. Defaults follow the model's `outputs:` (see ForModel).
struct RecordOptions {
  bool timeseries = true;  // timeseries rows (text)
  bool dyads = true;       // dyad rows in the timeseries
  bool events = true;      // events rows
  bool networks = true;    // GraphML snapshots
  bool series = true;      // numeric series for outcomes

  static RecordOptions ForModel(const Model& model);
};

struct NetworkSnapshot {
  int tick = 0;
  std::string graphml;
};

enum class RunStatus : int { kOk, kFailed };
std::string_view RunStatusName(RunStatus status);  // "ok", "failed"

struct RunOutput {
  RunJob job;
  RunStatus status = RunStatus::kOk;
  std::string error;              // for failed runs: "run R, tick T, actor ID, variable V: ..."
  int ticks_completed = 0;        // last tick reached with finite values
  std::string timeseries;         // rows in file order, no header
  std::string events;             // rows in file order, no header
  std::vector<NetworkSnapshot> networks;
  RunSeries series;
  std::int64_t events_dropped = 0;  // events beyond the state's capacity (lost)
};

// Records runs of one model; reusable across runs (buffers keep their capacity when the
// caller reuses the RunOutput).
class RunRecorder {
 public:
  RunRecorder(const Model& model, const RecordOptions& options);

  // Runs job on `sim` (whose model must be the recorder's) and fills *out.
  void Record(Simulation& sim, const RunJob& job, RunOutput* out);

  const Model& model() const { return model_; }

 private:
  void BeginTick(const RunJob& job, int tick);
  // False (with *failure filled) when a value to record is not finite.
  bool RecordTick(const State& state, RunOutput* out, StepStatus* failure);
  void RecordEvents(const State& state, RunOutput* out);
  // Appends arms_race rows (analysis/arms_race_detector.h) once the run is complete.
  void RecordArmsRaces(const RunJob& job, RunOutput* out);

  const Model& model_;
  RecordOptions options_;
  std::vector<std::string> actor_fields_;  // CSV-escaped actor ids
  std::string prefix_;                     // "run_id,replication,tick,time," of this tick
  int tick_ = 0;
  Eigen::VectorXd started_since_record_;    // crises started against i since the last record
  Eigen::VectorXd initiated_since_record_;  // crises started by i since the last record
};

// "run R, tick T, actor ID, variable V: non-finite value" (actor omitted when unknown).
std::string FailureMessage(const Model& model, std::uint64_t run_id, const StepStatus& status);

// The `type` column of events.csv for an event type ("alliance_level", "crisis_start", ...).
std::string_view EventTypeName(EventType type);

}  // namespace polarity::io
