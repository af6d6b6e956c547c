#pragma once
// manifest.json: what produced an output directory (INTERFACE.md "Output directory").
//
// Keys are written in a fixed order (nlohmann::ordered_json), pretty-printed. The manifest
// records wall-clock times, thread count and the command line, so it differs between two
// otherwise identical runs: the determinism contract (same seed, same bytes, for any
// thread count) covers the data files (timeseries.csv, events.csv, outcomes.csv,
// networks/*.graphml), not manifest.json.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "polarity/model.h"
#include "polarity/scenario.h"

namespace polarity::io {

using OrderedJson = nlohmann::ordered_json;

struct InputFile {
  std::filesystem::path path;
  std::string sha256;  // lower-case hex
  std::uintmax_t bytes = 0;
};

// Hashes every file; false with *error ("PATH: strerror") when one cannot be read.
bool HashInputFiles(const std::vector<std::filesystem::path>& files, std::vector<InputFile>* out,
                    std::string* error);

struct ManifestInfo {
  std::string command;                    // "run"
  std::vector<std::string> command_line;  // argv
  std::chrono::system_clock::time_point started;
  std::chrono::system_clock::time_point finished;
  double wall_seconds = 0.0;
  std::vector<InputFile> inputs;
  std::vector<std::string> overrides;  // "PATH=VALUE" from --set and the shorthands, in order
  std::uint64_t seed = 0;
  int replications = 0;
  int ticks = 0;
  int threads = 0;
  std::size_t runs_ok = 0;
  std::size_t runs_failed = 0;
  std::size_t runs_planned = 0;       // 0: runs_ok + runs_failed
  std::string status = "complete";   // "complete" or "interrupted (SIGINT)" etc.
  std::vector<std::string> failures;  // one message per failed run, in run order
  std::int64_t events_dropped = 0;
  std::vector<std::string> files;     // data files written, relative to the directory
};

// "2024-05-01T12:34:56Z"
std::string UtcTimestamp(std::chrono::system_clock::time_point time);

// The resolved scenario: every actor with every field, every non-zero dyad, parameters from
// ParameterSpecs(), events with their resolved tick; values are the compiled model's, so
// every default is filled in.
OrderedJson ResolvedScenarioJson(const Scenario& scenario, const Model& model);

// The whole manifest.
OrderedJson ManifestJson(const ManifestInfo& info, const Scenario& scenario, const Model& model);

// Pretty-printed with two-space indents and a final newline.
std::string DumpJson(const OrderedJson& json);

}  // namespace polarity::io
