// Phase 8 of docs/model.md: scheduled events. Every dynamic is off, so a value
// changes only when an event changes it.
//   Event tick = max(1, ceil((at - start)/dt - 1e-9)), or `tick:` as given.
//   Ops: set, add, scale. Symmetric dyad fields set both (i,j) and (j,i); stance is directed.
//   Values are clamped to their valid range after the effect.
//   A crisis effect opens a crisis at rung 1 unless one is open for that pair.

#include <algorithm>
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using testing::ActorEffect;
using testing::CrisisEffect;
using testing::DyadAmong;
using testing::DyadBetween;
using testing::DyadDirected;
using testing::IndexOf;
using testing::ParameterEffect;
using testing::ScenarioBuilder;
using testing::V;

// Four actors, nothing moves by itself; start 2020.0, dt 0.25.
ScenarioBuilder QuietWorld() {
  ScenarioBuilder b;
  b.Domains({"land", "naval"}).Time(2020.0, 0.25, 12);
  for (const char* id : {"A", "B", "C", "D"}) {
    ActorSpec& a = b.Actor(id, 1000.0, 20.0, 10.0 * (id[0] - 'A'), 15.0 * (id[0] - 'A'));
    a.milex_floor = V(5.0);
    a.burden_cap = V(0.05);  // cap = 50
    a.resolve = V(0.5);
  }
  RelationSpec& ab = b.Between("A", "B");
  ab.alliance = V(0.3);
  ab.stance = V(0.2);
  ab.friction = V(0.4);
  ab.interdependence = V(0.6);
  b.Between("A", "C").stance = V(0.4);
  b.Group("pair", {"A", "B"});
  b.Group("trio", {"A", "B", "C"});
  testing::SetAllMechanisms(b.params(), false);
  b.params().events.enabled = true;
  return b;
}

TEST(Events, CalendarTimeRoundsUpToTheFirstTickAtOrAfterIt) {
  ScenarioBuilder b = QuietWorld();
  b.EventAt("exact", 2021.0);       // 4 ticks after start
  b.EventAt("between", 2021.1);     // 4.4 -> 5
  b.EventAt("fractional", 2020.75); // 3 exactly, despite rounding in 0.75 / 0.25
  b.EventAt("small", 2020.3);       // 1.2 -> 2
  b.EventAt("before", 2019.0);      // before start -> 1
  b.EventAt("at_start", 2020.0);    // 0 -> 1
  b.EventAtTick("by_tick", 7);
  const Model model = CompileModel(b.scenario());
  ASSERT_EQ(model.events.size(), 7u);
  auto tick_of = [&](int scenario_index) {
    for (const CompiledEvent& e : model.events) {
      if (e.scenario_index == scenario_index) return e.tick;
    }
    return -1;
  };
  EXPECT_EQ(tick_of(0), 4);
  EXPECT_EQ(tick_of(1), 5);
  EXPECT_EQ(tick_of(2), 3);
  EXPECT_EQ(tick_of(3), 2);
  EXPECT_EQ(tick_of(4), 1);
  EXPECT_EQ(tick_of(5), 1);
  EXPECT_EQ(tick_of(6), 7);
  for (std::size_t k = 1; k < model.events.size(); ++k) {
    EXPECT_LE(model.events[k - 1].tick, model.events[k].tick) << "events sorted by tick";
  }
}

TEST(Events, ApplyInTheStepThatProducesTheirTickAndAreLogged) {
  ScenarioBuilder b = QuietWorld();
  b.EventAtTick("first", 3).effects = {ActorEffect("milex", {"A"}, EffectOp::kSet, 30.0)};
  b.EventAtTick("second", 3).effects = {ActorEffect("gdp", {"B"}, EffectOp::kScale, 2.0)};
  const Model model = CompileModel(b.scenario());
  const int a = IndexOf(model, "A"), bi = IndexOf(model, "B");
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  for (int t = 1; t <= 2; ++t) {
    ASSERT_TRUE(sim.Step().ok);
    EXPECT_EQ(sim.state().milex(a), 20.0) << "tick " << t;
    EXPECT_TRUE(sim.state().events.empty()) << "tick " << t;
  }
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_EQ(sim.state().milex(a), 30.0);
  EXPECT_EQ(sim.state().gdp(bi), 2000.0);
  ASSERT_EQ(sim.state().events.size(), 2u);
  EXPECT_EQ(sim.state().events[0].type, EventType::kScheduled);
  EXPECT_EQ(sim.state().events[0].index, 0);  // file order
  EXPECT_EQ(sim.state().events[1].index, 1);
  EXPECT_EQ(sim.state().events[0].tick, 3);
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_TRUE(sim.state().events.empty()) << "the log holds the current tick only";
  EXPECT_EQ(sim.state().milex(a), 30.0);
}

