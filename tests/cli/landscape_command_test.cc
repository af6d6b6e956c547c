// `polarity landscape` end to end, on tests/data/cli/landscape.yaml: five actors with
// sizes P 4, Q 5, R 2, S 3, T 1 and weights w_ij = s_i s_j p_ij
//   P-Q −20, P-R 4, Q-R −5, S-P 1.5, T-Q 2.5, S-T 3 (every other pair 0).
// By hand: any local minimum splits P from Q (w = −20) and keeps R with P (4) against Q
// (−5); S and T stay together (3 beats either lean), so the pair sits with P, costing
// T-Q 2.5, or with Q, costing S-P 1.5. Both are local minima (S alone to P: −1.5 + 3 > 0;
// T alone to Q: −2.5 + 3 > 0):
//   {P, R | Q, S, T}  E = −20 − 5 + 1.5 = −23.5  (global)
//   {P, R, S, T | Q}  E = −20 − 5 + 2.5 = −22.5
// The alliances (blocs {P, R} 0.8, {S, T} 0.5; S-P 0.2) make X = {P, R, S, T | Q}, the
// second minimum: gap 0. Frustrations in X: F_P = 5·(−1) = −5, F_Q = 4·(−1) + 2·(−0.5) +
// 1·0.5 = −4.5, F_R = 5·(−0.5) = −2.5, F_S = 0, F_T = 5·0.5 = 2.5.

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"

namespace polarity::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using Json = nlohmann::json;

class LandscapeCommand : public ScratchTest {
 protected:
  static std::string Fixture() { return std::string(POLARITY_SOURCE_DIR) + "/tests/data/cli/landscape.yaml"; }

  Json RunJson(const std::string& args) {
    const CommandResult r = Polarity("landscape " + Quote(Fixture()) + " --json " + args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out);
  }

  // "energy: side 0 | side 1" of every listed minimum.
  static std::vector<std::string> Minima(const Json& report) {
    std::vector<std::string> out;
    for (const Json& m : report["minima"]) {
      std::string line = std::to_string(m["energy"].get<double>()) + ":";
      for (const Json& id : m["side_0"]) line += " " + id.get<std::string>();
      line += " |";
      for (const Json& id : m["side_1"]) line += " " + id.get<std::string>();
      out.push_back(line);
    }
    return out;
  }
};

