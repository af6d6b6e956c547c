#include "core/workspace.h"

#include <algorithm>

#include "polarity/model.h"

namespace polarity {

namespace {

// Threads for the products: tick_threads where the N x N x N products are large enough to be
// split (ExactProducts::kParallelMinFlops), else 1 (no idle worker for a small world).
int ProductThreads(const Model& model, int tick_threads) {
  const double n = static_cast<double>(model.num_actors);
  return !model.sparse && n * n * n >= ExactProducts::kParallelMinFlops ? std::max(1, tick_threads) : 1;
}

}  // namespace

Workspace::Workspace(const Model& model, int tick_threads)
    : products(model.sparse ? 0 : std::max(model.num_actors, model.num_domains), ProductThreads(model, tick_threads)),
      sweeps(SweepKernelsFor(products.level())) {
  const Eigen::Index n = model.num_actors;
  const Eigen::Index k = model.num_domains;
  const auto nn = static_cast<std::size_t>(n);
  // N x N scratch only in a dense world; a sparse one has it per tie instead.
  const Eigen::Index pairs = model.sparse ? 0 : n;
  const Eigen::Index ties = model.sparse ? model.ties.size() : 0;
  for (Eigen::VectorXd* v : {&tie.hostile_reach, &tie.raw_threat, &tie.threat_profile, &tie.balance_pressure,
                             &tie.alliance_before, &tie.reverse_stance, &tie.sign}) {
    *v = Eigen::VectorXd::Zero(ties);
  }
  for (Eigen::VectorXd* v : {&tie.row_stance, &tie.row_reverse_stance, &tie.row_profile, &tie.row_sign}) {
    *v = Eigen::VectorXd::Zero(model.sparse ? n : 0);
  }
  ally_capability = Eigen::MatrixXd::Zero(n, k);
  coalition_capability = Eigen::MatrixXd::Zero(n, k);
  concern_product = Eigen::MatrixXd::Zero(pairs, pairs);
  hostile_reach = Eigen::MatrixXd::Zero(pairs, pairs);
  raw_threat = Eigen::MatrixXd::Zero(pairs, pairs);
  raw_threat_total = Eigen::VectorXd::Zero(n);
  raw_threat_inverse_total = Eigen::VectorXd::Zero(n);
  perceived_threat_total = Eigen::VectorXd::Zero(n);
  perceived_threat_norm_squared = Eigen::VectorXd::Zero(n);
  defence_need = Eigen::VectorXd::Zero(n);
  allies_share = Eigen::VectorXd::Zero(n);
  hostile_capability = Eigen::MatrixXd::Zero(n, k);
  domain_threat = Eigen::MatrixXd::Zero(n, k);
  domain_threat_total = Eigen::VectorXd::Zero(n);
  threat_inverse_norm = Eigen::VectorXd::Zero(n);
  threat_profile = Eigen::MatrixXd::Zero(pairs, pairs);
  shared_threat = Eigen::MatrixXd::Zero(pairs, pairs);
  balance_pressure = Eigen::MatrixXd::Zero(pairs, pairs);
  capability_index = Eigen::VectorXd::Zero(n);
  resolved_power = Eigen::VectorXd::Zero(n);
  onset_column.assign(nn, -1);
  onset_allies = Eigen::MatrixXd::Zero(pairs, pairs);
  onset_power = Eigen::MatrixXd::Zero(pairs, pairs);
  defender_power = Eigen::VectorXd::Zero(n);
  alliance_before = Eigen::MatrixXd::Zero(pairs, pairs);
  triad_sign = Eigen::MatrixXf::Zero(pairs, pairs);
  triad_sign_squared = Eigen::MatrixXf::Zero(pairs, pairs);
  triad_tie = Eigen::MatrixXf::Zero(pairs, pairs);
  triad_tie_squared = Eigen::MatrixXf::Zero(pairs, pairs);
  bloc_parent.assign(nn, 0);
  bloc_rank.assign(nn, 0);
  bloc_smallest.assign(nn, -1);
  bloc_size.assign(nn, 0);
}

}  // namespace polarity
