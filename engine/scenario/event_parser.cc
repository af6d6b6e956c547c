// `events:` — scheduled events and their effects. A variant's event with the id of a base
// event replaces it in place; other events are appended.

#include <algorithm>

#include "scenario/labels.h"
#include "scenario/parsers.h"
#include "scenario/suggest.h"

namespace polarity::loader {
namespace {

enum class EffectKind { kActor, kDyad, kCrisis, kParameter };

EffectKind KindOf(std::string_view field) {
  if (field == "crisis") return EffectKind::kCrisis;
  if (field == "parameter") return EffectKind::kParameter;
  if (FindKey(RelationKeys(), field) != nullptr) return EffectKind::kDyad;
  return EffectKind::kActor;
}

// The selectors an effect on `field` takes; the operations come on top (except for crises).
std::vector<std::string_view> Selectors(std::string_view field) {
  switch (KindOf(field)) {
    case EffectKind::kActor:
      if (field == "capability") return {"actor", "domain"};
      return {"actor"};
    case EffectKind::kDyad:
      if (field == "stance") return {"among", "between", "from", "to"};
      return {"among", "between"};
    case EffectKind::kCrisis: return {"challenger", "target"};
    case EffectKind::kParameter: return {"path"};
  }
  return {};
}

bool TakesOperation(std::string_view field) { return KindOf(field) != EffectKind::kCrisis; }

// "a 'milex' effect takes: actor, and one of set, add, scale".
std::string TakesText(std::string_view field) {
  std::string out = "a '" + std::string(field) + "' effect takes: ";
  const std::vector<std::string_view> selectors = Selectors(field);
  for (std::size_t i = 0; i < selectors.size(); ++i) out += (i > 0 ? ", " : "") + std::string(selectors[i]);
  if (TakesOperation(field)) out += ", and one of set, add, scale";
  return out;
}

struct Given {
  const KeySpec* spec;
  const YNode* key;
  const YNode* value;
};

const Given* Find(const std::vector<Given>& given, std::string_view key) {
  for (const Given& g : given) {
    if (g.spec->key == key) return &g;
  }
  return nullptr;
}

void RecordRefs(const ParseContext& ctx, std::size_t event, std::size_t effect, std::string_view what,
                const std::vector<SourceLocation>& where) {
  for (std::size_t k = 0; k < where.size(); ++k) {
    ctx.locations.Record(EffectKey(event, effect, std::string(what) + "." + std::to_string(k)), where[k]);
  }
}

class EffectParser {
 public:
  EffectParser(const ParseContext& ctx, std::size_t event, std::size_t effect) : ctx_(ctx), event_(event), effect_(effect) {}

  // False (reported) when the effect is unusable; the caller then drops it.
  bool Parse(const YNode& node, const std::string& path, EffectSpec* out) {
    if (!node.IsMap() || node.entries.empty()) {
      ctx_.TypeError(node, path, "a one-key map {FIELD: {...}}");
      return false;
    }
    if (node.entries.size() > 1) {
      ctx_.Error(node.entries[1].first, path + ": an effect has one key, what it changes; found '" +
                                            node.entries[0].first.text + "' and '" + node.entries[1].first.text +
                                            "' (give each its own '- ' item)");
      return false;
    }
    const auto& [key, body] = node.entries.front();
    if (FindKey(EffectFieldKeys(), key.text) == nullptr) {
      ctx_.Error(key, "unknown effect field '" + key.text + "' in " + path +
                          DidYouMean(key.text, KeyNames(EffectFieldKeys())));
      return false;
    }
    effect_path_ = path + "." + key.text;
    EffectSpec effect;
    effect.field = key.text;
    effect.where = key.where;
    std::vector<Given> given;
    if (!ForEachKey(ctx_, body, EffectKeys(), effect_path_, [&](const KeySpec& spec, const YNode& k, const YNode& v) {
          given.push_back({&spec, &k, &v});
        })) {
      return false;
    }
    bool ok = true;
    const Given* operation = nullptr;
    const std::vector<std::string_view> selectors = Selectors(effect.field);
    for (const Given& g : given) {
      const bool is_operation = g.spec->type == KeyType::kNumberOp;
      const bool allowed = is_operation ? TakesOperation(effect.field)
                                        : std::find(selectors.begin(), selectors.end(), g.spec->key) != selectors.end();
      if (!allowed) {
        ctx_.Error(*g.key, "'" + std::string(g.spec->key) + "' does not apply here: " + TakesText(effect.field));
        ok = false;
      } else if (is_operation && operation != nullptr) {
        ctx_.Error(*g.key, effect_path_ + " takes one operation; found '" + std::string(operation->spec->key) +
                               "' and '" + std::string(g.spec->key) + "'");
        ok = false;
      } else if (is_operation) {
        operation = &g;
        ok = ReadOperation(g, &effect) && ok;
      } else {
        ok = ReadSelector(g, &effect) && ok;
      }
    }
    ok = CheckComplete(given, operation, key, effect.field) && ok;
    if (ok) *out = std::move(effect);
    return ok;
  }

