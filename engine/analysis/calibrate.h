#pragma once
// Calibration of scenario values to observed series (issue 5, item 1; the library behind
// `polarity calibrate`, INTERFACE.md "Command line").
//
// Chosen values of a scenario, named by path with wildcards (`actors.*.richardson.*`), are
// fitted by least squares to observations `actor,year,variable,value` over a window of
// years. Each evaluation sets the values with SetPath, compiles the scenario and runs it
// with the scenario's seed (replication 0: common random numbers, so the objective is a
// deterministic function of the values), and compares the state at each observed year with
// the observation:
//
//   r_o(x) = sim_o(x) - obs_o                 (absolute residuals, the default)
//   r_o(x) = (sim_o(x) - obs_o) / |obs_o|     (relative: series of very different size weigh alike)
//
// minimised over x by Levenberg-Marquardt (Eigen's unsupported LevenbergMarquardt module,
// the MINPACK lmder algorithm) with a forward-difference Jacobian (step relative_step · |x|,
// as Eigen's NumericalDiff, backward where the forward point is outside the valid range).
// Values are kept within their valid range (the loader's table of bounds): the solver's x
// is clamped into it before each run, so the objective is flat beyond a bound and the
// estimate is the clamped point; any other validation error of the resulting scenario
// counts as a failed run, whose huge residual makes the solver shorten its step. At the
// estimate, values at a bound are held (an active constraint: no standard error), and the
// Jacobian J of the free values is recomputed by central differences:
//
//   σ² = RSS / (n - q),   Cov(x̂) = σ² (JᵀJ)⁻¹,   se_k = sqrt(Cov_kk)   (q free values),
//   R² = 1 - RSS / Σ_series Σ_o (obs_o - mean of its series)²      (in residual units)
//
// The report also gives the Richardson system of the calibrated scenario at its initial
// state (RichardsonMatrix below), its eigenvalues and the verdict stable or runaway.
//
// An observation of year Y is compared with the state at calendar time Y, i.e. tick
// (Y - time.start) / time.dt, which must be a whole number; ticks are extended to reach the
// last observation. Variables: `milex` (m, USD bn/year), `gdp` (y, USD bn) and
// `capability` (|c| = Σ_k c_k, USD bn eq.).

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "analysis/richardson_fit.h"
#include "polarity/diagnostics.h"
#include "polarity/model.h"
#include "polarity/scenario.h"

namespace polarity::analysis {

struct Observation {
  std::string actor;      // actor id
  double year = 0.0;      // calendar year
  std::string variable;   // milex | gdp | capability
  double value = 0.0;
  int line = 0;           // line in the CSV (1-based), for messages
};

// Parses `actor,year,variable,value` CSV text: a header naming those four columns (any
// order; other columns ignored), then one row per observation. Every problem is added to
// *diagnostics as FILE:LINE:COL; returns false when there is any.
bool ParseObservations(std::string_view text, const std::string& file_name,
                       std::vector<Observation>* observations, Diagnostics* diagnostics);

// Reads and parses a file; *exit_code is kExitNoInput when it cannot be read, kExitDataError
// on bad content, kExitOk otherwise.
bool ReadObservations(const std::filesystem::path& file, std::vector<Observation>* observations,
                      Diagnostics* diagnostics, int* exit_code);

enum class ResidualScale { kAbsolute, kRelative };

struct CalibrationOptions {
  std::vector<std::string> fit;       // path patterns; '*' matches any run of characters within one dot-separated segment
  std::optional<double> from, to;     // window of observation years, inclusive
  ResidualScale scale = ResidualScale::kAbsolute;
  int max_evaluations = 2000;         // simulations allowed to the solver
  double tolerance = 1e-10;           // relative tolerance on the values and on the sum of squares
  double relative_step = 1e-6;        // finite-difference step, relative to |x| (absolute when x = 0)

