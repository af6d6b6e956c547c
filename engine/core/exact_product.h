#pragma once
// The tick's large matrix products, computed so that the bits do not depend on the CPU.
//
// Eigen's own kernels sum a dot product in an order that depends on the packet width and on
// the cache sizes it detects, so its results differ between an SSE2, an AVX2 and an AVX-512
// build. These products sum every c_ij strictly in order of p with a rounded multiply and a
// rounded add (core/exact_product_kernel.h), which is what the naive triple loop computes;
// the vector width then only decides how many c_ij advance together. So the engine can use
// the widest vectors the CPU has (chosen at run time) and still give the same bytes on every
// x86-64 machine, for any split of the work between threads.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include <Eigen/Core>

#include "core/exact_product_task.h"

namespace polarity {

enum class SimdLevel { kSse2, kAvx2, kAvx512 };

// The widest level this CPU runs (AVX-512 needs AVX-512F, AVX2 needs AVX2).
SimdLevel DetectSimdLevel();
const char* SimdLevelName(SimdLevel level);

// Runs the products, on `threads` threads when a product is large enough to pay for the
// hand-off (kParallelMinFlops): the columns of C (or, with a few columns only, its rows) are
// split between them, so each c_ij is still computed whole by one thread and the bits do not
// depend on the thread count.
class ExactProducts {
 public:
  // m n k at and above which a product is split between threads: about N = 160 for N x N.
  static constexpr double kParallelMinFlops = 4.0e6;
  // Up to this many rows, columns or terms (and A not transposed) a product skips packing:
  // its set-up costs more than it saves (measured: at N = 20 the packed Q and B take 2 us,
  // unpacked 0.6), and with a few columns or terms (the products with K) A is read once
  // either way.
  static constexpr std::ptrdiff_t kSmallProductMaxRows = 48;
  static constexpr std::ptrdiff_t kSmallProductMaxColumns = 8;
  static constexpr std::ptrdiff_t kSmallProductMaxTerms = 16;  // W C~^T: K = 7 terms
  // From this many entries of A (m k: 1 MiB, this Zen 4's L2) an unpacked product with at
  // most kSmallProductMaxColumns columns (A C and (H o Π) C~, N x N by N x K, from N = 363)
  // keeps a block of C in L1 and streams A's columns past it; on two or more threads its
  // rows are split, since its columns are too few. (Phases 1 and 5 alone, medians of 6
  // alternated rounds: at N = 2000 3.4 and 3.7 ms this way against 10.3 and 10.4 through
  // SmallTile; at N = 200, where A sits in L2, 15.1 and 17.4 µs against 11.6 and 14.9.)
  static constexpr std::ptrdiff_t kTallProductMinOperand = std::ptrdiff_t{1} << 17;

  // Scratch for products with up to max_columns columns in C, and threads - 1 workers that
  // wait for products; no allocation afterwards.
  explicit ExactProducts(Eigen::Index max_columns, int threads = 1, SimdLevel level = DetectSimdLevel());
  ~ExactProducts();
  ExactProducts(const ExactProducts&) = delete;
  ExactProducts& operator=(const ExactProducts&) = delete;

  SimdLevel level() const { return level_; }
  int threads() const { return static_cast<int>(lanes_.size()); }

  // c = a b. a: m x k, b: k x n, c: m x n, all distinct.
  void Product(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c);

  // c = a b^T. a: m x k, b: n x k, c: m x n, all distinct.
  void ProductTransposed(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c);

  // The upper triangle of c = x x^T (diagonal included; x: n x k, c: n x n). Tiles that
  // cross the diagonal also write some entries below it (in their columns that hold an
  // upper entry for their rows); nothing below it is meaningful.
  void SymmetricProductUpper(const Eigen::MatrixXd& x, Eigen::MatrixXd& c);

  // The first `rows` rows of c = a[:, :rows]^T b^T (a: k x >= rows, b: n x k, c: >= rows x n).
  void TransposedProductTopRows(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::Index rows,
                                Eigen::MatrixXd& c);

