// Every scalar op records one node with the value and local derivative(s) its rule
// (rules.hpp) returns. backward() (tape.cpp) multiplies each local derivative by the
// node's gradient and adds it into the input's gradient: the chain rule, one edge at a time.
#include "tracegrad/ops.hpp"

#include "tracegrad/rules.hpp"

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
  const rule::Unary r = rule::pow(a.value(), c);
  return a.tape().record(Op::pow, r.value, a, r.d, a.tape().constant(c), 0.0);
}

Var exp(const Var& a) { return a.tape().apply(Op::exp, rule::exp, a); }
Var log(const Var& a) { return a.tape().apply(Op::log, rule::log, a); }
Var sigmoid(const Var& z) { return z.tape().apply(Op::sigmoid, rule::sigmoid, z); }
Var softplus(const Var& z) { return z.tape().apply(Op::softplus, rule::softplus, z); }

double sigmoid(double z) { return rule::sigmoid(z).value; }
double softplus(double z) { return rule::softplus(z).value; }

}  // namespace tracegrad
