#pragma once
// Running a model: one Simulation owns a State and its scratch Workspace and advances them
// one tick at a time. A run is keyed by (seed, point, replication): every random draw is a
// pure function of that key and of (tick, stream, i, j), so runs are independent of thread,
// process and loop order.

#include <cstdint>
#include <memory>
#include <string>

#include "polarity/model.h"
#include "polarity/state.h"

namespace polarity {

struct RunKey {
  std::uint64_t seed = 0;
  std::uint64_t point = 0;        // sweep design point; 0 for `polarity run`
  std::uint64_t replication = 0;
};

// Why a step stopped a run.
struct StepStatus {
  bool ok = true;
  int tick = 0;
  int actor = -1;             // first actor whose value is not finite
  std::string variable;       // e.g. "milex", "alliance"
};

struct Workspace;  // scratch matrices of the tick (engine/core/workspace.h)

class Simulation {
 public:
  // Allocates everything a tick uses. tick_threads > 1 lets the tick's large matrix products
  // (dense worlds from about N = 160) run on that many threads; the bits stay the same.
  explicit Simulation(const Model& model, int tick_threads = 1);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Back to tick 0 with the model's initial state; sets the random key.
  void Reset(const RunKey& key);

  // Advances one tick through the nine phases. Allocation-free after the first call.
  StepStatus Step();

  // Fills the metric fields of the state (capability index, blocs, balance, ...) for the
  // current tick without advancing. Step() calls it on recorded ticks; Reset() for tick 0.
  void ComputeMetrics();

  const Model& model() const { return model_; }
  const State& state() const { return state_; }
  State& mutable_state() {  // for tests and calibration
    relations_unchecked_ = true;  // the caller may write any field
    return state_;
  }
  const RunKey& key() const { return key_; }

 private:
  // Phases 1-8 over N x N arrays, or over ties (Model::sparse); both return whether a
  // scheduled event ran (phase 8).
  bool StepPhasesDense();
  bool StepPhasesOnTies();

  const Model& model_;
  State state_;
  std::unique_ptr<Workspace> workspace_;
  RunKey key_;
  // Whether the finite check after the next step must look at friction, interdependence and
  // proximity even if no event runs in it: true after a reset or mutable_state(). (Step
  // checks them on ticks whose events ran as well.)
  bool relations_unchecked_ = true;
};

}  // namespace polarity
