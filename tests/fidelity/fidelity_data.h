#pragma once
// Reading the small data extracts of tests/data/fidelity/ (and, where a test compares them
// with their source, ../shared/data). The extracts are plain CSV with a header row, preceded
// by '#' comment lines that cite the source; no field is quoted.

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace polarity::testing {

// tests/data/fidelity/<name> in the source tree.
inline std::filesystem::path FidelityData(const std::string& name) {
  return std::filesystem::path(POLARITY_SOURCE_DIR) / "tests" / "data" / "fidelity" / name;
}

// ../shared/data/<relative> (absent outside the project's shared checkout: callers skip).
inline std::filesystem::path SharedData(const std::string& relative) {
  return std::filesystem::path(POLARITY_SHARED_DIR) / "data" / relative;
}

// A CSV table: column names and rows of fields, '#' lines and blank lines skipped.
struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;

  int Column(const std::string& name) const {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (columns[c] == name) return static_cast<int>(c);
    }
    throw std::runtime_error("no column '" + name + "'");
  }
  // A numeric column as a vector.
  Eigen::VectorXd Numbers(const std::string& name) const {
    const auto c = static_cast<std::size_t>(Column(name));
    Eigen::VectorXd v(static_cast<Eigen::Index>(rows.size()));
    for (std::size_t r = 0; r < rows.size(); ++r) {
      v(static_cast<Eigen::Index>(r)) = std::stod(rows[r].at(c));
    }
    return v;
  }
};

inline Table ReadTable(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  Table table;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::stringstream fields_in(line);
    std::string field;
    while (std::getline(fields_in, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    if (table.columns.empty()) {
      table.columns = std::move(fields);
    } else {
      if (fields.size() != table.columns.size()) {
        throw std::runtime_error(path.string() + ": row with " + std::to_string(fields.size()) +
                                 " fields, header has " + std::to_string(table.columns.size()));
      }
      table.rows.push_back(std::move(fields));
    }
  }
  return table;
}

}  // namespace polarity::testing
