// Phases 1-3: coalition capability, raw threat, perception.

#include <algorithm>

#include "core/phases.h"

namespace polarity {

namespace {

// G = W C~^T: G_ij is j's coalition force weighted by what i fears, (N x K)(K x N).
void ConcernProduct(const State& s, Workspace& ws) {
  ws.products.ProductTransposed(s.concern, ws.coalition_capability, ws.concern_product);
}

// The sweep of phase 2 over every row (perception None).
sweep_kernel::ThreatTask ThreatTask(const State& s, Workspace& ws) {
  sweep_kernel::ThreatTask t;
  t.n = s.stance.rows();
  t.row_begin = 0;
  t.row_end = t.n;
  t.stance = s.stance.data();
  t.proximity = s.proximity.data();
  t.concern_product = ws.concern_product.data();
  t.hostile_reach = ws.hostile_reach.data();
  t.raw_threat = ws.raw_threat.data();
  t.raw_threat_total = ws.raw_threat_total.data();
  return t;
}

// Phase 3 with noise: P <- (1 - λ) P + λ T ∘ max(0, 1 + σ ε), one normal per ordered pair
// i != j (a pure function of tick, i and j), then P's row sums as the sweep would take them.
void PerceiveWithNoise(State& s, Workspace& ws) {
  const PerceptionParameters& p = s.params.perception;
  const auto n = s.perceived_threat.rows();
  const auto tick = static_cast<std::uint64_t>(s.tick);
  ws.perceived_threat_total.setZero();
  ws.perceived_threat_norm_squared.setZero();
  double* total = ws.perceived_threat_total.data();
  double* squared = ws.perceived_threat_norm_squared.data();
  for (Eigen::Index j = 0; j < n; ++j) {
    const double* threat = ws.raw_threat.col(j).data();
    double* perceived = s.perceived_threat.col(j).data();
    for (Eigen::Index i = 0; i < n; ++i) {
      if (i == j) continue;
      const double eps = ws.rng.Normal(tick, Stream::kPerception, static_cast<std::uint64_t>(i),
                                       static_cast<std::uint64_t>(j));
      const double seen = threat[i] * std::max(0.0, 1.0 + p.noise * eps);
      perceived[i] = (1.0 - p.lag) * perceived[i] + p.lag * seen;
    }
    for (Eigen::Index i = 0; i < n; ++i) {
      total[i] += perceived[i];
      squared[i] += perceived[i] * perceived[i];
    }
  }
}

}  // namespace

void ComputeCoalitionCapability(const State& s, Workspace& ws) {
  // C~ = C + A C: each actor's force as seen together with its allies', weighted by depth.
  // (N x N)(N x K) -> N x K, one product (core/exact_product.h: the same bits on every CPU).
  ws.products.Product(s.alliance, s.capability, ws.ally_capability);
  ws.coalition_capability = s.capability + ws.ally_capability;
}

void ComputeRawThreat(const State& s, Workspace& ws) {
  ConcernProduct(s, ws);
  ws.sweeps.threat(ThreatTask(s, ws));
}

void ComputeThreatAndPerception(State& s, Workspace& ws) {
  ConcernProduct(s, ws);
  // One sweep down the columns (column-major): column j of T, then of P from it, then P's
  // column into the row sums that phases 4 and 6 read; the N x N arrays are read once for
  // phases 2-4 and 6's norms instead of once each. With noise, P is a second sweep (its
  // cost is the normals).
  const PerceptionParameters& p = s.params.perception;
  using sweep_kernel::Perception;
  sweep_kernel::ThreatTask t = ThreatTask(s, ws);
  t.perception = !p.enabled ? Perception::kCopy : p.noise == 0.0 ? Perception::kLag : Perception::kNone;
  t.keep = 1.0 - p.lag;
  t.lag = p.lag;
  t.perceived = s.perceived_threat.data();
  t.perceived_total = ws.perceived_threat_total.data();
  t.perceived_norm_squared = ws.perceived_threat_norm_squared.data();
  // On the calling thread alone, whatever the tick's threads: its row sums need each row
  // whole on one thread, and with the rows split the two threads write neighbouring parts of
  // every column of three N x N arrays. Split that way on this machine's two cores, phases
  // 2-3 took 135-144 µs at N = 200 against 41-46 µs on one thread (at N = 2000 the split
  // saved 1 ms of 9); with 64-byte aligned arrays and the split on a cache line (no line
  // written by both) the sweep alone still took 84-88 µs against 24 (docs/performance.md §6,
  // item 15).
  ws.sweeps.threat(t);
  if (t.perception == Perception::kNone) PerceiveWithNoise(s, ws);
}

}  // namespace polarity
