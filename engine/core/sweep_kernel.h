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

#if defined(__AVX2__)
#include <immintrin.h>
#endif

#include "core/sweep_task.h"

namespace polarity::sweep_kernel {
namespace {

inline double Max(double a, double b) { return (a < b) ? b : a; }  // std::max(a, b)
inline double Min(double a, double b) { return (b < a) ? b : a; }  // std::min(a, b)

#if defined(__AVX512F__)
// The mask of the lanes [lo, hi) of eight, lo and hi clamped to [0, 8].
inline __mmask8 Lanes(std::ptrdiff_t lo, std::ptrdiff_t hi) {
  lo = lo < 0 ? 0 : lo;
  hi = hi > 8 ? 8 : hi;
  return lo >= hi ? __mmask8{0} : static_cast<__mmask8>((1u << hi) - (1u << lo));
}
#elif defined(__AVX2__)
// AVX2 has no mask registers: a lane's mask is its sign bit, for vmaskmovpd. The lanes
// [0, count) of four (all four from count 4 on).
inline __m256i FirstLanes(std::ptrdiff_t count) {
  return _mm256_cmpgt_epi64(_mm256_set1_epi64x(count), _mm256_set_epi64x(3, 2, 1, 0));
}
// The first count (1-3) lanes of v to p, and nothing past them. vmaskmovpd's store is many
// micro-ops on AMD's cores (Zen 3); two plain stores are not.
inline void StoreFirstLanes(double* p, __m256d v, std::ptrdiff_t count) {
  const __m128d low = _mm256_castpd256_pd128(v);
  if (count >= 2) {
    _mm_storeu_pd(p, low);
    if (count == 3) _mm_store_sd(p + 2, _mm256_extractf128_pd(v, 1));
  } else {
    _mm_store_sd(p, low);
  }
}
#endif

// The column loops below take their arrays as restrict parameters: that they do not overlap
// is what lets the compiler vectorise them without run-time checks.

// T_ij = h_ij π_ij G_ij with h = max(0, -S), rows [r0, r1) of column j, into the row sums;
// T_jj is stored as 0 but summed as computed (0 unless G_jj is not finite). Unless kMode is
// kNone, in the same pass P from T (kCopy: P = T; kLag: P <- keep P + lag T) and P's row
// sums (the perception arrays are not touched under kNone, and may be null). One pass per
// column, so T is never stored and read back: a wide load of a column just written in
// narrower pieces (the loop's tail, T_jj) waits for the stores to drain, the largest cost of
// the N = 20 sweep when this was three loops.
template <Perception kMode>
inline void ThreatColumn(std::ptrdiff_t r0, std::ptrdiff_t r1, std::ptrdiff_t j, double keep, double lag,
                         const double* __restrict stance, const double* __restrict proximity,
                         const double* __restrict concern, double* __restrict reach, double* __restrict threat,
                         double* __restrict total, double* __restrict perceived, double* __restrict perceived_total,
                         double* __restrict squared) {
  for (std::ptrdiff_t i = r0; i < r1; ++i) {
    const double hostile = Max(0.0, -stance[i]) * proximity[i];
    const double value = hostile * concern[i];
    const double stored = i == j ? 0.0 : value;
    reach[i] = hostile;
    threat[i] = stored;
    total[i] += value;
    if constexpr (kMode != Perception::kNone) {
      const double seen = kMode == Perception::kCopy ? stored : keep * perceived[i] + lag * stored;
      perceived[i] = seen;
      perceived_total[i] += seen;
      squared[i] += seen * seen;
    }
  }
}

inline void Threat(const ThreatTask& t) {
  const std::ptrdiff_t n = t.n, r0 = t.row_begin, r1 = t.row_end;
  const bool perceive = t.perception != Perception::kNone;
  for (std::ptrdiff_t i = r0; i < r1; ++i) t.raw_threat_total[i] = 0.0;
  if (perceive) {
    for (std::ptrdiff_t i = r0; i < r1; ++i) t.perceived_total[i] = t.perceived_norm_squared[i] = 0.0;
  }
  const auto column = t.perception == Perception::kNone   ? ThreatColumn<Perception::kNone>
                      : t.perception == Perception::kCopy ? ThreatColumn<Perception::kCopy>
                                                          : ThreatColumn<Perception::kLag>;
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    const std::ptrdiff_t at = j * n;
    column(r0, r1, j, t.keep, t.lag, t.stance + at, t.proximity + at, t.concern_product + at, t.hostile_reach + at,
           t.raw_threat + at, t.raw_threat_total, perceive ? t.perceived + at : nullptr, t.perceived_total,
           t.perceived_norm_squared);
  }
}

// S_ij <- clamp(S_ij + dt (ζ_B B_ij - ζ_T T_ij inv_i (1 - E_ij) + ζ_A A_ij), -1, 1), the n
// rows of one column.
inline void StanceColumn(std::ptrdiff_t n, const StanceTask& t, const double* __restrict balance,
                         const double* __restrict threat, const double* __restrict inverse,
                         const double* __restrict interdependence, const double* __restrict alliance,
                         double* __restrict stance) {
  const double balance_rate = t.balance_rate, threat_rate = t.threat_rate, alliance_rate = t.alliance_rate;
  const double dt = t.dt, scale = t.balance_scale;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const double share = threat[i] * inverse[i];
    const double drift =
        balance_rate * (balance[i] * scale) - threat_rate * share * (1.0 - interdependence[i]) + alliance_rate * alliance[i];
    stance[i] = Min(Max(stance[i] + dt * drift, -1.0), 1.0);
  }
}

