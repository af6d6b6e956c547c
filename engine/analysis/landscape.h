#pragma once
// Landscape theory of aggregation (Axelrod & Bennett 1993, British Journal of Political
// Science 23(2):211-233), issue 5, item 4.
//
// N actors of size s_i >= 0 with symmetric propensities p_ij (> 0: i and j prefer to be on
// the same side; < 0: on opposite sides) are split into two sides. A configuration X gives
// each actor a side; d_ij(X) = 0 when i and j share a side, 1 otherwise. Then
//
//   frustration of i   F_i(X) = Σ_{j≠i} s_j p_ij d_ij(X)
//   energy             E(X)   = Σ_{i<j} s_i s_j p_ij d_ij(X) = ½ Σ_i s_i F_i(X)
//
// Actors switch sides myopically: one at a time, an actor moves when that lowers its own
// frustration. Switching i changes the energy by ΔE = s_i ΔF_i, so with symmetric p every
// such move lowers E (or leaves it unchanged when s_i = 0) and the dynamics stop in a local
// minimum: a configuration from which no single switch lowers E. Configurations are counted
// up to the exchange of the two sides (actor 0 is always on side 0).
//
// Exhaustive search visits all 2^(N-1) configurations in Gray-code order, updating each
// actor's field f_i = Σ_j s_i s_j p_ij σ_j (σ = +1 on side 0, -1 on side 1) in O(N) per step,
// so it costs O(N 2^N): well under a second for N = 20. Beyond that, myopic switching from
// many seeded random starts finds local minima (not necessarily all of them).

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "polarity/state.h"

namespace polarity::analysis {

struct Landscape {
  Eigen::VectorXd size;        // s (N), >= 0, e.g. a capability index
  Eigen::MatrixXd propensity;  // p (N x N), symmetric, zero diagonal
};

// Side (0 or 1) of each actor.
using Configuration = std::vector<int>;

// Throws std::invalid_argument unless sizes are finite and >= 0 and p is square, symmetric
// and finite with a zero diagonal, of matching size.
void ValidateLandscape(const Landscape& landscape);

double Energy(const Landscape& landscape, const Configuration& sides);
Eigen::VectorXd Frustration(const Landscape& landscape, const Configuration& sides);  // F (N)
// E(X with actor i switched) - E(X).
double SwitchEnergyChange(const Landscape& landscape, const Configuration& sides, int actor);
// F_i(X with actor i switched) - F_i(X).
double SwitchFrustrationChange(const Landscape& landscape, const Configuration& sides, int actor);

// True when no single switch lowers the energy by more than `tolerance`.
bool IsLocalMinimum(const Landscape& landscape, const Configuration& sides, double tolerance = 1e-9);

// The same configuration with actor 0 on side 0.
Configuration Canonical(Configuration sides);

struct LandscapeMinimum {
  Configuration sides;  // canonical
  double energy = 0.0;
};

struct ExhaustiveSearchResult {
  std::vector<LandscapeMinimum> local_minima;  // sorted by energy, then by sides; the first is a global minimum
  std::uint64_t configurations = 0;            // 2^(N-1) visited
  bool truncated = false;                      // more local minima than max_minima were found (the list keeps the lowest)
};

// Every configuration of N <= 20 actors (throws std::invalid_argument beyond). A
// configuration is a local minimum when no switch lowers E by more than
// tolerance · Σ_{i<j} |s_i s_j p_ij|.
ExhaustiveSearchResult ExhaustiveSearch(const Landscape& landscape, std::size_t max_minima = 4096,
                                        double tolerance = 1e-12);

enum class SwitchOrder {
  kSequential,  // sweep actors 0..N-1, each switching if that lowers its frustration
  kSteepest,    // each step, the actor whose switch lowers its frustration most
};

struct MyopicResult {
  Configuration sides;               // canonical end point, a local minimum when converged
  double energy = 0.0;
  std::vector<double> energy_path;   // E after each switch, starting with E(start)
  std::vector<int> switched;         // the actor that moved at each step
  bool converged = false;            // stopped because no switch lowers frustration
};

// Myopic switching from `start` until no actor can lower its frustration by more than
// `tolerance` · max(1, max_j Σ_k |s_k p_jk|), or max_switches moves.
MyopicResult MyopicSwitching(const Landscape& landscape, Configuration start,
                             SwitchOrder order = SwitchOrder::kSequential,
                             int max_switches = 1000000, double tolerance = 1e-12);

// Myopic switching from `starts` random configurations (sides drawn from Philox4x64-10 keyed
// by `seed`, one draw per (start, actor)); the distinct end points, sorted by energy.
std::vector<LandscapeMinimum> MyopicSearch(const Landscape& landscape, int starts,
                                           std::uint64_t seed,
                                           SwitchOrder order = SwitchOrder::kSequential);

// The landscape of an engine state, as a metric: sizes are the capability index |c_i| (sum
// over domains, as State::capability_index), propensities the symmetrised stances
// (S_ij + S_ji) / 2. Reads only State::capability and State::stance.
Landscape LandscapeOfState(const State& state);

// X, the two-bloc configuration of an engine state, read from the alliances alone (never
// from the stances, which make the landscape):
//   1. the blocs are State::bloc (components of alliance depth >= bloc_threshold, a lone
//      actor being a bloc of one);
//   2. the two blocs of largest total size are the poles: the first on side 0, the second on
//      side 1 (equal totals: the bloc whose first actor comes first in model order);
//   3. every other bloc joins, whole, the pole to which its summed alliance depth
//      Σ_{i in bloc, j in pole} A_ij is larger; a bloc allied to neither pole (equal sums,
//      0 = 0 included) joins side 1.
// So side 0 is always the strongest bloc's side (X is not canonical), no bloc is split, a
// bloc or lone actor sits with the pole it is more allied to (below the bloc threshold),
// and one with no allies is counted outside the strongest bloc. One bloc only (N = 1, or
// every actor in one bloc): all on side 0. Reads State::bloc and State::alliance (valid on
// recorded ticks); `size` is the landscape's.
Configuration ConfigurationOfState(const State& state, const Eigen::VectorXd& size);

// The landscape metric of an engine state (timeseries.csv: landscape_energy,
// landscape_gap, frustration; `polarity landscape`).
struct StateLandscape {
  Landscape landscape;          // LandscapeOfState(state)
  Configuration sides;          // X, ConfigurationOfState
  double energy = 0.0;          // E(X)
  Eigen::VectorXd frustration;  // F_i(X) (N)
  MyopicResult relaxed;         // sequential myopic switching from X: X* = relaxed.sides
  double gap = 0.0;             // E(X) - E(X*) >= 0; 0 when X is a local minimum
};

// At most this many switches per actor when relaxing X (StateLandscape::relaxed): a guard
// against the (rare, worst-case exponential) long runs of myopic dynamics, never reached
// in the tests or scenarios.
inline constexpr int kRelaxSwitchesPerActor = 100;

// Fills *out and returns true, or returns false when the metric is undefined for this
// state: the stance or alliance matrix is not N x N (a world whose dyads live on ties), or
// a size or propensity is not finite. Costs O(N²) per sweep of the switching; allocates.
bool MeasureStateLandscape(const State& state, StateLandscape* out);

}  // namespace polarity::analysis
