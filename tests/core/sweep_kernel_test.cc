// The tick's sweeps (core/sweeps.h): on every instruction set this CPU runs, and for any
// split of the rows (or alliance tiles), each output has the bits of the straightforward
// scalar loop written here from the equations (with std::max and std::min, whose NaN and
// signed-zero behaviour the kernels must keep). Inputs hold NaN, infinities, signed zeros
// and values on the alliance level boundaries, so that a kernel that reorders or simplifies
// anything differs.

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "core/simd_levels.h"
#include "core/sweeps.h"
#include "polarity/state.h"

namespace polarity {
namespace {

using sweep_kernel::Perception;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Equal bits, or both NaN: which NaN an operation on two NaNs returns depends on the order
// the compiler puts the operands in (IEEE 754 leaves it open), and a NaN stops a run anyway.
bool SameBits(double x, double y) { return (std::isnan(x) && std::isnan(y)) || std::memcmp(&x, &y, sizeof x) == 0; }

int DifferingEntries(const std::vector<double>& x, const std::vector<double>& y) {
  int differing = 0;
  for (std::size_t i = 0; i < x.size(); ++i) differing += !SameBits(x[i], y[i]);
  return differing;
}

// Values in [lo, hi) over many binades, with a few exact zeros of both signs.
std::vector<double> Values(std::size_t count, double lo, double hi, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<double> v(count);
  for (double& x : v) {
    const double unit = static_cast<double>(rng() >> 11) * 0x1.0p-53;
    x = lo + (hi - lo) * unit * std::ldexp(1.0, -static_cast<int>(rng() % 12));
    if (rng() % 17 == 0) x = rng() % 2 ? 0.0 : -0.0;
  }
  return v;
}

// Sizes around the vector widths (2, 4, 8 doubles) and the crossing chunk (16 rows).
const std::ptrdiff_t kSizes[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 20, 33, 64, 101};

struct ThreatArrays {
  std::vector<double> stance, proximity, concern, reach, threat, total, perceived, perceived_total, squared;
};

ThreatArrays ThreatInputs(std::ptrdiff_t n, std::uint64_t seed) {
  const auto nn = static_cast<std::size_t>(n * n);
  ThreatArrays a;
  a.stance = Values(nn, -1.0, 1.0, seed);
  a.proximity = Values(nn, 0.0, 1.0, seed + 1);
  a.concern = Values(nn, 0.0, 5000.0, seed + 2);
  a.perceived = Values(nn, 0.0, 3000.0, seed + 3);
  a.concern[nn / 2] = kInf;      // an infinite G: T = NaN or inf there
  a.perceived[nn / 3] = kNaN;    // NaN passes through P and its row sums
  a.stance[nn - 1] = -0.0;
  a.reach.assign(nn, 7.0);
  a.threat.assign(nn, 7.0);
  a.total.assign(static_cast<std::size_t>(n), 7.0);
  a.perceived_total.assign(static_cast<std::size_t>(n), 7.0);
  a.squared.assign(static_cast<std::size_t>(n), 7.0);
  return a;
}

void ThreatReference(std::ptrdiff_t n, Perception perception, double lag, ThreatArrays& a) {
  for (std::ptrdiff_t i = 0; i < n; ++i) a.total[i] = a.perceived_total[i] = a.squared[i] = 0.0;
  for (std::ptrdiff_t j = 0; j < n; ++j) {
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::size_t e = static_cast<std::size_t>(j * n + i);
      const double hostile = std::max(0.0, -a.stance[e]) * a.proximity[e];
      a.reach[e] = hostile;
      a.threat[e] = hostile * a.concern[e];
      a.total[i] = a.total[i] + a.threat[e];
    }
    a.threat[static_cast<std::size_t>(j * n + j)] = 0.0;
    if (perception == Perception::kNone) continue;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const std::size_t e = static_cast<std::size_t>(j * n + i);
      a.perceived[e] = perception == Perception::kCopy ? a.threat[e] : (1.0 - lag) * a.perceived[e] + lag * a.threat[e];
      a.perceived_total[i] = a.perceived_total[i] + a.perceived[e];
      a.squared[i] = a.squared[i] + a.perceived[e] * a.perceived[e];
    }
  }
  if (perception == Perception::kNone) a.perceived_total.assign(a.perceived_total.size(), 7.0);
  if (perception == Perception::kNone) a.squared.assign(a.squared.size(), 7.0);
}

