#pragma once
// The sweeps of core/sweep_task.h, written once and compiled once per instruction set
// (sweep_sse2.cc, sweep_avx2.cc, sweep_avx512.cc, each TU with its own -m flags). As in
// core/exact_product_kernel.h, everything here has internal linkage and uses no library
// templates, so that no AVX instruction can leak into code the baseline build shares.
//
// Why the bits do not depend on the vector width: each output is computed from the same
// inputs by the same sequence of rounded operations (no fused multiply-add: the engine
// compiles with -ffp-contract=off), and a row sum Σ_j x_ij is accumulated in order of j,
// with lanes holding different rows. Min and Max below are std::min and std::max, operand
// order included (NaN and signed zeros come out the same).

#include <cstddef>
#include <cstdint>

#include "core/sweep_task.h"

namespace polarity::sweep_kernel {
namespace {

inline double Max(double a, double b) { return (a < b) ? b : a; }  // std::max(a, b)
inline double Min(double a, double b) { return (b < a) ? b : a; }  // std::min(a, b)

// The column loops below take their arrays as restrict parameters: that they do not overlap
// is what lets the compiler vectorise them without run-time checks.

// T_ij = h_ij π_ij G_ij with h = max(0, -S), rows [r0, r1) of one column, into the row sums.
inline void ThreatColumn(std::ptrdiff_t r0, std::ptrdiff_t r1, const double* __restrict stance,
                         const double* __restrict proximity, const double* __restrict concern,
                         double* __restrict reach, double* __restrict threat, double* __restrict total) {
  for (std::ptrdiff_t i = r0; i < r1; ++i) {
    const double hostile = Max(0.0, -stance[i]) * proximity[i];
    reach[i] = hostile;
    threat[i] = hostile * concern[i];
    total[i] += threat[i];
  }
}

// P from T (kCopy or kLag), rows [r0, r1) of one column, into P's row sums.
inline void PerceiveColumn(std::ptrdiff_t r0, std::ptrdiff_t r1, bool copy, double keep, double lag,
                           const double* __restrict threat, double* __restrict perceived,
                           double* __restrict total, double* __restrict squared) {
  if (copy) {
    for (std::ptrdiff_t i = r0; i < r1; ++i) perceived[i] = threat[i];
  } else {
    for (std::ptrdiff_t i = r0; i < r1; ++i) perceived[i] = keep * perceived[i] + lag * threat[i];
  }
  for (std::ptrdiff_t i = r0; i < r1; ++i) {
    total[i] += perceived[i];
    squared[i] += perceived[i] * perceived[i];
  }
}

inline void Threat(const ThreatTask& t) {
  const std::ptrdiff_t n = t.n, r0 = t.row_begin, r1 = t.row_end;
  const bool perceive = t.perception != Perception::kNone;
  for (std::ptrdiff_t i = r0; i < r1; ++i) t.raw_threat_total[i] = 0.0;
  if (perceive) {
    for (std::ptrdiff_t i = r0; i < r1; ++i) t.perceived_total[i] = t.perceived_norm_squared[i] = 0.0;
  }
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    double* threat = t.raw_threat + j * n;
    ThreatColumn(r0, r1, t.stance + j * n, t.proximity + j * n, t.concern_product + j * n, t.hostile_reach + j * n,
                 threat, t.raw_threat_total);
    // The row sums took T_jj before it is set to 0 (it is 0 anyway unless G_jj is not finite).
    if (j >= r0 && j < r1) threat[j] = 0.0;
    if (perceive) {
      PerceiveColumn(r0, r1, t.perception == Perception::kCopy, t.keep, t.lag, threat, t.perceived + j * n,
                     t.perceived_total, t.perceived_norm_squared);
    }
  }
}

// S_ij <- clamp(S_ij + dt (ζ_B B_ij - ζ_T T_ij inv_i (1 - E_ij) + ζ_A A_ij), -1, 1), rows
// [r0, r1) of one column.
inline void StanceColumn(std::ptrdiff_t r0, std::ptrdiff_t r1, const StanceTask& t, const double* __restrict balance,
                         const double* __restrict threat, const double* __restrict inverse,
                         const double* __restrict interdependence, const double* __restrict alliance,
                         double* __restrict stance) {
  const double balance_rate = t.balance_rate, threat_rate = t.threat_rate, alliance_rate = t.alliance_rate;
  const double dt = t.dt;
  for (std::ptrdiff_t i = r0; i < r1; ++i) {
    const double share = threat[i] * inverse[i];
    const double drift =
        balance_rate * balance[i] - threat_rate * share * (1.0 - interdependence[i]) + alliance_rate * alliance[i];
    stance[i] = Min(Max(stance[i] + dt * drift, -1.0), 1.0);
  }
}

inline void Stance(const StanceTask& t) {
  const std::ptrdiff_t n = t.n, r0 = t.row_begin, r1 = t.row_end;
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    double* stance = t.stance + j * n;
    StanceColumn(r0, r1, t, t.balance + j * n, t.raw_threat + j * n, t.inverse_total, t.interdependence + j * n,
                 t.alliance + j * n, stance);
    if (j >= r0 && j < r1) stance[j] = 0.0;
  }
}

// The level as a count of boundaries crossed, in doubles and branch-free so that it
// vectorises (levels are small integers, exact).
inline double LevelValue(double depth) {
  return (depth >= 0.2 ? 1.0 : 0.0) + (depth >= 0.4 ? 1.0 : 0.0) + (depth >= 0.6 ? 1.0 : 0.0) +
         (depth >= 0.8 ? 1.0 : 0.0);
}

// Chunks of 16 rows are looked at pair by pair only when they hold a change (most do not):
// the difference of two equal levels is +0.0, all bits clear. A chunk that runs past the
// diagonal still reads whole rows of the column (while the column has them) and masks the
// lanes at and below the diagonal, so that a short column costs one vector pass.
inline bool NextLevelChange(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                            std::ptrdiff_t* column) {
  constexpr std::ptrdiff_t kChunk = 16;
  std::ptrdiff_t i = *row;
  for (std::ptrdiff_t j = *column; j < n; ++j, i = 0) {
    const double* b = before + j * n;
    const double* a = after + j * n;
    for (; i < j; i += kChunk) {
      std::uint64_t any = 0;
      if (i + kChunk <= n) {
        for (std::ptrdiff_t l = 0; l < kChunk; ++l) {
          const double difference = LevelValue(b[i + l]) - LevelValue(a[i + l]);
          any |= i + l < j ? __builtin_bit_cast(std::uint64_t, difference) : 0;
        }
      } else {
        any = 1;  // the column's last rows: looked at one by one below
      }
      if (any == 0) continue;
      for (std::ptrdiff_t l = 0; l < kChunk && i + l < j; ++l) {
        if (LevelValue(b[i + l]) != LevelValue(a[i + l])) {
          *row = i + l;
          *column = j;
          return true;
        }
      }
    }
  }
  return false;
}

inline bool AllFinite(const double* values, std::ptrdiff_t count) {
  // x * 0 is 0 for every finite x and NaN for NaN and ±inf; sixteen independent sums.
  constexpr std::ptrdiff_t kLanes = 16;
  double sum[kLanes] = {};
  std::ptrdiff_t i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    for (std::ptrdiff_t l = 0; l < kLanes; ++l) sum[l] += values[i + l] * 0.0;
  }
  double all = 0.0;
  for (; i < count; ++i) all += values[i] * 0.0;
  for (std::ptrdiff_t l = 0; l < kLanes; ++l) all += sum[l];
  return all == 0.0;
}

}  // namespace
}  // namespace polarity::sweep_kernel
