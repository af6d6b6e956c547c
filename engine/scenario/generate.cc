// Synthetic large worlds (include/polarity/generate.h, docs/generate.md).
//
// Steps, each a pure function of the options:
//   1. Actors: values drawn per actor from counter (kActor, i, field), capitals uniform on the
//      sphere (z = sin(lat) uniform in [-1, 1], lon uniform), rounded to a realistic precision.
//   2. Nearest neighbours: the K = ceil(2 L_local / N) nearest capitals of every actor, by chord
//      length of the unit vectors (the same order as great-circle distance), found in a 3-D
//      grid of cells that holds a few actors each: O(N K log K).
//   3. Local ties: the candidate pairs (i, its r-th nearest neighbour) taken in order of rank
//      r, then distance, each pair once, until there are L_local = L - L_long of them. Taking
//      rank by rank gives every actor its nearest few neighbours before anyone gets a far one.
//      The ranks 1..K hold at least N K / 2 >= L_local distinct pairs.
//   4. Long-range ties: L_long = round(s L) pairs drawn uniformly among the pairs not yet tied
//      (rejection sampling; when the graph is more than half complete, from the list of free
//      pairs instead).
//   5. Tie values, drawn per pair from counter (kTie, a, b, field) with a < b.

#include "polarity/generate.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <queue>
#include <stdexcept>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

#include <Random123/philox.h>

namespace polarity {
namespace {

constexpr int kMaxActors = 1000000;
constexpr std::uint64_t kGenerateTag = 0x67656e6572617465ull;  // "generate": keys apart from runs

// What a draw is for: the first word of the Philox counter.
enum class Draw : std::uint64_t { kActor = 1, kLongRange = 2, kFreePair = 3, kTie = 4 };

// Actor fields: the third word of the counter (domain d uses kDomain + 3 d + 0, 1, 2).
enum ActorDraw : std::uint64_t {
  kGdp, kBurden, kZ, kLon, kReach, kGrowth, kFloor, kCap, kEfficiency, kResolve, kRevisionist,
  kRevisionism, kReactivity, kFatigue, kGrievance, kDomain = 16,
};
// Tie fields: the fourth word.
enum TieDraw : std::uint64_t { kHostile, kMagnitude, kAllied, kDepth, kFriction, kInterdependence };

// Uniform doubles in [0, 1) from the top 53 bits of Philox4x64-10: identical everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : key_{{seed, kGenerateTag}} {}

  double Uniform(Draw what, std::uint64_t a, std::uint64_t b, std::uint64_t c = 0) const {
    const r123::Philox4x64::ctr_type counter = {{static_cast<std::uint64_t>(what), a, b, c}};
    const std::uint64_t bits = r123::Philox4x64()(counter, key_)[0];
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
  }
  double Uniform(double lo, double hi, Draw what, std::uint64_t a, std::uint64_t b, std::uint64_t c = 0) const {
    return lo + (hi - lo) * Uniform(what, a, b, c);
  }

 private:
  r123::Philox4x64::key_type key_;
};

// `value` rounded to `digits` significant digits (or, fixed, to `digits` decimals), exactly as
// printed: std::to_chars rounds correctly, so the result does not depend on the platform.
double Rounded(double value, int digits, bool fixed = false) {
  std::array<char, 64> buffer;
  const auto format = fixed ? std::chars_format::fixed : std::chars_format::scientific;
  const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, format,
                                     fixed ? digits : digits - 1);
  double out = value;
  std::from_chars(buffer.data(), printed.ptr, out);
  return out == 0.0 ? 0.0 : out;  // no -0
}

constexpr int kSig = 4;  // significant digits of generated values

SourcedValue Given(double value) {
  SourcedValue v;
  v.value = value;
  v.present = true;
  return v;
}

struct Point {
  double x, y, z;
};

double Chord2(const Point& a, const Point& b) {
  const double dx = a.x - b.x, dy = a.y - b.y, dz = a.z - b.z;
  return dx * dx + dy * dy + dz * dz;
}

