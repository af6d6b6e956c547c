// Paths (--set, sweeps): reading and writing every kind of path, relations order-free and
// directed, unknown paths with the closest valid one, ListPaths, ParseAssignment.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "polarity/scenario_loader.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

const fs::path kSmall = fs::path(POLARITY_SOURCE_DIR) / "tests" / "data" / "scenarios" / "small.yaml";

class ScenarioPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadResult r = LoadScenario(kSmall);
    ASSERT_TRUE(r.scenario.has_value());
    s_ = std::move(*r.scenario);
  }

  double Get(const std::string& path) {
    std::string error;
    const std::optional<double> v = GetPath(s_, path, &error);
    EXPECT_TRUE(v.has_value()) << path << ": " << error;
    return v.value_or(-12345.0);
  }
  void Set(const std::string& path, double value) {
    std::string error;
    EXPECT_TRUE(SetPath(s_, path, value, &error)) << path << ": " << error;
  }
  std::string SetError(const std::string& path, double value) {
    std::string error;
    EXPECT_FALSE(SetPath(s_, path, value, &error)) << path;
    return error;
  }

  Scenario s_;
};

TEST_F(ScenarioPaths, ActorFieldsReadAndWrite) {
  EXPECT_DOUBLE_EQ(Get("actors.AAA.milex"), 296.8);
  Set("actors.AAA.milex", 300);
  EXPECT_DOUBLE_EQ(Get("actors.AAA.milex"), 300);
  EXPECT_TRUE(s_.actors[0].milex.present);
  EXPECT_FALSE(s_.actors[0].milex.cited());  // an override cites nothing
  EXPECT_GT(s_.actors[0].milex.where.line, 0);  // but still points where the value was

  Set("actors.AAA.richardson.reactivity", 0.2);
  EXPECT_DOUBLE_EQ(s_.actors[0].reactivity.value, 0.2);
  Set("actors.BBB.location.lat", 45);
  EXPECT_DOUBLE_EQ(Get("actors.BBB.location.lat"), 45);
  Set("actors.CCC.capability.nuclear", 7);
  EXPECT_DOUBLE_EQ(s_.actors[2].capability.at("nuclear").value, 7);
  Set("actors.AAA.concern.land", 0.25);
  EXPECT_DOUBLE_EQ(Get("actors.AAA.concern.land"), 0.25);
}

TEST_F(ScenarioPaths, AbsentActorFieldsReadAsTheirDefault) {
  EXPECT_DOUBLE_EQ(Get("actors.BBB.resolve"), 0.5);
  EXPECT_DOUBLE_EQ(Get("actors.BBB.richardson.fatigue"), 0.05);
  EXPECT_DOUBLE_EQ(Get("actors.BBB.reach_km"), 2000);
  std::string error;
  EXPECT_FALSE(GetPath(s_, "actors.BBB.capability.land", &error).has_value());
  EXPECT_NE(error.find("steady state"), std::string::npos) << error;
}

TEST_F(ScenarioPaths, SymmetricRelationsAreOrderFree) {
  EXPECT_DOUBLE_EQ(Get("relations.CCC-DDD.alliance"), 0.45);
  EXPECT_DOUBLE_EQ(Get("relations.DDD-CCC.alliance"), 0.45);
  const std::size_t before = s_.relations.size();
  Set("relations.DDD-CCC.friction", 0.7);
  EXPECT_EQ(s_.relations.size(), before);  // written into the existing CCC-DDD entry
  EXPECT_DOUBLE_EQ(s_.relations[1].friction.value, 0.7);
  EXPECT_DOUBLE_EQ(Get("relations.CCC-DDD.friction"), 0.7);
}

TEST_F(ScenarioPaths, RelationsGivenThroughGroupsAreRead) {
  EXPECT_DOUBLE_EQ(Get("relations.AAA-CCC.stance"), -0.5);  // from `between: [AAA, pact]`
  EXPECT_DOUBLE_EQ(Get("relations.AAA-CCC.alliance"), 0);   // nothing given: the default
}

TEST_F(ScenarioPaths, SettingAPairWithoutItsOwnEntryAppendsOne) {
  const std::size_t before = s_.relations.size();
  Set("relations.AAA-CCC.alliance", 0.3);
  ASSERT_EQ(s_.relations.size(), before + 1);
  EXPECT_EQ(s_.relations.back().first, std::vector<std::string>{"AAA"});
  EXPECT_EQ(s_.relations.back().second, std::vector<std::string>{"CCC"});
  EXPECT_DOUBLE_EQ(Get("relations.CCC-AAA.alliance"), 0.3);
  Set("relations.CCC-AAA.alliance", 0.4);  // now the appended entry is reused
  EXPECT_EQ(s_.relations.size(), before + 1);
  EXPECT_DOUBLE_EQ(Get("relations.AAA-CCC.alliance"), 0.4);
}

