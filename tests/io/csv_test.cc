#include "io/csv.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace polarity::io {
namespace {

std::uint64_t Bits(double v) { return std::bit_cast<std::uint64_t>(v); }

TEST(Csv, PlainFieldsAreNotQuoted) {
  std::string out;
  AppendCsvField(out, "CHN");
  EXPECT_EQ(out, "CHN");
  EXPECT_FALSE(CsvNeedsQuotes("security_cooperation"));
  EXPECT_FALSE(CsvNeedsQuotes(""));
}

TEST(Csv, QuotesFieldsWithCommaQuoteCrLf) {
  EXPECT_EQ(CsvEscape("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvEscape("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvEscape("line\nbreak"), "\"line\nbreak\"");
  EXPECT_EQ(CsvEscape("cr\rhere"), "\"cr\rhere\"");
  EXPECT_EQ(CsvEscape("\""), "\"\"\"\"");
}

TEST(Csv, Utf8PassesThroughUnchanged) {
  const std::string name = "Côte d’Ivoire – 中国";
  EXPECT_EQ(CsvEscape(name), name);
}

TEST(Csv, RowEndsInLfAndJoinsWithCommas) {
  std::string out;
  AppendCsvRow(out, {"run_id", "a,b", "", "x\"y"});
  EXPECT_EQ(out, "run_id,\"a,b\",,\"x\"\"y\"\n");
}

TEST(Csv, ParseRoundTripsQuotedFields) {
  const std::vector<std::vector<std::string>> table = {
      {"id", "text", "empty"},
      {"1", "comma, inside", ""},
      {"2", "quote \" inside", "multi\nline\r\nfield"},
      {"3", "", "last"},
  };
  std::string text;
  for (const auto& row : table) AppendCsvRow(text, row);
  std::vector<std::vector<std::string>> parsed;
  std::string error;
  ASSERT_TRUE(ParseCsv(text, &parsed, &error)) << error;
  EXPECT_EQ(parsed, table);
}

TEST(Csv, ParseAcceptsCrLfAndMissingFinalNewline) {
  std::vector<std::vector<std::string>> parsed;
  std::string error;
  ASSERT_TRUE(ParseCsv("a,b\r\n1,\r\n2,3", &parsed, &error)) << error;
  const std::vector<std::vector<std::string>> expected = {{"a", "b"}, {"1", ""}, {"2", "3"}};
  EXPECT_EQ(parsed, expected);
}

TEST(Csv, ParseRejectsMalformedQuoting) {
  std::vector<std::vector<std::string>> parsed;
  std::string error;
  EXPECT_FALSE(ParseCsv("a,b\"c\n", &parsed, &error));
  EXPECT_NE(error.find("line 1"), std::string::npos) << error;
  EXPECT_FALSE(ParseCsv("a\n\"open,b\n", &parsed, &error));
  EXPECT_NE(error.find("line 2"), std::string::npos) << error;
  EXPECT_NE(error.find("unterminated"), std::string::npos) << error;
  EXPECT_FALSE(ParseCsv("\"x\"y,1\n", &parsed, &error));
}

TEST(Csv, IntegersArePlain) {
  std::string out;
  AppendInt(out, -42);
  out.push_back(' ');
  AppendInt(out, std::numeric_limits<std::int64_t>::min());
  out.push_back(' ');
  AppendUint(out, std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(out, "-42 -9223372036854775808 18446744073709551615");
}

TEST(Csv, DoublesUseShortestForm) {
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(296.8), "296.8");
  EXPECT_EQ(FormatDouble(2023.75), "2023.75");
  EXPECT_EQ(FormatDouble(1.0), "1");
  EXPECT_EQ(FormatDouble(-0.0), "-0");
  EXPECT_EQ(FormatDouble(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "inf");
}

TEST(Csv, EmptyFieldForNonFiniteOutcomes) {
  std::string out;
  AppendDoubleOrEmpty(out, std::nan(""));
  EXPECT_EQ(out, "");
  AppendDoubleOrEmpty(out, 0.5);
  EXPECT_EQ(out, "0.5");
}

// Every value must read back to the same bits through strtod (what pandas' round_trip and
// Python's float() do) and through from_chars.
TEST(Csv, DoublesReadBackExactly) {
  std::vector<double> values = {
      0.0,
      -0.0,
      1.0 / 3.0,
      -2.0 / 3.0,
      0.1,
      1e-300,
      123456789.123456789,
      std::numeric_limits<double>::denorm_min(),        // smallest subnormal
      std::numeric_limits<double>::min() / 3.0,         // a subnormal
      -std::numeric_limits<double>::denorm_min() * 7,   // negative subnormal
      std::numeric_limits<double>::min(),               // smallest normal
      std::numeric_limits<double>::max(),
      -std::numeric_limits<double>::max(),
      std::numeric_limits<double>::epsilon(),
      9007199254740993.0,                               // 2^53 + 1 (rounds to 2^53)
      1e22,
      1e23,
      5e-324,
      2.2250738585072011e-308,
  };
  // A deterministic spread over the exponent range.
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    const double v = std::bit_cast<double>(x);
    if (std::isfinite(v)) values.push_back(v);
  }
  for (double v : values) {
    const std::string text = FormatDouble(v);
    const double via_strtod = std::strtod(text.c_str(), nullptr);
    EXPECT_EQ(Bits(via_strtod), Bits(v)) << text;
    double via_from_chars = 0.0;
    ASSERT_TRUE(ParseDouble(text, &via_from_chars)) << text;
    EXPECT_EQ(Bits(via_from_chars), Bits(v)) << text;
  }
}

TEST(Csv, NegativeZeroKeepsItsSign) {
  double back = 1.0;
  ASSERT_TRUE(ParseDouble(FormatDouble(-0.0), &back));
  EXPECT_TRUE(std::signbit(back));
  EXPECT_EQ(back, 0.0);
}

TEST(Csv, ParseDoubleRejectsTrailingText) {
  double v = 0.0;
  EXPECT_FALSE(ParseDouble("1.5x", &v));
  EXPECT_FALSE(ParseDouble("", &v));
  EXPECT_TRUE(ParseDouble("+2.5", &v));
  EXPECT_EQ(v, 2.5);
}

}  // namespace
}  // namespace polarity::io
