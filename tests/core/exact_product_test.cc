// The exact products (core/exact_product.h): every c_ij is the naive sum taken in order of
// p, bit for bit, whatever the instruction set, the blocking and the split between threads.
// Inputs span several binades so that a different summation order gives different bits
// (checked: SummationOrderIsVisibleInTheseInputs), which makes the equalities below sharp.

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "core/exact_product.h"
#include "core/random_world.h"
#include "core/simd_levels.h"
#include "polarity/model.h"
#include "polarity/simulation.h"

namespace polarity {
namespace {

Eigen::MatrixXd Wide(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Eigen::MatrixXd m(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    for (Eigen::Index i = 0; i < rows; ++i) {
      const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;       // [0, 1)
      const double scale = std::ldexp(1.0, static_cast<int>(rng() % 24) - 12);  // 2^-12 .. 2^11
      m(i, j) = (unit - 0.5) * scale;
    }
  }
  return m;
}

// sum_p a(i, p) b(p, j), p = 0, 1, ... (or backwards), each product and sum rounded.
Eigen::MatrixXd Naive(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, bool backwards = false) {
  Eigen::MatrixXd c(a.rows(), b.cols());
  for (Eigen::Index j = 0; j < b.cols(); ++j) {
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
      double sum = 0.0;
      for (Eigen::Index q = 0; q < a.cols(); ++q) {
        const Eigen::Index p = backwards ? a.cols() - 1 - q : q;
        const double product = a(i, p) * b(p, j);
        sum = sum + product;
      }
      c(i, j) = sum;
    }
  }
  return c;
}

bool SameBits(double x, double y) { return std::memcmp(&x, &y, sizeof x) == 0; }

int DifferingEntries(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, bool upper_only = false) {
  int differing = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    for (Eigen::Index i = 0; i < (upper_only ? j + 1 : x.rows()); ++i) differing += !SameBits(x(i, j), y(i, j));
  }
  return differing;
}

struct Shape {
  Eigen::Index m, n, k;
};
// Edges of every tile (4, 8, 12 columns; 4, 8 rows), of the row block (96) and of the term
// block (256), sizes past them, and both sides of the unpacked path's limit (48 rows). Then
// the tall path (at most 8 columns, A at least kTallProductMinOperand = 2^17 entries: A C
// with C N x K): both sides of its limit, row blocks of 256 with tails of every width (2, 4,
// 6, 7 rows past whole vectors), term passes of 8 with remainders, 1-8 columns; and the
// unpacked path with many columns and few terms (W C~^T), by panels of 8 columns from 512
// rows (kPanelsFirstMinRows).
const Shape kShapes[] = {{1, 1, 1},       {3, 5, 2},      {7, 13, 9},     {20, 20, 20},   {8, 12, 256},
                         {97, 25, 257},   {33, 100, 513}, {200, 37, 60},  {150, 150, 300}, {48, 30, 70},
                         {49, 30, 70},    {47, 47, 5},    {1023, 7, 128}, {1024, 7, 128}, {602, 7, 230},
                         {514, 8, 257},   {1030, 1, 129}, {1031, 3, 130}, {2052, 5, 70},  {1028, 6, 131},
                         {1036, 2, 127},  {1025, 4, 128}, {300, 200, 7},  {131, 29, 16},  {530, 45, 9},
                         {511, 20, 3}};

TEST(ExactProduct, SummationOrderIsVisibleInTheseInputs) {
  const Eigen::MatrixXd a = Wide(40, 300, 1), b = Wide(300, 40, 2);
  EXPECT_GT(DifferingEntries(Naive(a, b), Naive(a, b, true)), 40 * 40 / 2);
}

TEST(ExactProduct, GeneralProductIsTheNaiveSumOnEveryLevel) {
  for (const SimdLevel level : testing::SimdLevels()) {
    for (const Shape& s : kShapes) {
      const Eigen::MatrixXd a = Wide(s.m, s.k, 3), b = Wide(s.k, s.n, 4);
      Eigen::MatrixXd c = Eigen::MatrixXd::Constant(s.m, s.n, 7.0);  // overwritten, not added to
      ExactProducts products(s.n, 1, level);
      products.Product(a, b, c);
      EXPECT_EQ(DifferingEntries(c, Naive(a, b)), 0)
          << SimdLevelName(level) << " " << s.m << " x " << s.k << " x " << s.n;
    }
  }
}

TEST(ExactProduct, SymmetricProductIsTheNaiveSumInTheUpperTriangle) {
  for (const SimdLevel level : testing::SimdLevels()) {
    for (const Shape& s : kShapes) {
      const Eigen::MatrixXd x = Wide(s.n, s.k, 5);
      Eigen::MatrixXd c = Eigen::MatrixXd::Constant(s.n, s.n, 7.0);
      ExactProducts products(s.n, 1, level);
      products.SymmetricProductUpper(x, c);
      const Eigen::MatrixXd xt = x.transpose();
      EXPECT_EQ(DifferingEntries(c, Naive(x, xt), true), 0) << SimdLevelName(level) << " " << s.n << " x " << s.k;
    }
  }
}