// Step 1: one actor. Distributions of bench/synthetic_world.h (SyntheticScenario), capitals
// uniform on the whole sphere.
ActorSpec MakeActor(const Random& random, int i, int n, const std::vector<std::string>& domains) {
  const auto u = [&](double lo, double hi, std::uint64_t field) {
    return random.Uniform(lo, hi, Draw::kActor, static_cast<std::uint64_t>(i), field);
  };
  ActorSpec a;
  a.id = GeneratedActorId(i, n);
  const double gdp = Rounded(std::exp(u(std::log(20.0), std::log(25000.0), kGdp)), kSig);  // USD bn, log-uniform
  const double milex = Rounded(gdp * u(0.01, 0.04, kBurden), kSig);
  a.gdp = Given(gdp);
  a.milex = Given(milex);
  a.lat = Given(Rounded(std::asin(u(-1.0, 1.0, kZ)) * (180.0 / std::numbers::pi), 4, true));
  a.lon = Given(Rounded(u(-180.0, 180.0, kLon), 4, true));
  a.reach_km = Given(Rounded(u(1500.0, 12000.0, kReach), kSig));
  a.gdp_growth = Given(Rounded(u(0.0, 0.05, kGrowth), kSig));
  a.milex_floor = Given(Rounded(milex * u(0.2, 0.6, kFloor), kSig));
  a.burden_cap = Given(Rounded(u(0.05, 0.12, kCap), kSig));
  a.efficiency = Given(Rounded(u(0.6, 1.4, kEfficiency), kSig));
  a.resolve = Given(Rounded(u(0.1, 0.9, kResolve), kSig));
  a.revisionism = Given(u(0.0, 1.0, kRevisionist) < 0.4 ? Rounded(u(0.2, 0.9, kRevisionism), kSig) : 0.05);
  a.reactivity = Given(Rounded(u(0.005, 0.05, kReactivity), kSig));
  a.fatigue = Given(Rounded(u(0.02, 0.1, kFatigue), kSig));
  a.grievance = Given(Rounded(u(0.1, 5.0, kGrievance), kSig));
  for (std::size_t d = 0; d < domains.size(); ++d) {
    const std::uint64_t f = kDomain + 3 * d;
    a.capability[domains[d]] = Given(Rounded(milex * u(0.3, 3.0, f), kSig));
    a.allocation[domains[d]] = Given(Rounded(u(0.05, 1.0, f + 1), 3));
    a.concern[domains[d]] = Given(Rounded(u(0.05, 1.0, f + 2), 3));
  }
  return a;
}

// Step 2: the k nearest actors of every actor, nearest first (ties in distance by index).
class NeighbourGrid {
 public:
  NeighbourGrid(const std::vector<Point>& points, int k) : points_(points) {
    const double n = static_cast<double>(points.size());
    // Cells of side h hold about k + 4 actors where they cut the sphere (area 4π).
    const double h = std::sqrt(4.0 * std::numbers::pi * (k + 4) / n);
    side_ = std::clamp(static_cast<int>(std::ceil(2.0 / h)), 1, 160);
    h_ = 2.0 / side_;
    const std::size_t cells = static_cast<std::size_t>(side_) * side_ * side_;
    start_.assign(cells + 1, 0);
    cell_of_.resize(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      cell_of_[i] = Cell(points[i]);
      ++start_[Index(cell_of_[i]) + 1];
    }
    for (std::size_t c = 0; c < cells; ++c) start_[c + 1] += start_[c];
    members_.resize(points.size());
    std::vector<int> fill(start_.begin(), start_.end() - 1);
    for (std::size_t i = 0; i < points.size(); ++i) {
      const int slot = fill[Index(cell_of_[i])]++;
      members_[static_cast<std::size_t>(slot)] = static_cast<int>(i);
    }
  }

  // The k nearest of actor i: shells of cells around its own, until the k-th best found is
  // nearer than anything in the next shell can be (a point s + 1 cells away along some axis is
  // more than s·h away).
  std::vector<int> Nearest(int i, int k) const {
    using Candidate = std::pair<double, int>;  // (squared chord, index): max-heap of the best k
    std::priority_queue<Candidate> best;
    const Point& p = points_[static_cast<std::size_t>(i)];
    const std::array<int, 3> c = cell_of_[static_cast<std::size_t>(i)];
    const auto visit = [&](int x, int y, int z) {
      if (x < 0 || y < 0 || z < 0 || x >= side_ || y >= side_ || z >= side_) return;
      const std::size_t cell = Index({x, y, z});
      for (int m = start_[cell]; m < start_[cell + 1]; ++m) {
        const int j = members_[static_cast<std::size_t>(m)];
        if (j == i) continue;
        const Candidate candidate{Chord2(p, points_[static_cast<std::size_t>(j)]), j};
        if (static_cast<int>(best.size()) < k) {
          best.push(candidate);
        } else if (candidate < best.top()) {
          best.pop();
          best.push(candidate);
        }
      }
    };
    for (int s = 0; s < side_; ++s) {
      for (int dx = -s; dx <= s; ++dx) {
        for (int dy = -s; dy <= s; ++dy) {
          if (std::abs(dx) == s || std::abs(dy) == s) {
            for (int dz = -s; dz <= s; ++dz) visit(c[0] + dx, c[1] + dy, c[2] + dz);
          } else {
            visit(c[0] + dx, c[1] + dy, c[2] - s);
            if (s > 0) visit(c[0] + dx, c[1] + dy, c[2] + s);
          }
        }
      }
      const double reach = s * h_;
      if (static_cast<int>(best.size()) == k && best.top().first <= reach * reach) break;
    }
    std::vector<int> out(best.size());
    for (std::size_t r = out.size(); r-- > 0;) {
      out[r] = best.top().second;
      best.pop();
    }
    return out;
  }

