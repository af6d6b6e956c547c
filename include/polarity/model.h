#pragma once
// The compiled, immutable model: sizes, parameters, the initial state and the schedule of
// events, with every name resolved to an index. Built once by CompileModel(); shared
// read-only by every run and thread.

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "polarity/parameters.h"
#include "polarity/scenario.h"
#include "polarity/state.h"
#include "polarity/tie_set.h"

namespace polarity {

// Actor and dyad fields a scheduled event may change.
enum class ActorField : int {
  kMilex, kGdp, kGdpGrowth, kMilexFloor, kBurdenCap, kEfficiency, kResolve, kRevisionism,
  kReachKm, kReactivity, kFatigue, kGrievance, kCapability,
};
enum class DyadField : int { kAlliance, kStance, kFriction, kInterdependence };

struct CompiledEffect {
  enum class Kind : int { kActor, kDyad, kCrisis, kParameter } kind = Kind::kActor;
  ActorField actor_field = ActorField::kMilex;
  DyadField dyad_field = DyadField::kAlliance;
  int domain = -1;                 // capability effects
  const ParameterSpec* parameter = nullptr;
  EffectOp op = EffectOp::kSet;
  double value = 0.0;
  std::vector<int> actors;                    // actor effects
  std::vector<std::pair<int, int>> pairs;     // dyad effects (i, j): ordered for stance, one
                                              // (i < j) per unordered pair for symmetric fields;
                                              // crisis: (challenger, target)
};

struct CompiledEvent {
  int tick = 0;          // applied in the step that produces this tick (>= 1)
  int scenario_index = 0;
  std::vector<CompiledEffect> effects;
};

struct Model {
  int num_actors = 0;   // N
  int num_domains = 0;  // K
  double start = 0.0;   // calendar year of tick 0
  double dt = 0.25;     // years per tick
  int ticks = 0;
  std::uint64_t seed = 0;
  int replications = 1;
  Parameters parameters;
  OutputSpec outputs;

  Eigen::VectorXd depreciation_override;  // δ_k (K), 1/year; NaN: use parameters.capability.depreciation
  Eigen::MatrixXd distance_km;   // d (N x N), great-circle or given, km (dense worlds)

  // Sparse worlds (`network: {sparse: true}`): dyads live on ties only (State::tie), and a
  // tick costs in proportion to the ties. Dense worlds: sparse is false and ties is empty.
  bool sparse = false;
  TieSet ties;
  Eigen::VectorXd tie_distance_km;  // d on each directed tie (E), km (sparse worlds)

  State initial;                       // tick 0
  std::vector<CompiledEvent> events;   // sorted by tick, then file order

  // --- cold: names, never read by a tick ---
  std::vector<std::string> actor_ids;
  std::vector<std::string> actor_names;
  std::vector<std::string> domain_names;
  std::vector<std::string> event_ids;
  std::string scenario_name;
};

// Compiles a validated scenario. Throws std::invalid_argument only for inconsistencies the
// loader should have caught (a bug, reported as an internal error).
Model CompileModel(const Scenario& scenario);

// Great-circle distance between two points on a sphere of radius 6371 km.
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace polarity
