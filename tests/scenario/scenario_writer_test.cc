// ScenarioToYaml: what it writes loads back to the same Scenario, value for value and bit for
// bit, for hand-written scenarios with every section, for variants (written merged), and for
// values and strings that YAML could misread.

#include "polarity/scenario_writer.h"

#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "polarity/scenario_loader.h"
#include "scenario/scenario_compare.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string Dump(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items) out += d.Format() + "\n";
  return out;
}

Scenario Load(const fs::path& file) {
  LoadResult loaded = LoadScenario(file);
  EXPECT_TRUE(loaded.scenario.has_value()) << Dump(loaded.diagnostics);
  return loaded.scenario.value_or(Scenario{});
}

// Writes, reads back and returns what was read (the test fails on any load error).
Scenario RoundTrip(const Scenario& s, std::string* yaml = nullptr) {
  const std::string text = ScenarioToYaml(s);
  if (yaml != nullptr) *yaml = text;
  LoadResult loaded = ParseScenario(text, "written.yaml");
  EXPECT_TRUE(loaded.scenario.has_value()) << Dump(loaded.diagnostics) << "\n" << text.substr(0, 4000);
  for (const Diagnostic& d : loaded.diagnostics.items) ADD_FAILURE() << "unexpected diagnostic: " << d.Format();
  return loaded.scenario.value_or(Scenario{});
}

TEST(ScenarioWriter, SmallScenarioWithEverySectionRoundTripsExactly) {
  const Scenario original = Load(fs::path(POLARITY_SOURCE_DIR) / "tests/data/scenarios/small.yaml");
  ASSERT_FALSE(original.events.empty());
  ASSERT_FALSE(original.groups.empty());
  ASSERT_FALSE(original.depreciation_by_domain.empty());
  std::string yaml;
  const Scenario copy = RoundTrip(original, &yaml);
  EXPECT_EQ(testing::FirstDifference(original, copy), "");
  EXPECT_THAT(yaml, HasSubstr("schema: polarity/scenario 1\n"));
  // Defaults are left out: `deterrence: {enabled: true}` in the file is the default.
  EXPECT_THAT(yaml, ::testing::Not(HasSubstr("  deterrence:")));
  EXPECT_THAT(yaml, HasSubstr("{parameter: {path: deterrence.enabled, set: false}}"));
}

TEST(ScenarioWriter, FlagshipAndVariantsRoundTripExactly) {
  const fs::path dir = fs::path(POLARITY_SOURCE_DIR) / "scenarios";
  std::vector<fs::path> files{dir / "northeast_asia_2023.yaml", dir / "hindcast_asia_pacific_1992.yaml"};
  for (const auto& entry : fs::directory_iterator(dir / "variants")) files.push_back(entry.path());
  ASSERT_GE(files.size(), 6u);
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    const Scenario original = Load(file);
    ASSERT_FALSE(original.actors.empty());
    const Scenario copy = RoundTrip(original);
    EXPECT_EQ(testing::FirstDifference(original, copy), "");
  }
}

TEST(ScenarioWriter, WritingWhatWasReadGivesTheSameBytes) {
  const Scenario original = Load(fs::path(POLARITY_SOURCE_DIR) / "scenarios/northeast_asia_2023.yaml");
  const std::string first = ScenarioToYaml(original);
  const std::string second = ScenarioToYaml(RoundTrip(original));
  EXPECT_EQ(first, second);
}

SourcedValue Given(double value) {
  SourcedValue v;
  v.value = value;
  v.present = true;
  return v;
}

// Two actors, valid, with the given values patched in by the test.
Scenario TwoActors() {
  Scenario s;
  s.schema = "polarity/scenario 1";
  s.name = "two";
  for (const char* id : {"AAA", "BBB"}) {
    ActorSpec a;
    a.id = id;
    a.gdp = Given(100.0);
    a.milex = Given(2.0);
    a.lat = Given(10.0);
    a.lon = Given(20.0);
    s.actors.push_back(a);
  }
  RelationSpec r;
  r.first = {"AAA"};
  r.second = {"BBB"};
  r.stance = Given(-0.5);
  s.relations.push_back(r);
  return s;
}