 private:
  std::array<int, 3> Cell(const Point& p) const {
    const auto axis = [&](double v) { return std::clamp(static_cast<int>(std::floor((v + 1.0) / h_)), 0, side_ - 1); };
    return {axis(p.x), axis(p.y), axis(p.z)};
  }
  std::size_t Index(const std::array<int, 3>& c) const {
    return (static_cast<std::size_t>(c[0]) * static_cast<std::size_t>(side_) + static_cast<std::size_t>(c[1])) *
               static_cast<std::size_t>(side_) +
           static_cast<std::size_t>(c[2]);
  }

  const std::vector<Point>& points_;
  int side_ = 1;
  double h_ = 2.0;
  std::vector<int> start_;                    // cells + 1 offsets into members_
  std::vector<int> members_;                  // actor indices, by cell
  std::vector<std::array<int, 3>> cell_of_;   // each actor's cell
};

std::uint64_t PairKey(int a, int b) {
  return (static_cast<std::uint64_t>(std::min(a, b)) << 32) | static_cast<std::uint64_t>(std::max(a, b));
}

struct Tie {
  int a, b;     // a < b
  bool local;   // a nearest-neighbour tie (false: long-range)
};

// Steps 2 and 3: `count` ties between near neighbours.
void AddLocalTies(const std::vector<Point>& points, int k, std::int64_t count, std::vector<Tie>& ties,
                  std::unordered_set<std::uint64_t>& taken) {
  if (count <= 0 || k <= 0) return;
  const int n = static_cast<int>(points.size());
  const NeighbourGrid grid(points, k);
  struct Candidate {
    int rank;
    double chord2;
    int a, b;  // a < b
  };
  std::vector<Candidate> candidates;
  candidates.reserve(static_cast<std::size_t>(n) * static_cast<std::size_t>(k));
  for (int i = 0; i < n; ++i) {
    const std::vector<int> nearest = grid.Nearest(i, k);
    for (std::size_t r = 0; r < nearest.size(); ++r) {
      const int j = nearest[r];
      const double chord2 = Chord2(points[static_cast<std::size_t>(i)], points[static_cast<std::size_t>(j)]);
      candidates.push_back({static_cast<int>(r), chord2, std::min(i, j), std::max(i, j)});
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.rank != y.rank) return x.rank < y.rank;
    if (x.chord2 != y.chord2) return x.chord2 < y.chord2;
    if (x.a != y.a) return x.a < y.a;
    return x.b < y.b;
  });
  for (const Candidate& c : candidates) {
    if (static_cast<std::int64_t>(ties.size()) >= count) break;
    if (taken.insert(PairKey(c.a, c.b)).second) ties.push_back({c.a, c.b, true});
  }
}

