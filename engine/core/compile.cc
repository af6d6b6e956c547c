// CompileModel: the only place a Scenario (strings, optional fields) becomes a Model
// (indices, dense matrices, defaults filled). It trusts the loader's validation and throws
// std::invalid_argument only on inconsistencies that validation should have caught.

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "core/phases.h"
#include "core/scenario_names.h"
#include "core/tie_phases.h"
#include "core/workspace.h"
#include "polarity/model.h"

namespace polarity {
namespace {

// Defaults of optional actor fields (documented in scenario.h and docs/scenario_format.md).
constexpr double kDefaultGdpGrowth = 0.02;
constexpr double kDefaultMilexFloor = 0.0;
constexpr double kDefaultBurdenCap = 0.1;
constexpr double kDefaultEfficiency = 1.0;
constexpr double kDefaultResolve = 0.5;
constexpr double kDefaultRevisionism = 0.0;
constexpr double kDefaultReactivity = 0.01;
constexpr double kDefaultFatigue = 0.05;
constexpr double kDefaultGrievance = 0.0;

double Or(const SourcedValue& v, double fallback) { return v.present ? v.value : fallback; }

// Shares over domains: given entries (absent ones 0) normalised to sum 1; none given: even.
Eigen::RowVectorXd Shares(const std::map<std::string, SourcedValue>& given,
                          const std::vector<std::string>& domains) {
  const auto k = static_cast<Eigen::Index>(domains.size());
  Eigen::RowVectorXd out = Eigen::RowVectorXd::Zero(k);
  for (Eigen::Index d = 0; d < k; ++d) {
    if (auto it = given.find(domains[static_cast<std::size_t>(d)]); it != given.end()) {
      out(d) = it->second.value;
    }
  }
  const double total = out.sum();
  if (given.empty() || total <= 0.0) return Eigen::RowVectorXd::Constant(k, 1.0 / static_cast<double>(k));
  return out / total;
}

// `pairs` is N in a dense world and 0 in a sparse one (whose dyads are sized by CompileTies).
void SizeState(State& s, Eigen::Index n, Eigen::Index k, Eigen::Index pairs) {
  for (Eigen::VectorXd* v : {&s.milex, &s.milex_floor, &s.gdp, &s.gdp_growth, &s.burden_cap,
                             &s.efficiency, &s.reactivity, &s.fatigue, &s.grievance, &s.resolve,
                             &s.revisionism, &s.reach_km, &s.capability_index, &s.threat,
                             &s.defence_need}) {
    *v = Eigen::VectorXd::Zero(n);
  }
  for (Eigen::MatrixXd* m : {&s.capability, &s.allocation, &s.concern}) *m = Eigen::MatrixXd::Zero(n, k);
  for (Eigen::MatrixXd* m : {&s.stance, &s.alliance, &s.perceived_threat, &s.friction,
                             &s.interdependence, &s.proximity}) {
    *m = Eigen::MatrixXd::Zero(pairs, pairs);
  }
  s.crisis_rung = Eigen::MatrixXi::Zero(pairs, pairs);
  s.crisis_age = Eigen::MatrixXi::Zero(pairs, pairs);
  s.crises_started_target = Eigen::VectorXi::Zero(n);
  s.crises_started_challenger = Eigen::VectorXi::Zero(n);
  s.bloc = Eigen::VectorXi::Zero(n);
  s.crises_active_by_rung.setZero();
}

void CompileActors(const Scenario& sc, Model& m) {
  State& s = m.initial;
  for (std::size_t a = 0; a < sc.actors.size(); ++a) {
    const ActorSpec& x = sc.actors[a];
    const auto i = static_cast<Eigen::Index>(a);
    s.milex(i) = x.milex.value;
    s.gdp(i) = x.gdp.value;
    s.gdp_growth(i) = Or(x.gdp_growth, kDefaultGdpGrowth);
    s.milex_floor(i) = Or(x.milex_floor, kDefaultMilexFloor);
    s.burden_cap(i) = Or(x.burden_cap, kDefaultBurdenCap);
    s.efficiency(i) = Or(x.efficiency, kDefaultEfficiency);
    s.reactivity(i) = Or(x.reactivity, kDefaultReactivity);
    s.fatigue(i) = Or(x.fatigue, kDefaultFatigue);
    s.grievance(i) = Or(x.grievance, kDefaultGrievance);
    s.resolve(i) = Or(x.resolve, kDefaultResolve);
    s.revisionism(i) = Or(x.revisionism, kDefaultRevisionism);
    s.reach_km(i) = ReachKmOf(x);
    s.allocation.row(i) = Shares(x.allocation, sc.domains);
    s.concern.row(i) = Shares(x.concern, sc.domains);
    // Capability: as given per domain; a domain not given starts at the steady state of
    // its current spending, c = e m a / δ (the stock that spending would sustain).
    for (std::size_t d = 0; d < sc.domains.size(); ++d) {
      const auto k = static_cast<Eigen::Index>(d);
      if (auto it = x.capability.find(sc.domains[d]); it != x.capability.end()) {
        s.capability(i, k) = it->second.value;
      } else {
        const double override_k = m.depreciation_override(k);
        const double delta = std::isnan(override_k) ? sc.parameters.capability.depreciation : override_k;
        s.capability(i, k) = delta > 0.0 ? s.efficiency(i) * s.milex(i) * s.allocation(i, k) / delta : 0.0;
      }
    }
    m.actor_ids.push_back(x.id);
    m.actor_names.push_back(x.name.empty() ? x.id : x.name);
  }
}

void CompileDistances(const Scenario& sc, Model& m) {
  const auto n = static_cast<Eigen::Index>(sc.actors.size());
  m.distance_km = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const ActorSpec& a = sc.actors[static_cast<std::size_t>(i)];
      const ActorSpec& b = sc.actors[static_cast<std::size_t>(j)];
      m.distance_km(i, j) = i == j ? 0.0 : CapitalDistanceKm(a, b);
    }
  }
}

