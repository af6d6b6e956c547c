#pragma once
// Everything a tick or an event changes. Structure-of-arrays: one Eigen array per variable,
// actors along rows. N actors, K domains. Sized once by Model; a tick never resizes it.

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "polarity/parameters.h"

namespace polarity {

// Alliance depth levels (MODEL.md section 1), crossed in either direction with an event.
enum class AllianceLevel : int {
  kNone = 0,                 // [0, 0.2)
  kPartnership = 1,          // [0.2, 0.4)
  kSecurityCooperation = 2,  // [0.4, 0.6)
  kQuasiAlliance = 3,        // [0.6, 0.8)
  kTreatyAlliance = 4,       // [0.8, 1]
};
AllianceLevel LevelOf(double depth);
const char* LevelName(AllianceLevel level);

// Rungs of the escalation ladder; 0 is "no crisis".
enum class Rung : int { kNone = 0, kCrisis = 1, kShowOfForce = 2, kLimitedClash = 3, kWar = 4 };
const char* RungName(Rung rung);

enum class EventType : int {
  kAllianceLevel,      // a: i, b: j, from/to levels in code_from/code_to
  kCrisisStart,        // a: challenger, b: target
  kCrisisRung,         // a: challenger, b: target, code_to: new rung
  kDeterrenceHeld,     // challenger backed down (or the crisis lapsed: code_to = 1)
  kDeterrenceFailed,   // limited_clash reached
  kDefenderConceded,   // the defender backed down first
  kWar,                // war reached
  kAllySupport,        // a: defender, b: ally, code_to: 1 supported, 0 abandoned
  kScheduled,          // index: scenario event index
  kArmsRace,           // reserved for the arms-race detector
};

// One thing that happened in a tick, in the order it happened.
struct EventRecord {
  int tick = 0;
  EventType type = EventType::kScheduled;
  int a = -1, b = -1;     // actor indices, -1 when not applicable
  int code_from = 0, code_to = 0;
  int index = -1;         // scheduled-event index
};

struct State {
  int tick = 0;        // ticks completed
  double time = 0.0;   // calendar year
  Parameters params;   // live copy: events may change parameters

  // --- actors (N x 1 unless noted) ---
  Eigen::VectorXd milex;        // m: military expenditure, USD bn/year
  Eigen::VectorXd milex_floor;  // m_min, USD bn/year
  Eigen::VectorXd gdp;          // y, USD bn
  Eigen::VectorXd gdp_growth;   // γ, 1/year
  Eigen::VectorXd burden_cap;   // b, share of GDP
  Eigen::VectorXd efficiency;   // e, capability per USD bn spent
  Eigen::VectorXd reactivity;   // k, 1/year
  Eigen::VectorXd fatigue;      // α, 1/year
  Eigen::VectorXd grievance;    // g, USD bn/year
  Eigen::VectorXd resolve;      // ρ in [0,1]
  Eigen::VectorXd revisionism;  // ι in [0,1]
  Eigen::VectorXd reach_km;     // R, km
  Eigen::MatrixXd capability;   // C (N x K), USD bn eq.
  Eigen::MatrixXd allocation;   // rows on the simplex (N x K)
  Eigen::MatrixXd concern;      // W (N x K), rows sum to 1

  // --- dyads (N x N) ---
  Eigen::MatrixXd stance;            // S, [-1,1], zero diagonal
  Eigen::MatrixXd alliance;          // A, symmetric, [0,1], zero diagonal
  Eigen::MatrixXd perceived_threat;  // P, >= 0, P(i,j): threat j poses to i, USD bn eq.
  Eigen::MatrixXd friction;          // F, symmetric, >= 0
  Eigen::MatrixXd interdependence;   // E, symmetric, [0,1]
  Eigen::MatrixXd proximity;         // π(i,j) = exp(-d_ij / R_j), recomputed when reach changes

  // --- crises, indexed (challenger, target) ---
  Eigen::MatrixXi crisis_rung;  // Rung as int, 0: none
  Eigen::MatrixXi crisis_age;   // ticks since the crisis started

  // --- dyads of a sparse world (Model::sparse), one entry per directed tie e = (i -> j) of
  //     Model::ties, with the meaning of the N x N array of the same name at (i, j). In a
  //     sparse world the N x N arrays above are empty (0 x 0); in a dense one these are. ---
  struct TieArrays {
    Eigen::VectorXd stance, alliance, perceived_threat, friction, interdependence, proximity;
    Eigen::VectorXi crisis_rung, crisis_age;  // crisis (challenger i, target j) on tie (i -> j)
  };
  TieArrays tie;

  // --- counters ---
  Eigen::VectorXi crises_started_target;     // this tick, per target (N)
  Eigen::VectorXi crises_started_challenger; // this tick, per challenger (N)
  std::int64_t crises_total = 0;             // cumulative
  std::int64_t deterrence_successes = 0;
  std::int64_t deterrence_failures = 0;
  std::int64_t concessions = 0;
  std::int64_t wars = 0;

  // --- metrics written by the record phase (valid on recorded ticks) ---
  Eigen::VectorXd capability_index;  // |c_i| = sum over domains (N)
  Eigen::VectorXd threat;            // sum_j P_ij (N)
  Eigen::VectorXd defence_need;      // θ (N)
  Eigen::VectorXi bloc;              // bloc id per actor, smallest member index (N)
  double milex_total = 0.0;
  double milex_total_previous = 0.0;
  double arms_race_index = 0.0;      // annualised growth of total milex over the last tick
  int bloc_count = 0;
  double polarization = 0.0;         // share of hostility between blocs
  double balance = 1.0;              // share of balanced signed triads (1 when none)
  Eigen::Vector4i crises_active_by_rung;  // crisis, show_of_force, limited_clash, war

  // Events of the current tick; capacity reserved once, cleared at the start of each tick.
  std::vector<EventRecord> events;
  std::int64_t events_dropped = 0;   // events beyond capacity (counted, never allocated)
};

}  // namespace polarity
