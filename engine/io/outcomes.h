#pragma once
// Outcomes: one scalar per run, reduced over the recorded ticks of one variable
// (INTERFACE.md "Sweep file", `outcomes:`). `polarity run` writes DefaultOutcomes(); a sweep
// builds OutcomeSpecs from its file and calls the same functions.
//
// An outcome first turns the run into one series over the recorded ticks: a system variable
// as it is, or an actor variable aggregated (summed by default) over the selected actors
// (all actors when none is selected). The series is then reduced to one number. Undefined
// results (growth of a non-positive series, first_tick_above when never above) are NaN,
// written as an empty field in outcomes.csv.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "io/series.h"

namespace polarity::io {

enum class Reducer : int {
  kFinal,           // value at the last recorded tick
  kMean,            // mean over recorded ticks (tick 0 included)
  kMin,
  kMax,
  kSum,             // sum over recorded ticks
  kGrowth,          // annualised growth (ln v_last - ln v_first) / ((t_last - t_first) dt)
  kFirstTickAbove,  // first recorded tick with value > threshold; NaN when none
  kTicksAbove,      // number of recorded ticks with value > threshold
};

// How an actor variable is combined across the selected actors at each tick.
enum class Aggregate : int { kSum, kMean, kMin, kMax };

std::optional<Reducer> ParseReducer(std::string_view name);   // "final", "first_tick_above"...
std::string_view ReducerName(Reducer reducer);
std::optional<Aggregate> ParseAggregate(std::string_view name);  // "sum", "mean", "min", "max"
std::string_view AggregateName(Aggregate aggregate);

struct OutcomeSpec {
  std::string name;          // column in outcomes.csv
  std::string variable;      // a system or actor variable of series.h, e.g. "milex"
  std::vector<int> actors;   // actor indices (actor variables only); empty: every actor
  Aggregate aggregate = Aggregate::kSum;
  Reducer reduce = Reducer::kFinal;
  double threshold = 0.0;    // first_tick_above, ticks_above
};

// Checks the variable exists and is not a dyad variable, actors are only given for actor
// variables and lie in [0, num_actors), and the name is a non-empty CSV-safe column name.
bool ValidateOutcome(const OutcomeSpec& spec, int num_actors, std::string* error);

// The series the outcome reduces, one value per recorded tick. `spec` must be valid.
void SelectSeries(const RunSeries& series, const OutcomeSpec& spec, std::vector<double>* values);

// Reduces `values` (one per entry of `ticks`); dt converts ticks to years for kGrowth.
// Empty input gives NaN (kTicksAbove: 0).
double ReduceSeries(std::span<const int> ticks, std::span<const double> values, double dt,
                    Reducer reducer, double threshold = 0.0);

// SelectSeries then ReduceSeries.
double ComputeOutcome(const RunSeries& series, const OutcomeSpec& spec, double dt);

// The outcomes of `polarity run`, in column order: milex_total_final, milex_total_growth,
// crises_total, deterrence_successes, deterrence_failures, wars, blocs_final,
// polarization_mean, balance_final.
std::vector<OutcomeSpec> DefaultOutcomes();

}  // namespace polarity::io
