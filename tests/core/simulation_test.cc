// Simulation as a whole: the compiler's defaults for absent values (scenario.h), tick and
// time bookkeeping, the record phase (docs/model.md phase 9), and the finite check
// that ends a step: the first non-finite value names tick, actor and variable.

#include <cmath>

#include <gtest/gtest.h>

#include "core/eigen_matchers.h"
#include "core/random_world.h"
#include "core/scenario_builder.h"
#include "core/state_checks.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using testing::IndexOf;
using testing::ScenarioBuilder;
using testing::V;

TEST(Compile, AbsentValuesTakeTheDocumentedDefaults) {
  ScenarioBuilder b;
  b.Domains({"land", "air", "naval", "cyber"});
  b.Actor("A", 2000.0, 40.0, 10.0, 10.0);
  b.Actor("B", 1000.0, 20.0, 20.0, 20.0);
  const Model model = CompileModel(b.scenario());
  const State& s = model.initial;
  const int k = model.num_domains;
  const double delta = model.parameters.capability.depreciation;
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(s.reach_km(i), 2000.0);
    EXPECT_EQ(s.gdp_growth(i), 0.02);
    EXPECT_EQ(s.milex_floor(i), 0.0);
    EXPECT_EQ(s.burden_cap(i), 0.1);
    EXPECT_EQ(s.efficiency(i), 1.0);
    EXPECT_EQ(s.resolve(i), 0.5);
    EXPECT_EQ(s.revisionism(i), 0.0);
    EXPECT_EQ(s.reactivity(i), 0.01);
    EXPECT_EQ(s.fatigue(i), 0.05);
    EXPECT_EQ(s.grievance(i), 0.0);
    for (int d = 0; d < k; ++d) {
      EXPECT_DOUBLE_EQ(s.allocation(i, d), 1.0 / k);  // spread evenly
      EXPECT_DOUBLE_EQ(s.concern(i, d), 1.0 / k);
      // steady state of current spending: c = e m a / δ
      EXPECT_DOUBLE_EQ(s.capability(i, d), s.efficiency(i) * s.milex(i) * s.allocation(i, d) / delta);
    }
  }
  // Unlisted pairs: neutral, unallied, no friction or interdependence.
  EXPECT_EQ(s.stance(0, 1), 0.0);
  EXPECT_EQ(s.alliance(0, 1), 0.0);
  EXPECT_EQ(s.friction(0, 1), 0.0);
  EXPECT_EQ(s.interdependence(0, 1), 0.0);
  EXPECT_EQ(s.tick, 0);
  EXPECT_EQ(s.time, model.start);
}

TEST(Compile, GivenSharesAreNormalisedAndCapabilityStaysAsGiven) {
  ScenarioBuilder b;
  b.Domains({"land", "air"});
  ActorSpec& a = b.Actor("A", 2000.0, 40.0);
  a.allocation["land"] = V(3.0);
  a.allocation["air"] = V(1.0);
  a.concern["land"] = V(1.0);
  a.concern["air"] = V(1.0);
  a.capability["land"] = V(123.0);
  b.Actor("B", 1000.0, 20.0, 5.0, 5.0);
  b.scenario().depreciation_by_domain["air"] = 0.2;
  const Model model = CompileModel(b.scenario());
  const State& s = model.initial;
  EXPECT_DOUBLE_EQ(s.allocation(0, 0), 0.75);
  EXPECT_DOUBLE_EQ(s.allocation(0, 1), 0.25);
  EXPECT_DOUBLE_EQ(s.concern(0, 0), 0.5);
  EXPECT_EQ(s.capability(0, 0), 123.0);
  // Absent domain: steady state with that domain's own depreciation.
  EXPECT_DOUBLE_EQ(s.capability(0, 1), 1.0 * 40.0 * 0.25 / 0.2);
}

TEST(Compile, DirectedStanceOverridesOneDirectionOnly) {
  ScenarioBuilder b;
  b.Actor("A", 1000.0, 10.0);
  b.Actor("B", 1000.0, 10.0, 1.0, 1.0);
  b.Between("A", "B").stance = V(0.5);
  b.Directed("B", "A", -0.7);  // later entries override earlier ones
  const Model model = CompileModel(b.scenario());
  EXPECT_EQ(model.initial.stance(0, 1), 0.5);
  EXPECT_EQ(model.initial.stance(1, 0), -0.7);
}

TEST(Simulation, TickAndTimeAdvanceByDt) {
  ScenarioBuilder b;
  b.Time(2023.5, 0.25, 8);
  b.Actor("A", 1000.0, 10.0);
  b.Actor("B", 1000.0, 10.0, 1.0, 1.0);
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  for (int t = 1; t <= 8; ++t) {
    const StepStatus status = sim.Step();
    ASSERT_TRUE(status.ok);
    EXPECT_EQ(status.tick, t);
    EXPECT_EQ(sim.state().tick, t);
    EXPECT_DOUBLE_EQ(sim.state().time, 2023.5 + 0.25 * t);
  }
}

