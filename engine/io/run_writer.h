#pragma once
// Writes the data files of a set of runs into an output directory: timeseries.csv,
// events.csv, outcomes.csv and networks/*.graphml. Runs must be passed in run-id order (the
// executor's consumer does that); the bytes then depend only on the runs, not on threads.
//
// The CSV files are streamed into temporaries and renamed into place by Commit(); GraphML
// files are complete when written, each renamed into place at once.

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/outcomes.h"
#include "io/output_dir.h"
#include "io/run_recorder.h"

namespace polarity::io {

struct RunWriterOptions {
  bool timeseries = true;  // write timeseries.csv
  bool events = true;      // write events.csv
  bool networks = true;    // write networks/*.graphml
  // Columns between `seed` and the outcomes in outcomes.csv (sweeps: the parameter paths).
  std::vector<std::string> parameter_columns;
  std::vector<OutcomeSpec> outcomes = DefaultOutcomes();
};

class RunWriter {
 public:
  // Opens the temporaries and writes the headers. `dir` must exist.
  RunWriter(std::filesystem::path dir, RunWriterOptions options);

  // Appends one run. `parameter_values` has one entry per parameter column.
  void Write(const RunOutput& run, std::span<const double> parameter_values = {});

  // Renames every file into place.
  void Commit();

  // The outcomes.csv row of a run (without the trailing newline handling: ends in '\n').
  static void AppendOutcomeRow(std::string& out, const RunOutput& run,
                               std::span<const double> parameter_values,
                               std::span<const OutcomeSpec> outcomes);
  static std::string OutcomeHeader(std::span<const std::string> parameter_columns,
                                   std::span<const OutcomeSpec> outcomes);

 private:
  std::filesystem::path dir_;
  RunWriterOptions options_;
  std::optional<AtomicFile> timeseries_;
  std::optional<AtomicFile> events_;
  std::optional<AtomicFile> outcomes_;
  bool networks_dir_ready_ = false;
  std::string row_;
};

}  // namespace polarity::io