TEST(Events, SetAddScaleWithClampingToValidRanges) {
  ScenarioBuilder b = QuietWorld();
  b.EventAtTick("e", 1).effects = {
      ActorEffect("resolve", {"A"}, EffectOp::kSet, 1.5),            // -> 1
      ActorEffect("resolve", {"B"}, EffectOp::kAdd, -2.0),           // -> 0
      ActorEffect("revisionism", {"C"}, EffectOp::kAdd, 0.25),       // 0 -> 0.25
      ActorEffect("grievance", {"trio"}, EffectOp::kAdd, 3.0),       // group: A, B, C
      ActorEffect("capability", {"D"}, EffectOp::kAdd, -1e9, "naval"),  // -> 0
      ActorEffect("capability", {"D"}, EffectOp::kScale, 3.0, "land"),
      DyadAmong("alliance", {"trio"}, EffectOp::kSet, 0.5),          // AB, AC, BC -> 0.5
      DyadAmong("alliance", {"pair"}, EffectOp::kAdd, 0.7),          // AB -> 1 (clamped)
      DyadDirected("stance", {"A"}, {"B"}, EffectOp::kSet, -3.0),    // S_AB -> -1, S_BA stays
      DyadBetween("stance", {"A"}, {"C"}, EffectOp::kScale, 2.0),    // 0.4 -> 0.8 both ways
      DyadBetween("friction", {"A"}, {"B"}, EffectOp::kSet, -1.0),   // -> 0
      DyadBetween("interdependence", {"A"}, {"B"}, EffectOp::kAdd, 0.7),  // 0.6 -> 1
      ParameterEffect("alliance.rate", EffectOp::kSet, 50.0),        // -> 10 (its maximum)
      ParameterEffect("stance.threat_rate", EffectOp::kScale, 3.0),  // 0.1 -> 0.3
  };
  const Model model = CompileModel(b.scenario());
  const int a = IndexOf(model, "A"), bi = IndexOf(model, "B"), c = IndexOf(model, "C"),
            d = IndexOf(model, "D");
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  const State before = sim.state();
  ASSERT_TRUE(sim.Step().ok);
  const State& s = sim.state();
  EXPECT_EQ(s.resolve(a), 1.0);
  EXPECT_EQ(s.resolve(bi), 0.0);
  EXPECT_EQ(s.revisionism(c), 0.25);
  for (const int i : {a, bi, c}) EXPECT_EQ(s.grievance(i), before.grievance(i) + 3.0);
  EXPECT_EQ(s.grievance(d), before.grievance(d));
  EXPECT_EQ(s.capability(d, 1), 0.0);
  EXPECT_DOUBLE_EQ(s.capability(d, 0), 3.0 * before.capability(d, 0));
  EXPECT_EQ(s.alliance(a, bi), 1.0);
  EXPECT_EQ(s.alliance(bi, a), 1.0);
  EXPECT_EQ(s.alliance(a, c), 0.5);
  EXPECT_EQ(s.alliance(c, a), 0.5);
  EXPECT_EQ(s.alliance(bi, c), 0.5);
  EXPECT_EQ(s.alliance(a, d), 0.0);
  EXPECT_EQ(s.stance(a, bi), -1.0);
  EXPECT_EQ(s.stance(bi, a), 0.2);
  EXPECT_DOUBLE_EQ(s.stance(a, c), 0.8);
  EXPECT_DOUBLE_EQ(s.stance(c, a), 0.8);
  EXPECT_EQ(s.friction(a, bi), 0.0);
  EXPECT_EQ(s.friction(bi, a), 0.0);
  EXPECT_EQ(s.interdependence(a, bi), 1.0);
  EXPECT_EQ(s.interdependence(bi, a), 1.0);
  EXPECT_EQ(s.params.alliance.rate, 10.0);
  EXPECT_DOUBLE_EQ(s.params.stance.threat_rate, 3.0 * model.parameters.stance.threat_rate);
  EXPECT_EQ(model.parameters.alliance.rate, b.scenario().parameters.alliance.rate)
      << "the model's parameters are not changed by a run";
  for (int i = 0; i < model.num_actors; ++i) {
    EXPECT_EQ(s.alliance(i, i), 0.0);
    EXPECT_EQ(s.stance(i, i), 0.0);
  }
}

