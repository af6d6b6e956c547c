// The tables of keys (see key_tables.h). Defaults of actor fields are applied by
// CompileModel (engine/core/compile.cc); the texts here document them and must agree.

#include "scenario/key_tables.h"

#include <charconv>
#include <cmath>

namespace polarity::loader {
namespace {

using T = KeyType;
constexpr double kInf = std::numeric_limits<double>::infinity();

constexpr Bounds kAny{};
constexpr Bounds kNonNegative{.min = 0};
constexpr Bounds kPositive{.min = 0, .min_open = true};
constexpr Bounds kUnit{.min = 0, .max = 1};
constexpr Bounds kSigned{.min = -1, .max = 1};

// ---- top level -------------------------------------------------------------------------

constexpr KeySpec kTopLevel[] = {
    {.key = "schema", .need = Need::kRequired, .default_text = "—",
     .meaning = "File type and version; must be `polarity/scenario 1` (in every file, variants too)"},
    {.key = "extends", .default_text = "none",
     .meaning = "Path of a base scenario, relative to this file; this file is applied on top of it"},
    {.key = "name", .default_text = "the file name without extension",
     .meaning = "Short name; the default output directory is results/NAME/"},
    {.key = "title", .default_text = "empty", .meaning = "One-line title"},
    {.key = "description", .default_text = "empty", .meaning = "Free text"},
    {.key = "sources", .type = T::kList, .default_text = "none",
     .meaning = "Citable sources: a list of {id, citation}; values cite them with `source: ID`"},
    {.key = "time", .type = T::kSection, .default_text = "see `time`", .meaning = "Start, step and length of a run"},
    {.key = "seed", .type = T::kInteger, .default_text = "1", .bounds = {.min = 0, .max = 18446744073709551616.0, .max_open = true},
     .meaning = "Seed of the random streams", .range_text = "whole, 0 to 2^64-1",
     .get = [](const Scenario& s) { return static_cast<double>(s.seed); },
     .set = [](Scenario& s, double v) { s.seed = static_cast<std::uint64_t>(v); }},
    {.key = "replications", .type = T::kInteger, .default_text = "1", .bounds = {.min = 1, .max = 1e6},
     .meaning = "Runs with the same inputs and different random streams",
     .get = [](const Scenario& s) { return static_cast<double>(s.replications); },
     .set = [](Scenario& s, double v) { s.replications = static_cast<int>(v); }},
    {.key = "domains", .type = T::kNames, .default_text = "land, air, naval, strike, nuclear, cyber_space, isr",
     .meaning = "Names of the capability domains (letters, digits, `_`), in column order"},
    {.key = "actors", .type = T::kNameMap, .need = Need::kRequiredInResult, .default_text = "—",
     .meaning = "The actors, keyed by id (letters, digits, `_`; ISO 3166 alpha-3 where one exists); file order is actor order"},
    {.key = "relations", .type = T::kList, .default_text = "none",
     .meaning = "Initial dyad values; later entries override earlier ones field by field"},
    {.key = "groups", .type = T::kNameMap, .default_text = "none",
     .meaning = "Named lists of actor ids, usable wherever an actor is referenced"},
    {.key = "events", .type = T::kList, .default_text = "none", .meaning = "Scheduled events"},
    {.key = "parameters", .type = T::kSection, .default_text = "see `parameters`",
     .meaning = "Model parameters, nested by group: `parameters: {alliance: {rate: 0.2}}`"},
    {.key = "outputs", .type = T::kSection, .default_text = "see `outputs`", .meaning = "What a run records"},
    {.key = "network", .type = T::kSection, .default_text = "see `network`",
     .meaning = "Dense (every pair is a dyad) or sparse (dyads only on ties) storage of relations"},
};

constexpr KeySpec kTime[] = {
    {.key = "start", .type = T::kNumber, .default_text = "2023.5", .bounds = kAny,
     .meaning = "Calendar year of tick 0",
     .get = [](const Scenario& s) { return s.start; }, .set = [](Scenario& s, double v) { s.start = v; }},
    {.key = "dt", .type = T::kNumber, .default_text = "0.25", .bounds = {.min = 0, .max = 100, .min_open = true},
     .meaning = "Years per tick",
     .get = [](const Scenario& s) { return s.dt; }, .set = [](Scenario& s, double v) { s.dt = v; }},
    {.key = "ticks", .type = T::kInteger, .default_text = "80", .bounds = {.min = 0, .max = 1e7},
     .meaning = "Number of steps of a run",
     .get = [](const Scenario& s) { return static_cast<double>(s.ticks); },
     .set = [](Scenario& s, double v) { s.ticks = static_cast<int>(v); }},
};

constexpr KeySpec kSource[] = {
    {.key = "id", .need = Need::kRequired, .default_text = "—",
     .meaning = "Name values cite (letters, digits, `_`, `-`, `.`)"},
    {.key = "citation", .need = Need::kRequired, .default_text = "—", .meaning = "Full reference"},
};

// ---- actors ----------------------------------------------------------------------------

constexpr KeySpec kActor[] = {
    {.key = "name", .default_text = "the id", .meaning = "Display name"},
    {.key = "location", .type = T::kSection, .default_text = "0°N 0°E (with a warning)",
     .meaning = "Capital: {lat, lon} in degrees; distances are great-circle between capitals"},
    {.key = "reach_km", .type = T::kNumber, .default_text = "2000", .bounds = kPositive,
     .meaning = "R_i: power-projection reach, km; proximity is exp(-distance / reach)", .actor = &ActorSpec::reach_km},
    {.key = "gdp", .type = T::kNumber, .need = Need::kRequiredInResult, .default_text = "—", .bounds = kPositive,
     .meaning = "y_i: GDP, USD bn", .actor = &ActorSpec::gdp},
    {.key = "gdp_growth", .type = T::kNumber, .default_text = "0.02", .bounds = {.min = -1, .max = 1},
     .meaning = "γ_i: GDP growth rate, 1/year", .actor = &ActorSpec::gdp_growth},
    {.key = "milex", .type = T::kNumber, .need = Need::kRequiredInResult, .default_text = "—", .bounds = kNonNegative,
     .meaning = "m_i: military expenditure, USD bn/year", .actor = &ActorSpec::milex},
    {.key = "milex_floor", .type = T::kNumber, .default_text = "0", .bounds = kNonNegative,
     .meaning = "m_min_i: spending never falls below this, USD bn/year", .actor = &ActorSpec::milex_floor},
    {.key = "burden_cap", .type = T::kNumber, .default_text = "0.1", .bounds = kUnit,
     .meaning = "b_i: spending cap as a share of GDP; 0 means no cap", .actor = &ActorSpec::burden_cap},
    {.key = "efficiency", .type = T::kNumber, .default_text = "1", .bounds = kNonNegative,
     .meaning = "e_i: capability bought per unit of spending", .actor = &ActorSpec::efficiency},
    {.key = "resolve", .type = T::kNumber, .default_text = "0.5", .bounds = kUnit,
     .meaning = "ρ_i: willingness to run risks for itself and its allies", .actor = &ActorSpec::resolve},
    {.key = "revisionism", .type = T::kNumber, .default_text = "0", .bounds = kUnit,
     .meaning = "ι_i: dissatisfaction with the status quo", .actor = &ActorSpec::revisionism},
    {.key = "richardson", .type = T::kSection, .default_text = "see `actors.ID.richardson`",
     .meaning = "Arms-race coefficients {reactivity, fatigue, grievance}"},
    {.key = "capability", .type = T::kDomainMap, .default_text = "steady state e·m·a/δ", .bounds = kNonNegative,
     .meaning = "c_i: capability stock per domain, USD bn eq.; a domain left out starts at the stock its spending sustains"},
    {.key = "allocation", .type = T::kDomainMap, .default_text = "even", .bounds = kNonNegative,
     .meaning = "a_i: shares of spending per domain; normalised to sum 1, a domain left out is 0, no map at all is even"},
    {.key = "concern", .type = T::kDomainMap, .default_text = "even", .bounds = kNonNegative,
     .meaning = "w_i: how much each domain of others' forces threatens i; normalised like allocation, not all 0"},
};

constexpr KeySpec kLocation[] = {
    {.key = "lat", .type = T::kNumber, .need = Need::kRequired, .default_text = "—", .bounds = {.min = -90, .max = 90},
     .meaning = "Latitude of the capital, degrees north", .actor = &ActorSpec::lat},
    {.key = "lon", .type = T::kNumber, .need = Need::kRequired, .default_text = "—", .bounds = {.min = -180, .max = 180},
     .meaning = "Longitude of the capital, degrees east", .actor = &ActorSpec::lon},
};

constexpr KeySpec kRichardson[] = {
    {.key = "reactivity", .type = T::kNumber, .default_text = "0.01", .bounds = kNonNegative,
     .meaning = "k_i: response of spending to defence need, 1/year", .actor = &ActorSpec::reactivity},
    {.key = "fatigue", .type = T::kNumber, .default_text = "0.05", .bounds = kNonNegative,
     .meaning = "α_i: relative decline of spending, 1/year", .actor = &ActorSpec::fatigue},
    {.key = "grievance", .type = T::kNumber, .default_text = "0", .bounds = kAny,
     .meaning = "g_i: constant push on spending (negative: goodwill), USD bn/year", .actor = &ActorSpec::grievance},
};

// ---- relations -------------------------------------------------------------------------

constexpr KeySpec kRelation[] = {
    {.key = "between", .type = T::kPair, .default_text = "—",
     .meaning = "[A, B]: a symmetric entry; A and B are actor ids, group names or lists (every pair across)"},
    {.key = "from", .type = T::kRefs, .default_text = "—", .meaning = "A directed entry's first side (with `to`); takes only `stance`"},
    {.key = "to", .type = T::kRefs, .default_text = "—", .meaning = "A directed entry's second side"},
    {.key = "alliance", .type = T::kNumber, .default_text = "0", .bounds = kUnit,
     .meaning = "A_ij: alliance depth (symmetric entries only)", .relation = &RelationSpec::alliance},
    {.key = "stance", .type = T::kNumber, .default_text = "0", .bounds = kSigned,
     .meaning = "S_ij: stance, negative rivalry to positive friendship; symmetric entries set both directions",
     .relation = &RelationSpec::stance},
    {.key = "friction", .type = T::kNumber, .default_text = "0", .bounds = kNonNegative,
     .meaning = "F_ij: obstacles to alignment (symmetric entries only)", .relation = &RelationSpec::friction},
    {.key = "interdependence", .type = T::kNumber, .default_text = "0", .bounds = kUnit,
     .meaning = "E_ij: economic interdependence (symmetric entries only)", .relation = &RelationSpec::interdependence},
    {.key = "distance_km", .type = T::kNumber, .default_text = "great-circle between capitals", .bounds = kPositive,
     .meaning = "d_ij: distance used for proximity (symmetric entries only)", .relation = &RelationSpec::distance_km},
};

// ---- events ----------------------------------------------------------------------------

constexpr KeySpec kEvent[] = {
    {.key = "id", .need = Need::kRequired, .default_text = "—",
     .meaning = "Unique name (letters, digits, `_`, `-`); a variant's event with a base event's id replaces it"},
    {.key = "at", .type = T::kNumber, .default_text = "—", .bounds = kAny,
     .meaning = "Calendar time; applies in the first step at or after it (not before `time.start`); give `at` or `tick`"},
    {.key = "tick", .type = T::kInteger, .default_text = "—", .bounds = {.min = 0, .max = 1e9},
     .meaning = "Tick number instead of `at`; applies in the step that produces it (0 and 1: the first step)"},
    {.key = "source", .default_text = "none", .meaning = "Id of a declared source"},
    {.key = "quote", .default_text = "empty", .meaning = "Words of the source"},
    {.key = "note", .default_text = "empty", .meaning = "Free text"},
    {.key = "effects", .type = T::kList, .need = Need::kRequired, .default_text = "—",
     .meaning = "What the event changes: a list of one-key maps `{FIELD: {selectors, operation}}`"},
};

constexpr KeySpec kEffectField[] = {
    {.key = "milex", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "gdp", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "gdp_growth", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "milex_floor", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "burden_cap", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "efficiency", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "resolve", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "revisionism", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "reach_km", .type = T::kSection, .default_text = "—", .meaning = "Actor field (with `actor`)"},
    {.key = "reactivity", .type = T::kSection, .default_text = "—", .meaning = "Actor field richardson.reactivity (with `actor`)"},
    {.key = "fatigue", .type = T::kSection, .default_text = "—", .meaning = "Actor field richardson.fatigue (with `actor`)"},
    {.key = "grievance", .type = T::kSection, .default_text = "—", .meaning = "Actor field richardson.grievance (with `actor`)"},
    {.key = "capability", .type = T::kSection, .default_text = "—", .meaning = "Actor capability stock (with `actor` and `domain`)"},
    {.key = "alliance", .type = T::kSection, .default_text = "—", .meaning = "Dyad field (with `among` or `between`)"},
    {.key = "stance", .type = T::kSection, .default_text = "—",
     .meaning = "Dyad field (with `among`, `between`, or `from` and `to` for one direction)"},
    {.key = "friction", .type = T::kSection, .default_text = "—", .meaning = "Dyad field (with `among` or `between`)"},
    {.key = "interdependence", .type = T::kSection, .default_text = "—", .meaning = "Dyad field (with `among` or `between`)"},
    {.key = "crisis", .type = T::kSection, .default_text = "—",
     .meaning = "Starts a crisis (with `challenger` and `target`; no operation)"},
    {.key = "parameter", .type = T::kSection, .default_text = "—", .meaning = "Changes a model parameter (with `path`)"},
};

constexpr KeySpec kEffect[] = {
    {.key = "actor", .type = T::kRefs, .default_text = "—", .meaning = "Actor effects: the actors changed"},
    {.key = "among", .type = T::kRefs, .default_text = "—", .meaning = "Dyad effects: every pair within these actors"},
    {.key = "between", .type = T::kPair, .default_text = "—", .meaning = "Dyad effects: [X, Y], every pair across"},
    {.key = "from", .type = T::kRefs, .default_text = "—", .meaning = "Stance effects: the direction's first side (with `to`)"},
    {.key = "to", .type = T::kRefs, .default_text = "—", .meaning = "Stance effects: the direction's second side"},
    {.key = "challenger", .type = T::kRefs, .default_text = "—", .meaning = "Crisis effects: who challenges"},
    {.key = "target", .type = T::kRefs, .default_text = "—", .meaning = "Crisis effects: who is challenged"},
    {.key = "domain", .default_text = "—", .meaning = "Capability effects: the domain"},
    {.key = "path", .default_text = "—",
     .meaning = "Parameter effects: the parameter, e.g. `alliance.rate` (a leading `parameters.` is allowed)"},
    {.key = "set", .type = T::kNumberOp, .default_text = "—", .bounds = kAny,
     .meaning = "Operation: replace the value (checked against the field's range)"},
    {.key = "add", .type = T::kNumberOp, .default_text = "—", .bounds = kAny, .meaning = "Operation: add to the value"},
    {.key = "scale", .type = T::kNumberOp, .default_text = "—", .bounds = kNonNegative,
     .meaning = "Operation: multiply the value"},
};

// ---- outputs, sourced values -----------------------------------------------------------

constexpr KeySpec kOutput[] = {
    {.key = "every", .type = T::kInteger, .default_text = "1", .bounds = {.min = 1, .max = 1e9},
     .meaning = "Record every n ticks",
     .get = [](const Scenario& s) { return static_cast<double>(s.outputs.every); },
     .set = [](Scenario& s, double v) { s.outputs.every = static_cast<int>(v); }},
    {.key = "networks_every", .type = T::kInteger, .default_text = "0", .bounds = {.min = 0, .max = 1e9},
     .meaning = "GraphML alliance snapshot every n ticks; 0: final tick only",
     .get = [](const Scenario& s) { return static_cast<double>(s.outputs.networks_every); },
     .set = [](Scenario& s, double v) { s.outputs.networks_every = static_cast<int>(v); }},
    {.key = "timeseries", .type = T::kBoolean, .default_text = "true", .meaning = "Write timeseries.csv",
     .get = [](const Scenario& s) { return s.outputs.timeseries ? 1.0 : 0.0; },
     .set = [](Scenario& s, double v) { s.outputs.timeseries = v != 0.0; }},
    {.key = "dyads", .type = T::kBoolean, .default_text = "true", .meaning = "Include dyad variables in timeseries.csv",
     .get = [](const Scenario& s) { return s.outputs.dyads ? 1.0 : 0.0; },
     .set = [](Scenario& s, double v) { s.outputs.dyads = v != 0.0; }},
};

constexpr KeySpec kNetwork[] = {
    {.key = "sparse", .type = T::kBoolean, .default_text = "false",
     .meaning = "Sparse mode: dyads exist only on ties (the pairs in `relations`, and pairs within reach); a tick costs in proportion to the ties",
     .get = [](const Scenario& s) { return s.network.sparse ? 1.0 : 0.0; },
     .set = [](Scenario& s, double v) { s.network.sparse = v != 0.0; }},
    {.key = "reach_factor", .type = T::kNumber, .default_text = "1", .bounds = {.min = 0, .max = 1e3},
     .meaning = "Sparse mode: also tie every pair with distance <= reach_factor x max(R_i, R_j); 0: only `relations` pairs",
     .get = [](const Scenario& s) { return s.network.reach_factor; },
     .set = [](Scenario& s, double v) { s.network.reach_factor = v; }},
};

constexpr KeySpec kSourcedValue[] = {
    {.key = "value", .type = T::kNumber, .need = Need::kRequired, .default_text = "—", .bounds = kAny,
     .meaning = "The number (the field's own range applies)"},
    {.key = "source", .default_text = "none", .meaning = "Id of a declared source"},
    {.key = "quote", .default_text = "empty", .meaning = "Words of the source that support the value"},
    {.key = "note", .default_text = "empty",
     .meaning = "Free text; naming another source id and a number records a disagreement"},
};

constexpr KeyTable kTables[] = {
    {"Top-level keys", "top level", kTopLevel},
    {"`time`", "time", kTime},
    {"`sources[]`", "sources[]", kSource},
    {"`actors.ID`", "actors.ID", kActor},
    {"`actors.ID.location`", "actors.ID.location", kLocation},
    {"`actors.ID.richardson`", "actors.ID.richardson", kRichardson},
    {"`relations[]`", "relations[]", kRelation},
    {"`events[]`", "events[]", kEvent},
    {"Effect fields", "effect", kEffectField},
    {"Effect selectors and operations", "effect", kEffect},
    {"`outputs`", "outputs", kOutput},
    {"Sourced values", "sourced value", kSourcedValue},
    {"`network`", "network", kNetwork},
};

}  // namespace

const KeyTable& TopLevelKeys() { return kTables[0]; }
const KeyTable& TimeKeys() { return kTables[1]; }
const KeyTable& SourceKeys() { return kTables[2]; }
const KeyTable& ActorKeys() { return kTables[3]; }
const KeyTable& LocationKeys() { return kTables[4]; }
const KeyTable& RichardsonKeys() { return kTables[5]; }
const KeyTable& RelationKeys() { return kTables[6]; }
const KeyTable& EventKeys() { return kTables[7]; }
const KeyTable& EffectFieldKeys() { return kTables[8]; }
const KeyTable& EffectKeys() { return kTables[9]; }
const KeyTable& OutputKeys() { return kTables[10]; }
const KeyTable& SourcedValueKeys() { return kTables[11]; }
const KeyTable& NetworkKeys() { return kTables[12]; }

std::vector<const KeyTable*> AllKeyTables() {
  std::vector<const KeyTable*> out;
  for (const KeyTable& table : kTables) out.push_back(&table);
  return out;
}

const KeySpec* FindKey(const KeyTable& table, std::string_view key) {
  for (const KeySpec& spec : table.keys) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::string_view TypeText(KeyType type) {
  switch (type) {
    case KeyType::kString: return "string";
    case KeyType::kNumber: return "number";
    case KeyType::kInteger: return "integer";
    case KeyType::kBoolean: return "true/false";
    case KeyType::kSection: return "map";
    case KeyType::kList: return "list of maps";
    case KeyType::kNameMap: return "map by name";
    case KeyType::kDomainMap: return "map domain → number";
    case KeyType::kNames: return "list of names";
    case KeyType::kRefs: return "actor, group or list";
    case KeyType::kPair: return "[X, Y]";
    case KeyType::kNumberOp: return "number";
  }
  return "";
}

std::vector<std::string> KeyNames(const KeyTable& table) {
  std::vector<std::string> out;
  for (const KeySpec& spec : table.keys) out.emplace_back(spec.key);
  return out;
}

std::vector<ActorNumberField> ActorNumberFields() {
  std::vector<ActorNumberField> out;
  const auto add = [&](const KeyTable& table, std::string_view prefix) {
    for (const KeySpec& spec : table.keys) {
      if (spec.actor != nullptr) out.push_back({std::string(prefix) + std::string(spec.key), &spec});
    }
  };
  add(ActorKeys(), "");
  add(LocationKeys(), "location.");
  add(RichardsonKeys(), "richardson.");
  return out;
}

const KeySpec* FindActorNumberField(std::string_view path) {
  for (const ActorNumberField& field : ActorNumberFields()) {
    if (field.path == path) return field.spec;
  }
  return nullptr;
}

const KeySpec* FindActorFieldByName(std::string_view name) {
  for (const KeyTable* table : {&ActorKeys(), &RichardsonKeys()}) {
    const KeySpec* spec = FindKey(*table, name);
    if (spec != nullptr && spec->actor != nullptr) return spec;
  }
  return nullptr;
}

std::map<std::string, SourcedValue>* DomainMap(ActorSpec& actor, std::string_view name) {
  if (name == "capability") return &actor.capability;
  if (name == "allocation") return &actor.allocation;
  if (name == "concern") return &actor.concern;
  return nullptr;
}

const std::map<std::string, SourcedValue>* DomainMap(const ActorSpec& actor, std::string_view name) {
  return DomainMap(const_cast<ActorSpec&>(actor), name);
}

bool InBounds(const Bounds& b, double v) {
  if (!std::isfinite(v)) return false;
  if (b.min_open ? v <= b.min : v < b.min) return false;
  if (b.max_open ? v >= b.max : v > b.max) return false;
  return true;
}

std::string RangeText(const Bounds& b) {
  const bool has_min = b.min > -kInf, has_max = b.max < kInf;
  if (has_min && has_max) {
    return std::string(b.min_open ? "(" : "[") + FormatNumber(b.min) + ", " + FormatNumber(b.max) +
           (b.max_open ? ")" : "]");
  }
  if (has_min) return (b.min_open ? "> " : ">= ") + FormatNumber(b.min);
  if (has_max) return (b.max_open ? "< " : "<= ") + FormatNumber(b.max);
  return "any finite number";
}

std::string RangeText(const KeySpec& spec) {
  if (!spec.range_text.empty()) return std::string(spec.range_text);
  switch (spec.type) {
    case KeyType::kNumber:
    case KeyType::kInteger:
    case KeyType::kDomainMap:
    case KeyType::kNumberOp:
      return RangeText(spec.bounds);
    default:
      return "—";
  }
}

std::optional<std::string> CheckNumber(std::string_view path, double value, const Bounds& bounds) {
  const std::string head = std::string(path) + " = " + FormatNumber(value);
  if (!std::isfinite(value)) return head + " is not a finite number";
  if (InBounds(bounds, value)) return std::nullopt;
  const std::string range = RangeText(bounds);
  const bool interval = range.front() == '[' || range.front() == '(';
  return head + " is out of range: must be " + (interval ? "in " : "") + range;
}

Bounds ParameterBounds(const ParameterSpec& spec) { return Bounds{.min = spec.min, .max = spec.max}; }

std::string FormatNumber(double value) {
  if (std::isnan(value)) return ".nan";
  if (std::isinf(value)) return value > 0 ? ".inf" : "-.inf";
  char buffer[64];
  // Whole numbers as integers ("1000000", not the shortest form "1e+06").
  const auto result = std::abs(value) < 1e15 && value == std::trunc(value)
                          ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value))
                          : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace polarity::loader
