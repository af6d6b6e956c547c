// Sparse worlds (network.sparse): the tie set, and the property that matters: with every
// pair tied, the sparse tick computes what the dense tick computes, up to rounding (sums over
// ties are taken in a different order from Eigen's products), with the same random draws,
// crises and events.

#include <cmath>

#include <gtest/gtest.h>

#include "core/random_world.h"
#include "polarity/model.h"
#include "polarity/simulation.h"
#include "polarity/tie_set.h"

namespace polarity {
namespace {

TEST(TieSet, StoresBothDirectionsSortedWithReverses) {
  const TieSet ties = TieSet::FromPairs(5, {{3, 1}, {0, 4}, {1, 3}, {1, 0}, {4, 0}});
  ASSERT_EQ(ties.num_actors(), 5);
  EXPECT_EQ(ties.size(), 6);  // {0,1}, {0,4}, {1,3}, each in both directions
  EXPECT_EQ(ties.degree(0), 2);
  EXPECT_EQ(ties.degree(2), 0);
  for (int i = 0; i < 5; ++i) {
    for (int e = ties.begin(i); e + 1 < ties.end(i); ++e) EXPECT_LT(ties.target[e], ties.target[e + 1]);
    for (int e = ties.begin(i); e < ties.end(i); ++e) {
      EXPECT_EQ(ties.source[e], i);
      EXPECT_EQ(ties.source[ties.reverse[e]], ties.target[e]);
      EXPECT_EQ(ties.reverse[ties.reverse[e]], e);
    }
  }
  EXPECT_GE(ties.Find(3, 1), 0);
  EXPECT_EQ(ties.Find(2, 3), -1);
  EXPECT_EQ(ties.Find(7, 1), -1);
  EXPECT_THROW(TieSet::FromPairs(3, {{1, 1}}), std::invalid_argument);
  EXPECT_THROW(TieSet::FromPairs(3, {{0, 3}}), std::invalid_argument);
}

Scenario EveryPairTied(Scenario s) {
  s.network.sparse = true;
  s.network.reach_factor = 1000.0;  // every pair within reach: 1000 x (>= 1000 km) > half the Earth
  return s;
}

double RelativeGap(double a, double b) { return std::abs(a - b) / (1.0 + std::max(std::abs(a), std::abs(b))); }

// Largest relative gap between the dense and the sparse state; events and integers must match.
double CompareStates(const Model& dense_model, const State& d, const Model& sparse_model, const State& s) {
  double gap = 0.0;
  const auto vec = [&](const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    for (Eigen::Index i = 0; i < a.size(); ++i) gap = std::max(gap, RelativeGap(a.data()[i], b.data()[i]));
  };
  vec(d.milex, s.milex);
  vec(d.gdp, s.gdp);
  vec(d.capability, s.capability);
  vec(d.allocation, s.allocation);
  vec(d.reach_km, s.reach_km);
  const int n = dense_model.num_actors;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (i == j) continue;
      const int e = sparse_model.ties.Find(i, j);
      EXPECT_GE(e, 0) << i << "," << j;
      if (e < 0) return 1.0;
      gap = std::max({gap, RelativeGap(d.stance(i, j), s.tie.stance(e)), RelativeGap(d.alliance(i, j), s.tie.alliance(e)),
                      RelativeGap(d.perceived_threat(i, j), s.tie.perceived_threat(e)),
                      RelativeGap(d.friction(i, j), s.tie.friction(e)),
                      RelativeGap(d.interdependence(i, j), s.tie.interdependence(e)),
                      RelativeGap(d.proximity(i, j), s.tie.proximity(e))});
      EXPECT_EQ(d.crisis_rung(i, j), s.tie.crisis_rung(e)) << "tick " << d.tick << " pair " << i << "," << j;
      EXPECT_EQ(d.crisis_age(i, j), s.tie.crisis_age(e));
    }
  }
  EXPECT_EQ(d.crises_total, s.crises_total);
  EXPECT_EQ(d.deterrence_successes, s.deterrence_successes);
  EXPECT_EQ(d.deterrence_failures, s.deterrence_failures);
  EXPECT_EQ(d.concessions, s.concessions);
  EXPECT_EQ(d.wars, s.wars);
  EXPECT_EQ(d.bloc, s.bloc);
  EXPECT_EQ(d.bloc_count, s.bloc_count);
  EXPECT_EQ(d.crises_active_by_rung, s.crises_active_by_rung);
  gap = std::max({gap, RelativeGap(d.balance, s.balance), RelativeGap(d.polarization, s.polarization),
                  RelativeGap(d.arms_race_index, s.arms_race_index)});
  vec(d.threat, s.threat);
  vec(d.defence_need, s.defence_need);
  EXPECT_EQ(d.events.size(), s.events.size()) << "tick " << d.tick;
  for (std::size_t k = 0; k < std::min(d.events.size(), s.events.size()); ++k) {
    const EventRecord& a = d.events[k];
    const EventRecord& b = s.events[k];
    EXPECT_TRUE(a.type == b.type && a.a == b.a && a.b == b.b && a.code_from == b.code_from && a.code_to == b.code_to &&
                a.index == b.index)
        << "tick " << d.tick << " event " << k;
  }
  return gap;
}

