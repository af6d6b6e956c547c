#include "scenario/validate.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "core/scenario_names.h"
#include "core/tie_phases.h"
#include "polarity/scenario_loader.h"
#include "scenario/key_tables.h"
#include "scenario/labels.h"
#include "scenario/suggest.h"

namespace polarity::loader {
namespace {

class Validator {
 public:
  Validator(const Scenario& scenario, const ValidateOptions& options, Diagnostics& diagnostics)
      : s_(scenario), options_(options), out_(diagnostics) {
    for (const ActorSpec& actor : s_.actors) actor_ids_.push_back(actor.id);
    actor_set_.insert(actor_ids_.begin(), actor_ids_.end());
    names_ = actor_ids_;
    for (const auto& [name, members] : s_.groups) names_.push_back(name);
    for (const SourceSpec& source : s_.sources) source_ids_.push_back(source.id);
  }

  void Run() {
    CheckScalars();
    CheckDomains();
    CheckSources();
    CheckActors();
    CheckGroups();
    CheckRelations();
    CheckEvents();
    CheckParameters();
    if (s_.network.sparse && !out_.HasErrors()) CheckSparseEffects();
    if (options_.locations != nullptr) {
      for (const auto& [source, where] : options_.locations->citations()) Citation(source, where);
    }
  }

 private:
  // Where `key` was written, else `fallback`.
  SourceLocation At(std::string_view key, const SourceLocation& fallback) const {
    return options_.locations != nullptr ? options_.locations->Find(key, fallback) : fallback;
  }
  // The scenario as a whole: its (last) file, at its start when read from a file.
  SourceLocation Top() const {
    const int position = options_.locations != nullptr ? 1 : 0;
    return SourceLocation{s_.files.empty() ? std::string() : s_.files.back().string(), position, position};
  }

  void Error(const SourceLocation& where, std::string message) { out_.Error(where, std::move(message)); }
  void Warning(const SourceLocation& where, std::string message) {
    if (options_.warnings) out_.Warning(where, std::move(message));
  }

  void Number(std::string_view path, double value, const Bounds& bounds, const SourceLocation& where) {
    if (std::optional<std::string> problem = CheckNumber(path, value, bounds)) Error(where, std::move(*problem));
  }

  void Citation(const std::string& source, const SourceLocation& where) {
    if (source.empty() || std::find(source_ids_.begin(), source_ids_.end(), source) != source_ids_.end()) return;
    Error(where, "source '" + source + "' is not declared in 'sources'" + DidYouMean(source, source_ids_));
  }

  void Value(const std::string& path, const SourcedValue& value, const Bounds& bounds) {
    if (!value.present) return;
    Number(path, value.value, bounds, value.where);
    Citation(value.source, At(CitationKey(path), value.where));
  }

  bool IsActor(const std::string& name) const { return actor_set_.contains(name); }

  // An actor id or a group name.
  void Reference(const std::string& name, std::string_view context, const SourceLocation& where) {
    if (IsActor(name) || s_.groups.contains(name)) return;
    Error(where, "unknown actor or group '" + name + "' in " + std::string(context) + DidYouMean(name, names_));
  }

  void References(const std::vector<std::string>& names, std::string_view context, const std::string& key_prefix,
                  const SourceLocation& fallback) {
    for (std::size_t k = 0; k < names.size(); ++k) {
      Reference(names[k], context, At(key_prefix + "." + std::to_string(k), fallback));
    }
  }

  // Ids must be unique; the first position of each is kept for the message.
  template <typename Item, typename GetId>
  void Unique(const std::vector<Item>& items, std::string_view noun, GetId get_id) {
    std::map<std::string, SourceLocation> first;
    for (const Item& item : items) {
      const auto [it, inserted] = first.emplace(get_id(item), item.where);
      if (!inserted) {
        Error(item.where, "duplicate " + std::string(noun) + " '" + it->first + "'; the first is at line " +
                              std::to_string(it->second.line));
      }
    }
  }

  void Spelling(const std::string& id, std::string_view noun, std::string_view extra, const SourceLocation& where) {
    if (IsName(id, extra)) return;
    Error(where, std::string(noun) + " '" + id + "' may contain only " + NameRule(extra) +
                     " (ids are parts of paths such as actors.ID.milex)");
  }

