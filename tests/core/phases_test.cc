// Phases 1-6 and 9 of docs/model.md, one at a time, against an independent
// reference written here from the equations (noise 0, no crises, no events: everything is
// deterministic). Each test switches on one mechanism (perception is always computed: off
// means P = T) and compares one engine tick with one reference tick; the last test runs all
// of them together for 20 ticks.

#include <cmath>
#include <limits>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "core/eigen_matchers.h"
#include "core/random_world.h"
#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// One tick of the deterministic phases, written from docs/model.md.
void ReferenceStep(const Model& model, State& s) {
  const Parameters& p = s.params;
  const double dt = model.dt;
  const int n = model.num_actors;
  const int k = model.num_domains;

  // 1-2. Coalition capability and raw threat.
  MatrixXd hostility = (-s.stance).cwiseMax(0.0);
  hostility.diagonal().setZero();
  const MatrixXd coalition = s.capability + s.alliance * s.capability;  // C~ = C + A C
  const MatrixXd g = s.concern * coalition.transpose();                 // G = W C~^T
  MatrixXd threat = hostility.cwiseProduct(s.proximity).cwiseProduct(g);
  threat.diagonal().setZero();

  // 3. Perception, σ = 0.
  if (p.perception.enabled) {
    s.perceived_threat = (1.0 - p.perception.lag) * s.perceived_threat + p.perception.lag * threat;
  } else {
    s.perceived_threat = threat;
  }

  // 4. Arms race (stocks of the start of the tick; cap of the GDP before growth), then the
  //    economy.
  if (p.arms_race.enabled) {
    const MatrixXd allied = s.alliance.cwiseProduct(s.concern * s.capability.transpose());
    const VectorXd need = s.perceived_threat.rowwise().sum() -
                          p.arms_race.burden_sharing * allied.rowwise().sum();
    for (int i = 0; i < n; ++i) {
      double m = s.milex(i) + dt * (s.reactivity(i) * need(i) - s.fatigue(i) * s.milex(i) +
                                    s.grievance(i));
      const double cap = s.burden_cap(i) > 0.0 ? s.burden_cap(i) * s.gdp(i)
                                               : std::numeric_limits<double>::infinity();
      s.milex(i) = std::fmin(std::fmax(m, s.milex_floor(i)), cap);  // the cap wins over the floor
    }
  }
  if (p.economy.enabled) {
    // Growth, then spending clamped again to the new cap (a shrinking economy lowers it).
    for (int i = 0; i < n; ++i) {
      s.gdp(i) *= 1.0 + s.gdp_growth(i) * dt;
      if (s.burden_cap(i) > 0.0) s.milex(i) = std::fmin(s.milex(i), s.burden_cap(i) * s.gdp(i));
    }
  }

  // 5. Allocation toward the domain mix of threat, then stocks.
  if (p.allocation.enabled) {
    const MatrixXd tau = s.concern.cwiseProduct(hostility.cwiseProduct(s.proximity) * coalition);
    for (int i = 0; i < n; ++i) {
      const double total = tau.row(i).sum();
      if (total > 0.0) {
        s.allocation.row(i) += p.allocation.rate * dt * (tau.row(i) / total - s.allocation.row(i));
      }
    }
  }
  if (p.capability.enabled) {
    for (int d = 0; d < k; ++d) {
      const double delta = std::isnan(model.depreciation_override(d))
                               ? p.capability.depreciation
                               : model.depreciation_override(d);
      s.capability.col(d) = (1.0 - delta * dt) * s.capability.col(d) +
                            dt * s.efficiency.cwiseProduct(s.milex).cwiseProduct(s.allocation.col(d));
    }
  }

  // 6. Alliance, then stance (with the alliance depth just updated).
  const MatrixXd b = s.stance * s.stance / static_cast<double>(n);
  if (p.alliance.enabled) {
    MatrixXd unit = s.perceived_threat;
    for (int i = 0; i < n; ++i) {
      const double norm = unit.row(i).norm();
      if (norm > 0.0) unit.row(i) /= norm;
    }
    const MatrixXd q = unit * unit.transpose();
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        double a = s.alliance(i, j);
        if (std::fmin(s.stance(i, j), s.stance(j, i)) > p.alliance.min_stance) {
          const double bs = 0.5 * (b(i, j) + b(j, i));
          a += dt * (p.alliance.rate * (q(i, j) + p.alliance.balance_weight * bs) -
                     p.alliance.friction_weight * s.friction(i, j) - p.alliance.decay * a);
        } else {
          a -= dt * p.alliance.decay * a;
        }
        a = std::fmin(std::fmax(a, 0.0), 1.0);
        s.alliance(i, j) = s.alliance(j, i) = a;
      }
    }
  }
  if (p.stance.enabled) {
    for (int i = 0; i < n; ++i) {
      const double total = threat.row(i).sum();
      for (int j = 0; j < n; ++j) {
        if (i == j) continue;
        const double share = total > 0.0 ? threat(i, j) / total : 0.0;
        const double ds = p.stance.balance_rate * b(i, j) -
                          p.stance.threat_rate * share * (1.0 - s.interdependence(i, j)) +
                          p.stance.alliance_rate * s.alliance(i, j);
        s.stance(i, j) = std::fmin(std::fmax(s.stance(i, j) + dt * ds, -1.0), 1.0);
      }
    }
  }
  s.tick += 1;
}

