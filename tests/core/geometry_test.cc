// Distances and proximity (docs/model.md): d from capitals by great circle on a
// sphere of radius 6371 km unless a relation gives distance_km; π_ij = exp(-d_ij / R_j)
// (how well j reaches i), π_ii = 1.

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

#include "core/scenario_builder.h"
#include "polarity/model.h"

namespace polarity {
namespace {

using testing::IndexOf;
using testing::ScenarioBuilder;
using testing::V;

TEST(GreatCircle, KnownCityPairsWithinHalfAPercent) {
  // Commonly cited great-circle distances: London-Paris 344 km, New York-London 5570 km,
  // Beijing-Washington 11150 km.
  EXPECT_NEAR(GreatCircleKm(51.5074, -0.1278, 48.8566, 2.3522), 344.0, 0.005 * 344.0);
  EXPECT_NEAR(GreatCircleKm(40.7128, -74.0060, 51.5074, -0.1278), 5570.0, 0.005 * 5570.0);
  EXPECT_NEAR(GreatCircleKm(39.9042, 116.4074, 38.9072, -77.0369), 11150.0, 0.005 * 11150.0);
}

TEST(GreatCircle, AgreesWithSphericalLawOfCosinesAndIsSymmetric) {
  // An independent formula on the same sphere: d = R acos(sin φ1 sin φ2 + cos φ1 cos φ2 cos Δλ).
  constexpr double kRad = std::numbers::pi / 180.0;
  const double pairs[][4] = {{35.7, 139.7, 37.6, 127.0}, {-33.9, 151.2, 35.7, 139.7},
                             {55.8, 37.6, 38.9, -77.0},  {-23.5, -46.6, 1.35, 103.8},
                             {64.1, -21.9, -41.3, 174.8}};
  for (const auto& p : pairs) {
    const double cosine = std::sin(p[0] * kRad) * std::sin(p[2] * kRad) +
                          std::cos(p[0] * kRad) * std::cos(p[2] * kRad) * std::cos((p[3] - p[1]) * kRad);
    const double expected = 6371.0 * std::acos(std::fmax(-1.0, std::fmin(1.0, cosine)));
    EXPECT_NEAR(GreatCircleKm(p[0], p[1], p[2], p[3]), expected, 1e-6 * expected);
    EXPECT_DOUBLE_EQ(GreatCircleKm(p[0], p[1], p[2], p[3]), GreatCircleKm(p[2], p[3], p[0], p[1]));
  }
  EXPECT_EQ(GreatCircleKm(12.0, 34.0, 12.0, 34.0), 0.0);
  EXPECT_NEAR(GreatCircleKm(0.0, 0.0, 0.0, 180.0), std::numbers::pi * 6371.0, 1e-6);
  EXPECT_NEAR(GreatCircleKm(0.0, 0.0, 1.0, 0.0), std::numbers::pi * 6371.0 / 180.0, 1e-9);
}

TEST(Proximity, IsExpOfMinusDistanceOverTheReachOfTheThreateningActor) {
  ScenarioBuilder b;
  b.Actor("TOK", 5000.0, 50.0, 35.68, 139.69).reach_km = V(3000.0);
  b.Actor("SEO", 1800.0, 45.0, 37.57, 126.98).reach_km = V(1500.0);
  b.Actor("WAS", 25000.0, 800.0, 38.91, -77.04).reach_km = V(12000.0);
  b.Between("SEO", "WAS").distance_km = V(9000.0);  // given: overrides the capitals
  const Model model = CompileModel(b.scenario());
  const int tok = IndexOf(model, "TOK"), seo = IndexOf(model, "SEO"), was = IndexOf(model, "WAS");
  const State& s = model.initial;
  const double d_ts = GreatCircleKm(35.68, 139.69, 37.57, 126.98);
  EXPECT_DOUBLE_EQ(model.distance_km(tok, seo), d_ts);
  EXPECT_DOUBLE_EQ(model.distance_km(seo, tok), d_ts);
  EXPECT_EQ(model.distance_km(seo, was), 9000.0);
  EXPECT_EQ(model.distance_km(was, seo), 9000.0);
  EXPECT_DOUBLE_EQ(s.proximity(tok, seo), std::exp(-d_ts / 1500.0));   // SEO reaching TOK
  EXPECT_DOUBLE_EQ(s.proximity(seo, tok), std::exp(-d_ts / 3000.0));   // TOK reaching SEO
  EXPECT_DOUBLE_EQ(s.proximity(seo, was), std::exp(-9000.0 / 12000.0));
  EXPECT_DOUBLE_EQ(s.proximity(was, seo), std::exp(-9000.0 / 1500.0));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(s.proximity(i, i), 1.0);
}

TEST(Proximity, DefaultReachIs2000Km) {
  ScenarioBuilder b;
  b.Actor("A", 1000.0, 10.0, 0.0, 0.0);
  b.Actor("B", 1000.0, 10.0, 0.0, 10.0);
  const Model model = CompileModel(b.scenario());
  EXPECT_EQ(model.initial.reach_km(0), 2000.0);
  EXPECT_DOUBLE_EQ(model.initial.proximity(0, 1), std::exp(-GreatCircleKm(0.0, 0.0, 0.0, 10.0) / 2000.0));
}

}  // namespace
}  // namespace polarity
