// MODEL.md 4.2: a common threat deepens an alliance, friction larger than the shared threat
// blocks it; and the alliance-level events of phase 6 (docs/model.md).
//
// Three actors: A and B (neutral to each other, A_AB = 0) both hostile to R, and R hostile
// to both. A's and B's perceived threat comes only from R, so their threat profiles are
// parallel: Q_AB = cos(P_A, P_B) = 1. Balance pressure B_AB = S_AR S_RB / N > 0. Then
//   dA_AB/dt = η (Q + β B~) - η_F F - ν A,
// positive without friction and negative when η_F F > η (1 + β (N-2)/N) ≥ η (Q + β |B~|)
// (|Q| ≤ 1 and |B_ij| = |Σ_l S_il S_lj| / N ≤ (N-2)/N since S has a zero diagonal).

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"
#include "polarity/state.h"

namespace polarity {
namespace {

using testing::IndexOf;
using testing::ScenarioBuilder;
using testing::V;

// Every mechanism on at its default except: no noise, no crises, no scheduled events.
Scenario CommonThreatScenario(double friction, double initial_alliance, int ticks) {
  ScenarioBuilder b;
  b.Time(2020.0, 0.25, ticks);
  b.Actor("A", 5000.0, 50.0, 35.7, 139.7);    // Tokyo
  b.Actor("B", 1800.0, 45.0, 37.6, 127.0);    // Seoul
  b.Actor("R", 18000.0, 300.0, 39.9, 116.4);  // Beijing: strong and close
  b.Between("R", "A").stance = V(-0.8);
  b.Between("R", "B").stance = V(-0.8);
  RelationSpec& ab = b.Between("A", "B");
  ab.stance = V(0.0);
  ab.alliance = V(initial_alliance);
  ab.friction = V(friction);
  Parameters& p = b.params();
  p.perception.noise = 0.0;
  p.deterrence.enabled = false;
  p.events.enabled = false;
  return b.scenario();
}

// The friction that outweighs the largest possible shared-threat pull, times 1.5.
double BlockingFriction(const Parameters& p, int n) {
  const double max_pull = p.alliance.rate * (1.0 + p.alliance.balance_weight * (n - 2.0) / n);
  return 1.5 * max_pull / p.alliance.friction_weight;
}

TEST(Alliance, CommonThreatDeepensToSecurityCooperation) {
  const Model model = CompileModel(CommonThreatScenario(0.0, 0.0, 80));  // 20 years
  const int a = IndexOf(model, "A"), b = IndexOf(model, "B");
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_EQ(sim.state().alliance(a, b), 0.0);
  for (int t = 1; t <= model.ticks; ++t) ASSERT_TRUE(sim.Step().ok);
  EXPECT_GE(sim.state().alliance(a, b), 0.4);
  EXPECT_GE(LevelOf(sim.state().alliance(a, b)), AllianceLevel::kSecurityCooperation);
  EXPECT_EQ(sim.state().alliance(a, b), sim.state().alliance(b, a));
}

TEST(Alliance, FrictionAboveSharedThreatBlocksAlignment) {
  Scenario scenario = CommonThreatScenario(0.0, 0.0, 80);
  const double friction = BlockingFriction(scenario.parameters, 3);
  scenario = CommonThreatScenario(friction, 0.0, 80);
  const Model model = CompileModel(scenario);
  const int a = IndexOf(model, "A"), b = IndexOf(model, "B");
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  for (int t = 1; t <= model.ticks; ++t) {
    ASSERT_TRUE(sim.Step().ok);
    ASSERT_LT(sim.state().alliance(a, b), 0.2) << "tick " << t << ", friction " << friction;
  }
}

TEST(Alliance, NoDeepeningWhileStanceAtOrBelowMinimum) {
  // A pair whose stance is at or below s_min only decays: A <- A - dt ν A.
  Scenario scenario = CommonThreatScenario(0.0, 0.5, 1);
  scenario.relations[2].stance = V(scenario.parameters.alliance.min_stance);  // A-B
  scenario.parameters.stance.enabled = false;
  const Model model = CompileModel(scenario);
  const int a = IndexOf(model, "A"), b = IndexOf(model, "B");
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_TRUE(sim.Step().ok);
  const double expected = 0.5 - model.dt * scenario.parameters.alliance.decay * 0.5;
  EXPECT_DOUBLE_EQ(sim.state().alliance(a, b), expected);
}

// Collects the alliance-level events of pair (a, b) and checks each against the levels of
// the depth before and after the tick in which it was emitted.
struct LevelCrossing {
  int tick;
  int from, to;
};

std::vector<LevelCrossing> RunAndCollectCrossings(const Model& model, int a, int b) {
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  std::vector<LevelCrossing> crossings;
  for (int t = 1; t <= model.ticks; ++t) {
    const AllianceLevel before = LevelOf(sim.state().alliance(a, b));
    EXPECT_TRUE(sim.Step().ok);
    const AllianceLevel after = LevelOf(sim.state().alliance(a, b));
    int emitted = 0;
    for (const EventRecord& e : sim.state().events) {
      if (e.type != EventType::kAllianceLevel) continue;
      if (std::min(e.a, e.b) != std::min(a, b) || std::max(e.a, e.b) != std::max(a, b)) continue;
      ++emitted;
      EXPECT_EQ(e.tick, t);
      EXPECT_EQ(e.code_from, static_cast<int>(before)) << "tick " << t;
      EXPECT_EQ(e.code_to, static_cast<int>(after)) << "tick " << t;
      crossings.push_back({t, e.code_from, e.code_to});
    }
    EXPECT_EQ(emitted, before == after ? 0 : 1) << "tick " << t << ": depth level "
                                                << static_cast<int>(before) << " -> "
                                                << static_cast<int>(after);
  }
  return crossings;
}

TEST(Alliance, DeepeningEmitsOneEventPerLevelCrossedUpward) {
  const Model model = CompileModel(CommonThreatScenario(0.0, 0.0, 80));
  const std::vector<LevelCrossing> c =
      RunAndCollectCrossings(model, IndexOf(model, "A"), IndexOf(model, "B"));
  // 0 -> 1 -> 2 -> 3 -> 4 (the pull drives depth to the top within 20 years), in order.
  ASSERT_EQ(c.size(), 4u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(c[static_cast<std::size_t>(k)].from, k);
    EXPECT_EQ(c[static_cast<std::size_t>(k)].to, k + 1);
  }
}

TEST(Alliance, DecayUnderFrictionEmitsEventsDownward) {
  Scenario scenario = CommonThreatScenario(0.0, 0.9, 80);
  scenario = CommonThreatScenario(BlockingFriction(scenario.parameters, 3), 0.9, 80);
  const Model model = CompileModel(scenario);
  const std::vector<LevelCrossing> c =
      RunAndCollectCrossings(model, IndexOf(model, "A"), IndexOf(model, "B"));
  ASSERT_EQ(c.size(), 4u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(c[static_cast<std::size_t>(k)].from, 4 - k);
    EXPECT_EQ(c[static_cast<std::size_t>(k)].to, 3 - k);
  }
}

TEST(Alliance, LevelOfUsesNamedThresholds) {
  EXPECT_EQ(LevelOf(0.0), AllianceLevel::kNone);
  EXPECT_EQ(LevelOf(0.1999), AllianceLevel::kNone);
  EXPECT_EQ(LevelOf(0.2), AllianceLevel::kPartnership);
  EXPECT_EQ(LevelOf(0.4), AllianceLevel::kSecurityCooperation);
  EXPECT_EQ(LevelOf(0.6), AllianceLevel::kQuasiAlliance);
  EXPECT_EQ(LevelOf(0.8), AllianceLevel::kTreatyAlliance);
  EXPECT_EQ(LevelOf(1.0), AllianceLevel::kTreatyAlliance);
}

}  // namespace
}  // namespace polarity
