#pragma once
// The subcommands of the `polarity` executable. main.cc parses flags with CLI11 into these
// structs; each command returns a process exit code (polarity::ExitCode) and reports on
// stderr, data going to files (run) or a summary to stdout (check).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace polarity {
struct Diagnostics;
struct Scenario;
}  // namespace polarity

namespace polarity::cli {

struct RunArgs {
  std::string scenario;                   // SCENARIO.yaml
  std::string output;                     // -o; empty: results/<scenario name>/
  std::optional<std::uint64_t> seed;      // --seed: shorthand for --set seed=N
  std::optional<int> ticks;               // --ticks: shorthand for --set time.ticks=N
  std::optional<int> replications;        // --replications
  std::optional<int> threads;             // --threads; default: hardware threads
  std::vector<std::string> sets;          // --set PATH=VALUE, in order
  bool force = false;                     // --force: replace Polarity files in -o
};

struct CheckArgs {
  std::string file;
  bool strict = false;
};

// `polarity run`. `command_line` is argv, recorded in manifest.json.
int RunCommand(const RunArgs& args, const std::vector<std::string>& command_line);

// `polarity check`.
int CheckCommand(const CheckArgs& args);

// The words with `separator` between them ("" for none).
std::string JoinWords(const std::vector<std::string>& words, const std::string& separator);

// "polarity: error: MESSAGE" on stderr (for problems not tied to a place in a file).
void PrintError(const std::string& message);
void PrintWarning(const std::string& message);

// Every diagnostic on stderr: "FILE:LINE:COL: error: ..." or, for one not from a file (a
// --set value out of range), "polarity: error: ...".
void ReportDiagnostics(const Diagnostics& diagnostics);

// `--set PATH=VALUE` assignments in order (each appended to *applied when not null). Prints
// the problem and returns kExitUsage at the first bad one, else kExitOk.
int ApplySetAssignments(const std::vector<std::string>& sets, Scenario& scenario,
                        std::vector<std::string>* applied);

// After command-line overrides of a valid file: re-validates; prints the problems and
// returns kExitUsage when the overrides made the scenario invalid, else kExitOk.
int RevalidateOverrides(const Scenario& scenario);

}  // namespace polarity::cli
