// The malformed corpus: every file in tests/data/malformed/ starts with one or more lines
//   # expect: CODE LINE:COL fragment of the message
// and loading it must give that exit code and, for each line, an error at that position
// whose message contains the fragment. A file with one expectation holds one problem and
// must produce exactly one error (no follow-on errors); a file with several must produce
// exactly those.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "polarity/scenario_loader.h"

namespace polarity {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(POLARITY_SOURCE_DIR) / "tests" / "data" / "malformed";

struct Expectation {
  int exit_code = 0;
  int line = 0;
  int column = 0;
  std::string fragment;
};

std::string ReadText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<Expectation> ReadExpectations(const fs::path& file) {
  std::vector<Expectation> out;
  std::istringstream text(ReadText(file));
  std::string line;
  const std::string prefix = "# expect: ";
  while (std::getline(text, line) && line.starts_with(prefix)) {
    std::istringstream fields(line.substr(prefix.size()));
    Expectation e;
    char colon = 0;
    fields >> e.exit_code >> e.line >> colon >> e.column;
    std::getline(fields >> std::ws, e.fragment);
    if (colon == ':' && !e.fragment.empty()) out.push_back(e);
  }
  return out;
}

std::vector<fs::path> CorpusFiles() {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(kCorpus)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Dump(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.items) out += "  " + d.Format() + "\n";
  return out;
}

class ScenarioMalformedCorpus : public ::testing::TestWithParam<fs::path> {};

TEST_P(ScenarioMalformedCorpus, ReportsTheExpectedProblemsAtTheirPositions) {
  const fs::path& file = GetParam();
  const std::vector<Expectation> expected = ReadExpectations(file);
  ASSERT_FALSE(expected.empty()) << file << " has no '# expect: CODE LINE:COL fragment' line";

  const LoadResult result = LoadScenario(file);
  EXPECT_FALSE(result.scenario.has_value());
  EXPECT_EQ(result.exit_code, expected.front().exit_code) << Dump(result.diagnostics);
  for (const Expectation& e : expected) {
    const bool found = std::any_of(result.diagnostics.items.begin(), result.diagnostics.items.end(), [&](const Diagnostic& d) {
      return !d.is_warning && d.where.file == file.string() && d.where.line == e.line && d.where.column == e.column &&
             d.message.find(e.fragment) != std::string::npos;
    });
    EXPECT_TRUE(found) << "expected " << e.line << ":" << e.column << " \"" << e.fragment << "\"; got\n"
                       << Dump(result.diagnostics);
  }
  EXPECT_EQ(result.diagnostics.ErrorCount(), static_cast<int>(expected.size())) << Dump(result.diagnostics);
}

// Text in memory goes through the same code: the same diagnostics, word for word.
TEST_P(ScenarioMalformedCorpus, ParseScenarioAgreesWithLoadScenario) {
  const fs::path& file = GetParam();
  const LoadResult from_file = LoadScenario(file);
  const LoadResult from_text = ParseScenario(ReadText(file), file.string());
  EXPECT_EQ(from_text.exit_code, from_file.exit_code);
  EXPECT_EQ(Dump(from_text.diagnostics), Dump(from_file.diagnostics));
}

// Test names from file names: "syntax_bad_indent.yaml" -> "syntax_bad_indent".
std::string FileTestName(const ::testing::TestParamInfo<fs::path>& param) {
  std::string name = param.param.stem().string();
  std::replace_if(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) == 0; }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Files, ScenarioMalformedCorpus, ::testing::ValuesIn(CorpusFiles()), FileTestName);

TEST(ScenarioMalformedCorpusContents, HoldsAtLeastThirtyFilesAndOneWithSeveralProblems) {
  const std::vector<fs::path> files = CorpusFiles();
  EXPECT_GE(files.size(), 30u);
  const auto several = std::count_if(files.begin(), files.end(), [](const fs::path& f) { return ReadExpectations(f).size() > 1; });
  EXPECT_GE(several, 1);
}

TEST(ScenarioMalformedCorpusContents, MissingFileIsExit66WithItsName) {
  const fs::path missing = kCorpus / "does_not_exist.yaml";
  const LoadResult result = LoadScenario(missing);
  EXPECT_EQ(result.exit_code, kExitNoInput);
  ASSERT_EQ(result.diagnostics.items.size(), 1u);
  EXPECT_EQ(result.diagnostics.items[0].where.file, missing.string());
  EXPECT_NE(result.diagnostics.items[0].message.find("cannot read"), std::string::npos);
  EXPECT_NE(result.diagnostics.items[0].message.find("No such file"), std::string::npos);
}

TEST(ScenarioMalformedCorpusContents, DirectoryIsExit66) {
  const LoadResult result = LoadScenario(kCorpus);
  EXPECT_EQ(result.exit_code, kExitNoInput);
  ASSERT_EQ(result.diagnostics.items.size(), 1u);
  EXPECT_NE(result.diagnostics.items[0].message.find("is a directory"), std::string::npos);
}

}  // namespace
}  // namespace polarity