TEST_F(ScenarioPaths, DirectedStanceIsOneDirection) {
  EXPECT_DOUBLE_EQ(Get("relations.AAA>BBB.stance"), -0.7);
  EXPECT_DOUBLE_EQ(Get("relations.BBB>AAA.stance"), -0.5);  // the symmetric group entry
  Set("relations.DDD>AAA.stance", 0.2);
  EXPECT_DOUBLE_EQ(Get("relations.DDD>AAA.stance"), 0.2);
  EXPECT_DOUBLE_EQ(Get("relations.AAA>DDD.stance"), -0.5);
  EXPECT_TRUE(s_.relations.back().directed);
}

TEST_F(ScenarioPaths, ASymmetricStanceSetsBothDirectionsEvenOverADirectedEntry) {
  Set("relations.AAA-BBB.stance", 0.1);
  EXPECT_DOUBLE_EQ(Get("relations.AAA>BBB.stance"), 0.1);
  EXPECT_DOUBLE_EQ(Get("relations.BBB>AAA.stance"), 0.1);
}

TEST(ScenarioPathsOverride, AnExactEntryOverriddenByALaterOneIsNotWrittenTo) {
  LoadResult r = ParseScenario(
      "schema: polarity/scenario 1\n"
      "actors:\n"
      "  A: {gdp: 1, milex: 1, location: {lat: 0, lon: 0}}\n"
      "  B: {gdp: 1, milex: 1, location: {lat: 0, lon: 1}}\n"
      "groups: {g: [B]}\n"
      "relations:\n"
      "  - {between: [A, B], alliance: 0.1}\n"
      "  - {between: [A, g], alliance: 0.5}\n",
      "o.yaml");
  ASSERT_TRUE(r.scenario.has_value());
  Scenario& s = *r.scenario;
  std::string error;
  ASSERT_TRUE(SetPath(s, "relations.A-B.alliance", 0.3, &error)) << error;
  EXPECT_DOUBLE_EQ(s.relations[0].alliance.value, 0.1);  // left alone: it would have no effect
  ASSERT_EQ(s.relations.size(), 3u);
  EXPECT_EQ(GetPath(s, "relations.B-A.alliance", &error), 0.3);
}

TEST_F(ScenarioPaths, ParametersAndDepreciationByDomain) {
  Set("parameters.alliance.rate", 0.33);
  EXPECT_DOUBLE_EQ(s_.parameters.alliance.rate, 0.33);
  EXPECT_DOUBLE_EQ(Get("parameters.alliance.rate"), 0.33);
  Set("parameters.deterrence.enabled", 0);
  EXPECT_FALSE(s_.parameters.deterrence.enabled);
  Set("parameters.crisis.max_ticks", 12);
  EXPECT_EQ(s_.parameters.crisis.max_ticks, 12);
  EXPECT_DOUBLE_EQ(Get("parameters.capability.depreciation_by_domain.nuclear"), 0.03);
  EXPECT_DOUBLE_EQ(Get("parameters.capability.depreciation_by_domain.land"), 0.07);  // the general rate
  Set("parameters.capability.depreciation_by_domain.land", 0.02);
  EXPECT_DOUBLE_EQ(s_.depreciation_by_domain.at("land"), 0.02);
}

TEST_F(ScenarioPaths, IntegerAndBooleanTargetsRefuseOtherValues) {
  EXPECT_NE(SetError("parameters.deterrence.enabled", 0.5).find("true or false"), std::string::npos);
  EXPECT_NE(SetError("parameters.crisis.max_ticks", 2.5).find("whole number"), std::string::npos);
  EXPECT_NE(SetError("time.ticks", 2.5).find("time.ticks takes a whole number, got 2.5"), std::string::npos);
  EXPECT_NE(SetError("seed", -1).find("0 to 2^64-1"), std::string::npos);
  EXPECT_NE(SetError("events.budget.tick", 1e12).find("whole number"), std::string::npos);
  EXPECT_EQ(s_.ticks, 40);  // unchanged
}

TEST_F(ScenarioPaths, EventsTimeSeedReplicationsOutputs) {
  Set("events.summit.at", 2024);
  EXPECT_DOUBLE_EQ(*s_.events[0].at, 2024);
  Set("events.summit.tick", 3);
  EXPECT_EQ(s_.events[0].tick, 3);
  EXPECT_FALSE(s_.events[0].at.has_value());  // one schedule at a time
  std::string error;
  EXPECT_FALSE(GetPath(s_, "events.summit.at", &error).has_value());
  EXPECT_NE(error.find("scheduled by 'tick'"), std::string::npos);

  Set("time.ticks", 100);
  EXPECT_EQ(s_.ticks, 100);
  Set("time.dt", 0.5);
  EXPECT_DOUBLE_EQ(Get("time.dt"), 0.5);
  Set("seed", 123456789);
  EXPECT_EQ(s_.seed, 123456789u);
  Set("replications", 20);
  EXPECT_EQ(s_.replications, 20);
  Set("outputs.networks_every", 4);
  EXPECT_EQ(s_.outputs.networks_every, 4);
}

