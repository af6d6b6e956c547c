#pragma once
// Where things were written, for values the Scenario struct stores without a position
// (time.dt, parameters, references inside relations and events, domain-map keys...).
//
// The loader records positions under string keys and the validator looks them up, so the
// validation rules exist once (validate.cc) and still point at the right line and column.
// Without a table (ValidateScenario on a Scenario built in code or edited by --set) the
// validator falls back to the nearest position it has.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "polarity/diagnostics.h"

namespace polarity::loader {

class Locations {
 public:
  void Record(std::string key, SourceLocation where) { at_[std::move(key)] = std::move(where); }

  bool Has(std::string_view key) const { return at_.find(key) != at_.end(); }

  SourceLocation Find(std::string_view key, const SourceLocation& fallback) const {
    const auto it = at_.find(key);
    return it == at_.end() ? fallback : it->second;
  }

  // A `source:` cited by a number the Scenario keeps without provenance (time, parameters,
  // effect values): checked against the declared sources like any other citation.
  void AddCitation(std::string source, SourceLocation where) {
    citations_.emplace_back(std::move(source), std::move(where));
  }
  const std::vector<std::pair<std::string, SourceLocation>>& citations() const { return citations_; }

 private:
  std::map<std::string, SourceLocation, std::less<>> at_;
  std::vector<std::pair<std::string, SourceLocation>> citations_;
};

// Keys, built in one place so the loader and the validator agree.
// Set when `actors:` or one of its entries could not be read (already reported).
inline constexpr std::string_view kUnreadableActors = "actors:unreadable";
inline std::string RefKey(std::string_view list, std::size_t index, std::string_view what, std::size_t k) {
  return std::string(list) + "." + std::to_string(index) + "." + std::string(what) + "." + std::to_string(k);
}
inline std::string EffectKey(std::size_t event, std::size_t effect, std::string_view what) {
  return "events." + std::to_string(event) + ".effects." + std::to_string(effect) + "." + std::string(what);
}
inline std::string EventKey(std::size_t event, std::string_view what) {
  return "events." + std::to_string(event) + "." + std::string(what);
}
// The `source:` of the sourced value at `path`.
inline std::string CitationKey(std::string_view path) { return std::string(path) + ":source"; }
// The key (not the value) of a map entry, e.g. the domain name in `capability: {navy: 1}`.
inline std::string KeyOf(std::string_view path) { return std::string(path) + ":key"; }

}  // namespace polarity::loader
