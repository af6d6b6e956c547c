#include "sweep/point_summary.h"

#include <cmath>

#include <gtest/gtest.h>

namespace polarity::sweep {
namespace {

TEST(Summarise, MatchesNumpyDefaults) {
  // numpy: mean 3.0, std(ddof=1) 1.5811388300841898, percentile([1..5], 5) = 1.2, 50 -> 3, 95 -> 4.8
  const OutcomeStats s = Summarise({5, 1, 4, 2, 3});
  EXPECT_DOUBLE_EQ(s.mean, 3.0);
  EXPECT_DOUBLE_EQ(s.sd, 1.5811388300841898);
  EXPECT_DOUBLE_EQ(s.p05, 1.2);
  EXPECT_DOUBLE_EQ(s.p50, 3.0);
  EXPECT_DOUBLE_EQ(s.p95, 4.8);
  EXPECT_EQ(s.n, 5);
}

TEST(Summarise, IgnoresUndefinedValuesAndNeedsTwoForASd) {
  const OutcomeStats s = Summarise({NAN, 2.0});
  EXPECT_EQ(s.n, 1);
  EXPECT_EQ(s.mean, 2.0);
  EXPECT_TRUE(std::isnan(s.sd));
  EXPECT_TRUE(std::isnan(Summarise({}).mean));
}

TEST(BuildPointsCsv, GroupsRunsByPointAndCountsFailures) {
  const std::string outcomes =
      "run_id,point,replication,seed,a,y,status\n"
      "0,0,0,7,0.5,1,ok\n"
      "1,0,1,7,0.5,3,ok\n"
      "2,1,0,7,1,,ok\n"
      "3,1,1,7,1,,\"failed: run 3, tick 2, actor X, variable milex: non-finite value\"\n";
  std::string points, error;
  ASSERT_TRUE(BuildPointsCsv(outcomes, {"a"}, {"y"}, &points, &error)) << error;
  EXPECT_EQ(points,
            "point,a,runs_ok,runs_failed,y_mean,y_sd,y_p05,y_p50,y_p95\n"
            "0,0.5,2,0,2,1.4142135623730951,1.1,2,2.9\n"
            "1,1,1,1,,,,,\n");
}

}  // namespace
}  // namespace polarity::sweep