// The packed path's last panel of columns in every width (n = 96 ... 107 leaves 0-11 columns
// past whole panels of 12, 6 and 4) with whole tiles of rows (m = 64), which are computed in
// place, and C = X X^T, whose transposed B is packed eight panels at a time (from n = 97 in
// two groups of panels on AVX-512); on one thread and on two (each packs its own range of
// columns), over two blocks of terms.
TEST(ExactProduct, EveryWidthOfTheLastColumnPanelIsTheNaiveSum) {
  for (const SimdLevel level : testing::SimdLevels()) {
    for (Eigen::Index n = 96; n < 108; ++n) {
      const Eigen::Index m = 64, k = 450;  // over kParallelMinFlops: two threads split both
      const Eigen::MatrixXd a = Wide(m, k, 14), b = Wide(k, n, 15), x = Wide(n, k, 16);
      const Eigen::MatrixXd xt = x.transpose();
      for (const int threads : {1, 2}) {
        ExactProducts products(n, threads, level);
        Eigen::MatrixXd c = Eigen::MatrixXd::Constant(m, n, 7.0), d = Eigen::MatrixXd::Constant(n, n, 7.0);
        products.Product(a, b, c);
        products.SymmetricProductUpper(x, d);
        EXPECT_EQ(DifferingEntries(c, Naive(a, b)), 0) << SimdLevelName(level) << " n = " << n << ", " << threads;
        EXPECT_EQ(DifferingEntries(d, Naive(x, xt), true), 0) << SimdLevelName(level) << " n = " << n << ", " << threads;
      }
    }
  }
}

TEST(ExactProduct, TransposedProductFillsOnlyTheTopRows) {
  for (const SimdLevel level : testing::SimdLevels()) {
    const Eigen::Index n = 130, k = 270, rows = 45;
    const Eigen::MatrixXd a = Wide(k, 60, 6), b = Wide(n, k, 7);
    Eigen::MatrixXd c = Eigen::MatrixXd::Constant(n, n, 7.0);
    ExactProducts products(n, 1, level);
    products.TransposedProductTopRows(a, b, rows, c);
    const Eigen::MatrixXd expected = Naive(a.leftCols(rows).transpose(), b.transpose());
    EXPECT_EQ(DifferingEntries(c.topRows(rows), expected), 0) << SimdLevelName(level);
    EXPECT_TRUE((c.bottomRows(n - rows).array() == 7.0).all()) << SimdLevelName(level);
  }
}

TEST(ExactProduct, EmptySumIsZero) {
  ExactProducts products(3);
  const Eigen::MatrixXd a(3, 0), b(0, 3);
  Eigen::MatrixXd c = Eigen::MatrixXd::Constant(3, 3, 7.0);
  products.Product(a, b, c);
  EXPECT_TRUE((c.array() == 0.0).all());
}

// The references of the threaded tests: a b and the upper triangle of a a^T, on one thread.
struct OneThreadProducts {
  Eigen::MatrixXd general, symmetric;
};
OneThreadProducts OnOneThread(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  ExactProducts one(std::max(a.rows(), b.cols()), 1);
  OneThreadProducts r{Eigen::MatrixXd(a.rows(), b.cols()), Eigen::MatrixXd(a.rows(), a.rows())};
  one.Product(a, b, r.general);
  one.SymmetricProductUpper(a, r.symmetric);
  return r;
}

// Products large enough to be split (kParallelMinFlops), on 2 and 3 threads, against one.
TEST(ExactProduct, ThreadsSplitTheColumnsWithoutChangingABit) {
  const Eigen::Index n = 230;
  ASSERT_GE(static_cast<double>(n) * n * n, ExactProducts::kParallelMinFlops);
  const Eigen::MatrixXd a = Wide(n, n, 8), b = Wide(n, n, 9);
  const auto [general, symmetric] = OnOneThread(a, b);
  for (const int threads : {2, 3}) {
    ExactProducts many(n, threads);
    EXPECT_EQ(many.threads(), threads);
    Eigen::MatrixXd c(n, n), d(n, n);
    for (int repeat = 0; repeat < 3; ++repeat) {  // the workers wait for the next product
      many.Product(a, b, c);
      many.SymmetricProductUpper(a, d);
      EXPECT_EQ(DifferingEntries(c, general), 0) << threads << " threads";
      EXPECT_EQ(DifferingEntries(d, symmetric, true), 0) << threads << " threads";
    }
  }
}

