// One full-batch logistic-regression step (loss and ∇θ) on N × d doubles, timed; and the
// machine's read bandwidth over the same data. Prints "key value" lines that
// bench/numpy_step.py reads and sets beside NumPy's time for the same step.
//
//   bench_logistic_step [--rows N] [--cols D] [--repeats R] [--data FILE]
//
// FILE holds raw little-endian doubles: X (N×D, row-major), then y (N), then θ (D);
// without it the data is drawn here (X ~ N(0, 1), labels from a logistic model).
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <new>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "tracegrad/tracegrad.hpp"
#include <tracegrad/fused_logistic.hpp>

namespace tg = tracegrad;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// CPU seconds used so far by all of this process's threads.
double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

// Memory for the data set in 2 MiB pages where the kernel gives them (transparent huge pages,
// asked for with madvise, as NumPy asks for its large arrays): one TLB entry then covers 2 MiB,
// not 4 KiB. The step and the plain sum read the same buffers, so both figures gain alike.
template <class T>
struct HugePages {
  using value_type = T;
  static constexpr std::size_t kPage = std::size_t{2} << 20;
  HugePages() = default;
  template <class U>
  HugePages(const HugePages<U>&) {}
  T* allocate(std::size_t n) {
    const std::size_t bytes = (n * sizeof(T) + kPage - 1) / kPage * kPage;
    void* p = std::aligned_alloc(kPage, bytes);
    if (!p) throw std::bad_alloc();
    madvise(p, bytes, MADV_HUGEPAGE);  // a hint: where refused, the pages stay 4 KiB
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  template <class U>
  bool operator==(const HugePages<U>&) const { return true; }
};
using Doubles = std::vector<double, HugePages<double>>;

// Σ over [begin, end) with eight independent sums, so memory (not the adder) is the limit.
double sum_range(const double* x, std::size_t begin, std::size_t end) {
  double acc[8] = {};
  std::size_t i = begin;
  for (; i + 8 <= end; i += 8)
    for (int k = 0; k < 8; ++k) acc[k] += x[i + k];
  for (; i < end; ++i) acc[0] += x[i];
  double total = 0;
  for (double a : acc) total += a;
  return total;
}

// The read bandwidth: a plain sum over the array, on as many threads as the step uses.
double read_seconds(std::span<const double> x, int threads) {
  auto t0 = Clock::now();
  double halves[2] = {};
  const std::size_t mid = threads > 1 ? x.size() / 2 : x.size();
  std::thread helper;
  if (threads > 1) helper = std::thread([&] { halves[1] = sum_range(x.data(), mid, x.size()); });
  halves[0] = sum_range(x.data(), 0, mid);
  if (helper.joinable()) helper.join();
  double s = seconds_since(t0);
  if (halves[0] + halves[1] == 42.0) fmt::print("#\n");  // keeps the sum from being optimized away
  return s;
}

// This process's peak resident memory (VmHWM), in bytes. Unlike getrusage's ru_maxrss it
// does not include the parent's pages from before exec (a Python parent holding the data).
long long peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string key;
  long long kib = -1;
  while (status >> key) {
    if (key == "VmHWM:") {
      status >> kib;
      break;
    }
  }
  return kib * 1024;
}

const char* option(int argc, char** argv, const std::string& name) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return nullptr;
}

std::size_t flag(int argc, char** argv, const std::string& name, std::size_t fallback) {
  const char* v = option(argc, argv, name);
  return v ? std::strtoull(v, nullptr, 10) : fallback;
}

void draw(Doubles& X, Doubles& y, std::vector<double>& theta) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  const std::size_t d = theta.size();
  for (double& x : X) x = normal(rng);
  for (double& t : theta) t = 0.1 * normal(rng);
  for (std::size_t i = 0; i < y.size(); ++i)
    y[i] = uniform(rng) < tg::sigmoid(X[i * d] - X[i * d + d - 1]) ? 1.0 : 0.0;
}

bool read_into(std::FILE* f, std::span<double> v) { return std::fread(v.data(), sizeof(double), v.size(), f) == v.size(); }

bool load(const char* path, Doubles& X, Doubles& y, std::vector<double>& theta) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  bool ok = read_into(f, X) && read_into(f, y) && read_into(f, theta);
  std::fclose(f);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = flag(argc, argv, "--rows", 1'000'000), d = flag(argc, argv, "--cols", 16);
  const std::size_t repeats = std::max<std::size_t>(1, flag(argc, argv, "--repeats", 9));

  Doubles X(n * d), y(n);
  std::vector<double> theta(d);
  if (const char* path = option(argc, argv, "--data")) {
    if (!load(path, X, y, theta)) {
      fmt::print(stderr, "bench_logistic_step: cannot read {} doubles from {}\n", X.size() + y.size() + d, path);
      return 2;
    }
  } else {
    draw(X, y, theta);
  }

  tg::Tape tape;
  auto Xv = tape.input("X", {n, d}, X);  // borrowed: no copy of the data set
  auto yv = tape.label("y", {n}, y);
  auto th = tape.param("theta", tg::Tensor::vector(theta));
  const auto leaves = tape.mark();

  std::vector<double> step, cpu, read;
  double loss = 0;
  for (std::size_t r = 0; r < repeats; ++r) {
    tape.rewind(leaves);
    auto t0 = Clock::now();
    double c0 = cpu_seconds();
    auto L = tg::fused_logistic_loss(Xv, th, yv);
    L.backward();
    step.push_back(seconds_since(t0));
    cpu.push_back(cpu_seconds() - c0);
    loss = L.value();
  }
  const int threads = static_cast<int>(std::min(2u, std::max(1u, std::thread::hardware_concurrency())));
  for (std::size_t r = 0; r < repeats; ++r) read.push_back(read_seconds(X, threads));

  const double x_bytes = static_cast<double>(X.size() * sizeof(double));
  const double data_bytes = x_bytes + static_cast<double>(y.size() * sizeof(double));
  fmt::print("rows {}\ncols {}\nthreads {}\nrepeats {}\n", n, d, threads, repeats);
  fmt::print("step_seconds {}\n", fmt::join(step, " "));
  fmt::print("step_median {:.6f}\n", median(step));
  fmt::print("step_cpu_median {:.6f}\n", median(cpu));
  fmt::print("read_median {:.6f}\n", median(read));
  fmt::print("step_gb_per_s {:.2f}\n", data_bytes / median(step) / 1e9);
  fmt::print("read_gb_per_s {:.2f}\n", x_bytes / median(read) / 1e9);
  fmt::print("data_bytes {:.0f}\n", data_bytes);
  fmt::print("peak_rss_bytes {}\n", peak_rss_bytes());
  fmt::print("tape_nodes {}\n", tape.size());  // X, y, θ and the loss: no per-sample node
  fmt::print("loss {:.17g}\n", loss);
  fmt::print("grad {:.17g}\n", fmt::join(th.grad(), " "));
  return 0;
}
