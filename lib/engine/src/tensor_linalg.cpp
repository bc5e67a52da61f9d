// Products and reductions: z = Xθ, θᵀx, Σ, mean; and the transpose Aᵀ. Each forward is followed by its
// backward rule: how ∂L/∂(result) becomes ∂L/∂(each input).
#include <stdexcept>

#include "message.hpp"

#include "tracegrad/tensor_ops.hpp"

namespace tracegrad {

namespace {

void require_same_tape(const TensorVar& a, const TensorVar& b) {
  if (&a.tape() != &b.tape()) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
}

// The local derivative of a product is the other factor's values, in its shape:
//   dot:    ∂(aᵀb)/∂a = b, ∂(aᵀb)/∂b = a;
//   matvec: ∂zᵢ/∂θⱼ = Xᵢⱼ (the Jacobian ∂z/∂θ is X itself, [n, d]), and ∂zᵢ/∂Xᵢⱼ = θⱼ
//           (the same θ for every row i; ∂zᵢ/∂Xₖⱼ = 0 for k ≠ i), [d].
Tensor other_input(const Tape& tape, NodeId id, std::size_t k) {
  const NodeId other = tape.slot(id).inputs[1 - k];
  std::span<const double> v = tape.values(other);
  return Tensor{tape.shape(other), {v.begin(), v.end()}};
}

}  // namespace

// ---- matvec: z = Xθ, zᵢ = Σⱼ Xᵢⱼ θⱼ ---------------------------------------------

static void matvec_backward(Tape& tape, NodeId id) {
  // ∂L/∂θⱼ = Σᵢ Xᵢⱼ ∂L/∂zᵢ   (θ's gradient is Xᵀ·∂L/∂z)
  // ∂L/∂Xᵢⱼ = ∂L/∂zᵢ · θⱼ   (X's gradient, when X is a param, is ∂L/∂z θᵀ)
  const TensorSlot& s = tape.slot(id);
  const NodeId X = s.inputs[0], theta = s.inputs[1];
  std::span<const double> x = tape.values(X), th = tape.values(theta);
  const std::size_t n = s.grad.size(), d = th.size();
  if (tape.needs_grad(theta)) {
    std::span<double> sink = tape.grad_sink(theta);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < d; ++j) sink[j] += x[i * d + j] * s.grad[i];
  }
  if (tape.needs_grad(X)) {
    std::span<double> sink = tape.grad_sink(X);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < d; ++j) sink[i * d + j] += s.grad[i] * th[j];
  }
}

// zᵢ = Σⱼ Xᵢⱼ θⱼ
static void matvec_forward(const Tape& tape, NodeId id, TensorOut out) {
  const TensorSlot& s = tape.slot(id);
  std::span<const double> x = tape.values(s.inputs[0]), th = tape.values(s.inputs[1]);
  const std::size_t d = th.size();
  for (std::size_t i = 0; i < out.values.size(); ++i) {
    double z = 0;
    for (std::size_t j = 0; j < d; ++j) z += x[i * d + j] * th[j];
    out.values[i] = z;
  }
}

TensorVar matvec(const TensorVar& X, const TensorVar& theta) {
  require_same_tape(X, theta);
  const Shape& xs = X.shape();
  if (xs.size() != 2 || theta.shape() != Shape{xs[1]})
    throw std::invalid_argument(detail::message("tracegrad: matvec of shapes ", shape_string(xs), " and ",
                                                shape_string(theta.shape()), " (needs [n, d] and [d])"));
  return X.tape().record(Op::matvec, {xs[0]}, {X.id(), theta.id()}, {matvec_forward, matvec_backward, other_input});
}

// ---- dot: aᵀb = Σᵢ aᵢ bᵢ ------------------------------------------------------------

static void dot_backward(Tape& tape, NodeId id) {
  // ∂(aᵀb)/∂aᵢ = bᵢ, ∂(aᵀb)/∂bᵢ = aᵢ
  const TensorSlot& s = tape.slot(id);
  const double g = tape.grad(id);
  for (int k = 0; k < 2; ++k) {
    NodeId self = s.inputs[k], other = s.inputs[1 - k];
    if (!tape.needs_grad(self)) continue;
    std::span<double> sink = tape.grad_sink(self);
    std::span<const double> o = tape.values(other);
    for (std::size_t i = 0; i < sink.size(); ++i) sink[i] += o[i] * g;
  }
}