TEST(ScenarioWriter, DoublesRoundTripBitForBit) {
  Scenario s = TwoActors();
  ActorSpec& a = s.actors[0];
  a.gdp = Given(1e-300);
  a.milex = Given(std::numeric_limits<double>::denorm_min());
  a.reach_km = Given(std::numeric_limits<double>::max());
  a.lat = Given(0.1 + 0.2);  // 0.30000000000000004
  a.lon = Given(-179.99999999999997);
  a.grievance = Given(-1.0 / 3.0);
  a.capability["land"] = Given(123456789.123456789);
  s.relations[0].stance = Given(-0.0);
  s.relations[0].friction = Given(2.0 / 3.0);
  s.start = 2023.0 + 1.0 / 7.0;
  s.dt = 1.0 / 12.0;
  s.seed = std::numeric_limits<std::uint64_t>::max();
  s.parameters.alliance.rate = 0.1 + 0.7;
  ASSERT_FALSE(ValidateScenario(s).HasErrors()) << Dump(ValidateScenario(s));
  std::string yaml;
  const Scenario copy = RoundTrip(s, &yaml);
  EXPECT_EQ(testing::FirstDifference(s, copy), "");
  EXPECT_THAT(yaml, HasSubstr("lat: 0.30000000000000004"));
  EXPECT_THAT(yaml, HasSubstr("seed: 18446744073709551615\n"));
}

TEST(ScenarioWriter, QuotesTextAndNamesThatYamlWouldMisread) {
  Scenario s = TwoActors();
  s.title = "Title: with # hash, \"quotes\", a back\\slash and - a dash";
  s.description = "  two lines\nand a tab\there, Zürich, ✓ ";
  s.actors[0].id = "on";  // a YAML 1.1 boolean as a plain scalar
  s.actors[1].id = "N";
  s.actors[0].name = "true";
  s.actors[1].name = "null";
  s.relations[0].first = {"on"};
  s.relations[0].second = {"N"};
  s.sources.push_back({"s.1-a", "Citation: [a] {b}, 'c'", {}});
  s.actors[0].milex.source = "s.1-a";
  s.actors[0].milex.quote = "- a quote: that looks like YAML";
  s.actors[0].milex.note = "a note: with a colon, and \"quotes\"";
  s.groups["yes"] = {"on", "N"};
  ASSERT_FALSE(ValidateScenario(s).HasErrors()) << Dump(ValidateScenario(s));
  std::string yaml;
  const Scenario copy = RoundTrip(s, &yaml);
  EXPECT_EQ(testing::FirstDifference(s, copy), "");
  EXPECT_THAT(yaml, HasSubstr("  \"on\":\n"));
  EXPECT_THAT(yaml, HasSubstr("  \"N\":\n"));  // YAML 1.1 reads a plain n or N as false
  EXPECT_THAT(yaml, HasSubstr("  - {id: s.1-a, citation: \"Citation: [a] {b}, 'c'\"}\n"));  // plain where it can
}

TEST(ScenarioWriter, DirectedEntriesGroupsAndListSidesRoundTrip) {
  Scenario s = TwoActors();
  ActorSpec c = s.actors[0];
  c.id = "CCC";
  s.actors.push_back(c);
  s.groups["pair"] = {"BBB", "CCC"};
  RelationSpec directed;
  directed.directed = true;
  directed.first = {"AAA"};
  directed.second = {"pair"};
  directed.stance = Given(0.25);
  s.relations.push_back(directed);
  RelationSpec lists;
  lists.first = {"AAA", "BBB"};
  lists.second = {"CCC"};
  lists.alliance = Given(0.4);
  lists.distance_km = Given(1234.5);
  s.relations.push_back(lists);
  ASSERT_FALSE(ValidateScenario(s).HasErrors()) << Dump(ValidateScenario(s));
  std::string yaml;
  const Scenario copy = RoundTrip(s, &yaml);
  EXPECT_EQ(testing::FirstDifference(s, copy), "");
  EXPECT_THAT(yaml, HasSubstr("  - {from: AAA, to: pair, stance: 0.25}\n"));
  EXPECT_THAT(yaml, HasSubstr("  - {between: [[AAA, BBB], CCC], alliance: 0.4, distance_km: 1234.5}\n"));
}

TEST(ScenarioWriter, SparseNetworkSectionIsWrittenWhenNotTheDefault) {
  Scenario s = TwoActors();
  EXPECT_THAT(ScenarioToYaml(s), ::testing::Not(HasSubstr("network:")));
  s.network.sparse = true;
  s.network.reach_factor = 0.0;
  std::string yaml;
  const Scenario copy = RoundTrip(s, &yaml);
  EXPECT_EQ(testing::FirstDifference(s, copy), "");
  EXPECT_THAT(yaml, HasSubstr("network: {sparse: true, reach_factor: 0}\n"));
}

}  // namespace
}  // namespace polarity
