#include "io/outcomes.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace polarity::io {
namespace {

// Three actors, four recorded ticks (0, 2, 4, 6); dt = 0.5 years.
RunSeries SyntheticSeries() {
  RunSeries s;
  s.Reset(3);
  const int ticks[] = {0, 2, 4, 6};
  const double total[] = {100.0, 110.0, 121.0, 133.1};
  const double polarization[] = {0.1, 0.4, 0.2, 0.3};
  for (int t = 0; t < 4; ++t) {
    const std::size_t k = s.AddTick(ticks[t]);
    s.System(k, SystemVariable::kMilexTotal) = total[t];
    s.System(k, SystemVariable::kPolarization) = polarization[t];
    s.System(k, SystemVariable::kWars) = t >= 2 ? 1.0 : 0.0;
    for (int i = 0; i < 3; ++i) {
      s.Actor(k, ActorVariable::kMilex, i) = 10.0 * (i + 1) + t;  // 10+t, 20+t, 30+t
      s.Actor(k, ActorVariable::kCrisesStarted, i) = (i == 1 && t % 2 == 1) ? 1.0 : 0.0;
    }
  }
  return s;
}

OutcomeSpec Spec(const char* variable, Reducer reduce, std::vector<int> actors = {}) {
  OutcomeSpec spec;
  spec.name = "x";
  spec.variable = variable;
  spec.reduce = reduce;
  spec.actors = std::move(actors);
  return spec;
}

TEST(Outcomes, ReducersOverASystemSeries) {
  const RunSeries s = SyntheticSeries();
  constexpr double dt = 0.5;
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("polarization", Reducer::kFinal), dt), 0.3);
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("polarization", Reducer::kMean), dt), 0.25);
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("polarization", Reducer::kMin), dt), 0.1);
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("polarization", Reducer::kMax), dt), 0.4);
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("polarization", Reducer::kSum), dt), 1.0);
}

TEST(Outcomes, GrowthIsAnnualisedLogGrowthBetweenFirstAndLastTick) {
  const RunSeries s = SyntheticSeries();
  // 100 -> 133.1 over 6 ticks of 0.5 years: ln(1.331) / 3 = ln(1.1).
  EXPECT_NEAR(ComputeOutcome(s, Spec("milex_total", Reducer::kGrowth), 0.5), std::log(1.1), 1e-15);
  // Same series, twice the years per tick: half the rate.
  EXPECT_NEAR(ComputeOutcome(s, Spec("milex_total", Reducer::kGrowth), 1.0), std::log(1.1) / 2, 1e-15);
}

TEST(Outcomes, GrowthOfNonPositiveOrSingleTickSeriesIsNaN) {
  const int ticks[] = {0, 1};
  const double from_zero[] = {0.0, 5.0};
  EXPECT_TRUE(std::isnan(ReduceSeries(ticks, from_zero, 0.25, Reducer::kGrowth)));
  const int one_tick[] = {0};
  const double one_value[] = {5.0};
  EXPECT_TRUE(std::isnan(ReduceSeries(one_tick, one_value, 0.25, Reducer::kGrowth)));
}

TEST(Outcomes, ThresholdReducersCountRecordedTicksStrictlyAbove) {
  const RunSeries s = SyntheticSeries();
  OutcomeSpec first = Spec("polarization", Reducer::kFirstTickAbove);
  first.threshold = 0.25;
  EXPECT_EQ(ComputeOutcome(s, first, 0.5), 2.0);  // the tick number, not the index
  first.threshold = 0.4;                          // strictly above: never
  EXPECT_TRUE(std::isnan(ComputeOutcome(s, first, 0.5)));
  OutcomeSpec count = Spec("polarization", Reducer::kTicksAbove);
  count.threshold = 0.15;
  EXPECT_EQ(ComputeOutcome(s, count, 0.5), 3.0);
  count.threshold = 1.0;
  EXPECT_EQ(ComputeOutcome(s, count, 0.5), 0.0);
}

TEST(Outcomes, ActorVariablesAreSummedOverSelectedActors) {
  const RunSeries s = SyntheticSeries();
  // Actors 0 and 2 at the last tick (t index 3): (10+3) + (30+3).
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("milex", Reducer::kFinal, {0, 2}), 0.5), 46.0);
  // No selection: every actor. (13 + 23 + 33)
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("milex", Reducer::kFinal), 0.5), 69.0);
  // Crises against actor 1 summed over ticks.
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("crises_started", Reducer::kSum, {1}), 0.5), 2.0);
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, Spec("crises_started", Reducer::kSum, {0, 2}), 0.5), 0.0);
}

