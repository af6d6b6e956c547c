// Loading valid scenarios: every section read into the Scenario, sourced values, absent
// values, positions, warnings.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "polarity/scenario_loader.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

const fs::path kSmall = fs::path(POLARITY_SOURCE_DIR) / "tests" / "data" / "scenarios" / "small.yaml";

constexpr const char* kMinimal =
    "schema: polarity/scenario 1\n"
    "actors:\n"
    "  AAA: {gdp: 100, milex: 10, location: {lat: 0, lon: 0}}\n"
    "  BBB: {gdp: 200, milex: 20, location: {lat: 1, lon: 1}}\n";

std::string Dump(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items) out += d.Format() + "\n";
  return out;
}

// 1-based line and column of the first occurrence of `needle` in the file.
std::pair<int, int> PositionOf(const fs::path& file, const std::string& needle) {
  std::ifstream in(file);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::size_t at = line.find(needle);
    if (at != std::string::npos) return {number, static_cast<int>(at) + 1};
  }
  return {0, 0};
}

const ActorSpec& Actor(const Scenario& s, const std::string& id) {
  for (const ActorSpec& a : s.actors) {
    if (a.id == id) return a;
  }
  throw std::runtime_error("no actor " + id);
}

class ScenarioSmall : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = LoadScenario(kSmall);
    ASSERT_EQ(result_.exit_code, kExitOk) << Dump(result_.diagnostics);
    ASSERT_TRUE(result_.scenario.has_value());
  }
  const Scenario& s() const { return *result_.scenario; }
  LoadResult result_;
};

TEST_F(ScenarioSmall, LoadsWithoutDiagnostics) { EXPECT_TRUE(result_.diagnostics.items.empty()) << Dump(result_.diagnostics); }

TEST_F(ScenarioSmall, ReadsTheTopLevel) {
  EXPECT_EQ(s().schema, "polarity/scenario 1");
  EXPECT_EQ(s().name, "small-test");
  EXPECT_EQ(s().title, "Four actors for the loader tests");
  EXPECT_EQ(s().description, "Not calibrated. Values are round numbers chosen to be easy to check.\n");
  ASSERT_EQ(s().files.size(), 1u);
  EXPECT_EQ(s().files[0], kSmall);
  EXPECT_DOUBLE_EQ(s().start, 2023.5);
  EXPECT_DOUBLE_EQ(s().dt, 0.25);
  EXPECT_EQ(s().ticks, 40);
  EXPECT_EQ(s().seed, 42u);
  EXPECT_EQ(s().replications, 3);
  EXPECT_EQ(s().domains, (std::vector<std::string>{"land", "air", "naval", "nuclear"}));
  ASSERT_EQ(s().sources.size(), 2u);
  EXPECT_EQ(s().sources[1].id, "s2");
  EXPECT_EQ(s().sources[1].citation, "Test source two");
  EXPECT_EQ(s().outputs.every, 2);
  EXPECT_EQ(s().outputs.networks_every, 10);
  EXPECT_TRUE(s().outputs.timeseries);
  EXPECT_FALSE(s().outputs.dyads);
}

TEST_F(ScenarioSmall, KeepsActorsInFileOrder) {
  ASSERT_EQ(s().actors.size(), 4u);
  EXPECT_EQ(s().actors[0].id, "AAA");
  EXPECT_EQ(s().actors[3].id, "DDD");
  EXPECT_EQ(s().actors[0].name, "Alpha");
  EXPECT_EQ(s().actors[2].name, "");  // the compiler shows the id
}

