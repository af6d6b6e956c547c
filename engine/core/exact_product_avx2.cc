// The exact product kernel compiled for AVX2 (flags: engine/CMakeLists.txt): tiles of
// 8 x 6, 4 doubles a vector. Called only where the CPU has AVX2 (core/exact_product.cc).

#include "core/exact_product_kernel.h"

namespace polarity::exact_kernel {

void ProductAvx2(const ProductTask& task) { Product<4, 2, 6>(task); }

}  // namespace polarity::exact_kernel
