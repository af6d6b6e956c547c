// `polarity landscape SCENARIO [--set PATH=VALUE ...] [--exhaustive | --myopic] [--starts N]
// [--seed S] [--top K] [--json]`: load the scenario as `check` and `run` do, apply the
// overrides, compile it, reset a simulation to tick 0 (which computes the blocs) and report
// the landscape of that state (analysis/landscape.h).

#include "cli/landscape_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analysis/landscape.h"
#include "cli/commands.h"
#include "io/csv.h"
#include "polarity/model.h"
#include "polarity/scenario_loader.h"
#include "polarity/simulation.h"

namespace polarity::cli {
namespace {

constexpr int kMaxExhaustiveActors = 20;  // as analysis::ExhaustiveSearch

// The ids on side `side` of a configuration, in model order.
std::vector<std::string> SideIds(const analysis::Configuration& sides, int side,
                                 const std::vector<std::string>& ids) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < sides.size(); ++i) {
    if (sides[i] == side) out.push_back(ids[i]);
  }
  return out;
}

// The words separated by spaces, "-" for none (an empty side).
std::string Joined(const std::vector<std::string>& words) {
  return words.empty() ? std::string("-") : JoinWords(words, " ");
}

std::string Fixed(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  return buffer;
}

// What the command found, shared by the text and the JSON report.
struct Report {
  std::string scenario_name;
  std::vector<std::string> ids;
  double time = 0.0;
  analysis::StateLandscape state;
  bool current_is_minimum = false;          // no myopic switch lowers E(X)
  bool exhaustive = false;
  std::uint64_t configurations = 0;         // exhaustive
  bool truncated = false;                   // exhaustive: more minima than kept
  int starts = 0;                           // myopic
  std::uint64_t seed = 0;                   // myopic
  std::vector<analysis::LandscapeMinimum> minima;  // sorted by energy
  double tolerance = 0.0;                   // energies this close to the lowest are global minima
  int top = 0;                              // listed minima

  bool IsGlobal(const analysis::LandscapeMinimum& m) const {
    return exhaustive && !minima.empty() && m.energy <= minima.front().energy + tolerance;
  }
  bool IsCurrent(const analysis::LandscapeMinimum& m) const {
    return m.sides == analysis::Canonical(state.sides);
  }
  std::size_t Listed() const {
    return top <= 0 ? minima.size() : std::min(minima.size(), static_cast<std::size_t>(top));
  }
};

nlohmann::ordered_json SidesJson(const analysis::Configuration& sides, const std::vector<std::string>& ids) {
  nlohmann::ordered_json j;
  j["side_0"] = SideIds(sides, 0, ids);
  j["side_1"] = SideIds(sides, 1, ids);
  return j;
}

std::string FormatJson(const Report& r) {
  using Json = nlohmann::ordered_json;
  Json out;
  out["scenario"] = r.scenario_name;
  out["tick"] = 0;
  out["time"] = r.time;
  out["sizes"] = "capability index: stock summed over domains, USD bn eq.";
  out["propensities"] = "symmetrised stance (S_ij + S_ji) / 2";
  Json actors = Json::array();
  for (std::size_t i = 0; i < r.ids.size(); ++i) {
    Json a;
    a["id"] = r.ids[i];
    a["size"] = r.state.landscape.size(static_cast<Eigen::Index>(i));
    a["side"] = r.state.sides[i];
    a["frustration"] = r.state.frustration(static_cast<Eigen::Index>(i));
    actors.push_back(a);
  }
  out["actors"] = actors;
  Json current = SidesJson(r.state.sides, r.ids);
  current["energy"] = r.state.energy;
  current["local_minimum"] = r.current_is_minimum;
  current["gap"] = r.state.gap;
  Json relaxed = SidesJson(r.state.relaxed.sides, r.ids);
  relaxed["energy"] = r.state.relaxed.energy;
  Json switched = Json::array();
  for (const int i : r.state.relaxed.switched) switched.push_back(r.ids[static_cast<std::size_t>(i)]);
  relaxed["switched"] = switched;
  current["relaxed"] = relaxed;
  out["current"] = current;
  Json search;
  if (r.exhaustive) {
    search["method"] = "exhaustive";
    search["configurations"] = r.configurations;
    search["truncated"] = r.truncated;
  } else {
    search["method"] = "myopic";
    search["order"] = "sequential";
    search["starts"] = r.starts;
    search["seed"] = r.seed;
  }
  search["minima_found"] = r.minima.size();
  search["minima_listed"] = r.Listed();
  out["search"] = search;
  Json minima = Json::array();
  for (std::size_t k = 0; k < r.Listed(); ++k) {
    const analysis::LandscapeMinimum& m = r.minima[k];
    Json j;
    j["rank"] = k + 1;
    j["energy"] = m.energy;
    if (r.exhaustive) j["global"] = r.IsGlobal(m);
    j["current"] = r.IsCurrent(m);
    j.update(SidesJson(m.sides, r.ids));
    minima.push_back(j);
  }
  out["minima"] = minima;
  return out.dump(2) + "\n";
}