inline void Stance(const StanceTask& t) {
  const std::ptrdiff_t n = t.n;
  for (std::ptrdiff_t j = t.column_begin; j < t.column_end; ++j) {
    double* stance = t.stance + j * n;
    StanceColumn(n, t, t.balance + j * n, t.raw_threat + j * n, t.inverse_total, t.interdependence + j * n,
                 t.alliance + j * n, stance);
    stance[j] = 0.0;
  }
}

// The pairs (i, j), i in [i0, i1) and i < j, of one column j of a tile: `lower_*` hold row
// j of the tile's transpose, B_ji and S_ji at [i - i0], and receive A_ji.
//
// The vector builds run short columns (in a tile on the diagonal every column is shorter
// than 32) in whole vectors with one masked step for the last pairs: the compiler's own loop
// for this body took them through a scalar loop with a branch per pair, a fifth of the
// kernel's samples at N = 20 with AVX-512 and over half of them with AVX2 (perf annotate).
// The arithmetic is AllianceStep, the scalar loop's expressions on vectors (GCC's vector
// extensions), so each lane takes the same rounded operations in the same order; intrinsics
// only for the masked loads and stores.
struct AllianceRates {
  double rate, balance_weight, friction_weight, decay, min_stance, dt, scale;
};

inline AllianceRates RatesOf(const AllianceTask& t) {
  return {t.rate, t.balance_weight, t.friction_weight, t.decay, t.min_stance, t.dt, t.balance_scale};
}

// A_ij' = clamp(min(S_ij, S_ji) > s_min ? A + dt (ζ (Q + w_B (B_ij + B_ji) / 2) - w_F F - δ A)
//                                       : A - dt δ A, 0, 1), lane by lane (V a vector of
// GCC's extensions, or double); NaN passes. The selects are std::min and std::max, operand
// order included.
template <typename V>
inline V AllianceStep(const AllianceRates& r, V depth, V balance, V lower_balance, V shared_threat, V friction,
                      V stance, V lower_stance) {
  const V zero = {}, one = zero + 1.0;
  const V pressure = 0.5 * (balance * r.scale + lower_balance * r.scale);
  const V deepened = depth + r.dt * (r.rate * (shared_threat + r.balance_weight * pressure) - r.friction_weight * friction -
                                     r.decay * depth);
  const V decayed = depth - r.dt * r.decay * depth;
  const V friendliness = lower_stance < stance ? lower_stance : stance;  // Min(S_ij, S_ji)
  const V next = friendliness > r.min_stance ? deepened : decayed;
  const V floored = next < zero ? zero : next;      // Max(next, 0): NaN passes
  return one < floored ? one : floored;             // Min(., 1)
}

