#include "sweep/sweep_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "polarity/scenario_loader.h"
#include "scenario/key_tables.h"
#include "scenario/suggest.h"
#include "scenario/yaml_reader.h"

namespace polarity::sweep {
namespace {

using loader::YNode;

const std::vector<std::string> kTopKeys = {"schema", "name", "scenario", "seed", "replications",
                                           "ticks", "design", "parameters", "outcomes", "timeseries"};
const std::vector<std::string> kDesignKeys = {"method", "samples", "path"};
const std::vector<std::string> kAxisKeys = {"values", "first", "step", "last", "min", "max"};
const std::vector<std::string> kOutcomeKeys = {"variable", "actors", "targets", "aggregate",
                                               "reduce", "threshold"};

class Reader {
 public:
  Reader(std::string file, Diagnostics& d) : file_(std::move(file)), d_(d) {}

  void Error(const YNode& node, const std::string& message) { d_.Error(node.where, message); }
  void ErrorAt(const SourceLocation& where, const std::string& message) { d_.Error(where, message); }

  // Map entries with unknown and duplicate keys reported.
  void CheckKeys(const YNode& map, const std::vector<std::string>& allowed, const std::string& context) {
    std::set<std::string> seen;
    for (const auto& [key, value] : map.entries) {
      if (!seen.insert(key.text).second) {
        Error(key, "duplicate key '" + key.text + "' in " + context);
      } else if (std::find(allowed.begin(), allowed.end(), key.text) == allowed.end()) {
        Error(key, "unknown key '" + key.text + "' in " + context + loader::DidYouMean(key.text, allowed));
      }
    }
  }

  std::optional<double> Number(const YNode& node, const std::string& what) {
    if (!node.IsScalar() || node.quoted) {
      Error(node, what + " must be a number, not " + node.Describe());
      return std::nullopt;
    }
    const std::string& t = node.text;
    double value = 0.0;
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
    if (ec != std::errc() || ptr != t.data() + t.size()) {
      if (t == ".nan" || t == ".NaN" || t == ".NAN" || t == ".inf" || t == ".Inf" || t == "-.inf" ||
          t == "+.inf" || t == "-.Inf") {
        Error(node, what + " = " + t + " is not a finite number");
      } else {
        Error(node, what + " must be a number, not " + node.Describe());
      }
      return std::nullopt;
    }
    if (!std::isfinite(value)) {
      Error(node, what + " = " + t + " is not a finite number");
      return std::nullopt;
    }
    return value;
  }

  std::optional<long long> Integer(const YNode& node, const std::string& what, long long min) {
    const std::optional<double> v = Number(node, what);
    if (!v) return std::nullopt;
    if (std::floor(*v) != *v) {
      Error(node, what + " must be a whole number, not " + node.text);
      return std::nullopt;
    }
    if (*v < static_cast<double>(min) || *v > 9.0e15) {
      Error(node, what + " = " + node.text + " is out of range: must be >= " + std::to_string(min));
      return std::nullopt;
    }
    return static_cast<long long>(*v);
  }

  std::optional<std::string> String(const YNode& node, const std::string& what) {
    if (!node.IsScalar()) {
      Error(node, what + " must be a string, not " + node.Describe());
      return std::nullopt;
    }
    return node.text;
  }

  std::optional<bool> Boolean(const YNode& node, const std::string& what) {
    if (node.IsScalar() && !node.quoted && (node.text == "true" || node.text == "false")) {
      return node.text == "true";
    }
    Error(node, what + " must be true or false, not " + node.Describe());
    return std::nullopt;
  }

