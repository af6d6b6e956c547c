#pragma once
// points.csv: per design point, the mean, standard deviation and 5th/50th/95th percentiles
// of every outcome over the point's successful runs.
//
// Percentiles interpolate linearly between order statistics (NumPy's default, "type 7":
// position p (n - 1)); the standard deviation is the sample one (n - 1), empty for n < 2.
// Undefined outcomes (empty fields) are left out of that outcome's statistics.

#include <string>
#include <vector>

namespace polarity::sweep {

struct OutcomeStats {
  double mean, sd, p05, p50, p95;
  int n;
};

// Statistics of `values` (NaN entries ignored); all NaN when none is left.
OutcomeStats Summarise(std::vector<double> values);

// Linear-interpolated percentile (q in [0, 1]) of sorted, non-empty `sorted`.
double Percentile(const std::vector<double>& sorted, double q);

// Streams outcomes.csv rows in run order (a point's runs are contiguous) and appends one
// points.csv row per point as soon as the point is complete: memory is one point's runs.
class PointsWriter {
 public:
  PointsWriter(std::vector<std::string> paths, std::vector<std::string> outcomes);

  std::string Header() const;
  // Adds one parsed outcomes.csv row (fields as in OutcomesHeader); appends finished points
  // to *out. Returns false with *error on a malformed row.
  bool Add(const std::vector<std::string>& fields, std::string* out, std::string* error);
  // Appends the last point.
  void Finish(std::string* out);

 private:
  void Flush(std::string* out);

  std::vector<std::string> paths_;
  std::vector<std::string> outcomes_;
  bool open_ = false;
  std::string point_;                      // as written in outcomes.csv
  std::vector<std::string> parameters_;
  int ok_ = 0, failed_ = 0;
  std::vector<std::vector<double>> values_;  // [outcome][run]
};

// Builds points.csv from outcomes.csv text (header + rows in run order): one row per point with its parameter values, run counts and the statistics of every outcome column.
// `paths` and `outcomes` name the parameter and outcome columns. Returns false with *error
// on unreadable input.
bool BuildPointsCsv(const std::string& outcomes_csv, const std::vector<std::string>& paths,
                    const std::vector<std::string>& outcomes, std::string* points_csv,
                    std::string* error);

}  // namespace polarity::sweep
