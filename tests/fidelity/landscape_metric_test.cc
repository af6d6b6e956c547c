// Issue 5, item 4: landscape theory as an engine metric. The two-bloc configuration X of a
// state (analysis::ConfigurationOfState), its energy, every actor's frustration and the
// myopic gap on a hand-built state counted by hand, and the same numbers in the
// timeseries rows and series the recorder writes.

#include <cmath>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "analysis/landscape.h"
#include "core/scenario_builder.h"
#include "io/run_recorder.h"
#include "io/series.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

using analysis::Configuration;
using analysis::ConfigurationOfState;
using analysis::MeasureStateLandscape;
using analysis::StateLandscape;

// Five actors A..E, one domain, sizes (capability) 4, 2, 3, 1, 1; every mechanism off so
// the state stays as built. Alliances: A-B 0.8 and C-D 0.6 (blocs at the default threshold
// 0.4), C-E 0.3 and A-E `ae_alliance` (below it). Stances (symmetric, so p = S): A-B 0.5, C-D 0.5,
// A-C -0.5, B-D -0.5, E-A 0.8, E-C 0.2, every other pair 0.
testing::ScenarioBuilder HandBuiltWorld(double ae_alliance = 0.1) {
  testing::ScenarioBuilder b;
  b.Domains({"force"}).Time(2020.0, 0.25, 2);
  testing::SetAllMechanisms(b.params(), false);
  const char* ids[] = {"A", "B", "C", "D", "E"};
  const double sizes[] = {4, 2, 3, 1, 1};
  for (int i = 0; i < 5; ++i) {
    ActorSpec& a = b.Actor(ids[i], 1000.0, 10.0, 0.0, 10.0 * i);
    a.capability["force"] = testing::V(sizes[i]);
  }
  const auto relation = [&](const char* x, const char* y, double alliance, double stance) {
    RelationSpec& r = b.Between(x, y);
    if (alliance != 0.0) r.alliance = testing::V(alliance);
    if (stance != 0.0) r.stance = testing::V(stance);
  };
  relation("A", "B", 0.8, 0.5);
  relation("C", "D", 0.6, 0.5);
  relation("C", "E", 0.3, 0.2);
  relation("A", "E", ae_alliance, 0.8);
  relation("A", "C", 0.0, -0.5);
  relation("B", "D", 0.0, -0.5);
  return b;
}

