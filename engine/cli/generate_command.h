#pragma once
// `polarity generate --actors N --ties-per-actor M --seed S -o WORLD.yaml [--ticks T]
// [--long-range-share F] [--dyads] [--force]`: write a synthetic sparse world
// (include/polarity/generate.h, docs/generate.md) as a scenario file.

#include <cstdint>
#include <string>

#include "polarity/generate.h"

namespace CLI {
class App;
}  // namespace CLI

namespace polarity::cli {

struct GenerateArgs {
  GenerateOptions options;  // --actors, --ties-per-actor, --seed, --ticks, --long-range-share, --dyads
  std::string output;       // -o: the scenario file; "-" writes it to stdout
  bool force = false;       // --force: replace an existing file
};

// The `generate` subcommand registered on the CLI11 app (main.cc: construct it with the other
// subcommands, then `if (generate.parsed()) return generate.Run();`).
class GenerateSubcommand {
 public:
  explicit GenerateSubcommand(CLI::App& app);
  bool parsed() const;
  int Run() const;

 private:
  CLI::App* command_ = nullptr;
  GenerateArgs args_;
};

// Validates the options (64 on a bad one), refuses an existing file without --force (73),
// generates, writes the file through a temporary renamed into place (73 when it cannot be
// created, 74 when writing fails) and prints a one-line summary on stderr.
int GenerateCommand(const GenerateArgs& args);

}  // namespace polarity::cli
