#include "io/run_writer.h"

#include <system_error>

#include "io/csv.h"
#include "io/graphml.h"

namespace polarity::io {
namespace fs = std::filesystem;

RunWriter::RunWriter(fs::path dir, RunWriterOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {
  if (options_.timeseries) {
    timeseries_.emplace(dir_ / "timeseries.csv");
    timeseries_->Write(kTimeseriesHeader);
  }
  if (options_.events) {
    events_.emplace(dir_ / "events.csv");
    events_->Write(kEventsHeader);
  }
  outcomes_.emplace(dir_ / "outcomes.csv");
  outcomes_->Write(OutcomeHeader(options_.parameter_columns, options_.outcomes));
}

std::string RunWriter::OutcomeHeader(std::span<const std::string> parameter_columns,
                                     std::span<const OutcomeSpec> outcomes) {
  std::string header = "run_id,point,replication,seed";
  for (const std::string& column : parameter_columns) {
    header.push_back(',');
    AppendCsvField(header, column);
  }
  for (const OutcomeSpec& outcome : outcomes) {
    header.push_back(',');
    AppendCsvField(header, outcome.name);
  }
  header += ",status\n";
  return header;
}

void RunWriter::AppendOutcomeRow(std::string& out, const RunOutput& run,
                                 std::span<const double> parameter_values,
                                 std::span<const OutcomeSpec> outcomes) {
  AppendUint(out, run.job.run_id);
  out.push_back(',');
  AppendUint(out, run.job.point);
  out.push_back(',');
  AppendUint(out, run.job.replication);
  out.push_back(',');
  AppendUint(out, run.job.seed);
  for (double value : parameter_values) {
    out.push_back(',');
    AppendDouble(out, value);
  }
  const double dt = run.job.model ? run.job.model->dt : 0.0;
  for (const OutcomeSpec& outcome : outcomes) {
    out.push_back(',');
    // A failed run's outcomes are left empty: a partial series would bias every reducer.
    if (run.status == RunStatus::kOk) AppendDoubleOrEmpty(out, ComputeOutcome(run.series, outcome, dt));
  }
  out.push_back(',');
  out += RunStatusName(run.status);
  out.push_back('\n');
}

void RunWriter::Write(const RunOutput& run, std::span<const double> parameter_values) {
  if (timeseries_) timeseries_->Write(run.timeseries);
  if (events_) events_->Write(run.events);
  row_.clear();
  AppendOutcomeRow(row_, run, parameter_values, options_.outcomes);
  outcomes_->Write(row_);
  if (options_.networks && !run.networks.empty()) {
    const fs::path networks = dir_ / "networks";
    if (!networks_dir_ready_) {
      std::error_code ec;
      fs::create_directories(networks, ec);
      if (ec) throw OutputWriteError(networks, ec.message());
      networks_dir_ready_ = true;
    }
    for (const NetworkSnapshot& snapshot : run.networks) {
      WriteFileAtomically(networks / AllianceGraphmlName(run.job.run_id, snapshot.tick),
                          snapshot.graphml);
    }
  }
}

void RunWriter::Commit() {
  if (timeseries_) timeseries_->Commit();
  if (events_) events_->Commit();
  outcomes_->Commit();
}

}  // namespace polarity::io
