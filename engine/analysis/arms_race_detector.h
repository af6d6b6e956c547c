#pragma once
// Arms-race detector (issue 5, item 6): per dyad, periods of joint, reciprocal growth of
// military spending above a threshold, in the spirit of Gibler, Rider & Hutchison (2005),
// "Taking arms against a sea of troubles", JPR 42(2):131-147, who code arms races as
// simultaneous, above-normal military build-ups by both members of a rivalry.
//
// Definition used here. Spending m_i is given on rows r = 0..R-1 spaced `years_per_row`
// apart. Over a trailing window of w = round(window_years / years_per_row) rows (at least 1),
// the annualised growth of actor i at row r >= w is
//
//   γ_i(r) = (m_i(r) / m_i(r - w))^(1 / (w · years_per_row)) - 1        (0 when m <= 0).
//
// Dyad (i, j) is racing at row r when γ_i(r) >= threshold and γ_j(r) >= threshold. A race is
// a maximal run of racing rows r_first..r_last; the build-up it measures spans rows
// r_first - w .. r_last, and it counts when that span lasts at least `min_years`:
// (r_last - r_first + w) · years_per_row >= min_years. With annual data and the defaults
// (8 % a year, 3 years, 1-year window) this is "both sides' spending grew at least 8 % in
// each of three consecutive years". The defaults are conventional thresholds of the
// mutual-military-build-up literature; GRH's own coding also uses military personnel and
// case review, which a spending-only detector does not attempt. Optionally only the dyads of
// a mask are examined (e.g. hostile pairs, as a stand-in for rivalry).

#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

namespace polarity::analysis {

struct ArmsRaceOptions {
  double threshold = 0.08;    // minimum annualised growth of each side, 1/year (0.08 = 8 %)
  double min_years = 3.0;     // minimum length of the joint build-up, years
  double window_years = 1.0;  // growth measured over this trailing window, years

  // One line per violated bound into *error (e.g. "min_years = 0 must be > 0").
  bool IsValid(std::string* error) const;
};

// A detected race between actors i < j.
struct ArmsRace {
  int i = -1, j = -1;
  int start_tick = 0;          // first row of the build-up (r_first - w)
  int end_tick = 0;            // last row of the build-up (r_last)
  double years = 0.0;          // (end_tick - start_tick) · years_per_row
  double growth_i = 0.0;       // annualised growth of i over the build-up, 1/year
  double growth_j = 0.0;       // annualised growth of j over the build-up
};

using DyadMask = Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>;

// `milex` is R x N (row r: every actor's spending at the r-th recorded tick). Rows are ticks
// when the series holds every tick; when it holds every n-th tick, tick = first tick + row · n
// (the caller maps). `dyads`, when not empty, is N x N and only pairs with dyads(i, j) or
// dyads(j, i) true are examined. Races are returned ordered by (start_tick, i, j). Throws
// std::invalid_argument on invalid options, a non-positive years_per_row, a mask of the wrong
// size, or a non-finite value.
std::vector<ArmsRace> DetectArmsRaces(const Eigen::MatrixXd& milex, double years_per_row,
                                      const ArmsRaceOptions& options = {},
                                      const DyadMask& dyads = DyadMask());

// The same over the given pairs (i, j) only, e.g. the rival ties of a sparse world.
std::vector<ArmsRace> DetectArmsRaces(const Eigen::MatrixXd& milex, double years_per_row,
                                      const ArmsRaceOptions& options, const std::vector<std::pair<int, int>>& pairs);

}  // namespace polarity::analysis
