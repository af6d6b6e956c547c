// Phase 8: scheduled events; and the event log of a tick.

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/phases.h"
#include "core/tie_phases.h"

namespace polarity {
namespace {

double Apply(EffectOp op, double current, double value) {
  switch (op) {
    case EffectOp::kSet: return value;
    case EffectOp::kAdd: return current + value;
    case EffectOp::kScale: return current * value;
  }
  return current;
}

constexpr double kInf = std::numeric_limits<double>::infinity();

// The vector an actor field lives in, and the range its values are kept in after an effect.
struct ActorTarget {
  Eigen::VectorXd* values;
  double lo, hi;
};

ActorTarget ActorVector(State& s, ActorField field) {
  switch (field) {
    case ActorField::kMilex: return {&s.milex, 0.0, kInf};
    case ActorField::kGdp: return {&s.gdp, 0.0, kInf};
    case ActorField::kGdpGrowth: return {&s.gdp_growth, -1.0, kInf};
    case ActorField::kMilexFloor: return {&s.milex_floor, 0.0, kInf};
    case ActorField::kBurdenCap: return {&s.burden_cap, 0.0, 1.0};
    case ActorField::kEfficiency: return {&s.efficiency, 0.0, kInf};
    case ActorField::kResolve: return {&s.resolve, 0.0, 1.0};
    case ActorField::kRevisionism: return {&s.revisionism, 0.0, 1.0};
    case ActorField::kReachKm: return {&s.reach_km, 1e-9, kInf};
    case ActorField::kReactivity: return {&s.reactivity, 0.0, kInf};
    case ActorField::kFatigue: return {&s.fatigue, 0.0, kInf};
    case ActorField::kGrievance: return {&s.grievance, -kInf, kInf};
    case ActorField::kCapability: break;
  }
  return {nullptr, 0.0, 0.0};
}

void ApplyActorEffect(const Model& model, State& s, const CompiledEffect& e) {
  bool reach_changed = false;
  for (const int i : e.actors) {
    if (e.actor_field == ActorField::kCapability) {
      double& c = s.capability(i, e.domain);
      c = std::max(0.0, Apply(e.op, c, e.value));
      continue;
    }
    const ActorTarget target = ActorVector(s, e.actor_field);
    double& v = (*target.values)(i);
    v = std::clamp(Apply(e.op, v, e.value), target.lo, target.hi);
    reach_changed = reach_changed || e.actor_field == ActorField::kReachKm;
    // Spending stays within [floor, cap] whichever of the three an event moved.
    ClampMilex(s, i);
  }
  if (reach_changed) {
    if (model.sparse) {
      ComputeProximityOnTies(model, s);
    } else {
      ComputeProximity(model, s);
    }
  }
}

void ApplyDyadEffect(State& s, const CompiledEffect& e) {
  Eigen::MatrixXd& values = e.dyad_field == DyadField::kAlliance   ? s.alliance
                            : e.dyad_field == DyadField::kFriction ? s.friction
                            : e.dyad_field == DyadField::kStance   ? s.stance
                                                                   : s.interdependence;
  for (const auto& [i, j] : e.pairs) {
    const double v = DyadEffectResult(e, values(i, j));
    values(i, j) = v;
    // Stance is directed (the compiler lists both orders where meant); the rest symmetric.
    if (e.dyad_field != DyadField::kStance) values(j, i) = v;
  }
}

}  // namespace

double DyadEffectResult(const CompiledEffect& e, double current) {
  const double v = Apply(e.op, current, e.value);
  switch (e.dyad_field) {
    case DyadField::kAlliance: return std::clamp(v, 0.0, 1.0);
    case DyadField::kFriction: return std::max(0.0, v);
    case DyadField::kInterdependence: return std::clamp(v, 0.0, 1.0);
    case DyadField::kStance: return std::clamp(v, -1.0, 1.0);
  }
  return v;
}

void PushEvent(State& s, const EventRecord& event) {
  if (s.events.size() < s.events.capacity()) {
    s.events.push_back(event);
  } else {
    ++s.events_dropped;
  }
}

bool ApplyScheduledEvents(const Model& model, State& s) {
  if (!s.params.events.enabled) return false;
  bool applied = false;
  for (const CompiledEvent& event : model.events) {
    if (event.tick != s.tick) continue;
    applied = true;
    PushEvent(s, EventRecord{s.tick, EventType::kScheduled, -1, -1, 0, 0, event.scenario_index});
    for (const CompiledEffect& e : event.effects) {
      switch (e.kind) {
        case CompiledEffect::Kind::kActor: ApplyActorEffect(model, s, e); break;
        case CompiledEffect::Kind::kDyad:
          if (model.sparse) {
            ApplyDyadEffectOnTies(model, s, e);
          } else {
            ApplyDyadEffect(s, e);
          }
          break;
        case CompiledEffect::Kind::kCrisis:
          for (const auto& [challenger, target] : e.pairs) {
            if (model.sparse) {
              OpenCrisisOnTies(model, s, challenger, target);
            } else {
              OpenCrisis(model, s, challenger, target);
            }
          }
          break;
        case CompiledEffect::Kind::kParameter: {
          const double v = Apply(e.op, e.parameter->get(s.params), e.value);
          e.parameter->set(s.params, std::clamp(v, e.parameter->min, e.parameter->max));
          break;
        }
      }
    }
  }
  return applied;
}

void EmitAllianceLevelChanges(State& s, const Workspace& ws) {
  // Pairs i < j, column by column (core/sweep_kernel.h: NextLevelChange).
  const double* before = ws.alliance_before.data();
  const double* after = s.alliance.data();
  std::ptrdiff_t i = 0;
  std::ptrdiff_t j = 0;
  for (; ws.sweeps.next_level_change(before, after, s.alliance.rows(), &i, &j); ++i) {
    PushEvent(s, EventRecord{s.tick, EventType::kAllianceLevel, static_cast<int>(i), static_cast<int>(j),
                             static_cast<int>(LevelOf(ws.alliance_before(i, j))),
                             static_cast<int>(LevelOf(s.alliance(i, j))), -1});
  }
}

void ComputeProximity(const Model& model, State& s) {
  const auto n = s.proximity.rows();
  for (Eigen::Index j = 0; j < n; ++j) {
    for (Eigen::Index i = 0; i < n; ++i) {
      s.proximity(i, j) = i == j ? 1.0 : std::exp(-model.distance_km(i, j) / s.reach_km(j));
    }
  }
}

}  // namespace polarity
