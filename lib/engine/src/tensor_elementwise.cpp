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

constexpr TensorRule elementwise_rule{elementwise_backward, elementwise_local};

template <class Rule>
TensorVar unary(Op op, const TensorVar& a, Rule each) {
  std::span<const double> x = a.values();
  Tensor out = Tensor::filled(a.shape(), 0.0);
  std::vector<double> partial(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    rule::Unary r = each(x[i]);
    out.data[i] = r.value;
    partial[i] = r.d;
  }
  return a.tape().record(op, std::move(out), {a.id()}, elementwise_rule, std::move(partial));
}

// One input of a binary op: a tensor's elements, or one scalar repeated.
struct Operand {
  Tape* tape;
  NodeId id;
  const Shape* shape;  // nullptr for a scalar
  const double* data;
  double scalar;
  double at(std::size_t i) const { return shape ? data[i] : scalar; }
};
Operand operand(const TensorVar& t) { return {&t.tape(), t.id(), &t.shape(), t.values().data(), 0.0}; }
Operand operand(const Var& s) { return {&s.tape(), s.id(), nullptr, nullptr, s.value()}; }

template <class A, class B, class Rule>
TensorVar binary(Op op, const A& lhs, const B& rhs, Rule each) {
  Operand a = operand(lhs), b = operand(rhs);
  if (a.tape != b.tape) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  if (a.shape && b.shape && *a.shape != *b.shape)
    throw std::invalid_argument(detail::message("tracegrad: ", op_name(op), " of shapes ", shape_string(*a.shape),
                                                " and ", shape_string(*b.shape)));
  Tensor out = Tensor::filled(a.shape ? *a.shape : *b.shape, 0.0);
  const std::size_t n = out.data.size();
  std::vector<double> partial(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    rule::Binary r = each(a.at(i), b.at(i));
    out.data[i] = r.value;
    partial[i] = r.da;
    partial[n + i] = r.db;
  }
  return a.tape->record(op, std::move(out), {a.id, b.id}, elementwise_rule, std::move(partial));
}

}  // namespace

TensorVar operator+(const TensorVar& a, const TensorVar& b) { return binary(Op::add, a, b, rule::add); }
TensorVar operator-(const TensorVar& a, const TensorVar& b) { return binary(Op::sub, a, b, rule::sub); }
TensorVar operator*(const TensorVar& a, const TensorVar& b) { return binary(Op::mul, a, b, rule::mul); }

TensorVar operator+(const TensorVar& a, const Var& s) { return binary(Op::add, a, s, rule::add); }
TensorVar operator+(const Var& s, const TensorVar& a) { return binary(Op::add, s, a, rule::add); }
TensorVar operator-(const TensorVar& a, const Var& s) { return binary(Op::sub, a, s, rule::sub); }
TensorVar operator-(const Var& s, const TensorVar& a) { return binary(Op::sub, s, a, rule::sub); }
TensorVar operator*(const TensorVar& a, const Var& s) { return binary(Op::mul, a, s, rule::mul); }
TensorVar operator*(const Var& s, const TensorVar& a) { return binary(Op::mul, s, a, rule::mul); }

TensorVar operator+(const TensorVar& a, double s) { return a + a.tape().constant(s); }
TensorVar operator+(double s, const TensorVar& a) { return a.tape().constant(s) + a; }
TensorVar operator-(const TensorVar& a, double s) { return a - a.tape().constant(s); }
TensorVar operator-(double s, const TensorVar& a) { return a.tape().constant(s) - a; }
TensorVar operator*(const TensorVar& a, double s) { return a * a.tape().constant(s); }
TensorVar operator*(double s, const TensorVar& a) { return a.tape().constant(s) * a; }

TensorVar operator-(const TensorVar& a) { return unary(Op::neg, a, rule::neg); }
TensorVar square(const TensorVar& a) { return unary(Op::square, a, rule::square); }
TensorVar exp(const TensorVar& a) { return unary(Op::exp, a, rule::exp); }
TensorVar log(const TensorVar& a) { return unary(Op::log, a, rule::log); }
TensorVar sigmoid(const TensorVar& z) { return unary(Op::sigmoid, z, rule::sigmoid); }

}  // namespace tracegrad
