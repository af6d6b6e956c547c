// `relations:` — a list of symmetric (`between: [A, B]`) and directed (`from: A, to: B`)
// entries. A variant's entries are appended after the base's, so they override them.

#include "scenario/labels.h"
#include "scenario/parsers.h"

namespace polarity::loader {
namespace {

struct Sides {
  std::vector<std::string> names;
  std::vector<SourceLocation> where;
};

bool ReadPair(const ParseContext& ctx, const YNode& node, const std::string& path, Sides* first, Sides* second) {
  if (!node.IsSequence()) {
    ctx.TypeError(node, path, "a list of two sides [A, B]");
    return false;
  }
  if (node.items.size() != 2) {
    ctx.Error(node, path + " has " + std::to_string(node.items.size()) +
                        " items; it takes two sides [A, B] (a side may itself be a list)");
    return false;
  }
  const bool a = ReadRefs(ctx, node.items[0], path + "[0]", &first->names, &first->where);
  const bool b = ReadRefs(ctx, node.items[1], path + "[1]", &second->names, &second->where);
  return a && b;
}

void RecordSides(const ParseContext& ctx, std::size_t index, const Sides& first, const Sides& second) {
  for (std::size_t k = 0; k < first.where.size(); ++k) ctx.locations.Record(RefKey("relations", index, "first", k), first.where[k]);
  for (std::size_t k = 0; k < second.where.size(); ++k) ctx.locations.Record(RefKey("relations", index, "second", k), second.where[k]);
}

// One entry; appended only when its sides are readable, so that the validator never sees
// an entry without actors.
void ParseRelation(const ParseContext& ctx, const YNode& node, std::size_t list_index, Scenario& scenario) {
  const std::string path = "relations[" + std::to_string(list_index) + "]";
  // The entry's keys in file order; the sides are read before the values so that messages
  // about values can name the relation.
  struct Given {
    const KeySpec* spec;
    const YNode* key;
    const YNode* value;
  };
  std::vector<Given> given;
  const bool is_map = ForEachKey(ctx, node, RelationKeys(), path, [&](const KeySpec& spec, const YNode& key, const YNode& value) {
    given.push_back({&spec, &key, &value});
  });
  if (!is_map) return;
  const auto find = [&](std::string_view key) -> const Given* {
    for (const Given& g : given) {
      if (g.spec->key == key) return &g;
    }
    return nullptr;
  };

  RelationSpec relation;
  relation.where = node.where;
  Sides first, second;
  const Given* between = find("between");
  const Given* from = find("from");
  const Given* to = find("to");
  bool ok = true;
  if (between != nullptr && (from != nullptr || to != nullptr)) {
    ctx.Error(*(from != nullptr ? from : to)->key,
              path + ": use either 'between: [A, B]' (symmetric) or 'from'/'to' (directed), not both");
    ok = false;
  } else if (between != nullptr) {
    ok = ReadPair(ctx, *between->value, path + ".between", &first, &second);
  } else if ((from == nullptr) != (to == nullptr)) {
    ctx.Error(*(from != nullptr ? from : to)->key, path + ": a directed entry needs both 'from' and 'to'");
    ok = false;
  } else if (from != nullptr) {
    relation.directed = true;
    ok = ReadRefs(ctx, *from->value, path + ".from", &first.names, &first.where);
    ok = ReadRefs(ctx, *to->value, path + ".to", &second.names, &second.where) && ok;
  } else {
    ctx.Error(node, path + " needs 'between: [A, B]' or 'from: A' and 'to: B'");
    ok = false;
  }
  relation.first = first.names;
  relation.second = second.names;
  const std::string label = ok ? RelationLabel(relation) : path;

  for (const Given& g : given) {
    if (g.spec->relation == nullptr) continue;
    if (relation.directed && g.spec->key != "stance") {
      ctx.Error(*g.key, "'" + std::string(g.spec->key) +
                            "' is symmetric: give it in a 'between: [A, B]' entry; 'from'/'to' entries take only 'stance'");
      continue;
    }
    ReadNumber(ctx, *g.value, Join(label, g.spec->key), &(relation.*g.spec->relation));
  }
  if (!ok) return;
  RecordSides(ctx, scenario.relations.size(), first, second);
  scenario.relations.push_back(std::move(relation));
}

}  // namespace

void ParseRelations(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  if (!node.IsSequence()) {
    ctx.TypeError(node, "relations", "a list of entries (- between: [A, B] ...)");
    return;
  }
  for (std::size_t i = 0; i < node.items.size(); ++i) ParseRelation(ctx, node.items[i], i, scenario);
}

}  // namespace polarity::loader
