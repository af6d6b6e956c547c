// Determinism as a golden hash (STYLE.md 9): a fixed scenario and seed must write exactly
// these bytes. The hashes are those of this build configuration (x86-64 without -march,
// -ffp-contract=off, GCC 12): a deliberate change to the model, a scenario or the output
// format changes them, and then this test must be updated in the same commit, saying why.
// That the bytes do not depend on the thread count is checked here too (and, for sweeps,
// on shards and MPI ranks, in tests/sweep). Builds with POLARITY_NATIVE or POLARITY_BLAS
// (POLARITY_PORTABLE_FP=0) compute other bits by design: they skip the comparison with these
// hashes but still require the same bytes at 1 and 2 threads.

#include "cli/cli_test_util.h"
#include "io/sha256.h"

namespace polarity::testing {
namespace {

struct Golden {
  const char* file;
  const char* sha256;
};

class GoldenHashTest : public ScratchTest {
 protected:
  void ExpectHashes(const std::string& args, const std::vector<Golden>& golden) {
    std::vector<std::string> one_thread;  // hashes of the 1-thread run
    for (const int threads : {1, 2}) {
      const std::string dir = "out" + std::to_string(threads);
      const CommandResult r = Polarity(args + " -o " + dir + " --threads " + std::to_string(threads));
      ASSERT_EQ(r.exit_code, 0) << r.err;
      for (std::size_t f = 0; f < golden.size(); ++f) {
        const Golden& g = golden[f];
        const std::string hash = io::Sha256Hex(ReadText(scratch_ / dir / g.file));
        if (threads == 1) one_thread.push_back(hash);
        EXPECT_EQ(hash, one_thread[f]) << g.file << ": 2 threads wrote other bytes than 1 thread";
        if (POLARITY_PORTABLE_FP) {
          EXPECT_EQ(hash, g.sha256) << g.file << " with " << threads << " thread(s)";
        }
      }
    }
    if (!POLARITY_PORTABLE_FP) {
      GTEST_SKIP() << "golden hashes are those of the portable build; this build "
                      "(POLARITY_NATIVE/POLARITY_BLAS) computes other bits by design. Checked: "
                      "the same bytes at 1 and 2 threads.";
    }
  }
};

TEST_F(GoldenHashTest, SmallScenarioWritesTheGoldenBytes) {
  ExpectHashes("run " + Quote(SmallScenario()),
               {{"timeseries.csv", "e442ac2a8687b37e100cb11959e0ac61f5da0ca92eb88e3fcfba4f0a9d168a46"},
                {"events.csv", "a044923c9c6498381a36e5919ae628367d17d9567adfe46c6d7a98da0e37f0d9"},
                {"outcomes.csv", "e99f6483634d7db213b5f5b4151558006be49b2bd7977c44c3c22c1b5ffe19d2"}});
}

TEST_F(GoldenHashTest, FlagshipScenarioWritesTheGoldenBytes) {
  const std::string flagship = std::string(POLARITY_SOURCE_DIR) + "/scenarios/northeast_asia_2023.yaml";
  ExpectHashes("run " + Quote(flagship) + " --replications 8",
               {{"outcomes.csv", "98939bcca950b7abf2344817e7e26c435587ebb7d3d828e106c4dc559d2b7410"},
                {"events.csv", "dc348fca63e3dcdabce55121e55d59c3bc7e087430c3595fbd34b98a466f4279"},
                {"timeseries.csv", "0c07eda8eae617d3598db77f4bedd25d650554cbb79cbd304e53df2f51191bad"}});
}

}  // namespace
}  // namespace polarity::testing
