// Phase 7 of docs/model.md, the crisis ladder, made deterministic: with move
// probabilities of exactly 0 or 1 every uniform draw in (0, 1] gives the same move.
//   challenger: back down with prob backdown (1-q)(1-ρ_j), else escalate with prob escalation q ρ_j
//   defender:   back down with prob backdown q (1-ρ'_i),   else escalate with prob escalation (1-q) ρ'_i
// q = 1 when the target has no capability and no allies (p_I = 0); q = 0 when the
// challenger has none. Crises are opened by a scheduled event at tick 1 (deterrence off).

#include <vector>

#include <gtest/gtest.h>

#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using testing::CrisisEffect;
using testing::IndexOf;
using testing::ScenarioBuilder;
using testing::V;

struct CrisisSetup {
  double challenger_capability, challenger_resolve;
  double target_capability, target_resolve;
  double escalation, backdown;
  int max_ticks = 8;
};

// C challenges T (event at tick 1). Allies of T: L1 (resolve 1, depth 1, same capital, so
// chance of support ρ A π = 1) and L2 (resolve 0: chance 0), each with no capability so the
// powers stay those of C and T.
Scenario CrisisScenario(const CrisisSetup& x) {
  ScenarioBuilder b;
  b.Domains({"force"}).Time(2020.0, 0.25, 12);
  auto actor = [&](const char* id, double capability, double resolve) {
    ActorSpec& a = b.Actor(id, 1000.0, capability, 0.0, 0.0);
    a.capability["force"] = V(capability);
    a.resolve = V(resolve);
    a.reach_km = V(1e12);
    a.burden_cap = V(0.0);
  };
  actor("C", x.challenger_capability, x.challenger_resolve);
  actor("T", x.target_capability, x.target_resolve);
  actor("L1", 0.0, 1.0);
  actor("L2", 0.0, 0.0);
  b.Between("C", "T").stance = V(-0.5);
  b.Between("T", "L1").alliance = V(1.0);
  b.Between("T", "L2").alliance = V(0.5);
  Parameters& p = b.params();
  testing::SetAllMechanisms(p, false);
  p.events.enabled = true;
  p.crisis.escalation = x.escalation;
  p.crisis.backdown = x.backdown;
  p.crisis.max_ticks = x.max_ticks;
  b.EventAtTick("start", 1).effects = {CrisisEffect("C", "T")};
  return b.scenario();
}

struct Trace {
  std::vector<int> rung;  // rung of (C, T) after each tick, [0] = tick 1
  std::vector<std::vector<EventRecord>> events;
  State final;
};

Trace RunCrisis(const Model& model, int ticks) {
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  Trace trace;
  const int c = IndexOf(model, "C"), t = IndexOf(model, "T");
  for (int k = 1; k <= ticks; ++k) {
    EXPECT_TRUE(sim.Step().ok);
    trace.rung.push_back(sim.state().crisis_rung(c, t));
    trace.events.push_back(sim.state().events);
  }
  trace.final = sim.state();
  return trace;
}

bool Has(const std::vector<EventRecord>& events, EventType type, int code_to = -99) {
  for (const EventRecord& e : events) {
    if (e.type == type && (code_to == -99 || e.code_to == code_to)) return true;
  }
  return false;
}

TEST(Crisis, CertainEscalationClimbsOneRungPerTickToWar) {
  // q = 1 (T has nothing), ρ_C = 1, escalation 1, backdown 0: C escalates every tick.
  const Model model = CompileModel(CrisisScenario({100.0, 1.0, 0.0, 0.5, 1.0, 0.0}));
  const Trace tr = RunCrisis(model, 5);
  EXPECT_EQ(tr.rung, (std::vector<int>{1, 2, 3, 0, 0}));  // war at tick 4 closes the crisis
  EXPECT_TRUE(Has(tr.events[0], EventType::kCrisisStart));
  EXPECT_TRUE(Has(tr.events[1], EventType::kCrisisRung, 2));
  EXPECT_TRUE(Has(tr.events[2], EventType::kCrisisRung, 3));
  EXPECT_TRUE(Has(tr.events[2], EventType::kDeterrenceFailed));
  EXPECT_TRUE(Has(tr.events[3], EventType::kCrisisRung, 4));
  EXPECT_TRUE(Has(tr.events[3], EventType::kWar));
  EXPECT_EQ(tr.final.crises_total, 1);
  EXPECT_EQ(tr.final.deterrence_failures, 1);
  EXPECT_EQ(tr.final.wars, 1);
  EXPECT_EQ(tr.final.deterrence_successes, 0);
  EXPECT_EQ(tr.final.concessions, 0);
}

