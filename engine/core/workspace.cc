#include "core/workspace.h"

#include "polarity/model.h"

namespace polarity {

Workspace::Workspace(const Model& model) {
  const Eigen::Index n = model.num_actors;
  const Eigen::Index k = model.num_domains;
  const auto nn = static_cast<std::size_t>(n);
  ally_capability = Eigen::MatrixXd::Zero(n, k);
  coalition_capability = Eigen::MatrixXd::Zero(n, k);
  concern_product = Eigen::MatrixXd::Zero(n, n);
  hostile_reach = Eigen::MatrixXd::Zero(n, n);
  raw_threat = Eigen::MatrixXd::Zero(n, n);
  raw_threat_total = Eigen::VectorXd::Zero(n);
  raw_threat_inverse_total = Eigen::VectorXd::Zero(n);
  defence_need = Eigen::VectorXd::Zero(n);
  hostile_capability = Eigen::MatrixXd::Zero(n, k);
  domain_threat = Eigen::MatrixXd::Zero(n, k);
  threat_inverse_norm = Eigen::VectorXd::Zero(n);
  threat_profile = Eigen::MatrixXd::Zero(n, n);
  shared_threat = Eigen::MatrixXd::Zero(n, n);
  balance_pressure = Eigen::MatrixXd::Zero(n, n);
  capability_index = Eigen::VectorXd::Zero(n);
  resolved_power = Eigen::VectorXd::Zero(n);
  onset_column.assign(nn, -1);
  onset_allies = Eigen::MatrixXd::Zero(n, n);
  onset_power = Eigen::MatrixXd::Zero(n, n);
  defender_power = Eigen::VectorXd::Zero(n);
  alliance_before = Eigen::MatrixXd::Zero(n, n);
  triad_sign = Eigen::MatrixXf::Zero(n, n);
  triad_sign_squared = Eigen::MatrixXf::Zero(n, n);
  triad_tie = Eigen::MatrixXf::Zero(n, n);
  triad_tie_squared = Eigen::MatrixXf::Zero(n, n);
  bloc_parent.assign(nn, 0);
  bloc_rank.assign(nn, 0);
  bloc_smallest.assign(nn, -1);
  bloc_size.assign(nn, 0);
}

}  // namespace polarity
