// End-to-end tests of `polarity run` through the built binary.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_test_util.h"
#include "io/csv.h"
#include "io/sha256.h"
#include "polarity/parameters.h"

namespace polarity::testing {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;

using RunCommand = ScratchTest;

std::vector<std::vector<std::string>> ReadCsv(const fs::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::string error;
  EXPECT_TRUE(io::ParseCsv(ReadText(path), &rows, &error)) << path << ": " << error;
  return rows;
}

TEST_F(RunCommand, WritesEveryOutputFile) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("3 runs (3 ok, 0 failed)"));
  EXPECT_TRUE(r.out.empty()) << "data goes to files, not stdout: " << r.out;
  for (const char* name : {"manifest.json", "timeseries.csv", "events.csv", "outcomes.csv",
                           "networks/alliances_0_0.graphml", "networks/alliances_0_10.graphml",
                           "networks/alliances_2_20.graphml"}) {
    EXPECT_TRUE(fs::exists(scratch_ / "out" / name)) << name;
  }
  // No temporaries left behind.
  for (const auto& entry : fs::recursive_directory_iterator(scratch_ / "out")) {
    EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".tmp-")));
  }
}

TEST_F(RunCommand, DefaultOutputDirectoryIsResultsScenarioName) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " --replications 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(scratch_ / "results" / "cli-small" / "outcomes.csv"));
}

TEST_F(RunCommand, MissingScenarioExits66AndWritesNothing) {
  const CommandResult r = Polarity("run no_such_file.yaml -o out");
  EXPECT_EQ(r.exit_code, 66) << r.err;
  EXPECT_THAT(r.err, HasSubstr("no_such_file.yaml"));
  EXPECT_FALSE(fs::exists(scratch_ / "out"));
}

TEST_F(RunCommand, BadFlagsExit64WithCli11Message) {
  CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out --bogus");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("--bogus"));
  r = Polarity("run " + Quote(SmallScenario()) + " -o out --threads 0");
  EXPECT_EQ(r.exit_code, 64) << r.err;
  r = Polarity("run " + Quote(SmallScenario()) + " -o out --replications abc");
  EXPECT_EQ(r.exit_code, 64) << r.err;
  r = Polarity("run");  // missing SCENARIO
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_THAT(r.err, HasSubstr("SCENARIO"));
  r = Polarity("");  // no subcommand
  EXPECT_EQ(r.exit_code, 64) << r.err;
  r = Polarity("frobnicate x.yaml");  // no such subcommand
  EXPECT_EQ(r.exit_code, 64) << r.err;
  r = Polarity("run " + Quote(SmallScenario()) + " -o out --seed -3");  // seeds are unsigned
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_FALSE(fs::exists(scratch_ / "out"));
}

