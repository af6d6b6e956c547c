// Calibration by Levenberg-Marquardt (see calibrate.h for the method).

#include "analysis/calibrate.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <tuple>
#include <utility>

#include <Eigen/Dense>
#include <unsupported/Eigen/LevenbergMarquardt>

#include "io/csv.h"
#include "polarity/scenario_loader.h"
#include "polarity/simulation.h"
#include "scenario/key_tables.h"
#include "scenario/suggest.h"

namespace polarity::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- observations ---

enum class Variable { kMilex, kGdp, kCapability };

bool VariableOf(const std::string& name, Variable* v) {
  if (name == "milex") *v = Variable::kMilex;
  else if (name == "gdp") *v = Variable::kGdp;
  else if (name == "capability") *v = Variable::kCapability;
  else return false;
  return true;
}

// '*' matches any run of characters other than '.'.
bool Matches(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern.front() == '*') {
    for (std::size_t k = 0; k <= text.size(); ++k) {
      if (Matches(pattern.substr(1), text.substr(k))) return true;
      if (k < text.size() && text[k] == '.') break;
    }
    return false;
  }
  return !text.empty() && pattern.front() == text.front() && Matches(pattern.substr(1), text.substr(1));
}

// The valid range of the number at a path, from the loader's key tables (unbounded when
// the path is not found there). Open bounds are closed in by a relative 1e-9.
std::pair<double, double> PathBounds(const std::string& path) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  loader::Bounds b;
  const auto rest = [&](std::size_t first) {
    std::string out;
    for (std::size_t k = first; k < parts.size(); ++k) out += (k > first ? "." : "") + parts[k];
    return out;
  };
  if (parts[0] == "actors" && parts.size() >= 3) {
    if (const loader::KeySpec* spec = loader::FindActorNumberField(rest(2))) {
      b = spec->bounds;
    } else if (const loader::KeySpec* map = loader::FindKey(loader::ActorKeys(), parts[2])) {
      b = map->bounds;  // capability, allocation, concern
    }
  } else if (parts[0] == "relations" && parts.size() == 3) {
    if (const loader::KeySpec* spec = loader::FindKey(loader::RelationKeys(), parts[2])) b = spec->bounds;
  } else if (parts[0] == "parameters" && parts.size() >= 2) {
    if (const ParameterSpec* spec = FindParameter(rest(1))) b = loader::ParameterBounds(*spec);
  } else if (parts[0] == "time" && parts.size() == 2) {
    if (const loader::KeySpec* spec = loader::FindKey(loader::TimeKeys(), parts[1])) b = spec->bounds;
  }
  const auto inward = [](double v, double direction) {
    return v + direction * 1e-9 * std::max(1.0, std::abs(v));
  };
  return {b.min_open ? inward(b.min, 1.0) : b.min, b.max_open ? inward(b.max, -1.0) : b.max};
}

// One observation resolved against the model: actor index, variable, tick.
struct Target {
  int actor = 0;
  Variable variable = Variable::kMilex;
  int tick = 0;
  double observed = 0.0;
  double weight = 1.0;  // 1 or 1 / |observed|
  std::size_t series = 0;
};

double Simulated(const State& s, const Target& t) {
  switch (t.variable) {
    case Variable::kMilex: return s.milex(t.actor);
    case Variable::kGdp: return s.gdp(t.actor);
    case Variable::kCapability: return s.capability.row(t.actor).sum();
  }
  return kNaN;
}

// The residual function for Eigen's LevenbergMarquardt: x (p values) -> r (n residuals).
struct Residuals : Eigen::DenseFunctor<double> {
  Residuals(const Scenario& base, const std::vector<std::string>& paths,
            const std::vector<Target>& targets, int ticks)
      : Eigen::DenseFunctor<double>(static_cast<int>(paths.size()), static_cast<int>(targets.size())),
        base_(&base), paths_(&paths), targets_(&targets), ticks_(ticks),
        base_errors_(ValidateScenario(base).ErrorCount()) {
    lower_.resize(static_cast<Eigen::Index>(paths.size()));
    upper_.resize(static_cast<Eigen::Index>(paths.size()));
    for (std::size_t k = 0; k < paths.size(); ++k) {
      std::tie(lower_(static_cast<Eigen::Index>(k)), upper_(static_cast<Eigen::Index>(k))) = PathBounds(paths[k]);
    }
  }

