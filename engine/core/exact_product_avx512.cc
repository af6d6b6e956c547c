// The exact product kernel compiled for AVX512 (flags: engine/CMakeLists.txt): tiles of
// 8 x 12, 8 doubles a vector. Called only where the CPU has AVX512 (core/exact_product.cc).

#include "core/exact_product_kernel.h"

namespace polarity::exact_kernel {

void ProductAvx512(const ProductTask& task) { Product<8, 1, 12>(task); }

}  // namespace polarity::exact_kernel