TEST_F(RunCommand, HelpAndVersionExit0) {
  CommandResult r = Polarity("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("run"));
  EXPECT_THAT(r.out, HasSubstr("check"));
  r = Polarity("run --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("--replications"));
  EXPECT_THAT(r.out, HasSubstr("--set"));
  r = Polarity("check --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("--strict"));
  r = Polarity("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("polarity 0."));
}

TEST_F(RunCommand, MalformedScenarioExits65WithLocatedErrorsAndWritesNothing) {
  std::string text = ReadText(SmallScenario());
  // An unknown key and an out-of-range value: both must be reported, with line and column.
  text.replace(text.find("    resolve: 0.7\n    revisionism: 0.1\n"), 0, "    resolv: 0.7\n");
  text.replace(text.find("milex: 4\n"), 9, "milex: -4\n");
  std::ofstream(scratch_ / "bad.yaml") << text;
  const CommandResult r = Polarity("run bad.yaml -o out");
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_THAT(r.err, ::testing::ContainsRegex("bad\\.yaml:[0-9]+:[0-9]+: error: .*resolv"));
  EXPECT_THAT(r.err, ::testing::ContainsRegex("bad\\.yaml:[0-9]+:[0-9]+: error: .*milex"));
  EXPECT_FALSE(fs::exists(scratch_ / "out"));
}

TEST_F(RunCommand, ExistingNonEmptyDirectoryExits73UnlessForce) {
  fs::create_directories(scratch_ / "out");
  std::ofstream(scratch_ / "out" / "timeseries.csv") << "stale\n";
  std::ofstream(scratch_ / "out" / "notes.txt") << "mine\n";
  CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out");
  EXPECT_EQ(r.exit_code, 73) << r.err;
  EXPECT_THAT(r.err, HasSubstr("--force"));
  EXPECT_EQ(ReadText(scratch_ / "out" / "timeseries.csv"), "stale\n");

  r = Polarity("run " + Quote(SmallScenario()) + " -o out --force");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(ReadText(scratch_ / "out" / "timeseries.csv"),
              ::testing::StartsWith("run_id,replication,tick,time,actor,counterpart,variable,value\n"));
  EXPECT_EQ(ReadText(scratch_ / "out" / "notes.txt"), "mine\n") << "--force keeps foreign files";
}

TEST_F(RunCommand, OutputPathThatIsAFileExits73) {
  std::ofstream(scratch_ / "out") << "a file\n";
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out --force");
  EXPECT_EQ(r.exit_code, 73) << r.err;
}

TEST_F(RunCommand, UnknownSetPathExits64NamingTheClosestPath) {
  const CommandResult r =
      Polarity("run " + Quote(SmallScenario()) + " -o out --set actors.AAA.milx=3");
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_THAT(r.err, HasSubstr("actors.AAA.milex"));
  EXPECT_FALSE(fs::exists(scratch_ / "out"));
}

TEST_F(RunCommand, BadSetSyntaxOrValueExits64AndWritesNothing) {
  CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out --set seed");
  EXPECT_EQ(r.exit_code, 64) << r.err;
  r = Polarity("run " + Quote(SmallScenario()) + " -o out --set parameters.alliance.rate=-1");
  EXPECT_EQ(r.exit_code, 64) << r.err;
  EXPECT_THAT(r.err, HasSubstr("alliance.rate"));
  EXPECT_FALSE(fs::exists(scratch_ / "out"));
}

TEST_F(RunCommand, SetAndShorthandsTakeEffect) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) +
                                   " -o out --set actors.AAA.milex=99.5 --set "
                                   "parameters.deterrence.enabled=false --ticks 5 "
                                   "--replications 2 --seed 7");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = ReadCsv(scratch_ / "out" / "timeseries.csv");
  ASSERT_GT(rows.size(), 1u);
  int max_tick = -1;
  bool saw_milex = false;
  std::set<std::string> runs;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    max_tick = std::max(max_tick, std::stoi(rows[k][2]));
    runs.insert(rows[k][0]);
    if (rows[k][0] == "0" && rows[k][2] == "0" && rows[k][4] == "AAA" && rows[k][6] == "milex") {
      EXPECT_EQ(rows[k][7], "99.5");
      saw_milex = true;
    }
  }
  EXPECT_TRUE(saw_milex);
  EXPECT_EQ(max_tick, 5);
  EXPECT_EQ(runs, (std::set<std::string>{"0", "1"}));
  const auto outcomes = ReadCsv(scratch_ / "out" / "outcomes.csv");
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[1][3], "7") << "seed column";
  // Deterrence off: only the scheduled crisis (at tick 6, beyond --ticks 5) could start one.
  EXPECT_EQ(ReadText(scratch_ / "out" / "events.csv").find("crisis_start"), std::string::npos);

  const auto manifest = nlohmann::json::parse(ReadText(scratch_ / "out" / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 7);
  EXPECT_EQ(manifest["ticks"], 5);
  EXPECT_EQ(manifest["replications"], 2);
  EXPECT_EQ(manifest["scenario"]["actors"]["AAA"]["milex"], 99.5);
  EXPECT_EQ(manifest["scenario"]["parameters"]["deterrence"]["enabled"], false);
  EXPECT_THAT(manifest["overrides"].dump(), HasSubstr("actors.AAA.milex=99.5"));
}