  void CheckScalars() {
    for (const KeyTable* table : {&TopLevelKeys(), &TimeKeys(), &OutputKeys(), &NetworkKeys()}) {
      for (const KeySpec& spec : table->keys) {
        if (spec.get == nullptr || spec.type == KeyType::kBoolean || spec.key == "seed") continue;
        const std::string path = table == &TopLevelKeys() ? std::string(spec.key)
                                                          : std::string(table->context) + "." + std::string(spec.key);
        Number(path, spec.get(s_), spec.bounds, At(path, Top()));
      }
    }
  }

  void CheckDomains() {
    if (s_.domains.empty()) Error(At("domains", Top()), "domains is empty; at least one domain is needed");
    std::set<std::string> seen;
    for (std::size_t k = 0; k < s_.domains.size(); ++k) {
      const std::string& domain = s_.domains[k];
      const SourceLocation where = At("domains." + std::to_string(k), At("domains", Top()));
      Spelling(domain, "domain", kActorIdExtra, where);
      if (!seen.insert(domain).second) Error(where, "duplicate domain '" + domain + "' in domains");
    }
    const Bounds bounds = ParameterBounds(*FindParameter("capability.depreciation"));
    for (const auto& [domain, rate] : s_.depreciation_by_domain) {
      const std::string path = "parameters.capability.depreciation_by_domain." + domain;
      Domain(domain, "parameters.capability.depreciation_by_domain", At(KeyOf(path), Top()));
      Number(path, rate, bounds, At(path, Top()));
    }
  }

  void Domain(const std::string& domain, std::string_view context, const SourceLocation& where) {
    if (std::find(s_.domains.begin(), s_.domains.end(), domain) != s_.domains.end()) return;
    Error(where, "unknown domain '" + domain + "' in " + std::string(context) + DidYouMean(domain, s_.domains));
  }

  void CheckSources() {
    Unique(s_.sources, "source id", [](const SourceSpec& source) { return source.id; });
    for (const SourceSpec& source : s_.sources) Spelling(source.id, "source id", kSourceIdExtra, source.where);
  }

  void CheckActors() {
    if (s_.actors.empty()) {
      const bool reported = options_.locations != nullptr && options_.locations->Has(kUnreadableActors);
      if (!reported) Error(At("actors", Top()), "the scenario defines no actors; 'actors' is required");
      return;
    }
    Unique(s_.actors, "actor id", [](const ActorSpec& actor) { return actor.id; });
    for (const ActorSpec& actor : s_.actors) CheckActor(actor);
  }

  void CheckActor(const ActorSpec& actor) {
    const std::string path = "actors." + actor.id;
    Spelling(actor.id, "actor id", kActorIdExtra, actor.where);
    for (const KeySpec& spec : ActorKeys().keys) {
      const bool given = options_.locations != nullptr && options_.locations->Has(KeyOf(path + "." + std::string(spec.key)));
      if (spec.need == Need::kRequiredInResult && !(actor.*spec.actor).present && !given) {
        Error(actor.where, path + " is missing required key '" + std::string(spec.key) + "'");
      }
    }
    for (const ActorNumberField& field : ActorNumberFields()) {
      Value(path + "." + field.path, actor.*field.spec->actor, field.spec->bounds);
    }
    if (actor.lat.present != actor.lon.present) {
      Error(actor.where, path + ".location needs both lat and lon");
    } else if (!actor.lat.present) {
      Warning(actor.where, path + " has no location; its distances are measured from 0°N 0°E");
    }
    for (const KeySpec& spec : ActorKeys().keys) {
      if (spec.type == KeyType::kDomainMap) CheckDomainMap(actor, path + "." + std::string(spec.key), spec);
    }
  }

  void CheckDomainMap(const ActorSpec& actor, const std::string& path, const KeySpec& spec) {
    const std::map<std::string, SourcedValue>& values = *DomainMap(actor, spec.key);
    bool any_positive = false;
    for (const auto& [domain, value] : values) {
      const std::string full = path + "." + domain;
      Domain(domain, path, At(KeyOf(full), value.where));
      Value(full, value, spec.bounds);
      any_positive = any_positive || value.value > 0;
    }
    // Shares are normalised; all zero would leave nothing to normalise.
    if (spec.key != "capability" && !values.empty() && !any_positive) {
      Error(At(KeyOf(path), values.begin()->second.where), path + ": every share is 0; at least one must be positive");
    }
  }

