#pragma once
// The packed matrix-product kernel behind core/exact_product.h, written once and compiled
// once per instruction set (exact_product_sse2.cc, _avx2.cc, _avx512.cc), each TU with its
// own -m flags. Everything here has internal linkage and uses no library templates, so no
// AVX instruction can leak into code the baseline build shares (an inline function emitted
// by an AVX TU and picked by the linker for everybody would crash an SSE2-only machine).
//
// Why the bits do not depend on the vector width: every element of C is the sum
//   c_ij = (((0 + a_i0 b_0j) + a_i1 b_1j) + ...) + a_i,K-1 b_K-1,j
// taken strictly in order of p, each product rounded to double, then each sum (no fused
// multiply-add: the engine compiles with -ffp-contract=off). A vector lane holds one c_ij for
// the whole sum; blocking over p stores the partial sum in C and loads it back, which is
// exact. So SSE2 (2 lanes), AVX2 (4) and AVX-512 (8), any blocking and any split of the
// columns between threads give the bits of the naive triple loop.
//
// Layout (BLIS): for each block of nc columns, for each block of kc terms, B's block is
// packed into panels of kNr columns (kc x kNr, row by row); for each block of mc rows, A's
// block is packed into panels of kMr rows (kc x kMr, column by column); the micro-kernel then
// walks a kMr x kNr tile of C through kc terms with the tile in registers (the last panel of
// columns, if narrower, with a kernel of its width; a tile past the last whole rows, through
// a scratch tile).

#include <cstddef>

#include "core/exact_product_task.h"