TEST_F(RunCommand, OutputBytesAreIdenticalForOneAndTwoThreads) {
  const auto one = RunOnOneAndTwoThreads("run " + Quote(SmallScenario()) + " --replications 7");
  ASSERT_FALSE(HasFailure());
  ASSERT_EQ(one.size(), 3u + 7u * 3u);  // 3 CSVs, 7 runs x ticks {0, 10, 20}
  // Replications differ from each other (the runs are not all the same run).
  const auto outcomes = ReadCsv(scratch_ / "one" / "outcomes.csv");
  std::set<std::string> finals;
  for (std::size_t k = 1; k < outcomes.size(); ++k) finals.insert(outcomes[k][4]);
  EXPECT_GT(finals.size(), 1u);
}

TEST_F(RunCommand, TimeseriesRowsFollowTheDocumentedOrder) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out --replications 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = ReadCsv(scratch_ / "out" / "timeseries.csv");
  const std::vector<std::string> header = {"run_id", "replication", "tick", "time",
                                           "actor", "counterpart", "variable", "value"};
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0], header);
  const int n = 4, ticks = 20, runs = 2;
  const std::size_t per_tick = 17 + 10 * n + n * (n - 1) / 2 + 2 * n * (n - 1);
  ASSERT_EQ(rows.size(), 1 + runs * (ticks + 1) * per_tick);
  const std::vector<std::string> ids = {"AAA", "BBB", "CCC", "DDD"};
  std::size_t k = 1;
  for (int run = 0; run < runs; ++run) {
    for (int tick = 0; tick <= ticks; ++tick) {
      const std::string time = io::FormatDouble(2020.0 + tick * 0.25);
      auto expect = [&](const std::string& actor, const std::string& counterpart,
                        const std::string& variable) {
        const auto& row = rows[k++];
        ASSERT_EQ(row.size(), 8u);
        EXPECT_EQ(row[0], std::to_string(run));
        EXPECT_EQ(row[1], std::to_string(run));
        EXPECT_EQ(row[2], std::to_string(tick));
        EXPECT_EQ(row[3], time);
        EXPECT_EQ(row[4], actor);
        EXPECT_EQ(row[5], counterpart);
        EXPECT_EQ(row[6], variable) << "row " << k - 1;
      };
      for (const char* v : {"milex_total", "arms_race_index", "blocs", "polarization", "balance",
                            "crises_active", "crises_active_crisis", "crises_active_show_of_force",
                            "crises_active_limited_clash", "crises_active_war", "crises_total",
                            "deterrence_successes", "deterrence_failures", "concessions", "wars",
                            "landscape_energy", "landscape_gap"}) {
        expect("", "", v);
      }
      for (const std::string& a : ids) {
        for (const char* v : {"milex", "gdp", "burden", "capability", "threat", "defence_need",
                              "crises_started", "crises_initiated", "bloc", "frustration"}) {
          expect(a, "", v);
        }
      }
      for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
          if (i == j) continue;
          if (i < j) expect(ids[i], ids[j], "alliance");
          expect(ids[i], ids[j], "stance");
          expect(ids[i], ids[j], "perceived_threat");
        }
      }
      if (HasFailure()) return;
    }
  }
}