  // An actor id, a group name, or a list of them, as names.
  std::vector<std::string> Names(const YNode& node, const std::string& what) {
    std::vector<std::string> out;
    if (node.IsScalar()) {
      out.push_back(node.text);
    } else if (node.IsSequence()) {
      for (const YNode& item : node.items) {
        if (auto s = String(item, what)) out.push_back(*s);
      }
    } else {
      Error(node, what + " must be an actor id, a group name or a list of them, not " + node.Describe());
    }
    return out;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  Diagnostics& d_;
};

const YNode* Find(const YNode& map, std::string_view key) {
  for (const auto& [k, v] : map.entries) {
    if (k.text == key) return &v;
  }
  return nullptr;
}

void ReadAxis(Reader& r, const YNode& key, const YNode& spec, SweepSpec& sweep) {
  Axis axis;
  axis.path = key.text;
  axis.where = key.where;
  const std::string what = "parameters." + key.text;
  if (!spec.IsMap()) {
    r.Error(spec, what + " must be a map with values, first/step/last or min/max, not " + spec.Describe());
    return;
  }
  r.CheckKeys(spec, kAxisKeys, what);
  const YNode* values = Find(spec, "values");
  const YNode* first = Find(spec, "first");
  const YNode* step = Find(spec, "step");
  const YNode* last = Find(spec, "last");
  const YNode* min = Find(spec, "min");
  const YNode* max = Find(spec, "max");
  const int forms = (values != nullptr) + (first || step || last) + (min || max);
  if (forms != 1) {
    r.Error(spec, what + " needs exactly one of: values, first/step/last, min/max");
    return;
  }
  if (values != nullptr) {
    if (!values->IsSequence() || values->items.empty()) {
      r.Error(*values, what + ".values must be a non-empty list of numbers");
      return;
    }
    for (const YNode& item : values->items) {
      if (auto v = r.Number(item, what + ".values")) axis.values.push_back(*v);
    }
  } else if (first || step || last) {
    if (!first || !step || !last) {
      r.Error(spec, what + " needs all of first, step and last");
      return;
    }
    const auto f = r.Number(*first, what + ".first");
    const auto s = r.Number(*step, what + ".step");
    const auto l = r.Number(*last, what + ".last");
    if (!f || !s || !l) return;
    if (*s == 0.0 || (*l - *f) / *s < 0.0) {
      r.Error(*step, what + ".step = " + step->text + " does not lead from first to last");
      return;
    }
    axis.values = SteppedValues(*f, *s, *l);
    if (axis.values.size() > 1000000) {
      r.Error(*step, what + " has " + std::to_string(axis.values.size()) + " values; at most 1000000");
      return;
    }
  } else {
    if (!min || !max) {
      r.Error(spec, what + " needs both min and max");
      return;
    }
    const auto lo = r.Number(*min, what + ".min");
    const auto hi = r.Number(*max, what + ".max");
    if (!lo || !hi) return;
    if (*hi < *lo) {
      r.Error(*max, what + ".max = " + max->text + " is below min = " + min->text);
      return;
    }
    axis.min = *lo;
    axis.max = *hi;
    axis.interval = true;
  }
  sweep.axes.push_back(std::move(axis));
}

std::vector<int> ResolveActors(Reader& r, const YNode& node, const std::vector<std::string>& names,
                               const Scenario& scenario) {
  std::vector<std::string> ids;
  for (const ActorSpec& a : scenario.actors) ids.push_back(a.id);
  std::vector<std::string> candidates = ids;
  for (const auto& [group, members] : scenario.groups) candidates.push_back(group);
  std::vector<int> out;
  const auto add = [&](const std::string& id) {
    const auto it = std::find(ids.begin(), ids.end(), id);
    const int index = static_cast<int>(it - ids.begin());
    if (it != ids.end() && std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
  };
  for (const std::string& name : names) {
    if (std::find(ids.begin(), ids.end(), name) != ids.end()) {
      add(name);
    } else if (auto g = scenario.groups.find(name); g != scenario.groups.end()) {
      for (const std::string& member : g->second) add(member);
    } else {
      r.Error(node, "unknown actor or group '" + name + "'" + loader::DidYouMean(name, candidates));
    }
  }
  return out;
}

void ReadOutcome(Reader& r, const YNode& key, const YNode& spec, SweepSpec& sweep) {
  const std::string what = "outcomes." + key.text;
  if (!spec.IsMap()) {
    r.Error(spec, what + " must be a map with variable and reduce, not " + spec.Describe());
    return;
  }
  r.CheckKeys(spec, kOutcomeKeys, what);
  io::OutcomeSpec outcome;
  outcome.name = key.text;
  const YNode* variable = Find(spec, "variable");
  if (variable == nullptr) {
    r.Error(spec, what + " needs a variable");
    return;
  }
  if (auto v = r.String(*variable, what + ".variable")) outcome.variable = *v;
  if (const YNode* reduce = Find(spec, "reduce")) {
    const auto name = r.String(*reduce, what + ".reduce");
    const auto parsed = name ? io::ParseReducer(*name) : std::nullopt;
    if (name && !parsed) {
      r.Error(*reduce, what + ".reduce: unknown reducer '" + *name + "'" +
                           loader::DidYouMean(*name, {"final", "mean", "min", "max", "sum", "growth",
                                                      "first_tick_above", "ticks_above"}));
    }
    if (parsed) outcome.reduce = *parsed;
  }
  if (const YNode* aggregate = Find(spec, "aggregate")) {
    const auto name = r.String(*aggregate, what + ".aggregate");
    const auto parsed = name ? io::ParseAggregate(*name) : std::nullopt;
    if (name && !parsed) {
      r.Error(*aggregate, what + ".aggregate: unknown aggregate '" + *name + "'" +
                              loader::DidYouMean(*name, {"sum", "mean", "min", "max"}));
    }
    if (parsed) outcome.aggregate = *parsed;
  }
  if (const YNode* threshold = Find(spec, "threshold")) {
    if (auto t = r.Number(*threshold, what + ".threshold")) outcome.threshold = *t;
  } else if (outcome.reduce == io::Reducer::kFirstTickAbove || outcome.reduce == io::Reducer::kTicksAbove) {
    r.Error(spec, what + ": reduce " + std::string(io::ReducerName(outcome.reduce)) + " needs a threshold");
  }
  for (const char* selector : {"actors", "targets"}) {
    if (const YNode* node = Find(spec, selector)) {
      const std::vector<int> actors =
          ResolveActors(r, *node, r.Names(*node, what + "." + selector), sweep.scenario);
      outcome.actors.insert(outcome.actors.end(), actors.begin(), actors.end());
    }
  }
  std::string error;
  if (!outcome.variable.empty() &&
      !io::ValidateOutcome(outcome, static_cast<int>(sweep.scenario.actors.size()), &error)) {
    r.Error(*variable, what + ": " + error);
    return;
  }
  sweep.outcomes.push_back(std::move(outcome));
}

// Every axis must name a path of the scenario, and its extreme values must be valid there.
void CheckAxes(Reader& r, SweepSpec& sweep) {
  for (const Axis& axis : sweep.axes) {
    std::string error;
    if (!GetPath(sweep.scenario, axis.path, &error)) {
      r.ErrorAt(axis.where, error);
      continue;
    }
    std::vector<double> extremes = axis.values;
    if (axis.interval) extremes = {axis.min, axis.max};
    for (const double value : {*std::min_element(extremes.begin(), extremes.end()),
                               *std::max_element(extremes.begin(), extremes.end())}) {
      Scenario copy = sweep.scenario;
      if (!SetPath(copy, axis.path, value, &error)) {
        r.ErrorAt(axis.where, error);
        break;
      }
      const Diagnostics problems = ValidateScenario(copy);
      if (problems.HasErrors()) {
        r.ErrorAt(axis.where,
                axis.path + " = " + loader::FormatNumber(value) + " is invalid for the scenario: " +
                    problems.items.front().message);
        break;
      }
    }
  }
}

}  // namespace

const char* DesignMethodName(DesignMethod method) {
  switch (method) {
    case DesignMethod::kGrid: return "grid";
    case DesignMethod::kRandom: return "random";
    case DesignMethod::kLhs: return "lhs";
    case DesignMethod::kFile: return "file";
  }
  return "grid";
}

SweepLoadResult LoadSweep(const std::filesystem::path& file) {
  SweepLoadResult result;
  Diagnostics& d = result.diagnostics;
  const std::string name = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    d.Error({name, 0, 0}, "cannot read the sweep file");
    result.exit_code = kExitNoInput;
    return result;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  result.exit_code = kExitDataError;
  Reader r(name, d);
  const std::optional<YNode> root = loader::ReadYaml(text, name, d);
  if (!root) return result;
  if (!root->IsMap()) {
    r.Error(*root, "a sweep file must be a map of keys, not " + root->Describe());
    return result;
  }
  r.CheckKeys(*root, kTopKeys, "the sweep file");

  SweepSpec sweep;
  sweep.file = file;
  const YNode* schema = Find(*root, "schema");
  if (schema == nullptr) {
    r.ErrorAt({name, 1, 1}, "missing key 'schema' (expected 'polarity/sweep 1')");
  } else if (!schema->IsScalar() || schema->text != "polarity/sweep 1") {
    r.Error(*schema, "unsupported schema " + schema->Describe() + "; expected 'polarity/sweep 1'");
  }
  if (const YNode* n = Find(*root, "name")) {
    if (auto v = r.String(*n, "name")) sweep.name = *v;
  }
  if (sweep.name.empty()) sweep.name = file.stem().string();
  if (const YNode* n = Find(*root, "seed")) {
    if (auto v = r.Integer(*n, "seed", 0)) sweep.seed = static_cast<std::uint64_t>(*v);
  }
  if (const YNode* n = Find(*root, "replications")) {
    if (auto v = r.Integer(*n, "replications", 1)) sweep.replications = static_cast<int>(*v);
  }
  if (const YNode* n = Find(*root, "ticks")) {
    if (auto v = r.Integer(*n, "ticks", 0)) sweep.ticks = static_cast<int>(*v);
  }
  if (const YNode* n = Find(*root, "timeseries")) sweep.timeseries = r.Boolean(*n, "timeseries");

  // The scenario, relative to the sweep file.
  const YNode* scenario = Find(*root, "scenario");
  bool scenario_ok = false;
  if (scenario == nullptr) {
    r.ErrorAt({name, 1, 1}, "missing key 'scenario' (the scenario file to sweep over)");
  } else if (auto path = r.String(*scenario, "scenario")) {
    sweep.scenario_file = file.parent_path() / *path;
    LoadResult loaded = LoadScenario(sweep.scenario_file);
    for (const Diagnostic& problem : loaded.diagnostics.items) d.items.push_back(problem);
    if (loaded.exit_code == kExitNoInput) {
      r.Error(*scenario, "cannot read scenario file '" + sweep.scenario_file.string() + "'");
    }
    if (loaded.scenario) {
      sweep.scenario = std::move(*loaded.scenario);
      if (sweep.ticks) sweep.scenario.ticks = *sweep.ticks;
      scenario_ok = true;
    }
  }

  // Design.
  const YNode* design = Find(*root, "design");
  if (design != nullptr) {
    if (!design->IsMap()) {
      r.Error(*design, "design must be a map like {method: grid}, not " + design->Describe());
    } else {
      r.CheckKeys(*design, kDesignKeys, "design");
      if (const YNode* m = Find(*design, "method")) {
        const auto method = r.String(*m, "design.method");
        if (method == "grid") sweep.method = DesignMethod::kGrid;
        else if (method == "random") sweep.method = DesignMethod::kRandom;
        else if (method == "lhs") sweep.method = DesignMethod::kLhs;
        else if (method == "file") sweep.method = DesignMethod::kFile;
        else if (method) {
          r.Error(*m, "unknown design method '" + *method + "'" +
                          loader::DidYouMean(*method, {"grid", "random", "lhs", "file"}));
        }
      }
      if (const YNode* n = Find(*design, "samples")) {
        if (auto v = r.Integer(*n, "design.samples", 1)) sweep.samples = static_cast<int>(*v);
      }
      if (const YNode* p = Find(*design, "path")) {
        if (auto v = r.String(*p, "design.path")) sweep.design_file = file.parent_path() / *v;
      }
      const bool sampled = sweep.method == DesignMethod::kRandom || sweep.method == DesignMethod::kLhs;
      if (sampled && sweep.samples <= 0) {
        r.Error(*design, std::string("design method ") + DesignMethodName(sweep.method) + " needs samples: N");
      }
      if (sweep.method == DesignMethod::kFile && sweep.design_file.empty()) {
        r.Error(*design, "design method file needs path: FILE.csv");
      }
    }
  }

  if (const YNode* parameters = Find(*root, "parameters")) {
    if (!parameters->IsMap()) {
      r.Error(*parameters, "parameters must be a map of path: {values | first/step/last | min/max}");
    } else {
      std::set<std::string> seen;
      for (const auto& [key, spec] : parameters->entries) {
        if (!seen.insert(key.text).second) {
          r.Error(key, "duplicate key '" + key.text + "' in parameters");
          continue;
        }
        ReadAxis(r, key, spec, sweep);
      }
    }
  }
  for (const Axis& axis : sweep.axes) {
    const bool sampled = sweep.method == DesignMethod::kRandom || sweep.method == DesignMethod::kLhs;
    if (sampled && !axis.interval) {
      r.ErrorAt(axis.where, "parameters." + axis.path + ": design " + DesignMethodName(sweep.method) +
                                " needs min and max");
    } else if (sweep.method == DesignMethod::kGrid && axis.interval) {
      r.ErrorAt(axis.where, "parameters." + axis.path +
                                ": a grid needs values or first/step/last (min/max is for random and lhs)");
    } else if (sweep.method == DesignMethod::kFile) {
      r.ErrorAt(axis.where, "parameters." + axis.path +
                                ": with design method file the points come from the CSV; remove this axis");
    }
  }

  if (scenario_ok) {
    if (const YNode* outcomes = Find(*root, "outcomes")) {
      if (!outcomes->IsMap()) {
        r.Error(*outcomes, "outcomes must be a map of name: {variable, reduce, ...}");
      } else {
        std::set<std::string> seen;
        for (const auto& [key, spec] : outcomes->entries) {
          if (!seen.insert(key.text).second) {
            r.Error(key, "duplicate key '" + key.text + "' in outcomes");
            continue;
          }
          ReadOutcome(r, key, spec, sweep);
        }
      }
    } else {
      sweep.outcomes = io::DefaultOutcomes();
    }
    CheckAxes(r, sweep);
  }
  if (d.HasErrors()) return result;

  switch (sweep.method) {
    case DesignMethod::kGrid: sweep.design = GridDesign(sweep.axes); break;
    case DesignMethod::kRandom: sweep.design = RandomDesign(sweep.axes, sweep.samples, sweep.seed); break;
    case DesignMethod::kLhs: sweep.design = LatinHypercubeDesign(sweep.axes, sweep.samples, sweep.seed); break;
    case DesignMethod::kFile: {
      std::ifstream csv(sweep.design_file, std::ios::binary);
      if (!csv) {
        d.Error({name, design->where.line, design->where.column},
                "cannot read design file '" + sweep.design_file.string() + "'");
        return result;
      }
      std::stringstream csv_text;
      csv_text << csv.rdbuf();
      if (!ParseDesignCsv(csv_text.str(), sweep.design_file.string(), &sweep.design, d)) return result;
      for (const std::string& path : sweep.design.paths) {
        std::string error;
        if (!GetPath(sweep.scenario, path, &error)) d.Error({sweep.design_file.string(), 1, 1}, error);
      }
      if (d.HasErrors()) return result;
      break;
    }
  }
  if (sweep.design.points.empty()) {
    d.Error({name, 1, 1}, "the design has no points");
    return result;
  }
  result.exit_code = kExitOk;
  result.sweep = std::move(sweep);
  return result;
}

bool ScenarioForPoint(const SweepSpec& sweep, std::size_t point, Scenario* scenario, std::string* error) {
  *scenario = sweep.scenario;
  const std::vector<double>& values = sweep.design.points.at(point);
  for (std::size_t a = 0; a < values.size(); ++a) {
    if (!SetPath(*scenario, sweep.design.paths[a], values[a], error)) return false;
  }
  const Diagnostics problems = ValidateScenario(*scenario);
  if (problems.HasErrors()) {
    *error = problems.items.front().message;
    return false;
  }
  return true;
}

}  // namespace polarity::sweep
