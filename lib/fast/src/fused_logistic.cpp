// fused_logistic_loss: the mean binary cross-entropy of z = Xθ in one pass over X.
//
// NumPy computes z = X @ θ (reading X), then Xᵀ(ŷ − y) (reading X again). Here each block
// of rows is read from memory once: its logits, its loss terms, then its share of
// Σᵢ xᵢ(σ(zᵢ) − yᵢ) while the block is still in the cache. Blocks are summed in a fixed
// order, so the result does not depend on how many threads did the work.
#include "tracegrad/fused_logistic.hpp"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "tracegrad/rules.hpp"
#include "tracegrad/tensor_ops.hpp"

// glibc's vector math library (libmvec) has exp and log1p for 2, 4 and 8 doubles at a time,
// within 1 ulp of the scalar ones, and the loops below call them for a block's rows at once:
// clang finds exp by itself (-fveclib=libmvec), GCC by the `simd` declarations (-fopenmp-simd);
// -fno-math-errno, no -ffast-math: every other rounding stays IEEE (CMakeLists.txt).
#if defined(__x86_64__) && defined(__GLIBC__) && defined(TRACEGRAD_LIBMVEC) && defined(__clang__)
#define TRACEGRAD_SIMD_LOOP _Pragma("clang loop vectorize(enable)")  // exp: -fveclib=libmvec (CMakeLists.txt)
#elif defined(__x86_64__) && defined(__GLIBC__) && defined(TRACEGRAD_LIBMVEC)
extern "C" {
__attribute__((simd("notinbranch"))) double exp(double) noexcept;
__attribute__((simd("notinbranch"))) double log1p(double) noexcept;
}
#define TRACEGRAD_SIMD_LOOP _Pragma("omp simd")
#else
#define TRACEGRAD_SIMD_LOOP  // no vector exp/log here: the loop calls libm row by row
#endif

