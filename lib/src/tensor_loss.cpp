// Binary cross-entropy over a data set, from the logits z (never from ŷ = σ(z)):
//
//   −y log σ(z) − (1 − y) log(1 − σ(z)) = softplus(z) − y·z,
//   softplus(z) = ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|)      (no overflow for any z)
//   ∂/∂z = σ(z) − y                                            (the deck's ŷ − y)
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "tracegrad/tensor_ops.hpp"

namespace tracegrad {

namespace {

// One sample's loss term and ∂/∂z, from its logit z and label y, with e = e^−|z| ≤ 1.
struct Term {
  double loss;
  double dz;  // σ(z) − y
};
Term bce_term(double z, double y) {
  const double e = std::exp(-std::fabs(z));
  const double sigma = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  return {std::fmax(z, 0.0) + std::log1p(e) - y * z, sigma - y};
}

void require_shape(const TensorVar& t, const Shape& shape, std::string_view what) {
  if (t.shape() != shape)
    throw std::invalid_argument(fmt::format("tracegrad: {} has shape {}, needs {}", what,
                                            shape_string(t.shape()), shape_string(shape)));
}

}  // namespace

// ---- bce_with_logits: L = (1/n) Σᵢ softplus(zᵢ) − yᵢzᵢ --------------------------------

static void bce_with_logits_backward(Tape& tape, NodeId id) {
  // ∂L/∂zᵢ = (σ(zᵢ) − yᵢ)/n,  ∂L/∂yᵢ = −zᵢ/n
  const TensorSlot& s = tape.slot(id);
  const NodeId z = s.inputs[0], y = s.inputs[1];
  std::span<const double> zs = tape.values(z), ys = tape.values(y);
  const double g = tape.grad(id) / static_cast<double>(zs.size());
  if (tape.needs_grad(z)) {
    std::span<double> sink = tape.grad_sink(z);
    for (std::size_t i = 0; i < zs.size(); ++i) sink[i] += bce_term(zs[i], ys[i]).dz * g;
  }
  if (tape.needs_grad(y)) {
    std::span<double> sink = tape.grad_sink(y);
    for (std::size_t i = 0; i < zs.size(); ++i) sink[i] -= zs[i] * g;
  }
}

Var bce_with_logits(const TensorVar& z, const TensorVar& y) {
  if (&z.tape() != &y.tape()) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  require_shape(y, z.shape(), "the labels y");
  std::span<const double> zs = z.values(), ys = y.values();
  double total = 0;
  for (std::size_t i = 0; i < zs.size(); ++i) total += bce_term(zs[i], ys[i]).loss;
  return z.tape().record(Op::bce_logits, total / static_cast<double>(zs.size()), {z.id(), y.id()},
                         bce_with_logits_backward);
}

// ---- logistic_loss: the same loss for z = Xθ, in one pass over X -----------------------
//
// NumPy computes z = X @ θ (reading X), then Xᵀ(ŷ − y) (reading X again). Here each block
// of rows is read from memory once: its logits, its loss terms, then its share of
// Σᵢ xᵢ(σ(zᵢ) − yᵢ) while the block is still in the cache. Blocks are summed in a fixed
// order, so the result does not depend on how many threads did the work.

namespace {

constexpr std::size_t kBlock = 64;            // rows per block: 64 × 16 doubles = 8 KiB
constexpr std::size_t kChunk = kBlock * 256;  // rows per unit of work handed to a thread

struct Sums {
  double loss = 0;
  std::vector<double> grad;  // Σᵢ xᵢ(σ(zᵢ) − yᵢ)
};

// Rows [begin, end) of X (d columns): their loss terms and gradient, added into `out`.
void logistic_rows(const double* X, const double* theta, const double* y, std::size_t d,
                   std::size_t begin, std::size_t end, Sums& out) {
  double z[kBlock], dz[kBlock];
  for (std::size_t b = begin; b < end; b += kBlock) {
    const std::size_t rows = std::min(kBlock, end - b);
    const double* xb = X + b * d;
    for (std::size_t r = 0; r < rows; ++r) {  // zᵢ = xᵢᵀθ
      double acc = 0;
      for (std::size_t j = 0; j < d; ++j) acc += xb[r * d + j] * theta[j];
      z[r] = acc;
    }
    for (std::size_t r = 0; r < rows; ++r) {  // loss term and σ(zᵢ) − yᵢ
      Term t = bce_term(z[r], y[b + r]);
      out.loss += t.loss;
      dz[r] = t.dz;
    }
    for (std::size_t r = 0; r < rows; ++r)  // ∇ += xᵢ(σ(zᵢ) − yᵢ), the block still in cache
      for (std::size_t j = 0; j < d; ++j) out.grad[j] += xb[r * d + j] * dz[r];
  }
}

// The whole data set, chunk by chunk, on up to two threads; chunks summed in order.
Sums logistic_pass(const double* X, const double* theta, const double* y, std::size_t n, std::size_t d) {
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<Sums> part(chunks, Sums{0.0, std::vector<double>(d, 0.0)});
  auto work = [&](std::size_t first, std::size_t step) {
    for (std::size_t c = first; c < chunks; c += step)
      logistic_rows(X, theta, y, d, c * kChunk, std::min(n, (c + 1) * kChunk), part[c]);
  };
  const std::size_t threads = chunks > 1 ? std::min<std::size_t>(2, std::thread::hardware_concurrency()) : 1;
  if (threads > 1) {
    std::thread helper(work, 1, 2);
    work(0, 2);
    helper.join();
  } else {
    work(0, 1);
  }
  Sums total{0.0, std::vector<double>(d, 0.0)};
  for (const Sums& p : part) {
    total.loss += p.loss;
    for (std::size_t j = 0; j < d; ++j) total.grad[j] += p.grad[j];
  }
  return total;
}

}  // namespace

static void logistic_loss_backward(Tape& tape, NodeId id) {
  // ∂L/∂θ = (1/n) Σᵢ xᵢ(σ(zᵢ) − yᵢ) was summed in the forward pass (saved);
  // ∂L/∂Xᵢⱼ = (σ(zᵢ) − yᵢ)θⱼ/n and ∂L/∂yᵢ = −zᵢ/n need a second pass, only when asked.
  const TensorSlot& s = tape.slot(id);
  const NodeId X = s.inputs[0], theta = s.inputs[1], y = s.inputs[2];
  const double g = tape.grad(id);
  if (tape.needs_grad(theta)) {
    std::span<double> sink = tape.grad_sink(theta);
    for (std::size_t j = 0; j < sink.size(); ++j) sink[j] += s.saved[j] * g;
  }
  if (!tape.needs_grad(X) && !tape.needs_grad(y)) return;
  std::span<const double> x = tape.values(X), th = tape.values(theta), ys = tape.values(y);
  const std::size_t n = ys.size(), d = th.size();
  std::span<double> gx = tape.grad_sink(X), gy = tape.grad_sink(y);  // empty when not needed
  const double scale = g / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i) {
    double z = 0;
    for (std::size_t j = 0; j < d; ++j) z += x[i * d + j] * th[j];
    if (!gx.empty()) {
      const double dz = bce_term(z, ys[i]).dz * scale;
      for (std::size_t j = 0; j < d; ++j) gx[i * d + j] += dz * th[j];
    }
    if (!gy.empty()) gy[i] -= z * scale;
  }
}

Var logistic_loss(const TensorVar& X, const TensorVar& theta, const TensorVar& y) {
  if (&X.tape() != &theta.tape() || &X.tape() != &y.tape())
    throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  if (X.shape().size() != 2)
    throw std::invalid_argument(fmt::format("tracegrad: logistic_loss needs a matrix X, got shape {}",
                                            shape_string(X.shape())));
  const std::size_t n = X.shape()[0], d = X.shape()[1];
  require_shape(theta, {d}, "theta");
  require_shape(y, {n}, "the labels y");
  Sums sums = logistic_pass(X.values().data(), theta.values().data(), y.values().data(), n, d);
  for (double& gj : sums.grad) gj /= static_cast<double>(n);
  return X.tape().record(Op::logistic_loss, sums.loss / static_cast<double>(n), {X.id(), theta.id(), y.id()},
                         logistic_loss_backward, std::move(sums.grad));
}

}  // namespace tracegrad
