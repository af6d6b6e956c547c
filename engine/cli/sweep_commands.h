#pragma once
// `polarity sweep`, `polarity plan`, `polarity merge` (INTERFACE.md "Command line").

#include <string>
#include <vector>

#include "polarity/diagnostics.h"

namespace polarity::cli {

struct SweepArgs {
  std::string sweep;         // SWEEP.yaml
  std::string output;        // -o; empty: results/<sweep name>/
  int threads = 0;           // 0: hardware threads
  std::string shard;         // "I/N"; empty: the whole sweep
  bool resume = false;
  bool force = false;
};

struct MergeArgs {
  std::vector<std::string> shards;
  std::string output;
  bool force = false;
};

int SweepCommand(const SweepArgs& args, const std::vector<std::string>& command_line);
int PlanCommand(const std::string& sweep_file, int max_points);
int MergeCommand(const MergeArgs& args);

// True when `file` declares `schema: polarity/sweep 1` (so `check` validates it as a sweep).
bool IsSweepFile(const std::string& file);
// `polarity check SWEEP.yaml [--strict]`: loads the sweep and its scenario, prints the plan;
// with strict also the scenario's provenance check.
int CheckSweepCommand(const std::string& file, bool strict);

// Under `mpirun -np K` with K > 1 (MPI builds only): the ranks share the sweep's runs;
// rank 0 writes the directory. Returns the exit code on every rank.
int MpiSweepCommand(const SweepArgs& args, const std::vector<std::string>& command_line);

// True when this process was started by an MPI launcher with more than one rank.
bool LaunchedUnderMpi();

}  // namespace polarity::cli