TEST_F(RunCommand, EventsAndOutcomesHaveTheDocumentedColumns) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto events = ReadCsv(scratch_ / "out" / "events.csv");
  ASSERT_GT(events.size(), 2u);
  EXPECT_EQ(events[0], (std::vector<std::string>{"run_id", "replication", "tick", "time", "type",
                                                 "actors", "detail"}));
  const std::set<std::string> types = {"alliance_level", "crisis_start", "crisis_rung",
                                       "deterrence_held", "deterrence_failed", "defender_conceded",
                                       "war", "ally_support", "scheduled", "arms_race"};
  bool saw_summit = false;
  for (std::size_t k = 1; k < events.size(); ++k) {
    ASSERT_EQ(events[k].size(), 7u);
    EXPECT_TRUE(types.count(events[k][4])) << events[k][4];
    if (events[k][4] == "scheduled" && events[k][6] == "summit") {
      saw_summit = true;
      EXPECT_EQ(events[k][2], "4") << "summit at 2021.0 = tick 4";
    }
    if (events[k][4] == "crisis_start") {
      EXPECT_THAT(events[k][5], ::testing::MatchesRegex("[A-D]{3};[A-D]{3}"));
    }
  }
  EXPECT_TRUE(saw_summit);
  const auto outcomes = ReadCsv(scratch_ / "out" / "outcomes.csv");
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_EQ(outcomes[0], (std::vector<std::string>{
                             "run_id", "point", "replication", "seed", "milex_total_final",
                             "milex_total_growth", "crises_total", "deterrence_successes",
                             "deterrence_failures", "wars", "blocs_final", "polarization_mean",
                             "balance_final", "status"}));
  for (std::size_t k = 1; k < outcomes.size(); ++k) {
    EXPECT_EQ(outcomes[k][0], std::to_string(k - 1));
    EXPECT_EQ(outcomes[k][1], "0");
    EXPECT_EQ(outcomes[k][2], std::to_string(k - 1));
    EXPECT_EQ(outcomes[k][3], "42");
    EXPECT_EQ(outcomes[k].back(), "ok");
  }
}

// The outcomes are reductions of what timeseries.csv holds.
TEST_F(RunCommand, OutcomesAgreeWithTheTimeseries) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out --replications 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = ReadCsv(scratch_ / "out" / "timeseries.csv");
  double first = 0, last = 0, polarization_sum = 0;
  int polarization_count = 0;
  std::string wars;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    if (!rows[k][4].empty()) continue;
    double v = 0;
    ASSERT_TRUE(io::ParseDouble(rows[k][7], &v));
    if (rows[k][6] == "milex_total") {
      if (rows[k][2] == "0") first = v;
      last = v;
    }
    if (rows[k][6] == "polarization") {
      polarization_sum += v;
      ++polarization_count;
    }
    if (rows[k][6] == "wars") wars = rows[k][7];
  }
  const auto outcomes = ReadCsv(scratch_ / "out" / "outcomes.csv");
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[1][4], io::FormatDouble(last));
  double growth = 0;
  ASSERT_TRUE(io::ParseDouble(outcomes[1][5], &growth));
  EXPECT_NEAR(growth, (std::log(last) - std::log(first)) / (20 * 0.25), 1e-12);
  EXPECT_EQ(outcomes[1][9], wars);
  double polarization_mean = 0;
  ASSERT_TRUE(io::ParseDouble(outcomes[1][11], &polarization_mean));
  EXPECT_NEAR(polarization_mean, polarization_sum / polarization_count, 1e-12);
}

