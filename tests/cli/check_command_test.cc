// End-to-end tests of `polarity check` through the built binary.

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/cli_test_util.h"

namespace polarity::testing {
namespace {
using ::testing::HasSubstr;

using CheckCommand = ScratchTest;

TEST_F(CheckCommand, PrintsASummaryOnStdout) {
  const CommandResult r = Polarity("check " + Quote(SmallScenario()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("scenario: cli-small"));
  EXPECT_THAT(r.out, HasSubstr("actors: 4 (AAA, BBB, CCC, DDD)"));
  EXPECT_THAT(r.out, HasSubstr("relations: 4 (3 symmetric, 1 directed)"));
  EXPECT_THAT(r.out, HasSubstr("groups: 2"));
  EXPECT_THAT(r.out, HasSubstr("events: 2"));
  EXPECT_THAT(r.out, HasSubstr("sources: 1"));
  EXPECT_THAT(r.out, HasSubstr("test: cited 5 times"));
  EXPECT_THAT(r.out, HasSubstr("result: ok"));
  EXPECT_TRUE(std::filesystem::is_empty(scratch_)) << "check writes nothing";
}

TEST_F(CheckCommand, StrictFailsOnUncitedValuesWithLocations) {
  const CommandResult r = Polarity("check --strict " + Quote(SmallScenario()));
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_THAT(r.err, ::testing::ContainsRegex("small\\.yaml:[0-9]+:[0-9]+: error: .*BBB.*gdp"));
  EXPECT_THAT(r.out, HasSubstr("result: errors"));
}

TEST_F(CheckCommand, MissingFileExits66) {
  const CommandResult r = Polarity("check nowhere.yaml");
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_THAT(r.err, HasSubstr("nowhere.yaml"));
}

TEST_F(CheckCommand, MalformedFileExits65) {
  std::ofstream(scratch_ / "bad.yaml") << "schema: polarity/scenario 1\nname: x\nactors: [\n";
  const CommandResult r = Polarity("check bad.yaml");
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_THAT(r.err, ::testing::ContainsRegex("bad\\.yaml:[0-9]+:[0-9]+: error: "));
}

}  // namespace
}  // namespace polarity::testing