  // Runs the scenario with values x; false when a value cannot be set or the run fails.
  bool Simulate(const Eigen::VectorXd& x, Eigen::VectorXd* simulated) const {
    Scenario s = *base_;
    const Eigen::VectorXd projected = Project(x);
    for (std::size_t k = 0; k < paths_->size(); ++k) {
      std::string error;
      if (!std::isfinite(projected(static_cast<Eigen::Index>(k))) ||
          !SetPath(s, (*paths_)[k], projected(static_cast<Eigen::Index>(k)), &error)) {
        return false;
      }
    }
    // Values outside their valid range (e.g. a negative fatigue) are not evaluated: the
    // failure residual makes the solver shorten its step, so iterates stay feasible.
    // (Compared with the input, which may itself break a range when built in code.)
    if (ValidateScenario(s).ErrorCount() > base_errors_) return false;
    s.ticks = ticks_;
    const Model model = CompileModel(s);
    Simulation sim(model);
    sim.Reset(RunKey{s.seed, 0, 0});
    simulated->resize(static_cast<Eigen::Index>(targets_->size()));
    // Targets sorted by tick are not required: walk ticks and fill every target of each.
    std::vector<std::vector<std::size_t>> by_tick(static_cast<std::size_t>(ticks_) + 1);
    for (std::size_t o = 0; o < targets_->size(); ++o) {
      by_tick[static_cast<std::size_t>((*targets_)[o].tick)].push_back(o);
    }
    for (int t = 0; t <= ticks_; ++t) {
      if (t > 0 && !sim.Step().ok) return false;
      for (const std::size_t o : by_tick[static_cast<std::size_t>(t)]) {
        (*simulated)(static_cast<Eigen::Index>(o)) = Simulated(sim.state(), (*targets_)[o]);
      }
    }
    return simulated->allFinite();
  }

  int operator()(const Eigen::VectorXd& x, Eigen::VectorXd& r) const {
    ++*evaluations_;
    Eigen::VectorXd simulated;
    r.resize(values());
    if (!Simulate(x, &simulated)) {
      // A failed run is a very poor fit, not an error: the solver backs off.
      r.setConstant(kFailedResidual);
      return 0;
    }
    for (std::size_t o = 0; o < targets_->size(); ++o) {
      const Target& t = (*targets_)[o];
      r(static_cast<Eigen::Index>(o)) = t.weight * (simulated(static_cast<Eigen::Index>(o)) - t.observed);
    }
    return 0;
  }

  // Forward-difference Jacobian for the solver (as Eigen::NumericalDiff, step
  // relative_step · |x_k|, or relative_step at 0), backward where the forward point leaves
  // the valid range.
  int df(const Eigen::VectorXd& x, Eigen::MatrixXd& jacobian) const {
    Eigen::VectorXd r0(values()), r1(values());
    (*this)(x, r0);
    jacobian.resize(values(), inputs());
    for (Eigen::Index k = 0; k < x.size(); ++k) {
      const double h = step_ * (x(k) != 0.0 ? std::abs(x(k)) : 1.0);
      Eigen::VectorXd moved = x;
      moved(k) += h;
      (*this)(moved, r1);
      if ((r1.array().abs() < kFailedResidual).all()) {
        jacobian.col(k) = (r1 - r0) / h;
        continue;
      }
      moved(k) = x(k) - h;
      (*this)(moved, r1);
      jacobian.col(k) = (r0 - r1) / h;
    }
    return 0;
  }

  // x clamped into each value's valid range: the solver moves freely, the objective is flat
  // beyond a bound, and the estimate reported is the projected point.
  Eigen::VectorXd Project(const Eigen::VectorXd& x) const {
    Eigen::VectorXd p = x;
    for (Eigen::Index k = 0; k < x.size(); ++k) {
      p(k) = std::clamp(x(k), lower_(k), upper_(k));
    }
    return p;
  }

  static constexpr double kFailedResidual = 1e12;
  double step_ = 1e-6;
  Eigen::VectorXd lower_, upper_;
  const Scenario* base_;
  const std::vector<std::string>* paths_;
  const std::vector<Target>* targets_;
  int ticks_;
  int base_errors_;
  std::shared_ptr<int> evaluations_ = std::make_shared<int>(0);
};

const char* StatusMessage(int status) {
  using namespace Eigen::LevenbergMarquardtSpace;
  switch (status) {
    case ImproperInputParameters: return "improper input parameters";
    case RelativeReductionTooSmall: return "converged: relative reduction of the sum of squares below tolerance";
    case RelativeErrorTooSmall: return "converged: relative change of the values below tolerance";
    case RelativeErrorAndReductionTooSmall: return "converged: values and sum of squares within tolerance";
    case CosinusTooSmall: return "converged: residuals orthogonal to the Jacobian";
    case TooManyFunctionEvaluation: return "stopped: evaluation limit reached";
    case FtolTooSmall: return "stopped: tolerance on the sum of squares too small";
    case XtolTooSmall: return "stopped: tolerance on the values too small";
    case GtolTooSmall: return "stopped: tolerance on the gradient too small";
    case UserAsked: return "stopped by the residual function";
    default: return "unknown status";
  }
}