TEST_F(RunCommand, ManifestRecordsInputsRunsAndResolvedScenario) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = ReadText(scratch_ / "out" / "manifest.json");
  const auto m = nlohmann::json::parse(text);
  EXPECT_EQ(m["command"], "run");
  EXPECT_FALSE(m["engine"]["version"].get<std::string>().empty());
  EXPECT_FALSE(m["engine"]["git_commit"].get<std::string>().empty());
  ASSERT_EQ(m["inputs"].size(), 1u);
  std::string expected_hash, error;
  ASSERT_TRUE(io::Sha256File(SmallScenario(), &expected_hash, &error)) << error;
  EXPECT_EQ(m["inputs"][0]["sha256"], expected_hash);
  EXPECT_EQ(m["seed"], 42);
  EXPECT_EQ(m["replications"], 3);
  EXPECT_EQ(m["threads"], 2);
  EXPECT_EQ(m["runs"]["ok"], 3);
  EXPECT_EQ(m["runs"]["failed"], 0);
  EXPECT_THAT(m["started"].get<std::string>(),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
  EXPECT_EQ(m["command_line"][1], "run");
  // Resolved scenario: defaults filled in for every actor.
  const auto& s = m["scenario"];
  EXPECT_EQ(s["name"], "cli-small");
  ASSERT_EQ(s["actors"].size(), 4u);
  for (const char* field : {"reach_km", "gdp", "gdp_growth", "milex", "milex_floor", "burden_cap",
                            "efficiency", "capability", "allocation", "concern", "richardson",
                            "resolve", "revisionism"}) {
    EXPECT_TRUE(s["actors"]["BBB"].contains(field)) << field;
  }
  EXPECT_EQ(s["actors"]["BBB"]["capability"].size(), 3u);
  EXPECT_EQ(s["actors"]["DDD"]["name"], "Delta \"the small\"");
  const Parameters defaults;
  EXPECT_EQ(s["parameters"]["alliance"]["rate"], defaults.alliance.rate);
  EXPECT_EQ(s["parameters"]["crisis"]["max_ticks"], defaults.crisis.max_ticks);
  EXPECT_EQ(s["parameters"]["events"]["enabled"], true);
  ASSERT_EQ(s["events"].size(), 2u);
  EXPECT_EQ(s["events"][0]["tick"], 4);
  EXPECT_EQ(s["events"][1]["tick"], 6);
  // Stable key order: the file starts with the schema line and "scenario" comes last.
  EXPECT_THAT(text, ::testing::StartsWith("{\n  \"schema\": \"polarity/manifest 1\",\n"));
  const auto engine = text.find("\"engine\"");
  const auto inputs = text.find("\"inputs\"");
  const auto scenario = text.find("\"scenario\": {");
  EXPECT_LT(engine, inputs);
  EXPECT_LT(inputs, scenario);
}

TEST_F(RunCommand, NonFiniteStateFailsTheRunWithExit1) {
  // Two capability stocks near DBL_MAX make the capability index overflow at tick 0.
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) +
                                   " -o out --replications 2 --set actors.AAA.capability.land=1.7e308"
                                   " --set actors.AAA.capability.naval=1.7e308");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("run 0, tick 0, actor AAA, variable capability: non-finite value"));
  EXPECT_THAT(r.err, HasSubstr("run 1, tick 0"));
  const auto outcomes = ReadCsv(scratch_ / "out" / "outcomes.csv");
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(outcomes[1].back(), "failed");
  EXPECT_EQ(outcomes[1][4], "") << "no outcomes for a failed run";
  const auto m = nlohmann::json::parse(ReadText(scratch_ / "out" / "manifest.json"));
  EXPECT_EQ(m["runs"]["failed"], 2);
  EXPECT_THAT(m["failures"][0].get<std::string>(), HasSubstr("variable capability"));
  // No non-finite text anywhere in the data.
  EXPECT_EQ(ReadText(scratch_ / "out" / "timeseries.csv").find("inf"), std::string::npos);
}

// A write that fails (here: the file size limit, with SIGXFSZ ignored so write() returns
// EFBIG) exits 74 naming the file and the error, and leaves no torn or temporary file.
TEST_F(RunCommand, WriteFailureExits74AndLeavesNoTornFile) {
  const CommandResult r = Shell("trap '' XFSZ; ulimit -f 20; \"$POLARITY\" run " +
                                Quote(SmallScenario()) + " -o out");
  EXPECT_EQ(r.exit_code, 74) << r.err;
  EXPECT_THAT(r.err, HasSubstr("out/timeseries.csv: File too large"));
  ASSERT_TRUE(fs::is_directory(scratch_ / "out"));
  EXPECT_TRUE(fs::is_empty(scratch_ / "out")) << "no partial timeseries.csv, no temporaries";
}