inline void AllianceColumn(std::ptrdiff_t count, const AllianceTask& t, const double* __restrict balance,
                           const double* __restrict lower_balance, const double* __restrict shared_threat,
                           const double* __restrict friction, const double* __restrict stance,
                           const double* __restrict lower_stance, double* __restrict alliance,
                           double* __restrict lower_alliance, double* __restrict before) {
#if defined(__AVX512F__)
  // AVX-512: eight pairs a step, the column's last 1-7 in one masked step (nothing of X past
  // `count` is read or written).
  typedef double V __attribute__((vector_size(64)));
  const AllianceRates r = RatesOf(t);
  for (std::ptrdiff_t l = 0; l < count; l += 8) {
    const __mmask8 m = Lanes(0, count - l);
    const auto load = [m, l](const double* x) -> V { return _mm512_maskz_loadu_pd(m, x + l); };
    const V depth = load(alliance);
    _mm512_mask_storeu_pd(before + l, m, depth);
    const V clamped = AllianceStep(r, depth, load(balance), load(lower_balance), load(shared_threat), load(friction),
                                   load(stance), load(lower_stance));
    _mm512_mask_storeu_pd(alliance + l, m, clamped);
    // Into the tile's scratch all eight lanes (up to the next multiple of 8, within the
    // tile's 32 rows): AllianceTile::Store reads these rows back eight lanes at a time.
    __builtin_memcpy(lower_alliance + l, &clamped, sizeof clamped);
  }
#elif defined(__AVX2__)
  // AVX2: four pairs a step; the column's last 1-3 with masked loads (the lanes past `count`
  // read nothing), stored lane by lane (nothing of X past `count` is written).
  typedef double V __attribute__((vector_size(32)));
  const AllianceRates r = RatesOf(t);
  std::ptrdiff_t l = 0;
  for (; l + 4 <= count; l += 4) {
    const auto load = [l](const double* x) {
      V v;
      __builtin_memcpy(&v, x + l, sizeof v);
      return v;
    };
    const V depth = load(alliance);
    __builtin_memcpy(before + l, &depth, sizeof depth);
    const V clamped = AllianceStep(r, depth, load(balance), load(lower_balance), load(shared_threat), load(friction),
                                   load(stance), load(lower_stance));
    __builtin_memcpy(alliance + l, &clamped, sizeof clamped);
    __builtin_memcpy(lower_alliance + l, &clamped, sizeof clamped);
  }
  if (l < count) {
    const __m256i m = FirstLanes(count - l);
    const auto load = [m, l](const double* x) -> V { return V(_mm256_maskload_pd(x + l, m)); };
    const V depth = load(alliance);
    const V clamped = AllianceStep(r, depth, load(balance), load(lower_balance), load(shared_threat), load(friction),
                                   load(stance), load(lower_stance));
    StoreFirstLanes(before + l, __m256d(depth), count - l);
    StoreFirstLanes(alliance + l, __m256d(clamped), count - l);
    __builtin_memcpy(lower_alliance + l, &clamped, sizeof clamped);  // scratch, within the tile's 32 rows
  }
#else
  // The same step on one pair at a time, left to the compiler to vectorise (both outcomes
  // are computed and one selected: whether a pair is friendly enough to deepen is data).
  const AllianceRates r = RatesOf(t);
  for (std::ptrdiff_t l = 0; l < count; ++l) {
    const double depth = alliance[l];
    before[l] = depth;
    const double clamped = AllianceStep(r, depth, balance[l], lower_balance[l], shared_threat[l], friction[l],
                                        stance[l], lower_stance[l]);
    alliance[l] = clamped;
    lower_alliance[l] = clamped;
  }
#endif
}

#if defined(__AVX512F__)
typedef double Vec8 __attribute__((vector_size(64)));

