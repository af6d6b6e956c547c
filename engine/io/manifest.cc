#include "io/manifest.h"

#include <cmath>
#include <ctime>
#include <system_error>

#include "build_info.h"
#include "io/sha256.h"
#include "polarity/dyads.h"
#include "polarity/parameters.h"

namespace polarity::io {
namespace fs = std::filesystem;

bool HashInputFiles(const std::vector<fs::path>& files, std::vector<InputFile>* out,
                    std::string* error) {
  out->clear();
  for (const fs::path& path : files) {
    InputFile file;
    file.path = path;
    if (!Sha256File(path, &file.sha256, error)) return false;
    std::error_code ec;
    file.bytes = fs::file_size(path, ec);
    if (ec) {
      if (error != nullptr) *error = path.string() + ": " + ec.message();
      return false;
    }
    out->push_back(std::move(file));
  }
  return true;
}

std::string UtcTimestamp(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

namespace {

const char* OpName(EffectOp op) {
  switch (op) {
    case EffectOp::kSet: return "set";
    case EffectOp::kAdd: return "add";
    case EffectOp::kScale: return "scale";
  }
  return "?";
}

OrderedJson ParameterValue(const ParameterSpec& spec, const Parameters& parameters) {
  const double value = spec.get(parameters);
  switch (spec.kind) {
    case ParameterKind::kBoolean: return value != 0.0;
    case ParameterKind::kInteger: return static_cast<std::int64_t>(value);
    case ParameterKind::kReal: return value;
  }
  return value;
}

// Nested {"perception": {"lag": 0.3, ...}, ...} in ParameterSpecs() order.
OrderedJson ParametersJson(const Parameters& parameters) {
  OrderedJson out = OrderedJson::object();
  for (const ParameterSpec& spec : ParameterSpecs()) {
    const std::string_view path = spec.path;
    const std::size_t dot = path.find('.');
    const std::string group(path.substr(0, dot));
    const std::string field(dot == std::string_view::npos ? path : path.substr(dot + 1));
    out[group][field] = ParameterValue(spec, parameters);
  }
  return out;
}

OrderedJson PerDomain(const Model& model, const Eigen::MatrixXd& matrix, int row) {
  OrderedJson out = OrderedJson::object();
  for (int k = 0; k < model.num_domains; ++k) {
    out[model.domain_names[static_cast<std::size_t>(k)]] = matrix(row, k);
  }
  return out;
}

OrderedJson EffectJson(const EffectSpec& effect) {
  OrderedJson out = OrderedJson::object();
  out["field"] = effect.field;
  if (!effect.domain.empty()) out["domain"] = effect.domain;
  if (!effect.parameter.empty()) out["parameter"] = effect.parameter;
  if (!effect.actors.empty()) out["actors"] = effect.actors;
  if (!effect.among.empty()) out["among"] = effect.among;
  if (!effect.between_first.empty() || !effect.between_second.empty()) {
    out["between"] = OrderedJson::array({effect.between_first, effect.between_second});
  }
  if (!effect.from.empty()) out["from"] = effect.from;
  if (!effect.to.empty()) out["to"] = effect.to;
  if (effect.field != "crisis") {
    out["op"] = OpName(effect.op);
    out["value"] = effect.value;
  }
  return out;
}

}  // namespace

OrderedJson ResolvedScenarioJson(const Scenario& scenario, const Model& model) {
  const State& s = model.initial;
  const int n = model.num_actors;
  OrderedJson out = OrderedJson::object();
  out["schema"] = scenario.schema.empty() ? std::string("polarity/scenario 1") : scenario.schema;
  out["name"] = scenario.name;
  out["title"] = scenario.title;
  out["description"] = scenario.description;
  OrderedJson sources = OrderedJson::array();
  for (const SourceSpec& source : scenario.sources) {
    sources.push_back({{"id", source.id}, {"citation", source.citation}});
  }
  out["sources"] = std::move(sources);
  out["time"] = {{"start", model.start}, {"dt", model.dt}, {"ticks", model.ticks}};
  out["seed"] = model.seed;
  out["replications"] = model.replications;
  out["domains"] = model.domain_names;
  OrderedJson depreciation = OrderedJson::object();
  for (int k = 0; k < model.num_domains; ++k) {
    const bool overridden = k < model.depreciation_override.size() &&
                            !std::isnan(model.depreciation_override[k]);
    depreciation[model.domain_names[static_cast<std::size_t>(k)]] =
        overridden ? model.depreciation_override[k] : model.parameters.capability.depreciation;
  }
  out["depreciation"] = std::move(depreciation);

  OrderedJson actors = OrderedJson::object();
  for (int i = 0; i < n; ++i) {
    const auto index = static_cast<std::size_t>(i);
    OrderedJson a = OrderedJson::object();
    a["name"] = model.actor_names[index];
    if (index < scenario.actors.size()) {
      const ActorSpec& spec = scenario.actors[index];
      if (spec.lat.present && spec.lon.present) {
        a["location"] = {{"lat", spec.lat.value}, {"lon", spec.lon.value}};
      }
    }
    a["reach_km"] = s.reach_km[i];
    a["gdp"] = s.gdp[i];
    a["gdp_growth"] = s.gdp_growth[i];
    a["milex"] = s.milex[i];
    a["milex_floor"] = s.milex_floor[i];
    a["burden_cap"] = s.burden_cap[i];
    a["efficiency"] = s.efficiency[i];
    a["capability"] = PerDomain(model, s.capability, i);
    a["allocation"] = PerDomain(model, s.allocation, i);
    a["concern"] = PerDomain(model, s.concern, i);
    a["richardson"] = {{"reactivity", s.reactivity[i]},
                       {"fatigue", s.fatigue[i]},
                       {"grievance", s.grievance[i]}};
    a["resolve"] = s.resolve[i];
    a["revisionism"] = s.revisionism[i];
    actors[model.actor_ids[index]] = std::move(a);
  }
  out["actors"] = std::move(actors);

  // Every pair with a non-zero value, symmetric fields once, stance in both directions.
  OrderedJson relations = OrderedJson::array();
  ForEachDyad(model, s, [&](int i, int j, const DyadValues& d) {
    if (j <= i) return;
    const bool any = d.alliance != 0.0 || d.friction != 0.0 || d.interdependence != 0.0 || d.stance != 0.0 ||
                     d.reverse_stance != 0.0;
    if (!any) return;
    OrderedJson r = OrderedJson::object();
    r["between"] = {model.actor_ids[static_cast<std::size_t>(i)], model.actor_ids[static_cast<std::size_t>(j)]};
    r["alliance"] = d.alliance;
    r["friction"] = d.friction;
    r["interdependence"] = d.interdependence;
    r["stance"] = {d.stance, d.reverse_stance};  // first toward second, second toward first
    if (model.distance_km.rows() == n || model.sparse) r["distance_km"] = d.distance_km;
    relations.push_back(std::move(r));
  });
  out["relations"] = std::move(relations);

  OrderedJson groups = OrderedJson::object();
  for (const auto& [name, members] : scenario.groups) groups[name] = members;
  out["groups"] = std::move(groups);

  OrderedJson events = OrderedJson::array();
  for (std::size_t e = 0; e < scenario.events.size(); ++e) {
    const EventSpec& spec = scenario.events[e];
    OrderedJson ev = OrderedJson::object();
    ev["id"] = spec.id;
    for (const CompiledEvent& compiled : model.events) {
      if (compiled.scenario_index == static_cast<int>(e)) {
        ev["tick"] = compiled.tick;
        break;
      }
    }
    if (spec.at) ev["at"] = *spec.at;
    if (!spec.source.empty()) ev["source"] = spec.source;
    OrderedJson effects = OrderedJson::array();
    for (const EffectSpec& effect : spec.effects) effects.push_back(EffectJson(effect));
    ev["effects"] = std::move(effects);
    events.push_back(std::move(ev));
  }
  out["events"] = std::move(events);
  out["parameters"] = ParametersJson(model.parameters);
  out["outputs"] = {{"every", model.outputs.every},
                    {"networks_every", model.outputs.networks_every},
                    {"timeseries", model.outputs.timeseries},
                    {"dyads", model.outputs.dyads}};
  out["network"] = {{"sparse", model.sparse}, {"reach_factor", scenario.network.reach_factor}};
  return out;
}

OrderedJson ManifestJson(const ManifestInfo& info, const Scenario& scenario, const Model& model) {
  OrderedJson out = OrderedJson::object();
  out["schema"] = "polarity/manifest 1";
  out["command"] = info.command;
  out["engine"] = {{"version", build_info::kVersion},
                   {"git_commit", build_info::kGitCommit},
                   {"build_type", build_info::kBuildType},
                   {"floating_point", build_info::kFloatingPoint}};
  out["command_line"] = info.command_line;
  out["started"] = UtcTimestamp(info.started);
  out["finished"] = UtcTimestamp(info.finished);
  out["wall_seconds"] = info.wall_seconds;
  OrderedJson inputs = OrderedJson::array();
  for (const InputFile& file : info.inputs) {
    inputs.push_back({{"path", file.path.string()}, {"sha256", file.sha256}, {"bytes", file.bytes}});
  }
  out["inputs"] = std::move(inputs);
  out["overrides"] = info.overrides;
  out["seed"] = info.seed;
  out["replications"] = info.replications;
  out["ticks"] = info.ticks;
  out["threads"] = info.threads;
  const std::size_t done = info.runs_ok + info.runs_failed;
  out["status"] = info.status;
  out["runs"] = {{"planned", info.runs_planned > 0 ? info.runs_planned : done},
                 {"total", done},
                 {"ok", info.runs_ok},
                 {"failed", info.runs_failed}};
  out["failures"] = info.failures;
  out["events_dropped"] = info.events_dropped;
  out["files"] = info.files;
  out["scenario"] = ResolvedScenarioJson(scenario, model);
  return out;
}

std::string DumpJson(const OrderedJson& json) {
  // Invalid UTF-8 in a name is replaced (U+FFFD) rather than failing the whole manifest.
  std::string text = json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

}  // namespace polarity::io
