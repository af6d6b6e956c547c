#include "sweep/point_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

PointsWriter::PointsWriter(std::vector<std::string> paths, std::vector<std::string> outcomes)
    : paths_(std::move(paths)), outcomes_(std::move(outcomes)) {}

std::string PointsWriter::Header() const {
  std::vector<std::string> header{"point"};
  header.insert(header.end(), paths_.begin(), paths_.end());
  header.emplace_back("runs_ok");
  header.emplace_back("runs_failed");
  for (const std::string& o : outcomes_) {
    for (const char* stat : {"_mean", "_sd", "_p05", "_p50", "_p95"}) header.push_back(o + stat);
  }
  std::string out;
  io::AppendCsvRow(out, header);
  return out;
}

bool PointsWriter::Add(const std::vector<std::string>& fields, std::string* out, std::string* error) {
  // Columns: run_id, point, replication, seed, paths..., outcomes..., status.
  const std::size_t first_path = 4;
  const std::size_t first_outcome = first_path + paths_.size();
  const std::size_t status = first_outcome + outcomes_.size();
  if (fields.size() != status + 1) {
    *error = "outcomes row of run " + (fields.empty() ? std::string("?") : fields[0]) + " has " +
             std::to_string(fields.size()) + " fields, expected " + std::to_string(status + 1);
    return false;
  }
  if (open_ && fields[1] != point_) Flush(out);
  if (!open_) {
    open_ = true;
    point_ = fields[1];
    parameters_.assign(fields.begin() + static_cast<long>(first_path),
                       fields.begin() + static_cast<long>(first_outcome));
    ok_ = failed_ = 0;
    values_.assign(outcomes_.size(), {});
  }
  if (fields[status] != "ok") {
    ++failed_;
    return true;
  }
  ++ok_;
  for (std::size_t o = 0; o < outcomes_.size(); ++o) {
    double v = std::numeric_limits<double>::quiet_NaN();
    if (!fields[first_outcome + o].empty()) io::ParseDouble(fields[first_outcome + o], &v);
    values_[o].push_back(v);
  }
  return true;
}

void PointsWriter::Flush(std::string* out) {
  if (!open_) return;
  *out += point_;
  for (const std::string& v : parameters_) {
    *out += ',';
    io::AppendCsvField(*out, v);
  }
  *out += ',';
  io::AppendInt(*out, ok_);
  *out += ',';
  io::AppendInt(*out, failed_);
  for (const std::vector<double>& values : values_) {
    const OutcomeStats s = Summarise(values);
    for (const double v : {s.mean, s.sd, s.p05, s.p50, s.p95}) {
      *out += ',';
      io::AppendDoubleOrEmpty(*out, v);
    }
  }
  *out += '\n';
  open_ = false;
}

void PointsWriter::Finish(std::string* out) { Flush(out); }

bool BuildPointsCsv(const std::string& outcomes_csv, const std::vector<std::string>& paths,
                    const std::vector<std::string>& outcomes, std::string* points_csv,
                    std::string* error) {
  std::vector<std::vector<std::string>> rows;
  if (!io::ParseCsv(outcomes_csv, &rows, error)) return false;
  PointsWriter writer(paths, outcomes);
  *points_csv = writer.Header();
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (!writer.Add(rows[r], points_csv, error)) return false;
  }
  writer.Finish(points_csv);
  return true;
}

}  // namespace polarity::sweep