// A product in the background (the tick's B = S S): the workers take the first columns and
// the calling thread the rest when it finishes it; in between, the calling thread runs other
// products and a job alone. No bit changes, whatever the split and the thread count.
TEST(ExactProduct, BackgroundProductHasTheBitsOfTheProductWhileOtherWorkRunsAlongside) {
  const Eigen::Index n = 230;
  const Eigen::MatrixXd a = Wide(n, n, 12), b = Wide(n, n, 13);
  const auto [general, symmetric] = OnOneThread(a, b);
  for (const int threads : {2, 3}) {
    ExactProducts many(n, threads);
    for (const Eigen::Index split : {Eigen::Index{12}, Eigen::Index{180}, Eigen::Index{228}}) {
      Eigen::MatrixXd c = Eigen::MatrixXd::Constant(n, n, 7.0), d(n, n);
      many.StartBackgroundProduct(a, b, c, split);
      EXPECT_TRUE(many.background());
      many.SymmetricProductUpper(a, d);  // on this thread alone, while the workers run
      int shares_seen = 0;
      many.RunShares([](const void* context, int share, int shares) {
        *static_cast<int*>(const_cast<void*>(context)) += 10 * shares + share;
      }, &shares_seen);
      EXPECT_EQ(shares_seen, 10);  // one share, here
      many.FinishBackground();
      EXPECT_FALSE(many.background());
      EXPECT_EQ(DifferingEntries(c, general), 0) << threads << " threads, split " << split;
      EXPECT_EQ(DifferingEntries(d, symmetric, true), 0) << threads << " threads, split " << split;
      many.Product(a, b, d);  // and the workers take part in the next product again
      EXPECT_EQ(DifferingEntries(d, general), 0) << threads << " threads, split " << split;
    }
    for (int repeat = 0; repeat < 4; ++repeat) {  // the split that adapts to the timings
      Eigen::MatrixXd c = Eigen::MatrixXd::Constant(n, n, 7.0), d(n, n);
      many.StartBackgroundProduct(a, b, c);
      many.SymmetricProductUpper(a, d);
      many.FinishBackground();
      EXPECT_EQ(DifferingEntries(c, general), 0) << threads << " threads, adaptive split, " << repeat;
    }
  }
}

// A tall product (A C, C N x K) large enough to be split: its rows are split instead of its
// few columns, and no bit changes.
TEST(ExactProduct, ThreadsSplitTheRowsOfATallProductWithoutChangingABit) {
  const Eigen::Index m = 1003, n = 7, k = 700;
  ASSERT_GE(static_cast<double>(m) * n * k, ExactProducts::kParallelMinFlops);
  const Eigen::MatrixXd a = Wide(m, k, 10), b = Wide(k, n, 11);
  const Eigen::MatrixXd expected = Naive(a, b);
  for (const SimdLevel level : testing::SimdLevels()) {
    for (const int threads : {1, 2, 3}) {
      ExactProducts products(n, threads, level);
      Eigen::MatrixXd c = Eigen::MatrixXd::Constant(m, n, 7.0);
      for (int repeat = 0; repeat < 2; ++repeat) {
        products.Product(a, b, c);
        EXPECT_EQ(DifferingEntries(c, expected), 0) << SimdLevelName(level) << ", " << threads << " threads";
      }
    }
  }
}

// A whole dense run large enough for the split (N = 180: every mechanism, noise, crises and
// events): one tick thread and two give the same state, bit for bit, at every tick.
TEST(ExactProduct, TickThreadsDoNotChangeARun) {
  testing::RandomWorldOptions options;
  options.actors = 180;
  options.ticks = 12;
  options.event_last_tick = 12;
  const Model model = CompileModel(testing::RandomWorld(11, options));
  Simulation one(model, 1), two(model, 2);
  one.Reset({11, 0, 0});
  two.Reset({11, 0, 0});
  int crises = 0;
  for (int tick = 0; tick < options.ticks; ++tick) {
    ASSERT_TRUE(one.Step().ok);
    ASSERT_TRUE(two.Step().ok);
    const State& x = one.state();
    const State& y = two.state();
    ASSERT_EQ(DifferingEntries(x.alliance, y.alliance), 0) << "tick " << tick;
    ASSERT_EQ(DifferingEntries(x.stance, y.stance), 0) << "tick " << tick;
    ASSERT_EQ(DifferingEntries(x.capability, y.capability), 0) << "tick " << tick;
    ASSERT_EQ(DifferingEntries(x.milex, y.milex), 0) << "tick " << tick;
    ASSERT_EQ(x.events.size(), y.events.size()) << "tick " << tick;
    crises += static_cast<int>(x.events.size());
  }
  EXPECT_GT(crises, 0);  // the crisis onset product was exercised
}

}  // namespace
}  // namespace polarity
