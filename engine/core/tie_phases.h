#pragma once
// The phases of a tick in a sparse world (Model::sparse, `network: {sparse: true}`): the
// mathematics of phases.h with every sum over counterparts taken over ties only. Dyads live
// in State::tie and Workspace::tie, one entry per directed tie e = (i -> j) of Model::ties.
// A pair that is not tied has S = A = P = F = E = 0 and π = 0 for the whole run: it never
// threatens, allies or fights.
//
// Cost per tick, for E directed ties and mean degree d = E / N: O(E K) for the products
// with capabilities, O(E d) for shared threat and balance (a merge of two sorted tie lists
// per tie) and for the triads of the balance metric, O(N K) for the rest. With every pair
// tied the results are those of the dense phases up to rounding (tests/core/sparse_test.cc).

#include "polarity/model.h"
#include "polarity/state.h"
#include "core/scenario_names.h"
#include "core/workspace.h"

namespace polarity {

// 1. ws.ally_capability = A C, ws.coalition_capability = C + A C, A over ties: O(E K).
void ComputeCoalitionCapabilityOnTies(const Model& model, const State& s, Workspace& ws);

// 2. T_ij = h_ij π_ij (w_i · c~_j) on every tie; ws.tie.hostile_reach, ws.tie.raw_threat,
//    ws.raw_threat_total. O(E K).
void ComputeRawThreatOnTies(const Model& model, const State& s, Workspace& ws);

// 3. P <- lagged, noisy T on every tie (the same draws as the dense phase for the same pair).
void UpdatePerceptionOnTies(const Model& model, State& s, Workspace& ws);

// θ_i = Σ_j P_ij - φ w_i · (A C)_i into ws.defence_need.
void ComputeDefenceNeedOnTies(const Model& model, const State& s, Workspace& ws);

// 5 (first half). ws.hostile_capability = (H ∘ Π) C~ over ties: O(E K).
void ComputeHostileCapabilityOnTies(const Model& model, Workspace& ws);

// 6. Alliances: Q_ij = P^_i · P^_j and B_ij = S_i. S_.j / N, each a merge of the two sorted
//    tie lists of i and j; then A on every tie. Stances from B, T and A.
void UpdateAlliancesOnTies(const Model& model, State& s, Workspace& ws);
void UpdateStancesOnTies(const Model& model, State& s, Workspace& ws);

// 7. Crises on ties; crisis (challenger j, target i) lives on tie (j -> i).
void ResolveCrisesOnTies(const Model& model, State& s, Workspace& ws);
// Opens crisis (challenger, target) unless one is open or the two are not tied.
bool OpenCrisisOnTies(const Model& model, State& s, int challenger, int target);

// 8. A dyad effect of a scheduled event (its pairs are ties: validation checks).
void ApplyDyadEffectOnTies(const Model& model, State& s, const CompiledEffect& effect);
// Alliance-level events for every tied pair whose level differs from ws.tie.alliance_before.
void EmitAllianceLevelChangesOnTies(const Model& model, State& s, const Workspace& ws);
// π_ij = exp(-d_ij / R_j) on every tie.
void ComputeProximityOnTies(const Model& model, State& s);

// 9. The metrics of a sparse world (ComputeMetricsPhase dispatches here).
void ComputeMetricsOnTies(const Model& model, State& s, Workspace& ws);

// Compiling: the ties of a sparse scenario (relation pairs, and pairs within reach), then
// the tie arrays of model.initial from `relations`.
TieSet ScenarioTies(const Scenario& scenario, const Names& names);
void CompileTies(const Scenario& scenario, const Names& names, Model& model);

}  // namespace polarity
