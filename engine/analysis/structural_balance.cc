// Signed networks and triad counts (see structural_balance.h).

#include "analysis/structural_balance.h"

#include <stdexcept>

namespace polarity::analysis {
namespace {

int IndexOf(const std::vector<std::string>& ids, const std::string& id) {
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] == id) return static_cast<int>(i);
  }
  throw std::invalid_argument("unknown actor '" + id + "' in a signed tie");
}

// sign((S_ij + S_ji) / 2): -1, 0 or +1.
int TieSign(const Eigen::MatrixXd& s, Eigen::Index i, Eigen::Index j) {
  const double tie = 0.5 * (s(i, j) + s(j, i));
  return tie > 0.0 ? 1 : (tie < 0.0 ? -1 : 0);
}

}  // namespace

Eigen::MatrixXd SignedNetworkInYear(const std::vector<DatedTie>& ties,
                                    const std::vector<std::string>& actor_ids, int year) {
  const auto n = static_cast<Eigen::Index>(actor_ids.size());
  Eigen::MatrixXd signs = Eigen::MatrixXd::Zero(n, n);
  Eigen::MatrixXi began = Eigen::MatrixXi::Constant(n, n, -1);  // begin year of the tie held
  for (const DatedTie& t : ties) {
    if (t.sign != 1 && t.sign != -1) throw std::invalid_argument("a signed tie must be +1 or -1");
    const int i = IndexOf(actor_ids, t.first);
    const int j = IndexOf(actor_ids, t.second);
    if (i == j) throw std::invalid_argument("a signed tie joins two different actors");
    if (year < t.begin || year > t.end || t.begin < began(i, j)) continue;
    signs(i, j) = signs(j, i) = t.sign;
    began(i, j) = began(j, i) = t.begin;
  }
  return signs;
}

TriadCount CountTriads(const Eigen::MatrixXd& stance) {
  const Eigen::Index n = stance.rows();
  TriadCount count;
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const int sij = TieSign(stance, i, j);
      if (sij == 0) continue;
      for (Eigen::Index k = j + 1; k < n; ++k) {
        const int sik = TieSign(stance, i, k);
        const int sjk = TieSign(stance, j, k);
        if (sik == 0 || sjk == 0) continue;
        ++count.complete;
        if (sij * sik * sjk > 0) ++count.balanced;
      }
    }
  }
  return count;
}

std::optional<std::vector<int>> TwoCamps(const Eigen::MatrixXd& stance) {
  const Eigen::Index n = stance.rows();
  std::vector<int> camp(static_cast<std::size_t>(n), 0);
  // Complete and balanced: every actor's camp follows from its tie to actor 0, and every
  // other tie must agree with those camps.
  for (Eigen::Index j = 1; j < n; ++j) {
    const int s = TieSign(stance, 0, j);
    if (s == 0) return std::nullopt;
    camp[static_cast<std::size_t>(j)] = s > 0 ? 0 : 1;
  }
  for (Eigen::Index i = 1; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const int s = TieSign(stance, i, j);
      const bool same = camp[static_cast<std::size_t>(i)] == camp[static_cast<std::size_t>(j)];
      if (s == 0 || (s > 0) != same) return std::nullopt;
    }
  }
  return camp;
}

}  // namespace polarity::analysis