// A random 5-actor world, events and crises off, no noise; `configure` picks the phases.
template <typename F>
Model DeterministicWorld(std::uint64_t seed, F configure) {
  testing::RandomWorldOptions options;
  options.actors = 5;
  options.events = false;
  Scenario scenario = testing::RandomWorld(seed, options);
  Parameters& p = scenario.parameters;
  testing::SetAllMechanisms(p, false);
  p.perception.noise = 0.0;
  configure(p);
  return CompileModel(scenario);
}

// Steps engine and reference `ticks` times from tick 0 and compares every changed variable.
void CompareWithReference(const Model& model, int ticks, double tol) {
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  State ref = sim.state();
  for (int t = 1; t <= ticks; ++t) {
    ASSERT_TRUE(sim.Step().ok);
    ReferenceStep(model, ref);
    const State& s = sim.state();
    SCOPED_TRACE("tick " + std::to_string(t));
    EXPECT_MATRIX_NEAR(s.perceived_threat, ref.perceived_threat, tol);
    EXPECT_MATRIX_NEAR(s.milex, ref.milex, tol);
    EXPECT_MATRIX_NEAR(s.gdp, ref.gdp, tol);
    EXPECT_MATRIX_NEAR(s.allocation, ref.allocation, tol);
    EXPECT_MATRIX_NEAR(s.capability, ref.capability, tol);
    EXPECT_MATRIX_NEAR(s.alliance, ref.alliance, tol);
    EXPECT_MATRIX_NEAR(s.stance, ref.stance, tol);
    // Record phase.
    EXPECT_MATRIX_NEAR(s.capability_index, ref.capability.rowwise().sum(), tol);
    EXPECT_MATRIX_NEAR(s.threat, ref.perceived_threat.rowwise().sum(), tol);
    EXPECT_NEAR(s.milex_total, ref.milex.sum(), tol * ref.milex.sum());
    if (::testing::Test::HasFailure()) return;  // one tick of diagnostics is enough
  }
}

TEST(Phases, ThreatIsHostilityTimesProximityTimesConcernWeightedCoalitionCapability) {
  // Phases 1-3 with perception off: P = T.
  const Model model = DeterministicWorld(31, [](Parameters&) {});
  CompareWithReference(model, 1, 1e-12);
}

TEST(Phases, PerceptionClosesShareLambdaOfTheGapWithoutNoise) {
  const Model model = DeterministicWorld(32, [](Parameters& p) {
    p.perception.enabled = true;
    p.perception.lag = 0.3;
  });
  CompareWithReference(model, 3, 1e-12);
}

TEST(Phases, ArmsRaceIsRichardsonStepClampedToFloorAndCap) {
  const Model model = DeterministicWorld(33, [](Parameters& p) {
    p.arms_race.enabled = true;
    p.economy.enabled = true;
  });
  CompareWithReference(model, 3, 1e-12);
}

