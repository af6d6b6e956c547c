#pragma once
// The section parsers. Each applies one file's section to a Scenario that may already hold
// the sections of the files it extends: maps override key by key, lists are appended (see
// docs/scenario_format.md, "Variants"). They check structure and types; ranges and
// references are left to the validator, which sees the merged result.

#include "polarity/scenario.h"
#include "scenario/node_reader.h"
#include "scenario/yaml_reader.h"

namespace polarity::loader {

inline constexpr std::string_view kSchema = "polarity/scenario 1";

// The whole document (top-level keys); `extends` is only type-checked here, the loader
// has already applied the base file. False when the document is another kind of file
// (its schema names one): then only that is reported, not every key it does not share.
bool ParseDocument(const ParseContext& ctx, const YNode& root, Scenario& scenario);

void ParseActors(const ParseContext& ctx, const YNode& node, Scenario& scenario);
void ParseRelations(const ParseContext& ctx, const YNode& node, Scenario& scenario);
void ParseEvents(const ParseContext& ctx, const YNode& node, Scenario& scenario);
void ParseParameters(const ParseContext& ctx, const YNode& node, Scenario& scenario);

}  // namespace polarity::loader
