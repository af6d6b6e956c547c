#include "core/scenario_names.h"

#include <algorithm>
#include <stdexcept>

#include "polarity/model.h"

namespace polarity {
namespace {

constexpr double kDefaultReachKm = 2000.0;

void Add(std::vector<int>& out, int i) {
  if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
}

}  // namespace

double ReachKmOf(const ActorSpec& actor) { return actor.reach_km.present ? actor.reach_km.value : kDefaultReachKm; }

double CapitalDistanceKm(const ActorSpec& a, const ActorSpec& b) {
  return GreatCircleKm(a.lat.value, a.lon.value, b.lat.value, b.lon.value);
}

Names::Names(const Scenario& scenario) : scenario_(scenario) {
  for (std::size_t i = 0; i < scenario.actors.size(); ++i) index_[scenario.actors[i].id] = static_cast<int>(i);
}

std::vector<int> Names::Resolve(const std::vector<std::string>& names) const {
  std::vector<int> out;
  for (const std::string& name : names) {
    if (auto it = index_.find(name); it != index_.end()) {
      Add(out, it->second);
    } else if (auto g = scenario_.groups.find(name); g != scenario_.groups.end()) {
      for (const std::string& member : g->second) Add(out, Index(member));
    } else {
      throw std::invalid_argument("unknown actor or group '" + name + "'");
    }
  }
  return out;
}

int Names::Index(const std::string& id) const {
  auto it = index_.find(id);
  if (it == index_.end()) throw std::invalid_argument("unknown actor '" + id + "'");
  return it->second;
}

std::vector<std::pair<int, int>> EffectPairs(const EffectSpec& e, const Names& names) {
  std::vector<std::pair<int, int>> pairs;
  const auto add = [&](int i, int j) {
    if (i != j && std::find(pairs.begin(), pairs.end(), std::pair{i, j}) == pairs.end()) {
      pairs.emplace_back(i, j);
    }
  };
  const std::vector<int> among = names.Resolve(e.among);
  for (const int i : among) {
    for (const int j : among) add(i, j);
  }
  const std::vector<int> a = names.Resolve(e.between_first);
  const std::vector<int> b = names.Resolve(e.between_second);
  for (const int i : a) {
    for (const int j : b) {
      add(i, j);
      add(j, i);
    }
  }
  const std::vector<int> from = names.Resolve(e.from);
  const std::vector<int> to = names.Resolve(e.to);
  for (const int i : from) {
    for (const int j : to) add(i, j);
  }
  return pairs;
}

}  // namespace polarity
