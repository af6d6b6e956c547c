#pragma once
// Helpers for the end-to-end tests: run the built `polarity` binary (POLARITY_BINARY) in a
// shell, capture its exit code, stdout and stderr, and read the files it wrote.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace polarity::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every file below dir but the manifest (which records times and thread counts), by its
// path relative to dir: what must be the same bytes between two runs.
inline std::map<std::string, std::string> DataFiles(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string relative = std::filesystem::relative(entry.path(), dir).string();
    if (entry.is_regular_file() && relative != "manifest.json") files[relative] = ReadText(entry.path());
  }
  return files;
}

// Two outputs' data files (DataFiles) have the same names and the same bytes.
inline void ExpectSameDataFiles(const std::map<std::string, std::string>& one,
                                const std::map<std::string, std::string>& two) {
  ASSERT_EQ(one.size(), two.size());
  for (const auto& [name, bytes] : one) {
    ASSERT_TRUE(two.count(name)) << name;
    EXPECT_TRUE(bytes == two.at(name)) << name << " differs";
  }
}

inline std::string Quote(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

// A fresh scratch directory per test, removed afterwards.
class ScratchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    scratch_ = std::filesystem::temp_directory_path() /
               (std::string("polarity_cli_") + info->test_suite_name() + "_" + info->name() + "_" +
                std::to_string(::getpid()));
    std::filesystem::remove_all(scratch_);
    std::filesystem::create_directories(scratch_);
  }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(scratch_);
  }

  // Runs `polarity ARGS` (args already quoted as needed) with the scratch dir as cwd.
  CommandResult Polarity(const std::string& args) const {
    return Shell(Quote(POLARITY_BINARY) + " " + args);
  }

  // Runs a shell script with the scratch dir as cwd; "$POLARITY" is the binary. The exit
  // code is the script's.
  CommandResult Shell(const std::string& script) const {
    const std::filesystem::path out = scratch_ / ".stdout";
    const std::filesystem::path err = scratch_ / ".stderr";
    const std::string command = "cd " + Quote(scratch_.string()) + " && POLARITY=" +
                                Quote(POLARITY_BINARY) + " && { " + script + "\n} >" +
                                Quote(out.string()) + " 2>" + Quote(err.string()) + " </dev/null";
    const int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = ReadText(out);
    result.err = ReadText(err);
    std::filesystem::remove(out);
    std::filesystem::remove(err);
    return result;
  }

  // Runs `polarity RUN_ARGS -o one --threads 1` and `... -o two --threads 2`, expects both
  // to succeed with the same data files (ExpectSameDataFiles), and returns those of `one`.
  std::map<std::string, std::string> RunOnOneAndTwoThreads(const std::string& run_args) const {
    for (const char* threads : {"1", "2"}) {
      const std::string dir = threads[0] == '1' ? "one" : "two";
      const CommandResult r = Polarity(run_args + " -o " + dir + " --threads " + threads);
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    const auto one = DataFiles(scratch_ / "one");
    ExpectSameDataFiles(one, DataFiles(scratch_ / "two"));
    return one;
  }

  static std::string SmallScenario() {
    return std::string(POLARITY_SOURCE_DIR) + "/tests/data/cli/small.yaml";
  }

  std::filesystem::path scratch_;
};

}  // namespace polarity::testing
