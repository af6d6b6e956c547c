// Arms races detected over a run (analysis/arms_race_detector.h) are written to events.csv
// as `arms_race` rows among rivals, after the run's tick-by-tick events.

#include <gtest/gtest.h>

#include "io/run_recorder.h"
#include "polarity/model.h"
#include "polarity/scenario_loader.h"

namespace polarity::io {
namespace {

Scenario Small() {
  LoadResult loaded = LoadScenario(std::string(POLARITY_SOURCE_DIR) + "/tests/data/cli/small.yaml");
  EXPECT_TRUE(loaded.scenario.has_value());
  return *loaded.scenario;
}

std::string EventsOf(const Scenario& scenario) {
  const Model model = CompileModel(scenario);
  Simulation sim(model);
  RecordOptions options = RecordOptions::ForModel(model);
  RunRecorder recorder(model, options);
  RunOutput out;
  RunJob job;
  job.seed = model.seed;
  job.model = nullptr;
  recorder.Record(sim, job, &out);
  EXPECT_EQ(out.status, RunStatus::kOk) << out.error;
  return out.events;
}

// A runaway Richardson race between the two camps: every actor reacts strongly to threat,
// with no burden cap, no crises and no events.
Scenario Runaway(double reactivity) {
  Scenario s = Small();
  s.ticks = 60;
  s.parameters.deterrence.enabled = false;
  s.parameters.events.enabled = false;
  s.parameters.perception.noise = 0.0;
  for (ActorSpec& a : s.actors) {
    a.reactivity.value = reactivity;
    a.reactivity.present = true;
    a.burden_cap.value = 0.0;
    a.burden_cap.present = true;
    a.fatigue.value = 0.01;
    a.fatigue.present = true;
  }
  return s;
}

TEST(ArmsRaceEvents, ARunawayRaceBetweenRivalsIsReported) {
  Scenario scenario = Runaway(0.5);
  scenario.parameters.events.enabled = true;  // scheduled rows, to check the order
  const std::string events = EventsOf(scenario);
  const std::size_t at = events.find(",arms_race,");
  ASSERT_NE(at, std::string::npos) << events.substr(0, 400);
  // Rivals only: a pair across the two camps, never the allies AAA;BBB or CCC;DDD.
  EXPECT_EQ(events.find(",arms_race,AAA;BBB,"), std::string::npos);
  EXPECT_EQ(events.find(",arms_race,CCC;DDD,"), std::string::npos);
  EXPECT_NE(events.find("start_tick=", at), std::string::npos);
  // Detected over the whole run, the rows come after every tick-by-tick event.
  ASSERT_NE(events.find(",scheduled,"), std::string::npos);
  EXPECT_LT(events.find(",scheduled,"), at);
  EXPECT_EQ(events.find(",scheduled,", at), std::string::npos);
}

TEST(ArmsRaceEvents, NoRaceWithoutReaction) {
  const std::string events = EventsOf(Runaway(0.0));
  EXPECT_EQ(events.find(",arms_race,"), std::string::npos);
}

}  // namespace
}  // namespace polarity::io
