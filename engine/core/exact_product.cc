#include "core/exact_product.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>

namespace polarity {

SimdLevel DetectSimdLevel() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return SimdLevel::kAvx512;
  if (__builtin_cpu_supports("avx2")) return SimdLevel::kAvx2;
#endif
  return SimdLevel::kSse2;
}

const char* SimdLevelName(SimdLevel level) {
  switch (level) {
    case SimdLevel::kAvx512: return "avx512";
    case SimdLevel::kAvx2: return "avx2";
    case SimdLevel::kSse2: break;
  }
  return "sse2";
}

ExactProducts::ExactProducts(Eigen::Index max_columns, int threads, SimdLevel level)
    : level_(level), lanes_(static_cast<std::size_t>(std::max(1, threads))) {
  for (Lane& lane : lanes_) {
    lane.pack_a.resize(static_cast<std::size_t>(exact_kernel::kPackADoubles));
    lane.pack_b.resize(static_cast<std::size_t>(exact_kernel::PackBDoubles(max_columns)));
  }
  for (std::size_t lane = 1; lane < lanes_.size(); ++lane) workers_.emplace_back([this, lane] { Work(lane); });
}

ExactProducts::~ExactProducts() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
  }
  start_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

namespace {

// How long a waiting thread spins before it sleeps: 2^17 pause instructions, 3-7 ms on this
// Zen 4 (measured while the machine was busy; a pause is some 64 cycles there), longer than
// the gap between the products of consecutive ticks from N = 200 up (under 0.5 ms).
constexpr int kSpinRounds = 1 << 17;

std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

}  // namespace

void ExactProducts::Work(std::size_t lane) {
  std::uint64_t seen = 0;
  for (;;) {
    for (int spin = 0; spin < kSpinRounds && generation_.load(std::memory_order_acquire) == seen && !stop_.load();
         ++spin) {
      CpuRelax();
    }
    if (generation_.load(std::memory_order_acquire) == seen) {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, [&] { return stop_.load() || generation_.load() != seen; });
    }
    if (stop_.load()) return;
    seen = generation_.load(std::memory_order_acquire);
    Execute(lanes_[lane]);
    if (lanes_[lane].background) worker_done_ns_.store(NowNs(), std::memory_order_relaxed);  // for the split
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      std::lock_guard<std::mutex> lock(mutex_);  // so that the notification cannot be lost
      done_.notify_one();
    }
  }
}

namespace {

// The task C = op(A) op(B) over Eigen's column-major storage: op(A) is m x k, op(B) k x n;
// a transposed operand is read as the transpose of the matrix stored.
exact_kernel::ProductTask Task(Eigen::Index m, Eigen::Index n, Eigen::Index k, const Eigen::MatrixXd& a,
                               bool transpose_a, const Eigen::MatrixXd& b, bool transpose_b,
                               Eigen::MatrixXd& c) {
  exact_kernel::ProductTask task;
  task.m = m;
  task.n = n;
  task.k = k;
  task.a = a.data();
  task.lda = a.rows();
  task.transpose_a = transpose_a;  // A(i, p) = a(p, i) = a[i lda + p]
  task.b = b.data();
  task.ldb = b.rows();
  task.transpose_b = transpose_b;  // B(p, j) = b(j, p) = b[p ldb + j]
  task.c = c.data();
  task.ldc = c.rows();
  return task;
}

}  // namespace

void ExactProducts::Product(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, Eigen::MatrixXd& c) {
  assert(a.cols() == b.rows() && c.rows() == a.rows() && c.cols() == b.cols());
  Run(Task(a.rows(), b.cols(), a.cols(), a, false, b, false, c));
}

void ExactProducts::ProductTransposed(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                      Eigen::MatrixXd& c) {
  assert(a.cols() == b.cols() && c.rows() == a.rows() && c.cols() == b.rows());
  Run(Task(a.rows(), b.rows(), a.cols(), a, false, b, true, c));
}

void ExactProducts::SymmetricProductUpper(const Eigen::MatrixXd& x, Eigen::MatrixXd& c) {
  assert(c.rows() == x.rows() && c.cols() == x.rows());
  exact_kernel::ProductTask task = Task(x.rows(), x.rows(), x.cols(), x, false, x, true, c);
  task.upper_only = true;
  Run(task);
}