TEST(Outcomes, OtherAggregatesAcrossActors) {
  const RunSeries s = SyntheticSeries();
  OutcomeSpec spec = Spec("milex", Reducer::kFinal, {0, 1, 2});
  spec.aggregate = Aggregate::kMean;
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, spec, 0.5), 23.0);
  spec.aggregate = Aggregate::kMax;
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, spec, 0.5), 33.0);
  spec.aggregate = Aggregate::kMin;
  EXPECT_DOUBLE_EQ(ComputeOutcome(s, spec, 0.5), 13.0);
}

TEST(Outcomes, EmptySeries) {
  RunSeries s;
  s.Reset(2);
  EXPECT_TRUE(std::isnan(ComputeOutcome(s, Spec("wars", Reducer::kFinal), 0.25)));
  EXPECT_EQ(ComputeOutcome(s, Spec("wars", Reducer::kTicksAbove), 0.25), 0.0);
}

TEST(Outcomes, ValidationNamesTheProblem) {
  std::string error;
  EXPECT_TRUE(ValidateOutcome(Spec("milex", Reducer::kGrowth, {0, 2}), 3, &error)) << error;
  EXPECT_FALSE(ValidateOutcome(Spec("milx", Reducer::kFinal), 3, &error));
  EXPECT_NE(error.find("unknown variable 'milx'"), std::string::npos) << error;
  EXPECT_FALSE(ValidateOutcome(Spec("stance", Reducer::kFinal), 3, &error));
  EXPECT_NE(error.find("dyad"), std::string::npos) << error;
  EXPECT_FALSE(ValidateOutcome(Spec("wars", Reducer::kFinal, {0}), 3, &error));
  EXPECT_NE(error.find("system variable"), std::string::npos) << error;
  EXPECT_FALSE(ValidateOutcome(Spec("milex", Reducer::kFinal, {3}), 3, &error));
  OutcomeSpec bad_name = Spec("wars", Reducer::kFinal);
  bad_name.name = "a,b";
  EXPECT_FALSE(ValidateOutcome(bad_name, 3, &error));
}

TEST(Outcomes, NamesRoundTrip) {
  for (const char* name : {"final", "mean", "min", "max", "sum", "growth", "first_tick_above", "ticks_above"}) {
    const auto reducer = ParseReducer(name);
    ASSERT_TRUE(reducer.has_value()) << name;
    EXPECT_EQ(ReducerName(*reducer), name);
  }
  EXPECT_FALSE(ParseReducer("median").has_value());
  EXPECT_EQ(ParseAggregate("mean"), Aggregate::kMean);
  EXPECT_FALSE(ParseAggregate("product").has_value());
}

TEST(Outcomes, DefaultOutcomesAreValidAndInDocumentedOrder) {
  const std::vector<OutcomeSpec> outcomes = DefaultOutcomes();
  std::vector<std::string> names;
  for (const OutcomeSpec& o : outcomes) {
    std::string error;
    EXPECT_TRUE(ValidateOutcome(o, 4, &error)) << error;
    names.push_back(o.name);
  }
  const std::vector<std::string> expected = {
      "milex_total_final", "milex_total_growth", "crises_total", "deterrence_successes",
      "deterrence_failures", "wars", "blocs_final", "polarization_mean", "balance_final"};
  EXPECT_EQ(names, expected);
}

TEST(Variables, CatalogueIsInOutputOrder) {
  const auto vars = Variables();
  ASSERT_EQ(vars.size(), static_cast<std::size_t>(kSystemVariableCount + kActorVariableCount + kDyadVariableCount));
  EXPECT_EQ(vars.front().name, "milex_total");
  EXPECT_EQ(VariableName(SystemVariable::kWars), "wars");
  EXPECT_EQ(VariableName(ActorVariable::kMilex), "milex");
  EXPECT_EQ(VariableName(ActorVariable::kBloc), "bloc");
  EXPECT_EQ(VariableName(DyadVariable::kPerceivedThreat), "perceived_threat");
  ASSERT_NE(FindVariable("crises_active_show_of_force"), nullptr);
  EXPECT_EQ(FindVariable("crises_active_show_of_force")->scope, VariableScope::kSystem);
  EXPECT_EQ(FindVariable("nope"), nullptr);
}

}  // namespace
}  // namespace polarity::io
