// Element-wise ops on vectors and matrices: each element follows the scalar op's rule
// (rules.hpp), and one backward rule below applies the chain rule to all of them.
#include <cmath>
#include <stdexcept>

#include "message.hpp"
#include "tracegrad/rules.hpp"
#include "tracegrad/tensor_ops.hpp"

namespace tracegrad {

namespace {

// ∂L/∂inputₖ += ∂resultᵢ/∂inputₖ · ∂L/∂resultᵢ, element by element (the chain rule).
// The local derivatives were saved at record time, input 0's n values then input 1's.
// A scalar broadcast to every element collects the sum over the elements.
void elementwise_backward(Tape& tape, NodeId id) {
  const TensorSlot& s = tape.slot(id);
  const std::size_t n = s.grad.size();
  for (std::size_t k = 0; k < s.inputs.size(); ++k) {
    const NodeId in = s.inputs[k];
    if (!tape.needs_grad(in)) continue;
    const double* partial = s.saved.data() + k * n;
    if (tape.is_tensor(in)) {
      std::span<double> sink = tape.grad_sink(in);
      for (std::size_t i = 0; i < n; ++i) sink[i] += partial[i] * s.grad[i];
    } else {
      double total = 0;
      for (std::size_t i = 0; i < n; ++i) total += partial[i] * s.grad[i];
      tape.add_grad(in, total);
    }
  }
}

// ∂resultᵢ/∂inputₖ for every element i, as saved: the output's shape (a broadcast scalar
// input too: its partial for each element).
Tensor elementwise_local(const Tape& tape, NodeId id, std::size_t k) {
  const TensorSlot& s = tape.slot(id);
  const std::size_t n = s.size();
  auto first = s.saved.begin() + static_cast<std::ptrdiff_t>(k * n);
  return Tensor{s.shape, std::vector<double>(first, first + static_cast<std::ptrdiff_t>(n))};
}

// One input of a binary op: a tensor's elements, or one scalar repeated.
struct Operand {
  const double* data;  // nullptr for a scalar
  double scalar;
  double at(std::size_t i) const { return data ? data[i] : scalar; }
};
Operand operand(const Tape& tape, NodeId id) {
  if (tape.is_tensor(id)) return {tape.values(id).data(), 0.0};
  return {nullptr, tape.value(id)};
}

// resultᵢ and its local derivatives ∂resultᵢ/∂inputₖ, element by element, by the op's rule
// (rule::of, rules.hpp): saved holds input 0's n partials, then input 1's.
void elementwise_forward(const Tape& tape, NodeId id, TensorOut out) {
  const TensorSlot& s = tape.slot(id);
  const Op op = tape.node(id).op;
  const std::size_t n = out.values.size();
  const Operand a = operand(tape, s.inputs[0]);
  const Operand b = s.inputs.size() == 2 ? operand(tape, s.inputs[1]) : Operand{nullptr, 0.0};
  out.saved.resize(s.inputs.size() * n);
  for (std::size_t i = 0; i < n; ++i) {
    const rule::Binary r = rule::of(op, a.at(i), b.at(i));
    out.values[i] = r.value;
    out.saved[i] = r.da;
    if (s.inputs.size() == 2) out.saved[n + i] = r.db;
  }
}

constexpr TensorRule elementwise_rule{elementwise_forward, elementwise_backward, elementwise_local};

TensorVar unary(Op op, const TensorVar& a) {
  return a.tape().record(op, a.shape(), {a.id()}, elementwise_rule);
}

// Both tensors of one shape, or one of them a scalar broadcast to every element.
const Shape& result_shape(Op op, const TensorVar& a, const TensorVar& b) {
  if (&a.tape() != &b.tape()) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  if (a.shape() != b.shape())
    throw std::invalid_argument(detail::message("tracegrad: ", op_name(op), " of shapes ", shape_string(a.shape()),
                                                " and ", shape_string(b.shape())));
  return a.shape();
}
const Shape& result_shape(Op, const TensorVar& a, const Var& s) {
  if (&a.tape() != &s.tape()) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  (void)s.live();
  return a.shape();
}
const Shape& result_shape(Op op, const Var& s, const TensorVar& a) { return result_shape(op, a, s); }

template <class A, class B>
TensorVar binary(Op op, const A& lhs, const B& rhs) {
  const Shape& shape = result_shape(op, lhs, rhs);
  return lhs.tape().record(op, shape, {lhs.id(), rhs.id()}, elementwise_rule);
}

}  // namespace

TensorVar operator+(const TensorVar& a, const TensorVar& b) { return binary(Op::add, a, b); }
TensorVar operator-(const TensorVar& a, const TensorVar& b) { return binary(Op::sub, a, b); }
TensorVar operator*(const TensorVar& a, const TensorVar& b) { return binary(Op::mul, a, b); }

TensorVar operator+(const TensorVar& a, const Var& s) { return binary(Op::add, a, s); }
TensorVar operator+(const Var& s, const TensorVar& a) { return binary(Op::add, s, a); }
TensorVar operator-(const TensorVar& a, const Var& s) { return binary(Op::sub, a, s); }
TensorVar operator-(const Var& s, const TensorVar& a) { return binary(Op::sub, s, a); }
TensorVar operator*(const TensorVar& a, const Var& s) { return binary(Op::mul, a, s); }
TensorVar operator*(const Var& s, const TensorVar& a) { return binary(Op::mul, s, a); }

TensorVar operator+(const TensorVar& a, double s) { return a + a.tape().constant(s); }
TensorVar operator+(double s, const TensorVar& a) { return a.tape().constant(s) + a; }
TensorVar operator-(const TensorVar& a, double s) { return a - a.tape().constant(s); }
TensorVar operator-(double s, const TensorVar& a) { return a.tape().constant(s) - a; }
TensorVar operator*(const TensorVar& a, double s) { return a * a.tape().constant(s); }
TensorVar operator*(double s, const TensorVar& a) { return a.tape().constant(s) * a; }

TensorVar operator-(const TensorVar& a) { return unary(Op::neg, a); }
TensorVar square(const TensorVar& a) { return unary(Op::square, a); }
TensorVar exp(const TensorVar& a) { return unary(Op::exp, a); }
TensorVar log(const TensorVar& a) { return unary(Op::log, a); }
TensorVar sigmoid(const TensorVar& z) { return unary(Op::sigmoid, z); }

}  // namespace tracegrad
