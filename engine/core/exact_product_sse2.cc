// The exact product kernel compiled for SSE2 (the baseline flags): tiles of
// 4 x 4, 2 doubles a vector. Runs on every x86-64 CPU.

#include "core/exact_product_kernel.h"

namespace polarity::exact_kernel {

void ProductSse2(const ProductTask& task) { Product<2, 2, 4>(task); }

}  // namespace polarity::exact_kernel