// out[b] lane a = r[a] lane b for a, b in [0, 8): an 8 x 8 block transposed in registers
// (three rounds of two-source shuffles). Copies only: the bits cannot change.
inline void Transpose8x8(const Vec8 (&r)[8], Vec8 (&out)[8]) {
  typedef long long M __attribute__((vector_size(64)));
  Vec8 u[8], v[8];
  const M even = {0, 8, 2, 10, 4, 12, 6, 14}, odd = {1, 9, 3, 11, 5, 13, 7, 15};
  const M pair_lo = {0, 1, 8, 9, 4, 5, 12, 13}, pair_hi = {2, 3, 10, 11, 6, 7, 14, 15};
  const M half_lo = {0, 1, 2, 3, 8, 9, 10, 11}, half_hi = {4, 5, 6, 7, 12, 13, 14, 15};
  for (int a = 0; a < 8; a += 2) {
    u[a] = __builtin_shuffle(r[a], r[a + 1], even);
    u[a + 1] = __builtin_shuffle(r[a], r[a + 1], odd);
  }
  for (int a = 0; a < 8; a += 4) {
    v[a] = __builtin_shuffle(u[a], u[a + 2], pair_lo);
    v[a + 2] = __builtin_shuffle(u[a], u[a + 2], pair_hi);
    v[a + 1] = __builtin_shuffle(u[a + 1], u[a + 3], pair_lo);
    v[a + 3] = __builtin_shuffle(u[a + 1], u[a + 3], pair_hi);
  }
  for (int b = 0; b < 4; ++b) {
    out[b] = __builtin_shuffle(v[b], v[b + 4], half_lo);
    out[b + 4] = __builtin_shuffle(v[b], v[b + 4], half_hi);
  }
}

// dst[b dst_stride + a] = src[a src_stride + b] for a, b in [0, 8), instead of 64 scalar
// copies, one of them strided.
inline void Transpose8x8(const double* src, std::ptrdiff_t src_stride, double* dst, std::ptrdiff_t dst_stride) {
  Vec8 r[8], out[8];
  for (int a = 0; a < 8; ++a) __builtin_memcpy(&r[a], src + a * src_stride, sizeof(Vec8));
  Transpose8x8(r, out);
  for (int b = 0; b < 8; ++b) __builtin_memcpy(dst + b * dst_stride, &out[b], sizeof(Vec8));
}
#endif