void CompileRelations(const Scenario& sc, const Names& names, Model& m) {
  State& s = m.initial;
  // Later entries override earlier ones, field by field.
  ForEachRelationPair(sc, names, [&](const RelationSpec& r, int i, int j) {
    if (r.stance.present) {
      s.stance(i, j) = r.stance.value;
      if (!r.directed) s.stance(j, i) = r.stance.value;
    }
    if (r.directed) return;
    if (r.alliance.present) s.alliance(i, j) = s.alliance(j, i) = r.alliance.value;
    if (r.friction.present) s.friction(i, j) = s.friction(j, i) = r.friction.value;
    if (r.interdependence.present) s.interdependence(i, j) = s.interdependence(j, i) = r.interdependence.value;
    if (r.distance_km.present) m.distance_km(i, j) = m.distance_km(j, i) = r.distance_km.value;
  });
}

std::optional<ActorField> ActorFieldNamed(const std::string& field) {
  static const std::pair<const char*, ActorField> kFields[] = {
      {"milex", ActorField::kMilex}, {"gdp", ActorField::kGdp},
      {"gdp_growth", ActorField::kGdpGrowth}, {"milex_floor", ActorField::kMilexFloor},
      {"burden_cap", ActorField::kBurdenCap}, {"efficiency", ActorField::kEfficiency},
      {"resolve", ActorField::kResolve}, {"revisionism", ActorField::kRevisionism},
      {"reach_km", ActorField::kReachKm}, {"reactivity", ActorField::kReactivity},
      {"fatigue", ActorField::kFatigue}, {"grievance", ActorField::kGrievance},
      {"capability", ActorField::kCapability}};
  for (const auto& [name, value] : kFields) {
    if (field == name) return value;
  }
  return std::nullopt;
}

std::optional<DyadField> DyadFieldNamed(const std::string& field) {
  if (field == "alliance") return DyadField::kAlliance;
  if (field == "stance") return DyadField::kStance;
  if (field == "friction") return DyadField::kFriction;
  if (field == "interdependence") return DyadField::kInterdependence;
  return std::nullopt;
}