 private:
  bool ReadOperation(const Given& g, EffectSpec* effect) {
    effect->op = g.spec->key == "set" ? EffectOp::kSet : g.spec->key == "add" ? EffectOp::kAdd : EffectOp::kScale;
    const YNode& v = *g.value;
    // Boolean parameters are switched with true/false.
    if (effect->field == "parameter" && v.IsScalar() && !v.quoted && (v.text == "true" || v.text == "false")) {
      effect->value = v.text == "true" ? 1.0 : 0.0;
      ctx_.locations.Record(EffectKey(event_, effect_, "value"), v.where);
      return true;
    }
    SourcedValue number;
    if (!ReadNumber(ctx_, v, Join(effect_path_, g.spec->key), &number)) return false;
    if (number.cited()) {
      const std::string path = Join(effect_path_, g.spec->key);
      ctx_.locations.AddCitation(number.source, ctx_.locations.Find(CitationKey(path), number.where));
    }
    ctx_.locations.Record(EffectKey(event_, effect_, "value"), number.where);
    effect->value = number.value;
    return true;
  }

  bool ReadSelector(const Given& g, EffectSpec* effect) {
    const std::string_view key = g.spec->key;
    const std::string path = Join(effect_path_, key);
    std::vector<SourceLocation> where;
    if (key == "domain" || key == "path") {
      std::optional<std::string> text = ReadString(ctx_, *g.value, path);
      if (!text) return false;
      ctx_.locations.Record(EffectKey(event_, effect_, key), g.value->where);
      if (key == "domain") {
        effect->domain = std::move(*text);
      } else {
        effect->parameter = text->starts_with("parameters.") ? text->substr(11) : std::move(*text);
      }
      return true;
    }
    if (key == "between") {
      const YNode& pair = *g.value;
      if (!pair.IsSequence() || pair.items.size() != 2) {
        ctx_.TypeError(pair, path, "a list of two sides [X, Y]");
        return false;
      }
      std::vector<SourceLocation> second_where;
      const bool a = ReadRefs(ctx_, pair.items[0], path + "[0]", &effect->between_first, &where);
      const bool b = ReadRefs(ctx_, pair.items[1], path + "[1]", &effect->between_second, &second_where);
      RecordRefs(ctx_, event_, effect_, "between_first", where);
      RecordRefs(ctx_, event_, effect_, "between_second", second_where);
      return a && b;
    }
    std::vector<std::string>* out = key == "actor"                        ? &effect->actors
                                    : key == "among"                      ? &effect->among
                                    : key == "from" || key == "challenger" ? &effect->from
                                                                           : &effect->to;
    const std::string_view slot = key == "actor" ? "actors" : key == "among" ? "among"
                                  : (key == "from" || key == "challenger") ? "from" : "to";
    if (!ReadRefs(ctx_, *g.value, path, out, &where)) return false;
    RecordRefs(ctx_, event_, effect_, slot, where);
    return true;
  }

  // Every selector the field needs is there (one way of choosing pairs for dyads), and an
  // operation unless it is a crisis.
  bool CheckComplete(const std::vector<Given>& given, const Given* operation, const YNode& key,
                     const std::string& field) {
    const auto need = [&](std::string_view what) {
      if (Find(given, what) != nullptr) return true;
      ctx_.Error(key, effect_path_ + " needs '" + std::string(what) + "': " + TakesText(field));
      return false;
    };
    bool ok = true;
    switch (KindOf(field)) {
      case EffectKind::kActor:
        ok = need("actor");
        if (field == "capability") ok = need("domain") && ok;
        break;
      case EffectKind::kDyad: {
        const int ways = (Find(given, "among") != nullptr) + (Find(given, "between") != nullptr) +
                         (Find(given, "from") != nullptr || Find(given, "to") != nullptr);
        if (ways != 1) {
          ctx_.Error(key, effect_path_ + (ways == 0 ? " needs " : " takes only one of ") +
                              (field == "stance" ? "'among', 'between', or 'from' with 'to'" : "'among' or 'between'"));
          ok = false;
        } else if (Find(given, "from") != nullptr || Find(given, "to") != nullptr) {
          ok = need("from") && need("to");
        }
        break;
      }
      case EffectKind::kCrisis:
        ok = need("challenger");
        ok = need("target") && ok;
        break;
      case EffectKind::kParameter:
        ok = need("path");
        break;
    }
    if (TakesOperation(field) && operation == nullptr && !given.empty()) {
      ctx_.Error(key, effect_path_ + " needs one of 'set', 'add' or 'scale'");
      ok = false;
    } else if (TakesOperation(field) && operation == nullptr) {
      ok = false;  // an empty body: the selectors' messages above say what is missing
    }
    return ok;
  }

