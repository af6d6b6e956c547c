#include "io/run_recorder.h"

#include "analysis/arms_race_detector.h"
#include "analysis/landscape.h"

#include <cmath>
#include <limits>

#include "io/csv.h"
#include "io/graphml.h"
#include "polarity/dyads.h"

namespace polarity::io {

RecordOptions RecordOptions::ForModel(const Model& model) {
  RecordOptions options;
  options.timeseries = model.outputs.timeseries;
  options.dyads = model.outputs.dyads;
  return options;
}

std::string_view RunStatusName(RunStatus status) {
  return status == RunStatus::kOk ? "ok" : "failed";
}

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kAllianceLevel: return "alliance_level";
    case EventType::kCrisisStart: return "crisis_start";
    case EventType::kCrisisRung: return "crisis_rung";
    case EventType::kDeterrenceHeld: return "deterrence_held";
    case EventType::kDeterrenceFailed: return "deterrence_failed";
    case EventType::kDefenderConceded: return "defender_conceded";
    case EventType::kWar: return "war";
    case EventType::kAllySupport: return "ally_support";
    case EventType::kScheduled: return "scheduled";
    case EventType::kArmsRace: return "arms_race";
  }
  return "unknown";
}

std::string FailureMessage(const Model& model, std::uint64_t run_id, const StepStatus& status) {
  std::string message = "run " + std::to_string(run_id) + ", tick " + std::to_string(status.tick);
  if (status.actor >= 0 && status.actor < model.num_actors) {
    message += ", actor " + model.actor_ids[static_cast<std::size_t>(status.actor)];
  }
  message += ", variable " + (status.variable.empty() ? std::string("?") : status.variable);
  message += ": non-finite value";
  return message;
}

RunRecorder::RunRecorder(const Model& model, const RecordOptions& options)
    : model_(model), options_(options) {
  actor_fields_.reserve(model.actor_ids.size());
  for (const std::string& id : model.actor_ids) actor_fields_.push_back(CsvEscape(id));
  started_since_record_ = Eigen::VectorXd::Zero(model.num_actors);
  initiated_since_record_ = Eigen::VectorXd::Zero(model.num_actors);
}

void RunRecorder::BeginTick(const RunJob& job, int tick) {
  tick_ = tick;
  prefix_.clear();
  AppendUint(prefix_, job.run_id);
  prefix_.push_back(',');
  AppendUint(prefix_, job.replication);
  prefix_.push_back(',');
  AppendInt(prefix_, tick);
  prefix_.push_back(',');
  AppendDouble(prefix_, model_.start + tick * model_.dt);
  prefix_.push_back(',');
}

namespace {

// Appends "<prefix><actor>,<counterpart>,<variable>,<value>\n".
inline void Row(std::string& out, const std::string& prefix, std::string_view actor,
                std::string_view counterpart, std::string_view variable) {
  out += prefix;
  out += actor;
  out.push_back(',');
  out += counterpart;
  out.push_back(',');
  out += variable;
  out.push_back(',');
}

}  // namespace

