#include "scenario/suggest.h"

#include <gtest/gtest.h>

namespace polarity::loader {
namespace {

TEST(ScenarioSuggest, EditDistanceCountsEditsIgnoringCase) {
  EXPECT_EQ(EditDistance("milx", "milex"), 1u);
  EXPECT_EQ(EditDistance("ab", "ba"), 1u);  // a swap of neighbours is one edit
  EXPECT_EQ(EditDistance("GDP", "gdp"), 0u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("navy", "naval"), 2u);
}

TEST(ScenarioSuggest, ClosestMatchPrefersTheNearestPlausibleCandidate) {
  const std::vector<std::string> keys = {"milex", "milex_floor", "gdp", "gdp_growth"};
  EXPECT_EQ(ClosestMatch("milx", keys), "milex");
  EXPECT_EQ(ClosestMatch("gdp_grwth", keys), "gdp_growth");
  EXPECT_EQ(ClosestMatch("GDP", keys), "gdp");
  EXPECT_EQ(ClosestMatch("navy", {"land", "naval"}), "naval");
  EXPECT_FALSE(ClosestMatch("population", keys));
  EXPECT_FALSE(ClosestMatch("x", {"y"}));  // one letter is no evidence
}

TEST(ScenarioSuggest, DidYouMeanFormatsOrStaysSilent) {
  EXPECT_EQ(DidYouMean("actor", {"actors", "events"}), "; did you mean 'actors'?");
  EXPECT_EQ(DidYouMean("zzzz", {"actors", "events"}), "");
}

}  // namespace
}  // namespace polarity::loader
