#pragma once
// Checks on a whole State: the bounds of MODEL.md 4.6 (every one listed with its reason on
// failure) and byte-level comparison of two states.

#include <cmath>
#include <cstring>
#include <sstream>
#include <string>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include "polarity/model.h"
#include "polarity/state.h"

namespace polarity::testing {

// Calls f(name, array) for every Eigen array of the state.
template <typename F>
void ForEachArray(const State& s, F&& f) {
  f("milex", s.milex);
  f("milex_floor", s.milex_floor);
  f("gdp", s.gdp);
  f("gdp_growth", s.gdp_growth);
  f("burden_cap", s.burden_cap);
  f("efficiency", s.efficiency);
  f("reactivity", s.reactivity);
  f("fatigue", s.fatigue);
  f("grievance", s.grievance);
  f("resolve", s.resolve);
  f("revisionism", s.revisionism);
  f("reach_km", s.reach_km);
  f("capability", s.capability);
  f("allocation", s.allocation);
  f("concern", s.concern);
  f("stance", s.stance);
  f("alliance", s.alliance);
  f("perceived_threat", s.perceived_threat);
  f("friction", s.friction);
  f("interdependence", s.interdependence);
  f("proximity", s.proximity);
  f("crisis_rung", s.crisis_rung);
  f("crisis_age", s.crisis_age);
  f("crises_started_target", s.crises_started_target);
  f("crises_started_challenger", s.crises_started_challenger);
  f("capability_index", s.capability_index);
  f("threat", s.threat);
  f("defence_need", s.defence_need);
  f("bloc", s.bloc);
  f("crises_active_by_rung", s.crises_active_by_rung);
}

// Calls f(name, value) for every scalar double of the state.
template <typename F>
void ForEachScalar(const State& s, F&& f) {
  f("time", s.time);
  f("milex_total", s.milex_total);
  f("milex_total_previous", s.milex_total_previous);
  f("arms_race_index", s.arms_race_index);
  f("polarization", s.polarization);
  f("balance", s.balance);
}

template <typename Derived>
std::string Bytes(const Eigen::DenseBase<Derived>& a) {
  const auto& m = a.derived();
  return std::string(reinterpret_cast<const char*>(m.data()),
                     static_cast<std::size_t>(m.size()) * sizeof(typename Derived::Scalar));
}

// Bit-identical states: every array, scalar, counter and event of the tick.
inline ::testing::AssertionResult StatesBitIdentical(const State& a, const State& b) {
  std::ostringstream diff;
  ForEachArray(a, [&](const char* name, const auto& x) {
    std::string other;
    ForEachArray(b, [&](const char* n2, const auto& y) {
      if (std::strcmp(name, n2) == 0) other = Bytes(y);
    });
    if (Bytes(x) != other) diff << name << ' ';
  });
  ForEachScalar(a, [&](const char* name, double x) {
    double y = 0.0;
    ForEachScalar(b, [&](const char* n2, double v) {
      if (std::strcmp(name, n2) == 0) y = v;
    });
    if (std::memcmp(&x, &y, sizeof x) != 0) diff << name << ' ';
  });
  if (a.tick != b.tick) diff << "tick ";
  if (a.crises_total != b.crises_total) diff << "crises_total ";
  if (a.deterrence_successes != b.deterrence_successes) diff << "deterrence_successes ";
  if (a.deterrence_failures != b.deterrence_failures) diff << "deterrence_failures ";
  if (a.concessions != b.concessions) diff << "concessions ";
  if (a.wars != b.wars) diff << "wars ";
  if (a.bloc_count != b.bloc_count) diff << "bloc_count ";
  if (a.events.size() != b.events.size()) {
    diff << "events(size) ";
  } else {
    for (std::size_t k = 0; k < a.events.size(); ++k) {
      const EventRecord& x = a.events[k];
      const EventRecord& y = b.events[k];
      if (x.tick != y.tick || x.type != y.type || x.a != y.a || x.b != y.b ||
          x.code_from != y.code_from || x.code_to != y.code_to || x.index != y.index) {
        diff << "events[" << k << "] ";
      }
    }
  }
  if (diff.str().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "states differ in: " << diff.str();
}

// Every bound of MODEL.md 4.6 and docs/model.md on one state; all violations are
// listed (the first 20).
inline ::testing::AssertionResult StateWithinBounds(const Model& model, const State& s) {
  std::ostringstream out;
  int count = 0;
  auto fail = [&](const std::string& what) {
    if (count++ < 20) out << "\n  " << what;
  };
  auto at = [](const char* name, Eigen::Index i, Eigen::Index j) {
    std::ostringstream o;
    o << name << "(" << i << ", " << j << ")";
    return o.str();
  };
  const int n = model.num_actors;
  const int k = model.num_domains;
  constexpr double kTol = 1e-12;

  ForEachArray(s, [&](const char* name, const auto& x) {
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      for (Eigen::Index i = 0; i < x.rows(); ++i)
        if (!std::isfinite(static_cast<double>(x(i, j)))) fail(at(name, i, j) + " not finite");
  });
  ForEachScalar(s, [&](const char* name, double v) {
    if (!std::isfinite(v)) fail(std::string(name) + " not finite");
  });

  auto shape = [&](const char* name, Eigen::Index rows, Eigen::Index cols, Eigen::Index r,
                   Eigen::Index c) {
    if (rows != r || cols != c) {
      std::ostringstream o;
      o << name << " is " << rows << " x " << cols << ", expected " << r << " x " << c;
      fail(o.str());
    }
  };
  shape("stance", s.stance.rows(), s.stance.cols(), n, n);
  shape("alliance", s.alliance.rows(), s.alliance.cols(), n, n);
  shape("capability", s.capability.rows(), s.capability.cols(), n, k);
  shape("allocation", s.allocation.rows(), s.allocation.cols(), n, k);
  if (count > 0) return ::testing::AssertionFailure() << "tick " << s.tick << ":" << out.str();

  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const double a = s.alliance(i, j);
      if (a < 0.0 || a > 1.0) fail(at("alliance", i, j) + " = " + std::to_string(a) + " outside [0,1]");
      if (a != s.alliance(j, i)) fail(at("alliance", i, j) + " != alliance(j, i)");
      const double st = s.stance(i, j);
      if (st < -1.0 || st > 1.0) fail(at("stance", i, j) + " = " + std::to_string(st) + " outside [-1,1]");
      if (s.perceived_threat(i, j) < 0.0) fail(at("perceived_threat", i, j) + " < 0");
      if (s.friction(i, j) < 0.0 || s.friction(i, j) != s.friction(j, i))
        fail(at("friction", i, j) + " negative or asymmetric");
      const double e = s.interdependence(i, j);
      if (e < 0.0 || e > 1.0 || e != s.interdependence(j, i))
        fail(at("interdependence", i, j) + " outside [0,1] or asymmetric");
      const double pi = s.proximity(i, j);
      if (!(pi > 0.0 && pi <= 1.0)) fail(at("proximity", i, j) + " = " + std::to_string(pi) + " outside (0,1]");
      const int rung = s.crisis_rung(i, j);
      if (rung < 0 || rung > 3) fail(at("crisis_rung", i, j) + " = " + std::to_string(rung) + " outside [0,3] (war closes a crisis)");
      if (s.crisis_age(i, j) < 0) fail(at("crisis_age", i, j) + " < 0");
    }
    if (s.alliance(i, i) != 0.0) fail(at("alliance", i, i) + " diagonal not 0");
    if (s.stance(i, i) != 0.0) fail(at("stance", i, i) + " diagonal not 0");
    if (s.perceived_threat(i, i) != 0.0) fail(at("perceived_threat", i, i) + " diagonal not 0");
    if (s.proximity(i, i) != 1.0) fail(at("proximity", i, i) + " diagonal not 1");
    if (s.crisis_rung(i, i) != 0) fail(at("crisis_rung", i, i) + " diagonal not 0");

    const double m = s.milex(i);
    const double lo = s.milex_floor(i);
    const double cap = s.burden_cap(i) > 0.0 ? s.burden_cap(i) * s.gdp(i) : INFINITY;
    // The cap wins over the floor when a shrinking economy brings it below the floor.
    if (lo <= cap && m < lo * (1.0 - kTol) - kTol)
      fail("milex(" + std::to_string(i) + ") = " + std::to_string(m) + " below floor " + std::to_string(lo));
    if (m > cap * (1.0 + kTol))
      fail("milex(" + std::to_string(i) + ") = " + std::to_string(m) + " above burden_cap*gdp = " + std::to_string(cap));
    if (m < 0.0) fail("milex(" + std::to_string(i) + ") < 0");
    if (s.gdp(i) <= 0.0) fail("gdp(" + std::to_string(i) + ") <= 0");
    if (s.resolve(i) < 0.0 || s.resolve(i) > 1.0) fail("resolve(" + std::to_string(i) + ") outside [0,1]");
    if (s.revisionism(i) < 0.0 || s.revisionism(i) > 1.0) fail("revisionism(" + std::to_string(i) + ") outside [0,1]");
    if (s.reach_km(i) <= 0.0) fail("reach_km(" + std::to_string(i) + ") <= 0");

    double alloc_sum = 0.0, concern_sum = 0.0;
    for (int d = 0; d < k; ++d) {
      if (s.capability(i, d) < 0.0) fail(at("capability", i, d) + " < 0");
      if (s.allocation(i, d) < -kTol) fail(at("allocation", i, d) + " < 0");
      if (s.concern(i, d) < 0.0) fail(at("concern", i, d) + " < 0");
      alloc_sum += s.allocation(i, d);
      concern_sum += s.concern(i, d);
    }
    if (std::fabs(alloc_sum - 1.0) > 1e-9) fail("allocation row " + std::to_string(i) + " sums to " + std::to_string(alloc_sum));
    if (std::fabs(concern_sum - 1.0) > 1e-9) fail("concern row " + std::to_string(i) + " sums to " + std::to_string(concern_sum));
    if (s.crises_started_target(i) < 0 || s.crises_started_challenger(i) < 0) fail("negative crises_started");
  }
  if (s.crises_total < 0 || s.deterrence_successes < 0 || s.deterrence_failures < 0 ||
      s.concessions < 0 || s.wars < 0)
    fail("negative cumulative counter");
  if (s.deterrence_failures > s.crises_total) fail("more deterrence failures than crises");
  if (s.balance < 0.0 || s.balance > 1.0) fail("balance outside [0,1]");
  if (s.polarization < 0.0 || s.polarization > 1.0) fail("polarization outside [0,1]");
  if (count == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "tick " << s.tick << ", " << count << " violation(s):" << out.str();
}

// Metric fields agree with the state they summarise (valid on recorded ticks).
inline ::testing::AssertionResult MetricsConsistent(const Model& model, const State& s) {
  std::ostringstream out;
  int count = 0;
  auto fail = [&](const std::string& what) {
    if (count++ < 20) out << "\n  " << what;
  };
  const int n = model.num_actors;
  auto near = [](double a, double b) { return std::fabs(a - b) <= 1e-9 * std::fmax(1.0, std::fabs(b)); };
  for (int i = 0; i < n; ++i) {
    if (!near(s.capability_index(i), s.capability.row(i).sum()))
      fail("capability_index(" + std::to_string(i) + ") != row sum of capability");
    if (!near(s.threat(i), s.perceived_threat.row(i).sum()))
      fail("threat(" + std::to_string(i) + ") != row sum of perceived_threat");
    const int root = s.bloc(i);
    if (root < 0 || root > i || s.bloc(root) != root)
      fail("bloc(" + std::to_string(i) + ") = " + std::to_string(root) + " is not the smallest member of a bloc");
    for (int j = 0; j < n; ++j) {
      if (i != j && s.alliance(i, j) >= s.params.alliance.bloc_threshold && s.bloc(i) != s.bloc(j))
        fail("actors " + std::to_string(i) + " and " + std::to_string(j) + " allied above the bloc threshold but in different blocs");
    }
  }
  // bloc_count counts components of two or more members: a lone actor is not a bloc
  // (engine/core/metrics.cc; listed among the deviations in docs/model.md).
  int blocs = 0;
  for (int i = 0; i < n; ++i) {
    int members = 0;
    for (int j = 0; j < n; ++j) members += s.bloc(j) == i ? 1 : 0;
    blocs += members >= 2 ? 1 : 0;
  }
  if (blocs != s.bloc_count) fail("bloc_count " + std::to_string(s.bloc_count) + " != " + std::to_string(blocs) + " components of 2+ members");
  if (!near(s.milex_total, s.milex.sum())) fail("milex_total != sum of milex");
  Eigen::Vector4i by_rung = Eigen::Vector4i::Zero();
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j)
      if (s.crisis_rung(i, j) > 0 && s.crisis_rung(i, j) <= 4) ++by_rung(s.crisis_rung(i, j) - 1);
  if (by_rung != s.crises_active_by_rung) fail("crises_active_by_rung does not count crisis_rung");
  if (count == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "tick " << s.tick << ", " << count << " inconsistency(ies):" << out.str();
}

}  // namespace polarity::testing
