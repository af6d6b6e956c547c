// Issue 5, item 2: Richardson's classic fit of the 1909-1913 arms race reproduced from data,
// and the two-bloc (Entente vs Central Powers) system fitted with its eigenvalues and verdict.
// The numbers asserted here are the ones docs/validation.md quotes.
//
// Data (tests/data/fidelity/, cited in docs/data.md):
//   richardson_1909_1913_textbook.csv  - the textbook table (million £)
//   richardson_blocs_nmc6_1900_1913.csv - COW NMC v6.0 milex (thousand £)
// Sides: U (Entente) = France + Russia, V (Central Powers) = Germany + Austria-Hungary.

#include <cmath>
#include <complex>
#include <cstdio>
#include <filesystem>
#include <string>

#include <Eigen/Dense>
#include <gtest/gtest.h>

#include "analysis/richardson_fit.h"
#include "fidelity/fidelity_data.h"

namespace polarity {
namespace {

using analysis::AggregateRichardsonFit;
using analysis::FitAggregateRichardson;
using analysis::FitLinear;
using analysis::FitTwoBlocRichardson;
using analysis::LinearFit;
using analysis::RichardsonSystem;
using analysis::TwoBlocRichardsonFit;
using testing::FidelityData;
using testing::ReadTable;
using testing::SharedData;
using testing::Table;

// Relative distance |a - b| / |b|.
double Rel(double a, double b) { return std::abs(a - b) / std::abs(b); }

struct Blocs {
  Eigen::VectorXd years, entente, central;  // £ million
  Eigen::VectorXd Total() const { return entente + central; }
  Blocs Window(double from, double to) const {
    Eigen::Index first = 0;
    while (years(first) < from) ++first;
    Eigen::Index last = first;
    while (last + 1 < years.size() && years(last + 1) <= to) ++last;
    const Eigen::Index n = last - first + 1;
    return {years.segment(first, n), entente.segment(first, n), central.segment(first, n)};
  }
};

Blocs Textbook() {
  const Table t = ReadTable(FidelityData("richardson_1909_1913_textbook.csv"));
  return {t.Numbers("year"), t.Numbers("france") + t.Numbers("russia"),
          t.Numbers("germany") + t.Numbers("austria_hungary")};
}

Blocs Nmc() {
  const Table t = ReadTable(FidelityData("richardson_blocs_nmc6_1900_1913.csv"));
  const double to_million = 1e-3;  // thousand £ -> million £
  return {t.Numbers("year"),
          to_million * (t.Numbers("FRN_milex_gbp_thousands") + t.Numbers("RUS_milex_gbp_thousands")),
          to_million * (t.Numbers("GMY_milex_gbp_thousands") + t.Numbers("AUH_milex_gbp_thousands"))};
}

void PrintAggregate(const char* label, const AggregateRichardsonFit& fit) {
  std::printf("[ fit      ] %s: d(U+V)/dt = %.4f (U+V - %.2f)  se(a) = %.4f  se(c) = %.2f  R2 = %.4f\n",
              label, fit.slope, fit.equilibrium, fit.slope_se, fit.equilibrium_se, fit.r_squared);
}

void PrintTwoBloc(const char* label, const TwoBlocRichardsonFit& fit) {
  const RichardsonSystem& s = fit.system;
  std::printf("[ fit      ] %s: k = %.4f alpha = %.4f g = %.3f | l = %.4f beta = %.4f h = %.3f\n",
              label, s.k, s.alpha, s.g, s.l, s.beta, s.h);
  std::printf("[ fit      ]   R2 = %.4f / %.4f, eigenvalues %.4f%+.4fi, %.4f%+.4fi: %s\n",
              fit.x_equation.r_squared, fit.y_equation.r_squared, fit.stability.eigenvalues(0).real(),
              fit.stability.eigenvalues(0).imag(), fit.stability.eigenvalues(1).real(),
              fit.stability.eigenvalues(1).imag(), fit.stability.verdict());
}

// --- the fitting machinery on cases with known answers ---

TEST(FitLinear, RecoversExactLineAndTextbookStandardErrors) {
  // y = 2 + 3x exactly, then with residuals whose OLS standard errors are known in closed
  // form: se(slope) = sqrt(σ² / Sxx), se(intercept) = sqrt(σ² (1/n + x̄² / Sxx)).
  Eigen::MatrixXd x(5, 2);
  x << 1, 1, 2, 1, 3, 1, 4, 1, 5, 1;
  Eigen::VectorXd y = 3.0 * x.col(0) + Eigen::VectorXd::Constant(5, 2.0);
  LinearFit exact = FitLinear(x, y);
  EXPECT_NEAR(exact.coefficients(0), 3.0, 1e-12);
  EXPECT_NEAR(exact.coefficients(1), 2.0, 1e-12);
  EXPECT_NEAR(exact.r_squared, 1.0, 1e-12);

  const Eigen::VectorXd noise = (Eigen::VectorXd(5) << 0.1, -0.2, 0.05, 0.15, -0.1).finished();
  const LinearFit fit = FitLinear(x, y + noise);
  const double n = 5.0, xbar = 3.0, sxx = 10.0;
  const double rss = fit.residuals.squaredNorm();
  const double sigma2 = rss / (n - 2.0);
  EXPECT_NEAR(fit.residual_variance, sigma2, 1e-14);
  EXPECT_NEAR(fit.standard_errors(0), std::sqrt(sigma2 / sxx), 1e-12);
  EXPECT_NEAR(fit.standard_errors(1), std::sqrt(sigma2 * (1.0 / n + xbar * xbar / sxx)), 1e-12);
  EXPECT_EQ(fit.degrees_of_freedom, 3);
  // The residuals are orthogonal to the design.
  EXPECT_LT((x.transpose() * fit.residuals).norm(), 1e-12);
}

TEST(FitLinear, RejectsRankDeficientDesign) {
  Eigen::MatrixXd x(4, 2);
  x << 1, 2, 2, 4, 3, 6, 4, 8;
  EXPECT_THROW(FitLinear(x, Eigen::VectorXd::Ones(4)), std::invalid_argument);
}

TEST(Stability, EigenvaluesAndVerdictOfKnownSystems) {
  // M = [[-α, k], [l, -β]]: αβ > kl is stable, αβ < kl a runaway (MODEL.md 4.1).
  const RichardsonSystem stable{0.2, 0.5, 1.0, 0.3, 0.4, 2.0};   // αβ = 0.2 > kl = 0.06
  const RichardsonSystem runaway{0.9, 0.2, 1.0, 0.8, 0.3, 2.0};  // αβ = 0.06 < kl = 0.72
  const auto s = analysis::AnalyseStability(stable.Matrix());
  const auto r = analysis::AnalyseStability(runaway.Matrix());
  // Trace and determinant fix the eigenvalues of a 2 x 2 matrix.
  EXPECT_NEAR((s.eigenvalues(0) + s.eigenvalues(1)).real(), -0.9, 1e-12);
  EXPECT_NEAR((s.eigenvalues(0) * s.eigenvalues(1)).real(), 0.2 - 0.06, 1e-12);
  EXPECT_TRUE(s.stable);
  EXPECT_STREQ(s.verdict(), "stable");
  EXPECT_FALSE(r.stable);
  EXPECT_STREQ(r.verdict(), "runaway");
  EXPECT_GT(r.max_real_part, 0.0);
  // z* solves M z* + b = 0.
  EXPECT_LT((stable.Matrix() * stable.Equilibrium() + stable.Constant()).norm(), 1e-12);
}

// Data generated by the trapezoidal recurrence of a known system are fitted exactly: the
// regression on midpoints is the trapezoidal discretisation, so this checks the algebra
// (signs of α and β, which column is which) rather than the statistics.
TEST(TwoBlocRichardson, RecoversTheSystemThatGeneratedTheData) {
  for (const RichardsonSystem truth : {RichardsonSystem{0.3, 0.5, 4.0, 0.4, 0.6, 2.0},
                                       RichardsonSystem{0.9, 0.2, 1.0, 0.8, 0.3, 2.0}}) {
    const double dt = 1.0;
    const Eigen::Matrix2d m = truth.Matrix();
    const Eigen::Matrix2d lhs = Eigen::Matrix2d::Identity() - 0.5 * dt * m;
    const Eigen::Matrix2d rhs = Eigen::Matrix2d::Identity() + 0.5 * dt * m;
    const int n = 8;
    Eigen::VectorXd years(n), x(n), y(n);
    Eigen::Vector2d z(10.0, 30.0);
    for (int t = 0; t < n; ++t) {
      years(t) = 1900 + t;
      x(t) = z(0);
      y(t) = z(1);
      z = lhs.lu().solve(rhs * z + dt * truth.Constant());
    }
    const TwoBlocRichardsonFit fit = FitTwoBlocRichardson(years, x, y);
    EXPECT_NEAR(fit.system.k, truth.k, 1e-8);
    EXPECT_NEAR(fit.system.alpha, truth.alpha, 1e-8);
    EXPECT_NEAR(fit.system.g, truth.g, 1e-7);
    EXPECT_NEAR(fit.system.l, truth.l, 1e-8);
    EXPECT_NEAR(fit.system.beta, truth.beta, 1e-8);
    EXPECT_NEAR(fit.system.h, truth.h, 1e-7);
    EXPECT_NEAR(fit.x_equation.r_squared, 1.0, 1e-10);
    EXPECT_EQ(fit.stability.stable, truth.alpha * truth.beta > truth.k * truth.l);

    // The aggregate fit of a symmetric system (k = l, α = β) recovers a = k - α, c = -(g+h)/a.
    if (truth.k == truth.l && truth.alpha == truth.beta) {
      const AggregateRichardsonFit agg = FitAggregateRichardson(years, x + y);
      EXPECT_NEAR(agg.slope, truth.k - truth.alpha, 1e-8);
    }
  }
}

TEST(AggregateRichardson, SymmetricSystemGivesKMinusAlpha) {
  // k = l = 0.7, α = β = 0.2: d(U+V)/dt = 0.5 (U+V) + (g + h), so c = -(g + h) / 0.5.
  const RichardsonSystem truth{0.7, 0.2, 3.0, 0.7, 0.2, 5.0};
  const Eigen::Matrix2d m = truth.Matrix();
  const Eigen::Matrix2d lhs = Eigen::Matrix2d::Identity() - 0.5 * m;
  const Eigen::Matrix2d rhs = Eigen::Matrix2d::Identity() + 0.5 * m;
  Eigen::VectorXd years(6), total(6);
  Eigen::Vector2d z(20.0, 25.0);
  for (int t = 0; t < 6; ++t) {
    years(t) = 2000 + t;
    total(t) = z.sum();
    z = lhs.lu().solve(rhs * z + truth.Constant());
  }
  const AggregateRichardsonFit fit = FitAggregateRichardson(years, total);
  EXPECT_NEAR(fit.slope, 0.5, 1e-9);
  EXPECT_NEAR(fit.equilibrium, -16.0, 1e-7);
  EXPECT_STREQ(fit.stability.verdict(), "runaway");
}

// --- the classic case ---

// Richardson (1960): Δ(U+V) = 0.73 (U+V - 194), £ million, 1909-1913. Issue 5 asks for both
// numbers within 2 %.
TEST(Richardson1909To1913, TextbookTableGivesPublished073And194) {
  const Blocs data = Textbook();
  ASSERT_EQ(data.years.size(), 5);
  const AggregateRichardsonFit fit = FitAggregateRichardson(data.years, data.Total());
  PrintAggregate("textbook 1909-1913", fit);
  EXPECT_LT(Rel(fit.slope, 0.73), 0.02) << "a = " << fit.slope;
  EXPECT_LT(Rel(fit.equilibrium, 194.0), 0.02) << "c = " << fit.equilibrium;
  // The values docs/validation.md quotes (0.731, 194.9, R² 0.999).
  EXPECT_NEAR(fit.slope, 0.7310, 5e-4);
  EXPECT_NEAR(fit.equilibrium, 194.91, 5e-3);
  EXPECT_NEAR(fit.r_squared, 0.9991, 5e-4);
  EXPECT_STREQ(fit.stability.verdict(), "runaway");  // a > 0
}

// The same procedure on COW NMC v6.0: about 0.83 and 189, within 2 %.
TEST(Richardson1909To1913, CorrelatesOfWarDataGive083And189) {
  const Blocs data = Nmc().Window(1909, 1913);
  ASSERT_EQ(data.years.size(), 5);
  const AggregateRichardsonFit fit = FitAggregateRichardson(data.years, data.Total());
  PrintAggregate("COW NMC v6 1909-1913", fit);
  EXPECT_LT(Rel(fit.slope, 0.83), 0.02) << "a = " << fit.slope;
  EXPECT_LT(Rel(fit.equilibrium, 189.0), 0.02) << "c = " << fit.equilibrium;
  EXPECT_NEAR(fit.slope, 0.8321, 5e-4);
  EXPECT_NEAR(fit.equilibrium, 189.26, 5e-3);
  EXPECT_STREQ(fit.stability.verdict(), "runaway");
}

// The procedure matters: regressing on the first year of each pair (not the midpoint) moves
// the slope far from 0.73. This guards against a silent change of discretisation.
TEST(Richardson1909To1913, OnlyTheMidpointRegressionReproducesThePublishedSlope) {
  const Blocs data = Textbook();
  const Eigen::VectorXd total = data.Total();
  Eigen::MatrixXd design(4, 2);
  design.col(0) = total.head(4);
  design.col(1).setOnes();
  const LinearFit start = FitLinear(design, total.tail(4) - total.head(4));
  EXPECT_GT(Rel(start.coefficients(0), 0.73), 0.3) << "slope on start years " << start.coefficients(0);
}

// Entente (U) against Central Powers (V) as two equations. With five years there are four
// increments for three coefficients per equation: one degree of freedom, so the individual
// coefficients are poorly determined (negative reactivities appear). Every window tried
// has a positive leading eigenvalue: a runaway race.
TEST(Richardson1909To1913, TwoBlocSystemIsARunawayRace) {
  struct Case {
    const char* label;
    Blocs data;
    double leading;  // expected leading eigenvalue (real part), 1/year
  };
  const Blocs nmc = Nmc();
  const Case cases[] = {
      {"textbook 1909-1913", Textbook(), 1.6102},
      {"COW NMC 1909-1913", nmc.Window(1909, 1913), 0.8879},
      {"COW NMC 1906-1913", nmc.Window(1906, 1913), 0.9214},
      {"COW NMC 1900-1913", nmc, 0.4244},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    const TwoBlocRichardsonFit fit = FitTwoBlocRichardson(c.data.years, c.data.entente, c.data.central);
    PrintTwoBloc(c.label, fit);
    EXPECT_FALSE(fit.stability.stable);
    EXPECT_STREQ(fit.stability.verdict(), "runaway");
    EXPECT_NEAR(fit.stability.max_real_part, c.leading, 5e-4);
    // The verdict agrees with the trace/determinant test of MODEL.md 4.1: runaway when
    // αβ < kl or α + β < 0.
    const RichardsonSystem& s = fit.system;
    EXPECT_TRUE(s.alpha * s.beta < s.k * s.l || s.alpha + s.beta < 0.0);
  }
}

// The extracts carry the source's numbers unchanged.
TEST(FidelityExtracts, MatchTheSharedSourceFiles) {
  const auto textbook_source = SharedData("classic/richardson_1909_1913_as_reproduced.csv");
  const auto nmc_source = SharedData("classic/richardson_blocs_1900-1913_from_nmc6.csv");
  if (!std::filesystem::exists(textbook_source) || !std::filesystem::exists(nmc_source)) {
    GTEST_SKIP() << "../shared/data/classic is absent: the extracts cannot be compared with "
                    "their source here (the fits above use the extracts and still run)";
  }
  const Table source = ReadTable(textbook_source);
  const Blocs extract = Textbook();
  EXPECT_TRUE(extract.Total().isApprox(source.Numbers("entente_plus_central_total"), 1e-12))
      << "the table's total column must equal France + Russia + Germany + Austria-Hungary";

  const Table nmc = ReadTable(nmc_source);
  const Table nmc_extract = ReadTable(FidelityData("richardson_blocs_nmc6_1900_1913.csv"));
  for (const char* column : {"year", "FRN_milex_gbp_thousands", "RUS_milex_gbp_thousands",
                             "GMY_milex_gbp_thousands", "AUH_milex_gbp_thousands"}) {
    EXPECT_EQ(nmc_extract.Numbers(column), nmc.Numbers(column)) << column;
  }
  const Eigen::VectorXd entente =
      nmc_extract.Numbers("FRN_milex_gbp_thousands") + nmc_extract.Numbers("RUS_milex_gbp_thousands");
  EXPECT_EQ(entente, nmc.Numbers("entente_FRN_RUS_gbp_thousands"));  // integers: exact
}

}  // namespace
}  // namespace polarity
