// MODEL.md 4.1, the Richardson limit. With K = 1, two actors, h = 1, π = 1, A = 0, P = T,
// δ dt = 1 and e dt = 1 (the stock is the spending of the tick just computed), no burden cap
// and deterrence off, phase 4 of docs/model.md becomes
//
//   θ_x = P_xy = T_xy = c_y = m_y(previous tick)
//   m_x <- m_x + dt (k m_y - α m_x + g),   m_y <- m_y + dt (l m_x - β m_y + h)
//
// and phase 5 then sets c = (1 - δ dt) c + dt e m a = m. The threat read in tick n+1 is the
// spending at the end of tick n, i.e. the current state: the engine is exactly explicit
// Euler, x_{n+1} = x_n + dt (M x_n + b), for dx/dt = M x + b with M = [[-α, k], [l, -β]],
// b = (g, h). Its global error at fixed time T is first order in dt; the bound used below
// is the standard one for a one-step method:
//
//   |e_N| <= Σ_{n<N} ||I + dt M||^(N-1-n) · (dt²/2) · max_[0,T] |x''|,   x'' = M² e^{Mt} (x0 - x*).

#include <cmath>
#include <complex>
#include <vector>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using testing::ScenarioBuilder;
using testing::V;

struct Richardson {
  double k, alpha, g;  // actor X: dx/dt = k y - α x + g
  double l, beta, h;   // actor Y: dy/dt = l x - β y + h
  double x0, y0;

  Eigen::Matrix2d M() const { return (Eigen::Matrix2d() << -alpha, k, l, -beta).finished(); }
  Eigen::Vector2d b() const { return {g, h}; }
  Eigen::Vector2d x_star() const {
    const double det = alpha * beta - k * l;
    return {(beta * g + k * h) / det, (l * g + alpha * h) / det};
  }
  bool stable() const { return alpha * beta > k * l; }

  // exp(M t) by eigen-decomposition (M has distinct eigenvalues in every case used here).
  Eigen::Matrix2d Exp(double t) const {
    Eigen::EigenSolver<Eigen::Matrix2d> es(M());
    const Eigen::Matrix2cd V = es.eigenvectors();
    const Eigen::Vector2cd lambda = es.eigenvalues();
    Eigen::Matrix2cd D = Eigen::Matrix2cd::Zero();
    D(0, 0) = std::exp(lambda(0) * t);
    D(1, 1) = std::exp(lambda(1) * t);
    return (V * D * V.inverse()).real();
  }
  // The solution of the linear ODE: x(t) = x* + e^{Mt} (x0 - x*).
  Eigen::Vector2d Analytic(double t) const {
    const Eigen::Vector2d xs = x_star();
    return xs + Exp(t) * (Eigen::Vector2d(x0, y0) - xs);
  }
  Eigen::Vector2d SecondDerivative(double t) const {
    return M() * M() * Exp(t) * (Eigen::Vector2d(x0, y0) - x_star());
  }
};

// The scenario of MODEL.md 4.1 with time step dt.
Scenario RichardsonScenario(const Richardson& r, double dt, int ticks) {
  ScenarioBuilder b;
  b.Domains({"force"}).Time(2000.0, dt, ticks);
  b.scenario().depreciation_by_domain["force"] = 1.0 / dt;  // δ dt = 1
  auto actor = [&](const char* id, double m0, double k, double alpha, double g) {
    ActorSpec& a = b.Actor(id, 1e6, m0, 10.0, 20.0);  // same capital: d = 0
    a.reach_km = V(1e12);                            // π = exp(0) = 1 in any case
    a.burden_cap = V(0.0);                           // no cap
    a.milex_floor = V(0.0);
    a.efficiency = V(1.0 / dt);                      // e dt = 1
    a.reactivity = V(k);
    a.fatigue = V(alpha);
    a.grievance = V(g);
    a.capability["force"] = V(m0);                   // stock = spending at tick 0
    a.allocation["force"] = V(1.0);
    a.concern["force"] = V(1.0);
  };
  actor("X", r.x0, r.k, r.alpha, r.g);
  actor("Y", r.y0, r.l, r.beta, r.h);
  b.Between("X", "Y").stance = V(-1.0);  // h = 1 both ways, A = 0
  Parameters& p = b.params();
  testing::SetAllMechanisms(p, false);
  p.arms_race.enabled = true;
  p.capability.enabled = true;  // perception off: P = T every tick
  return b.scenario();
}

