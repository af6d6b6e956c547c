// The NumPy peer of the benchmarks (bench/peers/numpy_reference.py) computes the same tick
// as the engine: on synthetic worlds with noise, crisis onset and scheduled events off, both
// trajectories agree to 1e-9 relative, tick by tick, for every state variable the
// deterministic tick changes. The engine/NumPy speed ratios of bench/RESULTS.md are
// therefore ratios for the same work.

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "../../bench/synthetic_world.h"
#include "../../bench/world_io.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

constexpr double kRelativeTolerance = 1e-9;
const char* const kPython = "/usr/bin/python3";

bool PeerAvailable(std::string* why) {
  if (!fs::exists(kPython)) {
    *why = std::string(kPython) + " not found";
    return false;
  }
  const std::string probe = std::string(kPython) + " -c 'import numpy' > /dev/null 2>&1";
  if (std::system(probe.c_str()) != 0) {
    *why = "python3-numpy is not installed";
    return false;
  }
  return true;
}

// The engine's values of one variable after each tick, as rows x cols matrices.
struct Trajectory {
  std::string name;
  std::vector<Eigen::MatrixXd> ticks;
};

std::vector<Trajectory> RunEngine(const Model& model, int ticks) {
  std::vector<Trajectory> out = {{"milex", {}},           {"gdp", {}},      {"capability", {}},
                                 {"allocation", {}},      {"perceived_threat", {}},
                                 {"alliance", {}},        {"stance", {}}};
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  for (int t = 0; t < ticks; ++t) {
    const StepStatus status = sim.Step();
    EXPECT_TRUE(status.ok) << "tick " << status.tick << ": " << status.variable;
    const State& s = sim.state();
    out[0].ticks.emplace_back(s.milex);
    out[1].ticks.emplace_back(s.gdp);
    out[2].ticks.push_back(s.capability);
    out[3].ticks.push_back(s.allocation);
    out[4].ticks.push_back(s.perceived_threat);
    out[5].ticks.push_back(s.alliance);
    out[6].ticks.push_back(s.stance);
  }
  return out;
}

// Largest relative difference over the entries of two arrays. An entry's scale is the
// larger of its two values, floored at 1e-6 of the array's largest magnitude (entries
// that are zero in one and round-off in the other do not count as a relative error of 1).
double WorstRelative(const Eigen::MatrixXd& engine, const Eigen::MatrixXd& peer, Eigen::Index* at) {
  const double floor = 1e-6 * std::max(engine.cwiseAbs().maxCoeff(), peer.cwiseAbs().maxCoeff());
  double worst = 0.0;
  for (Eigen::Index e = 0; e < engine.size(); ++e) {
    const double a = engine.data()[e], b = peer.data()[e];
    const double scale = std::max({std::abs(a), std::abs(b), floor, 1e-300});
    const double rel = std::abs(a - b) / scale;
    if (!(rel <= worst)) {  // also catches NaN
      worst = rel;
      *at = e;
    }
  }
  return worst;
}

void ExpectPeerAgrees(int actors, int ticks, std::uint64_t seed) {
  std::string why;
  if (!PeerAvailable(&why)) GTEST_SKIP() << "NumPy peer cannot run: " << why;

  const Model model = bench::SyntheticModel(actors, seed, bench::WorldConfig::kPeer);
  const fs::path dir = fs::temp_directory_path() /
                       ("polarity_peer_" + std::to_string(::getpid()) + "_" + std::to_string(actors));
  fs::remove_all(dir);
  bench::WriteWorld(model, dir / "world");
  const std::string command = std::string(kPython) + " " + POLARITY_SOURCE_DIR +
                              "/bench/peers/numpy_reference.py --input " + (dir / "world").string() +
                              " --ticks " + std::to_string(ticks) + " --output " +
                              (dir / "trajectory").string();
  ASSERT_EQ(std::system(command.c_str()), 0) << command;

  const std::vector<Trajectory> engine = RunEngine(model, ticks);
  for (const Trajectory& variable : engine) {
    const Eigen::Index rows = variable.ticks.front().rows();
    const Eigen::Index cols = variable.ticks.front().cols();
    const std::vector<Eigen::MatrixXd> peer =
        bench::ReadArrays(dir / "trajectory" / (variable.name + ".bin"), rows, cols, ticks);
    double worst = 0.0;
    int worst_tick = 0, first_tick = 0;
    Eigen::Index worst_entry = 0;
    for (int t = 0; t < ticks; ++t) {
      Eigen::Index at = 0;
      const double rel = WorstRelative(variable.ticks[static_cast<std::size_t>(t)],
                                       peer[static_cast<std::size_t>(t)], &at);
      if (rel > kRelativeTolerance && first_tick == 0) first_tick = t + 1;
      if (!(rel <= worst)) {
        worst = rel;
        worst_tick = t + 1;
        worst_entry = at;
      }
    }
    const auto& e = variable.ticks[static_cast<std::size_t>(worst_tick > 0 ? worst_tick - 1 : 0)];
    const auto& p = peer[static_cast<std::size_t>(worst_tick > 0 ? worst_tick - 1 : 0)];
    EXPECT_LE(worst, kRelativeTolerance)
        << variable.name << ": first beyond tolerance at tick " << first_tick
        << "; worst relative difference " << worst << " at tick " << worst_tick
        << ", entry (" << worst_entry % rows << ", " << worst_entry / rows << "): engine "
        << e.data()[worst_entry] << ", peer " << p.data()[worst_entry];
  }
  fs::remove_all(dir);
}

TEST(NumpyPeer, SmallWorldTrajectoriesAgreeForFortyTicks) { ExpectPeerAgrees(8, 40, 11); }

TEST(NumpyPeer, FlagshipSizedWorldTrajectoriesAgreeForFortyTicks) { ExpectPeerAgrees(20, 40, 12); }

TEST(NumpyPeer, LargerWorldTrajectoriesAgreeForTwentyTicks) { ExpectPeerAgrees(120, 20, 13); }

}  // namespace
}  // namespace polarity
