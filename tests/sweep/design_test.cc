#include "sweep/design.h"

#include <algorithm>
#include <set>

#include <gtest/gtest.h>

namespace polarity::sweep {
namespace {

TEST(SteppedValues, AreComputedAsFirstPlusIStepSoFloatStepsNeverDrift) {
  const std::vector<double> v = SteppedValues(0.04, 0.04, 0.2);
  ASSERT_EQ(v.size(), 5u);  // 0.04, 0.08, 0.12, 0.16, 0.2: the last is included
  for (std::size_t i = 0; i < v.size(); ++i) EXPECT_EQ(v[i], 0.04 + static_cast<double>(i) * 0.04);
  // 0.1 stepped 100 times by accumulation ends at 10.000000000000018; by first + i step at 10.
  const std::vector<double> w = SteppedValues(0.0, 0.1, 10.0);
  ASSERT_EQ(w.size(), 101u);
  EXPECT_EQ(w.back(), 100 * 0.1);
}

TEST(SteppedValues, NegativeStepsAndEmptyRanges) {
  EXPECT_EQ(SteppedValues(1.0, -0.5, 0.0), (std::vector<double>{1.0, 0.5, 0.0}));
  EXPECT_TRUE(SteppedValues(1.0, 0.5, 0.0).empty());
  EXPECT_TRUE(SteppedValues(1.0, 0.0, 2.0).empty());
}

TEST(GridDesign, IsTheCartesianProductWithTheLastAxisFastest) {
  std::vector<Axis> axes(2);
  axes[0].path = "a";
  axes[0].values = {1, 2};
  axes[1].path = "b";
  axes[1].values = {10, 20, 30};
  const Design d = GridDesign(axes);
  ASSERT_EQ(d.points.size(), 6u);
  EXPECT_EQ(d.paths, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(d.points[0], (std::vector<double>{1, 10}));
  EXPECT_EQ(d.points[1], (std::vector<double>{1, 20}));
  EXPECT_EQ(d.points[3], (std::vector<double>{2, 10}));
  EXPECT_EQ(d.points[5], (std::vector<double>{2, 30}));
}

TEST(GridDesign, WithoutAxesHasOnePoint) {
  EXPECT_EQ(GridDesign({}).points.size(), 1u);
}

std::vector<Axis> Intervals() {
  std::vector<Axis> axes(3);
  axes[0] = Axis{"x", {}, 0.0, 1.0, true, {}};
  axes[1] = Axis{"y", {}, -5.0, 5.0, true, {}};
  axes[2] = Axis{"z", {}, 100.0, 100.5, true, {}};
  return axes;
}

TEST(LatinHypercube, PutsExactlyOnePointInEveryStratumOfEveryAxis) {
  const std::vector<Axis> axes = Intervals();
  for (const int samples : {1, 7, 50}) {
    const Design d = LatinHypercubeDesign(axes, samples, 42);
    ASSERT_EQ(d.points.size(), static_cast<std::size_t>(samples));
    for (std::size_t a = 0; a < axes.size(); ++a) {
      std::set<int> strata;
      for (const auto& p : d.points) {
        const double u = (p[a] - axes[a].min) / (axes[a].max - axes[a].min);
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        strata.insert(static_cast<int>(u * samples));
      }
      EXPECT_EQ(strata.size(), static_cast<std::size_t>(samples)) << "axis " << a;
    }
  }
}

TEST(LatinHypercube, IsAPureFunctionOfTheSeed) {
  const std::vector<Axis> axes = Intervals();
  EXPECT_EQ(LatinHypercubeDesign(axes, 20, 7).points, LatinHypercubeDesign(axes, 20, 7).points);
  EXPECT_NE(LatinHypercubeDesign(axes, 20, 7).points, LatinHypercubeDesign(axes, 20, 8).points);
}

TEST(RandomDesign, StaysInsideTheIntervalsAndDependsOnlyOnTheSeed) {
  const std::vector<Axis> axes = Intervals();
  const Design d = RandomDesign(axes, 200, 3);
  ASSERT_EQ(d.points.size(), 200u);
  double mean_x = 0;
  for (const auto& p : d.points) {
    for (std::size_t a = 0; a < axes.size(); ++a) {
      EXPECT_GE(p[a], axes[a].min);
      EXPECT_LE(p[a], axes[a].max);
    }
    mean_x += p[0] / 200.0;
  }
  // Uniform on [0,1]: the mean of 200 draws has sd 0.29/sqrt(200) = 0.02; 5 sd is 0.1.
  EXPECT_NEAR(mean_x, 0.5, 0.1);
  EXPECT_EQ(d.points, RandomDesign(axes, 200, 3).points);
}

TEST(DesignCsv, ReadsPathsAndRows) {
  Diagnostics d;
  Design design;
  ASSERT_TRUE(ParseDesignCsv("parameters.alliance.rate,seed\n0.1,1\n0.2,2\n", "f.csv", &design, d));
  EXPECT_EQ(design.paths, (std::vector<std::string>{"parameters.alliance.rate", "seed"}));
  EXPECT_EQ(design.points, (std::vector<std::vector<double>>{{0.1, 1}, {0.2, 2}}));
}

TEST(DesignCsv, ReportsLineAndColumnOfABadNumber) {
  Diagnostics d;
  Design design;
  EXPECT_FALSE(ParseDesignCsv("a,b\n1,2\n3,x\n4\n", "f.csv", &design, d));
  ASSERT_EQ(d.ErrorCount(), 2);
  EXPECT_EQ(d.items[0].Format(), "f.csv:3:3: error: 'x' is not a finite number (column 'b')");
  EXPECT_EQ(d.items[1].where.line, 4);
}

}  // namespace
}  // namespace polarity::sweep
