// docs/scenario_format.md cannot drift from the loader: every row of every key table, every
// model parameter, and the message of every file of the malformed corpus appear in it.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "polarity/parameters.h"
#include "scenario/key_tables.h"

namespace polarity::loader {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = POLARITY_SOURCE_DIR;

std::vector<std::string> Lines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The lines under the heading `### TITLE` up to the next heading of level 3 or higher.
std::vector<std::string> Section(const std::vector<std::string>& doc, const std::string& title) {
  const auto start = std::find(doc.begin(), doc.end(), "### " + std::string(title));
  if (start == doc.end()) return {};
  const auto end = std::find_if(start + 1, doc.end(), [](const std::string& line) {
    return line.starts_with("# ") || line.starts_with("## ") || line.starts_with("### ");
  });
  return {start + 1, end};
}

// The documentation row of a key: key, type, default, range, meaning.
std::string Row(const KeySpec& spec) {
  std::string row = "| `" + std::string(spec.key) + "` | " + std::string(TypeText(spec.type)) + " | ";
  row += spec.need == Need::kOptional ? std::string(spec.default_text) : "required";
  row += " | " + RangeText(spec) + " | " + std::string(spec.meaning) + " |";
  return row;
}

bool Contains(const std::vector<std::string>& lines, const std::string& text) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
}

class ScenarioFormatDoc : public ::testing::Test {
 protected:
  std::vector<std::string> doc_ = Lines(kSource / "docs" / "scenario_format.md");
};

TEST_F(ScenarioFormatDoc, HasARowForEveryKeyOfEveryTable) {
  ASSERT_FALSE(doc_.empty()) << "docs/scenario_format.md is missing";
  for (const KeyTable* table : AllKeyTables()) {
    const std::vector<std::string> section = Section(doc_, std::string(table->title));
    ASSERT_FALSE(section.empty()) << "no heading '### " << table->title << "'";
    for (const KeySpec& spec : table->keys) {
      EXPECT_NE(std::find(section.begin(), section.end(), Row(spec)), section.end())
          << "under '### " << table->title << "' expected the row\n" << Row(spec);
    }
  }
}

TEST_F(ScenarioFormatDoc, ListsEveryModelParameterWithItsDefaultAndRange) {
  const std::vector<std::string> section = Section(doc_, "`parameters`");
  ASSERT_FALSE(section.empty());
  const Parameters defaults;
  for (const ParameterSpec& spec : ParameterSpecs()) {
    const double value = spec.get(defaults);
    const std::string default_text =
        spec.kind == ParameterKind::kBoolean ? (value != 0.0 ? "true" : "false") : FormatNumber(value);
    const std::string start = "| `" + std::string(spec.path) + "` | ";
    const auto row = std::find_if(section.begin(), section.end(), [&](const std::string& l) { return l.starts_with(start); });
    ASSERT_NE(row, section.end()) << "no row for parameters." << spec.path;
    EXPECT_NE(row->find(" | " + default_text + " | " + RangeText(ParameterBounds(spec)) + " | "), std::string::npos)
        << *row << "\nexpected default " << default_text << " and range " << RangeText(ParameterBounds(spec));
  }
}

TEST_F(ScenarioFormatDoc, ShowsTheMessageOfEveryMalformedCorpusFile) {
  const std::vector<std::string> section = [&] {
    const auto start = std::find(doc_.begin(), doc_.end(), "## Error messages");
    return std::vector<std::string>(start, doc_.end());
  }();
  ASSERT_FALSE(section.empty()) << "no '## Error messages' heading";
  int files = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(kSource / "tests" / "data" / "malformed")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    ++files;
    std::ifstream in(entry.path());
    std::string first;
    std::getline(in, first);
    // "# expect: 65 12:5 fragment"
    const std::size_t space = first.find(' ', first.find(':', first.find("expect:") + 7) + 1);
    const std::string fragment = first.substr(space + 1);
    EXPECT_TRUE(Contains(section, fragment)) << entry.path().filename() << ": \"" << fragment << "\" is not in the table";
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace polarity::loader
