// Least-squares fits of Richardson's model (see richardson_fit.h for the maths).

#include "analysis/richardson_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <Eigen/Dense>

namespace polarity::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The common step of `years`; throws unless they are strictly increasing and evenly spaced.
double CommonStep(const Eigen::VectorXd& years, Eigen::Index min_count, const char* who) {
  if (years.size() < min_count) {
    throw std::invalid_argument(std::string(who) + ": needs at least " +
                                std::to_string(min_count) + " years, got " +
                                std::to_string(years.size()));
  }
  const double step = years(1) - years(0);
  if (!(step > 0.0)) throw std::invalid_argument(std::string(who) + ": years must increase");
  for (Eigen::Index t = 1; t + 1 < years.size(); ++t) {
    const double d = years(t + 1) - years(t);
    if (std::abs(d - step) > 1e-9 * std::max(1.0, std::abs(step))) {
      throw std::invalid_argument(std::string(who) + ": years must be evenly spaced");
    }
  }
  return step;
}

void CheckSameLength(const Eigen::VectorXd& years, const Eigen::VectorXd& values,
                     const char* who) {
  if (values.size() != years.size()) {
    throw std::invalid_argument(std::string(who) + ": " + std::to_string(values.size()) +
                                " values for " + std::to_string(years.size()) + " years");
  }
  if (!values.allFinite()) throw std::invalid_argument(std::string(who) + ": non-finite value");
}

// Increments per unit time (n-1) and midpoints (n-1) of a series.
void Differences(const Eigen::VectorXd& z, double step, Eigen::VectorXd* rate,
                 Eigen::VectorXd* midpoint) {
  const Eigen::Index m = z.size() - 1;
  *rate = (z.tail(m) - z.head(m)) / step;
  *midpoint = 0.5 * (z.tail(m) + z.head(m));
}

}  // namespace

LinearFit FitLinear(const Eigen::MatrixXd& design, const Eigen::VectorXd& response) {
  const Eigen::Index n = design.rows();
  const Eigen::Index p = design.cols();
  if (response.size() != n) throw std::invalid_argument("FitLinear: X and y disagree in length");
  if (n < p || p == 0) throw std::invalid_argument("FitLinear: fewer observations than coefficients");
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(design);
  if (qr.rank() < p) throw std::invalid_argument("FitLinear: design matrix is rank deficient");

  LinearFit fit;
  fit.observations = static_cast<int>(n);
  fit.degrees_of_freedom = static_cast<int>(n - p);
  fit.coefficients = qr.solve(response);
  fit.residuals = response - design * fit.coefficients;
  const double rss = fit.residuals.squaredNorm();
  const double tss = (response.array() - response.mean()).square().sum();
  fit.r_squared = tss > 0.0 ? 1.0 - rss / tss : (rss == 0.0 ? 1.0 : kNaN);
  if (n > p) {
    fit.residual_variance = rss / static_cast<double>(n - p);
    // Classical OLS covariance σ² (XᵀX)⁻¹ (X has full column rank, checked above).
    const Eigen::MatrixXd xtx = design.transpose() * design;
    fit.covariance = fit.residual_variance * xtx.ldlt().solve(Eigen::MatrixXd::Identity(p, p));
    fit.standard_errors = fit.covariance.diagonal().cwiseMax(0.0).cwiseSqrt();
  } else {
    fit.residual_variance = kNaN;
    fit.covariance = Eigen::MatrixXd::Constant(p, p, kNaN);
    fit.standard_errors = Eigen::VectorXd::Constant(p, kNaN);
  }
  return fit;
}

Stability AnalyseStability(const Eigen::MatrixXd& system_matrix) {
  if (system_matrix.rows() != system_matrix.cols() || system_matrix.rows() == 0) {
    throw std::invalid_argument("AnalyseStability: the system matrix must be square");
  }
  Stability s;
  const Eigen::EigenSolver<Eigen::MatrixXd> solver(system_matrix, /*computeEigenvectors=*/false);
  s.eigenvalues = solver.eigenvalues();
  std::sort(s.eigenvalues.begin(), s.eigenvalues.end(),
            [](const std::complex<double>& a, const std::complex<double>& b) {
              return a.real() != b.real() ? a.real() > b.real() : a.imag() > b.imag();
            });
  s.max_real_part = s.eigenvalues(0).real();
  s.stable = s.max_real_part < 0.0;
  return s;
}

AggregateRichardsonFit FitAggregateRichardson(const Eigen::VectorXd& years,
                                              const Eigen::VectorXd& total) {
  constexpr const char* kWho = "FitAggregateRichardson";
  CheckSameLength(years, total, kWho);
  const double step = CommonStep(years, 3, kWho);
  Eigen::VectorXd rate, midpoint;
  Differences(total, step, &rate, &midpoint);

  Eigen::MatrixXd design(rate.size(), 2);
  design.col(0) = midpoint;
  design.col(1).setOnes();
  AggregateRichardsonFit fit;
  fit.regression = FitLinear(design, rate);
  const double a = fit.regression.coefficients(0);
  const double b = fit.regression.coefficients(1);
  fit.slope = a;
  fit.equilibrium = -b / a;
  fit.slope_se = fit.regression.standard_errors(0);
  // c = -b / a: gradient (b / a², -1 / a) against the covariance of (a, b).
  const Eigen::Vector2d gradient(b / (a * a), -1.0 / a);
  fit.equilibrium_se =
      std::sqrt(std::max(0.0, gradient.dot(fit.regression.covariance * gradient)));
  fit.r_squared = fit.regression.r_squared;
  fit.stability = AnalyseStability(Eigen::MatrixXd::Constant(1, 1, a));
  return fit;
}

Eigen::Matrix2d RichardsonSystem::Matrix() const {
  return (Eigen::Matrix2d() << -alpha, k, l, -beta).finished();
}

Eigen::Vector2d RichardsonSystem::Constant() const { return {g, h}; }

Eigen::Vector2d RichardsonSystem::Equilibrium() const {
  const double det = alpha * beta - k * l;
  if (det == 0.0) return {kNaN, kNaN};
  return {(beta * g + k * h) / det, (l * g + alpha * h) / det};
}

TwoBlocRichardsonFit FitTwoBlocRichardson(const Eigen::VectorXd& years, const Eigen::VectorXd& x,
                                          const Eigen::VectorXd& y) {
  constexpr const char* kWho = "FitTwoBlocRichardson";
  CheckSameLength(years, x, kWho);
  CheckSameLength(years, y, kWho);
  const double step = CommonStep(years, 4, kWho);
  Eigen::VectorXd x_rate, x_mid, y_rate, y_mid;
  Differences(x, step, &x_rate, &x_mid);
  Differences(y, step, &y_rate, &y_mid);

  const Eigen::Index m = x_rate.size();
  Eigen::MatrixXd design(m, 3);
  design.col(0) = y_mid;
  design.col(1) = x_mid;
  design.col(2).setOnes();
  TwoBlocRichardsonFit fit;
  fit.x_equation = FitLinear(design, x_rate);
  design.col(0) = x_mid;
  design.col(1) = y_mid;
  fit.y_equation = FitLinear(design, y_rate);

  fit.system.k = fit.x_equation.coefficients(0);
  fit.system.alpha = -fit.x_equation.coefficients(1);
  fit.system.g = fit.x_equation.coefficients(2);
  fit.system.l = fit.y_equation.coefficients(0);
  fit.system.beta = -fit.y_equation.coefficients(1);
  fit.system.h = fit.y_equation.coefficients(2);
  fit.stability = AnalyseStability(fit.system.Matrix());
  return fit;
}

}  // namespace polarity::analysis
