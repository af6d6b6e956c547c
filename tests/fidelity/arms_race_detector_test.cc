// Issue 5, item 6: the arms-race detector on synthetic series whose races are known by
// construction, and on engine runs of the MODEL.md 4.1 Richardson limit (runaway: a race;
// at a stable equilibrium: none).

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "analysis/arms_race_detector.h"
#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using analysis::ArmsRace;
using analysis::ArmsRaceOptions;
using analysis::DetectArmsRaces;
using analysis::DyadMask;

// Annual series of n actors at 100, where actor a grows by `rate` in the years listed
// (growth in year r means m(r) = m(r-1) (1 + rate)).
Eigen::MatrixXd Annual(int years, int n, const std::vector<std::vector<int>>& growth_years,
                       double rate) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Constant(years, n, 100.0);
  for (int a = 0; a < n; ++a) {
    for (int r = 1; r < years; ++r) {
      m(r, a) = m(r - 1, a);
      for (const int g : growth_years[static_cast<std::size_t>(a)]) {
        if (g == r) m(r, a) *= 1.0 + rate;
      }
    }
  }
  return m;
}

TEST(ArmsRaceDetector, JointGrowthForFiveYearsIsOneRace) {
  // Both grow 10 % a year in years 3..7 of 0..11: the build-up runs from row 2 to row 7.
  const Eigen::MatrixXd m = Annual(12, 2, {{3, 4, 5, 6, 7}, {3, 4, 5, 6, 7}}, 0.10);
  const std::vector<ArmsRace> races = DetectArmsRaces(m, 1.0);
  ASSERT_EQ(races.size(), 1u);
  EXPECT_EQ(races[0].i, 0);
  EXPECT_EQ(races[0].j, 1);
  EXPECT_EQ(races[0].start_tick, 2);
  EXPECT_EQ(races[0].end_tick, 7);
  EXPECT_DOUBLE_EQ(races[0].years, 5.0);
  EXPECT_NEAR(races[0].growth_i, 0.10, 1e-12);
  EXPECT_NEAR(races[0].growth_j, 0.10, 1e-12);
}

TEST(ArmsRaceDetector, OneSidedGrowthIsNotARace) {
  const Eigen::MatrixXd m = Annual(12, 2, {{1, 2, 3, 4, 5, 6, 7, 8}, {}}, 0.20);
  EXPECT_TRUE(DetectArmsRaces(m, 1.0).empty());
}

TEST(ArmsRaceDetector, GrowthBelowTheThresholdIsNotARace) {
  const Eigen::MatrixXd slow = Annual(10, 2, {{1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}}, 0.07);
  EXPECT_TRUE(DetectArmsRaces(slow, 1.0).empty());
  ArmsRaceOptions low;
  low.threshold = 0.05;
  EXPECT_EQ(DetectArmsRaces(slow, 1.0, low).size(), 1u);
}

TEST(ArmsRaceDetector, JointGrowthMustLastTheMinimumYears) {
  // Overlap of two years (4, 5) is too short; of three years (4, 5, 6) is a race.
  const Eigen::MatrixXd two = Annual(10, 2, {{2, 3, 4, 5}, {4, 5, 6, 7}}, 0.10);
  EXPECT_TRUE(DetectArmsRaces(two, 1.0).empty());
  const Eigen::MatrixXd three = Annual(10, 2, {{2, 3, 4, 5, 6}, {4, 5, 6, 7}}, 0.10);
  const auto races = DetectArmsRaces(three, 1.0);
  ASSERT_EQ(races.size(), 1u);
  EXPECT_EQ(races[0].start_tick, 3);
  EXPECT_EQ(races[0].end_tick, 6);
}

TEST(ArmsRaceDetector, AnInterruptionSplitsARace) {
  // Joint growth in 1-3 and 5-8, a flat year 4 between: two races.
  const Eigen::MatrixXd m = Annual(10, 2, {{1, 2, 3, 5, 6, 7, 8}, {1, 2, 3, 5, 6, 7, 8}}, 0.12);
  const auto races = DetectArmsRaces(m, 1.0);
  ASSERT_EQ(races.size(), 2u);
  EXPECT_EQ(races[0].start_tick, 0);
  EXPECT_EQ(races[0].end_tick, 3);
  EXPECT_EQ(races[1].start_tick, 4);
  EXPECT_EQ(races[1].end_tick, 8);
}

TEST(ArmsRaceDetector, OnlyTheRacingDyadOfThreeIsReportedAndMasksApply) {
  const Eigen::MatrixXd m = Annual(10, 3, {{1, 2, 3, 4}, {}, {1, 2, 3, 4}}, 0.15);
  const auto races = DetectArmsRaces(m, 1.0);
  ASSERT_EQ(races.size(), 1u);
  EXPECT_EQ(races[0].i, 0);
  EXPECT_EQ(races[0].j, 2);
  DyadMask mask = DyadMask::Constant(3, 3, true);
  mask(0, 2) = mask(2, 0) = false;  // e.g. allies: not a rivalry
  EXPECT_TRUE(DetectArmsRaces(m, 1.0, {}, mask).empty());
  mask(2, 0) = true;  // one direction suffices
  EXPECT_EQ(DetectArmsRaces(m, 1.0, {}, mask).size(), 1u);
  EXPECT_THROW(DetectArmsRaces(m, 1.0, {}, DyadMask::Constant(2, 2, true)), std::invalid_argument);
}

