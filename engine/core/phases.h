#pragma once
// The nine phases of a tick (MODEL.md section 2), one function each, called in this order
// by Simulation::Step(). Each comment says what the phase reads and what it writes.

#include "polarity/model.h"
#include "polarity/state.h"
#include "core/workspace.h"

namespace polarity {

// 1. Reads C, A. Writes ws.ally_capability = A C, ws.coalition_capability = C + A C.
void ComputeCoalitionCapability(const State& s, Workspace& ws);

// 2. Reads W, S, Π, ws.coalition_capability. Writes ws.concern_product, ws.hostile_reach,
//    ws.raw_threat, ws.raw_threat_total. (Phase 2 alone: for tick 0; a tick runs 2-3 below.)
void ComputeRawThreat(const State& s, Workspace& ws);

// 2-3. Phase 2, then P <- lagged, noisy T (params.perception), in one sweep down the columns;
//    also the row sums ws.perceived_threat_total (Σ_j P_ij, for phase 4) and
//    ws.perceived_threat_norm_squared (Σ_j P_ij^2, for phase 6) of the new P.
void ComputeThreatAndPerception(State& s, Workspace& ws);

// θ_i = Σ_j P_ij - φ Σ_j A_ij (w_i · c_j) into ws.defence_need (needs phase 1); for tick 0
// (a tick takes Σ_j P_ij from phases 2-3).
void ComputeDefenceNeed(const State& s, Workspace& ws);

// The spending cap b_i y_i (infinite when b_i <= 0), and m_i clamped to [m_min_i, cap]
// (the cap wins when a shrinking economy brings it below the floor).
double MilexCap(const State& s, Eigen::Index i);
void ClampMilex(State& s, Eigen::Index i);

// 4. Reads ws.perceived_threat_total (phases 2-3), A, W, ws.ally_capability,
//    params.arms_race. Writes ws.defence_need, m, y.
void UpdateSpending(const Model& model, State& s, Workspace& ws);
// ws.defence_need -= φ w_i · (A C)_i, the allies' share (ComputeDefenceNeed's second term).
void SubtractAlliesShare(const State& s, Workspace& ws);
// The Richardson step and GDP growth from ws.defence_need (the part of phase 4 that does not
// read dyads; shared with the sparse tick).
void AdvanceSpending(const Model& model, State& s, const Workspace& ws);

// 5. Reads W, ws.hostile_reach, ws.coalition_capability, m, e. Writes allocation, C.
void UpdateCapability(const Model& model, State& s, Workspace& ws);
// Phase 5 from ws.hostile_capability = (H ∘ Π) C~ (shared with the sparse tick).
void AdvanceCapability(const Model& model, State& s, Workspace& ws);

// 6. Reads P, ws.perceived_threat_norm_squared (phases 2-3), S, F, E, ws.raw_threat. Writes A
//    (symmetric), keeping its values of the start of the tick (i < j) in ws.alliance_before
//    for the level crossings; then S from the new A.
void UpdateAlliances(const Model& model, State& s, Workspace& ws);
// With two or more tick threads and N from the split threshold up to 1000: starts phase 6's
// B = S S on the workers, to be finished by phase 6 (S does not change before it), so that
// they compute it while the calling thread runs phases 1-5. Otherwise does nothing.
void StartBalancePressure(const State& s, Workspace& ws);
void UpdateStances(const Model& model, State& s, Workspace& ws);

// 7. Reads C, A, Π, ρ, ι, S, P. Advances open crises, then starts new ones. Writes crisis
//    matrices, counters, and (through crisis consequences) P, S, m, A; appends events.
void ResolveCrises(const Model& model, State& s, Workspace& ws);

// Opens a crisis (challenger j, target i) at rung 1 unless one is open; used by phase 7
// and by scheduled crisis events. Returns false when one was already open.
bool OpenCrisis(const Model& model, State& s, int challenger, int target);

// 8. Applies the scheduled events of this tick. Writes whatever they name; returns whether
//    any event ran (only events write friction, interdependence and proximity).
bool ApplyScheduledEvents(const Model& model, State& s);

// The value of e's dyad field after the effect on `current`, kept in the field's range.
double DyadEffectResult(const CompiledEffect& e, double current);

// Emits an alliance_level event for every pair i < j whose level differs from
// ws.alliance_before (written by phase 6).
void EmitAllianceLevelChanges(State& s, const Workspace& ws);

// 9. Reads everything. Writes the metric fields of State (blocs, balance, polarisation...).
void ComputeMetricsPhase(const Model& model, State& s, Workspace& ws);

// Recomputes Π from distances and reach: π_ij = exp(-d_ij / R_j), π_ii = 1.
void ComputeProximity(const Model& model, State& s);

// Appends an event if capacity allows; otherwise counts it as dropped. Never allocates.
void PushEvent(State& s, const EventRecord& event);

}  // namespace polarity