  // One line per violated constraint (e.g. "max_evaluations = 0 must be > 0").
  bool IsValid(std::string* error) const;
};

// The paths of `scenario` (ListPaths) matched by the patterns, in pattern order, each once.
// False with *error for a pattern that matches nothing (naming the closest valid path).
bool ExpandFitPaths(const Scenario& scenario, const std::vector<std::string>& patterns,
                    std::vector<std::string>* paths, std::string* error);

struct FittedValue {
  std::string path;
  double initial = 0.0;          // value in the scenario before calibration
  double estimate = 0.0;
  double standard_error = 0.0;   // NaN at a bound, when not identified (JᵀJ singular) or n <= q
  bool at_bound = false;         // within relative_step of the edge of its valid range: held there
  bool identified = true;        // false: moving it changes no residual (no standard error)
};

struct FittedObservation {
  Observation observation;
  int tick = 0;
  double simulated = 0.0;
  double residual = 0.0;         // simulated - observed (absolute, whatever the scale)
};

struct SeriesFit {
  std::string actor, variable;
  int observations = 0;
  double r_squared = 0.0;        // 1 - RSS / TSS of this series (absolute units)
  double rmse = 0.0;
};

struct CalibrationResult {
  bool ok = false;               // false: `error` says why, `exit_code` classifies it
  std::string error;
  int exit_code = kExitOk;       // kExitUsage (bad paths/options), kExitDataError (bad data), kExitRunFailed

  std::vector<FittedValue> values;
  std::vector<FittedObservation> fitted;  // observations in the window, in data order, at the estimate
  std::vector<SeriesFit> series;          // per (actor, variable), in order of first appearance
  int observations = 0;                   // n
  int degrees_of_freedom = 0;             // n - q, q the values not at a bound
  double rss = 0.0;                       // in residual units (see ResidualScale)
  double residual_variance = 0.0;         // σ² = RSS / (n - q)
  double r_squared = 0.0;                 // pooled over series, in residual units
  Eigen::MatrixXd covariance;             // σ² (JᵀJ)⁻¹ over the free values (p x p, NaN rows and columns at a bound)
  int evaluations = 0;                    // simulations run by the solver
  int solver_status = 0;                  // Eigen::LevenbergMarquardtSpace::Status
  std::string solver_message;
  bool converged = false;                 // a tolerance was met (not the evaluation limit)

  Eigen::MatrixXd richardson_matrix;      // M (N x N) of the calibrated scenario
  Stability richardson;                   // eigenvalues of M and the verdict
  Scenario calibrated;                    // the input scenario with the estimates set
};

CalibrationResult Calibrate(const Scenario& scenario, const std::vector<Observation>& data,
                            const CalibrationOptions& options);

// The Richardson system of a compiled model at its initial state: the spending drift of
// phase 4, dm/dt = k ∘ θ(m) - α ∘ m + g, with perception at its noise-free fixed point
// (P = T) and capability at the steady state of phase 5 for the given spending,
// c_jk = e_j m_j a_jk / δ_k, is linear in m: dm/dt = M m + g with
//
//   M = diag(k) Θ - diag(α),   Θ_ij = ∂θ_i/∂m_j
//       = h_ij π_ij Σ_k w_ik ((I + A) D)_jk - φ A_ij Σ_k w_ik D_jk,   D_jk = e_j a_jk / δ_k.
//
// In the limit of MODEL.md 4.1 (K = 1, h = π = 1, A = 0, e/δ = 1) this is
// [[-α, k], [l, -β]]. It ignores the burden cap and floor, alliance and stance drift and
// crises: a quasi-static reading of the arms race, not the whole model.
Eigen::MatrixXd RichardsonMatrix(const Model& model);

// A human report (Markdown): values with standard errors, fit statistics, per-series R²,
// the Richardson eigenvalues and verdict, and the solver's status.
std::string FormatCalibrationReport(const CalibrationResult& result,
                                    const std::vector<std::string>& actor_ids);

// residuals.csv: actor,year,variable,tick,observed,simulated,residual (RFC 4180, doubles
// written to read back exactly).
std::string FormatResidualsCsv(const CalibrationResult& result);

// estimates.csv: path,initial,estimate,standard_error,at_bound,identified.
std::string FormatEstimatesCsv(const CalibrationResult& result);

// The calibrated scenario as a YAML file that runs as is: it `extends` the input scenario
// (`extends_path`, relative to the directory the YAML is written to) and sets each fitted
// value, actor and relation values as sourced values citing the calibration with their
// standard error in the note, parameters and times as plain numbers. Values are written in
// the shortest form that reads back to the same double. Paths under `events.` cannot be
// written this way: false with *error. `source_citation` becomes the citation of the source
// id `polarity_calibrate` that the values cite.
bool FormatCalibratedScenario(const CalibrationResult& result, const std::string& extends_path,
                              const std::string& name, const std::string& source_citation,
                              std::string* yaml, std::string* error);

}  // namespace polarity::analysis