TEST(ArmsRaceDetector, QuarterlyExponentialGrowthIsMeasuredOverATrailingYear) {
  // dt = 0.25; both grow continuously at 10 % a year from year 2 to year 6 (ticks 8..24),
  // flat otherwise, 40 ticks. Trailing-year growth is >= 8 % from tick 12 to tick 24 with
  // w = 4; the build-up runs from tick 8 to tick 24, 4 years.
  const int ticks = 40;
  Eigen::MatrixXd m(ticks, 2);
  for (int t = 0; t < ticks; ++t) {
    const double years_growing = std::clamp(0.25 * t - 2.0, 0.0, 4.0);
    m(t, 0) = 50.0 * std::pow(1.10, years_growing);
    m(t, 1) = 80.0 * std::pow(1.10, years_growing);
  }
  const auto races = DetectArmsRaces(m, 0.25);
  ASSERT_EQ(races.size(), 1u);
  EXPECT_EQ(races[0].start_tick, 8);
  EXPECT_EQ(races[0].end_tick, 24);
  EXPECT_DOUBLE_EQ(races[0].years, 4.0);
  EXPECT_NEAR(races[0].growth_i, 0.10, 1e-12);
  // A build-up shorter than 3 years at quarterly resolution is not a race.
  for (int t = 0; t < ticks; ++t) {
    const double years_growing = std::clamp(0.25 * t - 2.0, 0.0, 2.5);
    m(t, 0) = 50.0 * std::pow(1.10, years_growing);
    m(t, 1) = 80.0 * std::pow(1.10, years_growing);
  }
  EXPECT_TRUE(DetectArmsRaces(m, 0.25).empty());
}

TEST(ArmsRaceDetector, NonPositiveSpendingIsNotGrowthAndBadInputIsRefused) {
  Eigen::MatrixXd m = Annual(8, 2, {{1, 2, 3, 4}, {1, 2, 3, 4}}, 0.2);
  m.col(1).head(3).setZero();  // growth from 0 is undefined: not counted
  const auto races = DetectArmsRaces(m, 1.0);
  ASSERT_EQ(races.size(), 0u);
  ArmsRaceOptions bad;
  bad.min_years = 0.0;
  std::string error;
  EXPECT_FALSE(bad.IsValid(&error));
  EXPECT_NE(error.find("min_years"), std::string::npos);
  EXPECT_THROW(DetectArmsRaces(m, 1.0, bad), std::invalid_argument);
  EXPECT_THROW(DetectArmsRaces(m, 0.0), std::invalid_argument);
}

// --- on engine runs ---

// Milex of every tick (rows: ticks 0..ticks) of the MODEL.md 4.1 limit with dt = 0.25.
Eigen::MatrixXd RichardsonRun(double k, double alpha, double g, double m0, int ticks) {
  const double dt = 0.25;
  testing::ScenarioBuilder b;
  b.Domains({"force"}).Time(2000.0, dt, ticks);
  b.scenario().depreciation_by_domain["force"] = 1.0 / dt;
  for (const char* id : {"X", "Y"}) {
    ActorSpec& a = b.Actor(id, 1e6, m0, 10.0, 20.0);
    a.reach_km = testing::V(1e12);
    a.burden_cap = testing::V(0.0);
    a.milex_floor = testing::V(0.0);
    a.efficiency = testing::V(1.0 / dt);
    a.reactivity = testing::V(k);
    a.fatigue = testing::V(alpha);
    a.grievance = testing::V(g);
    a.capability["force"] = testing::V(m0);
    a.allocation["force"] = testing::V(1.0);
    a.concern["force"] = testing::V(1.0);
  }
  b.Between("X", "Y").stance = testing::V(-1.0);
  testing::SetAllMechanisms(b.params(), false);
  b.params().arms_race.enabled = true;
  b.params().capability.enabled = true;
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  Eigen::MatrixXd milex(ticks + 1, 2);
  milex.row(0) = sim.state().milex.transpose();
  for (int t = 1; t <= ticks; ++t) {
    EXPECT_TRUE(sim.Step().ok);
    milex.row(t) = sim.state().milex.transpose();
  }
  return milex;
}

TEST(ArmsRaceDetector, FindsTheRaceOfARunawayRichardsonRunAndNoneAtAStableEquilibrium) {
  // Runaway: k = 0.3 > α = 0.1, symmetric; spending grows at rate k - α = 0.2 a year.
  const auto runaway = DetectArmsRaces(RichardsonRun(0.3, 0.1, 1.0, 10.0, 40), 0.25);
  ASSERT_EQ(runaway.size(), 1u);
  EXPECT_EQ(runaway[0].start_tick, 0);
  EXPECT_EQ(runaway[0].end_tick, 40);
  EXPECT_GT(runaway[0].growth_i, 0.15);
  // Stable, started at its equilibrium x* = g / (α - k) = 1 / (0.3 - 0.1) = 5: flat, no race.
  const auto stable = DetectArmsRaces(RichardsonRun(0.1, 0.3, 1.0, 5.0, 40), 0.25);
  EXPECT_TRUE(stable.empty());
}

}  // namespace
}  // namespace polarity