TEST(Phases, ArmsRaceClampHitsTheCap) {
  // Large reactivity drives every actor to its cap b y (of the GDP before growth: phase 4
  // clamps, then grows GDP).
  testing::RandomWorldOptions options;
  options.actors = 4;
  options.events = false;
  Scenario scenario = testing::RandomWorld(34, options);
  // Every pair hostile and no alliance (so θ = Σ_j P_ij > 0), reactivity large enough
  // that one tick overshoots every cap.
  for (ActorSpec& a : scenario.actors) a.reactivity = testing::V(1e4);
  for (RelationSpec& r : scenario.relations) {
    r.stance = testing::V(-1.0);
    r.alliance = testing::V(0.0);
  }
  testing::SetAllMechanisms(scenario.parameters, false);
  scenario.parameters.arms_race.enabled = true;
  scenario.parameters.economy.enabled = true;
  const Model model = CompileModel(scenario);
  CompareWithReference(model, 2, 1e-12);
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  const Eigen::VectorXd cap = model.initial.burden_cap.cwiseProduct(model.initial.gdp);
  ASSERT_TRUE(sim.Step().ok);
  EXPECT_MATRIX_NEAR(sim.state().milex, cap, 1e-12);
}

TEST(Phases, ShrinkingEconomyClampsSpendingToTheNewCap) {
  // Spending at its cap, GDP falling by up to 40%/year: after growth m is clamped to the
  // lower cap b y(t) (the cap wins over the floor).
  testing::RandomWorldOptions options;
  options.actors = 4;
  options.events = false;
  options.min_gdp_growth = -0.4;
  Scenario scenario = testing::RandomWorld(45, options);
  for (ActorSpec& a : scenario.actors) {
    a.reactivity = testing::V(1e4);
    a.gdp_growth = testing::V(-0.4);
    a.milex_floor = testing::V(a.milex.value);  // the floor ends above the shrinking cap
  }
  for (RelationSpec& r : scenario.relations) {
    r.stance = testing::V(-1.0);
    r.alliance = testing::V(0.0);
  }
  testing::SetAllMechanisms(scenario.parameters, false);
  scenario.parameters.arms_race.enabled = true;
  scenario.parameters.economy.enabled = true;
  const Model model = CompileModel(scenario);
  CompareWithReference(model, 12, 1e-12);
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  for (int t = 1; t <= 12; ++t) ASSERT_TRUE(sim.Step().ok);
  EXPECT_MATRIX_NEAR(sim.state().milex, sim.state().burden_cap.cwiseProduct(sim.state().gdp), 1e-12);
}

TEST(Phases, AllocationMovesTowardDomainThreatAndStocksAccumulate) {
  const Model model = DeterministicWorld(35, [](Parameters& p) {
    p.arms_race.enabled = true;
    p.allocation.enabled = true;
    p.allocation.rate = 0.8;
    p.capability.enabled = true;
  });
  CompareWithReference(model, 3, 1e-12);
}

TEST(Phases, AllianceFollowsSharedThreatBalanceFrictionAndDecay) {
  const Model model = DeterministicWorld(36, [](Parameters& p) {
    p.alliance.enabled = true;
    p.alliance.rate = 0.6;
  });
  CompareWithReference(model, 3, 1e-12);
}

TEST(Phases, StanceFollowsBalanceThreatShareAndAlliance) {
  const Model model = DeterministicWorld(37, [](Parameters& p) {
    p.stance.enabled = true;
    p.stance.balance_rate = 0.5;
    p.stance.threat_rate = 0.4;
    p.stance.alliance_rate = 0.3;
  });
  CompareWithReference(model, 3, 1e-12);
}

TEST(Phases, AllDeterministicPhasesTogetherFollowTheReference) {
  for (const std::uint64_t seed : {38u, 39u, 40u}) {
    const Model model = DeterministicWorld(seed, [](Parameters& p) {
      testing::SetAllMechanisms(p, true);
      p.perception.noise = 0.0;
      p.deterrence.enabled = false;
      p.events.enabled = false;
    });
    CompareWithReference(model, 20, 1e-9);
  }
}

}  // namespace
}  // namespace polarity