// SIGINT / SIGTERM: the runs finished so far are kept, complete, and the manifest says the
// run was interrupted; exit 130 / 143; no temporary is left behind.
TEST_F(RunCommand, InterruptKeepsFinishedRunsAndExits130Or143) {
  std::string text = ReadText(SmallScenario());
  text.replace(text.find("networks_every: 10"), 18, "networks_every: 0\n  timeseries: false");
  std::ofstream(scratch_ / "long.yaml") << text;
  for (const auto& [signal, code] : {std::pair<std::string, int>{"TERM", 143}, {"INT", 130}}) {
    const std::string dir = "out_" + signal;
    // Background jobs of a non-interactive shell start with SIGINT ignored; polarity installs
    // its own handler, so the signal still arrives.
    // Signal only once the run is under way (its temporaries exist), so that the handler is
    // installed even on a loaded machine.
    const CommandResult r = Shell(
        "\"$POLARITY\" run long.yaml -o " + dir + " --replications 1000000 & pid=$!\n"
        "for i in $(seq 100); do ls -a " + dir + " 2>/dev/null | grep -q tmp && break; sleep 0.1; done\n"
        "sleep 0.5; kill -" + signal + " $pid; wait $pid");
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_THAT(r.err, HasSubstr("interrupted after"));
    const auto m = nlohmann::json::parse(ReadText(scratch_ / dir / "manifest.json"));
    EXPECT_EQ(m["status"], "interrupted (SIG" + signal + ")");
    EXPECT_EQ(m["runs"]["planned"], 1000000);
    const auto outcomes = ReadCsv(scratch_ / dir / "outcomes.csv");
    ASSERT_GT(outcomes.size(), 1u);
    EXPECT_EQ(outcomes.size() - 1, m["runs"]["total"].get<std::size_t>());
    EXPECT_LT(outcomes.size() - 1, 1000000u);
    for (std::size_t k = 1; k < outcomes.size(); ++k) {
      ASSERT_EQ(outcomes[k][0], std::to_string(k - 1)) << "finished runs are a prefix in id order";
    }
    EXPECT_FALSE(fs::exists(scratch_ / dir / "timeseries.csv")) << "outputs.timeseries: false";
    for (const auto& entry : fs::recursive_directory_iterator(scratch_ / dir)) {
      EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr(".tmp-")));
    }
  }
}

// pandas with float_precision="round_trip" reads every value back to exactly the double the
// text denotes (Python's float(text)).
TEST_F(RunCommand, PandasReadsTimeseriesExactly) {
  const CommandResult r = Polarity("run " + Quote(SmallScenario()) + " -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string script = R"PY(
import csv, sys
try:
    import pandas as pd
except ImportError:
    print("SKIP no pandas"); sys.exit(0)
path = sys.argv[1]
df = pd.read_csv(path, float_precision="round_trip", keep_default_na=False,
                 dtype={"actor": str, "counterpart": str, "variable": str})
with open(path, newline="") as f:
    rows = list(csv.reader(f))
assert list(df.columns) == rows[0], df.columns
assert len(df) == len(rows) - 1, (len(df), len(rows))
values = df["value"].to_numpy()
times = df["time"].to_numpy()
bad = 0
for k, row in enumerate(rows[1:]):
    if float(row[7]).hex() != float(values[k]).hex() or float(row[3]).hex() != float(times[k]).hex():
        bad += 1
        if bad < 5: print("mismatch", k, row, repr(values[k]))
print("rows", len(df), "mismatches", bad)
)PY";
  std::ofstream(scratch_ / "check.py") << script;
  const std::string command = "/usr/bin/python3 " + Quote((scratch_ / "check.py").string()) + " " +
                              Quote((scratch_ / "out" / "timeseries.csv").string()) + " 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, got);
  const int status = ::pclose(pipe);
  if (output.starts_with("SKIP")) GTEST_SKIP() << output;
  ASSERT_EQ(status, 0) << output;
  EXPECT_THAT(output, HasSubstr("mismatches 0")) << output;
  EXPECT_THAT(output, HasSubstr("rows 5481"));  // 3 runs x 21 ticks x 87 rows (N = 4)
}

}  // namespace
}  // namespace polarity::testing