std::string Num(double v) { return io::FormatDouble(v); }

// Fixed-precision formatting for the human report.
std::string Fixed(double v, int digits = 4) {
  if (!std::isfinite(v)) return std::isnan(v) ? "n/a" : (v > 0 ? "inf" : "-inf");
  std::ostringstream out;
  const double a = std::abs(v);
  if (a != 0.0 && (a < 1e-3 || a >= 1e6)) {
    out.setf(std::ios::scientific);
  } else {
    out.setf(std::ios::fixed);
  }
  out.precision(digits);
  out << v;
  return out.str();
}

}  // namespace

bool ParseObservations(std::string_view text, const std::string& file_name,
                       std::vector<Observation>* observations, Diagnostics* diagnostics) {
  observations->clear();
  std::vector<std::vector<std::string>> rows;
  std::string error;
  if (!io::ParseCsv(text, &rows, &error)) {
    // "line L: MESSAGE"
    int line = 0;
    if (error.rfind("line ", 0) == 0) line = std::atoi(error.c_str() + 5);
    const std::size_t colon = error.find(": ");
    diagnostics->Error({file_name, line, 1}, colon == std::string::npos ? error : error.substr(colon + 2));
    return false;
  }
  if (rows.empty()) {
    diagnostics->Error({file_name, 1, 1}, "empty file: expected a header actor,year,variable,value");
    return false;
  }
  int column[4] = {-1, -1, -1, -1};
  const char* names[4] = {"actor", "year", "variable", "value"};
  for (std::size_t c = 0; c < rows[0].size(); ++c) {
    for (int k = 0; k < 4; ++k) {
      if (rows[0][c] == names[k]) column[k] = static_cast<int>(c);
    }
  }
  bool ok = true;
  for (int k = 0; k < 4; ++k) {
    if (column[k] < 0) {
      diagnostics->Error({file_name, 1, 1}, std::string("missing column '") + names[k] +
                                                "' (expected actor,year,variable,value)");
      ok = false;
    }
  }
  if (!ok) return false;
  // Columns of a field, 1-based, for messages (fields are unquoted in well-formed files).
  const auto col_of = [](const std::vector<std::string>& row, int index) {
    int col = 1;
    for (int c = 0; c < index; ++c) col += static_cast<int>(row[static_cast<std::size_t>(c)].size()) + 1;
    return col;
  };
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const int line = static_cast<int>(r) + 1;
    if (row.size() == 1 && row[0].empty()) continue;  // blank line
    int width = 0;
    for (const int c : column) width = std::max(width, c + 1);
    if (static_cast<int>(row.size()) < width) {
      diagnostics->Error({file_name, line, 1}, "row has " + std::to_string(row.size()) +
                                                   " fields, the header " + std::to_string(rows[0].size()));
      ok = false;
      continue;
    }
    Observation o;
    o.line = line;
    o.actor = row[static_cast<std::size_t>(column[0])];
    o.variable = row[static_cast<std::size_t>(column[2])];
    Variable v = Variable::kMilex;
    if (!VariableOf(o.variable, &v)) {
      diagnostics->Error({file_name, line, col_of(row, column[2])},
                         "unknown variable '" + o.variable + "' (milex, gdp or capability)");
      ok = false;
    }
    for (const int k : {1, 3}) {
      double* target = k == 1 ? &o.year : &o.value;
      const std::string& field = row[static_cast<std::size_t>(column[k])];
      if (!io::ParseDouble(field, target) || !std::isfinite(*target)) {
        diagnostics->Error({file_name, line, col_of(row, column[k])},
                           std::string(names[k]) + " '" + field + "' is not a finite number");
        ok = false;
      }
    }
    if (o.actor.empty()) {
      diagnostics->Error({file_name, line, col_of(row, column[0])}, "empty actor");
      ok = false;
    }
    observations->push_back(std::move(o));
  }
  return ok;
}

bool ReadObservations(const std::filesystem::path& file, std::vector<Observation>* observations,
                      Diagnostics* diagnostics, int* exit_code) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    diagnostics->Error({file.string(), 0, 0}, "cannot read the file");
    *exit_code = kExitNoInput;
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const bool ok = ParseObservations(text.str(), file.string(), observations, diagnostics);
  *exit_code = ok ? kExitOk : kExitDataError;
  return ok;
}

