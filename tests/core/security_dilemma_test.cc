// MODEL.md 4.5, the security dilemma, as a small sweep over the alliance deepening rate η:
// a faster-deepening alliance between P and Q raises the spending of their adversary X (it
// faces their coalition capability C~ = C + A C) while lowering crisis onsets against them
// (extended deterrence lowers X's win probability q and so its expected utility U).
//
// Statistics, over the same R replications (same RunKeys) at each rate:
//  - spending: paired differences d_r = m_X(high η) - m_X(low η) at the final tick;
//    t = mean(d) / (sd(d) / sqrt(R)) > 3 (one-sided, p < 0.0015 for R = 600 under normality);
//  - crises: onset counts against P and Q summed over replications, Poisson
//    z = (a_low - a_high) / sqrt(a_low + a_high) > 3 (see deterrence_test.cc).

#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using testing::IndexOf;
using testing::ScenarioBuilder;
using testing::V;

// Everything on except scheduled events; defaults everywhere but the ones named.
Scenario DilemmaScenario(double rate) {
  ScenarioBuilder b;
  b.Time(2020.0, 0.25, 80);  // 20 years
  ActorSpec& x = b.Actor("X", 15000.0, 250.0, 45.0, 40.0);
  x.revisionism = V(1.0);
  x.resolve = V(0.7);
  ActorSpec& p = b.Actor("P", 4000.0, 80.0, 48.0, 30.0);
  p.resolve = V(0.6);
  ActorSpec& q = b.Actor("Q", 5000.0, 100.0, 50.0, 25.0);
  q.resolve = V(0.8);
  b.Between("X", "P").stance = V(-0.7);
  b.Between("X", "Q").stance = V(-0.7);
  b.Between("P", "Q").stance = V(0.4);
  Parameters& params = b.params();
  params.events.enabled = false;
  params.alliance.rate = rate;
  return b.scenario();
}

struct SweepPoint {
  std::vector<double> adversary_milex;  // final m_X per replication
  std::int64_t crises_against_allies = 0;
  double mean_final_alliance = 0.0;
};

SweepPoint RunSweepPoint(double rate, int reps) {
  const Scenario scenario = DilemmaScenario(rate);
  const Model model = CompileModel(scenario);
  const int x = IndexOf(model, "X"), p = IndexOf(model, "P"), q = IndexOf(model, "Q");
  Simulation sim(model);
  SweepPoint out;
  for (int r = 0; r < reps; ++r) {
    sim.Reset(RunKey{scenario.seed, 0, static_cast<std::uint64_t>(r)});
    for (int t = 1; t <= model.ticks; ++t) {
      EXPECT_TRUE(sim.Step().ok);
      out.crises_against_allies +=
          sim.state().crises_started_target(p) + sim.state().crises_started_target(q);
    }
    out.adversary_milex.push_back(sim.state().milex(x));
    out.mean_final_alliance += sim.state().alliance(p, q) / reps;
  }
  return out;
}

TEST(SecurityDilemma, FasterAllianceDeepeningRaisesAdversarySpendingAndDetersCrises) {
  constexpr int kReps = 600;
  const double low_rate = 0.02, high_rate = 1.0;
  const SweepPoint low = RunSweepPoint(low_rate, kReps);
  const SweepPoint high = RunSweepPoint(high_rate, kReps);
  ASSERT_LT(low.mean_final_alliance, high.mean_final_alliance);

  double mean = 0.0;
  for (int r = 0; r < kReps; ++r) {
    mean += (high.adversary_milex[static_cast<std::size_t>(r)] -
             low.adversary_milex[static_cast<std::size_t>(r)]) / kReps;
  }
  double var = 0.0;
  for (int r = 0; r < kReps; ++r) {
    const double d = high.adversary_milex[static_cast<std::size_t>(r)] -
                     low.adversary_milex[static_cast<std::size_t>(r)];
    var += (d - mean) * (d - mean) / (kReps - 1);
  }
  const double t_spending = mean / std::sqrt(var / kReps);
  EXPECT_GT(t_spending, 3.0) << "mean paired rise of X's final milex " << mean << " (sd "
                             << std::sqrt(var) << ")";

  const double a = static_cast<double>(low.crises_against_allies);
  const double b = static_cast<double>(high.crises_against_allies);
  const double z_crises = (a - b) / std::sqrt(a + b);
  EXPECT_GT(z_crises, 3.0) << "crises against P and Q: η = " << low_rate << ": " << a
                           << ", η = " << high_rate << ": " << b;
  double mean_low = 0.0;
  for (const double m : low.adversary_milex) mean_low += m / kReps;
  RecordProperty("mean_final_milex_low_rate", ::testing::PrintToString(mean_low));
  RecordProperty("mean_milex_rise", ::testing::PrintToString(mean));
  RecordProperty("t_spending", ::testing::PrintToString(t_spending));
  RecordProperty("z_crises", ::testing::PrintToString(z_crises));
  RecordProperty("mean_final_alliance_low_high",
                 ::testing::PrintToString(std::vector<double>{low.mean_final_alliance, high.mean_final_alliance}));
  RecordProperty("crises_low_rate", static_cast<int>(a));
  RecordProperty("crises_high_rate", static_cast<int>(b));
}

}  // namespace
}  // namespace polarity