// Runs the kernel over rows [0, split) and [split, n) as two tasks.
void ThreatKernel(const SweepKernels& kernels, std::ptrdiff_t n, std::ptrdiff_t split, Perception perception,
                  double lag, ThreatArrays& a) {
  for (const auto& [begin, end] : {std::pair{std::ptrdiff_t{0}, split}, std::pair{split, n}}) {
    sweep_kernel::ThreatTask t;
    t.n = n;
    t.row_begin = begin;
    t.row_end = end;
    t.stance = a.stance.data();
    t.proximity = a.proximity.data();
    t.concern_product = a.concern.data();
    t.hostile_reach = a.reach.data();
    t.raw_threat = a.threat.data();
    t.raw_threat_total = a.total.data();
    t.perception = perception;
    t.keep = 1.0 - lag;
    t.lag = lag;
    t.perceived = a.perceived.data();
    t.perceived_total = a.perceived_total.data();
    t.perceived_norm_squared = a.squared.data();
    kernels.threat(t);
  }
}

TEST(SweepKernel, ThreatAndPerceptionHaveTheBitsOfTheScalarLoopOnEveryLevelAndSplit) {
  const double lag = 0.3;
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    for (const std::ptrdiff_t n : kSizes) {
      for (const Perception perception : {Perception::kNone, Perception::kCopy, Perception::kLag}) {
        for (const std::ptrdiff_t split : {std::ptrdiff_t{0}, n / 3, n}) {
          SCOPED_TRACE(std::string(SimdLevelName(level)) + " n=" + std::to_string(n) +
                       " perception=" + std::to_string(static_cast<int>(perception)) + " split=" + std::to_string(split));
          ThreatArrays expected = ThreatInputs(n, static_cast<std::uint64_t>(n));
          ThreatArrays got = expected;
          ThreatReference(n, perception, lag, expected);
          ThreatKernel(kernels, n, split, perception, lag, got);
          EXPECT_EQ(DifferingEntries(got.reach, expected.reach), 0);
          EXPECT_EQ(DifferingEntries(got.threat, expected.threat), 0);
          EXPECT_EQ(DifferingEntries(got.total, expected.total), 0);
          EXPECT_EQ(DifferingEntries(got.perceived, expected.perceived), 0);
          EXPECT_EQ(DifferingEntries(got.perceived_total, expected.perceived_total), 0);
          EXPECT_EQ(DifferingEntries(got.squared, expected.squared), 0);
        }
      }
    }
  }
}

TEST(SweepKernel, StanceHasTheBitsOfTheScalarLoopOnEveryLevelAndSplit) {
  const double dt = 0.25, balance_rate = 0.5, threat_rate = 0.4, alliance_rate = 0.3;
  const double balance_scale = 1.0 / 3.0;  // B = S S / N: the kernel scales S S as it reads it
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    for (const std::ptrdiff_t n : kSizes) {
      SCOPED_TRACE(std::string(SimdLevelName(level)) + " n=" + std::to_string(n));
      const auto nn = static_cast<std::size_t>(n * n);
      const std::uint64_t seed = 100 + static_cast<std::uint64_t>(n);
      const std::vector<double> balance = Values(nn, -3.0, 3.0, seed), threat = Values(nn, 0.0, 900.0, seed + 1),
                                inverse = Values(static_cast<std::size_t>(n), 0.0, 0.01, seed + 2),
                                interdependence = Values(nn, 0.0, 1.0, seed + 3), alliance = Values(nn, 0.0, 1.0, seed + 4);
      std::vector<double> expected = Values(nn, -1.0, 1.0, seed + 5);
      expected[nn / 2] = kNaN;  // NaN passes the clamp, for the finite check
      std::vector<double> got = expected;
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        for (std::ptrdiff_t i = 0; i < n; ++i) {
          const std::size_t e = static_cast<std::size_t>(j * n + i);
          const double share = threat[e] * inverse[static_cast<std::size_t>(i)];
          const double drift = balance_rate * (balance[e] * balance_scale) - threat_rate * share * (1.0 - interdependence[e]) +
                               alliance_rate * alliance[e];
          expected[e] = std::min(std::max(expected[e] + dt * drift, -1.0), 1.0);
        }
        expected[static_cast<std::size_t>(j * n + j)] = 0.0;
      }
      // Whole columns per task (the threads' split), one column alone among them.
      for (const auto& [begin, end] : {std::pair{std::ptrdiff_t{0}, n / 2}, std::pair{n / 2, n / 2 + 1},
                                       std::pair{n / 2 + 1, n}}) {
        sweep_kernel::StanceTask t;
        t.n = n;
        t.column_begin = begin;
        t.column_end = end;
        t.balance = balance.data();
        t.balance_scale = balance_scale;
        t.raw_threat = threat.data();
        t.inverse_total = inverse.data();
        t.interdependence = interdependence.data();
        t.alliance = alliance.data();
        t.stance = got.data();
        t.balance_rate = balance_rate;
        t.threat_rate = threat_rate;
        t.alliance_rate = alliance_rate;
        t.dt = dt;
        kernels.stance(t);
      }
      EXPECT_EQ(DifferingEntries(got, expected), 0);
    }
  }
}