CompiledEffect CompileEffect(const EffectSpec& e, const Scenario& sc, const Names& names) {
  CompiledEffect c;
  c.op = e.op;
  c.value = e.value;
  if (e.field == "crisis") {
    c.kind = CompiledEffect::Kind::kCrisis;
    c.pairs = EffectPairs(e, names);
  } else if (e.field == "parameter") {
    c.kind = CompiledEffect::Kind::kParameter;
    c.parameter = FindParameter(e.parameter);
    if (c.parameter == nullptr) throw std::invalid_argument("unknown parameter '" + e.parameter + "'");
  } else if (auto dyad = DyadFieldNamed(e.field)) {
    c.kind = CompiledEffect::Kind::kDyad;
    c.dyad_field = *dyad;
    c.pairs = EffectPairs(e, names);
    if (*dyad != DyadField::kStance) {
      // Symmetric fields: one entry per unordered pair, or `add` and `scale` would apply twice
      // (the phase writes both cells of the pair).
      for (auto& [i, j] : c.pairs) {
        if (i > j) std::swap(i, j);
      }
      std::sort(c.pairs.begin(), c.pairs.end());
      c.pairs.erase(std::unique(c.pairs.begin(), c.pairs.end()), c.pairs.end());
    }
  } else if (auto actor = ActorFieldNamed(e.field)) {
    c.kind = CompiledEffect::Kind::kActor;
    c.actor_field = *actor;
    c.actors = names.Resolve(e.actors);
    if (*actor == ActorField::kCapability) {
      const auto it = std::find(sc.domains.begin(), sc.domains.end(), e.domain);
      if (it == sc.domains.end()) throw std::invalid_argument("unknown domain '" + e.domain + "'");
      c.domain = static_cast<int>(it - sc.domains.begin());
    }
  } else {
    throw std::invalid_argument("unknown effect field '" + e.field + "'");
  }
  return c;
}

// The step that produces the first tick at or after calendar time `at` (>= 1).
int EventTick(const EventSpec& e, double start, double dt) {
  if (e.tick) return std::max(1, *e.tick);
  const double ticks = std::ceil((e.at.value_or(start) - start) / dt - 1e-9);
  return std::max(1, static_cast<int>(ticks));
}

void CompileEvents(const Scenario& sc, const Names& names, Model& m) {
  for (std::size_t e = 0; e < sc.events.size(); ++e) {
    const EventSpec& spec = sc.events[e];
    CompiledEvent event;
    event.tick = EventTick(spec, sc.start, sc.dt);
    event.scenario_index = static_cast<int>(e);
    for (const EffectSpec& effect : spec.effects) event.effects.push_back(CompileEffect(effect, sc, names));
    m.events.push_back(std::move(event));
    m.event_ids.push_back(spec.id);
  }
  std::stable_sort(m.events.begin(), m.events.end(),
                   [](const CompiledEvent& a, const CompiledEvent& b) { return a.tick < b.tick; });
}

}  // namespace

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  // Haversine on a sphere of radius 6371 km (mean Earth radius).
  constexpr double kRadiusKm = 6371.0;
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

Model CompileModel(const Scenario& sc) {
  Model m;
  m.num_actors = static_cast<int>(sc.actors.size());
  m.num_domains = static_cast<int>(sc.domains.size());
  m.start = sc.start;
  m.dt = sc.dt;
  m.ticks = sc.ticks;
  m.seed = sc.seed;
  m.replications = sc.replications;
  m.parameters = sc.parameters;
  m.outputs = sc.outputs;
  m.domain_names = sc.domains;
  m.scenario_name = sc.name;
  const auto n = static_cast<Eigen::Index>(m.num_actors);
  const auto k = static_cast<Eigen::Index>(m.num_domains);

  m.depreciation_override = Eigen::VectorXd::Constant(k, std::numeric_limits<double>::quiet_NaN());
  for (const auto& [domain, rate] : sc.depreciation_by_domain) {
    const auto it = std::find(sc.domains.begin(), sc.domains.end(), domain);
    if (it == sc.domains.end()) throw std::invalid_argument("unknown domain '" + domain + "'");
    m.depreciation_override(it - sc.domains.begin()) = rate;
  }

  State& s = m.initial;
  m.sparse = sc.network.sparse;
  SizeState(s, n, k, m.sparse ? 0 : n);
  s.params = sc.parameters;
  s.time = sc.start;
  const Names names(sc);
  CompileActors(sc, m);
  if (m.sparse) {
    CompileTies(sc, names, m);
    ComputeProximityOnTies(m, s);
  } else {
    CompileDistances(sc, m);
    CompileRelations(sc, names, m);
    ComputeProximity(m, s);
  }
  CompileEvents(sc, names, m);

  // Initial perception: the raw threat of tick 0, without noise.
  Workspace ws(m, 1);
  if (m.sparse) {
    ComputeCoalitionCapabilityOnTies(m, s, ws);
    ComputeRawThreatOnTies(m, s, ws);
    s.tie.perceived_threat = ws.tie.raw_threat;
  } else {
    ComputeCoalitionCapability(s, ws);
    ComputeRawThreat(s, ws);
    s.perceived_threat = ws.raw_threat;
  }
  s.milex_total = s.milex.sum();
  s.milex_total_previous = s.milex_total;
  return m;
}

}  // namespace polarity
