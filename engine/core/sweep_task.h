#pragma once
// The tick's elementwise sweeps over N x N arrays, as plain data for the kernels of
// core/sweep_kernel.h (compiled once per instruction set, like the exact products, and
// picked at run time by core/sweeps.h). Free of inline functions: the per-instruction-set
// translation units share it.
//
// Every array is N x N and column-major, entry (i, j) at [j N + i]. A threat task covers the
// rows [row_begin, row_end) of every column, so that each row sum it accumulates is taken
// whole, in order of j (the tick runs it on one thread: core/threat.cc); a stance task, which
// sums nothing, covers whole columns [column_begin, column_end), contiguous in memory, so
// that two threads meet in one cache line at most.

#include <cstddef>

namespace polarity::sweep_kernel {

// Phases 2-3 (core/threat.cc): h_ij π_ij, T_ij = h_ij π_ij G_ij and Σ_j T_ij; then P from
// T and P's row sums.
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
  std::ptrdiff_t column_begin = 0, column_end = 0;
  const double* balance = nullptr;          // S S: B = balance_scale S S
  double balance_scale = 1.0;               // 1 / N
  const double* raw_threat = nullptr;       // T
  const double* inverse_total = nullptr;    // 1 / Σ_l T_il, 0 where no threat (N)
  const double* interdependence = nullptr;  // E
  const double* alliance = nullptr;         // A (this tick's)
  double* stance = nullptr;                 // in/out: S
  double balance_rate = 0.0, threat_rate = 0.0, alliance_rate = 0.0, dt = 0.0;
};

// Phase 6, the alliances (core/alliance.cc), for the pairs i < j of the 32-column tile
// columns [tile_begin, tile_end) (columns [32 tile_begin, 32 tile_end)): keeps A_ij in
// before, then A_ij = A_ji <- clamp(A_ij + dt (η (Q_ij + β (B_ij + B_ji) / 2) - η_F F_ij -
// ν A_ij), 0, 1) where min(S_ij, S_ji) > s_min, else A_ij - dt ν A_ij.
struct AllianceTask {
  std::ptrdiff_t n = 0;
  std::ptrdiff_t tile_begin = 0, tile_end = 0;
  const double* balance = nullptr;       // S S: B = balance_scale S S
  double balance_scale = 1.0;            // 1 / N
  const double* shared_threat = nullptr; // Q (upper triangle)
  const double* friction = nullptr;      // F
  const double* stance = nullptr;        // S
  double* alliance = nullptr;            // in/out: A
  double* before = nullptr;              // out: A of the start of the tick, i < j
  double rate = 0.0, balance_weight = 0.0, friction_weight = 0.0, decay = 0.0, min_stance = 0.0, dt = 0.0;
};
constexpr std::ptrdiff_t kAllianceTile = 32;

void AllianceSse2(const AllianceTask& task);
void AllianceAvx2(const AllianceTask& task);
void AllianceAvx512(const AllianceTask& task);
void ThreatSse2(const ThreatTask& task);
void ThreatAvx2(const ThreatTask& task);
void ThreatAvx512(const ThreatTask& task);
void StanceSse2(const StanceTask& task);
void StanceAvx2(const StanceTask& task);
void StanceAvx512(const StanceTask& task);

// P^ = diag(1/|P_i|) P with P and P^ N x N, squared_i = |P_i|^2 and inverse_i = 1/|P_i|
// (0 for a zero row) N long.
void ThreatProfileSse2(std::ptrdiff_t n, const double* squared, const double* perceived, double* inverse,
                       double* profile);
void ThreatProfileAvx2(std::ptrdiff_t n, const double* squared, const double* perceived, double* inverse,
                       double* profile);
void ThreatProfileAvx512(std::ptrdiff_t n, const double* squared, const double* perceived, double* inverse,
                         double* profile);

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

// Whether all of values[0, count) of every span are finite (no NaN, no infinity).
struct FiniteSpan {
  const double* values;
  std::ptrdiff_t count;
};
bool AllFiniteSse2(const FiniteSpan* spans, std::ptrdiff_t span_count);
bool AllFiniteAvx2(const FiniteSpan* spans, std::ptrdiff_t span_count);
bool AllFiniteAvx512(const FiniteSpan* spans, std::ptrdiff_t span_count);

}  // namespace polarity::sweep_kernel
