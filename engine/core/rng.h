#pragma once
// Counter-based randomness: every draw is a pure function of (key, counter), so a run's
// numbers do not depend on threads, processes or loop order (MODEL.md section 2).
//
//   key     = (seed, point << 32 | replication)          Philox4x64-10 key, 2 x 64 bits
//   counter = (tick, stream | extra << 8, i, j)           4 x 64 bits
//
// Random123's own u01 and Box-Muller are used, not std::*_distribution, whose output differs
// between standard libraries.

#include <cstdint>

#include <Random123/boxmuller.hpp>
#include <Random123/philox.h>
#include <Random123/uniform.hpp>

namespace polarity {

// One stream per kind of draw, so that adding a draw to one mechanism never shifts another.
enum class Stream : std::uint64_t {
  kPerception = 1,        // ε_ij of phase 3
  kOnset = 2,             // crisis onset, pair (challenger, target)
  kCrisisChallenger = 3,  // challenger's move in an open crisis
  kCrisisDefender = 4,    // defender's move
  kSupport = 5,           // does ally l support defender i (extra: challenger)
};

class CounterRng {
 public:
  using Philox = r123::Philox4x64;

  void SetKey(std::uint64_t seed, std::uint64_t point, std::uint64_t replication) {
    key_ = {{seed, (point << 32) ^ replication}};
  }

  Philox::ctr_type Draw(std::uint64_t tick, Stream stream, std::uint64_t i, std::uint64_t j,
                        std::uint64_t extra = 0) const {
    const Philox::ctr_type counter = {
        {tick, static_cast<std::uint64_t>(stream) | (extra << 8), i, j}};
    return Philox()(counter, key_);
  }

  // Uniform on (0, 1].
  double Uniform(std::uint64_t tick, Stream stream, std::uint64_t i, std::uint64_t j,
                 std::uint64_t extra = 0) const {
    return r123::u01<double>(Draw(tick, stream, i, j, extra)[0]);
  }

  // Standard normal.
  double Normal(std::uint64_t tick, Stream stream, std::uint64_t i, std::uint64_t j) const {
    const Philox::ctr_type r = Draw(tick, stream, i, j);
    return r123::boxmuller(r[0], r[1]).x;
  }

 private:
  Philox::key_type key_ = {{0, 0}};
};

}  // namespace polarity