namespace tracegrad {

namespace {

// Rows per block: 32 × 16 doubles = 4 KiB, in L1. Its prefetches go out while its z is computed,
// so shorter blocks spread them more evenly over the time exp takes (32 rows measured faster than 64).
constexpr std::size_t kBlock = 32;
constexpr std::size_t kChunk = kBlock * 512;  // rows per unit of work handed to a thread
static_assert(kBlock % 8 == 0, "the loss is summed in eight lanes (add_loss)");
constexpr std::size_t kAhead = 128;           // rows asked for ahead of use: 16 KiB at d = 16

struct Sums {
  double loss = 0;
  std::vector<double> grad;  // Σᵢ xᵢ(σ(zᵢ) − yᵢ)
};

// Four doubles that +, − and × act on lane by lane (a GCC and Clang vector extension): one
// AVX register in the AVX2 and AVX-512 builds below, two SSE2 registers in the portable one.
typedef double Lanes __attribute__((vector_size(4 * sizeof(double))));
// Eight, for the loss: one AVX-512 register, two AVX ones, four SSE2 ones.
typedef double Octet __attribute__((vector_size(8 * sizeof(double))));

// Any four consecutive doubles (of X, θ, a block's terms) into v. Copied, not cast: they need
// not sit on a 32-byte boundary, and a cast lets the compiler assume they do (clang's portable
// build then faulted on an aligned load). By reference, not returned: a 32-byte vector is
// returned differently with and without AVX, and the portable copy has none.
template <class V>
[[gnu::always_inline]] inline void load(V& v, const double* p) { std::memcpy(&v, p, sizeof v); }
// s += the four doubles at p, times m (four lanes or one number).
template <class M>
[[gnu::always_inline]] inline void add_times(Lanes& s, const double* p, const M& m) {
  Lanes v;
  load(v, p);
  s += v * m;
}

// zᵣ = xᵣᵀθ for a block's rows, four rows at a time. Each row sums its products in four lanes
// (columns j ≡ 0, 1, 2, 3 mod 4), and the four rows' sums do not depend on one another, so
// no multiply-add waits for the one before it; each row's lanes are added at the end.
// Meanwhile the same rows of two later blocks are asked for (a prefetch per 64-byte line):
// those kAhead rows on (`far`) into L2, since the hardware's own prefetcher stops at every
// 4 KiB page and without this memory would sit idle while exp runs; and the next block's
// (`next`) on into L1, so that its z does not wait for L2. (Only the far ones, or only the next
// ones, measured slower; so did the far ones into L1.)
[[gnu::always_inline]] inline void dot_rows(const double* x, const double* next, const double* far, const double* theta,
                                            std::size_t rows, std::size_t d, double* z) {
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const double* xr = x + r * d;
    for (std::size_t k = 0; k < 4 * d; k += 8) {
      __builtin_prefetch(far + r * d + k, 0, 1);
      __builtin_prefetch(next + r * d + k, 0, 3);
    }
    Lanes s0{}, s1{}, s2{}, s3{};
    std::size_t j = 0;
    for (; j + 4 <= d; j += 4) {
      Lanes t;
      load(t, theta + j);
      add_times(s0, xr + j, t);
      add_times(s1, xr + d + j, t);
      add_times(s2, xr + 2 * d + j, t);
      add_times(s3, xr + 3 * d + j, t);
    }
    // Each row's lanes added, (a₀ + a₁) + (a₂ + a₃), for the four rows at once: [Σ s0, …, Σ s3]
    const Lanes h01 = __builtin_shufflevector(s0, s1, 0, 4, 2, 6) + __builtin_shufflevector(s0, s1, 1, 5, 3, 7);
    const Lanes h23 = __builtin_shufflevector(s2, s3, 0, 4, 2, 6) + __builtin_shufflevector(s2, s3, 1, 5, 3, 7);
    const Lanes z4 = __builtin_shufflevector(h01, h23, 0, 1, 4, 5) + __builtin_shufflevector(h01, h23, 2, 3, 6, 7);
    std::memcpy(z + r, &z4, sizeof z4);
    for (; j < d; ++j)  // the last d mod 4 columns
      for (std::size_t k = 0; k < 4; ++k) z[r + k] += xr[k * d + j] * theta[j];
  }
  for (; r < rows; ++r) {  // the last rows mod 4 (only in the data set's last block)
    z[r] = 0;
    for (std::size_t j = 0; j < d; ++j) z[r] += x[r * d + j] * theta[j];
  }
}

// g += Σᵣ xᵣ·dzᵣ over a block's rows, four columns (one Lanes) at a time: the rows are added
// into four running sums (rows r ≡ 0, 1, 2, 3 mod 4, independent as above), then into g once.
[[gnu::always_inline]] inline void add_rows(double* g, const double* x, const double* dz, std::size_t rows, std::size_t d) {
  std::size_t j = 0;
  for (; j + 4 <= d; j += 4) {
    Lanes s0{}, s1{}, s2{}, s3{};
    std::size_t r = 0;
    for (; r + 4 <= rows; r += 4) {
      const double* xr = x + r * d + j;
      add_times(s0, xr, dz[r]);
      add_times(s1, xr + d, dz[r + 1]);
      add_times(s2, xr + 2 * d, dz[r + 2]);
      add_times(s3, xr + 3 * d, dz[r + 3]);
    }
    for (; r < rows; ++r) add_times(s0, x + r * d + j, dz[r]);
    const Lanes s = (s0 + s1) + (s2 + s3);
    for (std::size_t k = 0; k < 4; ++k) g[j + k] += s[k];
  }
  for (; j < d; ++j)  // the last d mod 4 columns
    for (std::size_t r = 0; r < rows; ++r) g[j] += x[r * d + j] * dz[r];
}

// The loss terms of a block's rows (padded with zeros to a multiple of 8) added into loss, in
// eight lanes (rows r ≡ 0 … 7 mod 8). A term is max(z, 0) − y·z + ln(1 + eᵣ), and
//   Σᵣ ln(1 + eᵣ) = ln Πᵣ (1 + eᵣ),
// so each lane takes one log1p for its rows instead of one log per row. With Π (1 + eᵣ) = 1 + q,
// q grows as q ← q + eᵣ(1 + q): every term is positive, so q keeps its relative precision even
// where every eᵣ is tiny (a product of the rounded 1 + eᵣ would not), and a lane's kBlock / 8 = 4
// factors of at most 2 keep q ≤ 15.
[[gnu::always_inline]] inline void add_loss(Octet& loss, const double* term, const double* e, std::size_t rows) {
  Octet q{}, v;
  for (std::size_t r = 0; r < rows; r += 8) {
    load(v, term + r);
    loss += v;
    load(v, e + r);
    q += v * (1.0 + q);
  }
  double lane[8];
  std::memcpy(lane, &q, sizeof lane);
TRACEGRAD_SIMD_LOOP
  for (std::size_t k = 0; k < 8; ++k) lane[k] = std::log1p(lane[k]);
  load(v, lane);
  loss += v;
}

// Compiled three times (target_clones), one chosen when the program starts: for AVX-512
// machines, for AVX2 ones (with FMA: GCC) and for any x86-64. GCC names the levels; clang 14
// reads arch= as a CPU model (none is "x86-64-v4", so it would always choose the last) and gets
// features instead: avx512f brings AVX2 and FMA along. Off x86-64 (the browser's wasm, ARM)
// it is compiled once.
#if defined(__x86_64__) && defined(__clang__)
#define TRACEGRAD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#elif defined(__x86_64__)
#define TRACEGRAD_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define TRACEGRAD_CLONES
#endif

// Rows [begin, end) of X (d columns): their loss terms and gradient, added into `out`, exp
// 8 rows at a time on AVX-512 (GCC; clang 4), 4 on AVX2, 2 elsewhere (TRACEGRAD_CLONES).
// Where there is FMA, x·θ + s is rounded once instead of twice: the sums differ from the
// portable build's in the last bits (the tests hold both within 1e-12 of the scalar rule).
TRACEGRAD_CLONES
void logistic_rows(const double* X, const double* theta, const double* y, std::size_t d,
                   std::size_t begin, std::size_t end, Sums& out) {
  double z[kBlock], term[kBlock], e[kBlock], dz[kBlock];
  Octet loss{};
  for (std::size_t b = begin; b < end; b += kBlock) {
    const std::size_t rows = std::min(kBlock, end - b), padded = (rows + 7) / 8 * 8;
    const double* xb = X + b * d;
    // `rows` rows from `ahead` rows on, for a prefetch: never past this chunk
    auto later = [&](std::size_t ahead) { return X + std::min(b + ahead, end - rows) * d; };
    dot_rows(xb, later(kBlock), later(kAhead), theta, rows, d, z);  // zᵢ = xᵢᵀθ
TRACEGRAD_SIMD_LOOP
    for (std::size_t r = 0; r < rows; ++r) {  // e^−|zᵢ| and σ(zᵢ) − yᵢ, several rows at once
      const rule::BceExp t = rule::bce_exp(z[r], y[b + r]);
      term[r] = (z[r] > 0 ? z[r] : 0.0) - y[b + r] * z[r];  // the loss term but ln(1 + e)
      e[r] = t.e;
      dz[r] = t.dz;
    }
    std::fill(term + rows, term + padded, 0.0);  // ln(1 + 0) = 0: the padding adds nothing
    std::fill(e + rows, e + padded, 0.0);
    add_loss(loss, term, e, padded);
    add_rows(out.grad.data(), xb, dz, rows, d);  // ∇ += xᵢ(σ(zᵢ) − yᵢ), the block still in L1
  }
  double lane[8];
  std::memcpy(lane, &loss, sizeof lane);
  out.loss += ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

// The whole data set, chunk by chunk, on up to two threads: each takes the next chunk
// not yet done (a thread slowed by a busy machine just does fewer). Each chunk keeps its
// own sums, added up in chunk order, so the result is the same on any number of threads.
Sums logistic_pass(const double* X, const double* theta, const double* y, std::size_t n, std::size_t d) {
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<Sums> part(chunks, Sums{0.0, std::vector<double>(d, 0.0)});
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t c = next++; c < chunks; c = next++)
      logistic_rows(X, theta, y, d, c * kChunk, std::min(n, (c + 1) * kChunk), part[c]);
  };
  if (chunks > 1 && std::thread::hardware_concurrency() > 1) {
    std::thread helper(work);
    work();
    helper.join();
  } else {
    work();
  }
  Sums total{0.0, std::vector<double>(d, 0.0)};
  for (const Sums& p : part) {
    total.loss += p.loss;
    for (std::size_t j = 0; j < d; ++j) total.grad[j] += p.grad[j];
  }
  return total;
}

}  // namespace