TEST(SweepKernel, AllianceHasTheBitsOfTheScalarLoopOnEveryLevelAndTileSplit) {
  const double dt = 0.25, rate = 0.6, balance_weight = 0.5, friction_weight = 0.35, decay = 0.1, min_stance = -0.2;
  const double balance_scale = 1.0 / 3.0;  // B = S S / N: the kernel scales S S as it reads it
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    for (const std::ptrdiff_t n : kSizes) {
      const std::ptrdiff_t tiles = (n + sweep_kernel::kAllianceTile - 1) / sweep_kernel::kAllianceTile;
      for (const std::ptrdiff_t split : {std::ptrdiff_t{0}, tiles / 2, tiles - 1}) {
        SCOPED_TRACE(std::string(SimdLevelName(level)) + " n=" + std::to_string(n) + " split=" + std::to_string(split));
        const auto nn = static_cast<std::size_t>(n * n);
        const std::uint64_t seed = 400 + static_cast<std::uint64_t>(n);
        const std::vector<double> balance = Values(nn, -3.0, 3.0, seed), friction = Values(nn, 0.0, 1.0, seed + 1);
        std::vector<double> shared = Values(nn, 0.0, 1.0, seed + 2), stance = Values(nn, -1.0, 1.0, seed + 3);
        std::vector<double> expected = Values(nn, 0.0, 1.0, seed + 4), expected_before(nn, 7.0);
        for (std::ptrdiff_t j = 0; j < n; ++j) {  // Q's lower triangle is not read
          for (std::ptrdiff_t i = j + 1; i < n; ++i) shared[static_cast<std::size_t>(j * n + i)] = kNaN;
        }
        for (std::size_t e = 0; e < nn; e += 5) stance[e] = min_stance;  // the friendliness test on its edge
        for (std::size_t e = 3; e < nn; e += 7) expected[e] = (e % 2 ? 0.4 : std::nextafter(0.4, 0.0));
        expected[nn / 2] = kNaN;  // NaN passes the clamp, for the finite check
        // A NaN stance in either triangle, facing a friendly one: std::min's operand order shows.
        if (n >= 3) {
          stance[static_cast<std::size_t>((n - 1) * n)] = 0.5;  // S(0, n-1)
          stance[static_cast<std::size_t>(n - 1)] = kNaN;       // S(n-1, 0)
          stance[static_cast<std::size_t>(2 * n + 1)] = kNaN;   // S(1, 2)
          stance[static_cast<std::size_t>(n + 2)] = 0.5;        // S(2, 1)
        }
        std::vector<double> got = expected, got_before = expected_before;
        for (std::ptrdiff_t j = 0; j < n; ++j) {
          for (std::ptrdiff_t i = 0; i < j; ++i) {
            const auto e = static_cast<std::size_t>(j * n + i), f = static_cast<std::size_t>(i * n + j);
            const double depth = expected[e];
            expected_before[e] = depth;
            const double pressure = 0.5 * (balance[e] * balance_scale + balance[f] * balance_scale);
            const double deepened =
                depth + dt * (rate * (shared[e] + balance_weight * pressure) - friction_weight * friction[e] - decay * depth);
            const double decayed = depth - dt * decay * depth;
            const double next = std::min(stance[e], stance[f]) > min_stance ? deepened : decayed;
            expected[e] = expected[f] = std::min(std::max(next, 0.0), 1.0);
          }
        }
        for (const auto& [begin, end] : {std::pair{std::ptrdiff_t{0}, split}, std::pair{split, tiles}}) {
          sweep_kernel::AllianceTask t;
          t.n = n;
          t.tile_begin = begin;
          t.tile_end = end;
          t.balance = balance.data();
          t.balance_scale = balance_scale;
          t.shared_threat = shared.data();
          t.friction = friction.data();
          t.stance = stance.data();
          t.alliance = got.data();
          t.before = got_before.data();
          t.rate = rate;
          t.balance_weight = balance_weight;
          t.friction_weight = friction_weight;
          t.decay = decay;
          t.min_stance = min_stance;
          t.dt = dt;
          kernels.alliance(t);
        }
        EXPECT_EQ(DifferingEntries(got, expected), 0);
        EXPECT_EQ(DifferingEntries(got_before, expected_before), 0);
      }
    }
  }
}