namespace polarity::exact_kernel {
namespace {

constexpr std::ptrdiff_t kKc = 256;   // terms per block: a kc x kNr panel of B stays in L1
constexpr std::ptrdiff_t kMc = 96;    // rows per block: the mc x kc block of A stays in L2

template <int kLanes>
struct Vec;
template <>
struct Vec<2> {
  typedef double Type __attribute__((vector_size(16)));
};
template <>
struct Vec<4> {
  typedef double Type __attribute__((vector_size(32)));
};
template <>
struct Vec<8> {
  typedef double Type __attribute__((vector_size(64)));
};

// Unaligned vector load and store, by value.
template <typename V>
inline V Load(const double* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof(V));
  return v;
}
template <typename V>
inline void Store(double* p, V v) {
  __builtin_memcpy(p, &v, sizeof(V));
}

// kc x kMr panel of A (rows [i0, i0 + rows), terms [p0, p0 + kc)), zero-padded to kMr rows.
template <int kMr>
inline void PackA(const ProductTask& t, std::ptrdiff_t i0, std::ptrdiff_t rows, std::ptrdiff_t p0,
                  std::ptrdiff_t kc, double* out) {
  for (std::ptrdiff_t p = 0; p < kc; ++p) {
    double* row = out + p * kMr;
    if (!t.transpose_a) {  // A(i, p) = a[p lda + i]: a column of A, contiguous
      const double* column = t.a + (p0 + p) * t.lda + i0;
      // Each term is another column, 8 N bytes on, a page further at N >= 512, where the
      // hardware's stride prefetch stops; so the chunk 16 terms ahead (its first and last
      // entries: the lines it may span) is asked for here. The loads' stall fell from 5.3 %
      // to 2.1 % of the exact GEMM's samples at N = 1000 (`perf annotate`;
      // docs/performance.md §6, item 19).
      if (p + 16 < kc) {
        __builtin_prefetch(column + 16 * t.lda);
        __builtin_prefetch(column + 16 * t.lda + rows - 1);
      }
      for (std::ptrdiff_t i = 0; i < rows; ++i) row[i] = column[i];
    } else {               // A(i, p) = a[i lda + p]
      const double* column = t.a + i0 * t.lda + p0 + p;
      for (std::ptrdiff_t i = 0; i < rows; ++i) row[i] = column[i * t.lda];
    }
    for (std::ptrdiff_t i = rows; i < kMr; ++i) row[i] = 0.0;
  }
}

// The panels of a transposed B (B(p, j) = b[p ldb + j]: row p of B is contiguous), a
// group of kPackGroup panels at a time: term by term, a piece of row p as long as the group
// (8 x 12 doubles on AVX-512, 12 cache lines) is read once, front to back, and dealt out to
// the group's panels. Panel by panel (PackB) reads one piece of 12 doubles of each row, a
// cache line or two out of every N doubles; all panels at once writes to every panel, N / 12
// pages apart, for each term. The same copies into the same places.
constexpr std::ptrdiff_t kPackGroup = 8;

template <int kNr>
inline void PackTransposedB(const ProductTask& t, std::ptrdiff_t p0, std::ptrdiff_t kc, std::ptrdiff_t j_begin,
                            std::ptrdiff_t j_end) {
  for (std::ptrdiff_t g0 = j_begin; g0 < j_end; g0 += kPackGroup * kNr) {
    const std::ptrdiff_t g_end = j_end - g0 < kPackGroup * kNr ? j_end : g0 + kPackGroup * kNr;
    const std::ptrdiff_t whole_end = g0 + (g_end - g0) / kNr * kNr;
    double* const group = t.pack_b + (g0 - j_begin) * kKc;
    for (std::ptrdiff_t p = 0; p < kc; ++p) {
      const double* row = t.b + (p0 + p) * t.ldb;
      double* out = group + p * kNr;
      std::ptrdiff_t j0 = g0;
      // A whole panel's piece as one copy of kNr doubles: GCC compiled the loop of kNr
      // copies, in the loop over the group, to scalar moves with spills to the stack (12 %
      // of the exact SYRK's samples at N = 200, perf annotate).
      for (; j0 < whole_end; j0 += kNr, out += kKc * kNr) __builtin_memcpy(out, row + j0, kNr * sizeof(double));
      if (j0 < g_end) {
        for (std::ptrdiff_t j = 0; j < kNr; ++j) out[j] = j0 + j < g_end ? row[j0 + j] : 0.0;
      }
    }
  }
}

// kc x kNr panel of B (terms [p0, p0 + kc), columns [j0, j0 + cols)), zero-padded; B not
// transposed (B(p, j) = b[j ldb + p]: each column a contiguous piece of kc terms).
template <int kNr>
inline void PackB(const ProductTask& t, std::ptrdiff_t p0, std::ptrdiff_t kc, std::ptrdiff_t j0,
                  std::ptrdiff_t cols, double* out) {
  for (std::ptrdiff_t p = 0; p < kc; ++p) {
    double* row = out + p * kNr;
    const double* start = t.b + j0 * t.ldb + p0 + p;
    for (std::ptrdiff_t j = 0; j < cols; ++j) row[j] = start[j * t.ldb];
    for (std::ptrdiff_t j = cols; j < kNr; ++j) row[j] = 0.0;
  }
}

// The kMr x kCols tile at c (column stride ldc) through kc terms: c += A_panel B_panel, one
// term at a time (or c = ... from zero when !kAccumulate). kMr = kVectors * kLanes; B's panel
// is kNr wide, of which the first kCols columns are used (kCols < kNr: the last panel of C).
template <int kLanes, int kVectors, int kNr, int kCols, bool kAccumulate>
inline void TileKernel(std::ptrdiff_t kc, const double* __restrict pa, const double* __restrict pb,
                       double* __restrict c, std::ptrdiff_t ldc) {
  typedef typename Vec<kLanes>::Type V;
  constexpr int kMr = kLanes * kVectors;
  // Whether the sums start from C is a template argument: with a run-time flag GCC built
  // the tile on the stack, zeroed by `rep stos` (which the loads after it cannot take their
  // values from until it has reached the cache), and loaded the registers from there.
  V acc[kCols][kVectors];
  for (int j = 0; j < kCols; ++j) {
    for (int v = 0; v < kVectors; ++v) acc[j][v] = kAccumulate ? Load<V>(c + j * ldc + v * kLanes) : V{};
  }
  for (std::ptrdiff_t p = 0; p < kc; ++p) {
    V a[kVectors];
    for (int v = 0; v < kVectors; ++v) a[v] = Load<V>(pa + p * kMr + v * kLanes);
    for (int j = 0; j < kCols; ++j) {
      const double b = pb[p * kNr + j];
      for (int v = 0; v < kVectors; ++v) acc[j][v] = acc[j][v] + a[v] * b;
    }
  }
  for (int j = 0; j < kCols; ++j) {
    for (int v = 0; v < kVectors; ++v) Store(c + j * ldc + v * kLanes, acc[j][v]);
  }
}

template <int kLanes, int kVectors, int kNr, int kCols = kNr>
inline void MicroKernel(std::ptrdiff_t kc, const double* __restrict pa, const double* __restrict pb,
                        double* __restrict c, std::ptrdiff_t ldc, bool accumulate) {
  if (accumulate) {
    TileKernel<kLanes, kVectors, kNr, kCols, true>(kc, pa, pb, c, ldc);
  } else {
    TileKernel<kLanes, kVectors, kNr, kCols, false>(kc, pa, pb, c, ldc);
  }
}

// A tile of whole rows (kMr) and the last cols < kNr columns of C, in place: the kernel for
// exactly that many columns, so that the last panel of C (8 columns of 12 at N = 200 or
// 2000) costs neither the padded columns' arithmetic nor a copy through a scratch tile
// (those took 15 % of Q = P^ P^T's samples at N = 200). The same sums in the same order.
template <int kLanes, int kVectors, int kNr, int kCols = kNr - 1>
inline void NarrowTile(int cols, std::ptrdiff_t kc, const double* __restrict pa, const double* __restrict pb,
                       double* __restrict c, std::ptrdiff_t ldc, bool accumulate) {
  if constexpr (kCols >= 1) {
    if (cols == kCols) {
      MicroKernel<kLanes, kVectors, kNr, kCols>(kc, pa, pb, c, ldc, accumulate);
    } else {
      NarrowTile<kLanes, kVectors, kNr, kCols - 1>(cols, kc, pa, pb, c, ldc, accumulate);
    }
  }
}

// Small products (core/exact_product.h: kSmallProductMaxRows): no packing. For each chunk of
// kLanes rows and kCols columns, the chunk of C stays in registers while p runs through the
// terms, c_j = c_j + a_p b_pj: the same order as the packed path, without its set-up, which
// dominates below a few dozen rows. kCols independent sums hide the latency of the adds.
// A is read in place (column-major, not transposed). Always inlined: when the tall path
// below made GCC call it instead, it kept the tile's sums on the stack, and the W C~^T
// product went from 15 % to 25 % of phase 2's samples at N = 200.
template <int kLanes, int kCols>
[[gnu::always_inline]] inline void SmallTile(const ProductTask& t, std::ptrdiff_t i0, std::ptrdiff_t j0) {
  typedef typename Vec<kLanes>::Type V;
  V acc[kCols];
  for (int c = 0; c < kCols; ++c) acc[c] = V{};
  const std::ptrdiff_t b_step = t.transpose_b ? t.ldb : 1;  // B(p, j) = b[j b_col + p b_step]
  const std::ptrdiff_t b_col = t.transpose_b ? 1 : t.ldb;
  const double* b = t.b + j0 * b_col;
  for (std::ptrdiff_t p = 0; p < t.k; ++p) {
    V a;
    __builtin_memcpy(&a, t.a + p * t.lda + i0, sizeof(V));
    for (int c = 0; c < kCols; ++c) acc[c] = acc[c] + a * b[c * b_col + p * b_step];
  }
  // Straight from the registers: left to itself GCC kept this loop rolled, so the sums went
  // to the stack and were copied out 16 bytes at a time, a half of each just-stored vector
  // read back (16 % of the products' samples at N = 20 on Zen 3, perf annotate).
  double* const out = t.c + j0 * t.ldc + i0;
  const std::ptrdiff_t ldc = t.ldc;
#pragma GCC unroll 8
  for (int c = 0; c < kCols; ++c) Store(out + c * ldc, acc[c]);
}

template <int kLanes>
[[gnu::always_inline]] inline void SmallChunk(const ProductTask& t, std::ptrdiff_t i0) {
  // Upper triangle: columns j >= i0 (the chunk's first row), so nothing on or above the
  // diagonal is missed.
  std::ptrdiff_t j = t.upper_only && i0 > t.column_begin ? i0 : t.column_begin;
  for (; j + 8 <= t.column_end; j += 8) SmallTile<kLanes, 8>(t, i0, j);
  switch (t.column_end - j) {  // the last 0-7 columns in one pass over A's rows
    case 7: SmallTile<kLanes, 7>(t, i0, j); break;
    case 6: SmallTile<kLanes, 6>(t, i0, j); break;
    case 5: SmallTile<kLanes, 5>(t, i0, j); break;
    case 4: SmallTile<kLanes, 4>(t, i0, j); break;
    case 3: SmallTile<kLanes, 3>(t, i0, j); break;
    case 2: SmallTile<kLanes, 2>(t, i0, j); break;
    case 1: SmallTile<kLanes, 1>(t, i0, j); break;
    default: break;
  }
}

// Rows [i0, i_end): whole vectors, then narrower ones, then one row at a time (the same
// order in every lane).
template <int kLanes>
void SmallRows(const ProductTask& t, std::ptrdiff_t i0, std::ptrdiff_t i_end) {
  for (; i0 + kLanes <= i_end; i0 += kLanes) SmallChunk<kLanes>(t, i0);
  if constexpr (kLanes > 2) {
    for (; i0 + kLanes / 2 <= i_end; i0 += kLanes / 2) SmallChunk<kLanes / 2>(t, i0);
  }
  if constexpr (kLanes > 4) {
    for (; i0 + 2 <= i_end; i0 += 2) SmallChunk<2>(t, i0);
  }
  for (; i0 < i_end; ++i0) {
    const std::ptrdiff_t j_begin = t.upper_only && i0 > t.column_begin ? i0 : t.column_begin;
    for (std::ptrdiff_t j = j_begin; j < t.column_end; ++j) {
      double acc = 0.0;
      for (std::ptrdiff_t p = 0; p < t.k; ++p) {
        const double b = t.transpose_b ? t.b[p * t.ldb + j] : t.b[j * t.ldb + p];
        const double product = t.a[p * t.lda + i0] * b;
        acc = acc + product;
      }
      t.c[j * t.ldc + i0] = acc;
    }
  }
}

// Tall products (core/exact_product.h: kTallProductMinOperand), C = A B with at most 8 columns
// (A C with C N x K): a block of kTallRows rows of C is the accumulator, 16 KiB in L1, while
// A's columns stream past it kTallTerms at a time, each read once, contiguous. (Walking all
// of p for each 8-row chunk, as SmallTile does, reads A one cache line per column 8 N bytes
// apart, which at N = 2000 ran at an eighth of the STREAM rate.) Every c_ij is still
// summed in order of p: the partial sum waits in C between passes, which is exact.
constexpr std::ptrdiff_t kTallRows = 256;
constexpr int kTallTerms = 8;

template <int kLanes, int kCols, int kTerms>
[[gnu::always_inline]] inline void TallPass(const ProductTask& t, std::ptrdiff_t i0, std::ptrdiff_t vectors,
                                            std::ptrdiff_t j0, std::ptrdiff_t p0, int terms) {
  typedef typename Vec<kLanes>::Type V;
  const std::ptrdiff_t b_step = t.transpose_b ? t.ldb : 1;  // B(p, j) = b[j b_col + p b_step]
  const std::ptrdiff_t b_col = t.transpose_b ? 1 : t.ldb;
  const int count = kTerms > 0 ? kTerms : terms;  // compile-time in whole passes
  double bp[kTallTerms][kCols];  // B(p0 + q, j0 + c)
  for (int q = 0; q < count; ++q) {
    for (int c = 0; c < kCols; ++c) bp[q][c] = t.b[(j0 + c) * b_col + (p0 + q) * b_step];
  }
  const std::ptrdiff_t lda = t.lda, ldc = t.ldc;
  const double* a = t.a + p0 * lda + i0;
  double* out = t.c + j0 * ldc + i0;
  // The loops over the columns unrolled, so that the sums stay in registers (as SmallTile).
  for (std::ptrdiff_t v = 0; v < vectors; ++v) {
    V acc[kCols];
#pragma GCC unroll 8
    for (int c = 0; c < kCols; ++c) acc[c] = p0 == 0 ? V{} : Load<V>(out + c * ldc + v * kLanes);
    for (int q = 0; q < count; ++q) {
      const V x = Load<V>(a + q * lda + v * kLanes);
#pragma GCC unroll 8
      for (int c = 0; c < kCols; ++c) acc[c] = acc[c] + x * bp[q][c];
    }
#pragma GCC unroll 8
    for (int c = 0; c < kCols; ++c) Store(out + c * ldc + v * kLanes, acc[c]);
  }
}

template <int kLanes, int kCols>
void TallPanel(const ProductTask& t, std::ptrdiff_t j0) {
  // Whole vectors of rows in blocks of kTallRows; the last few rows through SmallRows.
  const std::ptrdiff_t whole_end = t.row_begin + (t.row_end - t.row_begin) / kLanes * kLanes;
  for (std::ptrdiff_t i0 = t.row_begin; i0 < whole_end; i0 += kTallRows) {
    const std::ptrdiff_t rows = whole_end - i0 < kTallRows ? whole_end - i0 : kTallRows;
    std::ptrdiff_t p0 = 0;
    for (; p0 + kTallTerms <= t.k; p0 += kTallTerms) {
      TallPass<kLanes, kCols, kTallTerms>(t, i0, rows / kLanes, j0, p0, kTallTerms);
    }
    if (p0 < t.k) TallPass<kLanes, kCols, 0>(t, i0, rows / kLanes, j0, p0, static_cast<int>(t.k - p0));
  }
  SmallRows<kLanes>(t, whole_end, t.row_end);
}

template <int kLanes>
void TallProduct(const ProductTask& t) {
  const std::ptrdiff_t j0 = t.column_begin;
  switch (t.column_end - j0) {
    case 8: TallPanel<kLanes, 8>(t, j0); break;
    case 7: TallPanel<kLanes, 7>(t, j0); break;
    case 6: TallPanel<kLanes, 6>(t, j0); break;
    case 5: TallPanel<kLanes, 5>(t, j0); break;
    case 4: TallPanel<kLanes, 4>(t, j0); break;
    case 3: TallPanel<kLanes, 3>(t, j0); break;
    case 2: TallPanel<kLanes, 2>(t, j0); break;
    case 1: TallPanel<kLanes, 1>(t, j0); break;
    default: break;
  }
}

constexpr std::ptrdiff_t kPanelsFirstMinRows = 512;

template <int kLanes>
void SmallProduct(const ProductTask& t) {
  if (t.tall) {
    TallProduct<kLanes>(t);
  } else if (t.m >= kPanelsFirstMinRows && !t.upper_only) {
    // Many rows (W C~^T at large N: A is N x K and stays in cache, C is the large operand):
    // panels of 8 columns outermost, so that C is written column after column rather than
    // one cache line in every column per chunk of rows (measured, phase 2 alone at
    // N = 2000: 9.7 ms against 11.3, medians of 5 alternated rounds; no change at N = 200).
    for (std::ptrdiff_t j0 = t.column_begin; j0 < t.column_end; j0 += 8) {
      ProductTask panel = t;
      panel.column_begin = j0;
      panel.column_end = t.column_end - j0 < 8 ? t.column_end : j0 + 8;
      SmallRows<kLanes>(panel, t.row_begin, t.row_end);
    }
  } else {
    SmallRows<kLanes>(t, t.row_begin, t.row_end);
  }
}

// The whole task: C[:, column_begin:column_end) (or its upper triangle) = A op(B).
// Needs t.pack_a >= kMc x kKc and t.pack_b >= kKc x (columns rounded up to kNr) doubles.
template <int kLanes, int kVectors, int kNr>
void Product(const ProductTask& t) {
  if (t.small) {
    SmallProduct<kLanes>(t);
    return;
  }
  constexpr int kMr = kLanes * kVectors;
  constexpr std::ptrdiff_t kMcTiles = (kMc + kMr - 1) / kMr * kMr;  // rows per A block
  double edge[kMr * kNr];  // a tile that crosses the bottom edge of C, computed here and copied
  const std::ptrdiff_t j_begin = t.column_begin;
  const std::ptrdiff_t j_end = t.column_end;
  for (std::ptrdiff_t p0 = 0; p0 < t.k; p0 += kKc) {
    const std::ptrdiff_t kc = t.k - p0 < kKc ? t.k - p0 : kKc;
    const bool accumulate = p0 > 0;
    // Pack every column panel of this range once per block of terms.
    if (t.transpose_b) {
      PackTransposedB<kNr>(t, p0, kc, j_begin, j_end);
    } else {
      for (std::ptrdiff_t j0 = j_begin; j0 < j_end; j0 += kNr) {
        const std::ptrdiff_t cols = j_end - j0 < kNr ? j_end - j0 : kNr;
        PackB<kNr>(t, p0, kc, j0, cols, t.pack_b + (j0 - j_begin) * kKc);
      }
    }
    // Rows needed: all of the range, or in the upper triangle only rows i < j_end.
    const std::ptrdiff_t row_end = t.upper_only && j_end < t.row_end ? j_end : t.row_end;
    for (std::ptrdiff_t i0 = t.row_begin; i0 < row_end; i0 += kMcTiles) {
      const std::ptrdiff_t mc = row_end - i0 < kMcTiles ? row_end - i0 : kMcTiles;
      for (std::ptrdiff_t ii = 0; ii < mc; ii += kMr) {
        const std::ptrdiff_t rows = mc - ii < kMr ? mc - ii : kMr;
        PackA<kMr>(t, i0 + ii, rows, p0, kc, t.pack_a + ii * kc);
      }
      for (std::ptrdiff_t j0 = j_begin; j0 < j_end; j0 += kNr) {
        const std::ptrdiff_t cols = j_end - j0 < kNr ? j_end - j0 : kNr;
        const double* pb = t.pack_b + (j0 - j_begin) * kKc;
        for (std::ptrdiff_t ii = 0; ii < mc; ii += kMr) {
          const std::ptrdiff_t i = i0 + ii;
          if (t.upper_only && i > j0 + cols - 1) break;  // tile wholly below the diagonal
          const std::ptrdiff_t rows = mc - ii < kMr ? mc - ii : kMr;
          const double* pa = t.pack_a + ii * kc;
          double* tile = t.c + j0 * t.ldc + i;
          if (t.upper_only && i > j0 && rows == kMr) {
            // A tile cut by the diagonal whose first columns j < i hold no entry of the
            // upper triangle for its rows: only columns [i, j0 + cols), from the panel's
            // column i - j0 on (the sums of those columns are the same). At N = 200 this
            // computes 3.5 % more than the triangle instead of 7.3 %.
            const std::ptrdiff_t skip = i - j0;
            NarrowTile<kLanes, kVectors, kNr>(static_cast<int>(cols - skip), kc, pa, pb + skip, tile + skip * t.ldc,
                                              t.ldc, accumulate);
            continue;
          }
          if (rows == kMr && cols == kNr) {
            MicroKernel<kLanes, kVectors, kNr>(kc, pa, pb, tile, t.ldc, accumulate);
            continue;
          }
          if (rows == kMr) {
            NarrowTile<kLanes, kVectors, kNr>(static_cast<int>(cols), kc, pa, pb, tile, t.ldc, accumulate);
            continue;
          }
          for (std::ptrdiff_t j = 0; j < kNr; ++j) {
            for (std::ptrdiff_t r = 0; r < kMr; ++r) {
              edge[j * kMr + r] = accumulate && j < cols && r < rows ? tile[j * t.ldc + r] : 0.0;
            }
          }
          MicroKernel<kLanes, kVectors, kNr>(kc, pa, pb, edge, kMr, accumulate);
          for (std::ptrdiff_t j = 0; j < cols; ++j) {
            for (std::ptrdiff_t r = 0; r < rows; ++r) tile[j * t.ldc + r] = edge[j * kMr + r];
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace polarity::exact_kernel