// ∂L/∂Xᵢⱼ = (σ(zᵢ) − yᵢ)θⱼ/n into gx and ∂L/∂yᵢ = −zᵢ/n into gy (each skipped when empty),
// times `scale`: a second pass over X, made only when asked.
static void add_row_partials(const Tape& tape, NodeId id, double scale, std::span<double> gx, std::span<double> gy) {
  const TensorSlot& s = tape.slot(id);
  std::span<const double> x = tape.values(s.inputs[0]), th = tape.values(s.inputs[1]), ys = tape.values(s.inputs[2]);
  const std::size_t n = ys.size(), d = th.size();
  const double g = scale / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    double z = 0;
    for (std::size_t j = 0; j < d; ++j) z += x[i * d + j] * th[j];
    rule::BceTerm t = rule::bce_logit(z, ys[i]);
    if (!gx.empty())
      for (std::size_t j = 0; j < d; ++j) gx[i * d + j] += t.dz * g * th[j];
    if (!gy.empty()) gy[i] += t.dy * g;
  }
}

// ∂L/∂θ = (1/n) Σᵢ xᵢ(σ(zᵢ) − yᵢ) was summed in the forward pass (saved).
static void fused_logistic_loss_backward(Tape& tape, NodeId id) {
  const TensorSlot& s = tape.slot(id);
  const NodeId X = s.inputs[0], theta = s.inputs[1], y = s.inputs[2];
  const double g = tape.grad(id);
  if (tape.needs_grad(theta)) {
    std::span<double> sink = tape.grad_sink(theta);
    for (std::size_t j = 0; j < sink.size(); ++j) sink[j] += s.saved[j] * g;
  }
  if (tape.needs_grad(X) || tape.needs_grad(y))
    add_row_partials(tape, id, g, tape.grad_sink(X), tape.grad_sink(y));  // empty when not needed
}