TEST(SweepKernel, ThreatProfileHasTheBitsOfTheScalarLoopOnEveryLevel) {
  // Squared norms over many binades (down to subnormal), zeros of both signs (a zero row: the
  // inverse is 0), a NaN and an infinity; the reference is the scalar loop with std::sqrt.
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    for (const std::ptrdiff_t n : kSizes) {
      SCOPED_TRACE(std::string(SimdLevelName(level)) + " n=" + std::to_string(n));
      const auto nn = static_cast<std::size_t>(n * n);
      const auto seed = 500 + static_cast<std::uint64_t>(n);
      std::vector<double> squared = Values(static_cast<std::size_t>(n), 0.0, 1e12, seed);
      const std::vector<double> perceived = Values(nn, 0.0, 3000.0, seed + 1);
      if (n > 3) {
        squared[1] = 4.9e-324;
        squared[2] = kNaN;
        squared[3] = kInf;
      }
      std::vector<double> expected_inverse(static_cast<std::size_t>(n)), expected(nn);
      for (std::size_t i = 0; i < squared.size(); ++i) {
        expected_inverse[i] = squared[i] > 0.0 ? 1.0 / std::sqrt(squared[i]) : 0.0;
      }
      for (std::size_t e = 0; e < nn; ++e) expected[e] = perceived[e] * expected_inverse[e % squared.size()];
      std::vector<double> inverse(static_cast<std::size_t>(n), 7.0), profile(nn, 7.0);
      kernels.threat_profile(n, squared.data(), perceived.data(), inverse.data(), profile.data());
      EXPECT_EQ(DifferingEntries(inverse, expected_inverse), 0);
      EXPECT_EQ(DifferingEntries(profile, expected), 0);
    }
  }
}

TEST(SweepKernel, LevelChangesAreEveryPairAboveTheDiagonalWhoseLevelDiffersInColumnOrder) {
  // Depths on and next to the boundaries (nextafter below each), NaN, and the lower triangle
  // full of changes that must not be reported.
  const double boundaries[] = {0.2, 0.4, 0.6, 0.8};
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    for (const std::ptrdiff_t n : kSizes) {
      SCOPED_TRACE(std::string(SimdLevelName(level)) + " n=" + std::to_string(n));
      std::mt19937_64 rng(200 + static_cast<std::uint64_t>(n));
      const auto nn = static_cast<std::size_t>(n * n);
      std::vector<double> before(nn), after(nn);
      for (std::size_t e = 0; e < nn; ++e) {
        const double edge = boundaries[rng() % 4];
        before[e] = rng() % 2 ? edge : std::nextafter(edge, 0.0);
        after[e] = rng() % 5 == 0 ? (rng() % 2 ? edge : std::nextafter(edge, 0.0)) : before[e];
        if (rng() % 50 == 0) after[e] = kNaN;
      }
      std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> expected, got;
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        for (std::ptrdiff_t i = 0; i < j; ++i) {
          const auto e = static_cast<std::size_t>(j * n + i);
          if (LevelOf(before[e]) != LevelOf(after[e])) expected.emplace_back(i, j);
        }
      }
      std::ptrdiff_t i = 0, j = 0;
      for (; kernels.next_level_change(before.data(), after.data(), n, &i, &j); ++i) got.emplace_back(i, j);
      EXPECT_EQ(got, expected);
      if (n >= 20) {
        EXPECT_GT(expected.size(), 10u);  // the test has changes to find
      }
    }
  }
}

