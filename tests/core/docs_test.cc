// docs/model.md cannot drift from the code (STYLE.md 13): its parameter table has one row
// per ParameterSpecs() entry with the same path, default, range, unit and meaning, and its
// per-actor table gives the defaults the compiler actually uses.

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/scenario_builder.h"
#include "polarity/model.h"
#include "polarity/parameters.h"

namespace polarity {
namespace {

std::string ReadModelDoc() {
  std::ifstream in(std::string(POLARITY_SOURCE_DIR) + "/docs/model.md");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Markdown table rows, keyed by their first cell, as trimmed cells.
std::map<std::string, std::vector<std::string>> TableRows(const std::string& text) {
  std::map<std::string, std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '|') continue;
    std::vector<std::string> cells;
    std::size_t start = 1;
    for (std::size_t bar = line.find('|', start); bar != std::string::npos; bar = line.find('|', start)) {
      cells.push_back(Trim(line.substr(start, bar - start)));
      start = bar + 1;
    }
    if (!cells.empty()) rows.emplace(cells[0], cells);
  }
  return rows;
}

// Numbers as the documentation writes them: %g, and powers of ten as 1e9 / 1e-6.
std::string Fmt(double v) {
  char buffer[64];
  if (v == 0.0) return "0";
  const double a = std::fabs(v);
  if (a >= 1e5 || a < 1e-3) {
    const int e = static_cast<int>(std::floor(std::log10(a)));
    std::snprintf(buffer, sizeof buffer, "%ge%d", v / std::pow(10.0, e), e);
  } else {
    std::snprintf(buffer, sizeof buffer, "%g", v);
  }
  return buffer;
}

TEST(Docs, ModelDocExists) {
  const std::string text = ReadModelDoc();
  ASSERT_FALSE(text.empty()) << POLARITY_SOURCE_DIR "/docs/model.md is missing";
  for (const char* heading : {"## 1. Overview", "## 2. Design concepts", "## 3. Details",
                              "## Parameters", "## Deviations from the reference model (MODEL.md)"}) {
    EXPECT_NE(text.find(heading), std::string::npos) << heading;
  }
}

TEST(Docs, EveryParameterHasARowWithItsDefaultRangeUnitAndMeaning) {
  const auto rows = TableRows(ReadModelDoc());
  const Parameters defaults;
  for (const ParameterSpec& spec : ParameterSpecs()) {
    const std::string key = "`" + std::string(spec.path) + "`";
    const auto it = rows.find(key);
    ASSERT_NE(it, rows.end()) << "docs/model.md has no parameter row for " << spec.path;
    const std::vector<std::string>& cells = it->second;
    ASSERT_GE(cells.size(), 5u) << spec.path;
    const bool boolean = spec.kind == ParameterKind::kBoolean;
    const double value = spec.get(defaults);
    EXPECT_EQ(cells[1], boolean ? (value != 0.0 ? "true" : "false") : Fmt(value)) << spec.path << ": default";
    EXPECT_EQ(cells[2], boolean ? "true, false" : "[" + Fmt(spec.min) + ", " + Fmt(spec.max) + "]")
        << spec.path << ": range";
    EXPECT_EQ(cells[3], std::string(spec.unit)) << spec.path << ": unit";
    EXPECT_EQ(cells[4], std::string(spec.meaning)) << spec.path << ": meaning";
  }
}

TEST(Docs, ActorDefaultsAreThoseTheCompilerUses) {
  testing::ScenarioBuilder b;
  b.Actor("A", 1000.0, 10.0);
  b.Actor("B", 1000.0, 10.0, 1.0, 1.0);
  const Model model = CompileModel(b.scenario());
  const State& s = model.initial;
  const std::vector<std::pair<std::string, double>> fields{
      {"`reach_km`", s.reach_km(0)},         {"`gdp_growth`", s.gdp_growth(0)},
      {"`milex_floor`", s.milex_floor(0)},   {"`burden_cap`", s.burden_cap(0)},
      {"`efficiency`", s.efficiency(0)},     {"`resolve`", s.resolve(0)},
      {"`revisionism`", s.revisionism(0)},   {"`richardson.reactivity`", s.reactivity(0)},
      {"`richardson.fatigue`", s.fatigue(0)}, {"`richardson.grievance`", s.grievance(0)},
  };
  const auto rows = TableRows(ReadModelDoc());
  for (const auto& [field, value] : fields) {
    const auto it = rows.find(field);
    ASSERT_NE(it, rows.end()) << "docs/model.md has no actor row for " << field;
    ASSERT_GE(it->second.size(), 3u);
    EXPECT_EQ(it->second[2], Fmt(value)) << field;
  }
}

}  // namespace
}  // namespace polarity
