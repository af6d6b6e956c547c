// `extends:` — a variant applied on top of its base: maps override key by key, lists are
// appended, events with a base id replace the base event; cycles and missing bases.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "polarity/scenario_loader.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(POLARITY_SOURCE_DIR) / "tests" / "data";
const fs::path kVariants = kData / "scenarios" / "variants";

std::string Dump(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items) out += d.Format() + "\n";
  return out;
}

class ScenarioVariant : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = LoadScenario(kVariants / "variant.yaml");
    ASSERT_EQ(result_.exit_code, kExitOk) << Dump(result_.diagnostics);
  }
  const Scenario& s() const { return *result_.scenario; }
  LoadResult result_;
};

TEST_F(ScenarioVariant, ListsTheBaseFileFirst) {
  ASSERT_EQ(s().files.size(), 2u);
  EXPECT_EQ(s().files[0].filename(), "base.yaml");
  EXPECT_EQ(s().files[1].filename(), "variant.yaml");
  EXPECT_EQ(s().files[0].parent_path(), s().files[1].parent_path());
}

TEST_F(ScenarioVariant, OverridesActorFieldsOneByOneAndAddsActors) {
  ASSERT_EQ(s().actors.size(), 3u);
  EXPECT_EQ(s().actors[0].id, "AAA");
  EXPECT_DOUBLE_EQ(s().actors[0].resolve.value, 0.9);  // from the variant
  EXPECT_DOUBLE_EQ(s().actors[0].gdp.value, 100);      // kept from the base
  EXPECT_DOUBLE_EQ(s().actors[0].lat.value, 10);
  EXPECT_EQ(s().actors[0].gdp.where.file, s().files[0].string());
  EXPECT_EQ(s().actors[0].resolve.where.file, s().files[1].string());
  EXPECT_EQ(s().actors[2].id, "CCC");
}

TEST_F(ScenarioVariant, OverridesScalarsAndNestedMapsKeyByKey) {
  EXPECT_EQ(s().name, "variant");
  EXPECT_EQ(s().ticks, 20);
  EXPECT_DOUBLE_EQ(s().start, 2020);
  EXPECT_DOUBLE_EQ(s().dt, 0.5);
  EXPECT_DOUBLE_EQ(s().parameters.alliance.rate, 0.3);
  EXPECT_DOUBLE_EQ(s().parameters.alliance.decay, 0.05);
}

TEST_F(ScenarioVariant, AppendsRelationsSoThatTheyOverride) {
  ASSERT_EQ(s().relations.size(), 2u);
  EXPECT_DOUBLE_EQ(s().relations[0].alliance.value, 0.2);
  EXPECT_DOUBLE_EQ(s().relations[1].alliance.value, 0.6);
  std::string error;
  EXPECT_EQ(GetPath(s(), "relations.AAA-BBB.alliance", &error), 0.6) << error;
}

TEST_F(ScenarioVariant, AnEventWithABaseIdReplacesItInPlace) {
  ASSERT_EQ(s().events.size(), 3u);
  EXPECT_EQ(s().events[0].id, "shock");
  EXPECT_DOUBLE_EQ(*s().events[0].at, 2022);
  ASSERT_EQ(s().events[0].effects.size(), 1u);
  EXPECT_EQ(s().events[0].effects[0].actors, std::vector<std::string>{"CCC"});
  EXPECT_EQ(s().events[1].id, "keep");
  EXPECT_EQ(s().events[2].id, "extra");
}

TEST_F(ScenarioVariant, MergesGroupsAndSourcesByKey) {
  EXPECT_EQ(s().groups.at("both"), (std::vector<std::string>{"AAA", "CCC"}));
  ASSERT_EQ(s().sources.size(), 2u);
  EXPECT_EQ(s().sources[0].id, "s1");
  EXPECT_EQ(s().sources[0].citation, "Replaced source");
  EXPECT_EQ(s().sources[1].id, "s2");
}