TEST(SweepKernel, AllFiniteFindsANaNOrAnInfinityAtAnyPosition) {
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    for (std::ptrdiff_t count = 0; count <= 40; ++count) {
      std::vector<double> values = Values(static_cast<std::size_t>(count), -1e300, 1e300, 300);
      const sweep_kernel::FiniteSpan span{values.data(), count};
      EXPECT_TRUE(kernels.all_finite(&span, 1)) << SimdLevelName(level) << " count " << count;
      for (std::ptrdiff_t at = 0; at < count; ++at) {
        for (const double bad : {kNaN, kInf, -kInf}) {
          std::vector<double> with_bad = values;
          with_bad[static_cast<std::size_t>(at)] = bad;
          const sweep_kernel::FiniteSpan bad_span{with_bad.data(), count};
          EXPECT_FALSE(kernels.all_finite(&bad_span, 1))
              << SimdLevelName(level) << " count " << count << " at " << at << " value " << bad;
        }
      }
    }
  }
}

TEST(SweepKernel, AllFiniteOverSeveralSpansFindsABadValueInAnyOfThem) {
  // Spans of lengths around the 16 sums (so the running sums cross from span to span with a
  // partial chunk in between), a bad value in each position of each span in turn.
  const std::ptrdiff_t lengths[] = {0, 5, 16, 23, 1, 40};
  constexpr std::size_t kSpans = sizeof(lengths) / sizeof(lengths[0]);
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    std::vector<std::vector<double>> values;
    for (std::size_t s = 0; s < kSpans; ++s) {
      values.push_back(Values(static_cast<std::size_t>(lengths[s]), -1e300, 1e300, 400 + static_cast<int>(s)));
    }
    const auto spans = [&] {
      std::vector<sweep_kernel::FiniteSpan> out;
      for (std::size_t s = 0; s < kSpans; ++s) out.push_back({values[s].data(), lengths[s]});
      return out;
    };
    EXPECT_TRUE(kernels.all_finite(spans().data(), kSpans)) << SimdLevelName(level);
    for (std::size_t s = 0; s < kSpans; ++s) {
      for (std::size_t at = 0; at < values[s].size(); ++at) {
        const double kept = values[s][at];
        values[s][at] = at % 2 ? kNaN : -kInf;
        EXPECT_FALSE(kernels.all_finite(spans().data(), kSpans)) << SimdLevelName(level) << " span " << s << " at " << at;
        values[s][at] = kept;
      }
    }
  }
}

TEST(SweepKernel, LevelChangeSearchFindsALoneChangeAnywhereAndNothingWhenThereIsNone) {
  // A single change at each pair above the diagonal, in a chunk of its own or in a column's
  // last rows, is found, and changes below the diagonal (or on it) never.
  for (const SimdLevel level : testing::SimdLevels()) {
    const SweepKernels kernels = SweepKernelsFor(level);
    for (const std::ptrdiff_t n : {std::ptrdiff_t{1}, std::ptrdiff_t{6}, std::ptrdiff_t{17}, std::ptrdiff_t{20},
                                   std::ptrdiff_t{37}}) {
      SCOPED_TRACE(std::string(SimdLevelName(level)) + " n=" + std::to_string(n));
      const auto nn = static_cast<std::size_t>(n * n);
      std::vector<double> before(nn, 0.5), after(nn, 0.5);
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        for (std::ptrdiff_t i = j; i < n; ++i) after[static_cast<std::size_t>(j * n + i)] = 0.9;  // on/below
      }
      std::ptrdiff_t row = 0, column = 0;
      EXPECT_FALSE(kernels.next_level_change(before.data(), after.data(), n, &row, &column));
      for (std::ptrdiff_t j = 0; j < n; ++j) {
        for (std::ptrdiff_t i = 0; i < j; ++i) {
          const auto e = static_cast<std::size_t>(j * n + i);
          after[e] = i % 2 ? 0.1 : kNaN;  // level 0: a change from 0.5's level 2
          row = 0;
          column = 0;
          ASSERT_TRUE(kernels.next_level_change(before.data(), after.data(), n, &row, &column)) << i << ", " << j;
          EXPECT_EQ(row, i);
          EXPECT_EQ(column, j);
          ++row;
          EXPECT_FALSE(kernels.next_level_change(before.data(), after.data(), n, &row, &column)) << i << ", " << j;
          after[e] = 0.5;
        }
      }
    }
  }
}

}  // namespace
}  // namespace polarity
