#pragma once
// What the dense and the tie compilers (compile.cc, tie_compile.cc) both need of a Scenario:
// actor names resolved to indices, and the actors' geometry.

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

// An actor's reach R_i (km): as given, else 2000 km (docs/scenario_format.md).
double ReachKmOf(const ActorSpec& actor);

// Great-circle distance between two actors' capitals (km).
double CapitalDistanceKm(const ActorSpec& a, const ActorSpec& b);

// Calls visit(r, i, j) for every relation entry r in file order and every pair (i, j), i != j,
// it names (`between` / `from`-`to` sides expanded through ids and groups).
template <class Visit>
void ForEachRelationPair(const Scenario& scenario, const Names& names, Visit visit) {
  for (const RelationSpec& r : scenario.relations) {
    const std::vector<int> first = names.Resolve(r.first);
    const std::vector<int> second = names.Resolve(r.second);
    for (const int i : first) {
      for (const int j : second) {
        if (i != j) visit(r, i, j);
      }
    }
  }
}

}  // namespace polarity