// Step 4: `count` more ties between pairs drawn uniformly among those not yet tied.
void AddLongRangeTies(const Random& random, int n, std::int64_t count, std::vector<Tie>& ties,
                      std::unordered_set<std::uint64_t>& taken) {
  const std::int64_t all_pairs = static_cast<std::int64_t>(n) * (n - 1) / 2;
  const std::int64_t target = static_cast<std::int64_t>(ties.size()) + count;
  // Rejection sampling while at most half the pairs are tied (>= 1/2 acceptance). The draw
  // budget only guards against an endless loop; it is never reached in practice.
  if (target * 2 <= all_pairs) {
    const std::uint64_t budget = 64 * static_cast<std::uint64_t>(count) + 1000000;
    for (std::uint64_t t = 0; static_cast<std::int64_t>(ties.size()) < target && t < budget; ++t) {
      const int i = std::min(n - 1, static_cast<int>(random.Uniform(Draw::kLongRange, t, 0) * n));
      int j = std::min(n - 2, static_cast<int>(random.Uniform(Draw::kLongRange, t, 1) * (n - 1)));
      if (j >= i) ++j;  // uniform over the others
      if (taken.insert(PairKey(i, j)).second) ties.push_back({std::min(i, j), std::max(i, j), false});
    }
  }
  if (static_cast<std::int64_t>(ties.size()) >= target) return;
  // A dense graph (M close to N - 1, so N is small): pick among the free pairs, a partial
  // Fisher-Yates shuffle of their list.
  std::vector<std::pair<int, int>> free;
  for (int a = 0; a < n; ++a) {
    for (int b = a + 1; b < n; ++b) {
      if (!taken.contains(PairKey(a, b))) free.emplace_back(a, b);
    }
  }
  for (std::size_t t = 0; static_cast<std::int64_t>(ties.size()) < target && t < free.size(); ++t) {
    const std::size_t left = free.size() - t;
    const std::size_t pick = t + std::min(left - 1, static_cast<std::size_t>(random.Uniform(Draw::kFreePair, t, 0) *
                                                                             static_cast<double>(left)));
    std::swap(free[t], free[pick]);
    taken.insert(PairKey(free[t].first, free[t].second));
    ties.push_back({free[t].first, free[t].second, false});
  }
}

// Step 5: the relation entry of one tie. Near neighbours are mostly friendly (one in four
// hostile), long-range pairs hostile half the time; half the friendly pairs are allied to some
// depth. Friction and interdependence as bench/synthetic_world.h FillDyads.
RelationSpec MakeRelation(const Random& random, const Tie& tie, const std::vector<std::string>& ids) {
  const auto u = [&](double lo, double hi, std::uint64_t field) {
    return random.Uniform(lo, hi, Draw::kTie, static_cast<std::uint64_t>(tie.a), static_cast<std::uint64_t>(tie.b), field);
  };
  RelationSpec r;
  r.first = {ids[static_cast<std::size_t>(tie.a)]};
  r.second = {ids[static_cast<std::size_t>(tie.b)]};
  const bool hostile = u(0.0, 1.0, kHostile) < (tie.local ? 0.25 : 0.5);
  const double magnitude = Rounded(u(0.1, 0.9, kMagnitude), 3);
  r.stance = Given(hostile ? -magnitude : magnitude);
  if (!hostile && u(0.0, 1.0, kAllied) < 0.5) r.alliance = Given(Rounded(u(0.05, 0.9, kDepth), 3));
  r.friction = Given(Rounded(u(0.01, 0.3, kFriction), 3));
  r.interdependence = Given(Rounded(u(0.01, 0.8, kInterdependence), 3));
  return r;
}

std::string Format(double value) {
  std::array<char, 32> buffer;
  const auto printed = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), printed.ptr);
}

}  // namespace

bool GenerateOptions::IsValid(std::string* error) const {
  std::string problems;
  const auto fail = [&](const std::string& line) {
    if (!problems.empty()) problems += '\n';
    problems += line;
  };
  if (actors < 2 || actors > kMaxActors) {
    fail("actors = " + std::to_string(actors) + " is out of range: must be in [2, " + std::to_string(kMaxActors) + "]");
  }
  if (ties_per_actor < 1 || (actors >= 2 && ties_per_actor > actors - 1)) {
    fail("ties_per_actor = " + std::to_string(ties_per_actor) + " is out of range: must be in [1, actors - 1 = " +
         std::to_string(std::max(actors - 1, 1)) + "]");
  }
  const std::int64_t ends = static_cast<std::int64_t>(actors) * ties_per_actor;
  if (actors >= 2 && ties_per_actor >= 1 && ends % 2 != 0) {
    fail("actors x ties_per_actor = " + std::to_string(ends) +
         " is odd: it must be even, as every tie has two ends (the world has actors x ties_per_actor / 2 ties)");
  }
  if (ends > std::numeric_limits<int>::max()) {
    fail("actors x ties_per_actor = " + std::to_string(ends) + " is too large: must be at most " +
         std::to_string(std::numeric_limits<int>::max()));
  }
  if (ticks < 0 || ticks > 10000000) fail("ticks = " + std::to_string(ticks) + " is out of range: must be in [0, 10000000]");
  if (replications < 1 || replications > 1000000) {
    fail("replications = " + std::to_string(replications) + " is out of range: must be in [1, 1000000]");
  }
  if (!(dt > 0.0 && dt <= 100.0)) fail("dt = " + Format(dt) + " is out of range: must be in (0, 100]");
  if (!std::isfinite(start)) fail("start = " + Format(start) + " is not a finite number");
  if (!(long_range_share >= 0.0 && long_range_share <= 1.0)) {
    fail("long_range_share = " + Format(long_range_share) + " is out of range: must be in [0, 1]");
  }
  if (error != nullptr) *error = problems;
  return problems.empty();
}

