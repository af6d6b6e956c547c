// The top level of a scenario file and its small sections: schema, names, sources, time,
// seed, replications, domains, groups, outputs, network.

#include <algorithm>

#include "scenario/labels.h"
#include "scenario/parsers.h"
#include "scenario/suggest.h"

namespace polarity::loader {
namespace {

void ParseSchema(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  const std::optional<std::string> schema = ReadString(ctx, node, "schema");
  if (!schema) return;
  if (*schema == kSchema) {
    scenario.schema = *schema;
    return;
  }
  std::string message = "unsupported schema '" + *schema + "'; expected '" + std::string(kSchema) + "'";
  if (schema->starts_with("polarity/sweep")) message += " (this is a sweep file, not a scenario)";
  ctx.Error(node, message);
}

// Sources merge by id: an id already declared by a base file is replaced; one declared twice
// in the same file is kept twice, for the validator to report.
void ParseSources(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  if (!node.IsSequence()) {
    ctx.TypeError(node, "sources", "a list of {id, citation}");
    return;
  }
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const std::string path = "sources[" + std::to_string(i) + "]";
    SourceSpec source;
    source.where = node.items[i].where;
    const bool is_map = ForEachKey(ctx, node.items[i], SourceKeys(), path,
                                   [&](const KeySpec& spec, const YNode&, const YNode& value) {
      std::optional<std::string> text = ReadString(ctx, value, Join(path, spec.key));
      if (!text) return;
      if (spec.key == "id") {
        source.id = *text;
        source.where = value.where;
      } else {
        source.citation = *text;
      }
    });
    if (!is_map || source.id.empty()) continue;
    auto it = std::find_if(scenario.sources.begin(), scenario.sources.end(), [&](const SourceSpec& s) {
      return s.id == source.id && s.where.file != source.where.file;
    });
    if (it != scenario.sources.end()) {
      *it = std::move(source);
    } else {
      scenario.sources.push_back(std::move(source));
    }
  }
}

// Reads the keys of a section whose values live in Scenario fields (time, outputs).
void ParseScalarSection(const ParseContext& ctx, const YNode& node, const KeyTable& table, std::string_view path,
                        Scenario& scenario) {
  ForEachKey(ctx, node, table, path, [&](const KeySpec& spec, const YNode&, const YNode& value) {
    const std::string full = Join(path, spec.key);
    if (spec.type == KeyType::kBoolean) {
      if (const std::optional<bool> b = ReadBool(ctx, value, full)) {
        ctx.locations.Record(full, value.where);
        spec.set(scenario, *b ? 1.0 : 0.0);
      }
    } else if (spec.type == KeyType::kInteger) {
      if (const std::optional<int> n = ReadInteger(ctx, value, full, spec.bounds)) spec.set(scenario, *n);
    } else if (const std::optional<double> x = ReadPlainNumber(ctx, value, full)) {
      spec.set(scenario, *x);
    }
  });
}

void ParseDomains(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  std::vector<std::string> names;
  std::vector<SourceLocation> where;
  if (!ReadNames(ctx, node, "domains", &names, &where)) return;
  for (std::size_t k = 0; k < where.size(); ++k) ctx.locations.Record("domains." + std::to_string(k), where[k]);
  ctx.locations.Record("domains", node.where);
  scenario.domains = std::move(names);
}

void ParseGroups(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  ForEachEntry(ctx, node, "groups", "group", [&](const YNode& key, const YNode& value) {
    const std::string path = "groups." + key.text;
    std::vector<std::string> members;
    std::vector<SourceLocation> where;
    if (!ReadNames(ctx, value, path, &members, &where)) return;
    ctx.locations.Record(KeyOf(path), key.where);
    for (std::size_t k = 0; k < where.size(); ++k) ctx.locations.Record(path + "." + std::to_string(k), where[k]);
    scenario.groups[key.text] = std::move(members);
  });
}

void ParseText(const ParseContext& ctx, const YNode& node, std::string_view key, std::string* out) {
  if (std::optional<std::string> text = ReadString(ctx, node, key)) *out = std::move(*text);
}

}  // namespace

bool ParseDocument(const ParseContext& ctx, const YNode& root, Scenario& scenario) {
  if (root.IsMap()) {
    for (const auto& [key, value] : root.entries) {
      if (key.text == "schema" && value.IsScalar() && !value.text.starts_with("polarity/scenario")) {
        ParseSchema(ctx, value, scenario);
        return false;
      }
    }
  }
  ForEachKey(ctx, root, TopLevelKeys(), "", [&](const KeySpec& spec, const YNode& key, const YNode& value) {
    const std::string_view k = spec.key;
    // `events:` with nothing after it is an empty section, a common placeholder.
    const bool collection = spec.type == KeyType::kList || spec.type == KeyType::kNameMap || spec.type == KeyType::kSection;
    if (value.IsNull() && collection && k != "actors") return;
    if (k == "schema") {
      ParseSchema(ctx, value, scenario);
    } else if (k == "extends") {
      ReadString(ctx, value, "extends");
    } else if (k == "name") {
      ParseText(ctx, value, k, &scenario.name);
    } else if (k == "title") {
      ParseText(ctx, value, k, &scenario.title);
    } else if (k == "description") {
      ParseText(ctx, value, k, &scenario.description);
    } else if (k == "sources") {
      ParseSources(ctx, value, scenario);
    } else if (k == "time") {
      ParseScalarSection(ctx, value, TimeKeys(), "time", scenario);
    } else if (k == "seed") {
      if (const std::optional<std::uint64_t> seed = ReadUnsigned64(ctx, value, "seed")) scenario.seed = *seed;
    } else if (k == "replications") {
      if (const std::optional<int> n = ReadInteger(ctx, value, k, spec.bounds)) scenario.replications = *n;
    } else if (k == "domains") {
      ParseDomains(ctx, value, scenario);
    } else if (k == "actors") {
      ctx.locations.Record("actors", key.where);
      ParseActors(ctx, value, scenario);
    } else if (k == "relations") {
      ParseRelations(ctx, value, scenario);
    } else if (k == "groups") {
      ParseGroups(ctx, value, scenario);
    } else if (k == "events") {
      ParseEvents(ctx, value, scenario);
    } else if (k == "parameters") {
      ParseParameters(ctx, value, scenario);
    } else if (k == "outputs") {
      ParseScalarSection(ctx, value, OutputKeys(), "outputs", scenario);
    } else if (k == "network") {
      ParseScalarSection(ctx, value, NetworkKeys(), "network", scenario);
    }
  });
  return true;
}

}  // namespace polarity::loader
