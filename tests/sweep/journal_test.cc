#include "sweep/journal.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace polarity::sweep {
namespace {

std::filesystem::path TempDir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("polarity_journal_" + name + "_" +
                                                             std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Rows [first, last) in run order, concatenated.
std::string Rows(const Journal& journal, std::uint64_t first, std::uint64_t last) {
  std::string out;
  journal.ForEachRow(first, last, [&](std::string_view row) { out += row; });
  return out;
}

TEST(Journal, KeepsAppendedRowsAcrossReopening) {
  const auto dir = TempDir("reopen");
  {
    Journal j(dir / "journal.csv");
    j.Append(2, "2,0,2,7,ok\n");
    j.Append(0, "0,0,0,7,ok\n");
  }
  Journal again(dir / "journal.csv");
  EXPECT_EQ(again.RunIds(), (std::vector<std::uint64_t>{2, 0}));
  EXPECT_EQ(again.torn_bytes(), 0u);
  EXPECT_EQ(Rows(again, 0, 1), "0,0,0,7,ok\n");
  EXPECT_THROW(Rows(again, 0, 3), std::runtime_error);  // run 1 is missing
}

TEST(Journal, CutsATornTailAndKeepsEverythingBeforeIt) {
  const auto dir = TempDir("torn");
  {
    Journal j(dir / "journal.csv");
    j.Append(0, "0,0,0,7,ok\n");
    j.Append(1, "1,0,1,7,ok\n");
  }
  const auto path = dir / "journal.csv";
  const auto good_size = std::filesystem::file_size(path);
  {  // a killed writer: half a line, no newline
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << "2,0,2,7,o";
  }
  {
    Journal j(path);
    EXPECT_EQ(j.size(), 2u);
    EXPECT_EQ(j.torn_bytes(), 9u);
    EXPECT_EQ(std::filesystem::file_size(path), good_size);
    j.Append(2, "2,0,2,7,ok\n");
  }
  Journal all(path);
  EXPECT_EQ(Rows(all, 0, 3), "0,0,0,7,ok\n1,0,1,7,ok\n2,0,2,7,ok\n");
}

TEST(Journal, RejectsALineWhoseChecksumDoesNotMatch) {
  const auto dir = TempDir("checksum");
  const auto path = dir / "journal.csv";
  {
    Journal j(path);
    j.Append(0, "0,0,0,7,ok\n");
  }
  {  // a complete line with a wrong checksum (damaged)
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << "1,0,1,7,ok\t0000000000000000\n";
  }
  Journal j(path);
  EXPECT_EQ(j.size(), 1u);
  EXPECT_GT(j.torn_bytes(), 0u);
}

TEST(WriteDurably, ReplacesTheFileWhole) {
  const auto dir = TempDir("durable");
  WriteDurably(dir / "a.csv", "first\n");
  WriteDurably(dir / "a.csv", "second\n");
  std::ifstream in(dir / "a.csv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "second\n");
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1);  // no temporary left behind
}

TEST(ConcatenateDurably, JoinsPartsSkippingTheirHeaders) {
  const auto dir = TempDir("concat");
  WriteDurably(dir / "p1.csv", "h\n1\n2\n");
  WriteDurably(dir / "p2.csv", "h\n3\n");
  ConcatenateDurably(dir / "all.csv", "h\n", {dir / "p1.csv", dir / "p2.csv"}, true);
  std::ifstream in(dir / "all.csv");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "h\n1\n2\n3\n");
}

}  // namespace
}  // namespace polarity::sweep