std::string FormatText(const Report& r) {
  std::string out;
  auto line = [&out](const std::string& text) {
    out += text;
    out += '\n';
  };
  const std::size_t n = r.ids.size();
  line("landscape of " + r.scenario_name + " at tick 0 (" + io::FormatDouble(r.time) + "), " +
       std::to_string(n) + " actors");
  line("sizes: capability index (USD bn eq.); propensities: symmetrised stances (S_ij + S_ji) / 2");
  line("");
  std::size_t width = 5;
  for (const std::string& id : r.ids) width = std::max(width, id.size());
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, "%-*s %14s %5s %14s", static_cast<int>(width), "actor", "size", "side",
                "frustration");
  line(buffer);
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = static_cast<Eigen::Index>(i);
    std::snprintf(buffer, sizeof buffer, "%-*s %14s %5d %14s", static_cast<int>(width), r.ids[i].c_str(),
                  Fixed(r.state.landscape.size(k)).c_str(), r.state.sides[i], Fixed(r.state.frustration(k)).c_str());
    line(buffer);
  }
  line("");
  line("current configuration X (from the alliances; side 0 holds the strongest bloc):");
  line("  side 0: " + Joined(SideIds(r.state.sides, 0, r.ids)));
  line("  side 1: " + Joined(SideIds(r.state.sides, 1, r.ids)));
  line("  energy " + Fixed(r.state.energy) + (r.current_is_minimum ? ", a local minimum" : ", not a local minimum") +
       ", gap " + Fixed(r.state.gap));
  if (!r.current_is_minimum) {
    std::vector<std::string> moved;
    for (const int i : r.state.relaxed.switched) moved.push_back(r.ids[static_cast<std::size_t>(i)]);
    line("  myopic switching from X (" + Joined(moved) + ") ends at energy " + Fixed(r.state.relaxed.energy) +
         ": " + Joined(SideIds(r.state.relaxed.sides, 0, r.ids)) + " | " +
         Joined(SideIds(r.state.relaxed.sides, 1, r.ids)));
  }
  line("");
  if (r.exhaustive) {
    line("local minima: exhaustive search of " + std::to_string(r.configurations) + " configurations, " +
         std::to_string(r.minima.size()) + " found" + (r.truncated ? " (truncated: the lowest kept)" : ""));
  } else {
    line("local minima: myopic switching (sequential) from " + std::to_string(r.starts) +
         " seeded random starts (seed " + std::to_string(r.seed) + "), " + std::to_string(r.minima.size()) +
         (r.minima.size() == 1 ? " distinct end point" : " distinct end points"));
  }
  std::snprintf(buffer, sizeof buffer, "%4s %14s %7s %8s  %s", "#", "energy", "global", "current", "side 0 | side 1");
  line(buffer);
  for (std::size_t k = 0; k < r.Listed(); ++k) {
    const analysis::LandscapeMinimum& m = r.minima[k];
    const std::string global = r.exhaustive ? (r.IsGlobal(m) ? "yes" : "no") : "-";
    std::snprintf(buffer, sizeof buffer, "%4zu %14s %7s %8s  ", k + 1, Fixed(m.energy).c_str(), global.c_str(),
                  r.IsCurrent(m) ? "X" : "");
    line(buffer + Joined(SideIds(m.sides, 0, r.ids)) + " | " + Joined(SideIds(m.sides, 1, r.ids)));
  }
  if (r.Listed() < r.minima.size()) {
    line("(" + std::to_string(r.minima.size() - r.Listed()) + " more; --top 0 lists all)");
  }
  return out;
}

}  // namespace

