// Every scalar op records one node with the value and local derivative(s) its rule
// (rules.hpp) returns. backward() (tape.cpp) multiplies each local derivative by the
// node's gradient and adds it into the input's gradient: the chain rule, one edge at a time.
#include "tracegrad/ops.hpp"


namespace tracegrad {

Var operator+(const Var& a, const Var& b) { return a.tape().apply(Op::add, a, b); }
Var operator-(const Var& a, const Var& b) { return a.tape().apply(Op::sub, a, b); }
Var operator*(const Var& a, const Var& b) { return a.tape().apply(Op::mul, a, b); }
Var operator/(const Var& a, const Var& b) { return a.tape().apply(Op::div, a, b); }
Var operator-(const Var& a) { return a.tape().apply(Op::neg, a); }

Var operator+(const Var& a, double b) { return a + a.tape().constant(b); }
Var operator+(double a, const Var& b) { return b.tape().constant(a) + b; }
Var operator-(const Var& a, double b) { return a - a.tape().constant(b); }
Var operator-(double a, const Var& b) { return b.tape().constant(a) - b; }
Var operator*(const Var& a, double b) { return a * a.tape().constant(b); }
Var operator*(double a, const Var& b) { return b.tape().constant(a) * b; }
Var operator/(const Var& a, double b) { return a / a.tape().constant(b); }
Var operator/(double a, const Var& b) { return b.tape().constant(a) / b; }

Var square(const Var& a) { return a.tape().apply(Op::square, a); }

Var pow(const Var& a, double c) {
  // The exponent is recorded as a constant input; it receives no gradient.
  return a.tape().apply(Op::pow, a, a.tape().constant(c));
}

Var exp(const Var& a) { return a.tape().apply(Op::exp, a); }
Var log(const Var& a) { return a.tape().apply(Op::log, a); }
Var sigmoid(const Var& z) { return z.tape().apply(Op::sigmoid, z); }
Var softplus(const Var& z) { return z.tape().apply(Op::softplus, z); }

double sigmoid(double z) { return rule::sigmoid(z).value; }
double softplus(double z) { return rule::softplus(z).value; }

std::optional<rule::Binary> scalar_rule(std::string_view op, std::span<const double> in) {
  for (Op o : {Op::add, Op::sub, Op::mul, Op::div, Op::pow, Op::neg, Op::square, Op::exp, Op::log, Op::sigmoid,
               Op::softplus})
    if (op == op_name(o)) {
      if (in.size() != static_cast<std::size_t>(rule::inputs_of(o))) return std::nullopt;
      return rule::of(o, in[0], in.size() == 2 ? in[1] : 0.0);
    }
  return std::nullopt;
}

}  // namespace tracegrad