// Spending of both actors after each tick, path[0] = tick 0.
std::vector<Eigen::Vector2d> RunPath(const Scenario& scenario) {
  const Model model = CompileModel(scenario);
  Simulation sim(model);
  sim.Reset(RunKey{scenario.seed, 0, 0});
  std::vector<Eigen::Vector2d> path;
  path.emplace_back(sim.state().milex(0), sim.state().milex(1));
  for (int t = 1; t <= model.ticks; ++t) {
    const StepStatus status = sim.Step();
    EXPECT_TRUE(status.ok) << "tick " << t << ": " << status.variable;
    path.emplace_back(sim.state().milex(0), sim.state().milex(1));
  }
  return path;
}

// The bound of the file comment for N steps of size dt, with the local truncation error of
// step n bounded by (dt²/2) max |x''| over [t_n, t_{n+1}] (sampled at 9 points, +5% margin:
// x'' is a sum of two exponentials, far from varying by 5% within one step).
double EulerErrorBound(const Richardson& r, double dt, int steps) {
  const Eigen::Matrix2d amp = Eigen::Matrix2d::Identity() + dt * r.M();
  const double growth = Eigen::JacobiSVD<Eigen::Matrix2d>(amp).singularValues()(0);
  double bound = 0.0;
  for (int n = 0; n < steps; ++n) {
    double local = 0.0;
    for (int s = 0; s <= 8; ++s) {
      local = std::fmax(local, r.SecondDerivative(dt * (n + s / 8.0)).norm());
    }
    bound = growth * bound + 1.05 * local * dt * dt / 2.0;
  }
  return bound;
}

const Richardson kStable{/*k=*/0.2, /*alpha=*/0.5, /*g=*/10.0,
                         /*l=*/0.3, /*beta=*/0.6, /*h=*/5.0, /*x0=*/10.0, /*y0=*/40.0};
const Richardson kRunaway{/*k=*/0.5, /*alpha=*/0.2, /*g=*/1.0,
                          /*l=*/0.6, /*beta=*/0.3, /*h=*/2.0, /*x0=*/10.0, /*y0=*/12.0};

TEST(Richardson, EngineIsExplicitEulerOfTheRichardsonSystem) {
  // Every tick of the engine equals x_{n+1} = x_n + dt (M x_n + b) to rounding.
  for (const Richardson& r : {kStable, kRunaway}) {
    const double dt = 0.1;
    const std::vector<Eigen::Vector2d> path = RunPath(RichardsonScenario(r, dt, 100));
    Eigen::Vector2d x(r.x0, r.y0);
    for (std::size_t n = 1; n < path.size(); ++n) {
      x = x + dt * (r.M() * x + r.b());
      ASSERT_NEAR(path[n](0), x(0), 1e-11 * std::fabs(x(0))) << "tick " << n;
      ASSERT_NEAR(path[n](1), x(1), 1e-11 * std::fabs(x(1))) << "tick " << n;
    }
  }
}

TEST(Richardson, MatchesAnalyticSolutionWithErrorShrinkingInDt) {
  const Richardson& r = kStable;
  const double horizon = 10.0;  // years
  std::vector<double> errors;
  std::vector<double> bounds;
  for (const double dt : {0.1, 0.05, 0.025}) {
    const int steps = static_cast<int>(std::lround(horizon / dt));
    const std::vector<Eigen::Vector2d> path = RunPath(RichardsonScenario(r, dt, steps));
    const double error = (path.back() - r.Analytic(horizon)).norm();
    errors.push_back(error);
    bounds.push_back(EulerErrorBound(r, dt, steps));
    EXPECT_LE(error, bounds.back()) << "dt = " << dt;
  }
  // Monotone decrease, first order: halving dt halves the error (ratio 2 ± 10%).
  for (std::size_t i = 1; i < errors.size(); ++i) {
    EXPECT_LT(errors[i], errors[i - 1]);
    EXPECT_NEAR(errors[i - 1] / errors[i], 2.0, 0.2) << "errors " << errors[i - 1] << " -> " << errors[i];
  }
  RecordProperty("errors_dt_0.1_0.05_0.025", ::testing::PrintToString(errors));
  RecordProperty("bounds_dt_0.1_0.05_0.025", ::testing::PrintToString(bounds));
}