TEST(Events, SymmetricDyadEffectAppliesOncePerPair) {
  // `among` and `between` name each unordered pair in both orders; a symmetric field
  // (alliance, friction, interdependence) is one value per pair, so add and scale must act
  // on it once: A_AB 0.3 scaled by 1.5 is 0.45, F_AB 0.4 plus 0.1 is 0.5, E_AB 0.6 * 0.5 = 0.3.
  ScenarioBuilder b = QuietWorld();
  b.EventAtTick("e", 1).effects = {
      DyadAmong("alliance", {"pair"}, EffectOp::kScale, 1.5),
      DyadBetween("friction", {"A"}, {"B"}, EffectOp::kAdd, 0.1),
      DyadBetween("interdependence", {"B"}, {"A"}, EffectOp::kScale, 0.5),
      DyadAmong("alliance", {"trio"}, EffectOp::kAdd, 0.2),  // A-C, B-C: 0 -> 0.2; A-B -> 0.65
  };
  const Model model = CompileModel(b.scenario());
  const int a = IndexOf(model, "A"), bi = IndexOf(model, "B"), c = IndexOf(model, "C");
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_TRUE(sim.Step().ok);
  const State& s = sim.state();
  EXPECT_DOUBLE_EQ(s.alliance(a, bi), 0.65);
  EXPECT_DOUBLE_EQ(s.alliance(a, c), 0.2);
  EXPECT_DOUBLE_EQ(s.alliance(bi, c), 0.2);
  EXPECT_DOUBLE_EQ(s.friction(a, bi), 0.5);
  EXPECT_DOUBLE_EQ(s.interdependence(a, bi), 0.3);
  EXPECT_EQ(s.alliance(a, bi), s.alliance(bi, a));
  EXPECT_EQ(s.friction(a, bi), s.friction(bi, a));
  EXPECT_EQ(s.interdependence(a, bi), s.interdependence(bi, a));
}

TEST(Events, MilexEffectIsClampedToFloorAndCap) {
  // milex's valid range is [m_min, b y] (MODEL.md 2.4 and 4.6): floor 5, cap 0.05 * 1000.
  ScenarioBuilder b = QuietWorld();
  b.EventAtTick("e", 1).effects = {
      ActorEffect("milex", {"A"}, EffectOp::kScale, 100.0),  // 2000 -> cap 50
      ActorEffect("milex", {"B"}, EffectOp::kSet, 0.0),      // 0 -> floor 5
  };
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_EQ(sim.state().milex(IndexOf(model, "A")), 50.0);
  EXPECT_EQ(sim.state().milex(IndexOf(model, "B")), 5.0);
}

TEST(Events, ReachChangeRecomputesProximity) {
  ScenarioBuilder b = QuietWorld();
  b.EventAtTick("e", 2).effects = {ActorEffect("reach_km", {"B"}, EffectOp::kScale, 0.5)};
  const Model model = CompileModel(b.scenario());
  const int a = IndexOf(model, "A"), bi = IndexOf(model, "B");
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  const double reach = sim.state().reach_km(bi);
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_DOUBLE_EQ(sim.state().proximity(a, bi), std::exp(-model.distance_km(a, bi) / reach));
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_DOUBLE_EQ(sim.state().reach_km(bi), 0.5 * reach);
  EXPECT_DOUBLE_EQ(sim.state().proximity(a, bi), std::exp(-model.distance_km(a, bi) / (0.5 * reach)));
  // π(i, j) uses j's reach: how well B reaches A changed, how well A reaches B did not.
  EXPECT_DOUBLE_EQ(sim.state().proximity(bi, a),
                   std::exp(-model.distance_km(bi, a) / sim.state().reach_km(a)));
}

TEST(Events, DisabledEventsAreIgnored) {
  ScenarioBuilder b = QuietWorld();
  b.params().events.enabled = false;
  b.EventAtTick("e", 1).effects = {ActorEffect("milex", {"A"}, EffectOp::kSet, 30.0),
                                   CrisisEffect("A", "B")};
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_EQ(sim.state().milex(IndexOf(model, "A")), 20.0);
  EXPECT_EQ(sim.state().crises_total, 0);
  EXPECT_TRUE(sim.state().events.empty());
}

TEST(Events, ParameterEventCanSwitchAMechanismOn) {
  // Stance drift switched on at tick 3 by an event: S changes from tick 3 on, not before.
  ScenarioBuilder b = QuietWorld();
  b.params().stance.balance_rate = 1.0;
  b.EventAtTick("on", 3).effects = {ParameterEffect("stance.enabled", EffectOp::kSet, 1.0)};
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  const Eigen::MatrixXd initial = sim.state().stance;
  for (int t = 1; t <= 3; ++t) {
    ASSERT_TRUE(sim.Step().ok);
    EXPECT_TRUE(sim.state().stance == initial) << "tick " << t << " (the event applies after phase 6)";
  }
  EXPECT_TRUE(sim.state().params.stance.enabled);
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_FALSE(sim.state().stance == initial);
}