  void CheckGroups() {
    for (const auto& [name, members] : s_.groups) {
      const std::string path = "groups." + name;
      const SourceLocation where = At(KeyOf(path), Top());
      Spelling(name, "group name", kActorIdExtra, where);
      if (IsActor(name)) {
        Error(where, "group '" + name + "' has the same name as an actor; references to it would be ambiguous");
      }
      if (members.empty()) Error(where, "group '" + name + "' is empty");
      for (std::size_t k = 0; k < members.size(); ++k) {
        if (IsActor(members[k])) continue;
        std::string message = "unknown actor '" + members[k] + "' in group '" + name + "'";
        message += s_.groups.contains(members[k]) ? " (a group lists actor ids, not other groups)"
                                                  : DidYouMean(members[k], actor_ids_);
        Error(At(path + "." + std::to_string(k), where), message);
      }
    }
  }

  void CheckRelations() {
    for (std::size_t i = 0; i < s_.relations.size(); ++i) {
      const RelationSpec& r = s_.relations[i];
      const std::string label = RelationLabel(r);
      if (r.first.empty() || r.second.empty()) Error(r.where, label + " has an empty side");
      References(r.first, label, "relations." + std::to_string(i) + ".first", r.where);
      References(r.second, label, "relations." + std::to_string(i) + ".second", r.where);
      if (r.first.size() == 1 && r.second.size() == 1 && r.first[0] == r.second[0]) {
        Error(r.where, label + " relates '" + r.first[0] + "' to itself");
      }
      for (const KeySpec& spec : RelationKeys().keys) {
        if (spec.relation == nullptr) continue;
        const SourcedValue& value = r.*spec.relation;
        if (r.directed && spec.key != "stance" && value.present) {
          Error(value.where, label + ": '" + std::string(spec.key) + "' is symmetric; a directed entry takes only 'stance'");
          continue;
        }
        Value(label + "." + std::string(spec.key), value, spec.bounds);
      }
    }
  }

  void CheckEvents() {
    Unique(s_.events, "event id", [](const EventSpec& event) { return event.id; });
    const double end = s_.start + s_.dt * s_.ticks;
    for (std::size_t i = 0; i < s_.events.size(); ++i) {
      const EventSpec& event = s_.events[i];
      const std::string label = EventLabel(event.id, i);
      Spelling(event.id, "event id", kEventIdExtra, event.where);
      if (event.at) {
        const SourceLocation where = At(EventKey(i, "at"), event.where);
        Number(label + ".at", *event.at, Bounds{}, where);
        if (*event.at < s_.start) {
          Error(where, label + ".at = " + FormatNumber(*event.at) + " is before time.start = " + FormatNumber(s_.start));
        } else if (std::isfinite(*event.at) && *event.at > end) {
          Warning(where, label + ".at = " + FormatNumber(*event.at) + " is after the last tick (time " +
                             FormatNumber(end) + "); the event never applies");
        }
      } else if (event.tick) {
        if (*event.tick < 0) Error(event.where, label + ".tick = " + std::to_string(*event.tick) + " must be >= 0");
        if (*event.tick > s_.ticks) {
          Warning(event.where, label + ".tick = " + std::to_string(*event.tick) + " is after the last tick (" +
                                   std::to_string(s_.ticks) + "); the event never applies");
        }
      } else {
        Error(event.where, label + " needs 'at: YEAR' or 'tick: N'");
      }
      Citation(event.source, At(EventKey(i, "source"), event.where));
      for (std::size_t e = 0; e < event.effects.size(); ++e) {
        CheckEffect(event.effects[e], label + ".effects[" + std::to_string(e) + "]", i, e);
      }
    }
  }

