// ScenarioToYaml (include/polarity/scenario_writer.h): a Scenario as a scenario file that the
// loader reads back to the same values.
//
// Block style for sections and actors, one flow map per relation, effect and small section,
// so that a generated world of 50 000 relations is 50 000 lines. Appends to one string; no
// YAML library (yaml-cpp's emitter would quote and format as it likes, and we need exact
// doubles and the loader's spellings).

#include "polarity/scenario_writer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>
#include <utility>
#include <vector>

#include "polarity/parameters.h"

namespace polarity {
namespace {

class Writer {
 public:
  std::string Take() { return std::move(out_); }

  Writer& Raw(std::string_view text) {
    out_.append(text);
    return *this;
  }

  // A double in the shortest form that reads back to the same bits ("0.1", "2025", "1e-05");
  // non-finite values as YAML spells them (the loader refuses them, as it should).
  Writer& Number(double value) {
    if (std::isnan(value)) return Raw(".nan");
    if (std::isinf(value)) return Raw(value > 0 ? ".inf" : "-.inf");
    std::array<char, 32> buffer;
    const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    out_.append(buffer.data(), printed.ptr);
    return *this;
  }
  Writer& Integer(std::uint64_t value) { return Raw(std::to_string(value)); }
  Writer& Integer(int value) { return Raw(std::to_string(value)); }

  // Free text, double-quoted: \" \\ and control characters escaped, UTF-8 passed through.
  Writer& Quoted(std::string_view text) {
    out_ += '"';
    for (const char ch : text) {
      const auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\t': out_ += "\\t"; break;
        case '\r': out_ += "\\r"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            std::array<char, 8> hex;
            std::snprintf(hex.data(), hex.size(), "\\x%02X", c);
            out_ += hex.data();
          } else {
            out_ += ch;
          }
      }
    }
    out_ += '"';
    return *this;
  }

  // An id or name (actor, group, domain, source): plain when YAML reads it back as the same
  // string, quoted otherwise (empty, starting with a digit or sign, or a YAML keyword).
  Writer& Name(std::string_view name) {
    if (IsPlainName(name)) return Raw(name);
    return Quoted(name);
  }

  // One side of a relation or selector: a name, or a flow list of names.
  Writer& Names(const std::vector<std::string>& names, bool list_of_one = false) {
    if (names.size() == 1 && !list_of_one) return Name(names[0]);
    Raw("[");
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (i > 0) Raw(", ");
      Name(names[i]);
    }
    return Raw("]");
  }

  // A sourced value: the plain number, or {value, source, quote, note} when it has any.
  Writer& Value(const SourcedValue& v) {
    if (v.source.empty() && v.quote.empty() && v.note.empty()) return Number(v.value);
    Raw("{value: ").Number(v.value);
    if (!v.source.empty()) Raw(", source: ").Name(v.source);
    if (!v.quote.empty()) Raw(", quote: ").Quoted(v.quote);
    if (!v.note.empty()) Raw(", note: ").Quoted(v.note);
    return Raw("}");
  }

 private:
  static bool IsPlainName(std::string_view name) {
    if (name.empty()) return false;
    const auto c0 = static_cast<unsigned char>(name[0]);
    if (!(std::isalpha(c0) || c0 == '_')) return false;
    for (const char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.')) return false;
    }
    // YAML 1.1 and 1.2 keywords that a plain scalar would be read as.
    std::string lower;
    for (const char ch : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    for (const std::string_view word : {"true", "false", "yes", "no", "on", "off", "y", "n", "null"}) {
      if (lower == word) return false;
    }
    return true;
  }

  std::string out_;
};

// Writes `, key: value` (or `key: value` first in a flow map) for present values.
class FlowMap {
 public:
  explicit FlowMap(Writer& w) : w_(w) { w_.Raw("{"); }
  Writer& Key(std::string_view key) {
    if (!first_) w_.Raw(", ");
    first_ = false;
    return w_.Raw(key).Raw(": ");
  }
  void Value(std::string_view key, const SourcedValue& v) {
    if (v.present) Key(key).Value(v);
  }
  bool empty() const { return first_; }
  void Close() { w_.Raw("}"); }

 private:
  Writer& w_;
  bool first_ = true;
};