TEST_F(ScenarioSmall, ReadsActorValuesWithProvenanceAndPosition) {
  const ActorSpec& a = Actor(s(), "AAA");
  EXPECT_TRUE(a.milex.present);
  EXPECT_DOUBLE_EQ(a.milex.value, 296.8);
  EXPECT_EQ(a.milex.source, "s1");
  EXPECT_EQ(a.milex.quote, "spending rose");
  EXPECT_EQ(a.milex.note, "s2 gives 307.8");
  const auto [line, column] = PositionOf(kSmall, "296.8");
  EXPECT_EQ(a.milex.where.file, kSmall.string());
  EXPECT_EQ(a.milex.where.line, line);
  EXPECT_EQ(a.milex.where.column, column);
  EXPECT_DOUBLE_EQ(a.lat.value, 39.9);
  EXPECT_DOUBLE_EQ(a.lon.value, 116.4);
  EXPECT_DOUBLE_EQ(a.reactivity.value, 0.08);
  EXPECT_DOUBLE_EQ(a.grievance.value, 4.0);
  EXPECT_DOUBLE_EQ(a.capability.at("naval").value, 500);
  EXPECT_DOUBLE_EQ(a.allocation.at("nuclear").value, 0.1);
  EXPECT_EQ(a.concern.size(), 2u);
  EXPECT_FALSE(a.gdp.cited());
  EXPECT_EQ(Actor(s(), "BBB").gdp.source, "s2");
}

TEST_F(ScenarioSmall, LeavesAbsentValuesNotPresent) {
  const ActorSpec& b = Actor(s(), "BBB");
  EXPECT_FALSE(b.resolve.present);
  EXPECT_FALSE(b.reach_km.present);
  EXPECT_FALSE(b.reactivity.present);
  EXPECT_TRUE(b.capability.empty());
  EXPECT_TRUE(b.efficiency.present);
}

TEST_F(ScenarioSmall, ReadsGroupsAndRelations) {
  EXPECT_EQ(s().groups.at("pact"), (std::vector<std::string>{"BBB", "CCC", "DDD"}));
  ASSERT_EQ(s().relations.size(), 4u);
  const RelationSpec& first = s().relations[0];
  EXPECT_FALSE(first.directed);
  EXPECT_EQ(first.first, std::vector<std::string>{"BBB"});
  EXPECT_DOUBLE_EQ(first.alliance.value, 0.95);
  EXPECT_EQ(first.alliance.source, "s1");
  EXPECT_DOUBLE_EQ(s().relations[1].distance_km.value, 1150);
  EXPECT_EQ(s().relations[2].second, std::vector<std::string>{"pact"});
  EXPECT_FALSE(s().relations[2].alliance.present);
  const RelationSpec& directed = s().relations[3];
  EXPECT_TRUE(directed.directed);
  EXPECT_EQ(directed.first, std::vector<std::string>{"AAA"});
  EXPECT_DOUBLE_EQ(directed.stance.value, -0.7);
}

TEST_F(ScenarioSmall, ReadsEventsAndEffects) {
  ASSERT_EQ(s().events.size(), 2u);
  const EventSpec& summit = s().events[0];
  EXPECT_EQ(summit.id, "summit");
  ASSERT_TRUE(summit.at.has_value());
  EXPECT_DOUBLE_EQ(*summit.at, 2023.63);
  EXPECT_FALSE(summit.tick.has_value());
  EXPECT_EQ(summit.source, "s1");
  ASSERT_EQ(summit.effects.size(), 4u);
  EXPECT_EQ(summit.effects[0].field, "alliance");
  EXPECT_EQ(summit.effects[0].among, std::vector<std::string>{"pact"});
  EXPECT_EQ(summit.effects[0].op, EffectOp::kAdd);
  EXPECT_DOUBLE_EQ(summit.effects[0].value, 0.1);
  EXPECT_EQ(summit.effects[1].from, std::vector<std::string>{"AAA"});
  EXPECT_EQ(summit.effects[1].to, std::vector<std::string>{"pact"});
  EXPECT_EQ(summit.effects[2].domain, "naval");
  EXPECT_EQ(summit.effects[3].field, "crisis");
  EXPECT_EQ(summit.effects[3].from, std::vector<std::string>{"AAA"});
  EXPECT_EQ(summit.effects[3].to, std::vector<std::string>{"DDD"});

  const EventSpec& budget = s().events[1];
  EXPECT_EQ(budget.tick, 8);
  ASSERT_EQ(budget.effects.size(), 5u);
  EXPECT_EQ(budget.effects[0].actors, (std::vector<std::string>{"CCC", "DDD"}));
  EXPECT_EQ(budget.effects[0].op, EffectOp::kScale);
  EXPECT_EQ(budget.effects[1].field, "reactivity");
  EXPECT_EQ(budget.effects[1].op, EffectOp::kSet);
  EXPECT_EQ(budget.effects[2].between_first, std::vector<std::string>{"CCC"});
  EXPECT_EQ(budget.effects[2].between_second, std::vector<std::string>{"DDD"});
  EXPECT_EQ(budget.effects[3].parameter, "alliance.rate");
  EXPECT_EQ(budget.effects[4].parameter, "deterrence.enabled");  // "parameters." prefix dropped
  EXPECT_DOUBLE_EQ(budget.effects[4].value, 0.0);                 // false
}