bool RunRecorder::RecordTick(const State& s, RunOutput* out, StepStatus* failure) {
  const int n = model_.num_actors;
  const std::size_t rows_before = out->timeseries.size();
  std::size_t t = 0;
  if (options_.series) t = out->series.AddTick(tick_);
  // Derived metrics are not covered by Step()'s finite check (a capability index can
  // overflow while every stock is finite): check what is written, and on a non-finite value
  // take this tick's rows back and fail the run.
  auto reject = [&](int actor, std::string_view variable) {
    out->timeseries.resize(rows_before);
    if (options_.series) out->series.PopTick();
    failure->ok = false;
    failure->tick = tick_;
    failure->actor = actor;
    failure->variable = std::string(variable);
    return false;
  };

  // Landscape theory (analysis/landscape.h): undefined rows are not written (NaN in the series).
  analysis::StateLandscape landscape;
  const bool has_landscape = analysis::MeasureStateLandscape(s, &landscape);
  const double nan = std::numeric_limits<double>::quiet_NaN();

  // System rows.
  const auto& rungs = s.crises_active_by_rung;
  const double system[kSystemVariableCount] = {
      s.milex_total,
      s.arms_race_index,
      static_cast<double>(s.bloc_count),
      s.polarization,
      s.balance,
      static_cast<double>(rungs.sum()),
      static_cast<double>(rungs[0]),
      static_cast<double>(rungs[1]),
      static_cast<double>(rungs[2]),
      static_cast<double>(rungs[3]),
      static_cast<double>(s.crises_total),
      static_cast<double>(s.deterrence_successes),
      static_cast<double>(s.deterrence_failures),
      static_cast<double>(s.concessions),
      static_cast<double>(s.wars),
      has_landscape ? landscape.energy : nan,
      has_landscape ? landscape.gap : nan,
  };
  const std::span<const VariableInfo> variables = Variables();
  std::string& ts = out->timeseries;
  for (int v = 0; v < kSystemVariableCount; ++v) {
    const VariableInfo& info = variables[static_cast<std::size_t>(v)];
    if (!has_landscape && IsLandscapeVariable(static_cast<SystemVariable>(v))) {
      if (options_.series) out->series.System(t, static_cast<SystemVariable>(v)) = nan;
      continue;
    }
    if (!std::isfinite(system[v])) return reject(-1, info.name);
    if (options_.series) out->series.System(t, static_cast<SystemVariable>(v)) = system[v];
    if (!options_.timeseries) continue;
    Row(ts, prefix_, {}, {}, info.name);
    if (info.integer) {
      AppendInt(ts, static_cast<std::int64_t>(system[v]));
    } else {
      AppendDouble(ts, system[v]);
    }
    ts.push_back('\n');
  }

  // Actor rows.
  for (int i = 0; i < n; ++i) {
    const double actor[kActorVariableCount] = {
        s.milex[i],
        s.gdp[i],
        s.milex[i] / s.gdp[i],
        s.capability_index[i],
        s.threat[i],
        s.defence_need[i],
        started_since_record_[i],
        initiated_since_record_[i],
        static_cast<double>(s.bloc[i]),
        has_landscape ? landscape.frustration[i] : nan,
    };
    for (int v = 0; v < kActorVariableCount; ++v) {
      const VariableInfo& info = variables[static_cast<std::size_t>(kSystemVariableCount + v)];
      if (!has_landscape && IsLandscapeVariable(static_cast<ActorVariable>(v))) {
        if (options_.series) out->series.Actor(t, static_cast<ActorVariable>(v), i) = nan;
        continue;
      }
      if (!std::isfinite(actor[v])) return reject(i, info.name);
      if (options_.series) out->series.Actor(t, static_cast<ActorVariable>(v), i) = actor[v];
      if (!options_.timeseries) continue;
      Row(ts, prefix_, actor_fields_[static_cast<std::size_t>(i)], {}, info.name);
      if (info.integer) {
        AppendInt(ts, static_cast<std::int64_t>(actor[v]));
      } else {
        AppendDouble(ts, actor[v]);
      }
      ts.push_back('\n');
    }
  }
  started_since_record_.setZero();
  initiated_since_record_.setZero();

  // Dyad rows (A, S and P are checked finite by Step()).
  if (!options_.timeseries || !options_.dyads) return true;
  const std::string_view alliance = VariableName(DyadVariable::kAlliance);
  const std::string_view stance = VariableName(DyadVariable::kStance);
  const std::string_view threat = VariableName(DyadVariable::kPerceivedThreat);
  // Every pair of a dense world, every tie of a sparse one, in (i, j) order.
  ForEachDyad(model_, s, [&](int i, int j, const DyadValues& d) {
    const std::string& actor = actor_fields_[static_cast<std::size_t>(i)];
    const std::string& counterpart = actor_fields_[static_cast<std::size_t>(j)];
    if (i < j) {
      Row(ts, prefix_, actor, counterpart, alliance);
      AppendDouble(ts, d.alliance);
      ts.push_back('\n');
    }
    Row(ts, prefix_, actor, counterpart, stance);
    AppendDouble(ts, d.stance);
    ts.push_back('\n');
    Row(ts, prefix_, actor, counterpart, threat);
    AppendDouble(ts, d.perceived_threat);
    ts.push_back('\n');
  });
  return true;
}

void RunRecorder::RecordEvents(const State& s, RunOutput* out) {
  out->events_dropped = s.events_dropped;  // cumulative over the run
  if (!options_.events) return;
  std::string& ev = out->events;
  const int n = model_.num_actors;
  auto id = [&](int actor) -> std::string_view {
    return actor >= 0 && actor < n ? std::string_view(model_.actor_ids[static_cast<std::size_t>(actor)])
                                   : std::string_view();
  };
  std::string actors;
  std::string detail;
  for (const EventRecord& e : s.events) {
    actors.clear();
    if (e.a >= 0) actors += id(e.a);
    if (e.b >= 0) {
      if (!actors.empty()) actors.push_back(';');
      actors += id(e.b);
    }
    detail.clear();
    switch (e.type) {
      case EventType::kAllianceLevel:
        detail += LevelName(static_cast<AllianceLevel>(e.code_from));
        detail += "->";
        detail += LevelName(static_cast<AllianceLevel>(e.code_to));
        break;
      case EventType::kCrisisStart:
        detail += RungName(Rung::kCrisis);
        break;
      case EventType::kCrisisRung:
      case EventType::kDeterrenceFailed:
        if (e.code_to > 0) detail += RungName(static_cast<Rung>(e.code_to));
        break;
      case EventType::kDeterrenceHeld:
        detail += e.code_to == 1 ? "lapsed" : "backed_down";
        break;
      case EventType::kAllySupport:
        detail += e.code_to == 1 ? "supported" : "abandoned";
        break;
      case EventType::kScheduled:
        if (e.index >= 0 && static_cast<std::size_t>(e.index) < model_.event_ids.size()) {
          detail += model_.event_ids[static_cast<std::size_t>(e.index)];
        }
        break;
      case EventType::kDefenderConceded:
      case EventType::kWar:
      case EventType::kArmsRace:
        break;
    }
    ev += prefix_;
    AppendCsvField(ev, EventTypeName(e.type));
    ev.push_back(',');
    AppendCsvField(ev, actors);
    ev.push_back(',');
    AppendCsvField(ev, detail);
    ev.push_back('\n');
  }
}

