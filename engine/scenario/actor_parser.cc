// `actors:` — a map keyed by actor id. A variant's entry for an existing id overrides that
// actor's fields one by one; a new id adds an actor at the end.

#include <string>
#include <unordered_map>

#include "scenario/parsers.h"

namespace polarity::loader {
namespace {

// The numbers of a section whose rows bind to ActorSpec fields (the actor itself,
// location, richardson).
void ParseActorNumbers(const ParseContext& ctx, const YNode& node, const KeyTable& table, const std::string& path,
                       ActorSpec& actor) {
  ForEachKey(ctx, node, table, path, [&](const KeySpec& spec, const YNode&, const YNode& value) {
    if (spec.actor != nullptr) ReadNumber(ctx, value, Join(path, spec.key), &(actor.*spec.actor));
  });
}

void ParseDomainMap(const ParseContext& ctx, const YNode& node, const std::string& path,
                    std::map<std::string, SourcedValue>& out) {
  ForEachEntry(ctx, node, path, "domain", [&](const YNode& key, const YNode& value) {
    const std::string full = Join(path, key.text);
    SourcedValue number;
    if (!ReadNumber(ctx, value, full, &number)) return;
    ctx.locations.Record(KeyOf(full), key.where);
    out[key.text] = std::move(number);
  });
}

void ParseActor(const ParseContext& ctx, const YNode& value, const std::string& path, ActorSpec& actor) {
  ForEachKey(ctx, value, ActorKeys(), path, [&](const KeySpec& spec, const YNode& key, const YNode& v) {
    const std::string full = Join(path, spec.key);
    // Marks the key as given even if its value is unreadable, so that a bad `gdp: lots`
    // is not also reported as a missing gdp.
    ctx.locations.Record(KeyOf(full), key.where);
    if (spec.key == "name") {
      if (std::optional<std::string> name = ReadString(ctx, v, full)) actor.name = std::move(*name);
    } else if (spec.key == "location") {
      ParseActorNumbers(ctx, v, LocationKeys(), full, actor);
    } else if (spec.key == "richardson") {
      ParseActorNumbers(ctx, v, RichardsonKeys(), full, actor);
    } else if (spec.type == KeyType::kDomainMap) {
      ParseDomainMap(ctx, v, full, *DomainMap(actor, spec.key));
    } else if (spec.actor != nullptr) {
      ReadNumber(ctx, v, full, &(actor.*spec.actor));
    }
  });
}

}  // namespace

void ParseActors(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  // Index of the actors a base file already defined: a variant's entry updates them.
  std::unordered_map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < scenario.actors.size(); ++i) index.emplace(scenario.actors[i].id, i);
  // An unreadable `actors:` or actor entry is reported here, and must not also be reported
  // as "no actors" by the validator.
  if (!node.IsMap()) ctx.locations.Record(std::string(kUnreadableActors), node.where);
  ForEachEntry(ctx, node, "actors", "actor id", [&](const YNode& key, const YNode& value) {
    const std::string path = "actors." + key.text;
    if (!value.IsMap()) {
      ctx.TypeError(value, path, "a map of the actor's values (gdp, milex, ...)");
      ctx.locations.Record(std::string(kUnreadableActors), value.where);
      return;
    }
    auto [it, added] = index.emplace(key.text, scenario.actors.size());
    if (added) {
      ActorSpec actor;
      actor.id = key.text;
      actor.where = key.where;
      scenario.actors.push_back(std::move(actor));
    }
    ParseActor(ctx, value, path, scenario.actors[it->second]);
  });
}

}  // namespace polarity::loader