TEST(Simulation, NonFiniteValueStopsTheStepNamingActorAndVariable) {
  // Actor B's reactivity is so large that k θ overflows to +inf in tick 1: m_B = inf. Nothing
  // else can turn non-finite in that tick (stocks fixed, no cap, perception off).
  ScenarioBuilder b;
  b.Domains({"force"});
  ActorSpec& a = b.Actor("A", 1000.0, 10.0, 0.0, 0.0);
  a.capability["force"] = V(1000.0);
  a.burden_cap = V(0.0);
  ActorSpec& x = b.Actor("B", 1000.0, 10.0, 0.0, 0.0);
  x.capability["force"] = V(1000.0);
  x.reactivity = V(1e307);
  x.burden_cap = V(0.0);
  b.Between("A", "B").stance = V(-1.0);
  testing::SetAllMechanisms(b.params(), false);
  b.params().arms_race.enabled = true;
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  const StepStatus status = sim.Step();
  EXPECT_FALSE(status.ok);
  EXPECT_EQ(status.tick, 1);
  EXPECT_EQ(status.actor, IndexOf(model, "B"));
  EXPECT_EQ(status.variable, "milex");
  EXPECT_TRUE(std::isinf(sim.state().milex(IndexOf(model, "B"))));
}

TEST(Simulation, FiniteStepsReportOk) {
  testing::RandomWorldOptions options;
  options.actors = 5;
  const Model model = CompileModel(testing::RandomWorld(41, options));
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  const StepStatus status = sim.Step();
  EXPECT_TRUE(status.ok);
  EXPECT_EQ(status.actor, -1);
  EXPECT_TRUE(status.variable.empty());
}

TEST(Metrics, ResetRecordsTickZero) {
  testing::RandomWorldOptions options;
  options.actors = 6;
  const Model model = CompileModel(testing::RandomWorld(42, options));
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  EXPECT_TRUE(testing::MetricsConsistent(model, sim.state()));
  EXPECT_DOUBLE_EQ(sim.state().milex_total, model.initial.milex.sum());
}

TEST(Metrics, StepMetricsEqualAFreshComputeMetricsCall) {
  // On a recorded tick, what Step() wrote equals ComputeMetrics() on the same state.
  testing::RandomWorldOptions options;
  options.actors = 7;
  const Model model = CompileModel(testing::RandomWorld(43, options));
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  for (int t = 1; t <= 15; ++t) {
    ASSERT_TRUE(sim.Step().ok);
    const State recorded = sim.state();
    sim.ComputeMetrics();
    ASSERT_TRUE(testing::StatesBitIdentical(recorded, sim.state())) << "tick " << t;
    ASSERT_TRUE(testing::MetricsConsistent(model, sim.state())) << "tick " << t;
  }
}

TEST(Metrics, ArmsRaceIndexIsAnnualisedLogGrowthOfTotalMilex) {
  testing::RandomWorldOptions options;
  options.actors = 5;
  options.events = false;
  const Model model = CompileModel(testing::RandomWorld(44, options));
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  double previous = sim.state().milex.sum();
  for (int t = 1; t <= 10; ++t) {
    ASSERT_TRUE(sim.Step().ok);
    const double total = sim.state().milex.sum();
    EXPECT_DOUBLE_EQ(sim.state().milex_total, total);
    EXPECT_DOUBLE_EQ(sim.state().milex_total_previous, previous);
    EXPECT_NEAR(sim.state().arms_race_index, std::log(total / previous) / model.dt, 1e-12);
    previous = total;
  }
}

TEST(Metrics, BlocsAreComponentsAboveThresholdAndPolarizationIsHostilityBetweenThem) {
  // Blocs {A, B} (A_AB = 0.5 >= 0.4) and {C, D} (A_CD = 0.9); E alone; B-C 0.3 below.
  // Hostility: A->C 0.6, C->A 0.2 (between blocs), A->B 0.4 (within), E->D 0.5 (between:
  // E is its own bloc). Polarization = (0.6 + 0.2 + 0.5) / (0.6 + 0.2 + 0.4 + 0.5).
  ScenarioBuilder b;
  for (const char* id : {"A", "B", "C", "D", "E"}) b.Actor(id, 1000.0, 10.0, id[0] - 'A', 0.0);
  b.Between("A", "B").alliance = V(0.5);
  b.Between("C", "D").alliance = V(0.9);
  b.Between("B", "C").alliance = V(0.3);
  b.Directed("A", "C", -0.6);
  b.Directed("C", "A", -0.2);
  b.Directed("A", "B", -0.4);
  b.Directed("E", "D", -0.5);
  const Model model = CompileModel(b.scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  const State& s = sim.state();
  EXPECT_EQ(s.bloc, (Eigen::VectorXi(5) << 0, 0, 2, 2, 4).finished());
  EXPECT_EQ(s.bloc_count, 2) << "a lone actor is not a bloc";
  EXPECT_DOUBLE_EQ(s.polarization, (0.6 + 0.2 + 0.5) / (0.6 + 0.2 + 0.4 + 0.5));
}

}  // namespace
}  // namespace polarity
