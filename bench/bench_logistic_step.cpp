// One full-batch logistic-regression step (loss and ∇θ) on N × d doubles, timed; and the
// machine's read bandwidth over the same data. Prints "key value" lines that
// bench/numpy_step.py reads and sets beside NumPy's time for the same step.
//
//   bench_logistic_step [--rows N] [--cols D] [--repeats R]
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <sys/resource.h>

#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

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
double read_seconds(const std::vector<double>& x, int threads) {
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

std::size_t flag(int argc, char** argv, const std::string& name, std::size_t fallback) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return std::strtoull(argv[i + 1], nullptr, 10);
  return fallback;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = flag(argc, argv, "--rows", 1'000'000), d = flag(argc, argv, "--cols", 16);
  const std::size_t repeats = std::max<std::size_t>(1, flag(argc, argv, "--repeats", 9));

  // Data: X ~ N(0, 1), labels drawn from a logistic model, θ small.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal;
  std::vector<double> X(n * d), y(n), theta(d);
  for (double& x : X) x = normal(rng);
  for (double& t : theta) t = 0.1 * normal(rng);
  std::uniform_real_distribution<double> uniform;
  for (std::size_t i = 0; i < n; ++i) y[i] = uniform(rng) < tg::sigmoid(X[i * d] - X[i * d + 1]) ? 1.0 : 0.0;

  tg::Tape tape;
  auto Xv = tape.input("X", {n, d}, X);  // borrowed: no copy of the data set
  auto yv = tape.label("y", {n}, y);
  auto th = tape.param("theta", tg::Tensor::vector(theta));
  const auto leaves = tape.mark();

  std::vector<double> step, read;
  double loss = 0;
  for (std::size_t r = 0; r < repeats; ++r) {
    tape.rewind(leaves);
    auto t0 = Clock::now();
    auto L = tg::logistic_loss(Xv, th, yv);
    L.backward();
    step.push_back(seconds_since(t0));
    loss = L.value();
  }
  const int threads = static_cast<int>(std::min(2u, std::max(1u, std::thread::hardware_concurrency())));
  for (std::size_t r = 0; r < repeats; ++r) read.push_back(read_seconds(X, threads));

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double x_bytes = static_cast<double>(X.size() * sizeof(double));
  const double data_bytes = x_bytes + static_cast<double>(y.size() * sizeof(double));
  fmt::print("rows {}\ncols {}\nthreads {}\nrepeats {}\n", n, d, threads, repeats);
  fmt::print("step_seconds {}\n", fmt::join(step, " "));
  fmt::print("step_median {:.6f}\n", median(step));
  fmt::print("read_median {:.6f}\n", median(read));
  fmt::print("step_gb_per_s {:.2f}\n", data_bytes / median(step) / 1e9);
  fmt::print("read_gb_per_s {:.2f}\n", x_bytes / median(read) / 1e9);
  fmt::print("data_bytes {:.0f}\n", data_bytes);
  fmt::print("peak_rss_bytes {}\n", static_cast<long long>(usage.ru_maxrss) * 1024);
  fmt::print("loss {:.17g}\n", loss);
  fmt::print("grad0 {:.17g}\n", th.grad()[0]);
  return 0;
}