void WriteActor(Writer& w, const Scenario& s, const ActorSpec& a) {
  w.Raw("  ").Name(a.id).Raw(":\n");
  if (!a.name.empty()) w.Raw("    name: ").Quoted(a.name).Raw("\n");
  if (a.lat.present || a.lon.present) {
    w.Raw("    location: ");
    FlowMap m(w);
    m.Value("lat", a.lat);
    m.Value("lon", a.lon);
    m.Close();
    w.Raw("\n");
  }
  const std::pair<std::string_view, const SourcedValue*> fields[] = {
      {"reach_km", &a.reach_km},     {"gdp", &a.gdp},           {"gdp_growth", &a.gdp_growth},
      {"milex", &a.milex},           {"milex_floor", &a.milex_floor}, {"burden_cap", &a.burden_cap},
      {"efficiency", &a.efficiency}, {"resolve", &a.resolve},   {"revisionism", &a.revisionism}};
  for (const auto& [key, value] : fields) {
    if (value->present) w.Raw("    ").Raw(key).Raw(": ").Value(*value).Raw("\n");
  }
  if (a.reactivity.present || a.fatigue.present || a.grievance.present) {
    w.Raw("    richardson: ");
    FlowMap m(w);
    m.Value("reactivity", a.reactivity);
    m.Value("fatigue", a.fatigue);
    m.Value("grievance", a.grievance);
    m.Close();
    w.Raw("\n");
  }
  // Domain maps in the scenario's column order, then any other key (an unknown domain, which
  // the validator reports), in map order.
  const auto domain_map = [&](std::string_view key, const std::map<std::string, SourcedValue>& values) {
    if (values.empty()) return;
    w.Raw("    ").Raw(key).Raw(": ");
    FlowMap m(w);
    for (const std::string& d : s.domains) {
      const auto it = values.find(d);
      if (it != values.end()) m.Key(d).Value(it->second);
    }
    for (const auto& [d, v] : values) {
      if (std::find(s.domains.begin(), s.domains.end(), d) == s.domains.end()) m.Key(d).Value(v);
    }
    m.Close();
    w.Raw("\n");
  };
  domain_map("capability", a.capability);
  domain_map("allocation", a.allocation);
  domain_map("concern", a.concern);
}

void WriteRelation(Writer& w, const RelationSpec& r) {
  w.Raw("  - ");
  FlowMap m(w);
  if (r.directed) {
    m.Key("from").Names(r.first);
    m.Key("to").Names(r.second);
  } else {
    m.Key("between").Raw("[").Names(r.first).Raw(", ").Names(r.second).Raw("]");
  }
  m.Value("stance", r.stance);
  m.Value("alliance", r.alliance);
  m.Value("friction", r.friction);
  m.Value("interdependence", r.interdependence);
  m.Value("distance_km", r.distance_km);
  m.Close();
  w.Raw("\n");
}

void WriteEffect(Writer& w, const EffectSpec& e) {
  w.Raw("      - {").Name(e.field).Raw(": ");
  FlowMap m(w);
  const bool crisis = e.field == "crisis";
  if (!e.actors.empty()) m.Key("actor").Names(e.actors);
  if (!e.domain.empty()) m.Key("domain").Name(e.domain);
  if (!e.among.empty()) m.Key("among").Names(e.among);
  if (!e.between_first.empty() || !e.between_second.empty()) {
    m.Key("between").Raw("[").Names(e.between_first, e.between_first.empty()).Raw(", ");
    w.Names(e.between_second, e.between_second.empty()).Raw("]");
  }
  if (!e.from.empty()) m.Key(crisis ? "challenger" : "from").Names(e.from);
  if (!e.to.empty()) m.Key(crisis ? "target" : "to").Names(e.to);
  if (e.field == "parameter") m.Key("path").Name(e.parameter);
  if (!crisis) {
    const std::string_view op = e.op == EffectOp::kSet ? "set" : e.op == EffectOp::kAdd ? "add" : "scale";
    const ParameterSpec* spec = e.field == "parameter" ? FindParameter(e.parameter) : nullptr;
    // A switch is set with true/false, as it is written.
    if (spec != nullptr && spec->kind == ParameterKind::kBoolean && e.op == EffectOp::kSet &&
        (e.value == 0.0 || e.value == 1.0)) {
      m.Key(op).Raw(e.value != 0.0 ? "true" : "false");
    } else {
      m.Key(op).Number(e.value);
    }
  }
  m.Close();
  w.Raw("}\n");
}

void WriteEvent(Writer& w, const EventSpec& e) {
  w.Raw("  - id: ").Name(e.id).Raw("\n");
  if (e.at) w.Raw("    at: ").Number(*e.at).Raw("\n");
  if (e.tick) w.Raw("    tick: ").Integer(*e.tick).Raw("\n");
  if (!e.source.empty()) w.Raw("    source: ").Name(e.source).Raw("\n");
  if (!e.quote.empty()) w.Raw("    quote: ").Quoted(e.quote).Raw("\n");
  if (!e.note.empty()) w.Raw("    note: ").Quoted(e.note).Raw("\n");
  w.Raw("    effects:\n");
  for (const EffectSpec& effect : e.effects) WriteEffect(w, effect);
}

