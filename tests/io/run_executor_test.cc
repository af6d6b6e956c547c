#include "io/run_executor.h"

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/outcomes.h"
#include "io/run_recorder.h"
#include "polarity/model.h"
#include "polarity/scenario_loader.h"

namespace polarity::io {
namespace {

std::shared_ptr<const Model> SmallModel(int every = 1, int networks_every = 10, int ticks = 20) {
  LoadResult loaded = LoadScenario(std::string(POLARITY_SOURCE_DIR) + "/tests/data/cli/small.yaml");
  if (!loaded.scenario) {
    std::string all;
    for (const auto& d : loaded.diagnostics.items) all += d.Format() + "\n";
    throw std::runtime_error("cannot load tests/data/cli/small.yaml:\n" + all);
  }
  Scenario scenario = *loaded.scenario;
  scenario.outputs.every = every;
  scenario.outputs.networks_every = networks_every;
  scenario.ticks = ticks;
  return std::make_shared<const Model>(CompileModel(scenario));
}

JobSource Jobs(std::shared_ptr<const Model> model) {
  return [model](std::size_t k) {
    RunJob job;
    job.run_id = k;
    job.replication = k;
    job.seed = model->seed;
    job.model = model;
    return job;
  };
}

struct Collected {
  std::vector<std::uint64_t> order;
  std::string timeseries, events, networks;
};

Collected Execute(std::size_t jobs, int threads, std::size_t window,
                  const std::shared_ptr<const Model>& model) {
  Collected c;
  ExecutorOptions options;
  options.threads = threads;
  options.window = window;
  options.progress.mode = ProgressOptions::Mode::kNone;
  const ExecutorSummary summary = ExecuteRuns(jobs, Jobs(model), [&](RunOutput& run) {
    c.order.push_back(run.job.run_id);
    c.timeseries += run.timeseries;
    c.events += run.events;
    for (const auto& net : run.networks) c.networks += net.graphml;
  }, options);
  EXPECT_EQ(summary.runs, jobs);
  EXPECT_EQ(summary.ok + summary.failed, jobs);
  return c;
}

TEST(RunExecutor, ConsumesRunsInIdOrderWithIdenticalBytesForAnyThreadCount) {
  const auto model = SmallModel();
  const Collected one = Execute(9, 1, 0, model);
  std::vector<std::uint64_t> expected(9);
  for (std::size_t k = 0; k < 9; ++k) expected[k] = k;
  EXPECT_EQ(one.order, expected);
  for (int threads : {2, 3, 5}) {
    for (std::size_t window : {std::size_t{1}, std::size_t{2}, std::size_t{0}}) {
      const Collected many = Execute(9, threads, window, model);
      EXPECT_EQ(many.order, expected) << threads << " threads, window " << window;
      EXPECT_TRUE(many.timeseries == one.timeseries) << threads << " threads, window " << window;
      EXPECT_TRUE(many.events == one.events);
      EXPECT_TRUE(many.networks == one.networks);
    }
  }
}

TEST(RunExecutor, ZeroJobsIsFine) {
  const auto model = SmallModel();
  const Collected none = Execute(0, 2, 0, model);
  EXPECT_TRUE(none.order.empty());
}

TEST(RunExecutor, ConsumerExceptionStopsWorkersAndIsRethrown) {
  const auto model = SmallModel();
  ExecutorOptions options;
  options.threads = 2;
  options.progress.mode = ProgressOptions::Mode::kNone;
  std::size_t consumed = 0;
  EXPECT_THROW(ExecuteRuns(50, Jobs(model),
                           [&](RunOutput& run) {
                             ++consumed;
                             if (run.job.run_id == 3) throw std::runtime_error("disk full");
                           },
                           options),
               std::runtime_error);
  EXPECT_EQ(consumed, 4u);
}

TEST(RunExecutor, JobSourceExceptionIsRethrown) {
  const auto model = SmallModel();
  ExecutorOptions options;
  options.threads = 2;
  options.progress.mode = ProgressOptions::Mode::kNone;
  const JobSource inner = Jobs(model);
  std::atomic<int> consumed{0};
  EXPECT_THROW(ExecuteRuns(
                   10,
                   [&](std::size_t k) {
                     if (k == 5) throw std::invalid_argument("point 5 is invalid");
                     return inner(k);
                   },
                   [&](RunOutput&) { ++consumed; }, options),
               std::invalid_argument);
  EXPECT_LE(consumed.load(), 5);
}

TEST(RunExecutor, JobSourceIsCalledInIndexOrder) {
  const auto model = SmallModel();
  ExecutorOptions options;
  options.threads = 3;
  options.progress.mode = ProgressOptions::Mode::kNone;
  const JobSource inner = Jobs(model);
  std::vector<std::size_t> calls;  // not synchronised on purpose: calls are serialised
  ExecuteRuns(
      12,
      [&](std::size_t k) {
        calls.push_back(k);
        return inner(k);
      },
      [](RunOutput&) {}, options);
  std::vector<std::size_t> expected(12);
  for (std::size_t k = 0; k < 12; ++k) expected[k] = k;
  EXPECT_EQ(calls, expected);
}

TEST(RunExecutor, CancellationKeepsACompletePrefixOfRuns) {
  const auto model = SmallModel();
  ExecutorOptions options;
  options.threads = 2;
  options.progress.mode = ProgressOptions::Mode::kNone;
  std::vector<std::uint64_t> consumed;
  options.cancelled = [&] { return consumed.size() >= 3; };
  const ExecutorSummary summary = ExecuteRuns(
      1000, Jobs(model), [&](RunOutput& run) { consumed.push_back(run.job.run_id); }, options);
  EXPECT_TRUE(summary.cancelled);
  EXPECT_EQ(consumed, (std::vector<std::uint64_t>{0, 1, 2}));
  EXPECT_EQ(summary.runs, 3u);
  EXPECT_EQ(summary.ok, 3u);
}

TEST(RunExecutor, ProgressLinesWhenNotATerminal) {
  ProgressOptions options;
  options.mode = ProgressOptions::Mode::kLines;
  options.line_interval_seconds = 0.0;
  ::testing::internal::CaptureStderr();
  {
    ProgressReporter progress(4, options);
    progress.Update(2);
  }
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(err, ::testing::HasSubstr("runs 2/4 (50.0%)"));
  EXPECT_THAT(err, ::testing::HasSubstr("ETA"));
  EXPECT_EQ(err.find('\r'), std::string::npos) << "no carriage returns in log lines";

  options.mode = ProgressOptions::Mode::kNone;
  ::testing::internal::CaptureStderr();
  {
    ProgressReporter progress(4, options);
    progress.Update(2);
  }
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

// --- the recorder ---

RunOutput RecordOne(const std::shared_ptr<const Model>& model, std::uint64_t replication) {
  Simulation sim(*model);
  RunRecorder recorder(*model, RecordOptions::ForModel(*model));
  RunOutput out;
  RunJob job = Jobs(model)(replication);
  recorder.Record(sim, job, &out);
  return out;
}

TEST(RunRecorder, RecordsEveryNthTickAndTheLastAndSnapshotsAsConfigured) {
  const auto model = SmallModel(/*every=*/4, /*networks_every=*/0, /*ticks=*/18);
  const RunOutput out = RecordOne(model, 0);
  ASSERT_EQ(out.status, RunStatus::kOk) << out.error;
  EXPECT_EQ(out.ticks_completed, 18);
  EXPECT_EQ(out.series.ticks, (std::vector<int>{0, 4, 8, 12, 16, 18}));
  ASSERT_EQ(out.networks.size(), 1u);
  EXPECT_EQ(out.networks[0].tick, 18);
  EXPECT_EQ(out.timeseries.find("\n0,0,5,"), std::string::npos);
  EXPECT_NE(out.timeseries.find("\n0,0,18,2024.5,"), std::string::npos);
}

// A snapshot on a tick that is not recorded still sees fresh metrics (capability index,
// blocs): it equals the snapshot of the same tick when every tick is recorded.
TEST(RunRecorder, SnapshotsBetweenRecordedTicksUseFreshMetrics) {
  const RunOutput sparse = RecordOne(SmallModel(/*every=*/4, /*networks_every=*/3, 12), 1);
  const RunOutput dense = RecordOne(SmallModel(/*every=*/1, /*networks_every=*/3, 12), 1);
  ASSERT_EQ(sparse.status, RunStatus::kOk);
  std::vector<int> ticks;
  for (const auto& net : sparse.networks) ticks.push_back(net.tick);
  EXPECT_EQ(ticks, (std::vector<int>{0, 3, 6, 9, 12}));
  ASSERT_EQ(dense.networks.size(), sparse.networks.size());
  for (std::size_t k = 0; k < dense.networks.size(); ++k) {
    EXPECT_TRUE(dense.networks[k].graphml == sparse.networks[k].graphml) << "tick " << ticks[k];
  }
  EXPECT_TRUE(dense.events == sparse.events) << "the recording interval must not change the run";
}

// Crises started are accumulated between recorded ticks, so their sum is the same however
// sparsely the series is recorded, and equals the cumulative count.
TEST(RunRecorder, CrisesStartedSumToTheCumulativeCountAtAnyRecordingInterval) {
  for (int every : {1, 3, 7}) {
    const auto model = SmallModel(every, 0, 20);
    double started = 0, initiated = 0;
    for (std::uint64_t r = 0; r < 4; ++r) {
      const RunOutput out = RecordOne(model, r);
      ASSERT_EQ(out.status, RunStatus::kOk);
      OutcomeSpec spec;
      spec.name = "x";
      spec.variable = "crises_started";
      spec.reduce = Reducer::kSum;
      const double run_started = ComputeOutcome(out.series, spec, model->dt);
      spec.variable = "crises_initiated";
      const double run_initiated = ComputeOutcome(out.series, spec, model->dt);
      spec.variable = "crises_total";
      spec.reduce = Reducer::kFinal;
      EXPECT_EQ(run_started, ComputeOutcome(out.series, spec, model->dt)) << "every " << every;
      EXPECT_EQ(run_initiated, run_started);
      started += run_started;
      initiated += run_initiated;
    }
    EXPECT_GT(started, 0) << "the scenario must start some crises for this test to mean anything";
  }
}

TEST(RunRecorder, ReusingSimulationAndRecorderGivesTheSameOutput) {
  const auto model = SmallModel();
  Simulation sim(*model);
  RunRecorder recorder(*model, RecordOptions::ForModel(*model));
  RunOutput a, b, a_again;
  recorder.Record(sim, Jobs(model)(0), &a);
  recorder.Record(sim, Jobs(model)(1), &b);
  recorder.Record(sim, Jobs(model)(0), &a_again);
  EXPECT_TRUE(a.timeseries == a_again.timeseries);
  EXPECT_TRUE(a.events == a_again.events);
  EXPECT_FALSE(a.timeseries == b.timeseries) << "replications must differ";
  EXPECT_EQ(a.series.system, a_again.series.system);
}

TEST(RunRecorder, OptionsTurnPartsOff) {
  const auto model = SmallModel();
  RecordOptions options;
  options.timeseries = false;
  options.events = false;
  options.networks = false;
  Simulation sim(*model);
  RunRecorder recorder(*model, options);
  RunOutput out;
  recorder.Record(sim, Jobs(model)(0), &out);
  EXPECT_TRUE(out.timeseries.empty());
  EXPECT_TRUE(out.events.empty());
  EXPECT_TRUE(out.networks.empty());
  EXPECT_EQ(out.series.size(), 21u) << "the numeric series is still kept for outcomes";
}

TEST(RunRecorder, FailureMessageNamesRunTickActorVariable) {
  const auto model = SmallModel();
  StepStatus status;
  status.ok = false;
  status.tick = 17;
  status.actor = 2;
  status.variable = "milex";
  EXPECT_EQ(FailureMessage(*model, 5, status), "run 5, tick 17, actor CCC, variable milex: non-finite value");
  status.actor = -1;
  EXPECT_EQ(FailureMessage(*model, 5, status), "run 5, tick 17, variable milex: non-finite value");
}

TEST(RunRecorder, EventTypeNamesMatchTheInterface) {
  EXPECT_EQ(EventTypeName(EventType::kAllianceLevel), "alliance_level");
  EXPECT_EQ(EventTypeName(EventType::kDeterrenceFailed), "deterrence_failed");
  EXPECT_EQ(EventTypeName(EventType::kDefenderConceded), "defender_conceded");
  EXPECT_EQ(EventTypeName(EventType::kAllySupport), "ally_support");
  EXPECT_EQ(EventTypeName(EventType::kScheduled), "scheduled");
}

}  // namespace
}  // namespace polarity::io
