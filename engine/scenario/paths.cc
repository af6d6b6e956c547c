// Paths to the numbers of a scenario (INTERFACE.md "Paths"), for --set and sweeps:
// resolving a path, reading and writing through it, listing the valid ones, and naming the
// closest valid path when one is misspelt.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "polarity/scenario_loader.h"
#include "scenario/key_tables.h"
#include "scenario/node_reader.h"
#include "scenario/suggest.h"

namespace polarity {
namespace loader {
namespace {

constexpr std::string_view kDomainMaps[] = {"capability", "allocation", "concern"};
constexpr std::string_view kByDomain = "capability.depreciation_by_domain";

// What a path names, resolved to indices and table rows.
struct Target {
  enum class Kind { kActorField, kActorDomain, kRelation, kParameter, kDepreciation, kEventAt, kEventTick, kScalar };
  Kind kind = Kind::kScalar;
  std::size_t index = 0;              // actor or event
  const KeySpec* spec = nullptr;      // actor field, relation field or scenario scalar
  std::string map = {};               // domain map of an actor
  std::string domain = {};
  std::string a = {};                 // relation sides
  std::string b = {};
  bool directed = false;
  const ParameterSpec* parameter = nullptr;
};

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    out.emplace_back(path.substr(start, dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

std::string JoinFrom(const std::vector<std::string>& parts, std::size_t first) {
  std::string out;
  for (std::size_t i = first; i < parts.size(); ++i) out += (i > first ? "." : "") + parts[i];
  return out;
}

std::vector<std::string> ActorRestPaths(const Scenario& s) {
  std::vector<std::string> out;
  for (const ActorNumberField& field : ActorNumberFields()) out.push_back(field.path);
  for (std::string_view map : kDomainMaps) {
    for (const std::string& domain : s.domains) out.push_back(std::string(map) + "." + domain);
  }
  return out;
}

std::vector<std::string> ParameterRestPaths(const Scenario& s) {
  std::vector<std::string> out;
  for (const ParameterSpec& spec : ParameterSpecs()) out.emplace_back(spec.path);
  for (const std::string& domain : s.domains) out.push_back(std::string(kByDomain) + "." + domain);
  return out;
}

std::vector<std::string> RelationFields(bool directed) {
  std::vector<std::string> out;
  for (const KeySpec& spec : RelationKeys().keys) {
    if (spec.relation != nullptr && (!directed || spec.key == "stance")) out.emplace_back(spec.key);
  }
  return out;
}

std::vector<std::string> ScalarKeys(const KeyTable& table) {
  std::vector<std::string> out;
  for (const KeySpec& spec : table.keys) {
    if (spec.get != nullptr) out.emplace_back(spec.key);
  }
  return out;
}

const KeySpec* ScalarSpec(const KeyTable& table, std::string_view key) {
  const KeySpec* spec = FindKey(table, key);
  return spec != nullptr && spec->get != nullptr ? spec : nullptr;
}

// Resolves a path one part at a time. A part that is not valid is replaced by the closest
// valid one (if any) and resolution goes on, so that a misspelt path yields the corrected
// path as its suggestion.
class Resolver {
 public:
  explicit Resolver(const Scenario& s) : s_(s) {
    for (const ActorSpec& actor : s.actors) actor_ids_.push_back(actor.id);
    for (const EventSpec& event : s.events) event_ids_.push_back(event.id);
  }

  std::optional<Target> Resolve(std::string_view path, std::string* error) {
    std::optional<Target> target = Walk(Split(path));
    if (target && !corrected_) return target;
    std::string message = "unknown path '" + std::string(path) + "'";
    if (target) {
      message += "; did you mean '" + fixed_ + "'?";
    } else {
      if (!reason_.empty()) message += " (" + reason_ + ")";
      message += "; paths look like actors.ID.milex, relations.A-B.alliance, relations.A>B.stance, "
                 "parameters.alliance.rate, events.ID.at, time.ticks, seed";
    }
    if (error != nullptr) *error = message;
    return std::nullopt;
  }

 private:
  // `word` if valid, else the closest candidate (noted as a correction), else nullopt.
  std::optional<std::string> Pick(const std::string& word, const std::vector<std::string>& candidates,
                                  std::string_view what) {
    if (std::find(candidates.begin(), candidates.end(), word) != candidates.end()) return word;
    std::optional<std::string> closest = ClosestMatch(word, candidates);
    if (closest) {
      corrected_ = true;
    } else if (reason_.empty()) {
      reason_ = "no " + std::string(what) + " '" + word + "'";
    }
    return closest;
  }

  std::optional<Target> Walk(const std::vector<std::string>& parts) {
    static const std::vector<std::string> kRoots = {"actors", "relations", "parameters", "events",
                                                    "time",   "outputs",   "seed",       "replications", "network"};
    const std::optional<std::string> root = Pick(parts[0], kRoots, "section");
    if (!root) return std::nullopt;
    fixed_ = *root;
    if (*root == "seed" || *root == "replications") {
      if (parts.size() != 1) return Fail("'" + *root + "' has no parts");
      return Target{.kind = Target::Kind::kScalar, .spec = ScalarSpec(TopLevelKeys(), *root)};
    }
    if (parts.size() < 2) return Fail("'" + *root + "' needs more parts");
    if (*root == "time") return Scalar(parts, TimeKeys());
    if (*root == "outputs") return Scalar(parts, OutputKeys());
    if (*root == "network") return Scalar(parts, NetworkKeys());
    if (*root == "actors") return Actor(parts);
    if (*root == "relations") return Relation(parts);
    if (*root == "parameters") return Parameter(parts);
    return Event(parts);
  }

  std::optional<Target> Fail(std::string reason) {
    if (reason_.empty()) reason_ = std::move(reason);
    return std::nullopt;
  }

  std::optional<Target> Scalar(const std::vector<std::string>& parts, const KeyTable& table) {
    const std::optional<std::string> key = Pick(JoinFrom(parts, 1), ScalarKeys(table), "key");
    if (!key) return std::nullopt;
    fixed_ += "." + *key;
    return Target{.kind = Target::Kind::kScalar, .spec = ScalarSpec(table, *key)};
  }

  std::optional<Target> Actor(const std::vector<std::string>& parts) {
    const std::optional<std::string> id = Pick(parts[1], actor_ids_, "actor");
    if (!id) return std::nullopt;
    if (parts.size() < 3) return Fail("a field must follow the actor id");
    const std::optional<std::string> rest = Pick(JoinFrom(parts, 2), ActorRestPaths(s_), "actor field");
    if (!rest) return std::nullopt;
    fixed_ += "." + *id + "." + *rest;
    Target t;
    t.index = static_cast<std::size_t>(std::find(actor_ids_.begin(), actor_ids_.end(), *id) - actor_ids_.begin());
    if (const KeySpec* spec = FindActorNumberField(*rest)) {
      t.kind = Target::Kind::kActorField;
      t.spec = spec;
    } else {
      t.kind = Target::Kind::kActorDomain;
      t.map = rest->substr(0, rest->find('.'));
      t.domain = rest->substr(rest->find('.') + 1);
    }
    return t;
  }

  std::optional<Target> Relation(const std::vector<std::string>& parts) {
    const std::string& pair = parts[1];
    const std::size_t arrow = pair.find('>');
    const bool directed = arrow != std::string::npos;
    const std::size_t split = directed ? arrow : pair.find('-');
    if (split == std::string::npos) return Fail("a relation is written A-B or A>B");
    const std::optional<std::string> a = Pick(pair.substr(0, split), actor_ids_, "actor");
    const std::optional<std::string> b = Pick(pair.substr(split + 1), actor_ids_, "actor");
    if (!a || !b) return std::nullopt;
    if (parts.size() != 3) return Fail("a relation path ends with one field");
    std::string field = parts[2];
    if (directed && field != "stance" && FindKey(RelationKeys(), field) != nullptr) {
      return Fail("'" + field + "' is symmetric: write relations." + *a + "-" + *b + "." + field);
    }
    const std::optional<std::string> picked = Pick(field, RelationFields(directed), "relation field");
    if (!picked) return std::nullopt;
    fixed_ += "." + *a + (directed ? ">" : "-") + *b + "." + *picked;
    return Target{.kind = Target::Kind::kRelation, .spec = FindKey(RelationKeys(), *picked), .a = *a, .b = *b,
                  .directed = directed};
  }

  std::optional<Target> Parameter(const std::vector<std::string>& parts) {
    const std::optional<std::string> rest = Pick(JoinFrom(parts, 1), ParameterRestPaths(s_), "parameter");
    if (!rest) return std::nullopt;
    fixed_ += "." + *rest;
    if (rest->starts_with(kByDomain)) {
      return Target{.kind = Target::Kind::kDepreciation, .domain = rest->substr(kByDomain.size() + 1)};
    }
    return Target{.kind = Target::Kind::kParameter, .parameter = FindParameter(*rest)};
  }

  std::optional<Target> Event(const std::vector<std::string>& parts) {
    const std::optional<std::string> id = Pick(parts[1], event_ids_, "event");
    if (!id) return std::nullopt;
    if (parts.size() != 3) return Fail("an event path ends with 'at' or 'tick'");
    const std::optional<std::string> field = Pick(parts[2], {"at", "tick"}, "event field");
    if (!field) return std::nullopt;
    fixed_ += "." + *id + "." + *field;
    return Target{.kind = *field == "at" ? Target::Kind::kEventAt : Target::Kind::kEventTick,
                  .index = static_cast<std::size_t>(std::find(event_ids_.begin(), event_ids_.end(), *id) -
                                                    event_ids_.begin())};
  }

  const Scenario& s_;
  std::vector<std::string> actor_ids_;
  std::vector<std::string> event_ids_;
  bool corrected_ = false;
  std::string fixed_;   // the path as corrected so far
  std::string reason_;  // why resolution stopped, for the message
};

// A --set value replaces the file's: its citation no longer applies; its position is kept
// so that a range error still points at the line it replaced.
void Overwrite(SourcedValue& field, double value) {
  SourcedValue fresh;
  fresh.value = value;
  fresh.present = true;
  fresh.where = field.where;
  field = std::move(fresh);
}

// ---- relations: which entry holds the value of a pair --------------------------------

bool Names(const std::vector<std::string>& side, const std::string& actor, const Scenario& s) {
  for (const std::string& name : side) {
    if (name == actor) return true;
    const auto group = s.groups.find(name);
    if (group != s.groups.end() &&
        std::find(group->second.begin(), group->second.end(), actor) != group->second.end()) {
      return true;
    }
  }
  return false;
}

// Does `r` give `field` for the ordered pair (a, b)?
bool Covers(const RelationSpec& r, const KeySpec& field, const std::string& a, const std::string& b, const Scenario& s) {
  if (!(r.*field.relation).present) return false;
  if (Names(r.first, a, s) && Names(r.second, b, s)) return true;
  return !r.directed && Names(r.first, b, s) && Names(r.second, a, s);
}

// The last entry that gives `field` for (a, b): the one whose value the compiler uses.
const RelationSpec* Effective(const Scenario& s, const Target& t) {
  for (auto it = s.relations.rbegin(); it != s.relations.rend(); ++it) {
    if (Covers(*it, *t.spec, t.a, t.b, s)) return &*it;
  }
  return nullptr;
}

bool IsExactly(const std::vector<std::string>& side, const std::string& actor) {
  return side.size() == 1 && side.front() == actor;
}

// Writes a relation value so that it takes effect: into the last entry naming exactly this
// pair if no later entry overrides it, else into a new entry at the end.
void SetRelation(Scenario& s, const Target& t, double value) {
  const auto overridden_after = [&](std::size_t index) {
    for (std::size_t j = index + 1; j < s.relations.size(); ++j) {
      if (Covers(s.relations[j], *t.spec, t.a, t.b, s)) return true;
      if (!t.directed && Covers(s.relations[j], *t.spec, t.b, t.a, s)) return true;
    }
    return false;
  };
  for (std::size_t i = s.relations.size(); i-- > 0;) {
    RelationSpec& r = s.relations[i];
    const bool exact = r.directed == t.directed &&
                       ((IsExactly(r.first, t.a) && IsExactly(r.second, t.b)) ||
                        (!t.directed && IsExactly(r.first, t.b) && IsExactly(r.second, t.a)));
    if (!exact) continue;
    if (overridden_after(i)) break;
    Overwrite(r.*t.spec->relation, value);
    return;
  }
  RelationSpec added;
  added.directed = t.directed;
  added.first = {t.a};
  added.second = {t.b};
  Overwrite(added.*t.spec->relation, value);
  s.relations.push_back(std::move(added));
}

bool Whole(double value, double min, double max) {
  return std::isfinite(value) && value == std::trunc(value) && value >= min && value <= max;
}

constexpr double kIntMax = static_cast<double>(std::numeric_limits<int>::max());

// Integer and boolean targets take only values their type can hold.
bool CheckKind(const Target& t, std::string_view path, double value, std::string* error) {
  bool integer = false, boolean = false;
  if (t.kind == Target::Kind::kParameter) {
    integer = t.parameter->kind == ParameterKind::kInteger;
    boolean = t.parameter->kind == ParameterKind::kBoolean;
  } else if (t.kind == Target::Kind::kScalar) {
    integer = t.spec->type == KeyType::kInteger;
    boolean = t.spec->type == KeyType::kBoolean;
  } else if (t.kind == Target::Kind::kEventTick) {
    integer = true;
  }
  const bool is_seed = t.kind == Target::Kind::kScalar && t.spec->key == "seed";
  const char* problem = nullptr;
  if (boolean && value != 0.0 && value != 1.0) problem = " takes true or false (1 or 0)";
  if (integer && !is_seed && !Whole(value, -kIntMax, kIntMax)) problem = " takes a whole number";
  if (is_seed && !Whole(value, 0, 18446744073709549568.0)) problem = " takes a whole number from 0 to 2^64-1";
  if (problem == nullptr) return true;
  if (error != nullptr) *error = std::string(path) + problem + ", got " + FormatNumber(value);
  return false;
}

}  // namespace
}  // namespace loader

bool SetPath(Scenario& scenario, std::string_view path, double value, std::string* error) {
  using loader::Target;
  const std::optional<Target> t = loader::Resolver(scenario).Resolve(path, error);
  if (!t || !loader::CheckKind(*t, path, value, error)) return false;
  switch (t->kind) {
    case Target::Kind::kActorField: loader::Overwrite(scenario.actors[t->index].*t->spec->actor, value); break;
    case Target::Kind::kActorDomain:
      loader::Overwrite((*loader::DomainMap(scenario.actors[t->index], t->map))[t->domain], value);
      break;
    case Target::Kind::kRelation: loader::SetRelation(scenario, *t, value); break;
    case Target::Kind::kParameter: t->parameter->set(scenario.parameters, value); break;
    case Target::Kind::kDepreciation: scenario.depreciation_by_domain[t->domain] = value; break;
    case Target::Kind::kEventAt:
      scenario.events[t->index].at = value;
      scenario.events[t->index].tick.reset();
      break;
    case Target::Kind::kEventTick:
      scenario.events[t->index].tick = static_cast<int>(value);
      scenario.events[t->index].at.reset();
      break;
    case Target::Kind::kScalar: t->spec->set(scenario, value); break;
  }
  return true;
}

std::optional<double> GetPath(const Scenario& scenario, std::string_view path, std::string* error) {
  using loader::Target;
  const std::optional<Target> t = loader::Resolver(scenario).Resolve(path, error);
  if (!t) return std::nullopt;
  const auto unset = [&](std::string why) -> std::optional<double> {
    if (error != nullptr) *error = std::string(path) + " is not set; " + why;
    return std::nullopt;
  };
  // An absent field reads as its documented default when that is a constant.
  const auto value_or_default = [&](const SourcedValue& v, const loader::KeySpec& spec) -> std::optional<double> {
    if (v.present) return v.value;
    if (const std::optional<double> d = loader::ParseNumberText(spec.default_text)) return d;
    if (spec.default_text == "—") return unset("it has no default");
    return unset("its default is " + std::string(spec.default_text));
  };
  switch (t->kind) {
    case Target::Kind::kActorField: return value_or_default(scenario.actors[t->index].*t->spec->actor, *t->spec);
    case Target::Kind::kActorDomain: {
      const auto& values = *loader::DomainMap(scenario.actors[t->index], t->map);
      const auto it = values.find(t->domain);
      if (it != values.end()) return it->second.value;
      return unset("its default is " + std::string(loader::FindKey(loader::ActorKeys(), t->map)->default_text));
    }
    case Target::Kind::kRelation:
      if (const RelationSpec* r = loader::Effective(scenario, *t)) return (r->*t->spec->relation).value;
      return value_or_default(SourcedValue{}, *t->spec);
    case Target::Kind::kParameter: return t->parameter->get(scenario.parameters);
    case Target::Kind::kDepreciation: {
      const auto it = scenario.depreciation_by_domain.find(t->domain);
      if (it != scenario.depreciation_by_domain.end()) return it->second;
      return scenario.parameters.capability.depreciation;
    }
    case Target::Kind::kEventAt:
      if (scenario.events[t->index].at) return *scenario.events[t->index].at;
      return unset("the event is scheduled by 'tick'");
    case Target::Kind::kEventTick:
      if (scenario.events[t->index].tick) return *scenario.events[t->index].tick;
      return unset("the event is scheduled by 'at'");
    case Target::Kind::kScalar: return t->spec->get(scenario);
  }
  return std::nullopt;
}

std::vector<std::string> ListPaths(const Scenario& scenario) {
  std::vector<std::string> out = {"seed", "replications"};
  for (const loader::KeyTable* table : {&loader::TimeKeys(), &loader::OutputKeys(), &loader::NetworkKeys()}) {
    for (const std::string& key : loader::ScalarKeys(*table)) out.push_back(std::string(table->context) + "." + key);
  }
  const std::vector<std::string> actor_rest = loader::ActorRestPaths(scenario);
  for (const ActorSpec& actor : scenario.actors) {
    for (const std::string& rest : actor_rest) out.push_back("actors." + actor.id + "." + rest);
  }
  // Relations: the pairs of entries between two single actors (any other pair of actors is
  // settable too, but listing all N^2 pairs would drown the rest).
  std::unordered_set<std::string> actor_ids;
  for (const ActorSpec& actor : scenario.actors) actor_ids.insert(actor.id);
  const auto is_actor = [&](const std::vector<std::string>& side) {
    return side.size() == 1 && actor_ids.contains(side.front());
  };
  std::unordered_set<std::string> listed;
  for (const RelationSpec& r : scenario.relations) {
    if (!is_actor(r.first) || !is_actor(r.second)) continue;
    const std::string pair = r.first[0] + (r.directed ? ">" : "-") + r.second[0];
    for (const std::string& field : loader::RelationFields(r.directed)) {
      std::string path = "relations." + pair + "." + field;
      if (listed.insert(path).second) out.push_back(std::move(path));
    }
  }
  for (const std::string& rest : loader::ParameterRestPaths(scenario)) out.push_back("parameters." + rest);
  for (const EventSpec& event : scenario.events) {
    out.push_back("events." + event.id + ".at");
    out.push_back("events." + event.id + ".tick");
  }
  return out;
}

bool ParseAssignment(std::string_view text, std::string* path, double* value, std::string* error) {
  const auto fail = [&](std::string message) {
    if (error != nullptr) *error = std::move(message);
    return false;
  };
  const auto trim = [](std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
  };
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos) return fail("expected PATH=VALUE, got '" + std::string(text) + "'");
  const std::string_view left = trim(text.substr(0, equals));
  const std::string_view right = trim(text.substr(equals + 1));
  if (left.empty()) return fail("missing path before '=' in '" + std::string(text) + "'");
  if (right.empty()) return fail("missing value after '=' in '" + std::string(text) + "'");
  double number = 0.0;
  if (right == "true" || right == "false") {
    number = right == "true" ? 1.0 : 0.0;
  } else if (const std::optional<double> parsed = loader::ParseNumberText(right)) {
    if (!std::isfinite(*parsed)) {
      return fail("value '" + std::string(right) + "' for '" + std::string(left) + "' is not a finite number");
    }
    number = *parsed;
  } else {
    return fail("value '" + std::string(right) + "' for '" + std::string(left) + "' is not a number (or true/false)");
  }
  *path = std::string(left);
  *value = number;
  return true;
}

}  // namespace polarity
