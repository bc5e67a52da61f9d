// Element-wise ops on vectors and matrices. As in ops.cpp, each op states its value and
// its local derivative(s) side by side — here per element; one backward rule below
// applies the chain rule to all of them.
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "tracegrad/tensor_ops.hpp"

namespace tracegrad {

namespace {

// One element of the result: its value and ∂value/∂input[k].
struct Local {
  double value;
  double partial[2];
};

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

template <class Rule>
TensorVar unary(Op op, const TensorVar& a, Rule rule) {
  std::span<const double> x = a.values();
  Tensor out = Tensor::filled(a.shape(), 0.0);
  std::vector<double> partial(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    Local r = rule(x[i]);
    out.data[i] = r.value;
    partial[i] = r.partial[0];
  }
  return a.tape().record(op, std::move(out), {a.id()}, elementwise_backward, std::move(partial));
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
TensorVar binary(Op op, const A& lhs, const B& rhs, Rule rule) {
  Operand a = operand(lhs), b = operand(rhs);
  if (a.tape != b.tape) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  if (a.shape && b.shape && *a.shape != *b.shape)
    throw std::invalid_argument(fmt::format("tracegrad: {} of shapes {} and {}", op_name(op),
                                            shape_string(*a.shape), shape_string(*b.shape)));
  Tensor out = Tensor::filled(a.shape ? *a.shape : *b.shape, 0.0);
  const std::size_t n = out.data.size();
  std::vector<double> partial(2 * n);
  for (std::size_t i = 0; i < n; ++i) {
    Local r = rule(a.at(i), b.at(i));
    out.data[i] = r.value;
    partial[i] = r.partial[0];
    partial[n + i] = r.partial[1];
  }
  return a.tape->record(op, std::move(out), {a.id, b.id}, elementwise_backward, std::move(partial));
}

// The scalar rules, element by element.
constexpr auto add_rule = [](double a, double b) { return Local{a + b, {1.0, 1.0}}; };
constexpr auto sub_rule = [](double a, double b) { return Local{a - b, {1.0, -1.0}}; };
constexpr auto mul_rule = [](double a, double b) { return Local{a * b, {b, a}}; };

}  // namespace

TensorVar operator+(const TensorVar& a, const TensorVar& b) { return binary(Op::add, a, b, add_rule); }
TensorVar operator-(const TensorVar& a, const TensorVar& b) { return binary(Op::sub, a, b, sub_rule); }
TensorVar operator*(const TensorVar& a, const TensorVar& b) { return binary(Op::mul, a, b, mul_rule); }

TensorVar operator+(const TensorVar& a, const Var& s) { return binary(Op::add, a, s, add_rule); }
TensorVar operator+(const Var& s, const TensorVar& a) { return binary(Op::add, s, a, add_rule); }
TensorVar operator-(const TensorVar& a, const Var& s) { return binary(Op::sub, a, s, sub_rule); }
TensorVar operator-(const Var& s, const TensorVar& a) { return binary(Op::sub, s, a, sub_rule); }
TensorVar operator*(const TensorVar& a, const Var& s) { return binary(Op::mul, a, s, mul_rule); }
TensorVar operator*(const Var& s, const TensorVar& a) { return binary(Op::mul, s, a, mul_rule); }

TensorVar operator+(const TensorVar& a, double s) { return a + a.tape().constant(s); }
TensorVar operator+(double s, const TensorVar& a) { return a.tape().constant(s) + a; }
TensorVar operator-(const TensorVar& a, double s) { return a - a.tape().constant(s); }
TensorVar operator-(double s, const TensorVar& a) { return a.tape().constant(s) - a; }
TensorVar operator*(const TensorVar& a, double s) { return a * a.tape().constant(s); }
TensorVar operator*(double s, const TensorVar& a) { return a.tape().constant(s) * a; }

TensorVar operator-(const TensorVar& a) {
  return unary(Op::neg, a, [](double x) { return Local{-x, {-1.0}}; });
}

TensorVar square(const TensorVar& a) {
  return unary(Op::square, a, [](double x) { return Local{x * x, {2.0 * x}}; });
}

TensorVar exp(const TensorVar& a) {
  return unary(Op::exp, a, [](double x) {
    double v = std::exp(x);  // inf above ~709.78, flagged by the tape
    return Local{v, {v}};
  });
}

TensorVar log(const TensorVar& a) {
  return unary(Op::log, a, [](double x) { return Local{std::log(x), {1.0 / x}}; });
}

TensorVar sigmoid(const TensorVar& z) {
  // σ(z) and 1 − σ(z) = σ(−z), each without cancellation (see sigmoid in ops.cpp).
  return unary(Op::sigmoid, z, [](double x) { return Local{sigmoid(x), {sigmoid(x) * sigmoid(-x)}}; });
}

}  // namespace tracegrad