// The parameters that differ from their defaults, by group in table order, and the
// per-domain depreciation (under `capability`).
void WriteParameters(Writer& w, const Scenario& s) {
  const Parameters defaults;
  std::vector<std::string_view> groups;
  for (const ParameterSpec& spec : ParameterSpecs()) {
    const std::string_view group = spec.path.substr(0, spec.path.find('.'));
    if (std::find(groups.begin(), groups.end(), group) == groups.end()) groups.push_back(group);
  }
  bool any = false;
  for (const std::string_view group : groups) {
    Writer line;
    FlowMap m(line);
    for (const ParameterSpec& spec : ParameterSpecs()) {
      const std::size_t dot = spec.path.find('.');
      if (spec.path.substr(0, dot) != group) continue;
      const double value = spec.get(s.parameters);
      if (value == spec.get(defaults)) continue;
      Writer& v = m.Key(spec.path.substr(dot + 1));
      if (spec.kind == ParameterKind::kBoolean) {
        v.Raw(value != 0.0 ? "true" : "false");
      } else if (spec.kind == ParameterKind::kInteger) {
        v.Integer(static_cast<int>(value));
      } else {
        v.Number(value);
      }
    }
    if (group == "capability" && !s.depreciation_by_domain.empty()) {
      Writer& v = m.Key("depreciation_by_domain").Raw("{");
      bool first = true;
      for (const auto& [domain, rate] : s.depreciation_by_domain) {
        v.Raw(first ? "" : ", ").Name(domain).Raw(": ").Number(rate);
        first = false;
      }
      v.Raw("}");
    }
    if (m.empty()) continue;
    m.Close();
    if (!any) w.Raw("parameters:\n");
    any = true;
    w.Raw("  ").Raw(group).Raw(": ").Raw(line.Take()).Raw("\n");
  }
}

void WriteOutputs(Writer& w, const OutputSpec& o) {
  const OutputSpec defaults;
  Writer line;
  FlowMap m(line);
  if (o.every != defaults.every) m.Key("every").Integer(o.every);
  if (o.networks_every != defaults.networks_every) m.Key("networks_every").Integer(o.networks_every);
  if (o.timeseries != defaults.timeseries) m.Key("timeseries").Raw(o.timeseries ? "true" : "false");
  if (o.dyads != defaults.dyads) m.Key("dyads").Raw(o.dyads ? "true" : "false");
  if (m.empty()) return;
  m.Close();
  w.Raw("outputs: ").Raw(line.Take()).Raw("\n");
}

}  // namespace

std::string ScenarioToYaml(const Scenario& s) {
  Writer w;
  w.Raw("schema: polarity/scenario 1\n");
  if (!s.name.empty()) w.Raw("name: ").Quoted(s.name).Raw("\n");
  if (!s.title.empty()) w.Raw("title: ").Quoted(s.title).Raw("\n");
  if (!s.description.empty()) w.Raw("description: ").Quoted(s.description).Raw("\n");
  if (!s.sources.empty()) {
    w.Raw("sources:\n");
    for (const SourceSpec& source : s.sources) {
      w.Raw("  - {id: ").Name(source.id).Raw(", citation: ").Quoted(source.citation).Raw("}\n");
    }
  }
  w.Raw("time: {start: ").Number(s.start).Raw(", dt: ").Number(s.dt).Raw(", ticks: ").Integer(s.ticks).Raw("}\n");
  w.Raw("seed: ").Integer(s.seed).Raw("\n");
  w.Raw("replications: ").Integer(s.replications).Raw("\n");
  w.Raw("domains: ").Names(s.domains, true).Raw("\n");
  const NetworkSpec network_defaults;
  if (s.network.sparse != network_defaults.sparse || s.network.reach_factor != network_defaults.reach_factor) {
    w.Raw("network: {sparse: ").Raw(s.network.sparse ? "true" : "false").Raw(", reach_factor: ");
    w.Number(s.network.reach_factor).Raw("}\n");
  }
  WriteParameters(w, s);
  WriteOutputs(w, s.outputs);
  w.Raw("actors:\n");
  for (const ActorSpec& a : s.actors) WriteActor(w, s, a);
  if (!s.groups.empty()) {
    w.Raw("groups:\n");
    for (const auto& [name, members] : s.groups) w.Raw("  ").Name(name).Raw(": ").Names(members, true).Raw("\n");
  }
  if (!s.relations.empty()) {
    w.Raw("relations:\n");
    for (const RelationSpec& r : s.relations) WriteRelation(w, r);
  }
  if (!s.events.empty()) {
    w.Raw("events:\n");
    for (const EventSpec& e : s.events) WriteEvent(w, e);
  }
  return w.Take();
}

}  // namespace polarity