void RunRecorder::Record(Simulation& sim, const RunJob& job, RunOutput* out) {
  out->job = job;
  out->status = RunStatus::kOk;
  out->error.clear();
  out->ticks_completed = 0;
  out->timeseries.clear();
  out->events.clear();
  out->networks.clear();
  out->series.Reset(model_.num_actors);
  out->events_dropped = 0;
  started_since_record_.setZero();
  initiated_since_record_.setZero();

  const int ticks = model_.ticks;
  const int every = std::max(1, model_.outputs.every);
  const int networks_every = model_.outputs.networks_every;
  auto is_record_tick = [&](int t) { return t % every == 0 || t == ticks; };
  auto is_network_tick = [&](int t) {
    return options_.networks && (t == ticks || (networks_every > 0 && t % networks_every == 0));
  };
  auto snapshot = [&](int t) {
    NetworkSnapshot net;
    net.tick = t;
    AppendAllianceGraphml(net.graphml, model_, sim.state(), job.run_id, t);
    out->networks.push_back(std::move(net));
  };

  auto fail = [&](const StepStatus& status) {
    out->status = RunStatus::kFailed;
    out->error = FailureMessage(model_, job.run_id, status);
  };
  StepStatus failure;

  sim.Reset(job.key());
  BeginTick(job, 0);
  if (!RecordTick(sim.state(), out, &failure)) return fail(failure);
  if (is_network_tick(0)) snapshot(0);

  for (int t = 1; t <= ticks; ++t) {
    const StepStatus status = sim.Step();
    if (!status.ok) return fail(status);
    const State& s = sim.state();
    started_since_record_ += s.crises_started_target.cast<double>();
    initiated_since_record_ += s.crises_started_challenger.cast<double>();
    BeginTick(job, t);
    const std::size_t events_before = out->events.size();
    RecordEvents(s, out);
    const bool record = is_record_tick(t);
    const bool network = is_network_tick(t);
    // Step() fills the metrics on recorded ticks only; a snapshot between them needs them too.
    if (network && !record) sim.ComputeMetrics();
    if (record && !RecordTick(s, out, &failure)) {
      out->events.resize(events_before);  // the failed tick leaves no rows at all
      return fail(failure);
    }
    if (network) snapshot(t);
    out->ticks_completed = t;
  }
  RecordArmsRaces(job, out);
}

void RunRecorder::RecordArmsRaces(const RunJob& job, RunOutput* out) {
  // Races are found over the whole run, so their rows follow the run's tick-by-tick events,
  // each at the tick its build-up ends. Spending is read on the regular grid of recorded
  // ticks (multiples of outputs.every), among rivals: pairs hostile in either direction at
  // tick 0.
  if (!options_.events || !options_.series) return;
  const int n = model_.num_actors;
  const int every = std::max(1, model_.outputs.every);
  std::vector<std::size_t> rows;
  for (std::size_t r = 0; r < out->series.ticks.size(); ++r) {
    if (out->series.ticks[r] % every == 0) rows.push_back(r);
  }
  if (rows.size() < 2) return;
  Eigen::MatrixXd milex(static_cast<Eigen::Index>(rows.size()), n);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (int i = 0; i < n; ++i) {
      milex(static_cast<Eigen::Index>(r), i) = out->series.Actor(rows[r], ActorVariable::kMilex, i);
    }
  }
  std::vector<std::pair<int, int>> rivals;  // pairs hostile in either direction at tick 0
  ForEachDyad(model_, model_.initial, [&](int i, int j, const DyadValues& d) {
    if (i < j && (d.stance < 0.0 || d.reverse_stance < 0.0)) rivals.emplace_back(i, j);
  });
  const std::vector<analysis::ArmsRace> races =
      analysis::DetectArmsRaces(milex, model_.dt * every, analysis::ArmsRaceOptions{}, rivals);
  for (const analysis::ArmsRace& race : races) {
    const int first = out->series.ticks[rows.front()];
    BeginTick(job, first + race.end_tick * every);
    std::string& ev = out->events;
    ev += prefix_;
    AppendCsvField(ev, EventTypeName(EventType::kArmsRace));
    ev.push_back(',');
    AppendCsvField(ev, model_.actor_ids[static_cast<std::size_t>(race.i)] + ";" +
                           model_.actor_ids[static_cast<std::size_t>(race.j)]);
    ev.push_back(',');
    std::string detail = "start_tick=" + std::to_string(first + race.start_tick * every) + " years=";
    AppendDouble(detail, race.years);
    detail += " growth=";
    AppendDouble(detail, race.growth_i);
    detail += "/";
    AppendDouble(detail, race.growth_j);
    AppendCsvField(ev, detail);
    ev.push_back('\n');
  }
}

}  // namespace polarity::io
