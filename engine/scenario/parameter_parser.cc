// `parameters:` — nested maps whose paths are the rows of ParameterSpecs() (parameters.h),
// plus `capability.depreciation_by_domain: {DOMAIN: rate}`.

#include <algorithm>

#include "scenario/parsers.h"
#include "scenario/suggest.h"

namespace polarity::loader {
namespace {

constexpr std::string_view kByDomain = "depreciation_by_domain";

std::vector<std::string> GroupNames() {
  std::vector<std::string> out;
  for (const ParameterSpec& spec : ParameterSpecs()) {
    const std::string group(spec.path.substr(0, spec.path.find('.')));
    if (std::find(out.begin(), out.end(), group) == out.end()) out.push_back(group);
  }
  return out;
}

std::vector<std::string> FieldNames(std::string_view group) {
  std::vector<std::string> out;
  for (const ParameterSpec& spec : ParameterSpecs()) {
    const std::size_t dot = spec.path.find('.');
    if (spec.path.substr(0, dot) == group) out.emplace_back(spec.path.substr(dot + 1));
  }
  if (group == "capability") out.emplace_back(kByDomain);
  return out;
}

void ParseByDomain(const ParseContext& ctx, const YNode& node, const std::string& path, Scenario& scenario) {
  ForEachEntry(ctx, node, path, "domain", [&](const YNode& key, const YNode& value) {
    const std::string full = path + "." + key.text;
    if (const std::optional<double> rate = ReadPlainNumber(ctx, value, full)) {
      ctx.locations.Record(KeyOf(full), key.where);
      scenario.depreciation_by_domain[key.text] = *rate;
    }
  });
}

void ParseValue(const ParseContext& ctx, const ParameterSpec& spec, const YNode& value, Scenario& scenario) {
  const std::string path = "parameters." + std::string(spec.path);
  switch (spec.kind) {
    case ParameterKind::kBoolean:
      if (const std::optional<bool> b = ReadBool(ctx, value, path)) {
        ctx.locations.Record(path, value.where);
        spec.set(scenario.parameters, *b ? 1.0 : 0.0);
      }
      break;
    case ParameterKind::kInteger:
      // Checked here: an out-of-range value cannot be stored in the int field.
      if (const std::optional<int> n = ReadInteger(ctx, value, path, ParameterBounds(spec))) {
        spec.set(scenario.parameters, *n);
      }
      break;
    case ParameterKind::kReal:
      if (const std::optional<double> x = ReadPlainNumber(ctx, value, path)) spec.set(scenario.parameters, *x);
      break;
  }
}

}  // namespace

void ParseParameters(const ParseContext& ctx, const YNode& node, Scenario& scenario) {
  const std::vector<std::string> groups = GroupNames();
  ForEachEntry(ctx, node, "parameters", "parameter group", [&](const YNode& group_key, const YNode& group) {
    const std::string& name = group_key.text;
    if (std::find(groups.begin(), groups.end(), name) == groups.end()) {
      ctx.Error(group_key, "unknown parameter group '" + name + "' in parameters" + DidYouMean(name, groups));
      return;
    }
    const std::string path = "parameters." + name;
    const std::vector<std::string> fields = FieldNames(name);
    ForEachEntry(ctx, group, path, "key", [&](const YNode& key, const YNode& value) {
      if (name == "capability" && key.text == kByDomain) {
        ParseByDomain(ctx, value, path + "." + key.text, scenario);
        return;
      }
      const ParameterSpec* spec = FindParameter(name + "." + key.text);
      if (spec == nullptr) {
        ctx.Error(key, UnknownKeyMessage(key.text, fields, path));
        return;
      }
      ParseValue(ctx, *spec, value, scenario);
    });
  });
}

}  // namespace polarity::loader
