#pragma once
// The first difference between two Scenarios in what a file says (every value, bit for bit,
// with its source, quote and note), or "" when there is none. File positions (`where`) and
// `files` are not compared: they say where a value was read, not what it is.

#include <bit>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "polarity/parameters.h"
#include "polarity/scenario.h"

namespace polarity::testing {

class ScenarioDiff {
 public:
  std::string First(const Scenario& a, const Scenario& b) {
    Text("schema", a.schema, b.schema);
    Text("name", a.name, b.name);
    Text("title", a.title, b.title);
    Text("description", a.description, b.description);
    Size("sources", a.sources.size(), b.sources.size());
    for (std::size_t i = 0; i < a.sources.size() && i < b.sources.size(); ++i) {
      Text("sources[" + std::to_string(i) + "].id", a.sources[i].id, b.sources[i].id);
      Text("sources[" + std::to_string(i) + "].citation", a.sources[i].citation, b.sources[i].citation);
    }
    Number("time.start", a.start, b.start);
    Number("time.dt", a.dt, b.dt);
    Whole("time.ticks", a.ticks, b.ticks);
    Whole("seed", static_cast<std::int64_t>(a.seed), static_cast<std::int64_t>(b.seed));
    Whole("replications", a.replications, b.replications);
    List("domains", a.domains, b.domains);
    Keyed("depreciation_by_domain", a.depreciation_by_domain, b.depreciation_by_domain,
          [&](const std::string& path, double x, double y) { Number(path, x, y); });
    Size("actors", a.actors.size(), b.actors.size());
    for (std::size_t i = 0; i < a.actors.size() && i < b.actors.size(); ++i) Actor(a.actors[i], b.actors[i]);
    Size("relations", a.relations.size(), b.relations.size());
    for (std::size_t i = 0; i < a.relations.size() && i < b.relations.size(); ++i) {
      Relation("relations[" + std::to_string(i) + "]", a.relations[i], b.relations[i]);
    }
    Keyed("groups", a.groups, b.groups,
          [&](const std::string& path, const std::vector<std::string>& x, const std::vector<std::string>& y) {
            List(path, x, y);
          });
    Size("events", a.events.size(), b.events.size());
    for (std::size_t i = 0; i < a.events.size() && i < b.events.size(); ++i) Event(i, a.events[i], b.events[i]);
    for (const ParameterSpec& spec : ParameterSpecs()) {
      Number("parameters." + std::string(spec.path), spec.get(a.parameters), spec.get(b.parameters));
    }
    Whole("outputs.every", a.outputs.every, b.outputs.every);
    Whole("outputs.networks_every", a.outputs.networks_every, b.outputs.networks_every);
    Whole("outputs.timeseries", a.outputs.timeseries, b.outputs.timeseries);
    Whole("outputs.dyads", a.outputs.dyads, b.outputs.dyads);
    Whole("network.sparse", a.network.sparse, b.network.sparse);
    Number("network.reach_factor", a.network.reach_factor, b.network.reach_factor);
    return first_;
  }

