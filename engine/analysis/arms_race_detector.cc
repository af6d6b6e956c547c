// Arms-race detector (see arms_race_detector.h for the definition).

#include "analysis/arms_race_detector.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace polarity::analysis {
namespace {

// Annualised growth between two values `years` apart; 0 when either is not positive.
double AnnualGrowth(double from, double to, double years) {
  if (!(from > 0.0) || !(to > 0.0)) return 0.0;
  return std::pow(to / from, 1.0 / years) - 1.0;
}

}  // namespace

bool ArmsRaceOptions::IsValid(std::string* error) const {
  std::ostringstream out;
  if (!std::isfinite(threshold)) out << "threshold = " << threshold << " must be finite\n";
  if (!(min_years > 0.0) || !std::isfinite(min_years)) out << "min_years = " << min_years << " must be > 0\n";
  if (!(window_years > 0.0) || !std::isfinite(window_years)) {
    out << "window_years = " << window_years << " must be > 0\n";
  }
  if (error != nullptr) *error = out.str();
  return out.str().empty();
}

std::vector<ArmsRace> DetectArmsRaces(const Eigen::MatrixXd& milex, double years_per_row,
                                      const ArmsRaceOptions& options, const DyadMask& dyads) {
  const Eigen::Index n = milex.cols();
  if (dyads.size() != 0 && (dyads.rows() != n || dyads.cols() != n)) {
    throw std::invalid_argument("DetectArmsRaces: the dyad mask must be N x N");
  }
  std::vector<std::pair<int, int>> pairs;
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      if (dyads.size() == 0 || dyads(i, j) || dyads(j, i)) pairs.emplace_back(static_cast<int>(i), static_cast<int>(j));
    }
  }
  return DetectArmsRaces(milex, years_per_row, options, pairs);
}

std::vector<ArmsRace> DetectArmsRaces(const Eigen::MatrixXd& milex, double years_per_row,
                                      const ArmsRaceOptions& options, const std::vector<std::pair<int, int>>& pairs) {
  std::string error;
  if (!options.IsValid(&error)) throw std::invalid_argument("DetectArmsRaces: " + error);
  if (!(years_per_row > 0.0)) throw std::invalid_argument("DetectArmsRaces: years_per_row must be > 0");
  if (!milex.allFinite()) throw std::invalid_argument("DetectArmsRaces: non-finite spending");
  const Eigen::Index rows = milex.rows();
  const Eigen::Index n = milex.cols();
  const Eigen::Index w = std::max<Eigen::Index>(
      1, static_cast<Eigen::Index>(std::llround(options.window_years / years_per_row)));
  const double window = static_cast<double>(w) * years_per_row;
  std::vector<ArmsRace> races;
  if (rows <= w) return races;

  // growing(r, i): actor i's trailing growth at row r is at or above the threshold.
  Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic> growing(rows, n);
  growing.setConstant(false);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index r = w; r < rows; ++r) {
      growing(r, i) = AnnualGrowth(milex(r - w, i), milex(r, i), window) >= options.threshold;
    }
  }
  const double tolerance = 1e-9 * years_per_row;  // for min_years at an exact multiple
  for (const auto& [pi, pj] : pairs) {
    const Eigen::Index i = pi, j = pj;
    if (i < 0 || j < 0 || i >= n || j >= n || i == j) throw std::invalid_argument("DetectArmsRaces: bad pair");
    Eigen::Index r = w;
    while (r < rows) {
      if (!(growing(r, i) && growing(r, j))) {
        ++r;
        continue;
      }
      const Eigen::Index first = r;
      while (r + 1 < rows && growing(r + 1, i) && growing(r + 1, j)) ++r;
      const Eigen::Index last = r;
      ++r;
      const Eigen::Index start = first - w;
      const double years = static_cast<double>(last - start) * years_per_row;
      if (years + tolerance < options.min_years) continue;
      ArmsRace race;
      race.i = static_cast<int>(i);
      race.j = static_cast<int>(j);
      race.start_tick = static_cast<int>(start);
      race.end_tick = static_cast<int>(last);
      race.years = years;
      race.growth_i = AnnualGrowth(milex(start, i), milex(last, i), years);
      race.growth_j = AnnualGrowth(milex(start, j), milex(last, j), years);
      races.push_back(race);
    }
  }
  std::sort(races.begin(), races.end(), [](const ArmsRace& a, const ArmsRace& b) {
    return std::tie(a.start_tick, a.i, a.j) < std::tie(b.start_tick, b.i, b.j);
  });
  return races;
}

}  // namespace polarity::analysis