TEST_F(LandscapeCommand, ListsTheHandCountedMinima) {
  const CommandResult r = Polarity("landscape " + Quote(Fixture()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("landscape of landscape-five at tick 0 (2020), 5 actors"));
  EXPECT_THAT(r.out, HasSubstr("  side 0: P R S T\n  side 1: Q\n"));
  EXPECT_THAT(r.out, HasSubstr("energy -22.50, a local minimum, gap 0.00"));
  EXPECT_THAT(r.out, HasSubstr("exhaustive search of 16 configurations, 2 found"));
  EXPECT_THAT(r.out, ContainsRegex("\n +1 +-23\\.50 +yes +P R \\| Q S T\n"));
  EXPECT_THAT(r.out, ContainsRegex("\n +2 +-22\\.50 +no +X +P R S T \\| Q\n"));
  EXPECT_THAT(r.out, ContainsRegex("\nT +1\\.00 +0 +2\\.50\n"));  // actor, size, side, frustration
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST_F(LandscapeCommand, JsonCarriesTheSameNumbers) {
  const Json j = RunJson("");
  EXPECT_EQ(j["scenario"], "landscape-five");
  ASSERT_EQ(j["actors"].size(), 5u);
  const std::vector<std::string> ids = {"P", "Q", "R", "S", "T"};
  const std::vector<double> sizes = {4, 5, 2, 3, 1}, frustration = {-5, -4.5, -2.5, 0, 2.5};
  const std::vector<int> sides = {0, 1, 0, 0, 0};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(j["actors"][i]["id"], ids[i]);
    EXPECT_EQ(j["actors"][i]["size"].get<double>(), sizes[i]) << ids[i];
    EXPECT_EQ(j["actors"][i]["side"].get<int>(), sides[i]) << ids[i];
    EXPECT_NEAR(j["actors"][i]["frustration"].get<double>(), frustration[i], 1e-12) << ids[i];
  }
  EXPECT_EQ(j["current"]["side_0"], Json({"P", "R", "S", "T"}));
  EXPECT_EQ(j["current"]["side_1"], Json({"Q"}));
  EXPECT_NEAR(j["current"]["energy"].get<double>(), -22.5, 1e-12);
  EXPECT_EQ(j["current"]["local_minimum"], true);
  EXPECT_EQ(j["current"]["gap"].get<double>(), 0.0);
  EXPECT_EQ(j["search"]["method"], "exhaustive");
  EXPECT_EQ(j["search"]["configurations"], 16);
  ASSERT_EQ(j["minima"].size(), 2u);
  EXPECT_NEAR(j["minima"][0]["energy"].get<double>(), -23.5, 1e-12);
  EXPECT_EQ(j["minima"][0]["global"], true);
  EXPECT_EQ(j["minima"][0]["current"], false);
  EXPECT_EQ(j["minima"][0]["side_0"], Json({"P", "R"}));
  EXPECT_EQ(j["minima"][0]["side_1"], Json({"Q", "S", "T"}));
  EXPECT_NEAR(j["minima"][1]["energy"].get<double>(), -22.5, 1e-12);
  EXPECT_EQ(j["minima"][1]["global"], false);
  EXPECT_EQ(j["minima"][1]["current"], true);
  EXPECT_EQ(j["minima"][1]["side_0"], Json({"P", "R", "S", "T"}));
}

TEST_F(LandscapeCommand, ExhaustiveAndMyopicAgree) {
  const Json exhaustive = RunJson("--exhaustive");
  const Json myopic = RunJson("--myopic --starts 64 --seed 3");
  EXPECT_EQ(myopic["search"]["method"], "myopic");
  EXPECT_EQ(myopic["search"]["starts"], 64);
  EXPECT_EQ(myopic["search"]["seed"], 3);
  EXPECT_FALSE(myopic["minima"][0].contains("global"));
  EXPECT_EQ(Minima(myopic), Minima(exhaustive));
  EXPECT_EQ(Minima(exhaustive).size(), 2u);
  // The same seed gives the same report.
  EXPECT_EQ(RunJson("--myopic --starts 64 --seed 3"), myopic);
}

// --set S-T stance 0 unties the pair: S leans to P (1.5), T to Q (2.5), one minimum
// {P, R, S | Q, T} at −25; X (the alliances are unchanged) is {P, R, S, T | Q} at −22.5,
// and myopic switching moves T: gap 2.5.
TEST_F(LandscapeCommand, SetChangesTheLandscape) {
  const Json j = RunJson("--set relations.S-T.stance=0");
  ASSERT_EQ(j["minima"].size(), 1u);
  EXPECT_NEAR(j["minima"][0]["energy"].get<double>(), -25.0, 1e-12);
  EXPECT_EQ(j["minima"][0]["side_0"], Json({"P", "R", "S"}));
  EXPECT_EQ(j["current"]["local_minimum"], false);
  EXPECT_NEAR(j["current"]["gap"].get<double>(), 2.5, 1e-12);
  EXPECT_EQ(j["current"]["relaxed"]["switched"], Json({"T"}));
  EXPECT_EQ(j["current"]["relaxed"]["side_1"], Json({"Q", "T"}));
}

TEST_F(LandscapeCommand, TopLimitsTheList) {
  const CommandResult r = Polarity("landscape " + Quote(Fixture()) + " --top 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("(1 more; --top 0 lists all)"));
  EXPECT_THAT(r.out, ::testing::Not(ContainsRegex("\n +2 +-22\\.50")));
  EXPECT_EQ(RunJson("--top 1")["minima"].size(), 1u);
}

TEST_F(LandscapeCommand, BadFileExits65WithLineAndColumn) {
  std::string text = ReadText(Fixture());
  const std::string from = "stance: 0.125";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "stance: 1.5");
  {
    std::ofstream out(scratch_ / "bad.yaml");
    out << text;
  }
  const CommandResult r = Polarity("landscape bad.yaml");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_THAT(r.err, ContainsRegex("bad\\.yaml:[0-9]+:[0-9]+: error: "));
  EXPECT_TRUE(r.out.empty()) << r.out;
}

TEST_F(LandscapeCommand, MissingFileExits66AndBadOptions64) {
  EXPECT_EQ(Polarity("landscape nowhere.yaml").exit_code, 66);
  EXPECT_EQ(Polarity("landscape " + Quote(Fixture()) + " --exhaustive --myopic").exit_code, 64);
  EXPECT_EQ(Polarity("landscape " + Quote(Fixture()) + " --starts 0").exit_code, 64);
  const CommandResult set = Polarity("landscape " + Quote(Fixture()) + " --set relations.S-T.stanse=0");
  EXPECT_EQ(set.exit_code, 64);
  EXPECT_THAT(set.err, HasSubstr("--set relations.S-T.stanse=0"));
}

// 21 actors: too many for --exhaustive (64), and the default is then the myopic search.
TEST_F(LandscapeCommand, MoreThanTwentyActorsUseTheMyopicSearch) {
  std::string text =
      "schema: polarity/scenario 1\nname: twenty-one\ntime: {start: 2020.0, dt: 0.25, ticks: 4}\n"
      "domains: [force]\nactors:\n";
  for (int i = 0; i < 21; ++i) {
    const std::string id = "X" + std::to_string(10 + i);
    text += "  " + id + ": {location: {lat: 0, lon: " + std::to_string(i) + "}, gdp: 100, milex: 1, capability: {force: 1}}\n";
  }
  text += "relations:\n  - between: [X10, X11]\n    stance: -1\n";
  {
    std::ofstream out(scratch_ / "many.yaml");
    out << text;
  }
  const CommandResult exhaustive = Polarity("landscape many.yaml --exhaustive");
  EXPECT_EQ(exhaustive.exit_code, 64);
  EXPECT_THAT(exhaustive.err, HasSubstr("21 actors"));
  const CommandResult r = Polarity("landscape many.yaml --json --starts 5");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json j = Json::parse(r.out);
  EXPECT_EQ(j["search"]["method"], "myopic");
  EXPECT_EQ(j["search"]["starts"], 5);
  ASSERT_FALSE(j["minima"].empty());
  // Every end point splits the one hostile pair.
  for (const Json& m : j["minima"]) {
    const bool x10_on_0 = std::find(m["side_0"].begin(), m["side_0"].end(), Json("X10")) != m["side_0"].end();
    const bool x11_on_0 = std::find(m["side_0"].begin(), m["side_0"].end(), Json("X11")) != m["side_0"].end();
    EXPECT_NE(x10_on_0, x11_on_0);
  }
}

}  // namespace
}  // namespace polarity::testing
