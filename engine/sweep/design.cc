#include "sweep/design.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include <Random123/philox.h>
#include <Random123/uniform.hpp>

namespace polarity::sweep {
namespace {

// Uniform (0, 1] keyed by the sweep seed and a counter (a, b, c); "design" in the key keeps
// these draws apart from every run's stream.
double DesignUniform(std::uint64_t seed, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
  using Philox = r123::Philox4x64;
  const Philox::key_type key = {{seed, 0x64657369676eULL}};
  const Philox::ctr_type counter = {{a, b, c, 0}};
  return r123::u01<double>(Philox()(counter, key)[0]);
}

Design Paths(const std::vector<Axis>& axes) {
  Design design;
  for (const Axis& axis : axes) design.paths.push_back(axis.path);
  return design;
}

std::vector<std::string_view> SplitCsvLine(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '"' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::vector<double> SteppedValues(double first, double step, double last) {
  std::vector<double> values;
  if (step == 0.0 || !std::isfinite(first) || !std::isfinite(step) || !std::isfinite(last)) return values;
  const double span = (last - first) / step;
  if (span < -1e-9) return values;
  const auto count = static_cast<long long>(std::floor(span + 1e-9)) + 1;
  values.reserve(static_cast<std::size_t>(count));
  for (long long i = 0; i < count; ++i) values.push_back(first + static_cast<double>(i) * step);
  return values;
}

Design GridDesign(const std::vector<Axis>& axes) {
  Design design = Paths(axes);
  std::size_t total = 1;
  for (const Axis& axis : axes) total *= axis.values.size();
  if (axes.empty()) total = 1;
  design.points.reserve(total);
  std::vector<std::size_t> index(axes.size(), 0);
  for (std::size_t p = 0; p < total; ++p) {
    std::vector<double> point(axes.size());
    for (std::size_t a = 0; a < axes.size(); ++a) point[a] = axes[a].values[index[a]];
    design.points.push_back(std::move(point));
    // Odometer: the last axis varies fastest.
    for (std::size_t a = axes.size(); a-- > 0;) {
      if (++index[a] < axes[a].values.size()) break;
      index[a] = 0;
    }
  }
  return design;
}

Design RandomDesign(const std::vector<Axis>& axes, int samples, std::uint64_t seed) {
  Design design = Paths(axes);
  for (int p = 0; p < samples; ++p) {
    std::vector<double> point(axes.size());
    for (std::size_t a = 0; a < axes.size(); ++a) {
      const double u = DesignUniform(seed, 1, static_cast<std::uint64_t>(p), a);
      point[a] = axes[a].min + u * (axes[a].max - axes[a].min);
    }
    design.points.push_back(std::move(point));
  }
  return design;
}

Design LatinHypercubeDesign(const std::vector<Axis>& axes, int samples, std::uint64_t seed) {
  Design design = Paths(axes);
  const auto n = static_cast<std::size_t>(std::max(samples, 0));
  design.points.assign(n, std::vector<double>(axes.size()));
  std::vector<std::size_t> strata(n);
  for (std::size_t a = 0; a < axes.size(); ++a) {
    // A random permutation of the strata (Fisher-Yates, keyed draws) pairs them across axes.
    std::iota(strata.begin(), strata.end(), std::size_t{0});
    for (std::size_t i = n; i-- > 1;) {
      const double u = DesignUniform(seed, 2, a, i);
      const auto j = std::min(i, static_cast<std::size_t>(u * static_cast<double>(i + 1)));
      std::swap(strata[i], strata[j]);
    }
    const double width = (axes[a].max - axes[a].min) / static_cast<double>(n);
    for (std::size_t p = 0; p < n; ++p) {
      const double u = DesignUniform(seed, 3, a, p);  // position inside the stratum
      // u is in (0, 1]; capping it just below 1 keeps the point inside its own stratum.
      const double offset = std::min(u, 1.0 - 1e-12);
      design.points[p][a] = axes[a].min + (static_cast<double>(strata[p]) + offset) * width;
    }
  }
  return design;
}

bool ParseDesignCsv(std::string_view text, const std::string& file, Design* design,
                    Diagnostics& diagnostics) {
  const int errors_before = diagnostics.ErrorCount();
  design->paths.clear();
  design->points.clear();
  int line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (Trim(line).empty()) continue;
    const std::vector<std::string_view> fields = SplitCsvLine(line);
    if (design->paths.empty()) {
      for (const std::string_view field : fields) design->paths.emplace_back(Trim(field));
      continue;
    }
    if (fields.size() != design->paths.size()) {
      diagnostics.Error({file, line_number, 1},
                        "row has " + std::to_string(fields.size()) + " fields, the header has " +
                            std::to_string(design->paths.size()));
      continue;
    }
    std::vector<double> point(fields.size());
    int column = 1;
    for (std::size_t a = 0; a < fields.size(); ++a) {
      const std::string_view field = Trim(fields[a]);
      double value = 0.0;
      const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
      if (ec != std::errc() || ptr != field.data() + field.size() || !std::isfinite(value)) {
        diagnostics.Error({file, line_number, column},
                          "'" + std::string(field) + "' is not a finite number (column '" +
                              design->paths[a] + "')");
      }
      point[a] = value;
      column += static_cast<int>(fields[a].size()) + 1;
    }
    design->points.push_back(std::move(point));
  }
  if (design->paths.empty()) diagnostics.Error({file, 1, 1}, "design file has no header row");
  return diagnostics.ErrorCount() == errors_before;
}

}  // namespace polarity::sweep
