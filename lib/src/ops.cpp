// Every op: its forward value, then its local derivative(s), side by side.
// backward() (tape.cpp) multiplies each local derivative by the node's gradient
// and adds it into the input's gradient: the chain rule, one edge at a time.
#include "tracegrad/ops.hpp"

#include <cmath>

namespace tracegrad {

Var operator+(const Var& a, const Var& b) {
  double v = a.value() + b.value();
  return a.tape().record(Op::add, v, a, 1.0, b, 1.0);
}

Var operator-(const Var& a, const Var& b) {
  double v = a.value() - b.value();
  return a.tape().record(Op::sub, v, a, 1.0, b, -1.0);
}

Var operator*(const Var& a, const Var& b) {
  double v = a.value() * b.value();
  return a.tape().record(Op::mul, v, a, b.value(), b, a.value());
}

Var operator/(const Var& a, const Var& b) {
  double v = a.value() / b.value();  // b = 0 gives ±inf or nan (IEEE), flagged by the tape
  return a.tape().record(Op::div, v, a, 1.0 / b.value(), b, -v / b.value());
}

Var operator-(const Var& a) {
  return a.tape().record(Op::neg, -a.value(), a, -1.0);
}

Var operator+(const Var& a, double b) { return a + a.tape().constant(b); }
Var operator+(double a, const Var& b) { return b.tape().constant(a) + b; }
Var operator-(const Var& a, double b) { return a - a.tape().constant(b); }
Var operator-(double a, const Var& b) { return b.tape().constant(a) - b; }
Var operator*(const Var& a, double b) { return a * a.tape().constant(b); }
Var operator*(double a, const Var& b) { return b.tape().constant(a) * b; }
Var operator/(const Var& a, double b) { return a / a.tape().constant(b); }
Var operator/(double a, const Var& b) { return b.tape().constant(a) / b; }

Var square(const Var& a) {
  double x = a.value();
  return a.tape().record(Op::square, x * x, a, 2.0 * x);
}

Var pow(const Var& a, double c) {
  // The exponent is recorded as a constant input; it receives no gradient.
  double x = a.value();
  Var exponent = a.tape().constant(c);
  return a.tape().record(Op::pow, std::pow(x, c), a, c * std::pow(x, c - 1.0), exponent, 0.0);
}

Var exp(const Var& a) {
  double v = std::exp(a.value());  // overflows to inf above ~709.78, flagged by the tape
  return a.tape().record(Op::exp, v, a, v);
}

Var log(const Var& a) {
  double x = a.value();  // log(0) = −inf, log(x < 0) = nan, flagged by the tape
  return a.tape().record(Op::log, std::log(x), a, 1.0 / x);
}

Var sigmoid(const Var& z) {
  // σ(z) and 1 − σ(z) = σ(−z) each computed without cancellation, so the
  // derivative σ(z)σ(−z) stays non-zero until σ(−z) itself underflows (|z| > ~745).
  double e = std::exp(-std::fabs(z.value()));  // in (0, 1]: never overflows
  double big = 1.0 / (1.0 + e);                  // σ(|z|)
  double small = e / (1.0 + e);                  // σ(−|z|)
  double s = z.value() >= 0 ? big : small;
  return z.tape().record(Op::sigmoid, s, z, big * small);
}

Var softplus(const Var& z) {
  // ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|): the stable form of −log σ(−z).
  return z.tape().record(Op::softplus, softplus(z.value()), z, sigmoid(z.value()));
}

double sigmoid(double z) {
  double e = std::exp(-std::fabs(z));
  return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

double softplus(double z) {
  return std::fmax(z, 0.0) + std::log1p(std::exp(-std::fabs(z)));
}

}  // namespace tracegrad
