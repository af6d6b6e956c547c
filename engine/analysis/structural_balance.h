#pragma once
// Signed networks for the structural-balance cases (issue 5, item 3): a dated list of signed
// ties turned into one year's network, an independent triad count, and the two-camp reading
// of a balanced network.
//
// The engine's own metric (State::balance, docs/model.md phase 9) is computed from
// traces of matrix powers; CountTriads() counts triads one by one, so that the two can check
// each other.

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace polarity::analysis {

// A signed tie held from `begin` to `end` (calendar years, both inclusive).
struct DatedTie {
  std::string first, second;  // actor ids (unordered: the tie is symmetric)
  int sign = 0;               // +1 alliance, -1 enmity
  int begin = 0, end = 0;
};

// The symmetric sign matrix (N x N, entries -1, 0, +1, zero diagonal) of `year`, actors in
// the order of `actor_ids`. A tie counts in every year from begin to end inclusive; where two
// ties of one pair both cover the year (a change of sign dated to that year, e.g. Russia and
// Austria-Hungary in 1890), the one that began later holds. Throws std::invalid_argument for
// an unknown actor id or a sign other than ±1.
Eigen::MatrixXd SignedNetworkInYear(const std::vector<DatedTie>& ties,
                                    const std::vector<std::string>& actor_ids, int year);

// Triads whose three ties are all non-zero, and how many of them are balanced (product of
// the three signs positive). Reads sign((S_ij + S_ji) / 2), as the engine does.
struct TriadCount {
  int complete = 0;
  int balanced = 0;
  double share() const { return complete > 0 ? static_cast<double>(balanced) / complete : 1.0; }
};
TriadCount CountTriads(const Eigen::MatrixXd& stance);

// When every pair has a non-zero symmetrised tie and the network is balanced, it splits into
// (at most) two camps, friends within, enemies across (Cartwright & Harary 1956). Returns the
// camp (0 or 1) of every actor, actor 0 in camp 0; nullopt when some tie is zero or some
// triad is unbalanced.
std::optional<std::vector<int>> TwoCamps(const Eigen::MatrixXd& stance);

}  // namespace polarity::analysis
