#pragma once
// Actor names of a Scenario resolved to indices, for the compiler (compile.cc, tie_compile.cc).

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "polarity/scenario.h"

namespace polarity {

class Names {
 public:
  explicit Names(const Scenario& scenario);

  // Actor indices named by ids or group names, in the order given, without repeats.
  // Throws std::invalid_argument for an unknown name (validation catches those first).
  std::vector<int> Resolve(const std::vector<std::string>& names) const;
  int Index(const std::string& id) const;

 private:
  const Scenario& scenario_;
  std::unordered_map<std::string, int> index_;
};

// Pairs an effect names: `among` (every ordered pair within), `between` (every pair across,
// both orders) and `from`/`to` (directed). Symmetric fields write both orders anyway.
std::vector<std::pair<int, int>> EffectPairs(const EffectSpec& e, const Names& names);

}  // namespace polarity
