// Issue 5, item 4: landscape theory (Axelrod & Bennett 1993). Energy and frustration on
// cases counted by hand, energy falling under myopic switching, and exhaustive search and
// dynamics agreeing on small hand-built cases.

#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include <Eigen/Core>
#include <Random123/philox.h>
#include <Random123/uniform.hpp>
#include <gtest/gtest.h>

#include "analysis/landscape.h"
#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using analysis::Canonical;
using analysis::Configuration;
using analysis::Energy;
using analysis::ExhaustiveSearch;
using analysis::ExhaustiveSearchResult;
using analysis::Frustration;
using analysis::IsLocalMinimum;
using analysis::Landscape;
using analysis::LandscapeMinimum;
using analysis::MyopicResult;
using analysis::MyopicSearch;
using analysis::MyopicSwitching;
using analysis::SwitchOrder;

// A random landscape from Philox4x64-10 keyed (seed, n): sizes in (0, 1], propensities
// uniform in [-1, 1], symmetric.
Landscape RandomLandscape(int n, std::uint64_t seed) {
  using Philox = r123::Philox4x64;
  const Philox::key_type key = {{seed, static_cast<std::uint64_t>(n)}};
  const auto u = [&](std::uint64_t a, std::uint64_t b) {
    return r123::u01<double>(Philox()({{a, b, 0, 0}}, key)[0]);
  };
  Landscape l;
  l.size.resize(n);
  l.propensity = Eigen::MatrixXd::Zero(n, n);
  for (int i = 0; i < n; ++i) {
    l.size(i) = u(static_cast<std::uint64_t>(i), 1000000);
    for (int j = i + 1; j < n; ++j) {
      l.propensity(i, j) = l.propensity(j, i) = 2.0 * u(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(j)) - 1.0;
    }
  }
  return l;
}

// Every configuration of n actors with actor 0 on side 0, in binary order.
std::vector<Configuration> AllConfigurations(int n) {
  std::vector<Configuration> all;
  for (std::uint64_t bits = 0; bits < (std::uint64_t{1} << (n - 1)); ++bits) {
    Configuration c(static_cast<std::size_t>(n), 0);
    for (int i = 1; i < n; ++i) c[static_cast<std::size_t>(i)] = static_cast<int>((bits >> (i - 1)) & 1);
    all.push_back(c);
  }
  return all;
}

std::set<Configuration> SidesOf(const std::vector<LandscapeMinimum>& minima) {
  std::set<Configuration> out;
  for (const auto& m : minima) out.insert(m.sides);
  return out;
}

// --- hand-counted cases ---

// Three actors of sizes 1, 2, 3; p_01 = 1, p_02 = -1, p_12 = 0.5. Configuration {0 | 1, 2}:
// d_01 = d_02 = 1, d_12 = 0. E = s0 s1 p01 + s0 s2 p02 = 2 - 3 = -1.
// F_0 = s1 p01 + s2 p02 = 2 - 3 = -1; F_1 = s0 p01 = 1; F_2 = s0 p02 = -1.
// ½ Σ s_i F_i = ½ (-1 + 2 - 3) = -1 = E.
TEST(Landscape, EnergyAndFrustrationOfAHandCountedCase) {
  Landscape l;
  l.size = Eigen::Vector3d(1, 2, 3);
  l.propensity = (Eigen::Matrix3d() << 0, 1, -1, 1, 0, 0.5, -1, 0.5, 0).finished();
  const Configuration x = {0, 1, 1};
  EXPECT_DOUBLE_EQ(Energy(l, x), -1.0);
  const Eigen::VectorXd f = Frustration(l, x);
  EXPECT_DOUBLE_EQ(f(0), -1.0);
  EXPECT_DOUBLE_EQ(f(1), 1.0);
  EXPECT_DOUBLE_EQ(f(2), -1.0);
  EXPECT_DOUBLE_EQ(0.5 * l.size.dot(f), Energy(l, x));
  // Everyone together: no distance, no energy, no frustration.
  EXPECT_DOUBLE_EQ(Energy(l, {0, 0, 0}), 0.0);
  EXPECT_DOUBLE_EQ(Frustration(l, {1, 1, 1}).norm(), 0.0);
  // Switching actor 1 to side 0 gives {0, 1 | 2}: E = s0 s2 p02 + s1 s2 p12 = -3 + 3 = 0.
  EXPECT_DOUBLE_EQ(analysis::SwitchEnergyChange(l, x, 1), 0.0 - (-1.0));
  // The exchange of sides changes nothing.
  EXPECT_DOUBLE_EQ(Energy(l, {1, 0, 0}), Energy(l, x));
}