// The tile's transposes in and out, local[(j - j0) kTile + (i - i0)] = X(j, i): column i
// of X, rows [j0, j1), is contiguous. In AVX-512 builds every tile goes in 8 x 8 blocks
// through registers: a whole tile off the diagonal block by block; a tile cut by the edge
// of X or by the diagonal only its blocks that hold a pair, with masked loads and stores
// (nothing outside the tile's pairs j > i is written, nothing outside X read). Other
// builds copy entry by entry over the pairs.
struct AllianceTile {
  std::ptrdiff_t n, i0, i1, j0, j1;
  bool whole() const { return i1 - i0 == kAllianceTile && j1 - j0 == kAllianceTile && i1 <= j0; }
  // Whether the 8 x 8 block from (i0 + a, j0 + b) holds a pair i < j.
  bool HasPairs(std::ptrdiff_t a, std::ptrdiff_t b) const {
    const std::ptrdiff_t last_j = (j0 + b + 8 < j1 ? j0 + b + 8 : j1) - 1;
    return i0 + a < last_j;
  }
  void Load(const double* x, double* local) const {
    constexpr std::ptrdiff_t kTile = kAllianceTile;
#if defined(__AVX512F__)
    if (whole()) {
      for (std::ptrdiff_t a = 0; a < kTile; a += 8) {
        for (std::ptrdiff_t b = 0; b < kTile; b += 8) Transpose8x8(x + (i0 + a) * n + j0 + b, n, local + b * kTile + a, kTile);
      }
      return;
    }
    // Rows i >= i1 and columns j >= j1 read as 0; the local rows are written whole (they
    // are the tile's scratch, and only the lanes of pairs are read from them).
    for (std::ptrdiff_t a = 0; a < i1 - i0; a += 8) {
      for (std::ptrdiff_t b = 0; b < j1 - j0; b += 8) {
        if (!HasPairs(a, b)) continue;
        const __mmask8 columns = Lanes(0, j1 - j0 - b);
        Vec8 r[8], out[8];
        for (int e = 0; e < 8; ++e) {
          r[e] = i0 + a + e < i1 ? Vec8(_mm512_maskz_loadu_pd(columns, x + (i0 + a + e) * n + j0 + b)) : Vec8{};
        }
        Transpose8x8(r, out);
        for (int e = 0; e < 8; ++e) __builtin_memcpy(local + (b + e) * kTile + a, &out[e], sizeof(Vec8));
      }
    }
    return;
#endif
    for (std::ptrdiff_t i = i0; i < i1; ++i) {
      for (std::ptrdiff_t j = j0 > i + 1 ? j0 : i + 1; j < j1; ++j) local[(j - j0) * kTile + (i - i0)] = x[i * n + j];
    }
  }
  void Store(const double* local, double* x) const {
    constexpr std::ptrdiff_t kTile = kAllianceTile;
#if defined(__AVX512F__)
    if (whole()) {
      for (std::ptrdiff_t b = 0; b < kTile; b += 8) {
        for (std::ptrdiff_t a = 0; a < kTile; a += 8) Transpose8x8(local + b * kTile + a, kTile, x + (i0 + a) * n + j0 + b, n);
      }
      return;
    }
    // A local row j with a pair in the block (j > i0 + a) holds the block's eight lanes:
    // AllianceColumn writes its rows eight at a time. Other rows are not read.
    for (std::ptrdiff_t a = 0; a < i1 - i0; a += 8) {
      for (std::ptrdiff_t b = 0; b < j1 - j0; b += 8) {
        if (!HasPairs(a, b)) continue;
        Vec8 r[8], out[8];
        for (int e = 0; e < 8; ++e) {
          const std::ptrdiff_t j = j0 + b + e;
          r[e] = Vec8{};
          if (j < j1 && j > i0 + a) __builtin_memcpy(&r[e], local + (b + e) * kTile + a, sizeof(Vec8));
        }
        Transpose8x8(r, out);
        for (int e = 0; e < 8 && i0 + a + e < i1; ++e) {
          const std::ptrdiff_t i = i0 + a + e;
          _mm512_mask_storeu_pd(x + i * n + j0 + b, Lanes(i + 1 - j0 - b, j1 - j0 - b), out[e]);
        }
      }
    }
    return;
#endif
    for (std::ptrdiff_t i = i0; i < i1; ++i) {
      for (std::ptrdiff_t j = j0 > i + 1 ? j0 : i + 1; j < j1; ++j) x[i * n + j] = local[(j - j0) * kTile + (i - i0)];
    }
  }
};

// Tile by tile: the tile's transpose (rows j, columns i) is read into local arrays so that
// every pair loop runs over contiguous memory, and A_ji is written back from one.
inline void Alliance(const AllianceTask& t) {
  constexpr std::ptrdiff_t kTile = kAllianceTile;
  const std::ptrdiff_t n = t.n;
  double lower_balance[kTile * kTile], lower_stance[kTile * kTile], lower_alliance[kTile * kTile];
  for (std::ptrdiff_t tile = t.tile_begin; tile < t.tile_end; ++tile) {
    const std::ptrdiff_t j0 = tile * kTile;
    const std::ptrdiff_t j1 = j0 + kTile < n ? j0 + kTile : n;
    for (std::ptrdiff_t i0 = 0; i0 <= j0; i0 += kTile) {
      const AllianceTile block{n, i0, i0 + kTile < n ? i0 + kTile : n, j0, j1};
      block.Load(t.balance, lower_balance);
      block.Load(t.stance, lower_stance);
      for (std::ptrdiff_t j = j0; j < j1; ++j) {
        const std::ptrdiff_t end = block.i1 < j ? block.i1 : j;
        if (end <= i0) continue;
        const std::ptrdiff_t at = j * n + i0, local = (j - j0) * kTile;
        AllianceColumn(end - i0, t, t.balance + at, lower_balance + local, t.shared_threat + at, t.friction + at,
                       t.stance + at, lower_stance + local, t.alliance + at, lower_alliance + local, t.before + at);
      }
      block.Store(lower_alliance, t.alliance);
    }
  }
}

