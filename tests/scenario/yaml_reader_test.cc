// The YAML reader: positions in characters, duplicates kept, quoting, depth, UTF-8,
// empty files and documents, aliases.

#include "scenario/yaml_reader.h"

#include <gtest/gtest.h>

#include <string>

namespace polarity::loader {
namespace {

struct Read {
  std::optional<YNode> root;
  Diagnostics diagnostics;
};

Read ReadText(const std::string& text) {
  Read r;
  r.root = ReadYaml(text, "t.yaml", r.diagnostics);
  return r;
}

TEST(ScenarioYamlReader, PositionsAreOneBasedAndCountCharactersNotBytes) {
  const Read r = ReadText("name: caf\xC3\xA9\nk: [\xC3\xA9\xC3\xA9, x]\n");
  ASSERT_TRUE(r.root);
  EXPECT_FALSE(r.diagnostics.HasErrors());
  const YNode& list = r.root->entries[1].second;
  ASSERT_EQ(list.items.size(), 2u);
  EXPECT_EQ(r.root->entries[0].first.where.line, 1);
  EXPECT_EQ(r.root->entries[0].first.where.column, 1);
  EXPECT_EQ(list.items[1].text, "x");
  EXPECT_EQ(list.items[1].where.line, 2);
  EXPECT_EQ(list.items[1].where.column, 9);  // yaml-cpp's byte column would give 11
  EXPECT_EQ(list.items[1].where.file, "t.yaml");
}

TEST(ScenarioYamlReader, KeepsDuplicateKeysInFileOrder) {
  const Read r = ReadText("a: 1\nb: 2\na: 3\n");
  ASSERT_TRUE(r.root);
  ASSERT_EQ(r.root->entries.size(), 3u);
  EXPECT_EQ(r.root->entries[2].first.text, "a");
  EXPECT_EQ(r.root->entries[2].second.text, "3");
  EXPECT_EQ(r.root->entries[2].first.where.line, 3);
}

TEST(ScenarioYamlReader, MarksQuotedAndBlockScalarsAsStrings) {
  const Read r = ReadText("a: \"1\"\nb: 1\nc: '2'\nd: |\n  3\n");
  ASSERT_TRUE(r.root);
  EXPECT_TRUE(r.root->entries[0].second.quoted);
  EXPECT_FALSE(r.root->entries[1].second.quoted);
  EXPECT_TRUE(r.root->entries[2].second.quoted);
  EXPECT_TRUE(r.root->entries[3].second.quoted);
}

TEST(ScenarioYamlReader, EmptyValueIsPlacedAtItsKey) {
  const Read r = ReadText("a:\nb: 1\n");
  ASSERT_TRUE(r.root);
  const YNode& value = r.root->entries[0].second;
  EXPECT_TRUE(value.IsNull());
  EXPECT_EQ(value.where.line, 1);
}

TEST(ScenarioYamlReader, NestingUpToTheLimitIsAccepted) {
  // The top-level map is level 1; 31 lists inside it make 32 levels.
  const Read r = ReadText("a: " + std::string(kMaxDepth - 1, '[') + std::string(kMaxDepth - 1, ']') + "\n");
  EXPECT_TRUE(r.root);
  EXPECT_FALSE(r.diagnostics.HasErrors());
}

TEST(ScenarioYamlReader, NestingBeyondTheLimitIsReportedWhereItIsCrossed) {
  const Read r = ReadText("a: " + std::string(kMaxDepth, '[') + std::string(kMaxDepth, ']') + "\n");
  ASSERT_EQ(r.diagnostics.ErrorCount(), 1);
  EXPECT_EQ(r.diagnostics.items[0].where.line, 1);
  EXPECT_EQ(r.diagnostics.items[0].where.column, 4 + kMaxDepth - 1);  // the 33rd level's '['
  ASSERT_TRUE(r.root);
  EXPECT_TRUE(r.root->entries[0].second.damaged);  // callers skip type errors on it
}

TEST(ScenarioYamlReader, NestingFarBeyondYamlCppsOwnLimitIsOneError) {
  const Read r = ReadText("a: " + std::string(3000, '[') + std::string(3000, ']') + "\n");
  EXPECT_EQ(r.diagnostics.ErrorCount(), 1);
  EXPECT_NE(r.diagnostics.items[0].message.find("nested deeper than 32"), std::string::npos);
  EXPECT_EQ(r.diagnostics.items[0].where.column, 4 + kMaxDepth - 1);
}

TEST(ScenarioYamlReader, ReportsInvalidUtf8AtTheFirstBadByteOfEachLine) {
  const Read r = ReadText("a: x\xFFy\xFE\nb: \xC3\x28\nc: \xE2\x82\xAC ok\n");
  ASSERT_EQ(r.diagnostics.ErrorCount(), 2);
  EXPECT_EQ(r.diagnostics.items[0].where.line, 1);
  EXPECT_EQ(r.diagnostics.items[0].where.column, 5);
  EXPECT_NE(r.diagnostics.items[0].message.find("0xFF"), std::string::npos);
  EXPECT_EQ(r.diagnostics.items[1].where.line, 2);
  EXPECT_EQ(r.diagnostics.items[1].where.column, 4);
}

TEST(ScenarioYamlReader, RefusesOverlongAndSurrogateEncodings) {
  EXPECT_TRUE(ReadText("a: \xC0\xAF\n").diagnostics.HasErrors());      // overlong '/'
  EXPECT_TRUE(ReadText("a: \xED\xA0\x80\n").diagnostics.HasErrors());  // U+D800
  EXPECT_FALSE(ReadText("a: \xF0\x9F\x98\x80\n").diagnostics.HasErrors());  // U+1F600
}

TEST(ScenarioYamlReader, AcceptsAByteOrderMark) {
  const Read r = ReadText("\xEF\xBB\xBF" "a: 1\n");
  ASSERT_TRUE(r.root);
  EXPECT_FALSE(r.diagnostics.HasErrors());
  EXPECT_EQ(r.root->entries[0].first.where.column, 1);
}

TEST(ScenarioYamlReader, EmptyOrCommentOnlyTextIsAnError) {
  for (const std::string text : {"", "# only a comment\n", "---\n", "~\n"}) {
    const Read r = ReadText(text);
    EXPECT_FALSE(r.root) << text;
    ASSERT_EQ(r.diagnostics.ErrorCount(), 1) << text;
    EXPECT_NE(r.diagnostics.items[0].message.find("empty"), std::string::npos);
  }
}

TEST(ScenarioYamlReader, ASecondDocumentIsAnError) {
  const Read r = ReadText("a: 1\n---\nb: 2\n");
  ASSERT_EQ(r.diagnostics.ErrorCount(), 1);
  EXPECT_EQ(r.diagnostics.items[0].where.line, 2);
}

TEST(ScenarioYamlReader, SyntaxErrorsCarryAPosition) {
  const Read r = ReadText("a:\n  b: 1\n c: 2\n");
  EXPECT_FALSE(r.root);
  ASSERT_EQ(r.diagnostics.ErrorCount(), 1);
  EXPECT_EQ(r.diagnostics.items[0].where.line, 3);
  EXPECT_NE(r.diagnostics.items[0].message.find("YAML syntax error"), std::string::npos);
}

TEST(ScenarioYamlReader, TabIndentationIsNamedAsSuch) {
  const Read r = ReadText("a:\n\tb: 1\n");
  ASSERT_EQ(r.diagnostics.ErrorCount(), 1);
  EXPECT_EQ(r.diagnostics.items[0].where.line, 2);
  EXPECT_EQ(r.diagnostics.items[0].where.column, 1);
  EXPECT_NE(r.diagnostics.items[0].message.find("tab"), std::string::npos);
}

TEST(ScenarioYamlReader, MapKeysMustBePlainNames) {
  const Read r = ReadText("? [a, b]\n: 1\nc: 2\n");
  ASSERT_EQ(r.diagnostics.ErrorCount(), 1);
  EXPECT_NE(r.diagnostics.items[0].message.find("a map key must be a plain name"), std::string::npos);
  ASSERT_TRUE(r.root);
  ASSERT_EQ(r.root->entries.size(), 1u);  // the bad entry is dropped, the rest kept
  EXPECT_EQ(r.root->entries[0].first.text, "c");
}

TEST(ScenarioYamlReader, ExpandsAliases) {
  const Read r = ReadText("a: &x {p: 1}\nb: *x\n");
  ASSERT_TRUE(r.root);
  const YNode& b = r.root->entries[1].second;
  ASSERT_TRUE(b.IsMap());
  EXPECT_EQ(b.entries[0].second.text, "1");
  EXPECT_EQ(b.where.line, 2);
}

TEST(ScenarioYamlReader, UndefinedAliasIsAnError) {
  const Read r = ReadText("a: *nope\n");
  EXPECT_TRUE(r.diagnostics.HasErrors());
}

}  // namespace
}  // namespace polarity::loader
