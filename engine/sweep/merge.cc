// `polarity merge`: joins the directories of a sweep's shards into the directory the
// unsharded sweep would have written (same outcomes.csv, points.csv, timeseries.csv and
// events.csv bytes).

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include "build_info.h"
#include "io/csv.h"
#include "io/manifest.h"
#include "io/output_dir.h"
#include "io/run_recorder.h"
#include "sweep/point_summary.h"
#include "sweep/sweep_runner.h"

namespace polarity::sweep {
namespace {

namespace fs = std::filesystem;

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "polarity: error: %s\n", message.c_str());
  return code;
}

struct Shard {
  fs::path dir;
  io::OrderedJson identity;
  int index = 0;
  int count = 1;
};

}  // namespace

int MergeShards(const std::vector<fs::path>& shard_dirs, const fs::path& output, bool force) {
  std::vector<Shard> shards;
  for (const fs::path& dir : shard_dirs) {
    std::string text, error;
    if (!io::ReadFile(dir / "sweep.json", &text, &error)) {
      return Fail(kExitNoInput, dir.string() + " is not a sweep directory (" + error + ")");
    }
    Shard shard;
    shard.dir = dir;
    shard.identity = io::OrderedJson::parse(text, nullptr, false);
    if (shard.identity.is_discarded() || !shard.identity.contains("shard")) {
      return Fail(kExitDataError, (dir / "sweep.json").string() + " is damaged");
    }
    shard.index = shard.identity["shard"]["index"].get<int>();
    shard.count = shard.identity["shard"]["count"].get<int>();
    if (!fs::exists(dir / "outcomes.csv")) {
      return Fail(kExitDataError, dir.string() + " (shard " + std::to_string(shard.index) + "/" +
                                      std::to_string(shard.count) + ") is not finished; complete it with --resume");
    }
    shards.push_back(std::move(shard));
  }
  if (shards.empty()) return Fail(kExitUsage, "merge needs at least one shard directory");
  std::sort(shards.begin(), shards.end(), [](const Shard& a, const Shard& b) { return a.index < b.index; });
  // Every shard must come from the same sweep, and together cover it exactly once.
  io::OrderedJson reference = shards.front().identity;
  reference.erase("shard");
  std::set<int> seen;
  for (const Shard& shard : shards) {
    io::OrderedJson identity = shard.identity;
    identity.erase("shard");
    if (identity != reference) {
      return Fail(kExitDataError, shard.dir.string() + " belongs to a different sweep than " +
                                      shards.front().dir.string());
    }
    if (shard.count != shards.front().count || !seen.insert(shard.index).second) {
      return Fail(kExitDataError, "shards must be distinct slices of one split (got " + shard.dir.string() + ")");
    }
  }
  if (static_cast<int>(shards.size()) != shards.front().count) {
    return Fail(kExitDataError, "got " + std::to_string(shards.size()) + " of " +
                                    std::to_string(shards.front().count) + " shards");
  }

  try {
    io::PrepareOutputDirectory(output, force);
  } catch (const io::OutputCreateError& e) {
    return Fail(kExitCantCreate, e.what());
  }
  const auto paths = reference["paths"].get<std::vector<std::string>>();
  const auto names = reference["outcomes"].get<std::vector<std::string>>();
  try {
    // outcomes.csv: the shards' files in slice order, one header; points.csv streamed from
    // the same rows. Line by line, so memory stays flat.
    std::vector<fs::path> parts;
    for (const Shard& shard : shards) parts.push_back(shard.dir / "outcomes.csv");
    std::string header, error;
    {
      std::ifstream first(parts.front(), std::ios::binary);
      std::getline(first, header);
      header += '\n';
    }
    ConcatenateDurably(output / "outcomes.csv", header, parts, true);
    PointsWriter summary(paths, names);
    DurableWriter points_file(output / "points.csv");
    std::string points = summary.Header();
    std::vector<std::vector<std::string>> fields;
    std::ifstream in(output / "outcomes.csv", std::ios::binary);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      line += '\n';
      // A status may hold a quoted newline-free message: rows are single lines.
      if (!io::ParseCsv(line, &fields, &error) || fields.size() != 1 || !summary.Add(fields[0], &points, &error)) {
        return Fail(kExitDataError, "outcomes row cannot be summarised: " + error);
      }
      if (points.size() > (1 << 20)) {
        points_file.Write(points);
        points.clear();
      }
    }
    summary.Finish(&points);
    points_file.Write(points);
    points_file.Commit();
    std::vector<std::string> files{"outcomes.csv", "points.csv"};
    if (reference["timeseries"].get<bool>()) {
      std::vector<fs::path> series, events;
      for (const Shard& shard : shards) {
        series.push_back(shard.dir / "timeseries.csv");
        events.push_back(shard.dir / "events.csv");
      }
      ConcatenateDurably(output / "timeseries.csv", io::kTimeseriesHeader, series, true);
      ConcatenateDurably(output / "events.csv", io::kEventsHeader, events, true);
      files.emplace_back("timeseries.csv");
      files.emplace_back("events.csv");
    }
    io::OrderedJson m;
    m["engine"] = {{"name", "polarity"}, {"version", build_info::kVersion}, {"git_commit", build_info::kGitCommit}};
    m["command"] = "merge";
    std::vector<std::string> dirs;
    for (const Shard& shard : shards) dirs.push_back(shard.dir.string());
    m["shards"] = dirs;
    m["sweep"] = reference;
    m["finished_at"] = io::UtcTimestamp(std::chrono::system_clock::now());
    m["files"] = files;
    WriteDurably(output / "manifest.json", io::DumpJson(m));
  } catch (const io::OutputWriteError& e) {
    return Fail(kExitIoError, e.what());
  }
  return kExitOk;
}

}  // namespace polarity::sweep