bool CalibrationOptions::IsValid(std::string* error) const {
  std::ostringstream out;
  if (fit.empty()) out << "fit: at least one path is needed\n";
  if (from && to && *from > *to) out << "from = " << *from << " is after to = " << *to << "\n";
  if (max_evaluations <= 0) out << "max_evaluations = " << max_evaluations << " must be > 0\n";
  if (!(tolerance > 0.0)) out << "tolerance = " << tolerance << " must be > 0\n";
  if (!(relative_step > 0.0) || !(relative_step < 0.1)) {
    out << "relative_step = " << relative_step << " must be in (0, 0.1)\n";
  }
  if (error != nullptr) *error = out.str();
  return out.str().empty();
}

bool ExpandFitPaths(const Scenario& scenario, const std::vector<std::string>& patterns,
                    std::vector<std::string>* paths, std::string* error) {
  paths->clear();
  const std::vector<std::string> all = ListPaths(scenario);
  for (const std::string& pattern : patterns) {
    bool any = false;
    if (pattern.find('*') == std::string::npos) {
      // A plain path may be valid without being listed (e.g. a relation not in the file).
      std::string why;
      if (!GetPath(scenario, pattern, &why).has_value()) {
        if (error != nullptr) *error = "--fit " + pattern + ": " + why;
        return false;
      }
      if (std::find(paths->begin(), paths->end(), pattern) == paths->end()) paths->push_back(pattern);
      continue;
    }
    for (const std::string& path : all) {
      if (!Matches(pattern, path)) continue;
      any = true;
      if (std::find(paths->begin(), paths->end(), path) == paths->end()) paths->push_back(path);
    }
    if (!any) {
      if (error != nullptr) {
        *error = "--fit " + pattern + " matches no path";
        if (const auto close = loader::ClosestMatch(pattern, all)) *error += " (did you mean " + *close + "?)";
      }
      return false;
    }
  }
  return true;
}

Eigen::MatrixXd RichardsonMatrix(const Model& model) {
  const State& s = model.initial;
  const Eigen::Index n = model.num_actors;
  const Eigen::Index k = model.num_domains;
  // D_jk = e_j a_jk / δ_k: steady-state capability per unit of spending.
  Eigen::VectorXd delta(k);
  for (Eigen::Index d = 0; d < k; ++d) {
    const double o = model.depreciation_override.size() == k ? model.depreciation_override(d) : kNaN;
    delta(d) = std::isnan(o) ? s.params.capability.depreciation : o;
  }
  Eigen::MatrixXd per_unit = s.allocation;
  for (Eigen::Index j = 0; j < n; ++j) per_unit.row(j) *= s.efficiency(j);
  per_unit = per_unit.array().rowwise() / delta.transpose().array();
  const Eigen::MatrixXd coalition = per_unit + s.alliance * per_unit;  // (I + A) D
  const Eigen::MatrixXd raw = s.concern * coalition.transpose();        // Σ_k w_ik ((I + A) D)_jk
  const Eigen::MatrixXd own = s.concern * per_unit.transpose();         // Σ_k w_ik D_jk
  Eigen::MatrixXd theta(n, n);
  const double phi = s.params.arms_race.burden_sharing;
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      const double hostility = std::max(0.0, -s.stance(i, j));
      const double threat = i == j ? 0.0 : hostility * s.proximity(i, j) * raw(i, j);
      theta(i, j) = threat - phi * s.alliance(i, j) * own(i, j);
    }
  }
  Eigen::MatrixXd m = s.reactivity.asDiagonal() * theta;
  m.diagonal() -= s.fatigue;
  return m;
}