// Phase 6's P^ = diag(1/|P_i|) P (core/alliance.cc): inverse_i = 1/sqrt(|P_i|^2), 0 for a
// zero row, then every column of P scaled by it. The square root and the division are
// correctly rounded at every width, so the bits are the scalar loop's. (The sweep TUs compile
// with -fno-math-errno, so that sqrt is an instruction and not a call that may set errno.)
inline void ThreatProfile(std::ptrdiff_t n, const double* __restrict squared, const double* __restrict perceived,
                          double* __restrict inverse, double* __restrict profile) {
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const double q = squared[i];
    inverse[i] = q > 0.0 ? 1.0 / __builtin_sqrt(q) : 0.0;
  }
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    const double* column = perceived + j * n;
    double* out = profile + j * n;
    for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = column[i] * inverse[i];
  }
}

// Whether the alliance level differs between two depths: the level counts the boundaries
// 0.2, 0.4, 0.6, 0.8 at or below the depth, so two levels differ exactly when some boundary
// has one depth at or above it and the other not. NaN is below every boundary (level 0, as
// in LevelOf). Branch-free, so that it vectorises.
inline int LevelChanged(double before, double after) {
  return ((before >= 0.2) ^ (after >= 0.2)) | ((before >= 0.4) ^ (after >= 0.4)) |
         ((before >= 0.6) ^ (after >= 0.6)) | ((before >= 0.8) ^ (after >= 0.8));
}