TEST(Richardson, StableSystemConvergesToFixedPoint) {
  const Richardson& r = kStable;
  ASSERT_TRUE(r.stable());
  const std::vector<Eigen::Vector2d> path = RunPath(RichardsonScenario(r, 0.25, 400));  // 100 years
  const Eigen::Vector2d xs = r.x_star();  // (βg + kh)/(αβ - kl), (lg + αh)/(αβ - kl)
  EXPECT_NEAR(path.back()(0), xs(0), 1e-9 * xs(0));
  EXPECT_NEAR(path.back()(1), xs(1), 1e-9 * xs(1));
}

TEST(Richardson, RunawaySystemGrowsWithoutBoundAndTracksAnalyticGrowth) {
  const Richardson& r = kRunaway;
  ASSERT_FALSE(r.stable());
  const double horizon = 10.0;
  std::vector<double> rel_errors;
  for (const double dt : {0.1, 0.05, 0.025}) {
    const int steps = static_cast<int>(std::lround(horizon / dt));
    const std::vector<Eigen::Vector2d> path = RunPath(RichardsonScenario(r, dt, steps));
    const Eigen::Vector2d exact = r.Analytic(horizon);
    rel_errors.push_back((path.back() - exact).norm() / exact.norm());
    EXPECT_LE((path.back() - exact).norm(), EulerErrorBound(r, dt, steps)) << "dt = " << dt;
  }
  for (std::size_t i = 1; i < rel_errors.size(); ++i) {
    EXPECT_LT(rel_errors[i], rel_errors[i - 1]);
    EXPECT_NEAR(rel_errors[i - 1] / rel_errors[i], 2.0, 0.2);
  }
  // Over 60 years spending grows monotonically after the first tick, and by the factor of
  // the unstable eigenvalue: the dominant eigenvalue here is
  // (-(α+β) + sqrt((α-β)² + 4kl)) / 2 = 0.3 per year, e^(0.3·60) ≈ 6.6e7.
  const std::vector<Eigen::Vector2d> path = RunPath(RichardsonScenario(r, 0.1, 600));
  for (std::size_t n = 2; n < path.size(); ++n) {
    ASSERT_GT(path[n](0), path[n - 1](0)) << "tick " << n;
    ASSERT_GT(path[n](1), path[n - 1](1)) << "tick " << n;
  }
  EXPECT_GT(path.back()(0), 1e6 * r.x0);
  // Euler's growth factor per tick (1 + λ dt) is below e^{λ dt}: the engine lags the
  // analytic path by a factor that falls steadily, not erratically.
  const double ratio30 = path[300](0) / r.Analytic(30.0)(0);
  const double ratio60 = path[600](0) / r.Analytic(60.0)(0);
  EXPECT_LT(ratio60, ratio30);
  EXPECT_GT(ratio60, 0.0);
}

TEST(Richardson, FullLagWithoutNoiseEqualsPerceptionOff) {
  // λ = 1, σ = 0: P = 0·P + 1·T∘max(0, 1) = T, the same numbers as perception off.
  Scenario off = RichardsonScenario(kStable, 0.1, 50);
  Scenario on = off;
  on.parameters.perception.enabled = true;
  on.parameters.perception.lag = 1.0;
  on.parameters.perception.noise = 0.0;
  const std::vector<Eigen::Vector2d> a = RunPath(off);
  const std::vector<Eigen::Vector2d> b = RunPath(on);
  for (std::size_t n = 0; n < a.size(); ++n) {
    ASSERT_EQ(a[n](0), b[n](0)) << "tick " << n;
    ASSERT_EQ(a[n](1), b[n](1)) << "tick " << n;
  }
}

}  // namespace
}  // namespace polarity
