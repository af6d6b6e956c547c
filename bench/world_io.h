#pragma once
// Hands a compiled model's initial state and parameters to the NumPy peer
// (bench/peers/numpy_reference.py), and reads back the trajectory it writes.
//
// Layout of a world directory:
//   meta.json        sizes, dt, the parameters of the deterministic tick, array shapes
//   <name>.bin       one array, float64 little-endian, column-major (Eigen's own order)
// and of the peer's trajectory (`--output DIR`):
//   <name>.bin       `ticks` arrays one after the other, each column-major, ticks 1..T

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "polarity/model.h"

namespace polarity::bench {

inline void WriteArray(const std::filesystem::path& file, const Eigen::MatrixXd& values) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(values.data()),
            static_cast<std::streamsize>(values.size() * static_cast<Eigen::Index>(sizeof(double))));
  if (!out) throw std::runtime_error("cannot write " + file.string());
}

// Reads `count` column-major rows x cols arrays written back to back.
inline std::vector<Eigen::MatrixXd> ReadArrays(const std::filesystem::path& file, Eigen::Index rows,
                                               Eigen::Index cols, int count) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<Eigen::MatrixXd> out;
  for (int t = 0; t < count; ++t) {
    Eigen::MatrixXd m(rows, cols);
    in.read(reinterpret_cast<char*>(m.data()),
            static_cast<std::streamsize>(m.size() * static_cast<Eigen::Index>(sizeof(double))));
    if (!in) throw std::runtime_error("short read in " + file.string());
    out.push_back(std::move(m));
  }
  return out;
}

// A double as JSON (full precision; the peer must start from the engine's exact values).
inline std::string Json(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}
inline std::string Json(bool v) { return v ? "true" : "false"; }

inline void WriteWorld(const Model& m, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const State& s = m.initial;
  const Parameters& p = s.params;
  // δ_k as a tick uses it: the domain's own rate where given, else the parameter.
  Eigen::MatrixXd depreciation(m.num_domains, 1);
  for (int k = 0; k < m.num_domains; ++k) {
    const double o = m.depreciation_override(k);
    depreciation(k, 0) = std::isnan(o) ? p.capability.depreciation : o;
  }
  const std::vector<std::pair<std::string, const Eigen::MatrixXd*>> matrices = {
      {"capability", &s.capability},       {"allocation", &s.allocation},
      {"concern", &s.concern},             {"stance", &s.stance},
      {"alliance", &s.alliance},           {"perceived_threat", &s.perceived_threat},
      {"friction", &s.friction},           {"interdependence", &s.interdependence},
      {"proximity", &s.proximity},         {"depreciation", &depreciation}};
  const std::vector<std::pair<std::string, const Eigen::VectorXd*>> vectors = {
      {"milex", &s.milex},           {"milex_floor", &s.milex_floor}, {"gdp", &s.gdp},
      {"gdp_growth", &s.gdp_growth}, {"burden_cap", &s.burden_cap},   {"efficiency", &s.efficiency},
      {"reactivity", &s.reactivity}, {"fatigue", &s.fatigue},         {"grievance", &s.grievance}};

  std::string arrays;
  for (const auto& [name, values] : matrices) {
    WriteArray(dir / (name + ".bin"), *values);
    arrays += (arrays.empty() ? "" : ", ") + ("\"" + name + "\": [" + std::to_string(values->rows()) +
                                               ", " + std::to_string(values->cols()) + "]");
  }
  for (const auto& [name, values] : vectors) {
    WriteArray(dir / (name + ".bin"), Eigen::MatrixXd(*values));
    arrays += ", \"" + name + "\": [" + std::to_string(values->size()) + "]";
  }

  std::ofstream meta(dir / "meta.json");
  meta << "{\n"
       << "  \"n\": " << m.num_actors << ", \"k\": " << m.num_domains << ", \"dt\": " << Json(m.dt)
       << ",\n  \"arrays\": {" << arrays << "},\n"
       << "  \"perception\": {\"enabled\": " << Json(p.perception.enabled)
       << ", \"lag\": " << Json(p.perception.lag) << ", \"noise\": " << Json(p.perception.noise) << "},\n"
       << "  \"arms_race\": {\"enabled\": " << Json(p.arms_race.enabled)
       << ", \"burden_sharing\": " << Json(p.arms_race.burden_sharing) << "},\n"
       << "  \"allocation\": {\"enabled\": " << Json(p.allocation.enabled)
       << ", \"rate\": " << Json(p.allocation.rate) << "},\n"
       << "  \"capability\": {\"enabled\": " << Json(p.capability.enabled) << "},\n"
       << "  \"economy\": {\"enabled\": " << Json(p.economy.enabled) << "},\n"
       << "  \"alliance\": {\"enabled\": " << Json(p.alliance.enabled)
       << ", \"rate\": " << Json(p.alliance.rate)
       << ", \"balance_weight\": " << Json(p.alliance.balance_weight)
       << ", \"decay\": " << Json(p.alliance.decay)
       << ", \"min_stance\": " << Json(p.alliance.min_stance)
       << ", \"friction_weight\": " << Json(p.alliance.friction_weight) << "},\n"
       << "  \"stance\": {\"enabled\": " << Json(p.stance.enabled)
       << ", \"balance_rate\": " << Json(p.stance.balance_rate)
       << ", \"threat_rate\": " << Json(p.stance.threat_rate)
       << ", \"alliance_rate\": " << Json(p.stance.alliance_rate) << "},\n"
       << "  \"deterrence\": {\"enabled\": " << Json(p.deterrence.enabled) << "},\n"
       << "  \"events\": {\"enabled\": " << Json(p.events.enabled) << "}\n"
       << "}\n";
  if (!meta) throw std::runtime_error("cannot write " + (dir / "meta.json").string());
}

}  // namespace polarity::bench
