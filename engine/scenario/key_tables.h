#pragma once
// The keys of every section of a scenario file, one table per section: name, type, default,
// range and meaning. The parsers read keys through these tables (unknown keys and their
// "did you mean" come from them), the validator and the paths take ranges and bindings from
// them, and a test checks that docs/scenario_format.md documents every row.
//
// Model parameters are not repeated here: their table is ParameterSpecs() (parameters.h).

#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "polarity/scenario.h"

namespace polarity::loader {

enum class KeyType {
  kString,
  kNumber,     // plain or sourced ({value, source, quote, note})
  kInteger,    // a whole number, plain or sourced
  kBoolean,    // true or false
  kSection,    // a map with its own table of keys
  kList,       // a list of maps, each with its own table of keys
  kNameMap,    // a map keyed by names the user chooses (actor ids, group names)
  kDomainMap,  // a map domain -> number
  kNames,      // a list of names
  kRefs,       // an actor id, a group name, or a list of them
  kPair,       // [X, Y], each an actor id, a group name or a list of them
  kNumberOp,   // an effect operation: a number (true/false for boolean parameters)
};

enum class Need {
  kOptional,
  kRequired,          // in every map of this section
  kRequiredInResult,  // in the scenario once every file it extends is merged
};

// Inclusive bounds unless marked open; infinities mean unbounded.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;
};

struct KeySpec {
  std::string_view key = {};
  KeyType type = KeyType::kString;
  Need need = Need::kOptional;
  std::string_view default_text = {};  // as documented; "—" when there is none
  Bounds bounds = {};                  // numbers only
  std::string_view meaning = {};
  std::string_view range_text = {};  // overrides the text made from `bounds`

  // Where the value lives, so parsing, validation and paths use the same row.
  SourcedValue ActorSpec::*actor = nullptr;
  SourcedValue RelationSpec::*relation = nullptr;
  double (*get)(const Scenario&) = nullptr;
  void (*set)(Scenario&, double) = nullptr;
};

struct KeyTable {
  std::string_view title = {};    // its heading in docs/scenario_format.md
  std::string_view context = {};  // how messages name the section, e.g. "actors.ID"
  std::span<const KeySpec> keys = {};
};

const KeyTable& TopLevelKeys();
const KeyTable& TimeKeys();
const KeyTable& SourceKeys();
const KeyTable& ActorKeys();
const KeyTable& LocationKeys();
const KeyTable& RichardsonKeys();
const KeyTable& RelationKeys();
const KeyTable& EventKeys();
const KeyTable& EffectFieldKeys();  // the one key of an effect: what it changes
const KeyTable& EffectKeys();       // selectors and operations inside an effect
const KeyTable& OutputKeys();
const KeyTable& NetworkKeys();
const KeyTable& SourcedValueKeys();

// Every table above, in documentation order.
std::vector<const KeyTable*> AllKeyTables();

const KeySpec* FindKey(const KeyTable& table, std::string_view key);
// How docs/scenario_format.md names a type: "number", "integer", "list of names"...
std::string_view TypeText(KeyType type);
std::vector<std::string> KeyNames(const KeyTable& table);

// The actor fields a number can be read from or written to, with their paths under
// `actors.ID.` ("milex", "richardson.reactivity", "location.lat"), in table order.
struct ActorNumberField {
  std::string path;
  const KeySpec* spec;
};
std::vector<ActorNumberField> ActorNumberFields();
const KeySpec* FindActorNumberField(std::string_view path);
// The row of an actor field by its short name, as effects name it ("reactivity").
const KeySpec* FindActorFieldByName(std::string_view name);

// The domain maps of an actor: "capability", "allocation", "concern".
std::map<std::string, SourcedValue>* DomainMap(ActorSpec& actor, std::string_view name);
const std::map<std::string, SourcedValue>* DomainMap(const ActorSpec& actor, std::string_view name);

bool InBounds(const Bounds& bounds, double value);
// "[0, 1]", ">= 0", "> 0", "any finite number", or the row's range_text.
std::string RangeText(const KeySpec& spec);
std::string RangeText(const Bounds& bounds);
// The message for a bad number, or nullopt when it is finite and in bounds:
// "PATH = VALUE is not a finite number", "PATH = VALUE is out of range: must be in [0, 1]".
std::optional<std::string> CheckNumber(std::string_view path, double value, const Bounds& bounds);
// Bounds of a model parameter, from its ParameterSpec row.
Bounds ParameterBounds(const ParameterSpec& spec);

// Numbers as written back to users: shortest round-trip form; .nan, .inf, -.inf as in YAML.
std::string FormatNumber(double value);

}  // namespace polarity::loader
