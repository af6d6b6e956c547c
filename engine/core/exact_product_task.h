#pragma once
// One matrix product for the kernels of core/exact_product_kernel.h: plain data, shared by
// the per-instruction-set translation units (so it must stay free of inline functions).

#include <cstddef>

namespace polarity::exact_kernel {

// C(i, j) = sum over p of A(i, p) B(p, j), for j in [column_begin, column_end) and i in
// [row_begin, row_end) (upper_only: i <= j only; tiles that cross the diagonal also write
// some i > j). All
// matrices column-major: A(i, p) = a[p lda + i], or a[i lda + p] when transpose_a; B(p, j) =
// b[j ldb + p], or b[p ldb + j] when transpose_b; C(i, j) = c[j ldc + i].
struct ProductTask {
  std::ptrdiff_t m = 0, n = 0, k = 0;
  const double* a = nullptr;
  std::ptrdiff_t lda = 0;
  bool transpose_a = false;
  const double* b = nullptr;
  std::ptrdiff_t ldb = 0;
  bool transpose_b = false;
  double* c = nullptr;
  std::ptrdiff_t ldc = 0;
  bool upper_only = false;
  bool small = false;  // the unpacked path (needs !transpose_a)
  bool tall = false;   // the unpacked path for at most 8 columns and many rows (needs small, !upper_only)
  std::ptrdiff_t column_begin = 0, column_end = 0;
  std::ptrdiff_t row_begin = 0, row_end = 0;
  double* pack_a = nullptr;  // kPackADoubles
  double* pack_b = nullptr;  // PackBDoubles(column_end - column_begin)
};

// Scratch the kernels need (exact_product_kernel.h): a kMc x kKc block of A, and kKc terms of
// each column of the range, rounded up to whole panels (at most 12 columns, so + 24 covers it).
constexpr std::ptrdiff_t kPackADoubles = 96 * 256;
constexpr std::ptrdiff_t PackBDoubles(std::ptrdiff_t columns) { return (columns + 24) * 256; }

void ProductSse2(const ProductTask& task);
void ProductAvx2(const ProductTask& task);
void ProductAvx512(const ProductTask& task);

}  // namespace polarity::exact_kernel
