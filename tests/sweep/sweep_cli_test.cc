// End-to-end tests of `polarity sweep`, `plan` and `merge` through the built binary:
// the data files are the same bytes whatever the thread count, shard split, MPI rank count,
// or SIGKILL-and-resume history; interrupts, locks and failing runs behave as documented.

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "cli/cli_test_util.h"
#include "io/csv.h"

namespace polarity::testing {
namespace io = ::polarity::io;
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kDataFiles = {"outcomes.csv", "points.csv", "timeseries.csv", "events.csv"};

std::string SmallSweep() { return std::string(POLARITY_SOURCE_DIR) + "/tests/data/sweep/small_sweep.yaml"; }

int CountLines(const fs::path& path) {
  const std::string text = ReadText(path);
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class SweepTest : public ScratchTest {
 protected:
  // The reference: one process, one thread.
  void MakeReference() {
    const CommandResult r = Polarity("sweep " + Quote(SmallSweep()) + " -o ref --threads 1");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void ExpectSameData(const std::string& dir, const std::vector<std::string>& files = kDataFiles) {
    for (const std::string& f : files) {
      const std::string expected = ReadText(scratch_ / "ref" / f);
      ASSERT_FALSE(expected.empty()) << f;
      EXPECT_EQ(ReadText(scratch_ / dir / f), expected) << dir << "/" << f << " differs";
    }
  }

  // Starts `polarity sweep` in the background; returns its pid.
  pid_t Spawn(const std::vector<std::string>& extra) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      if (::chdir(scratch_.c_str()) != 0) ::_exit(127);
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 1);
      ::dup2(null, 2);
      std::vector<std::string> args{POLARITY_BINARY, "sweep", SmallSweep(), "-o", "killed", "--threads", "2"};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    return pid;
  }

  // Waits until the journal of `dir` holds at least `lines` runs (or the process ended).
  bool WaitForJournal(pid_t pid, const std::string& dir, int lines) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      if (fs::exists(scratch_ / dir / "journal.csv") && CountLines(scratch_ / dir / "journal.csv") >= lines) {
        return true;
      }
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return false;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return false;
  }
};

