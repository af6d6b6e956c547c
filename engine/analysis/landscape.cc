// Landscape theory: energy, frustration, exhaustive search and myopic switching (see
// landscape.h for the definitions).

#include "analysis/landscape.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>

#include <Random123/philox.h>

namespace polarity::analysis {
namespace {

constexpr int kMaxExhaustiveActors = 20;

int Count(const Landscape& landscape) { return static_cast<int>(landscape.size.size()); }

void CheckConfiguration(const Landscape& landscape, const Configuration& sides) {
  if (static_cast<int>(sides.size()) != Count(landscape)) {
    throw std::invalid_argument("landscape: configuration has " + std::to_string(sides.size()) +
                                " actors, the landscape " + std::to_string(Count(landscape)));
  }
  for (const int side : sides) {
    if (side != 0 && side != 1) throw std::invalid_argument("landscape: a side must be 0 or 1");
  }
}

bool Before(const LandscapeMinimum& a, const LandscapeMinimum& b) {
  return a.energy != b.energy ? a.energy < b.energy : a.sides < b.sides;
}

// ΔF_i of switching i: every d_ij flips, so ΔF_i = Σ_j s_j p_ij (1 - 2 d_ij).
double FrustrationChange(const Landscape& l, const Configuration& sides, int i) {
  double change = 0.0;
  const auto n = Count(l);
  for (int j = 0; j < n; ++j) {
    if (j == i) continue;
    const double term = l.size(j) * l.propensity(i, j);
    change += sides[static_cast<std::size_t>(i)] == sides[static_cast<std::size_t>(j)] ? term : -term;
  }
  return change;
}

}  // namespace

void ValidateLandscape(const Landscape& landscape) {
  const Eigen::Index n = landscape.size.size();
  const Eigen::MatrixXd& p = landscape.propensity;
  if (p.rows() != n || p.cols() != n) {
    throw std::invalid_argument("landscape: propensity must be N x N with N = " + std::to_string(n));
  }
  if (!landscape.size.allFinite() || (n > 0 && landscape.size.minCoeff() < 0.0)) {
    throw std::invalid_argument("landscape: sizes must be finite and >= 0");
  }
  if (!p.allFinite()) throw std::invalid_argument("landscape: propensities must be finite");
  for (Eigen::Index i = 0; i < n; ++i) {
    if (p(i, i) != 0.0) throw std::invalid_argument("landscape: propensity diagonal must be 0");
    for (Eigen::Index j = i + 1; j < n; ++j) {
      if (p(i, j) != p(j, i)) throw std::invalid_argument("landscape: propensity must be symmetric");
    }
  }
}

double Energy(const Landscape& landscape, const Configuration& sides) {
  CheckConfiguration(landscape, sides);
  const int n = Count(landscape);
  double energy = 0.0;
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) {
      if (sides[static_cast<std::size_t>(i)] != sides[static_cast<std::size_t>(j)]) {
        energy += landscape.size(i) * landscape.size(j) * landscape.propensity(i, j);
      }
    }
  }
  return energy;
}

Eigen::VectorXd Frustration(const Landscape& landscape, const Configuration& sides) {
  CheckConfiguration(landscape, sides);
  const int n = Count(landscape);
  Eigen::VectorXd f = Eigen::VectorXd::Zero(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (sides[static_cast<std::size_t>(i)] != sides[static_cast<std::size_t>(j)]) {
        f(i) += landscape.size(j) * landscape.propensity(i, j);
      }
    }
  }
  return f;
}

double SwitchFrustrationChange(const Landscape& landscape, const Configuration& sides, int actor) {
  CheckConfiguration(landscape, sides);
  if (actor < 0 || actor >= Count(landscape)) throw std::invalid_argument("landscape: no such actor");
  return FrustrationChange(landscape, sides, actor);
}

double SwitchEnergyChange(const Landscape& landscape, const Configuration& sides, int actor) {
  return landscape.size(actor) * SwitchFrustrationChange(landscape, sides, actor);
}

bool IsLocalMinimum(const Landscape& landscape, const Configuration& sides, double tolerance) {
  CheckConfiguration(landscape, sides);
  for (int i = 0; i < Count(landscape); ++i) {
    if (landscape.size(i) * FrustrationChange(landscape, sides, i) < -tolerance) return false;
  }
  return true;
}