// aᵀb = Σᵢ aᵢ bᵢ
static void dot_forward(const Tape& tape, NodeId id, TensorOut out) {
  const TensorSlot& s = tape.slot(id);
  std::span<const double> x = tape.values(s.inputs[0]), y = tape.values(s.inputs[1]);
  double v = 0;
  for (std::size_t i = 0; i < x.size(); ++i) v += x[i] * y[i];
  out.value = v;
}

Var dot(const TensorVar& a, const TensorVar& b) {
  require_same_tape(a, b);
  if (a.shape().size() != 1 || a.shape() != b.shape())
    throw std::invalid_argument(detail::message("tracegrad: dot of shapes ", shape_string(a.shape()), " and ",
                                                shape_string(b.shape()), " (needs two vectors of one length)"));
  return a.tape().record(Op::dot, {a.id(), b.id()}, {dot_forward, dot_backward, other_input});
}

// ---- sum and mean: every element counts once (or 1/n) ---------------------------------

static void sum_backward(Tape& tape, NodeId id) {
  // ∂(Σ aᵢ)/∂aᵢ = 1; a mean saved its 1/n
  const TensorSlot& s = tape.slot(id);
  const double g = tape.grad(id) * s.saved[0];
  for (double& sink : tape.grad_sink(s.inputs[0])) sink += g;
}

// ∂(Σ aᵢ)/∂aᵢ = 1, ∂(mean a)/∂aᵢ = 1/n: the saved scale, in the input's shape.
static Tensor sum_local(const Tape& tape, NodeId id, std::size_t) {
  const TensorSlot& s = tape.slot(id);
  return Tensor::filled(tape.shape(s.inputs[0]), s.saved[0]);
}

// Σ aᵢ times the saved scale (1, or 1/n for a mean)
static void sum_forward(const Tape& tape, NodeId id, TensorOut out) {
  double total = 0;
  for (double x : tape.values(tape.slot(id).inputs[0])) total += x;
  out.value = total * out.saved[0];
}

static Var reduce(Op op, const TensorVar& a, double scale) {
  return a.tape().record(op, {a.id()}, {sum_forward, sum_backward, sum_local}, {scale});
}

Var sum(const TensorVar& a) { return reduce(Op::sum, a, 1.0); }
Var mean(const TensorVar& a) { return reduce(Op::mean, a, 1.0 / static_cast<double>(a.size())); }

// ---- transpose: (Aᵀ)ᵢⱼ = Aⱼᵢ ------------------------------------------------------------

static void transpose_backward(Tape& tape, NodeId id) {
  // ∂L/∂Aⱼᵢ = ∂L/∂(Aᵀ)ᵢⱼ, Aᵀ of shape [rows, cols]
  const TensorSlot& s = tape.slot(id);
  if (!tape.needs_grad(s.inputs[0])) return;
  std::span<double> sink = tape.grad_sink(s.inputs[0]);
  const std::size_t rows = s.shape[0], cols = s.shape[1];
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) sink[j * rows + i] += s.grad[i * cols + j];
}

// ∂(Aᵀ)ᵢⱼ/∂Aⱼᵢ = 1: each element moves to its new place unchanged (ones of A's shape).
static Tensor transpose_local(const Tape& tape, NodeId id, std::size_t) {
  return Tensor::filled(tape.shape(tape.slot(id).inputs[0]), 1.0);
}

// (Aᵀ)ᵢⱼ = Aⱼᵢ, A of shape [rows, cols] (a vector: one column)
static void transpose_forward(const Tape& tape, NodeId id, TensorOut out) {
  const Shape& shape = tape.slot(id).shape;  // [cols, rows]
  const std::size_t cols = shape[0], rows = shape[1];
  std::span<const double> x = tape.values(tape.slot(id).inputs[0]);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < cols; ++j) out.values[j * rows + i] = x[i * cols + j];
}

TensorVar transpose(const TensorVar& a) {
  const Shape& shape = a.shape();
  if (shape.empty() || shape.size() > 2)
    throw std::invalid_argument(detail::message("tracegrad: transpose of shape ", shape_string(shape),
                                                " (needs a vector or a matrix)"));
  const std::size_t rows = shape[0], cols = shape.size() == 2 ? shape[1] : 1;  // a vector is a column
  return a.tape().record(Op::transpose, {cols, rows}, {a.id()}, {transpose_forward, transpose_backward, transpose_local});
}

}  // namespace tracegrad
