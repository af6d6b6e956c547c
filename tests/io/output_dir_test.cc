#include "io/output_dir.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

namespace polarity::io {
namespace {
namespace fs = std::filesystem;

class OutputDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("polarity_output_dir_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }
  static void Touch(const fs::path& path, const std::string& text = "x") {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  static std::string Read(const fs::path& path) {
    std::string data, error;
    EXPECT_TRUE(ReadFile(path, &data, &error)) << error;
    return data;
  }
  fs::path root_;
};

TEST_F(OutputDirTest, CreatesMissingDirectoryWithParents) {
  const fs::path dir = root_ / "a" / "b";
  PrepareOutputDirectory(dir, false);
  EXPECT_TRUE(fs::is_directory(dir));
}

TEST_F(OutputDirTest, AcceptsAnExistingEmptyDirectory) {
  fs::create_directories(root_);
  EXPECT_NO_THROW(PrepareOutputDirectory(root_, false));
}

TEST_F(OutputDirTest, RefusesNonEmptyDirectoryWithoutForce) {
  Touch(root_ / "timeseries.csv");
  try {
    PrepareOutputDirectory(root_, false);
    FAIL() << "expected OutputCreateError";
  } catch (const OutputCreateError& e) {
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fs::exists(root_ / "timeseries.csv"));
}

TEST_F(OutputDirTest, RefusesAFile) {
  Touch(root_);
  EXPECT_THROW(PrepareOutputDirectory(root_, true), OutputCreateError);
}

TEST_F(OutputDirTest, ForceRemovesPolarityFilesOnly) {
  Touch(root_ / "manifest.json");
  Touch(root_ / "timeseries.csv");
  Touch(root_ / "events.csv");
  Touch(root_ / "outcomes.csv");
  Touch(root_ / ".timeseries.csv.tmp-123");
  Touch(root_ / "networks" / "alliances_0_80.graphml");
  Touch(root_ / "notes.txt");
  Touch(root_ / "networks" / "mine.graphml");
  PrepareOutputDirectory(root_, true);
  EXPECT_FALSE(fs::exists(root_ / "manifest.json"));
  EXPECT_FALSE(fs::exists(root_ / "timeseries.csv"));
  EXPECT_FALSE(fs::exists(root_ / "events.csv"));
  EXPECT_FALSE(fs::exists(root_ / "outcomes.csv"));
  EXPECT_FALSE(fs::exists(root_ / ".timeseries.csv.tmp-123"));
  EXPECT_FALSE(fs::exists(root_ / "networks" / "alliances_0_80.graphml"));
  EXPECT_TRUE(fs::exists(root_ / "notes.txt"));
  EXPECT_TRUE(fs::exists(root_ / "networks" / "mine.graphml"));
}

TEST_F(OutputDirTest, ForceRemovesAnEmptiedNetworksDirectory) {
  Touch(root_ / "networks" / "alliances_1_2.graphml");
  PrepareOutputDirectory(root_, true);
  EXPECT_FALSE(fs::exists(root_ / "networks"));
  EXPECT_TRUE(fs::is_directory(root_));
}

TEST_F(OutputDirTest, RecognisesPolarityFileNames) {
  EXPECT_TRUE(IsPolarityOutputFile("points.csv"));
  EXPECT_TRUE(IsPolarityOutputFile("networks/alliances_3_40.graphml"));
  EXPECT_FALSE(IsPolarityOutputFile("alliances_3_40.graphml"));
  EXPECT_FALSE(IsPolarityOutputFile("data.csv"));
  EXPECT_FALSE(IsPolarityOutputFile("sub/timeseries.csv"));
}

TEST_F(OutputDirTest, AtomicFileAppearsOnlyOnCommit) {
  fs::create_directories(root_);
  const fs::path path = root_ / "events.csv";
  Touch(path, "old\n");
  {
    AtomicFile file(path);
    file.Write("new,");
    file.Write("content\n");
    EXPECT_TRUE(fs::exists(file.temp_path()));
    EXPECT_EQ(Read(path), "old\n") << "final name untouched until commit";
    file.Commit();
    EXPECT_FALSE(fs::exists(file.temp_path()));
  }
  EXPECT_EQ(Read(path), "new,content\n");
}

TEST_F(OutputDirTest, UncommittedAtomicFileLeavesNothing) {
  fs::create_directories(root_);
  fs::path temp;
  {
    AtomicFile file(root_ / "outcomes.csv");
    file.Write("partial");
    temp = file.temp_path();
  }
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_FALSE(fs::exists(root_ / "outcomes.csv"));
  EXPECT_TRUE(fs::is_empty(root_));
}

TEST_F(OutputDirTest, WriteErrorsNameThePath) {
  // A directory that does not exist: opening the temporary fails with ENOENT.
  try {
    WriteFileAtomically(root_ / "missing" / "manifest.json", "{}");
    FAIL() << "expected OutputWriteError";
  } catch (const OutputWriteError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("missing"), std::string::npos) << what;
    EXPECT_NE(what.find("No such file or directory"), std::string::npos) << what;
  }
}

TEST_F(OutputDirTest, FailedRenameIsAWriteErrorAndLeavesNoTemporary) {
  // The final name is taken by a non-empty directory: rename() fails with EISDIR.
  Touch(root_ / "outcomes.csv" / "keep.txt");
  fs::path temp;
  try {
    AtomicFile file(root_ / "outcomes.csv");
    temp = file.temp_path();
    file.Write("run_id\n");
    file.Commit();
    FAIL() << "expected OutputWriteError";
  } catch (const OutputWriteError& e) {
    EXPECT_NE(std::string(e.what()).find("outcomes.csv: Is a directory"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(temp.empty());
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(fs::exists(root_ / "outcomes.csv" / "keep.txt"));
}

}  // namespace
}  // namespace polarity::io
