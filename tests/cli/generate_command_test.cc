// End-to-end tests of `polarity generate` through the built binary: the world it writes
// checks and runs, the same options give the same bytes, bad flags exit 64 and an existing
// file exits 73 unless --force.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/cli_test_util.h"

namespace polarity::testing {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using GenerateCommand = ScratchTest;

TEST_F(GenerateCommand, WritesAWorldThatChecksAndRuns) {
  CommandResult r = Polarity("generate --actors 60 --ties-per-actor 4 --seed 3 -o world.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty()) << "the summary goes to stderr: " << r.out;
  EXPECT_THAT(r.err, HasSubstr("polarity: generated 60 actors, 120 ties (mean degree 4; 96 local, 24 long-range)"));
  EXPECT_THAT(r.err, HasSubstr("wrote world.yaml ("));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  const std::string yaml = ReadText(scratch_ / "world.yaml");
  EXPECT_THAT(r.err, HasSubstr("(" + std::to_string(yaml.size()) + " bytes)"));
  EXPECT_THAT(yaml, StartsWith("schema: polarity/scenario 1\n"));
  EXPECT_THAT(yaml, HasSubstr("\nnetwork: {sparse: true, reach_factor: 0}\n"));
  EXPECT_THAT(yaml, HasSubstr("time: {start: 2025, dt: 0.25, ticks: 40}\n"));
  for (const auto& entry : fs::directory_iterator(scratch_)) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".tmp-")));
  }

  r = Polarity("check world.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("actors: 60 (G0001, G0002,"));
  EXPECT_THAT(r.out, HasSubstr("relations: 120 (120 symmetric, 0 directed)"));

  r = Polarity("run world.yaml --ticks 5 -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("1 run (1 ok, 0 failed)"));
  EXPECT_TRUE(fs::exists(scratch_ / "out" / "outcomes.csv"));
  EXPECT_TRUE(fs::exists(scratch_ / "out" / "manifest.json"));
}

TEST_F(GenerateCommand, TicksLongRangeShareAndDyadsReachTheFile) {
  const CommandResult r = Polarity(
      "generate --actors 20 --ties-per-actor 2 --seed 1 --ticks 7 --long-range-share 0 --dyads -o w.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("20 ties (mean degree 2; 20 local, 0 long-range)"));
  const std::string yaml = ReadText(scratch_ / "w.yaml");
  EXPECT_THAT(yaml, HasSubstr("ticks: 7}"));
  EXPECT_THAT(yaml, HasSubstr("long_range_share 0;"));
  EXPECT_THAT(yaml, ::testing::Not(HasSubstr("dyads: false")));
  const CommandResult plain = Polarity("generate --actors 20 --ties-per-actor 2 --seed 1 -o -");
  EXPECT_THAT(plain.out, HasSubstr("outputs: {dyads: false}\n"));
}

TEST_F(GenerateCommand, SameOptionsSameBytesAndStdoutMatchesTheFile) {
  const std::string args = "generate --actors 200 --ties-per-actor 6 --seed 9";
  ASSERT_EQ(Polarity(args + " -o a.yaml").exit_code, 0);
  ASSERT_EQ(Polarity(args + " -o b.yaml").exit_code, 0);
  ASSERT_EQ(Polarity("generate --actors 200 --ties-per-actor 6 --seed 10 -o c.yaml").exit_code, 0);
  const std::string a = ReadText(scratch_ / "a.yaml");
  EXPECT_FALSE(a.empty());
  EXPECT_EQ(a, ReadText(scratch_ / "b.yaml"));
  EXPECT_NE(a, ReadText(scratch_ / "c.yaml"));
  const CommandResult r = Polarity(args + " -o -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, a);
  EXPECT_THAT(r.err, HasSubstr("wrote stdout ("));
}

TEST_F(GenerateCommand, BadFlagsExit64AndWriteNothing) {
  const std::string o = " -o w.yaml";
  const std::pair<std::string, std::string> cases[] = {
      {"generate --ties-per-actor 2 --seed 1" + o, "--actors is required"},
      {"generate --actors 10 --seed 1" + o, "--ties-per-actor is required"},
      {"generate --actors 10 --ties-per-actor 2" + o, "--seed is required"},
      {"generate --actors 10 --ties-per-actor 2 --seed 1", "--output is required"},
      {"generate --actors 1 --ties-per-actor 1 --seed 1" + o, "actors = 1 is out of range"},
      {"generate --actors 10 --ties-per-actor 0 --seed 1" + o, "ties_per_actor = 0 is out of range"},
      {"generate --actors 10 --ties-per-actor 10 --seed 1" + o, "must be in [1, actors - 1 = 9]"},
      {"generate --actors 5 --ties-per-actor 3 --seed 1" + o, "actors x ties_per_actor = 15 is odd"},
      {"generate --actors ten --ties-per-actor 2 --seed 1" + o, "--actors"},
      {"generate --actors 10 --ties-per-actor 2 --seed -1" + o, "--seed"},
      {"generate --actors 10 --ties-per-actor 2 --seed 1 --ticks -1" + o, "ticks = -1 is out of range"},
      {"generate --actors 10 --ties-per-actor 2 --seed 1 --long-range-share 1.5" + o, "long_range_share = 1.5"},
      {"generate --actors 10 --ties-per-actor 2 --seed 1 --bogus" + o, "--bogus"},
  };
  for (const auto& [args, message] : cases) {
    const CommandResult r = Polarity(args);
    EXPECT_EQ(r.exit_code, 64) << args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(message)) << args;
    EXPECT_FALSE(fs::exists(scratch_ / "w.yaml")) << args;
  }
}

TEST_F(GenerateCommand, ExistingFileExits73UnlessForce) {
  std::ofstream(scratch_ / "w.yaml") << "keep me\n";
  CommandResult r = Polarity("generate --actors 10 --ties-per-actor 2 --seed 1 -o w.yaml");
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_THAT(r.err, HasSubstr("w.yaml: exists (use --force to replace it)"));
  EXPECT_EQ(ReadText(scratch_ / "w.yaml"), "keep me\n");

  r = Polarity("generate --actors 10 --ties-per-actor 2 --seed 1 -o w.yaml --force");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(ReadText(scratch_ / "w.yaml"), StartsWith("schema: polarity/scenario 1\n"));

  fs::create_directories(scratch_ / "dir");
  r = Polarity("generate --actors 10 --ties-per-actor 2 --seed 1 -o dir --force");
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_THAT(r.err, HasSubstr("is a directory"));

  r = Polarity("generate --actors 10 --ties-per-actor 2 --seed 1 -o no/such/dir/w.yaml");
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_THAT(r.err, HasSubstr("cannot create"));
}

}  // namespace
}  // namespace polarity::testing