TEST_F(ScenarioSmall, ReadsParameters) {
  EXPECT_DOUBLE_EQ(s().parameters.perception.lag, 0.4);
  EXPECT_DOUBLE_EQ(s().parameters.alliance.rate, 0.25);
  EXPECT_DOUBLE_EQ(s().parameters.alliance.min_stance, -0.3);
  EXPECT_DOUBLE_EQ(s().parameters.alliance.decay, Parameters{}.alliance.decay);  // not given: default
  EXPECT_TRUE(s().parameters.deterrence.enabled);
  EXPECT_EQ(s().parameters.crisis.max_ticks, 6);
  EXPECT_DOUBLE_EQ(s().parameters.capability.depreciation, 0.07);
  EXPECT_EQ(s().depreciation_by_domain.size(), 1u);
  EXPECT_DOUBLE_EQ(s().depreciation_by_domain.at("nuclear"), 0.03);
}

TEST(ScenarioLoader, ParseScenarioReadsTextInMemory) {
  const LoadResult r = ParseScenario(kMinimal, "inline/minimal.yaml");
  ASSERT_EQ(r.exit_code, kExitOk) << Dump(r.diagnostics);
  EXPECT_EQ(r.scenario->name, "minimal");  // defaults to the file's stem
  EXPECT_EQ(r.scenario->actors.size(), 2u);
  EXPECT_EQ(r.scenario->ticks, Scenario{}.ticks);
}

TEST(ScenarioLoader, NumbersTakeYamlSpellings) {
  const std::string text = std::string(kMinimal) + "  CCC: {gdp: 1.5e3, milex: +10, resolve: .5, location: {lat: -0, lon: 0}}\n";
  const LoadResult r = ParseScenario(text, "n.yaml");
  ASSERT_EQ(r.exit_code, kExitOk) << Dump(r.diagnostics);
  EXPECT_DOUBLE_EQ(r.scenario->actors[2].gdp.value, 1500);
  EXPECT_DOUBLE_EQ(r.scenario->actors[2].milex.value, 10);
  EXPECT_DOUBLE_EQ(r.scenario->actors[2].resolve.value, 0.5);
}

TEST(ScenarioLoader, ActorWithoutLocationIsAWarningNotAnError) {
  const std::string text = std::string(kMinimal) + "  CCC: {gdp: 1, milex: 1}\n";
  const LoadResult r = ParseScenario(text, "w.yaml");
  EXPECT_EQ(r.exit_code, kExitOk);
  ASSERT_TRUE(r.scenario.has_value());
  ASSERT_EQ(r.diagnostics.items.size(), 1u);
  EXPECT_TRUE(r.diagnostics.items[0].is_warning);
  EXPECT_EQ(r.diagnostics.items[0].where.line, 5);
  EXPECT_NE(r.diagnostics.items[0].message.find("actors.CCC has no location"), std::string::npos);
}

TEST(ScenarioLoader, EventAfterTheLastTickIsAWarning) {
  const std::string text = std::string(kMinimal) +
                           "time: {start: 2020, dt: 1, ticks: 5}\n"
                           "events:\n"
                           "  - {id: late, at: 2030, effects: [{milex: {actor: AAA, add: 1}}]}\n";
  const LoadResult r = ParseScenario(text, "late.yaml");
  EXPECT_EQ(r.exit_code, kExitOk) << Dump(r.diagnostics);
  ASSERT_EQ(r.diagnostics.items.size(), 1u);
  EXPECT_TRUE(r.diagnostics.items[0].is_warning);
  EXPECT_NE(r.diagnostics.items[0].message.find("never applies"), std::string::npos);
}

