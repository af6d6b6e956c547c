// Phase 8 of a sparse world: dyad effects of scheduled events, alliance-level crossings and
// proximity, on ties.

#include <cmath>

#include "core/phases.h"
#include "core/tie_phases.h"

namespace polarity {

void ApplyDyadEffectOnTies(const Model& model, State& s, const CompiledEffect& e) {
  Eigen::VectorXd& values = e.dyad_field == DyadField::kAlliance   ? s.tie.alliance
                            : e.dyad_field == DyadField::kFriction ? s.tie.friction
                            : e.dyad_field == DyadField::kStance   ? s.tie.stance
                                                                   : s.tie.interdependence;
  for (const auto& [i, j] : e.pairs) {
    const int tie = model.ties.Find(i, j);
    if (tie < 0) continue;  // validation refuses effects on untied pairs in sparse worlds
    const double v = DyadEffectResult(e, values(tie));
    values(tie) = v;
    if (e.dyad_field != DyadField::kStance) values(model.ties.reverse[tie]) = v;
  }
}

void EmitAllianceLevelChangesOnTies(const Model& model, State& s, const Workspace& ws) {
  // Pairs (i, j), i < j, in the dense phase's order: j ascending, then i ascending.
  const TieSet& ties = model.ties;
  for (Eigen::Index j = 0; j < s.milex.size(); ++j) {
    for (int e = ties.begin(j); e < ties.end(j) && ties.target[e] < j; ++e) {
      const auto before = static_cast<int>(LevelOf(ws.tie.alliance_before(e)));
      const auto after = static_cast<int>(LevelOf(s.tie.alliance(e)));
      if (before != after) {
        PushEvent(s, EventRecord{s.tick, EventType::kAllianceLevel, ties.target[e], static_cast<int>(j), before, after, -1});
      }
    }
  }
}

void ComputeProximityOnTies(const Model& model, State& s) {
  const TieSet& ties = model.ties;
  for (int e = 0; e < ties.size(); ++e) {
    s.tie.proximity(e) = std::exp(-model.tie_distance_km(e) / s.reach_km(ties.target[e]));
  }
}

}  // namespace polarity