CalibrationResult Calibrate(const Scenario& scenario, const std::vector<Observation>& data,
                            const CalibrationOptions& options) {
  CalibrationResult result;
  const auto fail = [&](int code, std::string message) {
    result.ok = false;
    result.exit_code = code;
    result.error = std::move(message);
    return result;
  };
  std::string error;
  if (!options.IsValid(&error)) return fail(kExitUsage, error);
  std::vector<std::string> paths;
  if (!ExpandFitPaths(scenario, options.fit, &paths, &error)) return fail(kExitUsage, error);

  // Starting values; every path must hold a number and take a fractional one.
  Eigen::VectorXd x0(static_cast<Eigen::Index>(paths.size()));
  for (std::size_t k = 0; k < paths.size(); ++k) {
    const std::optional<double> v = GetPath(scenario, paths[k], &error);
    if (!v) return fail(kExitUsage, "--fit " + paths[k] + ": " + error);
    Scenario probe = scenario;
    if (!SetPath(probe, paths[k], *v + 0.5, &error)) {
      return fail(kExitUsage, "--fit " + paths[k] + " cannot be fitted: " + error);
    }
    x0(static_cast<Eigen::Index>(k)) = *v;
  }

  // Observations in the window, resolved to actor, tick and series.
  std::vector<Target> targets;
  std::vector<Observation> used;
  std::map<std::pair<std::string, std::string>, std::size_t> series_index;
  int max_tick = 0;
  for (const Observation& o : data) {
    if ((options.from && o.year < *options.from) || (options.to && o.year > *options.to)) continue;
    Target t;
    t.observed = o.value;
    const auto actor = std::find_if(scenario.actors.begin(), scenario.actors.end(),
                                    [&](const ActorSpec& a) { return a.id == o.actor; });
    if (actor == scenario.actors.end()) {
      return fail(kExitDataError, "line " + std::to_string(o.line) + ": unknown actor '" + o.actor + "'");
    }
    t.actor = static_cast<int>(actor - scenario.actors.begin());
    if (!VariableOf(o.variable, &t.variable)) {
      return fail(kExitDataError, "line " + std::to_string(o.line) + ": unknown variable '" + o.variable + "'");
    }
    const double ticks = (o.year - scenario.start) / scenario.dt;
    const double whole = std::round(ticks);
    if (std::abs(ticks - whole) > 1e-6 || whole < 0.0) {
      return fail(kExitDataError, "line " + std::to_string(o.line) + ": year " + Num(o.year) +
                                      " is not a tick of the scenario (start " + Num(scenario.start) +
                                      ", dt " + Num(scenario.dt) + ")");
    }
    t.tick = static_cast<int>(whole);
    if (options.scale == ResidualScale::kRelative) {
      if (o.value == 0.0) {
        return fail(kExitDataError, "line " + std::to_string(o.line) + ": a zero observation has no relative residual");
      }
      t.weight = 1.0 / std::abs(o.value);
    }
    const auto key = std::make_pair(o.actor, o.variable);
    const auto [it, inserted] = series_index.emplace(key, result.series.size());
    if (inserted) result.series.push_back({o.actor, o.variable, 0, 0.0, 0.0});
    t.series = it->second;
    max_tick = std::max(max_tick, t.tick);
    targets.push_back(t);
    used.push_back(o);
  }
  const auto n = static_cast<int>(targets.size());
  const auto p = static_cast<int>(paths.size());
  if (n < p) {
    return fail(kExitDataError, std::to_string(n) + " observations in the window for " + std::to_string(p) +
                                    " values: at least as many observations as values are needed");
  }
  const int ticks = std::max(scenario.ticks, max_tick);

  // Least squares: Levenberg-Marquardt on a forward-difference Jacobian.
  Residuals residuals(scenario, paths, targets, ticks);
  residuals.step_ = options.relative_step;
  Eigen::LevenbergMarquardt<Residuals> lm(residuals);
  lm.setMaxfev(options.max_evaluations);
  lm.setXtol(options.tolerance);
  lm.setFtol(options.tolerance);
  Eigen::VectorXd x = residuals.Project(x0);
  const Eigen::LevenbergMarquardtSpace::Status status = lm.minimize(x);
  x = residuals.Project(x);
  result.solver_status = static_cast<int>(status);
  result.solver_message = StatusMessage(result.solver_status);
  result.converged = status >= Eigen::LevenbergMarquardtSpace::RelativeReductionTooSmall &&
                     status <= Eigen::LevenbergMarquardtSpace::CosinusTooSmall;
  result.evaluations = *residuals.evaluations_;

  // The fit at the estimate, and the central-difference Jacobian for the covariance.
  Eigen::VectorXd r(n);
  residuals(x, r);
  if (!(r.array().abs() < Residuals::kFailedResidual).all()) {
    return fail(kExitRunFailed, "the scenario fails to run at the estimate (non-finite state)");
  }
  // Values at the edge of their valid range are held there (an active bound); the others
  // get central differences and the covariance of the free values, s² (J_fᵀ J_f)⁻¹.
  std::vector<bool> at_bound(static_cast<std::size_t>(p), false);
  std::vector<int> free;
  for (int k = 0; k < p; ++k) {
    const double h = options.relative_step * (x(k) != 0.0 ? std::abs(x(k)) : 1.0);
    at_bound[static_cast<std::size_t>(k)] = x(k) - h < residuals.lower_(k) || x(k) + h > residuals.upper_(k);
    if (!at_bound[static_cast<std::size_t>(k)]) free.push_back(k);
  }
  Eigen::MatrixXd all_columns(n, static_cast<Eigen::Index>(free.size()));
  for (std::size_t c = 0; c < free.size(); ++c) {
    const int k = free[c];
    const double h = options.relative_step * (x(k) != 0.0 ? std::abs(x(k)) : 1.0);
    Eigen::VectorXd up = x, down = x, r_up(n), r_down(n);
    up(k) += h;
    down(k) -= h;
    residuals(up, r_up);
    residuals(down, r_down);
    all_columns.col(static_cast<Eigen::Index>(c)) = (r_up - r_down) / (2.0 * h);
  }
  result.evaluations = *residuals.evaluations_;
  // A value that does not move any residual (e.g. the reactivity of an actor that faces no
  // threat) is not identified: no standard error, and left out of the covariance.
  std::vector<bool> identified(static_cast<std::size_t>(p), true);
  {
    const double largest = free.empty() ? 0.0 : all_columns.colwise().norm().maxCoeff();
    std::vector<int> kept;
    for (std::size_t c = 0; c < free.size(); ++c) {
      if (all_columns.col(static_cast<Eigen::Index>(c)).norm() <= 1e-12 * largest) {
        identified[static_cast<std::size_t>(free[c])] = false;
      } else {
        kept.push_back(static_cast<int>(c));
      }
    }
    std::vector<int> kept_values;
    for (const int c : kept) kept_values.push_back(free[static_cast<std::size_t>(c)]);
    Eigen::MatrixXd kept_columns(n, static_cast<Eigen::Index>(kept.size()));
    for (std::size_t c = 0; c < kept.size(); ++c) {
      kept_columns.col(static_cast<Eigen::Index>(c)) = all_columns.col(kept[c]);
    }
    free = std::move(kept_values);
    all_columns = std::move(kept_columns);
  }
  const auto q = static_cast<int>(free.size());
  const Eigen::MatrixXd& jacobian = all_columns;
  result.observations = n;
  result.degrees_of_freedom = n - q;
  result.rss = r.squaredNorm();
  result.residual_variance = n > q ? result.rss / (n - q) : kNaN;
  result.covariance = Eigen::MatrixXd::Constant(p, p, kNaN);
  // With every value on a bound there is no free column: no covariance (and no 0 x 0
  // decomposition, which Eigen refuses).
  const Eigen::MatrixXd jtj = jacobian.transpose() * jacobian;
  Eigen::FullPivLU<Eigen::MatrixXd> lu;
  if (q > 0) lu.compute(jtj);
  if (n > q && q > 0 && lu.isInvertible()) {
    const Eigen::MatrixXd free_covariance = result.residual_variance * lu.inverse();
    for (int a = 0; a < q; ++a) {
      for (int b = 0; b < q; ++b) {
        result.covariance(free[static_cast<std::size_t>(a)], free[static_cast<std::size_t>(b)]) = free_covariance(a, b);
      }
    }
  }
  for (int k = 0; k < p; ++k) {
    const double var = result.covariance(k, k);
    result.values.push_back({paths[static_cast<std::size_t>(k)], x0(k), x(k),
                             std::isfinite(var) && var >= 0.0 ? std::sqrt(var) : kNaN,
                             at_bound[static_cast<std::size_t>(k)], identified[static_cast<std::size_t>(k)]});
  }

  // Residuals in absolute units, per-series and pooled R².
  std::vector<double> sum(result.series.size(), 0.0), tss(result.series.size(), 0.0),
      rss(result.series.size(), 0.0), wtss(result.series.size(), 0.0);
  std::vector<int> count(result.series.size(), 0);
  for (int o = 0; o < n; ++o) {
    sum[targets[static_cast<std::size_t>(o)].series] += targets[static_cast<std::size_t>(o)].observed;
    count[targets[static_cast<std::size_t>(o)].series] += 1;
  }
  for (int o = 0; o < n; ++o) {
    const Target& t = targets[static_cast<std::size_t>(o)];
    const double mean = sum[t.series] / count[t.series];
    const double residual = r(o) / t.weight;
    result.fitted.push_back({used[static_cast<std::size_t>(o)], t.tick, t.observed + residual, residual});
    tss[t.series] += (t.observed - mean) * (t.observed - mean);
    wtss[t.series] += t.weight * t.weight * (t.observed - mean) * (t.observed - mean);
    rss[t.series] += residual * residual;
  }
  double total_wtss = 0.0;
  for (std::size_t k = 0; k < result.series.size(); ++k) {
    SeriesFit& s = result.series[k];
    s.observations = count[k];
    s.r_squared = tss[k] > 0.0 ? 1.0 - rss[k] / tss[k] : kNaN;
    s.rmse = std::sqrt(rss[k] / count[k]);
    total_wtss += wtss[k];
  }
  result.r_squared = total_wtss > 0.0 ? 1.0 - result.rss / total_wtss : kNaN;

  // The calibrated scenario and its Richardson system.
  result.calibrated = scenario;
  for (int k = 0; k < p; ++k) SetPath(result.calibrated, paths[static_cast<std::size_t>(k)], x(k), nullptr);
  const Model model = CompileModel(result.calibrated);
  result.richardson_matrix = RichardsonMatrix(model);
  result.richardson = AnalyseStability(result.richardson_matrix);
  result.ok = true;
  result.exit_code = kExitOk;
  return result;
}

