#pragma once
// Typed reads from the YAML tree, each reporting what it expected and what it found, at
// the node's position, and walks over maps that report unknown and duplicate keys.
// The section parsers are written in terms of these, so every section gets the same
// messages. `path` arguments name the value in messages, e.g. "actors.CHN.milex".

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "polarity/diagnostics.h"
#include "polarity/scenario.h"
#include "scenario/key_tables.h"
#include "scenario/locations.h"
#include "scenario/yaml_reader.h"

namespace polarity::loader {

struct ParseContext {
  Diagnostics& diagnostics;
  Locations& locations;

  void Error(const YNode& at, std::string message) const { diagnostics.Error(at.where, std::move(message)); }
  void Error(const SourceLocation& at, std::string message) const { diagnostics.Error(at, std::move(message)); }
  // "PATH: expected WHAT, got X", unless the node lost part of itself to an earlier error.
  void TypeError(const YNode& node, std::string_view path, std::string_view expected) const;
};

// The number in a plain scalar, YAML spellings of infinity and NaN included; nullopt when
// the text is not a number. Non-finite results are returned, not refused: the validator
// reports them with the value's path.
std::optional<double> ParseNumberText(std::string_view text);

std::optional<std::string> ReadString(const ParseContext& ctx, const YNode& node, std::string_view path);
std::optional<bool> ReadBool(const ParseContext& ctx, const YNode& node, std::string_view path);

// A number written plainly or as {value, source, quote, note}. Sets every field of *out,
// present included; false (with a diagnostic) when the node is not a number.
bool ReadNumber(const ParseContext& ctx, const YNode& node, std::string_view path, SourcedValue* out);
// The same for values kept without provenance: a cited source is recorded in
// ctx.locations so the validator still checks it, and the value's position under `path`.
std::optional<double> ReadPlainNumber(const ParseContext& ctx, const YNode& node, std::string_view path);
// A whole number within `bounds` (checked here: the value is narrowed to an int).
std::optional<int> ReadInteger(const ParseContext& ctx, const YNode& node, std::string_view path,
                               const Bounds& bounds);
std::optional<std::uint64_t> ReadUnsigned64(const ParseContext& ctx, const YNode& node, std::string_view path);

// A name or a list of names (actor ids, group names); positions go to *where_out.
bool ReadRefs(const ParseContext& ctx, const YNode& node, std::string_view path,
              std::vector<std::string>* out, std::vector<SourceLocation>* where_out);
// A list of plain names.
bool ReadNames(const ParseContext& ctx, const YNode& node, std::string_view path,
               std::vector<std::string>* out, std::vector<SourceLocation>* where_out);

// Visits each entry of the map `node` whose key is in `table`, in file order. Unknown keys
// (with a suggestion), duplicate keys and keys the table marks kRequired but that are
// missing are reported; false when `node` is not a map.
using KeyVisitor = std::function<void(const KeySpec& spec, const YNode& key, const YNode& value)>;
bool ForEachKey(const ParseContext& ctx, const YNode& node, const KeyTable& table, std::string_view path,
                const KeyVisitor& visit);

// Visits each entry of a map keyed by user-chosen names (`noun` names them in messages:
// "actor id", "group"); duplicates are reported and skipped.
using EntryVisitor = std::function<void(const YNode& key, const YNode& value)>;
bool ForEachEntry(const ParseContext& ctx, const YNode& node, std::string_view path, std::string_view noun,
                  const EntryVisitor& visit);

// "unknown key 'K' in PATH; did you mean 'X'?" (or the list of valid keys when nothing is close).
std::string UnknownKeyMessage(std::string_view key, const std::vector<std::string>& valid, std::string_view path);

// "PATH.KEY", or KEY alone at the top level.
std::string Join(std::string_view path, std::string_view key);

}  // namespace polarity::loader
