#pragma once
// The tick's elementwise sweeps over N x N arrays, as plain data for the kernels of
// core/sweep_kernel.h (compiled once per instruction set, like the exact products, and
// picked at run time by core/sweeps.h). Free of inline functions: the per-instruction-set
// translation units share it.
//
// Every array is N x N and column-major, entry (i, j) at [j N + i]. A task covers the rows
// [row_begin, row_end) of every column, so that the row sums it accumulates are each summed
// by one thread in order of j, whatever the split.

#include <cstddef>

namespace polarity::sweep_kernel {

// Phases 2-3 (core/threat.cc): h_ij π_ij, T_ij and Σ_j T_ij; then P from T and P's row sums.
enum class Perception { kNone, kCopy, kLag };  // phase 2 alone; P = T; P <- keep P + lag T
struct ThreatTask {
  std::ptrdiff_t n = 0;
  std::ptrdiff_t row_begin = 0, row_end = 0;
  const double* stance = nullptr;           // S
  const double* proximity = nullptr;        // Π
  const double* concern_product = nullptr;  // G = W C~^T
  double* hostile_reach = nullptr;          // out: h_ij π_ij
  double* raw_threat = nullptr;             // out: T (T_jj = 0)
  double* raw_threat_total = nullptr;       // out: Σ_j T_ij (N)
  Perception perception = Perception::kNone;
  double keep = 0.0, lag = 0.0;             // 1 - λ, λ
  double* perceived = nullptr;              // in/out: P
  double* perceived_total = nullptr;        // out: Σ_j P_ij (N)
  double* perceived_norm_squared = nullptr; // out: Σ_j P_ij^2 (N)
};

// Phase 6, the stances (core/alliance.cc): S_ij <- clamp(S_ij + dt (ζ_B B_ij - ζ_T T_ij
// inv_i (1 - E_ij) + ζ_A A_ij), -1, 1), then S_jj = 0.
struct StanceTask {
  std::ptrdiff_t n = 0;
  std::ptrdiff_t row_begin = 0, row_end = 0;
  const double* balance = nullptr;          // B
  const double* raw_threat = nullptr;       // T
  const double* inverse_total = nullptr;    // 1 / Σ_l T_il, 0 where no threat (N)
  const double* interdependence = nullptr;  // E
  const double* alliance = nullptr;         // A (this tick's)
  double* stance = nullptr;                 // in/out: S
  double balance_rate = 0.0, threat_rate = 0.0, alliance_rate = 0.0, dt = 0.0;
};

void ThreatSse2(const ThreatTask& task);
void ThreatAvx2(const ThreatTask& task);
void ThreatAvx512(const ThreatTask& task);
void StanceSse2(const StanceTask& task);
void StanceAvx2(const StanceTask& task);
void StanceAvx512(const StanceTask& task);

// The next pair (i, j), i < j, at or after (*row, *column) in column-major order whose
// alliance level (the number of the boundaries 0.2, 0.4, 0.6, 0.8 at or below the depth)
// differs between before and after (N x N, only entries i < j read as meaningful): writes it
// to (*row, *column) and returns true, or returns false when there is none.
bool NextLevelChangeSse2(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                         std::ptrdiff_t* column);
bool NextLevelChangeAvx2(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                         std::ptrdiff_t* column);
bool NextLevelChangeAvx512(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                           std::ptrdiff_t* column);

// Whether all of values[0, count) are finite (no NaN, no infinity).
bool AllFiniteSse2(const double* values, std::ptrdiff_t count);
bool AllFiniteAvx2(const double* values, std::ptrdiff_t count);
bool AllFiniteAvx512(const double* values, std::ptrdiff_t count);

}  // namespace polarity::sweep_kernel