std::string FormatCalibrationReport(const CalibrationResult& result,
                                    const std::vector<std::string>& actor_ids) {
  std::ostringstream out;
  out << "# Calibration report\n\n";
  out << "Least squares by Levenberg-Marquardt (Eigen), " << result.evaluations
      << " simulations; solver: " << result.solver_message << ".\n\n";
  out << "## Estimates\n\n| path | initial | estimate | standard error | note |\n|---|---|---|---|---|\n";
  for (const FittedValue& v : result.values) {
    const char* note = v.at_bound ? "at a bound of its range" : (!v.identified ? "not identified: no effect on the fit" : "");
    out << "| " << v.path << " | " << Fixed(v.initial, 6) << " | " << Fixed(v.estimate, 6) << " | "
        << Fixed(v.standard_error, 6) << " | " << note << " |\n";
  }
  out << "\nStandard errors: sqrt of the diagonal of s² (JᵀJ)⁻¹, J the central-difference "
         "Jacobian of the residuals at the estimate over the values not at a bound and identified (q of them), "
         "s² = RSS / (n - q). A value at the edge of its valid range (\"at a bound\") is held "
         "there as an active constraint and has no standard error.\n\n";
  out << "## Fit\n\n";
  out << "- observations n = " << result.observations << ", values p = " << result.values.size()
      << ", degrees of freedom " << result.degrees_of_freedom << "\n";
  out << "- RSS = " << Fixed(result.rss, 6) << ", s² = " << Fixed(result.residual_variance, 6) << "\n";
  out << "- R² (pooled, about each series' mean) = " << Fixed(result.r_squared, 4) << "\n\n";
  out << "| actor | variable | n | R² | RMSE |\n|---|---|---|---|---|\n";
  for (const SeriesFit& s : result.series) {
    out << "| " << s.actor << " | " << s.variable << " | " << s.observations << " | "
        << Fixed(s.r_squared, 4) << " | " << Fixed(s.rmse, 4) << " |\n";
  }
  out << "\nResiduals per observation: residuals.csv.\n\n";
  out << "## Richardson system of the calibrated scenario\n\n";
  out << "dm/dt = M m + g at the initial state, capability at its steady state, perception "
         "without noise (see analysis/calibrate.h). M:\n\n";
  const Eigen::Index n = result.richardson_matrix.rows();
  out << "| |";
  for (Eigen::Index j = 0; j < n; ++j) out << " " << actor_ids[static_cast<std::size_t>(j)] << " |";
  out << "\n|---|";
  for (Eigen::Index j = 0; j < n; ++j) out << "---|";
  out << "\n";
  for (Eigen::Index i = 0; i < n; ++i) {
    out << "| " << actor_ids[static_cast<std::size_t>(i)] << " |";
    for (Eigen::Index j = 0; j < n; ++j) out << " " << Fixed(result.richardson_matrix(i, j), 5) << " |";
    out << "\n";
  }
  out << "\nEigenvalues:";
  for (Eigen::Index k = 0; k < result.richardson.eigenvalues.size(); ++k) {
    const auto e = result.richardson.eigenvalues(k);
    out << (k ? ", " : " ") << Fixed(e.real(), 5);
    if (e.imag() != 0.0) out << (e.imag() > 0 ? " + " : " - ") << Fixed(std::abs(e.imag()), 5) << "i";
  }
  out << "\n\nVerdict: **" << result.richardson.verdict() << "** (largest real part "
      << Fixed(result.richardson.max_real_part, 5) << " per year).\n";
  return out.str();
}