 private:
  void Note(const std::string& what) {
    if (first_.empty()) first_ = what;
  }
  static std::string Show(double v) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
  }
  void Text(const std::string& path, const std::string& a, const std::string& b) {
    if (a != b) Note(path + ": \"" + a + "\" != \"" + b + "\"");
  }
  void Size(const std::string& path, std::size_t a, std::size_t b) {
    if (a != b) Note(path + ": " + std::to_string(a) + " entries != " + std::to_string(b));
  }
  void Whole(const std::string& path, std::int64_t a, std::int64_t b) {
    if (a != b) Note(path + ": " + std::to_string(a) + " != " + std::to_string(b));
  }
  // Bit for bit (so 0 and -0 differ too).
  void Number(const std::string& path, double a, double b) {
    if (std::bit_cast<std::uint64_t>(a) != std::bit_cast<std::uint64_t>(b)) Note(path + ": " + Show(a) + " != " + Show(b));
  }
  void List(const std::string& path, const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a == b) return;
    std::string as, bs;
    for (const std::string& s : a) as += s + " ";
    for (const std::string& s : b) bs += s + " ";
    Note(path + ": [" + as + "] != [" + bs + "]");
  }
  void Value(const std::string& path, const SourcedValue& a, const SourcedValue& b) {
    Whole(path + " present", a.present, b.present);
    if (a.present && b.present) Number(path, a.value, b.value);
    Text(path + ".source", a.source, b.source);
    Text(path + ".quote", a.quote, b.quote);
    Text(path + ".note", a.note, b.note);
  }
  // Two maps by key: the same size, every key of a in b, and compare(path.key, a's, b's).
  template <typename Table, typename Compare>
  void Keyed(const std::string& path, const Table& a, const Table& b, Compare compare) {
    Size(path, a.size(), b.size());
    for (const auto& [key, value] : a) {
      const auto it = b.find(key);
      if (it == b.end()) {
        Note(path + "." + key + " missing");
      } else {
        compare(path + "." + key, value, it->second);
      }
    }
  }
  void Map(const std::string& path, const std::map<std::string, SourcedValue>& a,
           const std::map<std::string, SourcedValue>& b) {
    Keyed(path, a, b, [&](const std::string& p, const SourcedValue& x, const SourcedValue& y) { Value(p, x, y); });
  }
  void Actor(const ActorSpec& a, const ActorSpec& b) {
    const std::string p = "actors." + a.id;
    Text(p + " id", a.id, b.id);
    Text(p + ".name", a.name, b.name);
    const SourcedValue ActorSpec::*fields[] = {
        &ActorSpec::lat,         &ActorSpec::lon,        &ActorSpec::reach_km,   &ActorSpec::gdp,
        &ActorSpec::gdp_growth,  &ActorSpec::milex,      &ActorSpec::milex_floor, &ActorSpec::burden_cap,
        &ActorSpec::efficiency,  &ActorSpec::resolve,    &ActorSpec::revisionism, &ActorSpec::reactivity,
        &ActorSpec::fatigue,     &ActorSpec::grievance};
    const char* names[] = {"lat",        "lon",     "reach_km",    "gdp",        "gdp_growth",
                           "milex",      "milex_floor", "burden_cap", "efficiency", "resolve",
                           "revisionism", "reactivity", "fatigue",   "grievance"};
    for (std::size_t f = 0; f < std::size(fields); ++f) Value(p + "." + names[f], a.*fields[f], b.*fields[f]);
    Map(p + ".capability", a.capability, b.capability);
    Map(p + ".allocation", a.allocation, b.allocation);
    Map(p + ".concern", a.concern, b.concern);
  }
  void Relation(const std::string& p, const RelationSpec& a, const RelationSpec& b) {
    Whole(p + ".directed", a.directed, b.directed);
    List(p + ".first", a.first, b.first);
    List(p + ".second", a.second, b.second);
    Value(p + ".alliance", a.alliance, b.alliance);
    Value(p + ".stance", a.stance, b.stance);
    Value(p + ".friction", a.friction, b.friction);
    Value(p + ".interdependence", a.interdependence, b.interdependence);
    Value(p + ".distance_km", a.distance_km, b.distance_km);
  }
  void Event(std::size_t i, const EventSpec& a, const EventSpec& b) {
    const std::string p = "events[" + std::to_string(i) + "]";
    Text(p + ".id", a.id, b.id);
    Whole(p + ".at given", a.at.has_value(), b.at.has_value());
    if (a.at && b.at) Number(p + ".at", *a.at, *b.at);
    Whole(p + ".tick given", a.tick.has_value(), b.tick.has_value());
    if (a.tick && b.tick) Whole(p + ".tick", *a.tick, *b.tick);
    Text(p + ".source", a.source, b.source);
    Text(p + ".quote", a.quote, b.quote);
    Text(p + ".note", a.note, b.note);
    Size(p + ".effects", a.effects.size(), b.effects.size());
    for (std::size_t k = 0; k < a.effects.size() && k < b.effects.size(); ++k) {
      const EffectSpec& x = a.effects[k];
      const EffectSpec& y = b.effects[k];
      const std::string q = p + ".effects[" + std::to_string(k) + "]";
      Text(q + ".field", x.field, y.field);
      Text(q + ".domain", x.domain, y.domain);
      List(q + ".actors", x.actors, y.actors);
      List(q + ".among", x.among, y.among);
      List(q + ".between_first", x.between_first, y.between_first);
      List(q + ".between_second", x.between_second, y.between_second);
      List(q + ".from", x.from, y.from);
      List(q + ".to", x.to, y.to);
      Text(q + ".parameter", x.parameter, y.parameter);
      Whole(q + ".op", static_cast<int>(x.op), static_cast<int>(y.op));
      Number(q + ".value", x.value, y.value);
    }
  }

  std::string first_;
};

inline std::string FirstDifference(const Scenario& a, const Scenario& b) { return ScenarioDiff().First(a, b); }

}  // namespace polarity::testing