TEST_F(ScenarioPaths, UnknownPathsNameTheClosestValidPath) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"actors.AAA.milx", "actors.AAA.milex"},
      {"actors.AAX.milex", "actors.AAA.milex"},
      {"actors.AAA.richardson.reactivty", "actors.AAA.richardson.reactivity"},
      {"actors.AAA.capability.navy", "actors.AAA.capability.naval"},
      {"parameters.aliance.rate", "parameters.alliance.rate"},
      {"relations.AAA-BBX.alliance", "relations.AAA-BBB.alliance"},
      {"relations.AAA-BBB.aliance", "relations.AAA-BBB.alliance"},
      {"time.tick", "time.ticks"},
      {"sed", "seed"},
      {"events.sumit.at", "events.summit.at"},
      {"actor.AAA.milex", "actors.AAA.milex"},
  };
  for (const auto& [path, closest] : cases) {
    std::string error;
    EXPECT_FALSE(GetPath(s_, path, &error).has_value()) << path;
    EXPECT_EQ(error, "unknown path '" + path + "'; did you mean '" + closest + "'?");
    EXPECT_FALSE(SetPath(s_, path, 1.0, &error)) << path;
  }
}

TEST_F(ScenarioPaths, UnknownPathsWithoutACloseMatchSayWhy) {
  std::string error;
  EXPECT_FALSE(SetPath(s_, "actors.ZZZZZ.milex", 1.0, &error));
  EXPECT_NE(error.find("(no actor 'ZZZZZ')"), std::string::npos) << error;
  EXPECT_FALSE(SetPath(s_, "relations.AAA>BBB.alliance", 1.0, &error));
  EXPECT_NE(error.find("'alliance' is symmetric: write relations.AAA-BBB.alliance"), std::string::npos) << error;
  EXPECT_FALSE(SetPath(s_, "nonsense", 1.0, &error));
  EXPECT_NE(error.find("paths look like"), std::string::npos) << error;
}

TEST_F(ScenarioPaths, ListPathsGivesPathsThatResolve) {
  const std::vector<std::string> paths = ListPaths(s_);
  for (const std::string expected : {"seed", "time.ticks", "outputs.every", "actors.AAA.milex",
                                     "actors.DDD.richardson.grievance", "actors.AAA.capability.nuclear",
                                     "relations.CCC-DDD.friction", "relations.AAA>BBB.stance",
                                     "parameters.alliance.rate", "parameters.capability.depreciation_by_domain.land",
                                     "events.summit.at", "events.budget.tick"}) {
    EXPECT_NE(std::find(paths.begin(), paths.end(), expected), paths.end()) << expected;
  }
  Scenario copy = s_;
  for (const std::string& path : paths) {
    std::string error;
    if (!GetPath(s_, path, &error)) {
      EXPECT_NE(error.find("is not set"), std::string::npos) << path << ": " << error;
    }
    EXPECT_TRUE(SetPath(copy, path, 1.0, &error)) << path << ": " << error;
  }
}

TEST(ScenarioParseAssignment, SplitsPathAndValue) {
  std::string path, error;
  double value = 0;
  ASSERT_TRUE(ParseAssignment("parameters.alliance.rate=0.3", &path, &value, &error)) << error;
  EXPECT_EQ(path, "parameters.alliance.rate");
  EXPECT_DOUBLE_EQ(value, 0.3);
  ASSERT_TRUE(ParseAssignment(" parameters.deterrence.enabled = false ", &path, &value, &error));
  EXPECT_EQ(path, "parameters.deterrence.enabled");
  EXPECT_DOUBLE_EQ(value, 0.0);
  ASSERT_TRUE(ParseAssignment("a.b=true", &path, &value, &error));
  EXPECT_DOUBLE_EQ(value, 1.0);
  ASSERT_TRUE(ParseAssignment("seed=-1.5e3", &path, &value, &error));
  EXPECT_DOUBLE_EQ(value, -1500);
}

TEST(ScenarioParseAssignment, RefusesMalformedAssignments) {
  std::string path = "unchanged", error;
  double value = 0;
  for (const std::string bad : {"a.b", "=1", "a.b=", "a.b=abc", "a.b=.nan", "a.b=inf", "a.b=1,5", "a.b=yes"}) {
    error.clear();
    EXPECT_FALSE(ParseAssignment(bad, &path, &value, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  EXPECT_EQ(path, "unchanged");
  ParseAssignment("a.b=abc", &path, &value, &error);
  EXPECT_EQ(error, "value 'abc' for 'a.b' is not a number (or true/false)");
}

}  // namespace
}  // namespace polarity
