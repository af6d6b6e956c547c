// CheckProvenance: uncited seeded values under strict, and disagreements recorded in notes.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "polarity/scenario_loader.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

const fs::path kSmall = fs::path(POLARITY_SOURCE_DIR) / "tests" / "data" / "scenarios" / "small.yaml";

Scenario Load(const std::string& text) {
  LoadResult r = ParseScenario(text, "p.yaml");
  EXPECT_TRUE(r.scenario.has_value());
  return r.scenario.value_or(Scenario{});
}

const Diagnostic* Find(const Diagnostics& d, const std::string& fragment) {
  for (const Diagnostic& item : d.items) {
    if (item.message.find(fragment) != std::string::npos) return &item;
  }
  return nullptr;
}

TEST(ScenarioProvenance, StrictFlagsEverySeededValueWithoutASource) {
  const Scenario s = LoadScenario(kSmall).scenario.value();
  const Diagnostics d = CheckProvenance(s, /*strict=*/true);
  const Diagnostic* gdp = Find(d, "actors.AAA.gdp cites no source");
  ASSERT_NE(gdp, nullptr);
  EXPECT_FALSE(gdp->is_warning);
  EXPECT_EQ(gdp->where.file, kSmall.string());
  EXPECT_EQ(gdp->where.line, s.actors[0].gdp.where.line);
  EXPECT_NE(Find(d, "actors.AAA.capability.naval cites no source"), nullptr);
  EXPECT_NE(Find(d, "actors.AAA.richardson.reactivity cites no source"), nullptr);
  EXPECT_NE(Find(d, "relations.CCC-DDD.alliance cites no source"), nullptr);
  EXPECT_NE(Find(d, "relations.AAA-pact.stance cites no source"), nullptr);
  EXPECT_NE(Find(d, "relations.AAA>BBB.stance cites no source"), nullptr);
  // Cited values pass.
  EXPECT_EQ(Find(d, "actors.AAA.milex cites"), nullptr);
  EXPECT_EQ(Find(d, "actors.BBB.gdp cites"), nullptr);
  EXPECT_EQ(Find(d, "relations.BBB-CCC.alliance cites"), nullptr);
  // Absent values are not seeded.
  EXPECT_EQ(Find(d, "actors.BBB.resolve"), nullptr);
}

TEST(ScenarioProvenance, WithoutStrictUncitedValuesAreFine) {
  const Scenario s = LoadScenario(kSmall).scenario.value();
  EXPECT_EQ(CheckProvenance(s, /*strict=*/false).ErrorCount(), 0);
}

TEST(ScenarioProvenance, ANoteNamingAnotherSourceAndANumberIsADisagreement) {
  const Scenario s = LoadScenario(kSmall).scenario.value();
  const Diagnostics d = CheckProvenance(s, /*strict=*/false);
  ASSERT_EQ(d.items.size(), 1u);
  EXPECT_TRUE(d.items[0].is_warning);
  EXPECT_EQ(d.items[0].message,
            "actors.AAA.milex = 296.8 (s1): sources disagree; s2 gives 307.8 (note: \"s2 gives 307.8\")");
  EXPECT_EQ(d.items[0].where.line, s.actors[0].milex.where.line);
}

TEST(ScenarioProvenance, OnlyASourceIdFollowedByItsNumberIsADisagreement) {
  const Scenario s = Load(
      "schema: polarity/scenario 1\n"
      "sources: [{id: a1, citation: A}, {id: b-2.x, citation: B}]\n"
      "actors:\n"
      "  A:\n"
      "    location: {lat: 0, lon: 0}\n"
      "    gdp: {value: 1, source: a1, note: \"a1 gives 2 after revision\"}\n"   // its own source
      "    milex: {value: 1, source: a1, note: \"c9 gives 3\"}\n"                 // not a declared source
      "    resolve: {value: 0.5, source: a1, note: \"see b-2.x for context\"}\n"  // no number
      "    revisionism: {value: 0.1, source: a1, note: \"per b-2.x in 2019 it was 0.2\"}\n"  // not its number
      "    reach_km: {value: 100, source: a1, note: \"b-2.x gives 1.5e2.\"}\n"
      "    efficiency: {value: 1, note: \"b-2.x: 0.8\"}\n");
  const Diagnostics d = CheckProvenance(s, /*strict=*/false);
  ASSERT_EQ(d.items.size(), 2u);
  EXPECT_EQ(d.items[0].message,
            "actors.A.reach_km = 100 (a1): sources disagree; b-2.x gives 150 (note: \"b-2.x gives 1.5e2.\")");
  EXPECT_EQ(d.items[1].message, "actors.A.efficiency = 1: sources disagree; b-2.x gives 0.8 (note: \"b-2.x: 0.8\")");
}

}  // namespace
}  // namespace polarity