TEST(ScenarioLoader, KeepsGoingAfterAnErrorInEverySection) {
  const std::string text =
      "schema: polarity/scenario 1\n"
      "time: {dt: nope}\n"
      "actors:\n"
      "  AAA: {gdp: 100, milex: 10, resolve: 2, location: {lat: 0, lon: 0}}\n"
      "relations:\n"
      "  - {between: [AAA, ZZZ], alliance: 0.1}\n"
      "events:\n"
      "  - {id: e, tick: 1, effects: [{milex: {actor: AAA}}]}\n"
      "outputs: {every: 0}\n";
  const LoadResult r = ParseScenario(text, "many.yaml");
  EXPECT_EQ(r.exit_code, kExitDataError);
  EXPECT_EQ(r.diagnostics.ErrorCount(), 5) << Dump(r.diagnostics);
  std::vector<int> lines;
  for (const Diagnostic& d : r.diagnostics.items) lines.push_back(d.where.line);
  for (const int line : {2, 4, 6, 8, 9}) {
    EXPECT_NE(std::find(lines.begin(), lines.end(), line), lines.end()) << "nothing on line " << line << "\n" << Dump(r.diagnostics);
  }
}

TEST(ScenarioLoader, EmptySectionsAreAccepted) {
  const LoadResult r = ParseScenario(std::string(kMinimal) + "relations:\nevents:\ngroups:\nsources:\nparameters:\n", "e.yaml");
  EXPECT_EQ(r.exit_code, kExitOk) << Dump(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.items.empty()) << Dump(r.diagnostics);
}

TEST(ScenarioLoader, UnreadableActorsAreOneErrorNotAlsoNoActors) {
  for (const std::string actors : {"actors: [AAA, BBB]\n", "actors:\n", "actors:\n  AAA: 5\n"}) {
    const LoadResult r = ParseScenario("schema: polarity/scenario 1\n" + actors, "a.yaml");
    EXPECT_EQ(r.exit_code, kExitDataError);
    ASSERT_EQ(r.diagnostics.ErrorCount(), 1) << Dump(r.diagnostics);
    EXPECT_NE(r.diagnostics.items[0].message.find("expected a map"), std::string::npos) << Dump(r.diagnostics);
  }
}

TEST(ScenarioLoader, AnotherKindOfFileIsOneErrorAboutItsSchema) {
  const LoadResult r = ParseScenario(
      "schema: polarity/sweep 1\nscenario: base.yaml\ndesign: {method: grid}\n"
      "parameters:\n  parameters.alliance.rate: {values: [0.1]}\n", "sweep.yaml");
  EXPECT_EQ(r.exit_code, kExitDataError);
  ASSERT_EQ(r.diagnostics.items.size(), 1u) << Dump(r.diagnostics);
  EXPECT_EQ(r.diagnostics.items[0].Format(),
            "sweep.yaml:1:9: error: unsupported schema 'polarity/sweep 1'; expected 'polarity/scenario 1' "
            "(this is a sweep file, not a scenario)");
}

TEST(ScenarioLoader, NotAMapAtTheTopIsAnError) {
  const LoadResult r = ParseScenario("- a\n- b\n", "list.yaml");
  EXPECT_EQ(r.exit_code, kExitDataError);
  ASSERT_GE(r.diagnostics.ErrorCount(), 1);
  EXPECT_NE(r.diagnostics.items[0].message.find("the top level: expected a map, got a list"), std::string::npos);
}

TEST(ScenarioLoader, DiagnosticsFormatAsFileLineColumn) {
  const LoadResult r = ParseScenario(std::string(kMinimal) + "seeds: 3\n", "dir/f.yaml");
  ASSERT_EQ(r.diagnostics.items.size(), 1u);
  EXPECT_EQ(r.diagnostics.items[0].Format(), "dir/f.yaml:5:1: error: unknown top-level key 'seeds'; did you mean 'seed'?");
}

}  // namespace
}  // namespace polarity