std::string FormatResidualsCsv(const CalibrationResult& result) {
  std::string out = "actor,year,variable,tick,observed,simulated,residual\n";
  for (const FittedObservation& f : result.fitted) {
    io::AppendCsvField(out, f.observation.actor);
    out += ',';
    io::AppendDouble(out, f.observation.year);
    out += ',';
    io::AppendCsvField(out, f.observation.variable);
    out += ',';
    io::AppendInt(out, f.tick);
    out += ',';
    io::AppendDouble(out, f.observation.value);
    out += ',';
    io::AppendDouble(out, f.simulated);
    out += ',';
    io::AppendDouble(out, f.residual);
    out += '\n';
  }
  return out;
}

std::string FormatEstimatesCsv(const CalibrationResult& result) {
  std::string out = "path,initial,estimate,standard_error,at_bound,identified\n";
  for (const FittedValue& v : result.values) {
    io::AppendCsvField(out, v.path);
    out += ',';
    io::AppendDouble(out, v.initial);
    out += ',';
    io::AppendDouble(out, v.estimate);
    out += ',';
    io::AppendDoubleOrEmpty(out, v.standard_error);
    out += v.at_bound ? ",1" : ",0";
    out += v.identified ? ",1\n" : ",0\n";
  }
  return out;
}