// k = 0: ∂L/∂X, [n, d]; k = 1: ∂L/∂θ (saved), [d]; k = 2: ∂L/∂y, [n].
static Tensor fused_logistic_loss_local(const Tape& tape, NodeId id, std::size_t k) {
  const TensorSlot& s = tape.slot(id);
  if (k == 1) return Tensor{tape.shape(s.inputs[1]), s.saved};
  Tensor out = Tensor::filled(tape.shape(s.inputs[k]), 0.0);
  add_row_partials(tape, id, 1.0, k == 0 ? std::span<double>(out.data) : std::span<double>(),
                   k == 2 ? std::span<double>(out.data) : std::span<double>());
  return out;
}

// The loss, and ∂L/∂θ = (1/n) Σᵢ xᵢ(σ(zᵢ) − yᵢ) saved for the backward rule: one pass over X.
static void fused_logistic_loss_forward(const Tape& tape, NodeId id, TensorOut out) {
  const TensorSlot& s = tape.slot(id);
  std::span<const double> x = tape.values(s.inputs[0]), th = tape.values(s.inputs[1]), ys = tape.values(s.inputs[2]);
  const std::size_t n = ys.size(), d = th.size();
  Sums sums = logistic_pass(x.data(), th.data(), ys.data(), n, d);
  for (double& gj : sums.grad) gj /= static_cast<double>(n);
  out.value = sums.loss / static_cast<double>(n);
  out.saved = std::move(sums.grad);
}

Var fused_logistic_loss(const TensorVar& X, const TensorVar& theta, const TensorVar& y) {
  if (&X.tape() != &theta.tape() || &X.tape() != &y.tape())
    throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  if (X.shape().size() != 2)
    throw std::invalid_argument("tracegrad: fused_logistic_loss needs a matrix X, got shape " +
                                shape_string(X.shape()));
  const std::size_t n = X.shape()[0], d = X.shape()[1];
  require_shape(theta, {d}, "theta");
  require_shape(y, {n}, "the labels y");
  return X.tape().record(Op::fused_logistic_loss, {X.id(), theta.id(), y.id()},
                         {fused_logistic_loss_forward, fused_logistic_loss_backward, fused_logistic_loss_local});
}

}  // namespace tracegrad