// Three mutual enemies of equal size: all together E = 0; any 2-1 split E = -2 (two cross
// pairs at p = -1); so the three 2-1 splits are the local (and global) minima, each with the
// pair on one side frustrated by 1 (its partner) and the lone actor by -2.
TEST(Landscape, ThreeMutualEnemiesHaveThreeFrustratedMinima) {
  Landscape l;
  l.size = Eigen::Vector3d::Ones();
  l.propensity = Eigen::Matrix3d::Constant(-1.0);
  l.propensity.diagonal().setZero();
  const ExhaustiveSearchResult r = ExhaustiveSearch(l);
  EXPECT_EQ(r.configurations, 4u);
  ASSERT_EQ(r.local_minima.size(), 3u);
  for (const auto& m : r.local_minima) EXPECT_DOUBLE_EQ(m.energy, -2.0);
  EXPECT_EQ(SidesOf(r.local_minima),
            (std::set<Configuration>{{0, 0, 1}, {0, 1, 0}, {0, 1, 1}}));
  const Eigen::VectorXd f = Frustration(l, {0, 0, 1});
  EXPECT_DOUBLE_EQ(f(0), -1.0);  // apart from 2 (p = -1), with 1 (d = 0)
  EXPECT_DOUBLE_EQ(f(2), -2.0);
}

// Two clear groups, friends within (p = +1) and enemies across (p = -1): the split is the
// unique minimum, E = -(Σ_cross s_i s_j), and myopic switching reaches it from every start.
TEST(Landscape, TwoGroupsSplitIsTheOnlyMinimumAndEveryStartFindsIt) {
  const int n = 7;
  const std::vector<int> group = {0, 0, 0, 1, 1, 1, 1};
  Landscape l;
  l.size = (Eigen::VectorXd(n) << 3, 1, 2, 2, 1, 1, 4).finished();
  l.propensity = Eigen::MatrixXd::Zero(n, n);
  double cross = 0.0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      const bool same = group[static_cast<std::size_t>(i)] == group[static_cast<std::size_t>(j)];
      l.propensity(i, j) = same ? 1.0 : -1.0;
      if (!same && i < j) cross += l.size(i) * l.size(j);
    }
  }
  const ExhaustiveSearchResult r = ExhaustiveSearch(l);
  ASSERT_EQ(r.local_minima.size(), 1u);
  EXPECT_EQ(r.local_minima[0].sides, Configuration(group.begin(), group.end()));
  EXPECT_DOUBLE_EQ(r.local_minima[0].energy, -cross);  // -(6 · 8) = -48
  for (const Configuration& start : AllConfigurations(n)) {
    for (const SwitchOrder order : {SwitchOrder::kSequential, SwitchOrder::kSteepest}) {
      const MyopicResult end = MyopicSwitching(l, start, order);
      ASSERT_TRUE(end.converged);
      EXPECT_EQ(end.sides, r.local_minima[0].sides);
    }
  }
}

// --- the dynamics ---

// Every switch lowers the energy (sizes > 0), the path ends at the energy of the end point,
// and the end point is a local minimum: random landscapes, N = 5..40, seeds 1..20.
TEST(Landscape, EnergyFallsMonotonicallyUnderMyopicSwitching) {
  int switches = 0;
  for (const int n : {5, 12, 40}) {
    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
      const Landscape l = RandomLandscape(n, seed);
      Configuration start(static_cast<std::size_t>(n));
      for (int i = 0; i < n; ++i) start[static_cast<std::size_t>(i)] = static_cast<int>((seed * 7 + static_cast<std::uint64_t>(i) * 3) % 2);
      for (const SwitchOrder order : {SwitchOrder::kSequential, SwitchOrder::kSteepest}) {
        const MyopicResult r = MyopicSwitching(l, start, order);
        ASSERT_TRUE(r.converged);
        ASSERT_EQ(r.energy_path.size(), r.switched.size() + 1);
        for (std::size_t t = 1; t < r.energy_path.size(); ++t) {
          EXPECT_LT(r.energy_path[t], r.energy_path[t - 1]) << "n " << n << " seed " << seed << " step " << t;
        }
        EXPECT_NEAR(r.energy_path.back(), r.energy, 1e-9 * std::max(1.0, std::abs(r.energy)));
        EXPECT_TRUE(IsLocalMinimum(l, r.sides));
        switches += static_cast<int>(r.switched.size());
      }
    }
  }
  EXPECT_GT(switches, 100);  // the test exercised the dynamics
}