TEST(Crisis, ChallengerBackingDownIsDeterrenceHeldAndAlliesAreDrawn) {
  // C has no capability: q = 0; ρ_C = 0, backdown 1: C backs down at the first move (tick 2).
  const Model model = CompileModel(CrisisScenario({0.0, 0.0, 100.0, 0.5, 0.35, 1.0}));
  const int t = IndexOf(model, "T"), l1 = IndexOf(model, "L1"), l2 = IndexOf(model, "L2");
  const CrisisParameters& cp = model.parameters.crisis;
  const Trace tr = RunCrisis(model, 3);
  EXPECT_EQ(tr.rung, (std::vector<int>{1, 0, 0}));
  EXPECT_TRUE(Has(tr.events[1], EventType::kDeterrenceHeld, 0));
  EXPECT_EQ(tr.final.deterrence_successes, 1);
  EXPECT_EQ(tr.final.deterrence_failures, 0);
  // At the close each ally is drawn once: L1 (chance 1) supported, L2 (chance 0) did not.
  int support_events = 0;
  for (const EventRecord& e : tr.events[1]) {
    if (e.type != EventType::kAllySupport) continue;
    ++support_events;
    EXPECT_EQ(e.a, t);
    EXPECT_EQ(e.code_to, e.b == l1 ? 1 : 0) << "ally " << e.b;
  }
  EXPECT_EQ(support_events, 2);
  EXPECT_EQ(tr.final.alliance(t, l1), 1.0);  // 1 + solidarity, clamped
  EXPECT_DOUBLE_EQ(tr.final.alliance(t, l2), 0.5 - cp.abandonment);
  EXPECT_EQ(tr.final.alliance(l2, t), tr.final.alliance(t, l2));
}

TEST(Crisis, DefenderBackingDownIsAConcessionNeitherHeldNorFailed) {
  // q = 1, ρ_C = 1 (C never backs down), escalation 0; ρ_T = 0 with no allied power
  // (allies have none): T backs down with probability backdown q (1 - ρ'_T) = 1.
  const Model model = CompileModel(CrisisScenario({100.0, 1.0, 0.0, 0.0, 0.0, 1.0}));
  const Trace tr = RunCrisis(model, 3);
  EXPECT_EQ(tr.rung, (std::vector<int>{1, 0, 0}));
  EXPECT_TRUE(Has(tr.events[1], EventType::kDefenderConceded));
  EXPECT_EQ(tr.final.concessions, 1);
  EXPECT_EQ(tr.final.deterrence_successes, 0);
  EXPECT_EQ(tr.final.deterrence_failures, 0);
}

TEST(Crisis, UnresolvedCrisisLapsesAfterMaxTicksAsHeld) {
  // Nobody moves (escalation = backdown = 0): the crisis opened at tick 1 lapses when its
  // age reaches max_ticks = 3, i.e. at tick 4, counted as deterrence held (code 1).
  CrisisSetup setup{100.0, 0.5, 100.0, 0.5, 0.0, 0.0};
  setup.max_ticks = 3;
  const Model model = CompileModel(CrisisScenario(setup));
  const Trace tr = RunCrisis(model, 6);
  EXPECT_EQ(tr.rung, (std::vector<int>{1, 1, 1, 0, 0, 0}));
  EXPECT_TRUE(Has(tr.events[3], EventType::kDeterrenceHeld, 1));
  EXPECT_EQ(tr.final.deterrence_successes, 1);
  EXPECT_EQ(tr.final.crises_total, 1);
}

TEST(Crisis, RungShockRaisesThreatLowersStanceAndMobilises) {
  // One climb (tick 2) after the onset: each shock applied once more.
  const Model model = CompileModel(CrisisScenario({100.0, 1.0, 0.0, 0.5, 1.0, 0.0}));
  const int c = IndexOf(model, "C"), t = IndexOf(model, "T");
  const CrisisParameters& cp = model.parameters.crisis;
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_TRUE(sim.Step().ok);
  const double stance_ct = sim.state().stance(c, t);
  const double milex_c = sim.state().milex(c);
  ASSERT_TRUE(sim.Step().ok);
  ASSERT_EQ(sim.state().crisis_rung(c, t), 2);
  EXPECT_DOUBLE_EQ(sim.state().stance(c, t), stance_ct - cp.stance_shock);
  EXPECT_DOUBLE_EQ(sim.state().milex(c), milex_c * (1.0 + cp.mobilisation));
}

}  // namespace
}  // namespace polarity
