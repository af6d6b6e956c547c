// `polarity check FILE [--strict]`: validate a scenario, print a summary on stdout and every
// diagnostic (load errors and warnings, provenance) on stderr. Exit 65 on any error.

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/sweep_commands.h"
#include "io/csv.h"
#include "polarity/diagnostics.h"
#include "polarity/scenario_loader.h"

namespace polarity::cli {
namespace {

void PrintDiagnostics(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics.items) std::fprintf(stderr, "%s\n", d.Format().c_str());
}

// Counts seeded values and the values citing each source.
struct ProvenanceCount {
  int seeded = 0;
  int cited = 0;
  int noted = 0;
  std::map<std::string, int> by_source;

  void Add(const SourcedValue& v) {
    if (!v.present) return;
    ++seeded;
    if (v.cited()) {
      ++cited;
      ++by_source[v.source];
    }
    if (!v.note.empty()) ++noted;
  }
  void Add(const std::map<std::string, SourcedValue>& values) {
    for (const auto& [domain, v] : values) Add(v);
  }
};

ProvenanceCount CountProvenance(const Scenario& s) {
  ProvenanceCount count;
  for (const ActorSpec& a : s.actors) {
    for (const SourcedValue* v :
         {&a.lat, &a.lon, &a.reach_km, &a.gdp, &a.gdp_growth, &a.milex, &a.milex_floor,
          &a.burden_cap, &a.efficiency, &a.resolve, &a.revisionism, &a.reactivity, &a.fatigue,
          &a.grievance}) {
      count.Add(*v);
    }
    count.Add(a.capability);
    count.Add(a.allocation);
    count.Add(a.concern);
  }
  for (const RelationSpec& r : s.relations) {
    for (const SourcedValue* v :
         {&r.alliance, &r.stance, &r.friction, &r.interdependence, &r.distance_km}) {
      count.Add(*v);
    }
  }
  for (const EventSpec& e : s.events) {
    if (!e.source.empty()) ++count.by_source[e.source];
  }
  return count;
}

std::string Side(const std::vector<std::string>& names) {
  if (names.size() == 1) return names[0];
  std::string out = "[";  // appended, not operator+: GCC 12 -Wrestrict false positive
  out += JoinWords(names, ", ");
  out += ']';
  return out;
}

}  // namespace

int CheckCommand(const CheckArgs& args) {
  if (IsSweepFile(args.file)) return CheckSweepCommand(args.file, args.strict);
  LoadResult loaded = LoadScenario(args.file);
  PrintDiagnostics(loaded.diagnostics);
  if (!loaded.scenario) {
    std::fprintf(stderr, "polarity: %s: %d error%s\n", args.file.c_str(),
                 loaded.diagnostics.ErrorCount(), loaded.diagnostics.ErrorCount() == 1 ? "" : "s");
    return loaded.exit_code != kExitOk ? loaded.exit_code : kExitDataError;
  }
  const Scenario& s = *loaded.scenario;
  const Diagnostics provenance = CheckProvenance(s, args.strict);
  PrintDiagnostics(provenance);

  std::string out;
  auto line = [&out](const std::string& text) {
    out += text;
    out += '\n';
  };
  line("file: " + args.file);
  if (!s.schema.empty()) line("schema: " + s.schema);
  line("scenario: " + s.name + (s.title.empty() ? "" : " (" + s.title + ")"));
  line("time: start " + io::FormatDouble(s.start) + ", dt " + io::FormatDouble(s.dt) + " years, " +
       std::to_string(s.ticks) + " ticks (to " + io::FormatDouble(s.start + s.ticks * s.dt) + ")");
  line("seed: " + std::to_string(s.seed) + ", replications: " + std::to_string(s.replications));
  line("domains: " + std::to_string(s.domains.size()) + " (" + JoinWords(s.domains, ", ") + ")");

  std::vector<std::string> ids;
  for (const ActorSpec& a : s.actors) ids.push_back(a.id);
  line("actors: " + std::to_string(s.actors.size()) + " (" + JoinWords(ids, ", ") + ")");

  int directed = 0;
  for (const RelationSpec& r : s.relations) directed += r.directed ? 1 : 0;
  line("relations: " + std::to_string(s.relations.size()) + " (" +
       std::to_string(s.relations.size() - static_cast<std::size_t>(directed)) + " symmetric, " +
       std::to_string(directed) + " directed)");
  // Big (generated) worlds have tens of thousands of relations: list the first ones only.
  constexpr std::size_t kListed = 40;
  for (std::size_t k = 0; k < std::min(kListed, s.relations.size()); ++k) {
    const RelationSpec& r = s.relations[k];
    line("  " + Side(r.first) + (r.directed ? " -> " : " <-> ") + Side(r.second));
  }
  if (s.relations.size() > kListed) line("  ... and " + std::to_string(s.relations.size() - kListed) + " more");
  if (s.network.sparse) {
    line("network: sparse (dyads on ties only), reach_factor " + io::FormatDouble(s.network.reach_factor));
  }

  line("groups: " + std::to_string(s.groups.size()));
  for (const auto& [name, members] : s.groups) {
    line("  " + name + ": " + std::to_string(members.size()) + " (" + JoinWords(members, ", ") + ")");
  }

  line("events: " + std::to_string(s.events.size()));
  for (const EventSpec& e : s.events) {
    std::string when;
    if (e.tick) {
      when = "tick " + std::to_string(*e.tick);
    } else if (e.at) {
      when = "at " + io::FormatDouble(*e.at);
    }
    line("  " + e.id + ": " + when + ", " + std::to_string(e.effects.size()) + " effect" +
         (e.effects.size() == 1 ? "" : "s"));
  }

  const ProvenanceCount count = CountProvenance(s);
  line("sources: " + std::to_string(s.sources.size()));
  for (const SourceSpec& source : s.sources) {
    const auto it = count.by_source.find(source.id);
    const int cited = it == count.by_source.end() ? 0 : it->second;
    line("  " + source.id + ": cited " + std::to_string(cited) + " time" + (cited == 1 ? "" : "s") +
         (source.citation.empty() ? "" : " - " + source.citation));
  }
  line("seeded values: " + std::to_string(count.seeded) + ", " + std::to_string(count.cited) +
       " cited, " + std::to_string(count.seeded - count.cited) + " uncited, " +
       std::to_string(count.noted) + " with notes");
  const int errors = provenance.ErrorCount();
  const int warnings = static_cast<int>(provenance.items.size()) - errors;
  const int load_warnings = static_cast<int>(loaded.diagnostics.items.size());
  line(std::string("provenance") + (args.strict ? " (strict)" : "") + ": " +
       std::to_string(errors) + " error" + (errors == 1 ? "" : "s") + ", " +
       std::to_string(warnings) + " warning" + (warnings == 1 ? "" : "s"));
  line("load warnings: " + std::to_string(load_warnings));
  line(errors > 0 ? "result: errors" : "result: ok");
  std::fputs(out.c_str(), stdout);
  std::fflush(stdout);
  return errors > 0 ? kExitDataError : kExitOk;
}

}  // namespace polarity::cli