TEST(Events, ScheduledCrisisOpensAtRungOneWithOnsetShocks) {
  ScenarioBuilder b = QuietWorld();
  b.Between("C", "D").stance = V(-0.5);  // hostile, so P_CD, P_DC > 0 to be shocked
  b.EventAtTick("crisis", 3).effects = {CrisisEffect("C", "D")};
  b.EventAtTick("again", 3).effects = {CrisisEffect("C", "D")};  // already open: no effect
  b.params().crisis.escalation = 0.0;  // nothing moves afterwards either
  b.params().crisis.backdown = 0.0;
  const Model model = CompileModel(b.scenario());
  const int c = IndexOf(model, "C"), d = IndexOf(model, "D");
  const CrisisParameters& cp = model.parameters.crisis;
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  for (int t = 1; t <= 2; ++t) ASSERT_TRUE(sim.Step().ok);
  const State before = sim.state();
  ASSERT_TRUE(sim.Step().ok);
  const State& s = sim.state();
  EXPECT_EQ(s.crisis_rung(c, d), static_cast<int>(Rung::kCrisis));
  EXPECT_EQ(s.crisis_rung(d, c), 0);
  EXPECT_EQ(s.crisis_age(c, d), 0);
  EXPECT_EQ(s.crises_total, 1);
  EXPECT_EQ(s.crises_started_target(d), 1);
  EXPECT_EQ(s.crises_started_challenger(c), 1);
  EXPECT_EQ(s.crises_active_by_rung(0), 1);
  int starts = 0;
  for (const EventRecord& e : s.events) {
    if (e.type == EventType::kCrisisStart) {
      ++starts;
      EXPECT_EQ(e.a, c);
      EXPECT_EQ(e.b, d);
    }
  }
  EXPECT_EQ(starts, 1);
  // Onset shocks (rung 1): P both ways up by threat_shock, S both ways down by stance_shock,
  // both sides' milex up by mobilisation (within caps).
  EXPECT_DOUBLE_EQ(s.perceived_threat(c, d), before.perceived_threat(c, d) * (1.0 + cp.threat_shock));
  EXPECT_DOUBLE_EQ(s.perceived_threat(d, c), before.perceived_threat(d, c) * (1.0 + cp.threat_shock));
  EXPECT_DOUBLE_EQ(s.stance(c, d), before.stance(c, d) - cp.stance_shock);
  EXPECT_DOUBLE_EQ(s.stance(d, c), before.stance(d, c) - cp.stance_shock);
  EXPECT_DOUBLE_EQ(s.milex(c), before.milex(c) * (1.0 + cp.mobilisation));
  EXPECT_DOUBLE_EQ(s.milex(d), before.milex(d) * (1.0 + cp.mobilisation));
}

// The finite check after a step looks at friction, interdependence and proximity only when
// they may have changed (an event ran, a reset, mutable_state()): these show it still finds
// what an event or a caller writes there.
TEST(Events, FrictionMadeInfiniteByAnEventStopsTheStepThatRanIt) {
  ScenarioBuilder b = QuietWorld();
  b.EventAtTick("overflow", 2).effects = {DyadBetween("friction", {"A"}, {"B"}, EffectOp::kAdd, 1e308),
                                          DyadBetween("friction", {"A"}, {"B"}, EffectOp::kAdd, 1e308)};
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_TRUE(sim.Step().ok);
  const StepStatus status = sim.Step();
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.tick, 2);
  EXPECT_EQ(status.variable, "friction");
  EXPECT_EQ(status.actor, std::min(IndexOf(model, "A"), IndexOf(model, "B")));
}

TEST(Events, NonFiniteRelationWrittenThroughMutableStateIsFoundAtTheNextStep) {
  const Model model = CompileModel(QuietWorld().scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  ASSERT_TRUE(sim.Step().ok);
  ASSERT_TRUE(sim.Step().ok);  // a tick without events: the relations are skipped
  const int c = IndexOf(model, "C"), d = IndexOf(model, "D");
  sim.mutable_state().interdependence(c, d) = std::numeric_limits<double>::quiet_NaN();  // read by nothing on
  const StepStatus status = sim.Step();
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.variable, "interdependence");
  EXPECT_EQ(status.actor, c);
}

}  // namespace
}  // namespace polarity
