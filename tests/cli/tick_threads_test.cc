// `polarity run` of one large dense world: with more threads than runs, the spare threads
// split the tick's N^3 products (core/exact_product.h). The bytes must not change.

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"
#include "core/exact_product.h"

namespace polarity {
namespace {

using ::testing::HasSubstr;
using testing::CommandResult;
using testing::ReadText;

class TickThreads : public testing::ScratchTest {};


TEST_F(TickThreads, OneLargeDenseRunGivesTheSameBytesOnOneAndTwoThreads) {
  // N = 180: N^3 is past the split threshold.
  ASSERT_GE(180.0 * 180.0 * 180.0, ExactProducts::kParallelMinFlops);
  CommandResult r = Polarity("generate --actors 180 --ties-per-actor 6 --seed 4 --ticks 10 -o world.yaml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string world = ReadText(scratch_ / "world.yaml");
  const std::size_t sparse = world.find("sparse: true");
  ASSERT_NE(sparse, std::string::npos);
  world.replace(sparse, 12, "sparse: false");  // the same world, every pair a dyad
  std::ofstream(scratch_ / "dense.yaml") << world;
  const auto one = RunOnOneAndTwoThreads("run dense.yaml --set parameters.deterrence.base_rate=2");
  ASSERT_FALSE(HasFailure());
  ASSERT_GE(one.size(), 3u);
  EXPECT_THAT(one.at("events.csv"), HasSubstr("crisis_start"));  // the onset product ran
  // Not vacuous: one run, two threads kept (the spare one goes to the tick).
  const auto manifest = nlohmann::json::parse(ReadText(scratch_ / "two" / "manifest.json"));
  EXPECT_EQ(manifest["replications"], 1);
  EXPECT_EQ(manifest["threads"], 2);
}

}  // namespace
}  // namespace polarity
