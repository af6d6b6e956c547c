#pragma once
// Sweep designs (INTERFACE.md "Sweep file"): the list of design points, each a value for
// every swept path. Points are numbered in design order; run_id = point * replications +
// replication.
//
//   grid    cartesian product of each axis' values, the last axis varying fastest
//   random  `samples` points, each coordinate uniform in [min, max]
//   lhs     Latin hypercube: each axis' range cut into `samples` equal strata, exactly one
//           point per stratum per axis, strata paired at random across axes
//   file    the rows of a CSV whose header names the paths
//
// Random designs draw from Philox keyed by the sweep seed alone, so the design is a pure
// function of the sweep file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "polarity/diagnostics.h"

namespace polarity::sweep {

struct Axis {
  std::string path;
  std::vector<double> values;  // grid: enumerated values, or first + i step up to last
  double min = 0.0;            // random / lhs
  double max = 0.0;
  bool interval = false;       // min/max given
  SourceLocation where;
};

struct Design {
  std::vector<std::string> paths;            // one per axis, in file order
  std::vector<std::vector<double>> points;   // points[p][a]
};

// first, first + step, ... computed as first + i * step (never by accumulation, so float
// steps do not drift), up to and including last (with a relative tolerance of 1e-9 steps).
std::vector<double> SteppedValues(double first, double step, double last);

Design GridDesign(const std::vector<Axis>& axes);
Design RandomDesign(const std::vector<Axis>& axes, int samples, std::uint64_t seed);
Design LatinHypercubeDesign(const std::vector<Axis>& axes, int samples, std::uint64_t seed);

// Parses a design CSV (header: paths; rows: numbers). Problems go to `diagnostics` with
// file, line and column; returns false when there were any.
bool ParseDesignCsv(std::string_view text, const std::string& file, Design* design,
                    Diagnostics& diagnostics);

}  // namespace polarity::sweep