  // c = a b with its first `split` columns on the workers, in the background: returns at
  // once, and until FinishBackground() every product and job runs on the calling thread
  // alone. FinishBackground() computes columns [split, n) here and returns when the workers'
  // part is done. Each column is computed whole by one thread, so the bits are Product's.
  // (The tick starts B = S S this way, so that the workers compute it while the calling
  // thread runs the phases before phase 6, core/simulation.cc.) Needs threads() > 1 and
  // 0 < split < n, in whole panels of kBackgroundPanel columns. Without `split`, the split
  // adapts from product to product so that both sides finish together: after each one, the
  // workers' and this thread's measured rates (columns a second) and the time this thread
  // joined give the split that would have balanced it, and the next split moves halfway
  // there. Timing decides only who computes a column, never how, so the bits do not move.
  // It starts nothing (background() stays false) where Product would not split the product
  // either (one thread, or under kParallelMinFlops).
  static constexpr std::ptrdiff_t kBackgroundPanel = 12;
  void StartBackgroundProduct(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c,
                              Eigen::Index split);
  void StartBackgroundProduct(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c);
  void FinishBackground();
  bool background() const { return background_; }

  // Other work on the same threads (the tick's sweeps, core/sweeps.h): runs
  // job(context, share, threads()) for every share in [0, threads()), share 0 on the calling
  // thread, and returns when all have finished. The job must split its work so that no
  // result depends on the number of shares.
  typedef void (*Job)(const void* context, int share, int shares);
  void RunShares(Job job, const void* context);

 private:
  // One thread's share: its scratch and its task of the current product, or its job.
  struct Lane {
    std::vector<double> pack_a;
    std::vector<double> pack_b;
    exact_kernel::ProductTask task;
    Job job = nullptr;  // set: run job(context, share, shares) instead of the task
    const void* context = nullptr;
    int share = 0, shares = 1;
    bool background = false;  // a share of a background product: its end time is recorded
  };

  void Run(exact_kernel::ProductTask task);
  // Whether a product of `flops` multiply-adds is split between the threads.
  bool Splits(double flops) const { return lanes_.size() > 1 && flops >= kParallelMinFlops; }
  // The fields Run sets before splitting: the path (small, tall) and the whole range.
  static void Prepare(exact_kernel::ProductTask& task);
  // Lane `lane_index` set to run `task` (the whole product) with its own scratch.
  Lane& Assign(std::size_t lane_index, const exact_kernel::ProductTask& task);
  void Dispatch();                          // lanes_ set: runs them all, lane 0 here
  void StartWorkers();                      // hands lanes 1, 2, ... to the workers
  void Wait();                              // until the workers' shares are done
  void Execute(const Lane& lane) const;     // on this thread
  void Work(std::size_t lane);                                  // a worker's loop

  SimdLevel level_;
  std::vector<Lane> lanes_;  // lane 0 is the calling thread's
  std::vector<std::thread> workers_;  // one per lane 1, 2, ...
  // Hand-off: a waiting thread spins a while on the atomics (a tick's products come a few
  // hundred microseconds apart, and waking a sleeping thread costs tens of them; kSpinRounds
  // in exact_product.cc), then sleeps on the condition variables.
  std::mutex mutex_;
  std::condition_variable start_;  // a new product (or stop) for the workers
  std::condition_variable done_;   // the last worker finished its share
  std::atomic<std::uint64_t> generation_{0};  // products handed out so far
  std::atomic<int> pending_{0};               // workers still on the current product
  std::atomic<bool> stop_{false};
  bool background_ = false;                   // workers on a background product
  exact_kernel::ProductTask background_rest_; // its columns for the calling thread
  double background_share_ = 0.85;            // the workers' share of the next one's columns
  std::int64_t background_start_ns_ = 0;      // when it was handed out (steady clock)
  std::atomic<std::int64_t> worker_done_ns_{0};  // when a worker last finished a background share
};

}  // namespace polarity