// Exhaustive search and myopic switching agree: from every one of the 2^(N-1) starts the
// dynamics end in a local minimum the search lists, and every listed minimum is reached
// (a local minimum is a fixed point of the dynamics). Random landscapes N = 4..10, seeds 1..5;
// the energies and the local-minimum property are rechecked directly.
TEST(Landscape, ExhaustiveSearchAndDynamicsAgreeOnSmallCases) {
  for (const int n : {4, 6, 8, 10}) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      SCOPED_TRACE(::testing::Message() << "n " << n << " seed " << seed);
      const Landscape l = RandomLandscape(n, seed);
      const ExhaustiveSearchResult r = ExhaustiveSearch(l);
      ASSERT_FALSE(r.truncated);
      ASSERT_FALSE(r.local_minima.empty());
      // Brute force over every configuration: the global minimum and the set of minima.
      double best = INFINITY;
      std::set<Configuration> minima;
      for (const Configuration& c : AllConfigurations(n)) {
        best = std::min(best, Energy(l, c));
        if (IsLocalMinimum(l, c, 0.0)) minima.insert(c);
      }
      EXPECT_DOUBLE_EQ(r.local_minima[0].energy, best);
      EXPECT_EQ(SidesOf(r.local_minima), minima);
      for (const auto& m : r.local_minima) EXPECT_DOUBLE_EQ(m.energy, Energy(l, m.sides));

      std::set<Configuration> reached;
      for (const Configuration& start : AllConfigurations(n)) {
        const MyopicResult end = MyopicSwitching(l, start);
        ASSERT_TRUE(end.converged);
        reached.insert(end.sides);
        EXPECT_GE(end.energy, best - 1e-12);
      }
      EXPECT_EQ(reached, minima);
    }
  }
}

// N = 20 is searched exhaustively (2^19 configurations); random myopic starts find only
// local minima the search lists, including the global one. N = 21 is refused.
TEST(Landscape, TwentyActorsExhaustiveAndSeededMultiStartAgree) {
  const Landscape l = RandomLandscape(20, 7);
  const ExhaustiveSearchResult r = ExhaustiveSearch(l);
  EXPECT_EQ(r.configurations, std::uint64_t{1} << 19);
  ASSERT_FALSE(r.truncated);
  const std::set<Configuration> listed = SidesOf(r.local_minima);
  const std::vector<LandscapeMinimum> found = MyopicSearch(l, 200, /*seed=*/11);
  ASSERT_FALSE(found.empty());
  for (const auto& m : found) EXPECT_TRUE(listed.count(m.sides)) << "energy " << m.energy;
  EXPECT_EQ(found.front().sides, r.local_minima.front().sides);
  EXPECT_THROW(ExhaustiveSearch(RandomLandscape(21, 1)), std::invalid_argument);
}

// For N beyond exhaustive reach, the multi-start search returns distinct local minima sorted
// by energy, the same for the same seed.
TEST(Landscape, LargeLandscapeMultiStartIsDeterministicLocalMinima) {
  const Landscape l = RandomLandscape(60, 3);
  const auto a = MyopicSearch(l, 50, 5);
  const auto b = MyopicSearch(l, 50, 5);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    EXPECT_EQ(a[k].sides, b[k].sides);
    EXPECT_TRUE(IsLocalMinimum(l, a[k].sides));
    if (k > 0) {
      EXPECT_LE(a[k - 1].energy, a[k].energy);
    }
  }
}

TEST(Landscape, RejectsAsymmetricPropensity) {
  Landscape l;
  l.size = Eigen::Vector2d(1, 1);
  l.propensity = (Eigen::Matrix2d() << 0, 1, 0.5, 0).finished();
  EXPECT_THROW(ExhaustiveSearch(l), std::invalid_argument);
  EXPECT_EQ(Canonical({1, 0, 1}), (Configuration{0, 1, 0}));
}

// As an engine metric: the landscape of a state takes sizes from capability and propensity
// from symmetrised stances, and the WWI-style two-camp state is its unique minimum.
TEST(Landscape, OfAnEngineStateUsesCapabilityAndSymmetrisedStance) {
  testing::ScenarioBuilder b;
  b.Domains({"force"});
  const char* ids[] = {"A", "B", "C", "D"};
  for (int i = 0; i < 4; ++i) {
    ActorSpec& a = b.Actor(ids[i], 1000.0, 10.0);
    a.capability["force"] = testing::V(10.0 * (i + 1));
  }
  b.Between("A", "B").stance = testing::V(0.8);
  b.Between("C", "D").stance = testing::V(0.6);
  for (const char* x : {"A", "B"}) {
    for (const char* y : {"C", "D"}) b.Between(x, y).stance = testing::V(-0.5);
  }
  b.Directed("A", "C", -0.9);  // asymmetric: the landscape reads (-0.9 - 0.5) / 2
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  const Landscape l = analysis::LandscapeOfState(sim.state());
  EXPECT_DOUBLE_EQ(l.size(2), 30.0);
  EXPECT_DOUBLE_EQ(l.propensity(0, 2), -0.7);
  EXPECT_DOUBLE_EQ(l.propensity(2, 0), -0.7);
  const ExhaustiveSearchResult r = ExhaustiveSearch(l);
  ASSERT_EQ(r.local_minima.size(), 1u);
  EXPECT_EQ(r.local_minima[0].sides, (Configuration{0, 0, 1, 1}));
}

}  // namespace
}  // namespace polarity
