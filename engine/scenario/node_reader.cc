#include "scenario/node_reader.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <map>

#include "scenario/suggest.h"

namespace polarity::loader {
namespace {

// Lists of valid keys longer than this are not spelled out in messages.
constexpr std::size_t kMaxListedKeys = 20;

bool IsOneOf(std::string_view text, std::initializer_list<std::string_view> options) {
  for (std::string_view option : options) {
    if (text == option) return true;
  }
  return false;
}

// The scalar that holds a number: the node itself, or the `value` of a sourced value, whose
// source, quote and note go to *meta (and the position of `source` to *source_where).
// nullptr (reported) when there is none.
const YNode* NumberScalar(const ParseContext& ctx, const YNode& node, std::string_view path,
                          SourcedValue* meta, SourceLocation* source_where) {
  if (node.IsScalar()) return &node;
  if (!node.IsMap()) {
    ctx.TypeError(node, path, "a number or {value, source, quote, note}");
    return nullptr;
  }
  const YNode* value = nullptr;
  ForEachKey(ctx, node, SourcedValueKeys(), path, [&](const KeySpec& spec, const YNode&, const YNode& v) {
    if (spec.key == "value") {
      if (v.IsScalar()) {
        value = &v;
      } else {
        ctx.TypeError(v, Join(path, "value"), "a plain number");
      }
      return;
    }
    std::optional<std::string> text = ReadString(ctx, v, Join(path, spec.key));
    if (!text) return;
    if (spec.key == "source") {
      meta->source = *text;
      *source_where = v.where;
    }
    if (spec.key == "quote") meta->quote = *text;
    if (spec.key == "note") meta->note = *text;
  });
  return value;
}

}  // namespace

void ParseContext::TypeError(const YNode& node, std::string_view path, std::string_view expected) const {
  if (node.damaged) return;
  std::string message = std::string(path) + ": expected " + std::string(expected) + ", got " + node.Describe();
  if (node.IsScalar() && node.quoted && ParseNumberText(node.text) &&
      expected.find("number") != std::string_view::npos) {
    message += " (write numbers without quotes)";
  }
  diagnostics.Error(node.where, std::move(message));
}

std::optional<double> ParseNumberText(std::string_view text) {
  if (IsOneOf(text, {".nan", ".NaN", ".NAN"})) return std::numeric_limits<double>::quiet_NaN();
  if (IsOneOf(text, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) return std::numeric_limits<double>::infinity();
  if (IsOneOf(text, {"-.inf", "-.Inf", "-.INF"})) return -std::numeric_limits<double>::infinity();
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  if (digits.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (end != digits.data() + digits.size()) return std::nullopt;
  if (error == std::errc::result_out_of_range) {
    // Too large is infinite (and refused later); too small rounds to zero.
    const bool tiny = digits.find("e-") != std::string_view::npos || digits.find("E-") != std::string_view::npos;
    if (tiny) return 0.0;
    return digits.front() == '-' ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  if (error != std::errc()) return std::nullopt;
  return value;
}

std::optional<std::string> ReadString(const ParseContext& ctx, const YNode& node, std::string_view path) {
  if (!node.IsScalar()) {
    ctx.TypeError(node, path, "a string");
    return std::nullopt;
  }
  return node.text;
}

std::optional<bool> ReadBool(const ParseContext& ctx, const YNode& node, std::string_view path) {
  if (node.IsScalar() && !node.quoted) {
    if (IsOneOf(node.text, {"true", "True", "TRUE"})) return true;
    if (IsOneOf(node.text, {"false", "False", "FALSE"})) return false;
  }
  ctx.TypeError(node, path, "true or false");
  return std::nullopt;
}

bool ReadNumber(const ParseContext& ctx, const YNode& node, std::string_view path, SourcedValue* out) {
  SourcedValue value;
  SourceLocation source_where;
  const YNode* scalar = NumberScalar(ctx, node, path, &value, &source_where);
  if (scalar == nullptr) return false;
  const std::optional<double> number = scalar->quoted ? std::nullopt : ParseNumberText(scalar->text);
  if (!number) {
    ctx.TypeError(*scalar, path, "a number");
    return false;
  }
  value.value = *number;
  value.present = true;
  value.where = scalar->where;
  if (value.cited()) ctx.locations.Record(CitationKey(path), source_where);
  *out = std::move(value);
  return true;
}

std::optional<double> ReadPlainNumber(const ParseContext& ctx, const YNode& node, std::string_view path) {
  SourcedValue value;
  if (!ReadNumber(ctx, node, path, &value)) return std::nullopt;
  if (value.cited()) ctx.locations.AddCitation(value.source, ctx.locations.Find(CitationKey(path), value.where));
  ctx.locations.Record(std::string(path), value.where);
  return value.value;
}

std::optional<int> ReadInteger(const ParseContext& ctx, const YNode& node, std::string_view path,
                               const Bounds& bounds) {
  const std::optional<double> value = ReadPlainNumber(ctx, node, path);
  if (!value) return std::nullopt;
  const SourceLocation where = ctx.locations.Find(path, node.where);
  if (std::optional<std::string> problem = CheckNumber(path, *value, bounds)) {
    ctx.Error(where, std::move(*problem));
    return std::nullopt;
  }
  if (*value != std::trunc(*value)) {
    ctx.Error(where, std::string(path) + " = " + FormatNumber(*value) + " must be a whole number");
    return std::nullopt;
  }
  if (std::abs(*value) > static_cast<double>(std::numeric_limits<int>::max())) {
    ctx.Error(where, std::string(path) + " = " + FormatNumber(*value) + " is too large");
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<std::uint64_t> ReadUnsigned64(const ParseContext& ctx, const YNode& node, std::string_view path) {
  SourcedValue meta;
  SourceLocation source_where;
  const YNode* scalar = NumberScalar(ctx, node, path, &meta, &source_where);
  if (scalar == nullptr) return std::nullopt;
  if (meta.cited()) ctx.locations.AddCitation(meta.source, source_where);
  ctx.locations.Record(std::string(path), scalar->where);
  std::uint64_t value = 0;
  const std::string& text = scalar->text;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (!scalar->quoted && error == std::errc() && end == text.data() + text.size()) return value;
  if (!scalar->quoted && ParseNumberText(text)) {
    ctx.Error(*scalar, std::string(path) + " = " + text + " is out of range: must be a whole number from 0 to 2^64-1");
  } else {
    ctx.TypeError(*scalar, path, "a whole number");
  }
  return std::nullopt;
}

bool ReadRefs(const ParseContext& ctx, const YNode& node, std::string_view path,
              std::vector<std::string>* out, std::vector<SourceLocation>* where_out) {
  if (node.IsScalar()) {
    out->push_back(node.text);
    where_out->push_back(node.where);
    return true;
  }
  if (!node.IsSequence() || node.items.empty()) {
    ctx.TypeError(node, path, "an actor id, a group name or a non-empty list of them");
    return false;
  }
  bool ok = true;
  for (const YNode& item : node.items) {
    if (!item.IsScalar()) {
      ctx.TypeError(item, path, "an actor id or group name");
      ok = false;
      continue;
    }
    out->push_back(item.text);
    where_out->push_back(item.where);
  }
  return ok;
}

bool ReadNames(const ParseContext& ctx, const YNode& node, std::string_view path,
               std::vector<std::string>* out, std::vector<SourceLocation>* where_out) {
  if (!node.IsSequence()) {
    ctx.TypeError(node, path, "a list of names");
    return false;
  }
  bool ok = true;
  for (const YNode& item : node.items) {
    if (!item.IsScalar()) {
      ctx.TypeError(item, path, "a name");
      ok = false;
      continue;
    }
    out->push_back(item.text);
    where_out->push_back(item.where);
  }
  return ok;
}

std::string UnknownKeyMessage(std::string_view key, const std::vector<std::string>& valid, std::string_view path) {
  std::string message = path.empty() ? "unknown top-level key '" + std::string(key) + "'"
                                     : "unknown key '" + std::string(key) + "' in " + std::string(path);
  const std::string suggestion = DidYouMean(key, valid);
  if (!suggestion.empty()) return message + suggestion;
  if (valid.empty() || valid.size() > kMaxListedKeys) return message;
  message += "; expected one of: ";
  for (std::size_t i = 0; i < valid.size(); ++i) message += (i > 0 ? ", " : "") + valid[i];
  return message;
}

std::string Join(std::string_view path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return std::string(path) + "." + std::string(key);
}

bool ForEachKey(const ParseContext& ctx, const YNode& node, const KeyTable& table, std::string_view path,
                const KeyVisitor& visit) {
  if (!node.IsMap()) {
    ctx.TypeError(node, path.empty() ? std::string_view("the top level") : path, "a map");
    return false;
  }
  std::map<std::string_view, const YNode*> seen;
  for (const auto& [key, value] : node.entries) {
    const KeySpec* spec = FindKey(table, key.text);
    if (spec == nullptr) {
      ctx.Error(key, UnknownKeyMessage(key.text, KeyNames(table), path));
      continue;
    }
    if (const auto it = seen.find(key.text); it != seen.end()) {
      ctx.Error(key, "duplicate key '" + key.text + "'" + (path.empty() ? "" : " in " + std::string(path)) +
                         "; the first is at line " + std::to_string(it->second->where.line));
      continue;
    }
    seen.emplace(key.text, &key);
    visit(*spec, key, value);
  }
  for (const KeySpec& spec : table.keys) {
    if (spec.need == Need::kRequired && !seen.contains(spec.key) && !node.damaged) {
      ctx.Error(node, (path.empty() ? std::string("the file") : std::string(path)) + " is missing required key '" +
                          std::string(spec.key) + "'");
    }
  }
  return true;
}

bool ForEachEntry(const ParseContext& ctx, const YNode& node, std::string_view path, std::string_view noun,
                  const EntryVisitor& visit) {
  if (!node.IsMap()) {
    ctx.TypeError(node, path, "a map");
    return false;
  }
  std::map<std::string_view, const YNode*> seen;
  for (const auto& [key, value] : node.entries) {
    if (const auto it = seen.find(key.text); it != seen.end()) {
      ctx.Error(key, "duplicate " + std::string(noun) + " '" + key.text + "' in " + std::string(path) +
                         "; the first is at line " + std::to_string(it->second->where.line));
      continue;
    }
    seen.emplace(key.text, &key);
    visit(key, value);
  }
  return true;
}

}  // namespace polarity::loader