#if defined(__AVX512F__)
// AVX-512: eight rows a step, each boundary test a compare into a mask register and the
// step's verdict the OR of their XORs: no folding of 16 lanes into one flag, where the
// compiler's loop below spent almost half its samples at N = 20 (perf annotate), and no
// pair-by-pair loop for a column's last rows, which take one masked step (nothing at or
// below the diagonal is read). The first changed row is the step's lowest set bit.
// _CMP_GE_OQ is false for NaN, as x >= 0.2 is.
inline bool NextLevelChange(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                            std::ptrdiff_t* column) {
  const __m512d b1 = _mm512_set1_pd(0.2), b2 = _mm512_set1_pd(0.4), b3 = _mm512_set1_pd(0.6), b4 = _mm512_set1_pd(0.8);
  std::ptrdiff_t i = *row;
  for (std::ptrdiff_t j = *column; j < n; ++j, i = 0) {
    const double* b = before + j * n;
    const double* a = after + j * n;
    for (; i < j; i += 8) {
      const __mmask8 rows = Lanes(0, j - i);
      const __m512d x = _mm512_maskz_loadu_pd(rows, b + i), y = _mm512_maskz_loadu_pd(rows, a + i);
      const unsigned changed =
          rows & ((_mm512_cmp_pd_mask(x, b1, _CMP_GE_OQ) ^ _mm512_cmp_pd_mask(y, b1, _CMP_GE_OQ)) |
                  (_mm512_cmp_pd_mask(x, b2, _CMP_GE_OQ) ^ _mm512_cmp_pd_mask(y, b2, _CMP_GE_OQ)) |
                  (_mm512_cmp_pd_mask(x, b3, _CMP_GE_OQ) ^ _mm512_cmp_pd_mask(y, b3, _CMP_GE_OQ)) |
                  (_mm512_cmp_pd_mask(x, b4, _CMP_GE_OQ) ^ _mm512_cmp_pd_mask(y, b4, _CMP_GE_OQ)));
      if (changed != 0) {
        *row = i + __builtin_ctz(changed);
        *column = j;
        return true;
      }
    }
  }
  return false;
}
#elif defined(__AVX2__)
// AVX2: the same four rows a step, the step's verdict the sign bits of the OR of the XORs
// (vmovmskpd). A column's last 1-3 rows take one masked load, whose lanes past the diagonal
// read 0 in both depths: below every boundary, so no change there. The compiler's loop below
// held 6 % of the N = 20 tick's samples on Zen 3 (perf report).
inline bool NextLevelChange(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                            std::ptrdiff_t* column) {
  const __m256d b1 = _mm256_set1_pd(0.2), b2 = _mm256_set1_pd(0.4), b3 = _mm256_set1_pd(0.6), b4 = _mm256_set1_pd(0.8);
  const auto crossed = [](__m256d x, __m256d y, __m256d boundary) {
    return _mm256_xor_pd(_mm256_cmp_pd(x, boundary, _CMP_GE_OQ), _mm256_cmp_pd(y, boundary, _CMP_GE_OQ));
  };
  std::ptrdiff_t i = *row;
  for (std::ptrdiff_t j = *column; j < n; ++j, i = 0) {
    const double* b = before + j * n;
    const double* a = after + j * n;
    for (; i < j; i += 4) {
      __m256d x, y;
      if (i + 4 <= j) {
        x = _mm256_loadu_pd(b + i);
        y = _mm256_loadu_pd(a + i);
      } else {
        const __m256i rows = FirstLanes(j - i);
        x = _mm256_maskload_pd(b + i, rows);
        y = _mm256_maskload_pd(a + i, rows);
      }
      const int changed = _mm256_movemask_pd(_mm256_or_pd(_mm256_or_pd(crossed(x, y, b1), crossed(x, y, b2)),
                                                          _mm256_or_pd(crossed(x, y, b3), crossed(x, y, b4))));
      if (changed != 0) {
        *row = i + __builtin_ctz(static_cast<unsigned>(changed));
        *column = j;
        return true;
      }
    }
  }
  return false;
}
#else
// Chunks of 16 rows are looked at pair by pair only when they hold a change (most do not). A
// chunk that runs past the diagonal still reads whole rows of the column (while the column
// has them) and masks the lanes at and below the diagonal, so that a short column costs one
// vector pass.
inline bool NextLevelChange(const double* before, const double* after, std::ptrdiff_t n, std::ptrdiff_t* row,
                            std::ptrdiff_t* column) {
  constexpr std::ptrdiff_t kChunk = 16;
  std::ptrdiff_t i = *row;
  for (std::ptrdiff_t j = *column; j < n; ++j, i = 0) {
    const double* b = before + j * n;
    const double* a = after + j * n;
    for (; i < j; i += kChunk) {
      int any = 1;  // the column's last rows (a chunk would run past it): one by one below
      if (i + kChunk <= n) {
        any = 0;
        for (std::ptrdiff_t l = 0; l < kChunk; ++l) any |= LevelChanged(b[i + l], a[i + l]) & (i + l < j);
      }
      if (any == 0) continue;
      for (std::ptrdiff_t l = 0; l < kChunk && i + l < j; ++l) {
        if (LevelChanged(b[i + l], a[i + l])) {
          *row = i + l;
          *column = j;
          return true;
        }
      }
    }
  }
  return false;
}
#endif

// All the spans in one pass: sixteen running sums carried from span to span and one
// reduction at the end (the tick checks some twenty arrays, most of them N or N K long, so a
// reduction per array would cost more than the sums).
inline bool AllFinite(const FiniteSpan* spans, std::ptrdiff_t span_count) {
  // x * 0 is 0 for every finite x and NaN for NaN and ±inf; sixteen independent sums.
  constexpr std::ptrdiff_t kLanes = 16;
  double sum[kLanes] = {};
  double all = 0.0;
  for (std::ptrdiff_t s = 0; s < span_count; ++s) {
    const double* values = spans[s].values;
    const std::ptrdiff_t count = spans[s].count;
    std::ptrdiff_t i = 0;
    for (; i + kLanes <= count; i += kLanes) {
      for (std::ptrdiff_t l = 0; l < kLanes; ++l) sum[l] += values[i + l] * 0.0;
    }
    for (; i < count; ++i) all += values[i] * 0.0;
  }
  for (std::ptrdiff_t l = 0; l < kLanes; ++l) all += sum[l];
  return all == 0.0;
}

}  // namespace
}  // namespace polarity::sweep_kernel
