#include "sweep/point_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "io/csv.h"

namespace polarity::sweep {

double Percentile(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + fraction * (sorted[above] - sorted[below]);
}

OutcomeStats Summarise(std::vector<double> values) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  OutcomeStats s{kNaN, kNaN, kNaN, kNaN, kNaN, static_cast<int>(values.size())};
  if (values.empty()) return s;
  double sum = 0.0;
  for (const double v : values) sum += v;
  s.mean = sum / static_cast<double>(values.size());
  if (values.size() >= 2) {
    double squares = 0.0;
    for (const double v : values) squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / static_cast<double>(values.size() - 1));
  }
  std::sort(values.begin(), values.end());
  s.p05 = Percentile(values, 0.05);
  s.p50 = Percentile(values, 0.50);
  s.p95 = Percentile(values, 0.95);
  return s;
}

bool BuildPointsCsv(const std::string& outcomes_csv, const std::vector<std::string>& paths,
                    const std::vector<std::string>& outcomes, std::string* points_csv,
                    std::string* error) {
  std::vector<std::vector<std::string>> rows;
  if (!io::ParseCsv(outcomes_csv, &rows, error)) return false;
  if (rows.empty()) {
    *error = "outcomes.csv is empty";
    return false;
  }
  // Columns: run_id, point, replication, seed, paths..., outcomes..., status.
  const std::size_t first_path = 4;
  const std::size_t first_outcome = first_path + paths.size();
  const std::size_t status = first_outcome + outcomes.size();
  struct Point {
    std::vector<std::string> parameters;
    int ok = 0, failed = 0;
    std::vector<std::vector<double>> values;  // [outcome][run]
  };
  std::map<std::uint64_t, Point> points;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string>& row = rows[r];
    if (row.size() != status + 1) {
      *error = "outcomes.csv row " + std::to_string(r + 1) + " has " + std::to_string(row.size()) +
               " fields, expected " + std::to_string(status + 1);
      return false;
    }
    double point_number = 0.0;
    if (!io::ParseDouble(row[1], &point_number)) {
      *error = "outcomes.csv row " + std::to_string(r + 1) + ": bad point '" + row[1] + "'";
      return false;
    }
    Point& p = points[static_cast<std::uint64_t>(point_number)];
    if (p.parameters.empty()) {
      p.parameters.assign(row.begin() + static_cast<long>(first_path),
                          row.begin() + static_cast<long>(first_outcome));
      p.values.resize(outcomes.size());
    }
    if (row[status] != "ok") {
      ++p.failed;
      continue;
    }
    ++p.ok;
    for (std::size_t o = 0; o < outcomes.size(); ++o) {
      double v = std::numeric_limits<double>::quiet_NaN();
      if (!row[first_outcome + o].empty()) io::ParseDouble(row[first_outcome + o], &v);
      p.values[o].push_back(v);
    }
  }
  std::string& out = *points_csv;
  out.clear();
  std::vector<std::string> header{"point"};
  header.insert(header.end(), paths.begin(), paths.end());
  header.emplace_back("runs_ok");
  header.emplace_back("runs_failed");
  for (const std::string& o : outcomes) {
    for (const char* stat : {"_mean", "_sd", "_p05", "_p50", "_p95"}) header.push_back(o + stat);
  }
  io::AppendCsvRow(out, header);
  for (const auto& [number, p] : points) {
    io::AppendUint(out, number);
    for (const std::string& v : p.parameters) {
      out += ',';
      io::AppendCsvField(out, v);
    }
    out += ',';
    io::AppendInt(out, p.ok);
    out += ',';
    io::AppendInt(out, p.failed);
    for (const std::vector<double>& values : p.values) {
      const OutcomeStats s = Summarise(values);
      for (const double v : {s.mean, s.sd, s.p05, s.p50, s.p95}) {
        out += ',';
        io::AppendDoubleOrEmpty(out, v);
      }
    }
    out += '\n';
  }
  return true;
}

}  // namespace polarity::sweep
