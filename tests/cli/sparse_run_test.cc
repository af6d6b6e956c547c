// `polarity run` on sparse worlds (network.sparse): the same bytes for any thread count, and
// outputs that list ties only.

#include <filesystem>
#include <map>
#include <fstream>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"
#include "io/csv.h"

namespace polarity {
namespace {

using ::testing::HasSubstr;
using testing::CommandResult;
using testing::ReadText;

class SparseRun : public testing::ScratchTest {};


TEST_F(SparseRun, GeneratedWorldGivesTheSameBytesOnOneAndTwoThreads) {
  CommandResult r = Polarity("generate --actors 400 --ties-per-actor 8 --seed 3 --ticks 12 -o world.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto one =
      RunOnOneAndTwoThreads("run world.yaml --replications 6 --set parameters.deterrence.base_rate=2");
  ASSERT_FALSE(HasFailure());
  ASSERT_GE(one.size(), 3u);
  // Not vacuous: crises happened, and replications differ.
  EXPECT_THAT(one.at("events.csv"), HasSubstr("crisis_start"));
  std::vector<std::vector<std::string>> rows;
  std::string error;
  ASSERT_TRUE(io::ParseCsv(one.at("outcomes.csv"), &rows, &error)) << error;
  std::set<std::string> finals;
  for (std::size_t k = 1; k < rows.size(); ++k) finals.insert(rows[k][4]);  // milex_total_final
  ASSERT_EQ(rows[0][4], "milex_total_final");
  EXPECT_EQ(finals.size(), 6u) << one.at("outcomes.csv");
}

// Three actors, two ties: AAA-BBB (rivals) and BBB-CCC (allies); AAA and CCC are not tied.
constexpr const char* kThreeActors = R"(schema: polarity/scenario 1
network: {sparse: true, reach_factor: 0}
time: {ticks: 6}
actors:
  AAA: {gdp: 1000, milex: 30, location: {lat: 0, lon: 0}, revisionism: 0.8}
  BBB: {gdp: 2000, milex: 40, location: {lat: 1, lon: 1}}
  CCC: {gdp: 3000, milex: 50, location: {lat: 2, lon: 2}}
relations:
  - {between: [AAA, BBB], stance: -0.8}
  - {between: [BBB, CCC], stance: 0.6, alliance: 0.7}
parameters: {deterrence: {base_rate: 4}}
)";

TEST_F(SparseRun, OutputsListTiesOnly) {
  std::ofstream(scratch_ / "three.yaml") << kThreeActors;
  const CommandResult r = Polarity("run three.yaml -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string series = ReadText(scratch_ / "out" / "timeseries.csv");
  EXPECT_THAT(series, HasSubstr(",AAA,BBB,stance,-0.8\n"));
  EXPECT_THAT(series, HasSubstr(",BBB,CCC,alliance,0.7\n"));
  EXPECT_EQ(series.find(",AAA,CCC,"), std::string::npos) << "untied pair in timeseries.csv";
  EXPECT_EQ(series.find(",CCC,AAA,"), std::string::npos);
  const std::string events = ReadText(scratch_ / "out" / "events.csv");
  EXPECT_THAT(events, HasSubstr("crisis_start")) << "AAA, revisionist and hostile, challenges BBB";
  EXPECT_EQ(events.find("AAA;CCC"), std::string::npos);
  EXPECT_EQ(events.find("CCC;AAA"), std::string::npos);
  const std::string graph = ReadText(scratch_ / "out" / "networks" / "alliances_0_6.graphml");
  EXPECT_THAT(graph, HasSubstr("<edge source=\"BBB\" target=\"CCC\">"));
  EXPECT_EQ(graph.find("source=\"AAA\""), std::string::npos) << "AAA has no alliance";
  const auto manifest = nlohmann::json::parse(ReadText(scratch_ / "out" / "manifest.json"));
  ASSERT_EQ(manifest["scenario"]["relations"].size(), 2u);
  EXPECT_EQ(manifest["scenario"]["relations"][0]["between"], nlohmann::json::array({"AAA", "BBB"}));
  EXPECT_EQ(manifest["scenario"]["relations"][1]["between"], nlohmann::json::array({"BBB", "CCC"}));
  EXPECT_EQ(manifest["scenario"]["network"]["sparse"], true);
}

}  // namespace
}  // namespace polarity