Configuration Canonical(Configuration sides) {
  if (!sides.empty() && sides[0] == 1) {
    for (int& side : sides) side = 1 - side;
  }
  return sides;
}

ExhaustiveSearchResult ExhaustiveSearch(const Landscape& landscape, std::size_t max_minima,
                                        double tolerance) {
  ValidateLandscape(landscape);
  const int n = Count(landscape);
  if (n > kMaxExhaustiveActors) {
    throw std::invalid_argument("ExhaustiveSearch: N = " + std::to_string(n) + " > " +
                                std::to_string(kMaxExhaustiveActors) + "; use MyopicSearch");
  }
  ExhaustiveSearchResult result;
  if (n == 0) return result;
  if (max_minima == 0) max_minima = 1;

  // w_ij = s_i s_j p_ij; σ = +1 (side 0) for everyone at the start; field f = w σ.
  Eigen::MatrixXd w = landscape.size * landscape.size.transpose();
  w = w.cwiseProduct(landscape.propensity);
  Eigen::VectorXd sigma = Eigen::VectorXd::Ones(n);
  Eigen::VectorXd field = w * sigma;
  const double scale = 0.5 * w.cwiseAbs().sum();
  const double threshold = -tolerance * std::max(scale, 1e-300);

  const std::uint64_t count = std::uint64_t{1} << (n - 1);
  result.configurations = count;
  Configuration sides(static_cast<std::size_t>(n), 0);
  for (std::uint64_t g = 0; g < count; ++g) {
    // Switching i changes E by σ_i f_i; a local minimum has none below the threshold.
    bool minimum = true;
    for (int i = 0; i < n && minimum; ++i) minimum = sigma(i) * field(i) >= threshold;
    if (minimum) {
      result.local_minima.push_back({sides, Energy(landscape, sides)});
      if (result.local_minima.size() >= 2 * max_minima) {
        std::sort(result.local_minima.begin(), result.local_minima.end(), Before);
        result.local_minima.resize(max_minima);
        result.truncated = true;
      }
    }
    if (g + 1 == count) break;
    // Gray code: the next configuration differs in actor 1 + (trailing zeros of g + 1).
    const int k = 1 + std::countr_zero(g + 1);
    const double old_sigma = sigma(k);
    field -= 2.0 * old_sigma * w.col(k);
    sigma(k) = -old_sigma;
    sides[static_cast<std::size_t>(k)] = 1 - sides[static_cast<std::size_t>(k)];
  }
  std::sort(result.local_minima.begin(), result.local_minima.end(), Before);
  if (result.local_minima.size() > max_minima) {
    result.local_minima.resize(max_minima);
    result.truncated = true;
  }
  return result;
}

MyopicResult MyopicSwitching(const Landscape& landscape, Configuration start, SwitchOrder order,
                             int max_switches, double tolerance) {
  ValidateLandscape(landscape);
  CheckConfiguration(landscape, start);
  const int n = Count(landscape);
  double scale = 1.0;
  for (int i = 0; i < n; ++i) {
    double row = 0.0;
    for (int j = 0; j < n; ++j) row += std::abs(landscape.size(j) * landscape.propensity(i, j));
    scale = std::max(scale, row);
  }
  const double threshold = -tolerance * scale;

  MyopicResult result;
  Configuration sides = std::move(start);
  double energy = Energy(landscape, sides);
  result.energy_path.push_back(energy);
  const auto apply = [&](int i, double frustration_change) {
    sides[static_cast<std::size_t>(i)] = 1 - sides[static_cast<std::size_t>(i)];
    energy += landscape.size(i) * frustration_change;
    result.energy_path.push_back(energy);
    result.switched.push_back(i);
  };
  while (static_cast<int>(result.switched.size()) < max_switches) {
    bool moved = false;
    if (order == SwitchOrder::kSequential) {
      for (int i = 0; i < n && static_cast<int>(result.switched.size()) < max_switches; ++i) {
        const double change = FrustrationChange(landscape, sides, i);
        if (change < threshold) {
          apply(i, change);
          moved = true;
        }
      }
    } else {
      int best = -1;
      double best_change = threshold;
      for (int i = 0; i < n; ++i) {
        const double change = FrustrationChange(landscape, sides, i);
        if (change < best_change) {
          best = i;
          best_change = change;
        }
      }
      if (best >= 0) {
        apply(best, best_change);
        moved = true;
      }
    }
    if (!moved) {
      result.converged = true;
      break;
    }
  }
  result.sides = Canonical(std::move(sides));
  result.energy = Energy(landscape, result.sides);
  return result;
}