void ExactProducts::TransposedProductTopRows(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                             Eigen::Index rows, Eigen::MatrixXd& c) {
  assert(a.rows() == b.cols() && rows <= a.cols() && rows <= c.rows() && c.cols() == b.rows());
  Run(Task(rows, b.rows(), a.rows(), a, true, b, true, c));
}

void ExactProducts::Prepare(exact_kernel::ProductTask& task) {
  task.small = (task.m <= kSmallProductMaxRows || task.n <= kSmallProductMaxColumns ||
                task.k <= kSmallProductMaxTerms) &&
               !task.transpose_a;
  task.tall = task.small && !task.upper_only && task.n <= kSmallProductMaxColumns &&
              task.m * task.k >= kTallProductMinOperand;
  task.column_begin = 0;
  task.column_end = task.n;
  task.row_begin = 0;
  task.row_end = task.m;
}

void ExactProducts::Run(exact_kernel::ProductTask task) {
  assert(exact_kernel::PackBDoubles(task.n) <= static_cast<std::ptrdiff_t>(lanes_[0].pack_b.size()));
  if (task.m == 0 || task.n == 0) return;
  if (task.k == 0) {  // the empty sum
    for (std::ptrdiff_t j = 0; j < task.n; ++j) {
      for (std::ptrdiff_t i = 0; i < task.m; ++i) task.c[j * task.ldc + i] = 0.0;
    }
    return;
  }
  Prepare(task);
  const double flops = static_cast<double>(task.m) * static_cast<double>(task.n) * static_cast<double>(task.k);
  // The common case at small N, and every product while the workers are on a background one:
  // no split.
  if (!Splits(flops) || background_) {
    Execute(Assign(0, task));
    return;
  }
  // Shares of whole 12-column panels (a multiple of every kernel's panel width), or for a
  // tall product of whole 64-row blocks (a multiple of every vector width). The upper
  // triangle's work grows with j, so its boundaries sit at n sqrt(t / T) for equal work.
  constexpr std::ptrdiff_t kPanel = 12;
  constexpr std::ptrdiff_t kRowBlock = 64;
  const std::ptrdiff_t extent = task.tall ? task.m : task.n;
  const std::ptrdiff_t unit = task.tall ? kRowBlock : kPanel;
  std::ptrdiff_t shares = static_cast<std::ptrdiff_t>(lanes_.size());
  shares = std::max<std::ptrdiff_t>(1, std::min(shares, extent / (2 * unit)));
  std::ptrdiff_t begin = 0;
  for (std::ptrdiff_t t = 0; t < shares; ++t) {
    const double fraction = static_cast<double>(t + 1) / static_cast<double>(shares);
    const double edge = static_cast<double>(extent) * (task.upper_only ? std::sqrt(fraction) : fraction);
    std::ptrdiff_t end = t + 1 == shares ? extent : std::llround(edge / static_cast<double>(unit)) * unit;
    end = std::clamp(end, begin, extent);
    Lane& lane = Assign(static_cast<std::size_t>(t), task);
    (task.tall ? lane.task.row_begin : lane.task.column_begin) = begin;
    (task.tall ? lane.task.row_end : lane.task.column_end) = end;
    begin = end;
  }
  if (shares == 1) {
    Execute(lanes_[0]);
    return;
  }
  // Lanes past `shares` get an empty range.
  for (std::size_t t = static_cast<std::size_t>(shares); t < lanes_.size(); ++t) {
    Lane& lane = Assign(t, task);
    lane.task.column_begin = lane.task.column_end = task.n;
    lane.task.row_begin = lane.task.row_end = task.m;
  }
  Dispatch();
}

ExactProducts::Lane& ExactProducts::Assign(std::size_t lane_index, const exact_kernel::ProductTask& task) {
  Lane& lane = lanes_[lane_index];
  lane.job = nullptr;
  lane.background = false;
  lane.task = task;
  lane.task.pack_a = lane.pack_a.data();
  lane.task.pack_b = lane.pack_b.data();
  return lane;
}