// Writes files into a fresh directory and removes it afterwards.
class ScenarioExtendsFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("polarity_extends_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

TEST_F(ScenarioExtendsFiles, AnErrorInTheBasePointsIntoTheBase) {
  const fs::path base = Write("base.yaml",
                              "schema: polarity/scenario 1\n"
                              "actors:\n"
                              "  AAA: {gdp: 100, milex: 10, resolve: 7, location: {lat: 0, lon: 0}}\n");
  const fs::path variant = Write("variant.yaml", "schema: polarity/scenario 1\nextends: base.yaml\nseed: 9\n");
  const LoadResult r = LoadScenario(variant);
  EXPECT_EQ(r.exit_code, kExitDataError);
  ASSERT_EQ(r.diagnostics.ErrorCount(), 1) << Dump(r.diagnostics);
  EXPECT_EQ(r.diagnostics.items[0].where.file, base.string());
  EXPECT_EQ(r.diagnostics.items[0].where.line, 3);
}

TEST_F(ScenarioExtendsFiles, AVariantMayReferToActorsOfItsBase) {
  Write("base.yaml", "schema: polarity/scenario 1\nactors:\n  AAA: {gdp: 1, milex: 1, location: {lat: 0, lon: 0}}\n");
  const fs::path variant = Write("v.yaml",
                                 "schema: polarity/scenario 1\nextends: base.yaml\n"
                                 "actors:\n  BBB: {gdp: 1, milex: 1, location: {lat: 1, lon: 1}}\n"
                                 "relations:\n  - {between: [AAA, BBB], alliance: 0.5}\n");
  const LoadResult r = LoadScenario(variant);
  EXPECT_EQ(r.exit_code, kExitOk) << Dump(r.diagnostics);
}

TEST_F(ScenarioExtendsFiles, ChainsOfVariantsApplyInOrder) {
  Write("a.yaml", "schema: polarity/scenario 1\nseed: 1\nactors:\n  AAA: {gdp: 1, milex: 1, location: {lat: 0, lon: 0}}\n");
  Write("b.yaml", "schema: polarity/scenario 1\nextends: a.yaml\nseed: 2\nreplications: 5\n");
  const fs::path c = Write("c.yaml", "schema: polarity/scenario 1\nextends: b.yaml\nseed: 3\n");
  const LoadResult r = LoadScenario(c);
  ASSERT_EQ(r.exit_code, kExitOk) << Dump(r.diagnostics);
  EXPECT_EQ(r.scenario->seed, 3u);
  EXPECT_EQ(r.scenario->replications, 5);
  ASSERT_EQ(r.scenario->files.size(), 3u);
  EXPECT_EQ(r.scenario->files[0].filename(), "a.yaml");
  EXPECT_EQ(r.scenario->files[2].filename(), "c.yaml");
}

TEST_F(ScenarioExtendsFiles, EventIdsRepeatedInOneFileAreStillDuplicates) {
  Write("base.yaml", "schema: polarity/scenario 1\nactors:\n  AAA: {gdp: 1, milex: 1, location: {lat: 0, lon: 0}}\n");
  const fs::path variant = Write("v.yaml",
                                 "schema: polarity/scenario 1\nextends: base.yaml\nevents:\n"
                                 "  - {id: e, tick: 1, effects: [{milex: {actor: AAA, add: 1}}]}\n"
                                 "  - {id: e, tick: 2, effects: [{milex: {actor: AAA, add: 1}}]}\n");
  const LoadResult r = LoadScenario(variant);
  ASSERT_EQ(r.diagnostics.ErrorCount(), 1) << Dump(r.diagnostics);
  EXPECT_NE(r.diagnostics.items[0].message.find("duplicate event id 'e'"), std::string::npos);
  EXPECT_EQ(r.diagnostics.items[0].where.line, 5);
}

TEST(ScenarioExtends, TwoFilesExtendingEachOtherAreACycle) {
  const LoadResult r = LoadScenario(kData / "malformed" / "extends" / "cycle_a.yaml");
  EXPECT_EQ(r.exit_code, kExitDataError);
  ASSERT_GE(r.diagnostics.ErrorCount(), 1);
  EXPECT_EQ(r.diagnostics.items[0].message, "extends cycle: cycle_a.yaml -> cycle_b.yaml -> cycle_a.yaml");
  EXPECT_EQ(fs::path(r.diagnostics.items[0].where.file).filename(), "cycle_b.yaml");
  EXPECT_EQ(r.diagnostics.items[0].where.line, 3);
}

TEST(ScenarioExtends, ParseScenarioResolvesTheBaseNextToTheGivenName) {
  const LoadResult r = ParseScenario("schema: polarity/scenario 1\nextends: base.yaml\nseed: 5\n",
                                     (kVariants / "inline.yaml").string());
  ASSERT_EQ(r.exit_code, kExitOk) << Dump(r.diagnostics);
  EXPECT_EQ(r.scenario->actors.size(), 2u);
  EXPECT_EQ(r.scenario->seed, 5u);
}

TEST(ScenarioExtends, AMissingBaseIsExit66AtTheExtendsLine) {
  const LoadResult r = ParseScenario("schema: polarity/scenario 1\nextends: nowhere.yaml\n", "x/v.yaml");
  EXPECT_EQ(r.exit_code, kExitNoInput);
  ASSERT_EQ(r.diagnostics.items.size(), 1u);
  EXPECT_EQ(r.diagnostics.items[0].where.file, "x/v.yaml");
  EXPECT_EQ(r.diagnostics.items[0].where.line, 2);
  EXPECT_EQ(r.diagnostics.items[0].where.column, 10);
  EXPECT_NE(r.diagnostics.items[0].message.find("cannot read 'x/nowhere.yaml'"), std::string::npos);
}

}  // namespace
}  // namespace polarity