// Every mechanism on, perception noise, frequent crises and scheduled events of every kind
// (random_world.h): 6 seeds x 2 sizes x 40 ticks, compared after every tick. The gap bound
// 1e-9 leaves room for rounding to accumulate over 40 ticks (observed ~1e-13).
TEST(SparseMode, EqualsDenseWhenEveryPairIsTied) {
  for (const int n : {7, 12}) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
      testing::RandomWorldOptions options;
      options.actors = n;
      const Scenario scenario = testing::RandomWorld(seed, options);
      const Model dense = CompileModel(scenario);
      const Model sparse = CompileModel(EveryPairTied(scenario));
      ASSERT_TRUE(sparse.sparse);
      ASSERT_EQ(sparse.ties.size(), n * (n - 1));
      EXPECT_EQ(sparse.initial.stance.size(), 0);  // no N x N arrays in a sparse world
      Simulation a(dense), b(sparse);
      a.Reset({seed, 0, 3});
      b.Reset({seed, 0, 3});
      double worst = CompareStates(dense, a.state(), sparse, b.state());
      std::int64_t crises = 0;
      for (int t = 0; t < dense.ticks; ++t) {
        ASSERT_TRUE(a.Step().ok);
        ASSERT_TRUE(b.Step().ok);
        worst = std::max(worst, CompareStates(dense, a.state(), sparse, b.state()));
        if (::testing::Test::HasFailure()) FAIL() << "n " << n << " seed " << seed << " tick " << t + 1;
      }
      crises += a.state().crises_total;
      EXPECT_LT(worst, 1e-9) << "n " << n << " seed " << seed;
      EXPECT_GT(crises, 0) << "the world should exercise the crisis phase";
    }
  }
}

// A pair that is not tied never interacts: no threat, no alliance, no crisis between them,
// whatever the rest of the world does.
TEST(SparseMode, UntiedPairsNeverInteract) {
  testing::RandomWorldOptions options;
  options.actors = 10;
  options.events = false;
  Scenario scenario = testing::RandomWorld(5, options);
  scenario.network.sparse = true;
  scenario.network.reach_factor = 0.0;  // only the pairs named in relations
  const Model model = CompileModel(scenario);
  ASSERT_LT(model.ties.size(), 10 * 9);  // the random world leaves some pairs out
  Simulation sim(model);
  sim.Reset({5, 0, 0});
  for (int t = 0; t < model.ticks; ++t) {
    ASSERT_TRUE(sim.Step().ok);
    for (const EventRecord& e : sim.state().events) {
      if (e.a >= 0 && e.b >= 0) {
        EXPECT_GE(model.ties.Find(e.a, e.b), 0) << "event between untied actors";
      }
    }
    const State& s = sim.state();
    for (Eigen::Index e = 0; e < s.tie.alliance.size(); ++e) {
      EXPECT_GE(s.tie.alliance(e), 0.0);
      EXPECT_LE(s.tie.alliance(e), 1.0);
      EXPECT_EQ(s.tie.alliance(e), s.tie.alliance(model.ties.reverse[e]));
      EXPECT_GE(s.tie.stance(e), -1.0);
      EXPECT_LE(s.tie.stance(e), 1.0);
      EXPECT_GE(s.tie.perceived_threat(e), 0.0);
    }
  }
  EXPECT_GT(sim.state().crises_total, 0);
}

}  // namespace
}  // namespace polarity
