// Simulation: owns a State and a Workspace and runs the nine phases of a tick in order.

#include "polarity/simulation.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/phases.h"
#include "core/tie_phases.h"
#include "core/workspace.h"

namespace polarity {
namespace {

// Upper bound on events kept per tick; past it events are counted in events_dropped rather
// than stored, so that the log never allocates inside a tick.
constexpr std::size_t kMaxEventsPerTick = 1 << 16;

std::size_t EventCapacity(const Model& model) {
  const auto n = static_cast<std::size_t>(model.num_actors);
  std::size_t scheduled = 0;
  for (const CompiledEvent& e : model.events) scheduled += 1 + e.effects.size() * n;
  // Pair events are bounded by the pairs that can have them: all N^2, or the ties.
  const std::size_t pairs = model.sparse ? static_cast<std::size_t>(model.ties.size()) : n * n;
  return std::min(kMaxEventsPerTick, 6 * pairs + 16 * n + 64 + scheduled);
}

// One state array for the finite check: column-major, rows x cols.
struct CheckedArray {
  const double* values;
  Eigen::Index rows, cols;
  const char* name;
};

// The first row of `a` holding a NaN or an infinity (rows in order, each row's columns in
// order), or -1.
int FirstNonFiniteRow(const CheckedArray& a) {
  for (Eigen::Index i = 0; i < a.rows; ++i) {
    for (Eigen::Index k = 0; k < a.cols; ++k) {
      if (!std::isfinite(a.values[k * a.rows + i])) return static_cast<int>(i);
    }
  }
  return -1;
}

// The first state variable holding a NaN or an infinity, in a fixed order. Friction,
// interdependence and proximity change only through scheduled events (and at a reset, or
// through mutable_state()): `relations` says whether they may have changed since they were
// last checked, and they are skipped when not (they are still finite then).
StepStatus CheckFinite(const State& s, const SweepKernels& kernels, bool relations) {
  StepStatus status;
  status.tick = s.tick;
  constexpr int kMaxArrays = 19;
  std::array<CheckedArray, kMaxArrays> arrays;
  std::array<sweep_kernel::FiniteSpan, kMaxArrays> spans;
  int count = 0;
  const auto add = [&](const auto& values, const char* name) {
    arrays[static_cast<std::size_t>(count)] = {values.data(), values.rows(), values.cols(), name};
    spans[static_cast<std::size_t>(count)] = {values.data(), values.size()};
    ++count;
  };
  add(s.milex, "milex");
  add(s.gdp, "gdp");
  add(s.capability, "capability");
  add(s.allocation, "allocation");
  add(s.perceived_threat, "perceived_threat");
  add(s.alliance, "alliance");
  add(s.stance, "stance");
  if (relations) {
    add(s.friction, "friction");
    add(s.interdependence, "interdependence");
    add(s.proximity, "proximity");
  }
  // Sparse worlds (the arrays above are empty there); `actor` is then the tie's index.
  add(s.tie.perceived_threat, "perceived_threat");
  add(s.tie.alliance, "alliance");
  add(s.tie.stance, "stance");
  if (relations) {
    add(s.tie.friction, "friction");
    add(s.tie.interdependence, "interdependence");
    add(s.tie.proximity, "proximity");
  }
  add(s.resolve, "resolve");
  add(s.revisionism, "revisionism");
  add(s.reach_km, "reach_km");
  // Fast path: one vectorised pass over all of them says whether there is anything to find
  // (the usual case: no); then the first array, and its first row, that holds it.
  if (kernels.all_finite(spans.data(), count)) return status;
  for (int a = 0; a < count; ++a) {
    const int row = FirstNonFiniteRow(arrays[static_cast<std::size_t>(a)]);
    if (row < 0) continue;
    status.ok = false;
    status.actor = row;
    status.variable = arrays[static_cast<std::size_t>(a)].name;
    break;
  }
  return status;
}

}  // namespace

Simulation::Simulation(const Model& model, int tick_threads)
    : model_(model), state_(model.initial), workspace_(std::make_unique<Workspace>(model, tick_threads)) {
  state_.events.reserve(EventCapacity(model));
}

Simulation::~Simulation() = default;

void Simulation::Reset(const RunKey& key) {
  key_ = key;
  relations_unchecked_ = true;
  workspace_->rng.SetKey(key.seed, key.point, key.replication);
  state_ = model_.initial;  // same sizes: Eigen and the event vector keep their memory
  if (model_.sparse) {
    ComputeCoalitionCapabilityOnTies(model_, state_, *workspace_);
    ComputeRawThreatOnTies(model_, state_, *workspace_);
    ComputeDefenceNeedOnTies(model_, state_, *workspace_);
  } else {
    ComputeCoalitionCapability(state_, *workspace_);
    ComputeRawThreat(state_, *workspace_);
    ComputeDefenceNeed(state_, *workspace_);
  }
  ComputeMetrics();
  state_.milex_total_previous = state_.milex_total;
}

void Simulation::ComputeMetrics() {
  state_.milex_total = state_.milex.sum();
  ComputeMetricsPhase(model_, state_, *workspace_);
}

StepStatus Simulation::Step() {
  State& s = state_;
  Workspace& ws = *workspace_;
  s.tick += 1;
  s.time = model_.start + model_.dt * s.tick;
  s.events.clear();
  s.crises_started_target.setZero();
  s.crises_started_challenger.setZero();
  const bool events_applied = model_.sparse ? StepPhasesOnTies() : StepPhasesDense();

  // 9. Record: milex totals every tick (the arms-race index needs consecutive ticks); the
  // costlier metrics only on ticks that are written out.
  s.milex_total_previous = s.milex_total;
  s.milex_total = s.milex.sum();
  s.arms_race_index = s.milex_total_previous > 0.0 && s.milex_total > 0.0
                          ? std::log(s.milex_total / s.milex_total_previous) / model_.dt
                          : 0.0;
  const int every = std::max(1, model_.outputs.every);
  if (s.tick % every == 0 || s.tick >= model_.ticks) ComputeMetricsPhase(model_, s, ws);
  const StepStatus status = CheckFinite(s, ws.sweeps, relations_unchecked_ || events_applied);
  relations_unchecked_ = false;
  return status;
}

bool Simulation::StepPhasesDense() {
  State& s = state_;
  Workspace& ws = *workspace_;
  StartBalancePressure(s, ws);               //    6's B = S S on the workers, from now
  ComputeCoalitionCapability(s, ws);         // 1. C~ = C + A C
  ComputeThreatAndPerception(s, ws);         // 2. T = H ∘ Π ∘ (W C~^T); 3. P <- lagged, noisy T
  UpdateSpending(model_, s, ws);             // 4. Richardson: m, and GDP growth
  UpdateCapability(model_, s, ws);           // 5. allocation a, stocks C
  UpdateAlliances(model_, s, ws);            // 6. A from shared threat, balance, friction
  UpdateStances(model_, s, ws);              //    S from balance, threat, alliance
  ResolveCrises(model_, s, ws);              // 7. crises: move open ones, start new ones
  const bool events_applied = ApplyScheduledEvents(model_, s);  // 8. scheduled events of this tick
  EmitAllianceLevelChanges(s, ws);           //    level crossings from any of the above
  return events_applied;
}

// The same phases in a sparse world, every dyad sum over ties (core/tie_phases.h).
bool Simulation::StepPhasesOnTies() {
  State& s = state_;
  Workspace& ws = *workspace_;
  const Model& m = model_;
  ws.tie.alliance_before = s.tie.alliance;
  ComputeCoalitionCapabilityOnTies(m, s, ws);  // 1.
  ComputeRawThreatOnTies(m, s, ws);            // 2.
  UpdatePerceptionOnTies(m, s, ws);            // 3.
  ComputeDefenceNeedOnTies(m, s, ws);          // 4.
  AdvanceSpending(m, s, ws);
  if (s.params.allocation.enabled) ComputeHostileCapabilityOnTies(m, ws);  // 5.
  AdvanceCapability(m, s, ws);
  UpdateAlliancesOnTies(m, s, ws);             // 6.
  UpdateStancesOnTies(m, s, ws);
  ResolveCrisesOnTies(m, s, ws);               // 7.
  const bool events_applied = ApplyScheduledEvents(m, s);  // 8.
  EmitAllianceLevelChangesOnTies(m, s, ws);
  return events_applied;
}

}  // namespace polarity
