// Issue 5, item 5: the hindcast protocol. The scenario is seeded at SIPRI's 1992 values,
// nothing in it or in its data is later than 2014, and scripts/hindcast.sh calibrates on
// 1992-2014 and writes forecast.csv for 2015-2024 (docs/validation.md, section 10).

#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fidelity/fidelity_data.h"
#include "polarity/scenario_loader.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string> kActorOfCountry = {
    {"United States of America", "USA"}, {"China", "CHN"}, {"Japan", "JPN"}, {"Korea, South", "KOR"},
    {"Russia", "RUS"}, {"Taiwan", "TWN"}, {"Australia", "AUS"}, {"India", "IND"}};

fs::path ScenarioFile() {
  return fs::path(POLARITY_SOURCE_DIR) / "scenarios" / "hindcast_asia_pacific_1992.yaml";
}

// The extract has quoted fields ("Korea, South"): a minimal reader for its four columns.
struct SipriRow {
  std::string country;
  int year = 0;
  double constant_usd_m = 0.0, share_of_gdp = 0.0;
};
std::vector<SipriRow> ReadExtract() {
  std::ifstream in(testing::FidelityData("sipri_milex_hindcast_1992_2014.csv"));
  std::vector<SipriRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("country,", 0) == 0) continue;
    SipriRow r;
    std::size_t at = 0;
    if (line[0] == '"') {
      at = line.find('"', 1);
      r.country = line.substr(1, at - 1);
      at += 2;
    } else {
      at = line.find(',');
      r.country = line.substr(0, at);
      at += 1;
    }
    const std::size_t c1 = line.find(',', at), c2 = line.find(',', c1 + 1);
    r.year = std::stoi(line.substr(at, c1 - at));
    r.constant_usd_m = std::stod(line.substr(c1 + 1, c2 - c1 - 1));
    r.share_of_gdp = std::stod(line.substr(c2 + 1));
    rows.push_back(r);
  }
  return rows;
}

TEST(Hindcast, ScenarioIsSeededAtSipri1992AndHoldsNothingAfter2014) {
  const LoadResult loaded = LoadScenario(ScenarioFile());
  ASSERT_TRUE(loaded.scenario.has_value()) << loaded.diagnostics.items.at(0).Format();
  EXPECT_FALSE(loaded.diagnostics.HasErrors());
  const Scenario& s = *loaded.scenario;
  EXPECT_EQ(s.start, 1992.0);
  ASSERT_EQ(s.actors.size(), 8u);
  const std::vector<SipriRow> rows = ReadExtract();
  ASSERT_EQ(rows.size(), 8u * 23u);
  for (const SipriRow& r : rows) {
    EXPECT_GE(r.year, 1992);
    EXPECT_LE(r.year, 2014) << "the protocol may not use values after 2014";
  }
  std::string error;
  for (const SipriRow& r : rows) {
    if (r.year != 1992) continue;
    const std::string id = kActorOfCountry.at(r.country);
    SCOPED_TRACE(id);
    EXPECT_NEAR(*GetPath(s, "actors." + id + ".milex", &error), r.constant_usd_m / 1000.0, 5e-4);
    EXPECT_NEAR(*GetPath(s, "actors." + id + ".gdp", &error),
                r.constant_usd_m / r.share_of_gdp / 1000.0, 0.05);
  }
  for (const EventSpec& e : s.events) {
    ASSERT_TRUE(e.at.has_value());
    EXPECT_LE(*e.at, 2014.0) << e.id;
  }
}

TEST(FidelityExtracts, SipriHindcastExtractMatchesTheSharedSourceFile) {
  const fs::path source = testing::SharedData("sipri/sipri_milex_long_1949-2014.csv");
  if (!fs::exists(source)) {
    GTEST_SKIP() << "../shared/data/sipri is absent: the extract cannot be compared with its source here";
  }
  // Every extract row appears, with the same two numbers, in the source.
  std::ifstream in(source);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  for (const SipriRow& r : ReadExtract()) {
    const std::string country = r.country.find(',') != std::string::npos ? "\"" + r.country + "\"" : r.country;
    const std::size_t at = text.find("\n" + country + ",");
    ASSERT_NE(at, std::string::npos) << r.country;
    const std::string key = "," + std::to_string(r.year) + ",";
    std::size_t row = at;
    bool found = false;
    while ((row = text.find("\n" + country + ",", row)) != std::string::npos) {
      const std::size_t end = text.find('\n', row + 1);
      const std::string line = text.substr(row + 1, end - row - 1);
      row = end;
      if (line.find(key) == std::string::npos) continue;
      found = true;
      // The numbers are carried as text, unchanged: compare after parsing both.
      const std::size_t year_at = line.find(key);
      std::size_t field = year_at + key.size();
      const double constant = std::stod(line.substr(field, line.find(',', field) - field));
      field = line.find(',', field) + 1;
      field = line.find(',', field) + 1;  // skip current_usd_m
      const double share = std::stod(line.substr(field, line.find(',', field) - field));
      EXPECT_EQ(constant, r.constant_usd_m) << r.country << " " << r.year;
      EXPECT_EQ(share, r.share_of_gdp) << r.country << " " << r.year;
      break;
    }
    EXPECT_TRUE(found) << r.country << " " << r.year;
  }
}

// The whole protocol, as documented: scripts/hindcast.sh OUTDIR.
TEST(Hindcast, ScriptWritesTheForecastFor2015To2024) {
  const std::string binary = POLARITY_BINARY;
  if (binary.empty() || !fs::exists(binary)) GTEST_SKIP() << "the polarity executable is not built";
  const fs::path out = fs::temp_directory_path() / ("polarity_fidelity_hindcast_" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string command = "POLARITY='" + binary + "' '" + POLARITY_SOURCE_DIR + "/scripts/hindcast.sh' '" +
                              out.string() + "' 2> '" + out.string() + ".stderr'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "see " << out.string() << ".stderr";
  const testing::Table forecast = testing::ReadTable(out / "forecast.csv");
  EXPECT_EQ(forecast.columns, (std::vector<std::string>{"actor", "year", "milex_constant_usd_bn"}));
  ASSERT_EQ(forecast.rows.size(), 80u);
  const Eigen::VectorXd years = forecast.Numbers("year");
  const Eigen::VectorXd milex = forecast.Numbers("milex_constant_usd_bn");
  EXPECT_EQ(years.minCoeff(), 2015.0);
  EXPECT_EQ(years.maxCoeff(), 2024.0);
  EXPECT_TRUE(milex.allFinite());
  EXPECT_GT(milex.minCoeff(), 0.0);
  // The observations given to the calibration stop at 2014.
  const testing::Table observed = testing::ReadTable(out / "observed_1992_2014.csv");
  EXPECT_EQ(observed.rows.size(), 184u);
  EXPECT_EQ(observed.Numbers("year").maxCoeff(), 2014.0);
  // The in-sample fit quoted in docs/validation.md.
  std::ifstream report(out / "calibration" / "report.md");
  const std::string text((std::istreambuf_iterator<char>(report)), {});
  EXPECT_NE(text.find("R² (pooled, about each series' mean) = 0.9475"), std::string::npos) << text;
  fs::remove_all(out);
  fs::remove(out.string() + ".stderr");
}

}  // namespace
}  // namespace polarity