  void CheckEffect(const EffectSpec& effect, const std::string& context, std::size_t event, std::size_t index) {
    const SourceLocation value_at = At(EffectKey(event, index, "value"), effect.where);
    const auto refs = [&](const std::vector<std::string>& names, std::string_view slot) {
      References(names, context, EffectKey(event, index, slot), effect.where);
    };
    refs(effect.actors, "actors");
    refs(effect.among, "among");
    refs(effect.between_first, "between_first");
    refs(effect.between_second, "between_second");
    refs(effect.from, "from");
    refs(effect.to, "to");
    if (FindKey(EffectFieldKeys(), effect.field) == nullptr) {
      Error(effect.where, "unknown effect field '" + effect.field + "' in " + context +
                              DidYouMean(effect.field, KeyNames(EffectFieldKeys())));
      return;
    }
    const std::string path = context + "." + effect.field;
    if (effect.field == "crisis") {
      if (effect.from.empty() || effect.to.empty()) Error(effect.where, path + " needs 'challenger' and 'target'");
      return;
    }
    // What a `set` may write: the field's own range.
    Bounds bounds;
    if (effect.field == "parameter") {
      const ParameterSpec* spec = FindParameter(effect.parameter);
      if (spec == nullptr) {
        std::vector<std::string> paths;
        for (const ParameterSpec& p : ParameterSpecs()) paths.emplace_back(p.path);
        Error(At(EffectKey(event, index, "path"), effect.where),
              "unknown parameter '" + effect.parameter + "' in " + path + DidYouMean(effect.parameter, paths));
        return;
      }
      bounds = ParameterBounds(*spec);
      if (effect.op == EffectOp::kSet && spec->kind != ParameterKind::kReal && effect.value != std::trunc(effect.value)) {
        Error(value_at, path + ".set = " + FormatNumber(effect.value) + " must be a whole number (or true/false)");
      }
    } else if (const KeySpec* dyad = FindKey(RelationKeys(), effect.field)) {
      bounds = dyad->bounds;
      if (effect.among.empty() && effect.between_first.empty() && effect.from.empty()) {
        Error(effect.where, path + " names no pairs ('among', 'between' or 'from'/'to')");
      }
    } else {
      bounds = effect.field == "capability" ? FindKey(ActorKeys(), "capability")->bounds
                                            : FindActorFieldByName(effect.field)->bounds;
      if (effect.actors.empty()) Error(effect.where, path + " needs 'actor'");
      if (effect.field == "capability") {
        Domain(effect.domain, path, At(EffectKey(event, index, "domain"), effect.where));
      }
    }
    switch (effect.op) {
      case EffectOp::kSet: Number(path + ".set", effect.value, bounds, value_at); break;
      case EffectOp::kAdd: Number(path + ".add", effect.value, Bounds{}, value_at); break;
      case EffectOp::kScale: Number(path + ".scale", effect.value, FindKey(EffectKeys(), "scale")->bounds, value_at); break;
    }
  }

  // In a sparse world dyads exist only on ties: an event may change or start a crisis only
  // between tied actors (named together in `relations`, or within reach).
  // The tie set (O(N^2) with a reach factor; compilation builds it again) only when some
  // event touches a pair.
  void CheckSparseEffects() {
    const auto touches_pairs = [](const EffectSpec& effect) {
      return effect.field == "crisis" || FindKey(RelationKeys(), effect.field) != nullptr;
    };
    bool any = false;
    for (const EventSpec& event : s_.events) any = any || std::any_of(event.effects.begin(), event.effects.end(), touches_pairs);
    if (!any) return;
    const Names names(s_);
    const TieSet ties = ScenarioTies(s_, names);
    for (std::size_t i = 0; i < s_.events.size(); ++i) {
      for (std::size_t e = 0; e < s_.events[i].effects.size(); ++e) {
        const EffectSpec& effect = s_.events[i].effects[e];
        if (!touches_pairs(effect)) continue;
        for (const auto& [a, b] : EffectPairs(effect, names)) {
          if (ties.Find(a, b) >= 0) continue;
          Error(effect.where, EventLabel(s_.events[i].id, i) + ".effects[" + std::to_string(e) + "]." + effect.field +
                                  ": " + s_.actors[static_cast<std::size_t>(a)].id + " and " +
                                  s_.actors[static_cast<std::size_t>(b)].id +
                                  " are not tied in this sparse world (network.sparse); name the pair in "
                                  "'relations' or raise network.reach_factor");
          break;
        }
      }
    }
  }

  void CheckParameters() {
    for (const ParameterSpec& spec : ParameterSpecs()) {
      const std::string path = "parameters." + std::string(spec.path);
      Number(path, spec.get(s_.parameters), ParameterBounds(spec), At(path, Top()));
    }
  }

  const Scenario& s_;
  const ValidateOptions& options_;
  Diagnostics& out_;
  std::vector<std::string> actor_ids_;
  std::unordered_set<std::string> actor_set_;  // the same, for lookups in large worlds
  std::vector<std::string> names_;  // actor ids and group names
  std::vector<std::string> source_ids_;
};

}  // namespace

void Validate(const Scenario& scenario, const ValidateOptions& options, Diagnostics& diagnostics) {
  Validator(scenario, options, diagnostics).Run();
}

}  // namespace polarity::loader

namespace polarity {

Diagnostics ValidateScenario(const Scenario& scenario) {
  Diagnostics diagnostics;
  loader::Validate(scenario, loader::ValidateOptions{.locations = nullptr, .warnings = false}, diagnostics);
  return diagnostics;
}

}  // namespace polarity