std::int64_t GenerateOptions::LongRangeTieCount() const {
  return std::llround(long_range_share * static_cast<double>(TieCount()));
}

std::string GeneratedActorId(int i, int n) {
  const std::string number = std::to_string(i + 1);
  const std::size_t width = std::max<std::size_t>(4, std::to_string(n).size());
  std::string id = "G";
  id.append(width > number.size() ? width - number.size() : 0, '0');
  id += number;
  return id;
}

Scenario GenerateWorld(const GenerateOptions& o) {
  std::string error;
  if (!o.IsValid(&error)) throw std::invalid_argument("GenerateWorld: " + error);
  const Random random(o.seed);
  const int n = o.actors;
  const std::int64_t total = o.TieCount();

  Scenario sc;
  sc.schema = "polarity/scenario 1";
  const std::string shape = std::to_string(n) + " actors, " + std::to_string(o.ties_per_actor) + " ties per actor";
  sc.name = "synthetic-n" + std::to_string(n) + "-m" + std::to_string(o.ties_per_actor) + "-s" + std::to_string(o.seed);
  sc.title = "Synthetic world: " + shape + ", seed " + std::to_string(o.seed);
  sc.description = "Synthetic world made by polarity generate (docs/generate.md) with actors " + std::to_string(n) +
                   ", ties_per_actor " + std::to_string(o.ties_per_actor) + ", seed " + std::to_string(o.seed) +
                   ", long_range_share " + Format(o.long_range_share) +
                   "; not real data. Capitals uniform on the sphere; " + std::to_string(total) +
                   " ties, each a relations entry, to nearest neighbours except the long-range share between "
                   "random pairs; sparse mode with ties only on those pairs; every parameter at its default.";
  sc.start = o.start;
  sc.dt = o.dt;
  sc.ticks = o.ticks;
  sc.seed = o.seed;
  sc.replications = o.replications;
  sc.outputs.dyads = o.dyad_series;
  sc.network.sparse = true;
  sc.network.reach_factor = 0.0;

  // Step 1.
  sc.actors.reserve(static_cast<std::size_t>(n));
  std::vector<std::string> ids;
  ids.reserve(static_cast<std::size_t>(n));
  std::vector<Point> points;
  points.reserve(static_cast<std::size_t>(n));
  constexpr double kRadians = std::numbers::pi / 180.0;
  for (int i = 0; i < n; ++i) {
    ActorSpec a = MakeActor(random, i, n, sc.domains);
    const double lat = a.lat.value * kRadians, lon = a.lon.value * kRadians;
    points.push_back({std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat)});
    ids.push_back(a.id);
    sc.actors.push_back(std::move(a));
  }

  // Steps 2-4.
  const std::int64_t long_range = o.LongRangeTieCount();
  const std::int64_t local = total - long_range;
  // K nearest per actor: the ranks 1..K hold at least N K / 2 >= local distinct pairs.
  const int k = static_cast<int>(std::min<std::int64_t>(n - 1, (2 * local + n - 1) / n));
  std::vector<Tie> ties;
  ties.reserve(static_cast<std::size_t>(total));
  std::unordered_set<std::uint64_t> taken;  // membership only: its order never matters
  taken.reserve(static_cast<std::size_t>(total) * 2);
  AddLocalTies(points, k, local, ties, taken);
  AddLongRangeTies(random, n, total - static_cast<std::int64_t>(ties.size()), ties, taken);
  if (static_cast<std::int64_t>(ties.size()) != total) {
    throw std::logic_error("GenerateWorld: made " + std::to_string(ties.size()) + " ties instead of " +
                           std::to_string(total));
  }

  // Step 5, in pair order.
  std::sort(ties.begin(), ties.end(), [](const Tie& x, const Tie& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
  sc.relations.reserve(ties.size());
  for (const Tie& tie : ties) sc.relations.push_back(MakeRelation(random, tie, ids));
  return sc;
}

}  // namespace polarity