  const ParseContext& ctx_;
  std::size_t event_;
  std::size_t effect_;
  std::string effect_path_;
};

// The id, read before the rest: it names the event in messages and decides whether the
// event replaces one of a base file.
std::string PeekId(const YNode& node) {
  for (const auto& [key, value] : node.entries) {
    if (key.text == "id" && value.IsScalar()) return value.text;
  }
  return {};
}

void ParseEvent(const ParseContext& ctx, const YNode& node, std::size_t list_index, Scenario& scenario) {
  if (!node.IsMap()) {
    ctx.TypeError(node, "events[" + std::to_string(list_index) + "]", "a map (id, at or tick, effects)");
    return;
  }
  const std::string id = PeekId(node);
  const auto replaced = std::find_if(scenario.events.begin(), scenario.events.end(), [&](const EventSpec& e) {
    return !id.empty() && e.id == id && e.where.file != node.where.file;
  });
  const std::size_t index = static_cast<std::size_t>(replaced - scenario.events.begin());
  const std::string label = EventLabel(id, list_index);

  EventSpec event;
  event.where = node.where;
  const YNode* tick_key = nullptr;
  bool at_given = false;
  bool effects_given = false;
  ForEachKey(ctx, node, EventKeys(), label, [&](const KeySpec& spec, const YNode& key, const YNode& value) {
    const std::string path = Join(label, spec.key);
    const std::string_view k = spec.key;
    if (k == "at") {
      at_given = true;
      SourcedValue at;
      if (!ReadNumber(ctx, value, path, &at)) return;
      if (at.cited()) ctx.locations.AddCitation(at.source, ctx.locations.Find(CitationKey(path), at.where));
      ctx.locations.Record(EventKey(index, "at"), at.where);
      event.at = at.value;
    } else if (k == "tick") {
      tick_key = &key;
      if (const std::optional<int> tick = ReadInteger(ctx, value, path, spec.bounds)) event.tick = *tick;
    } else if (k == "effects") {
      effects_given = true;
      if (!value.IsSequence()) {
        ctx.TypeError(value, path, "a list of effects");
        return;
      }
      if (value.items.empty()) ctx.Error(value, path + " is empty; an event needs at least one effect");
      for (std::size_t e = 0; e < value.items.size(); ++e) {
        EffectSpec effect;
        EffectParser parser(ctx, index, event.effects.size());
        if (parser.Parse(value.items[e], path + "[" + std::to_string(e) + "]", &effect)) {
          event.effects.push_back(std::move(effect));
        }
      }
    } else if (std::optional<std::string> text = ReadString(ctx, value, path)) {
      if (k == "id") event.id = std::move(*text);
      if (k == "source") {
        event.source = std::move(*text);
        ctx.locations.Record(EventKey(index, "source"), value.where);
      }
      if (k == "quote") event.quote = std::move(*text);
      if (k == "note") event.note = std::move(*text);
    }
  });
  if (at_given && tick_key != nullptr) {
    ctx.Error(*tick_key, label + ": give either 'at' or 'tick', not both");
  } else if (!at_given && tick_key == nullptr) {
    ctx.Error(node, label + " needs 'at: YEAR' or 'tick: N'");
  }
  if (event.id.empty() || !effects_given) return;  // reported as a missing key
  if (replaced != scenario.events.end()) {
    *replaced = std::move(event);
  } else {
    scenario.events.push_back(std::move(event));
  }
}

}  // namespace

void ParseEvents(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  if (!node.IsSequence()) {
    ctx.TypeError(node, "events", "a list of events (- id: ...)");
    return;
  }
  for (std::size_t i = 0; i < node.items.size(); ++i) ParseEvent(ctx, node.items[i], i, scenario);
}

}  // namespace polarity::loader