void ExactProducts::StartBackgroundProduct(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                           Eigen::MatrixXd& c, Eigen::Index split) {
  assert(a.cols() == b.rows() && c.rows() == a.rows() && c.cols() == b.cols());
  assert(lanes_.size() > 1 && !background_ && a.cols() > 0);
  assert(0 < split && split < b.cols() && split % kBackgroundPanel == 0);
  exact_kernel::ProductTask task = Task(a.rows(), b.cols(), a.cols(), a, false, b, false, c);
  Prepare(task);
  // Columns [0, split) over the workers, in whole panels.
  const auto workers = static_cast<std::ptrdiff_t>(workers_.size());
  const std::ptrdiff_t panels = split / kBackgroundPanel;
  std::ptrdiff_t begin = 0;
  for (std::ptrdiff_t w = 0; w < workers; ++w) {
    const std::ptrdiff_t end = panels * (w + 1) / workers * kBackgroundPanel;
    Lane& lane = Assign(static_cast<std::size_t>(w + 1), task);
    lane.background = true;
    lane.task.column_begin = begin;
    lane.task.column_end = end;
    begin = end;
  }
  background_rest_ = task;
  background_rest_.column_begin = split;
  background_ = true;
  background_start_ns_ = NowNs();
  StartWorkers();
}

void ExactProducts::StartBackgroundProduct(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b,
                                           Eigen::MatrixXd& c) {
  const double flops = static_cast<double>(a.rows()) * static_cast<double>(b.cols()) * static_cast<double>(a.cols());
  const Eigen::Index n = b.cols(), panels = n / kBackgroundPanel;
  if (!Splits(flops) || panels < 2) return;
  const Eigen::Index split =
      std::clamp<Eigen::Index>(std::llround(background_share_ * static_cast<double>(panels)), 1, panels - 1);
  StartBackgroundProduct(a, b, c, split * kBackgroundPanel);
}

void ExactProducts::FinishBackground() {
  assert(background_);
  const std::int64_t joined = NowNs();
  Execute(Assign(0, background_rest_));
  const std::int64_t done = NowNs();
  Wait();
  background_ = false;
  // The split that would have balanced this product: the workers' rate r_w over their
  // columns since the start, this thread's r_h over the rest since it joined; both finish
  // at T when s / r_w = (n - s) / r_h + (joined - start), so s = (n / r_h + joined - start)
  // / (1 / r_w + 1 / r_h). Halfway there, within [0.5, 0.95] of the columns.
  const auto n = static_cast<double>(background_rest_.column_end);
  const auto split = static_cast<double>(background_rest_.column_begin);
  const auto worker_ns = static_cast<double>(worker_done_ns_.load(std::memory_order_relaxed) - background_start_ns_);
  const auto here_ns = static_cast<double>(done - joined);
  if (worker_ns <= 0.0 || here_ns <= 0.0) return;
  const double worker_per_column = worker_ns / split, here_per_column = here_ns / (n - split);
  const double balanced =
      (n * here_per_column + static_cast<double>(joined - background_start_ns_)) / (worker_per_column + here_per_column);
  background_share_ = std::clamp(0.5 * background_share_ + 0.5 * balanced / n, 0.5, 0.95);
}

void ExactProducts::RunShares(Job job, const void* context) {
  if (background_) {  // the workers are busy: the whole job here
    job(context, 0, 1);
    return;
  }
  const int shares = threads();
  for (int t = 0; t < shares; ++t) {
    Lane& lane = lanes_[static_cast<std::size_t>(t)];
    lane.job = job;
    lane.background = false;
    lane.context = context;
    lane.share = t;
    lane.shares = shares;
  }
  if (shares == 1) {
    Execute(lanes_[0]);
    return;
  }
  Dispatch();
}

void ExactProducts::Dispatch() {
  StartWorkers();
  Execute(lanes_[0]);
  Wait();
}

void ExactProducts::StartWorkers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.store(static_cast<int>(workers_.size()));
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  start_.notify_all();
}

void ExactProducts::Wait() {
  for (int spin = 0; spin < kSpinRounds && pending_.load(std::memory_order_acquire) != 0; ++spin) CpuRelax();
  if (pending_.load(std::memory_order_acquire) == 0) return;
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [&] { return pending_.load() == 0; });
}

void ExactProducts::Execute(const Lane& lane) const {
  if (lane.job != nullptr) {
    lane.job(lane.context, lane.share, lane.shares);
    return;
  }
  const exact_kernel::ProductTask& task = lane.task;
  if (task.column_begin >= task.column_end || task.row_begin >= task.row_end) return;
  switch (level_) {
    case SimdLevel::kAvx512: exact_kernel::ProductAvx512(task); return;
    case SimdLevel::kAvx2: exact_kernel::ProductAvx2(task); return;
    case SimdLevel::kSse2: exact_kernel::ProductSse2(task); return;
  }
}

}  // namespace polarity
