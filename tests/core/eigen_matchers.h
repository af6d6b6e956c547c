#pragma once
// Eigen assertions for GoogleTest that print both matrices, and where they differ most, on
// failure:
//   EXPECT_MATRIX_NEAR(actual, expected, tol);   // |a - e| <= tol * max(1, |e|) element-wise
//   EXPECT_MATRIX_EQ(actual, expected);          // bit-identical (same shape, same bytes)

#include <cmath>
#include <cstring>
#include <sstream>
#include <type_traits>

#include <Eigen/Core>
#include <gtest/gtest.h>

namespace polarity::testing {

template <typename A, typename B>
::testing::AssertionResult SameShape(const char* a_expr, const char* b_expr,
                                     const Eigen::DenseBase<A>& a,
                                     const Eigen::DenseBase<B>& b) {
  if (a.rows() == b.rows() && a.cols() == b.cols()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << a_expr << " is " << a.rows() << " x " << a.cols() << " but " << b_expr << " is "
         << b.rows() << " x " << b.cols();
}

template <typename A, typename B>
void PrintBoth(::testing::AssertionResult& result, const char* a_expr, const char* b_expr,
               const Eigen::DenseBase<A>& a, const Eigen::DenseBase<B>& b) {
  const Eigen::IOFormat fmt(Eigen::FullPrecision, 0, ", ", "\n", "  [", "]");
  std::ostringstream out;
  out << "\n" << a_expr << " =\n" << a.format(fmt) << "\n" << b_expr << " =\n" << b.format(fmt);
  result << out.str();
}

// Relative-or-absolute closeness: |a_ij - b_ij| <= tol * max(1, |b_ij|); NaN never matches.
template <typename A, typename B>
::testing::AssertionResult MatrixNear(const char* a_expr, const char* b_expr, const char*,
                                      const Eigen::DenseBase<A>& a,
                                      const Eigen::DenseBase<B>& b, double tol) {
  ::testing::AssertionResult shape = SameShape(a_expr, b_expr, a, b);
  if (!shape) return shape;
  double worst = -1.0;
  Eigen::Index wi = -1, wj = -1;
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      const double x = static_cast<double>(a(i, j));
      const double y = static_cast<double>(b(i, j));
      const double scale = std::fmax(1.0, std::fabs(y));
      const double err = std::isnan(x) || std::isnan(y) ? INFINITY : std::fabs(x - y) / scale;
      if (err > tol && err > worst) {
        worst = err;
        wi = i;
        wj = j;
      }
    }
  }
  if (wi < 0) return ::testing::AssertionSuccess();
  ::testing::AssertionResult result = ::testing::AssertionFailure();
  result << a_expr << " and " << b_expr << " differ by up to " << worst
         << " (relative to max(1, |expected|), tolerance " << tol << ") at (" << wi << ", "
         << wj << "): " << static_cast<double>(a(wi, wj)) << " vs "
         << static_cast<double>(b(wi, wj));
  PrintBoth(result, a_expr, b_expr, a, b);
  return result;
}

// Bit-identical: same shape and the same bytes in every element.
template <typename A, typename B>
::testing::AssertionResult MatrixBitEqual(const char* a_expr, const char* b_expr,
                                          const Eigen::DenseBase<A>& a,
                                          const Eigen::DenseBase<B>& b) {
  ::testing::AssertionResult shape = SameShape(a_expr, b_expr, a, b);
  if (!shape) return shape;
  using Scalar = typename A::Scalar;
  static_assert(std::is_same_v<Scalar, typename B::Scalar>, "compare like with like");
  for (Eigen::Index j = 0; j < a.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      const Scalar x = a(i, j);
      const Scalar y = b(i, j);
      if (std::memcmp(&x, &y, sizeof(Scalar)) != 0) {
        ::testing::AssertionResult result = ::testing::AssertionFailure();
        result << a_expr << " and " << b_expr << " first differ at (" << i << ", " << j
               << ")";
        PrintBoth(result, a_expr, b_expr, a, b);
        return result;
      }
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace polarity::testing

#define EXPECT_MATRIX_NEAR(a, b, tol) \
  EXPECT_PRED_FORMAT3(::polarity::testing::MatrixNear, a, b, tol)
#define ASSERT_MATRIX_NEAR(a, b, tol) \
  ASSERT_PRED_FORMAT3(::polarity::testing::MatrixNear, a, b, tol)
#define EXPECT_MATRIX_EQ(a, b) EXPECT_PRED_FORMAT2(::polarity::testing::MatrixBitEqual, a, b)