std::vector<LandscapeMinimum> MyopicSearch(const Landscape& landscape, int starts,
                                           std::uint64_t seed, SwitchOrder order) {
  ValidateLandscape(landscape);
  using Philox = r123::Philox4x64;
  const Philox::key_type key = {{seed, 0x4c414e44u}};  // "LAND"
  const int n = Count(landscape);
  std::map<Configuration, double> found;
  for (int r = 0; r < starts; ++r) {
    Configuration start(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      const Philox::ctr_type ctr = {{static_cast<std::uint64_t>(r), static_cast<std::uint64_t>(i), 0, 0}};
      start[static_cast<std::size_t>(i)] = static_cast<int>(Philox()(ctr, key)[0] >> 63);
    }
    const MyopicResult end = MyopicSwitching(landscape, std::move(start), order);
    if (end.converged) found.emplace(end.sides, end.energy);
  }
  std::vector<LandscapeMinimum> minima;
  for (const auto& [sides, energy] : found) minima.push_back({sides, energy});
  std::sort(minima.begin(), minima.end(), Before);
  return minima;
}

Landscape LandscapeOfState(const State& state) {
  Landscape l;
  l.size = state.capability.rowwise().sum().cwiseMax(0.0);
  l.propensity = 0.5 * (state.stance + state.stance.transpose());
  l.propensity.diagonal().setZero();
  return l;
}

Configuration ConfigurationOfState(const State& state, const Eigen::VectorXd& size) {
  const auto n = static_cast<int>(size.size());
  if (state.bloc.size() != n || state.alliance.rows() != n || state.alliance.cols() != n) {
    throw std::invalid_argument("ConfigurationOfState: the state's blocs and alliances must be of N = " +
                                std::to_string(n) + " actors");
  }
  // Total size of each bloc, by bloc id (its first actor); the two largest are the poles.
  Eigen::VectorXd total = Eigen::VectorXd::Zero(n);
  for (int i = 0; i < n; ++i) {
    const int b = state.bloc(i);
    if (b < 0 || b >= n) throw std::invalid_argument("ConfigurationOfState: bloc id out of range");
    total(b) += size(i);
  }
  int first = -1, second = -1;  // bloc ids; a bloc id is its smallest member, so i == bloc(i) once per bloc
  for (int b = 0; b < n; ++b) {
    if (state.bloc(b) != b) continue;
    if (first < 0 || total(b) > total(first)) {
      second = first;
      first = b;
    } else if (second < 0 || total(b) > total(second)) {
      second = b;
    }
  }
  // Alliance depth of each bloc (summed over its members) to each pole.
  Eigen::VectorXd to_first = Eigen::VectorXd::Zero(n), to_second = Eigen::VectorXd::Zero(n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      if (state.bloc(j) == first) to_first(state.bloc(i)) += state.alliance(i, j);
      if (state.bloc(j) == second) to_second(state.bloc(i)) += state.alliance(i, j);
    }
  }
  Configuration sides(static_cast<std::size_t>(n), 1);
  for (int i = 0; i < n; ++i) {
    const int b = state.bloc(i);
    const bool with_first = b == first || (b != second && to_first(b) > to_second(b));
    sides[static_cast<std::size_t>(i)] = with_first ? 0 : 1;
  }
  return sides;
}

bool MeasureStateLandscape(const State& state, StateLandscape* out) {
  const Eigen::Index n = state.capability.rows();
  if (state.stance.rows() != n || state.stance.cols() != n || state.alliance.rows() != n ||
      state.alliance.cols() != n || state.bloc.size() != n) {
    return false;
  }
  out->landscape = LandscapeOfState(state);
  if (!out->landscape.size.allFinite() || !out->landscape.propensity.allFinite()) return false;
  out->sides = ConfigurationOfState(state, out->landscape.size);
  out->energy = Energy(out->landscape, out->sides);
  out->frustration = Frustration(out->landscape, out->sides);
  const int max_switches = kRelaxSwitchesPerActor * static_cast<int>(std::max<Eigen::Index>(n, 1));
  out->relaxed = MyopicSwitching(out->landscape, out->sides, SwitchOrder::kSequential, max_switches);
  out->gap = std::max(0.0, out->energy - out->relaxed.energy);
  return true;
}

}  // namespace polarity::analysis
