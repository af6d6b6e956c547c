#pragma once
// Fitting Richardson's arms-race model to observed spending (issue 5, item 2).
//
// The model (MODEL.md 4.1), for two sides with spending x (e.g. the Entente) and y (the
// Central Powers):
//
//   dx/dt = k y - α x + g,     dy/dt = l x - β y + h,     i.e.  dz/dt = M z + b,
//   M = [[-α, k], [l, -β]],  b = (g, h).
//
// It is stable (spending converges to z* = -M⁻¹ b) when both eigenvalues of M have negative
// real part, i.e. αβ > kl (with α + β > 0), and a runaway race otherwise.
//
// Richardson (Arms and Insecurity, 1960) fitted the aggregate form: adding the two equations
// for a symmetric race gives d(U+V)/dt = a (U+V - c), estimated from annual budgets as the
// regression of the yearly increment Δ(U+V) on the mean of the two years it spans. For
// France + Russia vs Germany + Austria-Hungary, 1909-1913, he reported a = 0.73 and
// c = 194 (£ million): a > 0, a runaway race.
//
// Both fits use centred differences: the increment over [t, t+1] is regressed on the
// midpoint value (z_t + z_{t+1}) / 2 (the trapezoidal discretisation of the ODE), which is
// Richardson's own procedure. Estimates are ordinary least squares (Eigen's
// column-pivoting Householder QR), with the classical standard errors sqrt(σ² (XᵀX)⁻¹_kk),
// σ² = RSS / (n - p).

#include <complex>
#include <string>

#include <Eigen/Core>

namespace polarity::analysis {

// Ordinary least squares y ≈ X β.
struct LinearFit {
  Eigen::VectorXd coefficients;     // β (p)
  Eigen::VectorXd standard_errors;  // sqrt(σ² diag((XᵀX)⁻¹)) (p); NaN when n <= p
  Eigen::MatrixXd covariance;       // σ² (XᵀX)⁻¹ (p x p); NaN when n <= p
  Eigen::VectorXd residuals;        // y - X β (n)
  double residual_variance = 0.0;   // σ² = RSS / (n - p); NaN when n <= p
  double r_squared = 0.0;           // 1 - RSS / TSS, TSS about the mean of y
  int observations = 0;             // n
  int degrees_of_freedom = 0;       // n - p
};

// Fits y ≈ X β. Throws std::invalid_argument when the shapes disagree, n < p, or X is rank
// deficient.
LinearFit FitLinear(const Eigen::MatrixXd& design, const Eigen::VectorXd& response);

// Eigenvalues of a linear system dz/dt = M z + b and its verdict.
struct Stability {
  Eigen::VectorXcd eigenvalues;  // of M, sorted by decreasing real part
  double max_real_part = 0.0;    // the growth rate of the slowest-decaying (or fastest-growing) mode, 1/year
  bool stable = false;           // every eigenvalue has negative real part
  const char* verdict() const { return stable ? "stable" : "runaway"; }
};
Stability AnalyseStability(const Eigen::MatrixXd& system_matrix);

// Richardson's aggregate fit: Δ(U+V)/Δt = a (U+V) - a c, i.e. d(U+V)/dt = a (U+V - c).
struct AggregateRichardsonFit {
  double slope = 0.0;              // a, 1/year (k - α in a symmetric race)
  double equilibrium = 0.0;        // c = -intercept / a, unit of the input
  double slope_se = 0.0;           // standard error of a
  double equilibrium_se = 0.0;     // standard error of c (delta method, with the covariance of a and the intercept)
  double r_squared = 0.0;
  LinearFit regression;            // Δ on [midpoint, 1]: coefficients (a, -a c)
  Stability stability;             // the 1 x 1 system [a]: runaway when a > 0
};

// `years` strictly increasing with a constant step (the Δt of the differences); `total`
// the combined spending U+V in those years. Needs at least three years.
AggregateRichardsonFit FitAggregateRichardson(const Eigen::VectorXd& years,
                                              const Eigen::VectorXd& total);

// The two-sided system with its parameters named as in MODEL.md 4.1.
struct RichardsonSystem {
  double k = 0.0, alpha = 0.0, g = 0.0;  // side x: dx/dt = k y - α x + g
  double l = 0.0, beta = 0.0, h = 0.0;   // side y: dy/dt = l x - β y + h

  Eigen::Matrix2d Matrix() const;        // M = [[-α, k], [l, -β]]
  Eigen::Vector2d Constant() const;      // b = (g, h)
  // z* = -M⁻¹ b = ((βg + kh), (lg + αh)) / (αβ - kl); NaN when αβ = kl.
  Eigen::Vector2d Equilibrium() const;
};

// The two-bloc fit: Δx/Δt on [y_mid, x_mid, 1] gives (k, -α, g); Δy/Δt on
// [x_mid, y_mid, 1] gives (l, -β, h).
struct TwoBlocRichardsonFit {
  RichardsonSystem system;
  LinearFit x_equation;   // coefficients (k, -α, g)
  LinearFit y_equation;   // coefficients (l, -β, h)
  Stability stability;    // of system.Matrix()
};

// `years` as for FitAggregateRichardson; x and y the two sides' spending. Needs at least
// four years (three differences for three coefficients per equation; five or more for
// standard errors).
TwoBlocRichardsonFit FitTwoBlocRichardson(const Eigen::VectorXd& years, const Eigen::VectorXd& x,
                                          const Eigen::VectorXd& y);

}  // namespace polarity::analysis