int LandscapeCommand(const LandscapeArgs& args) {
  if (args.exhaustive && args.myopic) {
    PrintError("--exhaustive and --myopic exclude each other");
    return kExitUsage;
  }
  if (args.starts < 1) {
    PrintError("--starts must be at least 1");
    return kExitUsage;
  }
  if (args.top < 0) {
    PrintError("--top must be 0 (all) or more");
    return kExitUsage;
  }

  // 1. The scenario, exactly as `check` and `run` load it.
  LoadResult loaded = LoadScenario(args.scenario);
  ReportDiagnostics(loaded.diagnostics);
  if (!loaded.scenario) return loaded.exit_code != kExitOk ? loaded.exit_code : kExitDataError;
  Scenario& scenario = *loaded.scenario;
  if (const int code = ApplySetAssignments(args.sets, scenario, nullptr); code != kExitOk) return code;
  if (!args.sets.empty()) {
    if (const int code = RevalidateOverrides(scenario); code != kExitOk) return code;
  }
  const Model model = CompileModel(scenario);
  const int n = model.num_actors;
  if (args.exhaustive && n > kMaxExhaustiveActors) {
    PrintError("--exhaustive: " + std::to_string(n) + " actors; exhaustive search takes at most " +
               std::to_string(kMaxExhaustiveActors) + " (use --myopic)");
    return kExitUsage;
  }

  // 2. The state at tick 0 (Reset computes the blocs) and its landscape.
  Simulation sim(model);
  sim.Reset(RunKey{model.seed, 0, 0});
  Report r;
  r.scenario_name = model.scenario_name.empty() ? scenario.name : model.scenario_name;
  r.ids = model.actor_ids;
  r.time = model.start;
  if (!analysis::MeasureStateLandscape(sim.state(), &r.state)) {
    PrintError(args.scenario + ": no landscape at tick 0: the capability index must be finite and the "
                               "stances and alliances an N x N matrix");
    return kExitDataError;
  }
  r.current_is_minimum = r.state.relaxed.switched.empty();
  r.top = args.top;

  // 3. The local minima.
  r.exhaustive = !args.myopic && n <= kMaxExhaustiveActors;
  if (r.exhaustive) {
    const analysis::ExhaustiveSearchResult search = analysis::ExhaustiveSearch(r.state.landscape);
    r.minima = search.local_minima;
    r.configurations = search.configurations;
    r.truncated = search.truncated;
    double scale = 0.0;  // Σ_{i<j} |s_i s_j p_ij|, the search's own tolerance scale
    for (int i = 0; i < n; ++i) {
      for (int j = i + 1; j < n; ++j) {
        scale += std::abs(r.state.landscape.size(i) * r.state.landscape.size(j) * r.state.landscape.propensity(i, j));
      }
    }
    r.tolerance = 1e-12 * scale;
  } else {
    r.starts = args.starts;
    r.seed = args.seed.value_or(model.seed);
    r.minima = analysis::MyopicSearch(r.state.landscape, r.starts, r.seed, analysis::SwitchOrder::kSequential);
  }

  const std::string text = args.json ? FormatJson(r) : FormatText(r);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return kExitOk;
}

LandscapeSubcommand::LandscapeSubcommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "landscape", "Landscape theory (Axelrod & Bennett 1993) of a scenario's initial state: sizes, "
                   "the two-bloc configuration of the alliances with its energy and frustrations, "
                   "and the local minima (exhaustive for N <= 20, else myopic multi-start).");
  command_->add_option("SCENARIO", args_.scenario, "Scenario file (schema polarity/scenario 1)")->required();
  command_->add_option("--set", args_.sets, "Override a value by path, e.g. --set relations.JPN-KOR.stance=0.5 "
                                            "(repeat --set for several)")
      ->allow_extra_args(false)
      ->type_name("PATH=VALUE");
  CLI::Option* exhaustive = command_->add_flag(
      "--exhaustive", args_.exhaustive, "Search every configuration (the default for N <= 20; at most 20 actors)");
  CLI::Option* myopic = command_->add_flag(
      "--myopic", args_.myopic, "Myopic switching from seeded random starts (the default for N > 20)");
  exhaustive->excludes(myopic);
  command_->add_option("--starts", args_.starts, "Random starts of the myopic search (default 1000)")
      ->check(CLI::PositiveNumber);
  seed_option_ = command_->add_option("--seed", seed_, "Seed of the myopic starts (default: the scenario's seed)")
                     ->check(CLI::NonNegativeNumber);
  command_->add_option("--top", args_.top, "Local minima listed, lowest energy first (default 10; 0: all)")
      ->check(CLI::NonNegativeNumber);
  command_->add_flag("--json", args_.json, "Print the report as JSON");
}

bool LandscapeSubcommand::parsed() const { return command_->parsed(); }

int LandscapeSubcommand::Run() {
  if (seed_option_->count() > 0) args_.seed = seed_;
  return LandscapeCommand(args_);
}

}  // namespace polarity::cli
