// LoadScenario and ParseScenario: read the file and the files it `extends` (base first),
// parse each onto one Scenario, then validate the merged result once.

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "polarity/scenario_loader.h"
#include "scenario/parsers.h"
#include "scenario/validate.h"
#include "scenario/yaml_reader.h"

namespace polarity {
namespace loader {
namespace {

namespace fs = std::filesystem;

// A chain of `extends` longer than this is refused (a cycle is caught before).
constexpr std::size_t kMaxExtendsDepth = 16;

struct LoadState {
  Diagnostics diagnostics;
  Locations locations;
  bool missing_input = false;
  bool unreadable = false;      // a file had no usable scenario document: skip validation
  std::vector<fs::path> chain;  // files being loaded, outermost first (cycle guard)
};

// The whole file, or nullopt with *error saying why not.
std::optional<std::string> ReadFile(const fs::path& path, std::string* error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    *error = "is a directory";
    return std::nullopt;
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    *error = std::strerror(errno);
    return std::nullopt;
  }
  std::string text;
  char buffer[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, n);
  if (std::ferror(file.get()) != 0) {
    *error = "read error";
    return std::nullopt;
  }
  return text;
}

fs::path Identity(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : canonical;
}

// The `extends` value of a document, if it has a readable one.
const YNode* FindExtends(const YNode& root) {
  if (!root.IsMap()) return nullptr;
  for (const auto& [key, value] : root.entries) {
    if (key.text == "extends") return value.IsScalar() ? &value : nullptr;
  }
  return nullptr;
}

void LoadFile(LoadState& state, const fs::path& file, const SourceLocation& referenced_at, Scenario& scenario);

void LoadText(LoadState& state, std::string_view text, const fs::path& file, Scenario& scenario) {
  const std::optional<YNode> root = ReadYaml(text, file.string(), state.diagnostics);
  if (!root) state.unreadable = true;
  if (root) {
    if (const YNode* extends = FindExtends(*root)) {
      const fs::path base = (file.parent_path() / extends->text).lexically_normal();
      const fs::path identity = Identity(base);
      if (std::find(state.chain.begin(), state.chain.end(), identity) != state.chain.end()) {
        std::string cycle;
        for (const fs::path& p : state.chain) cycle += p.filename().string() + " -> ";
        state.diagnostics.Error(extends->where, "extends cycle: " + cycle + base.filename().string());
      } else if (state.chain.size() >= kMaxExtendsDepth) {
        state.diagnostics.Error(extends->where, "more than " + std::to_string(kMaxExtendsDepth) +
                                                    " files extend one another");
      } else {
        LoadFile(state, base, extends->where, scenario);
      }
    }
  }
  scenario.files.push_back(file);
  if (root && !ParseDocument(ParseContext{state.diagnostics, state.locations}, *root, scenario)) {
    state.unreadable = true;
  }
}

void LoadFile(LoadState& state, const fs::path& file, const SourceLocation& referenced_at, Scenario& scenario) {
  std::string error;
  const std::optional<std::string> text = ReadFile(file, &error);
  if (!text) {
    state.diagnostics.Error(referenced_at, "cannot read '" + file.string() + "': " + error);
    state.missing_input = true;
    return;
  }
  state.chain.push_back(Identity(file));
  LoadText(state, *text, file, scenario);
  state.chain.pop_back();
}

LoadResult Finish(LoadState& state, Scenario scenario) {
  if (scenario.name.empty() && !scenario.files.empty()) scenario.name = scenario.files.back().stem().string();
  // Without every file's content the merged scenario is incomplete, and checking it would
  // only add errors that follow from the first.
  if (!state.missing_input && !state.unreadable) {
    Validate(scenario, ValidateOptions{.locations = &state.locations, .warnings = true}, state.diagnostics);
  }
  LoadResult result;
  result.diagnostics = std::move(state.diagnostics);
  if (state.missing_input) {
    result.exit_code = kExitNoInput;
  } else if (result.diagnostics.HasErrors()) {
    result.exit_code = kExitDataError;
  } else {
    result.scenario = std::move(scenario);
  }
  return result;
}

}  // namespace
}  // namespace loader

LoadResult LoadScenario(const std::filesystem::path& file) {
  loader::LoadState state;
  Scenario scenario;
  loader::LoadFile(state, file, SourceLocation{file.string(), 0, 0}, scenario);
  return loader::Finish(state, std::move(scenario));
}

LoadResult ParseScenario(std::string_view text, const std::string& file_name) {
  loader::LoadState state;
  Scenario scenario;
  state.chain.push_back(loader::Identity(file_name));
  loader::LoadText(state, text, file_name, scenario);
  return loader::Finish(state, std::move(scenario));
}

}  // namespace polarity
