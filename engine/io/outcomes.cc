#include "io/outcomes.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "io/csv.h"

namespace polarity::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct ReducerEntry {
  Reducer reducer;
  std::string_view name;
};
constexpr ReducerEntry kReducers[] = {
    {Reducer::kFinal, "final"},         {Reducer::kMean, "mean"},
    {Reducer::kMin, "min"},             {Reducer::kMax, "max"},
    {Reducer::kSum, "sum"},             {Reducer::kGrowth, "growth"},
    {Reducer::kFirstTickAbove, "first_tick_above"}, {Reducer::kTicksAbove, "ticks_above"},
};

struct AggregateEntry {
  Aggregate aggregate;
  std::string_view name;
};
constexpr AggregateEntry kAggregates[] = {
    {Aggregate::kSum, "sum"}, {Aggregate::kMean, "mean"},
    {Aggregate::kMin, "min"}, {Aggregate::kMax, "max"}};

}  // namespace

std::optional<Reducer> ParseReducer(std::string_view name) {
  for (const auto& r : kReducers) {
    if (r.name == name) return r.reducer;
  }
  return std::nullopt;
}

std::string_view ReducerName(Reducer reducer) {
  for (const auto& r : kReducers) {
    if (r.reducer == reducer) return r.name;
  }
  return "?";
}

std::optional<Aggregate> ParseAggregate(std::string_view name) {
  for (const auto& a : kAggregates) {
    if (a.name == name) return a.aggregate;
  }
  return std::nullopt;
}

std::string_view AggregateName(Aggregate aggregate) {
  for (const auto& a : kAggregates) {
    if (a.aggregate == aggregate) return a.name;
  }
  return "?";
}

bool ValidateOutcome(const OutcomeSpec& spec, int num_actors, std::string* error) {
  auto fail = [&](std::string message) {
    if (error != nullptr) *error = "outcome " + spec.name + ": " + std::move(message);
    return false;
  };
  if (spec.name.empty()) return fail("empty name");
  if (CsvNeedsQuotes(spec.name)) return fail("name must not contain ',', '\"' or a line end");
  const VariableInfo* info = FindVariable(spec.variable);
  if (info == nullptr) return fail("unknown variable '" + spec.variable + "'");
  if (info->scope == VariableScope::kDyad) {
    return fail("variable '" + spec.variable + "' is a dyad variable; outcomes reduce system or actor variables");
  }
  if (info->scope == VariableScope::kSystem && !spec.actors.empty()) {
    return fail("variable '" + spec.variable + "' is a system variable and takes no actors");
  }
  for (int actor : spec.actors) {
    if (actor < 0 || actor >= num_actors) return fail("actor index " + std::to_string(actor) + " out of range");
  }
  if (!std::isfinite(spec.threshold)) return fail("threshold must be finite");
  return true;
}

void SelectSeries(const RunSeries& series, const OutcomeSpec& spec, std::vector<double>* values) {
  values->clear();
  const VariableInfo* info = FindVariable(spec.variable);
  if (info == nullptr) return;
  const std::size_t n = series.size();
  values->reserve(n);
  if (info->scope == VariableScope::kSystem) {
    const auto v = static_cast<SystemVariable>(info->index);
    for (std::size_t t = 0; t < n; ++t) values->push_back(series.System(t, v));
    return;
  }
  const auto v = static_cast<ActorVariable>(info->index);
  std::vector<int> all;
  std::span<const int> actors = spec.actors;
  if (actors.empty()) {
    all.resize(static_cast<std::size_t>(series.num_actors));
    for (int i = 0; i < series.num_actors; ++i) all[static_cast<std::size_t>(i)] = i;
    actors = all;
  }
  for (std::size_t t = 0; t < n; ++t) {
    double acc = 0.0;
    switch (spec.aggregate) {
      case Aggregate::kSum:
      case Aggregate::kMean:
        for (int i : actors) acc += series.Actor(t, v, i);
        if (spec.aggregate == Aggregate::kMean && !actors.empty()) {
          acc /= static_cast<double>(actors.size());
        }
        break;
      case Aggregate::kMin:
        acc = actors.empty() ? kNaN : std::numeric_limits<double>::infinity();
        for (int i : actors) acc = std::min(acc, series.Actor(t, v, i));
        break;
      case Aggregate::kMax:
        acc = actors.empty() ? kNaN : -std::numeric_limits<double>::infinity();
        for (int i : actors) acc = std::max(acc, series.Actor(t, v, i));
        break;
    }
    values->push_back(acc);
  }
}

double ReduceSeries(std::span<const int> ticks, std::span<const double> values, double dt,
                    Reducer reducer, double threshold) {
  const std::size_t n = std::min(ticks.size(), values.size());
  if (n == 0) return reducer == Reducer::kTicksAbove ? 0.0 : kNaN;
  switch (reducer) {
    case Reducer::kFinal:
      return values[n - 1];
    case Reducer::kMean: {
      double sum = 0.0;
      for (std::size_t t = 0; t < n; ++t) sum += values[t];
      return sum / static_cast<double>(n);
    }
    case Reducer::kMin:
      return *std::min_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
    case Reducer::kMax:
      return *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
    case Reducer::kSum: {
      double sum = 0.0;
      for (std::size_t t = 0; t < n; ++t) sum += values[t];
      return sum;
    }
    case Reducer::kGrowth: {
      const double first = values[0];
      const double last = values[n - 1];
      const double years = static_cast<double>(ticks[n - 1] - ticks[0]) * dt;
      if (!(first > 0.0) || !(last > 0.0) || !(years > 0.0)) return kNaN;
      return (std::log(last) - std::log(first)) / years;
    }
    case Reducer::kFirstTickAbove:
      for (std::size_t t = 0; t < n; ++t) {
        if (values[t] > threshold) return static_cast<double>(ticks[t]);
      }
      return kNaN;
    case Reducer::kTicksAbove: {
      double count = 0.0;
      for (std::size_t t = 0; t < n; ++t) count += values[t] > threshold ? 1.0 : 0.0;
      return count;
    }
  }
  return kNaN;
}

double ComputeOutcome(const RunSeries& series, const OutcomeSpec& spec, double dt) {
  std::vector<double> values;
  SelectSeries(series, spec, &values);
  return ReduceSeries(series.ticks, values, dt, spec.reduce, spec.threshold);
}

std::vector<OutcomeSpec> DefaultOutcomes() {
  auto make = [](const char* name, const char* variable, Reducer reduce) {
    OutcomeSpec spec;
    spec.name = name;
    spec.variable = variable;
    spec.reduce = reduce;
    return spec;
  };
  return {
      make("milex_total_final", "milex_total", Reducer::kFinal),
      make("milex_total_growth", "milex_total", Reducer::kGrowth),
      make("crises_total", "crises_total", Reducer::kFinal),
      make("deterrence_successes", "deterrence_successes", Reducer::kFinal),
      make("deterrence_failures", "deterrence_failures", Reducer::kFinal),
      make("wars", "wars", Reducer::kFinal),
      make("blocs_final", "blocs", Reducer::kFinal),
      make("polarization_mean", "polarization", Reducer::kMean),
      make("balance_final", "balance", Reducer::kFinal),
  };
}

}  // namespace polarity::io