TEST_F(SweepTest, PlanPrintsRunsAndPointsWithoutRunning) {
  const CommandResult r = Polarity("plan " + Quote(SmallSweep()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("6 points x 20 replications = 120 runs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0,0.05,0.04\n1,0.05,0.08\n2,0.1,0.04\n"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(scratch_ / "results"));
}

TEST_F(SweepTest, CheckValidatesASweepFileAndPrintsItsPlan) {
  const CommandResult ok = Polarity("check " + Quote(SmallSweep()));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("schema: polarity/sweep 1"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("= 120 runs"), std::string::npos) << ok.out;
  std::ofstream(scratch_ / "bad.yaml") << "schema: polarity/sweep 1\nscenario: nowhere.yaml\n";
  const CommandResult bad = Polarity("check bad.yaml");
  EXPECT_EQ(bad.exit_code, 65) << bad.err;
  EXPECT_NE(bad.err.find("bad.yaml:2:11: error: cannot read scenario file"), std::string::npos) << bad.err;
}

TEST_F(SweepTest, OutcomesAreInRunOrderWithOneRowPerRun) {
  MakeReference();
  std::vector<std::vector<std::string>> rows;
  std::string error;
  ASSERT_TRUE(io::ParseCsv(ReadText(scratch_ / "ref" / "outcomes.csv"), &rows, &error)) << error;
  ASSERT_EQ(rows.size(), 121u);
  EXPECT_EQ(rows[0].front(), "run_id");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    EXPECT_EQ(rows[r][0], std::to_string(r - 1));
    EXPECT_EQ(rows[r][1], std::to_string((r - 1) / 20));  // point
    EXPECT_EQ(rows[r][2], std::to_string((r - 1) % 20));  // replication
    EXPECT_EQ(rows[r].back(), "ok");
  }
  // points.csv: 6 points, each with 20 ok runs.
  EXPECT_EQ(CountLines(scratch_ / "ref" / "points.csv"), 7);
  EXPECT_FALSE(fs::exists(scratch_ / "ref" / "runs"));  // per-run files are cleaned up
}

TEST_F(SweepTest, BytesDoNotDependOnTheThreadCount) {
  MakeReference();
  const CommandResult r = Polarity("sweep " + Quote(SmallSweep()) + " -o t2 --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSameData("t2");
}

TEST_F(SweepTest, ShardsPlusMergeEqualTheWholeSweep) {
  MakeReference();
  for (int i = 0; i < 3; ++i) {
    const CommandResult r = Polarity("sweep " + Quote(SmallSweep()) + " -o s" + std::to_string(i) +
                                     " --shard " + std::to_string(i) + "/3 --threads 1");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // The shards may be given in any order.
  const CommandResult m = Polarity("merge s2 s0 s1 -o merged");
  ASSERT_EQ(m.exit_code, 0) << m.err;
  ExpectSameData("merged");
}

TEST_F(SweepTest, MergeRefusesIncompleteOrForeignShards) {
  ASSERT_EQ(Polarity("sweep " + Quote(SmallSweep()) + " -o s0 --shard 0/2").exit_code, 0);
  const CommandResult missing = Polarity("merge s0 -o merged");
  EXPECT_EQ(missing.exit_code, 65) << missing.err;
  EXPECT_NE(missing.err.find("got 1 of 2 shards"), std::string::npos) << missing.err;
  const CommandResult not_sweep = Polarity("merge s0 nowhere -o merged");
  EXPECT_EQ(not_sweep.exit_code, 66) << not_sweep.err;
}

TEST_F(SweepTest, SigkillAtSeveralPointsThenResumeGivesTheSameBytes) {
  MakeReference();
  for (const int after : {1, 30, 80, 115}) {
    fs::remove_all(scratch_ / "killed");
    const pid_t pid = Spawn({});
    const bool reached = WaitForJournal(pid, "killed", after);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (reached) {
      EXPECT_TRUE(WIFSIGNALED(status)) << "the sweep finished before it could be killed at " << after;
      EXPECT_FALSE(fs::exists(scratch_ / "killed" / "outcomes.csv")) << "killed at " << after;
    }
    const CommandResult resumed = Polarity("sweep " + Quote(SmallSweep()) + " -o killed --resume --threads 2");
    ASSERT_EQ(resumed.exit_code, 0) << "killed at " << after << ": " << resumed.err;
    ExpectSameData("killed");
  }
}

TEST_F(SweepTest, SigintAndSigtermStopCleanlyKeepingFinishedRuns) {
  MakeReference();
  for (const auto& [signal, code] : {std::pair{SIGINT, 130}, std::pair{SIGTERM, 143}}) {
    fs::remove_all(scratch_ / "killed");
    const pid_t pid = Spawn({});
    ASSERT_TRUE(WaitForJournal(pid, "killed", 20));
    ::kill(pid, signal);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    if (WEXITSTATUS(status) == 0) continue;  // finished before the signal arrived: nothing to test
    EXPECT_EQ(WEXITSTATUS(status), code);
    EXPECT_GE(CountLines(scratch_ / "killed" / "journal.csv"), 20);
    const CommandResult resumed = Polarity("sweep " + Quote(SmallSweep()) + " -o killed --resume");
    ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_NE(resumed.err.find("resuming"), std::string::npos) << resumed.err;
    ExpectSameData("killed");
  }
}

TEST_F(SweepTest, ADirectoryInUseByAnotherSweepIsRefused) {
  fs::create_directories(scratch_ / "busy");
  const int fd = ::open((scratch_ / "busy" / ".polarity.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  const CommandResult r = Polarity("sweep " + Quote(SmallSweep()) + " -o busy --resume");
  ::close(fd);
  EXPECT_EQ(r.exit_code, 75) << r.err;
  EXPECT_NE(r.err.find("in use by another sweep"), std::string::npos) << r.err;
}

TEST_F(SweepTest, AnExistingDirectoryNeedsForceOrResume) {
  MakeReference();
  const CommandResult again = Polarity("sweep " + Quote(SmallSweep()) + " -o ref");
  EXPECT_EQ(again.exit_code, 73) << again.err;
  const CommandResult forced = Polarity("sweep " + Quote(SmallSweep()) + " -o ref --force");
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
}

TEST_F(SweepTest, AFailingRunIsRecordedAndTheSweepGoesOn) {
  const std::string file = std::string(POLARITY_SOURCE_DIR) + "/tests/data/sweep/failing_sweep.yaml";
  const CommandResult r = Polarity("sweep " + Quote(file) + " -o out");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::vector<std::string>> rows;
  std::string error;
  ASSERT_TRUE(io::ParseCsv(ReadText(scratch_ / "out" / "outcomes.csv"), &rows, &error)) << error;
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[1].back(), "ok");
  EXPECT_EQ(rows[2].back(), "ok");
  for (int row = 3; row <= 4; ++row) {
    EXPECT_EQ(rows[row].back().rfind("failed: run " + std::to_string(row - 1) + ", tick ", 0), 0u) << rows[row].back();
    EXPECT_NE(rows[row].back().find("actor CCC"), std::string::npos) << rows[row].back();
  }
  EXPECT_NE(ReadText(scratch_ / "out" / "points.csv").find("\n1,1e+308,0,0,2,"), std::string::npos)
      << ReadText(scratch_ / "out" / "points.csv");
}

TEST_F(SweepTest, BadSweepFilesAreReportedWithLineAndColumn) {
  const fs::path bad = scratch_ / "bad.yaml";
  std::ofstream(bad) << "schema: polarity/sweep 1\n"
                        "scenario: " << std::string(POLARITY_SOURCE_DIR) << "/tests/data/cli/small.yaml\n"
                        "replicatons: 3\n"
                        "parameters:\n"
                        "  parameters.alliance.rat: {values: [0.1]}\n"
                        "  actors.CCC.resolve: {values: [1.5]}\n"
                        "outcomes:\n"
                        "  x: {variable: milx, reduce: final}\n";
  const CommandResult r = Polarity("sweep bad.yaml -o out");
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find("bad.yaml:3:1: error: unknown key 'replicatons'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'replications'?"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.yaml:5:3: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("parameters.alliance.rate"), std::string::npos) << r.err;  // the suggestion
  EXPECT_NE(r.err.find("bad.yaml:6:3: error: actors.CCC.resolve = 1.5 is invalid"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.yaml:8:"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(scratch_ / "out"));
}

#ifdef POLARITY_HAVE_MPI
TEST_F(SweepTest, MpiRanksWriteTheSameBytesAsOneProcess) {
  MakeReference();
  for (const int ranks : {1, 2, 4}) {
    const std::string dir = "mpi" + std::to_string(ranks);
    const std::string command = "cd " + Quote(scratch_.string()) +
                                // Open MPI's own allocations outlive MPI_Finalize by design; LeakSanitizer
                                // (in the sanitizer build) would report them as Polarity's leaks.
                                " && OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1"
                                " ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 " +
                                Quote(POLARITY_MPIEXEC) + " --oversubscribe -np " + std::to_string(ranks) +
                                " " + Quote(POLARITY_BINARY) + " sweep " + Quote(SmallSweep()) + " -o " + dir +
                                " >/dev/null 2>" + dir + ".err </dev/null";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << ranks << " ranks: " << ReadText(scratch_ / (dir + ".err"));
    ExpectSameData(dir);
  }
}
#else
TEST_F(SweepTest, MpiRanksWriteTheSameBytesAsOneProcess) {
  GTEST_SKIP() << "this build has no MPI support (Open MPI and Boost.MPI not found at configure time)";
}
#endif

}  // namespace
}  // namespace polarity::testing
