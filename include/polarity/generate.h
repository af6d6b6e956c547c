#pragma once
// Synthetic large worlds for the sparse mode (`polarity generate`, docs/generate.md).
//
// GenerateWorld() builds a valid sparse scenario (`network: {sparse: true, reach_factor: 0}`)
// of N actors and exactly N·M/2 undirected ties, one `relations` entry per tie, so that the
// mean number of ties per actor is M. Capitals are uniform on the sphere; most ties join an
// actor to its nearest neighbours (great-circle), a fixed share join random pairs anywhere.
// Actor values follow the distributions of the benchmarks' synthetic worlds
// (bench/synthetic_world.h); every model parameter keeps its default.
//
// Every draw is Philox4x64-10 keyed by the seed, with a counter naming what is drawn
// (actor i's GDP, tie {i, j}'s stance, ...), so the world is a pure function of the options:
// actor i's values do not even depend on N. Values are rounded to a realistic precision
// (4 significant digits, coordinates to 1e-4 degrees), which keeps the file small and makes
// the bytes insensitive, in practice, to the last bit of the C library's log/exp/asin.

#include <cstdint>
#include <string>

#include "polarity/scenario.h"

namespace polarity {

struct GenerateOptions {
  int actors = 0;                 // N: actors, [2, 1000000]
  int ties_per_actor = 0;         // M: mean ties per actor, [1, N - 1]; N·M must be even
  std::uint64_t seed = 1;         // key of every draw; also the scenario's `seed`
  int ticks = 40;                 // time.ticks, [0, 10000000]
  int replications = 1;           // replications, [1, 1000000]
  double start = 2025.0;          // time.start, calendar year of tick 0
  double dt = 0.25;               // time.dt, years per tick, (0, 100]
  double long_range_share = 0.2;  // share of the ties drawn between random pairs, [0, 1];
                                  // the rest join nearest neighbours
  bool dyad_series = false;       // outputs.dyads: dyad variables in timeseries.csv (N·M rows
                                  // per recorded tick per variable: off by default)

  // Checks every bound; on failure writes one line per violation, naming the field and the
  // bound, to *error (when not null) and returns false.
  bool IsValid(std::string* error) const;

  // Undirected ties of the world: N·M/2.
  std::int64_t TieCount() const { return static_cast<std::int64_t>(actors) * ties_per_actor / 2; }
  // Of those, the ties between random pairs: round(long_range_share · N·M/2).
  std::int64_t LongRangeTieCount() const;
};

// The synthetic world of `options` (which must be valid: std::invalid_argument otherwise).
// Actor ids are "G" and the 1-based index zero-padded to at least 4 digits (G0001, G0002, ...),
// so sorted order is index order. Time: O(N·M log(N·M)) with a grid for the nearest
// neighbours; N = 5000, M = 20 takes well under a second (docs/generate.md).
Scenario GenerateWorld(const GenerateOptions& options);

// The actor id of index i (0-based) in a generated world of n actors: "G0001" for i = 0.
std::string GeneratedActorId(int i, int n);

}  // namespace polarity
