// Every scalar op records one node with the value and local derivative(s) its rule
// (rules.hpp) returns. backward() (tape.cpp) multiplies each local derivative by the
// node's gradient and adds it into the input's gradient: the chain rule, one edge at a time.
#include "tracegrad/ops.hpp"

#include <utility>

namespace tracegrad {

Var operator+(const Var& a, const Var& b) { return a.tape().apply(Op::add, rule::add, a, b); }
Var operator-(const Var& a, const Var& b) { return a.tape().apply(Op::sub, rule::sub, a, b); }
Var operator*(const Var& a, const Var& b) { return a.tape().apply(Op::mul, rule::mul, a, b); }
Var operator/(const Var& a, const Var& b) { return a.tape().apply(Op::div, rule::div, a, b); }
Var operator-(const Var& a) { return a.tape().apply(Op::neg, rule::neg, a); }

Var operator+(const Var& a, double b) { return a + a.tape().constant(b); }
Var operator+(double a, const Var& b) { return b.tape().constant(a) + b; }
Var operator-(const Var& a, double b) { return a - a.tape().constant(b); }
Var operator-(double a, const Var& b) { return b.tape().constant(a) - b; }
Var operator*(const Var& a, double b) { return a * a.tape().constant(b); }
Var operator*(double a, const Var& b) { return b.tape().constant(a) * b; }
Var operator/(const Var& a, double b) { return a / a.tape().constant(b); }
Var operator/(double a, const Var& b) { return b.tape().constant(a) / b; }

Var square(const Var& a) { return a.tape().apply(Op::square, rule::square, a); }

Var pow(const Var& a, double c) {
  // The exponent is recorded as a constant input; it receives no gradient.
  return a.tape().apply(Op::pow, rule::pow, a, a.tape().constant(c));
}

Var exp(const Var& a) { return a.tape().apply(Op::exp, rule::exp, a); }
Var log(const Var& a) { return a.tape().apply(Op::log, rule::log, a); }
Var sigmoid(const Var& z) { return z.tape().apply(Op::sigmoid, rule::sigmoid, z); }
Var softplus(const Var& z) { return z.tape().apply(Op::softplus, rule::softplus, z); }

double sigmoid(double z) { return rule::sigmoid(z).value; }
double softplus(double z) { return rule::softplus(z).value; }

namespace {

rule::Binary one_input(rule::Unary r) { return {r.value, r.d, 0.0}; }

}  // namespace

std::optional<rule::Binary> scalar_rule(std::string_view op, std::span<const double> in) {
  using Two = rule::Binary (*)(double, double);
  using One = rule::Unary (*)(double);
  static constexpr std::pair<Op, Two> two[] = {{Op::add, rule::add}, {Op::sub, rule::sub}, {Op::mul, rule::mul},
                                               {Op::div, rule::div}, {Op::pow, rule::pow}};
  static constexpr std::pair<Op, One> one[] = {{Op::neg, rule::neg},         {Op::square, rule::square},
                                               {Op::exp, rule::exp},         {Op::log, rule::log},
                                               {Op::sigmoid, rule::sigmoid}, {Op::softplus, rule::softplus}};
  for (auto [o, r] : two)
    if (op == op_name(o)) return in.size() == 2 ? std::optional(r(in[0], in[1])) : std::nullopt;
  for (auto [o, r] : one)
    if (op == op_name(o)) return in.size() == 1 ? std::optional(one_input(r(in[0]))) : std::nullopt;
  return std::nullopt;
}

}  // namespace tracegrad