namespace {

// A YAML mapping built from paths, keys in first-use order.
struct YamlNode {
  std::vector<std::pair<std::string, YamlNode>> children;
  std::string scalar;  // leaf text when children is empty

  YamlNode& Child(const std::string& key) {
    for (auto& [k, node] : children) {
      if (k == key) return node;
    }
    children.emplace_back(key, YamlNode{});
    return children.back().second;
  }
  void Emit(std::string& out, int indent) const {
    for (const auto& [key, node] : children) {
      out.append(static_cast<std::size_t>(indent), ' ');
      out += key + ":";
      if (node.children.empty()) {
        out += " " + node.scalar + "\n";
      } else {
        out += "\n";
        node.Emit(out, indent + 2);
      }
    }
  }
};

// A double-quoted YAML string.
std::string Quoted(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

}  // namespace

bool FormatCalibratedScenario(const CalibrationResult& result, const std::string& extends_path,
                              const std::string& name, const std::string& source_citation,
                              std::string* yaml, std::string* error) {
  YamlNode root;       // actors, parameters, time and top-level scalars
  std::string relations;
  for (const FittedValue& v : result.values) {
    const std::vector<std::string> parts = SplitPath(v.path);
    std::string sourced = "{value: " + io::FormatDouble(v.estimate) + ", source: polarity_calibrate";
    sourced += ", note: " + Quoted("calibrated from " + io::FormatDouble(v.initial) + "; standard error " +
                                   (std::isfinite(v.standard_error) ? io::FormatDouble(v.standard_error)
                                                                    : std::string("not identified"))) + "}";
    if (parts[0] == "actors" && parts.size() >= 3) {
      YamlNode* node = &root.Child("actors");
      for (std::size_t k = 1; k < parts.size(); ++k) node = &node->Child(parts[k]);
      node->scalar = sourced;
    } else if (parts[0] == "relations" && parts.size() == 3) {
      const std::string& pair = parts[1];
      const std::size_t directed = pair.find('>');
      const std::size_t dash = pair.find('-');
      if (directed != std::string::npos) {
        relations += "  - {from: " + pair.substr(0, directed) + ", to: " + pair.substr(directed + 1) + ", " +
                     parts[2] + ": " + sourced + "}\n";
      } else if (dash != std::string::npos) {
        relations += "  - {between: [" + pair.substr(0, dash) + ", " + pair.substr(dash + 1) + "], " +
                     parts[2] + ": " + sourced + "}\n";
      } else {
        if (error != nullptr) *error = "cannot write the relation path " + v.path;
        return false;
      }
    } else if (parts[0] == "parameters" || parts[0] == "time" || parts[0] == "outputs" ||
               parts.size() == 1) {
      YamlNode* node = &root;
      for (const std::string& part : parts) node = &node->Child(part);
      node->scalar = io::FormatDouble(v.estimate);
    } else {
      if (error != nullptr) {
        *error = v.path + " cannot be written to a calibrated scenario (only actors, relations, "
                          "parameters, time and top-level values)";
      }
      return false;
    }
  }
  std::string out;
  out += "# Calibrated scenario written by `polarity calibrate`: it extends the input scenario and\n";
  out += "# sets the fitted values (estimates and standard errors in report.md and estimates.csv).\n";
  out += "schema: polarity/scenario 1\n";
  out += "extends: " + Quoted(extends_path) + "\n";
  out += "name: " + Quoted(name) + "\n";
  out += "sources:\n  - id: polarity_calibrate\n    citation: " + Quoted(source_citation) + "\n";
  root.Emit(out, 0);
  if (!relations.empty()) out += "relations:\n" + relations;
  *yaml = std::move(out);
  return true;
}

}  // namespace polarity::analysis