// By hand. Blocs {A, B} (total size 6), {C, D} (4), {E} (1): the poles are {A, B} (side 0)
// and {C, D} (side 1); E is allied 0.1 to the first and 0.3 to the second, so X = {A, B | C,
// D, E}. Pairs across: A-C, A-D, A-E, B-C, B-D, B-E, so
//   E(X) = 4·3·(−0.5) + 4·1·0.8 + 2·1·(−0.5) = −6 + 3.2 − 1 = −3.8,
//   F_A = 3·(−0.5) + 1·0.8 = −0.7, F_B = 1·(−0.5) = −0.5, F_C = 4·(−0.5) = −2,
//   F_D = 2·(−0.5) = −1, F_E = 4·0.8 = 3.2   (½ Σ s_i F_i = ½ (−2.8 − 1 − 6 − 1 + 3.2) = −3.8).
// Sequential switching from X: A (ΔF = 2·0.5 + 1.5 − 0.8 = 1.7), B (2.5), C (0.5 + 0.2 + 2 =
// 2.7), D (2.5) stay; E gains by moving (ΔF_E = −3.2 + 3·0.2 = −2.6), and then nobody does.
// X* = {A, B, E | C, D}, E(X*) = −6 − 1 + 3·0.2 = −6.4, gap = 2.6.
TEST(LandscapeMetric, HandBuiltStateMatchesTheHandCount) {
  const Model model = CompileModel(HandBuiltWorld().scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  StateLandscape m;
  ASSERT_TRUE(MeasureStateLandscape(sim.state(), &m));
  EXPECT_EQ(m.sides, (Configuration{0, 0, 1, 1, 1}));
  EXPECT_NEAR(m.energy, -3.8, 1e-12);
  ASSERT_EQ(m.frustration.size(), 5);
  const double f[] = {-0.7, -0.5, -2.0, -1.0, 3.2};
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(m.frustration(i), f[i], 1e-12) << "actor " << i;
  EXPECT_EQ(m.relaxed.switched, (std::vector<int>{4}));
  EXPECT_EQ(m.relaxed.sides, (Configuration{0, 0, 1, 1, 0}));
  EXPECT_NEAR(m.relaxed.energy, -6.4, 1e-12);
  EXPECT_NEAR(m.gap, 2.6, 1e-12);
  EXPECT_TRUE(m.relaxed.converged);
}

// The recorder writes E(X) and the gap as system rows after `wars`, and F_i as the actor
// row after `bloc`, in the timeseries and the numeric series, at every recorded tick.
TEST(LandscapeMetric, RecorderWritesTheHandCountedValues) {
  auto model = std::make_shared<const Model>(CompileModel(HandBuiltWorld().scenario()));
  Simulation sim(*model);
  io::RunRecorder recorder(*model, io::RecordOptions::ForModel(*model));
  io::RunJob job;
  job.seed = 1;
  job.model = model;
  io::RunOutput out;
  recorder.Record(sim, job, &out);
  ASSERT_EQ(out.status, io::RunStatus::kOk) << out.error;
  ASSERT_EQ(out.series.size(), 3u);  // ticks 0, 1, 2
  for (std::size_t t = 0; t < out.series.size(); ++t) {
    EXPECT_NEAR(out.series.System(t, io::SystemVariable::kLandscapeEnergy), -3.8, 1e-12);
    EXPECT_NEAR(out.series.System(t, io::SystemVariable::kLandscapeGap), 2.6, 1e-12);
    EXPECT_NEAR(out.series.Actor(t, io::ActorVariable::kFrustration, 4), 3.2, 1e-12);
    EXPECT_NEAR(out.series.Actor(t, io::ActorVariable::kFrustration, 2), -2.0, 1e-12);
  }
  // The rows, in order: wars, landscape_energy, landscape_gap, then each actor's variables
  // ending with bloc, frustration.
  std::istringstream rows(out.timeseries);
  std::vector<std::string> tick0;
  for (std::string line; std::getline(rows, line) && line.rfind("0,0,0,", 0) == 0;) tick0.push_back(line);
  ASSERT_GT(tick0.size(), 17u);
  EXPECT_EQ(tick0[14].substr(0, tick0[14].rfind(',')), "0,0,0,2020,,,wars");
  const auto value = [](const std::string& row) { return std::stod(row.substr(row.rfind(',') + 1)); };
  EXPECT_EQ(tick0[15].substr(0, tick0[15].rfind(',')), "0,0,0,2020,,,landscape_energy");
  EXPECT_NEAR(value(tick0[15]), -3.8, 1e-12);
  EXPECT_EQ(tick0[16].substr(0, tick0[16].rfind(',')), "0,0,0,2020,,,landscape_gap");
  EXPECT_NEAR(value(tick0[16]), 2.6, 1e-12);
  const std::size_t first_actor = 17, per_actor = io::kActorVariableCount;
  const std::string& e_frustration = tick0[first_actor + 4 * per_actor + per_actor - 1];
  EXPECT_EQ(e_frustration.substr(0, e_frustration.rfind(',')), "0,0,0,2020,E,,frustration");
  EXPECT_NEAR(value(e_frustration), 3.2, 1e-12);
  const std::string& e_bloc = tick0[first_actor + 4 * per_actor + per_actor - 2];
  EXPECT_EQ(e_bloc.substr(0, e_bloc.rfind(',')), "0,0,0,2020,E,,bloc");
}

// Rules of X beyond the hand-built case: the strongest bloc is on side 0 even when actor 0
// is not in it; a lone actor with no alliance joins side 1; a bloc is never split; one bloc
// puts everyone on side 0; equal totals go to the bloc whose first actor comes first.
TEST(LandscapeMetric, ConfigurationFollowsTheAlliances) {
  State s;
  const int n = 5;
  s.alliance = Eigen::MatrixXd::Zero(n, n);
  s.bloc.resize(n);
  // Blocs {0}, {1, 2, 3} and {4}; sizes make {1, 2, 3} the strongest and {0} the second.
  s.bloc << 0, 1, 1, 1, 4;
  Eigen::VectorXd size(n);
  size << 5, 2, 2, 2, 1;
  EXPECT_EQ(ConfigurationOfState(s, size), (Configuration{1, 0, 0, 0, 1}));
  // Actor 4 allied (below the threshold) to a member of the strongest bloc joins it.
  s.alliance(4, 2) = s.alliance(2, 4) = 0.3;
  EXPECT_EQ(ConfigurationOfState(s, size), (Configuration{1, 0, 0, 0, 0}));
  // ... but not when it is more allied to the second pole.
  s.alliance(4, 0) = s.alliance(0, 4) = 0.35;
  EXPECT_EQ(ConfigurationOfState(s, size), (Configuration{1, 0, 0, 0, 1}));
  // A bloc that is not a pole moves whole: {3, 4}, with actor 4 allied as before (0.3 to the
  // first pole {1, 2}, 0.35 to the second {0}) and actor 3 allied 0.1 to actor 1: summed,
  // 0.4 against 0.35, so actor 4 goes with its bloc to side 0.
  s.bloc << 0, 1, 1, 3, 3;
  size << 5, 3, 3, 1, 1;
  s.alliance(3, 1) = s.alliance(1, 3) = 0.1;
  EXPECT_EQ(ConfigurationOfState(s, size), (Configuration{1, 0, 0, 0, 0}));
  s.alliance(3, 1) = s.alliance(1, 3) = 0.0;  // 0.3 against 0.35: side 1
  EXPECT_EQ(ConfigurationOfState(s, size), (Configuration{1, 0, 0, 1, 1}));
  // Equal totals: the bloc whose first actor comes first is the first pole.
  s.alliance.setZero();
  s.bloc << 0, 0, 2, 2, 4;
  size << 1, 2, 2, 1, 0.5;
  EXPECT_EQ(ConfigurationOfState(s, size), (Configuration{0, 0, 1, 1, 1}));
  // One bloc: everybody on side 0.
  s.bloc.setZero();
  EXPECT_EQ(ConfigurationOfState(s, size), (Configuration{0, 0, 0, 0, 0}));
}

// X at a local minimum has gap 0; the metric is undefined without N x N stances (a world
// whose dyads live on ties) or with a non-finite size, and then the recorder writes no
// landscape rows.
TEST(LandscapeMetric, GapIsZeroAtALocalMinimumAndUndefinedWithoutDenseStances) {
  // A-E 0.35 against C-E 0.3: E now sides with A, which is where switching took it.
  const Model model = CompileModel(HandBuiltWorld(0.35).scenario());
  Simulation sim(model);
  sim.Reset(RunKey{1, 0, 0});
  StateLandscape m;
  ASSERT_TRUE(MeasureStateLandscape(sim.state(), &m));
  EXPECT_EQ(m.sides, (Configuration{0, 0, 1, 1, 0}));
  EXPECT_NEAR(m.energy, -6.4, 1e-12);
  EXPECT_EQ(m.gap, 0.0);
  EXPECT_TRUE(m.relaxed.switched.empty());

  State sparse = sim.state();
  sparse.stance.resize(0, 0);
  EXPECT_FALSE(MeasureStateLandscape(sparse, &m));
  State overflow = sim.state();
  overflow.capability(0, 0) = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(MeasureStateLandscape(overflow, &m));
}

}  // namespace
}  // namespace polarity
