#pragma once
// Scratch arrays of one tick, sized once with the model so that Step() never allocates.
// Nothing here survives a tick in a way that matters to the model: it is all derivable.

#include <vector>

#include <Eigen/Core>

#include "core/exact_product.h"
#include "core/rng.h"
#include "core/sweeps.h"

namespace polarity {

struct Model;

struct Workspace {
  // tick_threads: threads for the N^3 products (ExactProducts), >= 1.
  Workspace(const Model& model, int tick_threads);

  CounterRng rng;
  // The N^3 products (Q, B, the crisis onset powers), the same bits on every CPU.
  ExactProducts products;
  // The elementwise sweeps over N x N arrays, at the products' instruction set.
  SweepKernels sweeps;

  // phase 1-2
  Eigen::MatrixXd ally_capability;       // A C (N x K), USD bn eq.
  Eigen::MatrixXd coalition_capability;  // C~ = C + A C (N x K)
  Eigen::MatrixXd concern_product;       // G = W C~^T (N x N)
  Eigen::MatrixXd hostile_reach;         // H ∘ Π, h_ij π_ij (N x N)
  Eigen::MatrixXd raw_threat;            // T (N x N), USD bn eq.
  Eigen::VectorXd raw_threat_total;      // Σ_j T_ij (N)
  Eigen::VectorXd raw_threat_inverse_total;  // 1 / Σ_j T_ij, 0 where there is no threat (N)
  // phases 2-3 (their sweep sums the rows of the new P for phases 4 and 6)
  Eigen::VectorXd perceived_threat_total;         // Σ_j P_ij (N)
  Eigen::VectorXd perceived_threat_norm_squared;  // Σ_j P_ij^2 (N)
  // phase 4
  Eigen::VectorXd defence_need;          // θ (N), USD bn eq.
  Eigen::VectorXd allies_share;          // w_i · (A C)_i (N), USD bn eq.
  // phase 5
  Eigen::MatrixXd hostile_capability;    // (H ∘ Π) C~ (N x K)
  Eigen::MatrixXd domain_threat;         // τ = W ∘ (H ∘ Π) C~ (N x K)
  Eigen::VectorXd domain_threat_total;   // Σ_k τ_ik (N)
  // phase 6
  Eigen::VectorXd threat_inverse_norm;   // 1 / |P_i|, 0 for a zero row (N)
  Eigen::MatrixXd threat_profile;        // P^: rows of P at unit L2 norm (N x N)
  Eigen::MatrixXd shared_threat;         // Q = P^ P^T, upper triangle only (N x N, symmetric)
  Eigen::MatrixXd balance_pressure;      // S S (N x N); B = S S / N, scaled where read
  // phase 7
  Eigen::VectorXd capability_index;      // |c| (N)
  Eigen::VectorXd resolved_power;        // ρ ∘ |c| (N)
  std::vector<int> onset_column;         // challenger j -> its column below, -1 if ι_j = 0 (N)
  Eigen::MatrixXd onset_allies;          // ρ|c| ∘ A_j for each possible challenger j (N x R <= N)
  Eigen::MatrixXd onset_power;           // Σ_l A_jl ρ_l |c_l| π_il, row per challenger (R x N)
  Eigen::VectorXd defender_power;        // p_I = |c| + (A ∘ Π)(ρ ∘ |c|) (N)
  // alliance level crossings
  Eigen::MatrixXd alliance_before;       // A at the start of the tick, upper triangle i < j (N x N)
  // phase 9
  // Entries of X X and |X| |X| are integers of magnitude <= N, exact in single precision for
  // N < 2^24: the two products run in float, at twice the double rate, and as symmetric
  // products (X is symmetric, so X X = X X^T).
  Eigen::MatrixXf triad_sign;            // X = sign of symmetrised stance (N x N)
  Eigen::MatrixXf triad_sign_squared;    // X X = X X^T, upper triangle only (N x N)
  Eigen::MatrixXf triad_tie;             // |X| (N x N)
  Eigen::MatrixXf triad_tie_squared;     // |X| |X|, upper triangle only (N x N)
  std::vector<int> bloc_parent;          // union-find over A >= threshold (N)
  std::vector<int> bloc_rank;            // (N)
  std::vector<int> bloc_smallest;        // smallest member per root (N)
  std::vector<int> bloc_size;            // members per root (N)

  // Sparse worlds (Model::sparse): the N x N arrays above are empty and these, one entry per
  // directed tie e = (i -> j) (E), hold the same quantities at (i, j).
  struct TieScratch {
    Eigen::VectorXd hostile_reach;     // h_ij π_ij
    Eigen::VectorXd raw_threat;        // T_ij, USD bn eq.
    Eigen::VectorXd threat_profile;    // P^_ij = P_ij / |P_i|
    Eigen::VectorXd balance_pressure;  // B_ij = Σ_k S_ik S_kj / N over common ties k
    Eigen::VectorXd alliance_before;   // A_ij at the start of the tick
    Eigen::VectorXd reverse_stance;    // S_ji on tie (i -> j): a gather, so phase 6 reads in order
    // Actor i's row, scattered by counterpart k (0 where i and k are not tied), for phase 6 (N):
    Eigen::VectorXd row_stance;          // S_ik
    Eigen::VectorXd row_reverse_stance;  // S_ki
    Eigen::VectorXd row_profile;         // P^_ik
    // Balance metric (phase 9): sign((S_ij + S_ji) / 2) per tie (E), and actor i's row of it (N).
    Eigen::VectorXd sign;
    Eigen::VectorXd row_sign;
  };
  TieScratch tie;
};

}  // namespace polarity
