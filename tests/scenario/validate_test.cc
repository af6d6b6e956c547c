// ValidateScenario: the loader's range and reference rules applied to a typed Scenario,
// e.g. after --set overrides, with the same messages.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include "polarity/scenario_loader.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

const fs::path kSmall = fs::path(POLARITY_SOURCE_DIR) / "tests" / "data" / "scenarios" / "small.yaml";

Scenario Small() {
  LoadResult r = LoadScenario(kSmall);
  EXPECT_TRUE(r.scenario.has_value());
  return r.scenario.value_or(Scenario{});
}

std::string Messages(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items) out += d.message + "\n";
  return out;
}

bool Has(const Diagnostics& diagnostics, const std::string& fragment) {
  return Messages(diagnostics).find(fragment) != std::string::npos;
}

ActorSpec MakeActor(const std::string& id) {
  ActorSpec a;
  a.id = id;
  a.gdp.value = 100;
  a.gdp.present = true;
  a.milex.value = 10;
  a.milex.present = true;
  return a;
}

TEST(ScenarioValidate, ALoadedScenarioIsValid) {
  const Diagnostics d = ValidateScenario(Small());
  EXPECT_TRUE(d.items.empty()) << Messages(d);
}

TEST(ScenarioValidate, CatchesOverridesOutOfRangeAndPointsAtTheReplacedValue) {
  Scenario s = Small();
  std::string error;
  ASSERT_TRUE(SetPath(s, "relations.CCC-DDD.alliance", 1.5, &error)) << error;
  ASSERT_TRUE(SetPath(s, "parameters.alliance.rate", -1, &error)) << error;
  ASSERT_TRUE(SetPath(s, "time.dt", std::numeric_limits<double>::quiet_NaN(), &error)) << error;
  ASSERT_TRUE(SetPath(s, "replications", 0, &error)) << error;
  const Diagnostics d = ValidateScenario(s);
  EXPECT_EQ(d.ErrorCount(), 4) << Messages(d);
  EXPECT_TRUE(Has(d, "relations.CCC-DDD.alliance = 1.5 is out of range: must be in [0, 1]")) << Messages(d);
  EXPECT_TRUE(Has(d, "parameters.alliance.rate = -1 is out of range: must be in [0, 10]"));
  EXPECT_TRUE(Has(d, "time.dt = .nan is not a finite number"));
  EXPECT_TRUE(Has(d, "replications = 0 is out of range: must be in [1, 1000000]"));
  const auto alliance = std::find_if(d.items.begin(), d.items.end(), [](const Diagnostic& item) {
    return item.message.starts_with("relations.CCC-DDD.alliance");
  });
  ASSERT_NE(alliance, d.items.end());
  EXPECT_EQ(alliance->where.file, kSmall.string());
  EXPECT_EQ(alliance->where.line, s.relations[1].alliance.where.line);  // the line of `alliance: 0.45`
  EXPECT_GT(alliance->where.line, 0);
}

TEST(ScenarioValidate, LoaderAndValidatorGiveTheSameMessage) {
  // The rule lives once: a file value and an override produce the same words.
  const LoadResult loaded = ParseScenario(
      "schema: polarity/scenario 1\ntime: {dt: 0}\nactors:\n  A: {gdp: 1, milex: 1, location: {lat: 0, lon: 0}}\n", "a.yaml");
  ASSERT_EQ(loaded.diagnostics.ErrorCount(), 1);
  Scenario s = Small();
  std::string error;
  ASSERT_TRUE(SetPath(s, "time.dt", 0, &error));
  const Diagnostics validated = ValidateScenario(s);
  ASSERT_EQ(validated.ErrorCount(), 1);
  EXPECT_EQ(validated.items[0].message, loaded.diagnostics.items[0].message);
}

TEST(ScenarioValidate, ChecksReferencesInAScenarioBuiltInCode) {
  Scenario s;
  s.actors = {MakeActor("AAA"), MakeActor("BBB"), MakeActor("AAA")};
  s.actors[1].milex.present = false;
  s.groups["BBB"] = {"AAA"};
  s.groups["pair"] = {"AAA", "CCX"};
  RelationSpec r;
  r.first = {"AAA"};
  r.second = {"pairs"};
  r.alliance.present = true;
  r.alliance.value = 0.5;
  s.relations.push_back(r);
  s.actors[0].capability["navy"].present = true;
  s.actors[0].capability["navy"].value = 1;
  s.actors[0].milex.source = "nowhere";
  const Diagnostics d = ValidateScenario(s);
  EXPECT_TRUE(Has(d, "duplicate actor id 'AAA'")) << Messages(d);
  EXPECT_TRUE(Has(d, "actors.BBB is missing required key 'milex'"));
  EXPECT_TRUE(Has(d, "group 'BBB' has the same name as an actor"));
  EXPECT_TRUE(Has(d, "unknown actor 'CCX' in group 'pair'"));
  EXPECT_TRUE(Has(d, "unknown actor or group 'pairs' in relations.AAA-pairs; did you mean 'pair'?"));
  EXPECT_TRUE(Has(d, "unknown domain 'navy' in actors.AAA.capability; did you mean 'naval'?"));
  EXPECT_TRUE(Has(d, "source 'nowhere' is not declared in 'sources'"));
}

TEST(ScenarioValidate, ChecksEventsAndEffects) {
  Scenario s;
  s.actors = {MakeActor("A"), MakeActor("B")};
  EventSpec e;
  e.id = "early";
  e.at = s.start - 1;
  EffectSpec set_alliance;
  set_alliance.field = "alliance";
  set_alliance.among = {"A", "B"};
  set_alliance.op = EffectOp::kSet;
  set_alliance.value = 2;
  EffectSpec parameter;
  parameter.field = "parameter";
  parameter.parameter = "alliance.rat";
  EffectSpec capability;
  capability.field = "capability";
  capability.actors = {"A"};
  capability.domain = "lnd";
  capability.op = EffectOp::kScale;
  capability.value = -1;
  e.effects = {set_alliance, parameter, capability};
  s.events = {e, e};
  const Diagnostics d = ValidateScenario(s);
  EXPECT_TRUE(Has(d, "events.early.at = 2022.5 is before time.start = 2023.5")) << Messages(d);
  EXPECT_TRUE(Has(d, "events.early.effects[0].alliance.set = 2 is out of range: must be in [0, 1]"));
  EXPECT_TRUE(Has(d, "unknown parameter 'alliance.rat' in events.early.effects[1].parameter; did you mean 'alliance.rate'?"));
  EXPECT_TRUE(Has(d, "unknown domain 'lnd' in events.early.effects[2].capability; did you mean 'land'?"));
  EXPECT_TRUE(Has(d, "events.early.effects[2].capability.scale = -1 is out of range: must be >= 0"));
  EXPECT_TRUE(Has(d, "duplicate event id 'early'"));
}

TEST(ScenarioValidate, SpellingOfIdsKeepsPathsUnambiguous) {
  Scenario s;
  s.actors = {MakeActor("A-B"), MakeActor("C")};
  const Diagnostics d = ValidateScenario(s);
  EXPECT_TRUE(Has(d, "actor id 'A-B' may contain only letters, digits and '_'")) << Messages(d);
}

TEST(ScenarioValidate, GivesNoWarningsAfterOverrides) {
  Scenario s;
  s.actors = {MakeActor("A")};  // no location: a warning when loading, not here
  EXPECT_TRUE(ValidateScenario(s).items.empty());
}

}  // namespace
}  // namespace polarity
