// Every op's rule, written once: its value and its local derivative(s) ∂value/∂input,
// side by side. The scalar ops (ops.hpp), the element-wise tensor ops
// (tensor_elementwise.cpp), the losses and the fused kernel (lib/fast) all call these,
// and a trace records the local derivatives they return: nothing recomputes a rule.
#pragma once
#include <cmath>
#include <limits>

#include "tracegrad/node.hpp"

namespace tracegrad::rule {

// One input: the value and dvalue/da.
struct Unary {
  double value;
  double d;
};
// Two inputs: the value, ∂value/∂a and ∂value/∂b.
struct Binary {
  double value;
  double da;
  double db;
};

inline Binary add(double a, double b) { return {a + b, 1.0, 1.0}; }    // ∂/∂a = 1, ∂/∂b = 1
inline Binary sub(double a, double b) { return {a - b, 1.0, -1.0}; }   // ∂/∂a = 1, ∂/∂b = −1
inline Binary mul(double a, double b) { return {a * b, b, a}; }        // ∂/∂a = b, ∂/∂b = a
inline Binary div(double a, double b) {                                 // ∂/∂a = 1/b, ∂/∂b = −a/b²
  const double v = a / b;  // b = 0 gives ±inf or nan (IEEE), flagged by the tape
  return {v, 1.0 / b, -v / b};
}
inline Unary neg(double a) { return {-a, -1.0}; }                       // d/da (−a) = −1
inline Unary square(double a) { return {a * a, 2.0 * a}; }              // d/da a² = 2a
inline Binary pow(double a, double c) {                                 // ∂/∂a aᶜ = c·aᶜ⁻¹; ∂/∂c = 0:
  return {std::pow(a, c), c * std::pow(a, c - 1.0), 0.0};               // c is a constant, needs no gradient
}
inline Unary exp(double a) {                                            // d/da eᵃ = eᵃ
  const double v = std::exp(a);  // overflows to inf above ~709.78, flagged by the tape
  return {v, v};
}
inline Unary log(double a) { return {std::log(a), 1.0 / a}; }          // d/da ln a = 1/a (a ≤ 0: −inf / nan)

// σ(z) = 1/(1 + e⁻ᶻ), d/dz σ(z) = σ(z)(1 − σ(z)) = σ(z)σ(−z).
// σ(z) and σ(−z) are each computed without cancellation, so the derivative stays
// non-zero until σ(−z) itself underflows (|z| > ~745).
inline Unary sigmoid(double z) {
  const double e = std::exp(-std::fabs(z));  // in (0, 1]: never overflows
  const double big = 1.0 / (1.0 + e);        // σ(|z|)
  const double small = e / (1.0 + e);        // σ(−|z|)
  return {z >= 0 ? big : small, big * small};
}

// softplus(z) = ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|) (the stable form of −log σ(−z)),
// d/dz softplus(z) = σ(z).
inline Unary softplus(double z) {
  return {std::fmax(z, 0.0) + std::log1p(std::exp(-std::fabs(z))), sigmoid(z).value};
}

// One sample's binary cross-entropy from its logit z and label y (never from ŷ = σ(z)):
//   −y log σ(z) − (1 − y) log(1 − σ(z)) = softplus(z) − y·z = max(z, 0) + ln(1 + e) − y·z,
//   e = e^−|z|;   ∂/∂z = σ(z) − y (the deck's ŷ − y),   ∂/∂y = −z.
// BceExp is e, u = 1 + e rounded, 1/u and σ(z) − y: all but the log, which bce_logit takes
// row by row and the fused step (lib/fast) once for a block of rows.
struct BceExp {
  double e;    // in (0, 1]: never overflows
  double u;    // 1 + e, rounded to a double
  double inv;  // 1/u = σ(|z|)
  double dz;   // σ(z) − y, with σ(−|z|) = e/u
};
[[gnu::always_inline]] inline BceExp bce_exp(double z, double y) {
  const double e = std::exp(-std::fabs(z));
  const double u = 1.0 + e;
  const double inv = 1.0 / u;
  return {e, u, inv, (z >= 0 ? inv : e * inv) - y};
}
struct BceTerm {
  double loss;
  double dz;
  double dy;
};
[[gnu::always_inline]] inline BceTerm bce_logit(double z, double y) {
  const BceExp t = bce_exp(z, y);
  // ln(1 + e) = ln u + ln(1 + r/u) ≈ ln u + r/u, where r = e − (u − 1) is exactly what the
  // rounding of u lost: as precise as std::log1p(e), and log is the cheaper call per row.
  const double log1p_e = std::log(t.u) + (t.e - (t.u - 1.0)) * t.inv;
  // max(z, 0) − y·z first: for y = 1 and z > 0 it is exactly 0, and the loss ln(1 + e) keeps
  // every digit (z + ln(1 + e) − z would lose them to z's rounding: 0 for z > 37).
  return {((z > 0 ? z : 0.0) - y * z) + log1p_e, t.dz, -z};
}

// ---- each scalar op's rule, by the op ----------------------------------------------
// Recording (Tape::apply), the element-wise tensor ops and Tape::replay() all look the
// rule up here, so a node replayed with new inputs is computed exactly as if recorded again.
// A one-input op ignores b and returns db = 0; an op that is no scalar op returns nan.

inline Binary one_input(Unary r) { return {r.value, r.d, 0.0}; }

[[gnu::always_inline]] inline Binary of(Op op, double a, double b) {
  switch (op) {
    case Op::add: return add(a, b);
    case Op::sub: return sub(a, b);
    case Op::mul: return mul(a, b);
    case Op::div: return div(a, b);
    case Op::pow: return pow(a, b);
    case Op::neg: return one_input(neg(a));
    case Op::square: return one_input(square(a));
    case Op::exp: return one_input(exp(a));
    case Op::log: return one_input(log(a));
    case Op::sigmoid: return one_input(sigmoid(a));
    case Op::softplus: return one_input(softplus(a));
    default: break;
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  return {nan, nan, nan};
}

// How many inputs a scalar op reads: 2 (add, sub, mul, div, pow), 1 (neg … softplus), 0 (not one).
constexpr int inputs_of(Op op) {
  switch (op) {
    case Op::add: case Op::sub: case Op::mul: case Op::div: case Op::pow: return 2;
    case Op::neg: case Op::square: case Op::exp: case Op::log: case Op::sigmoid: case Op::softplus: return 1;
    default: return 0;
  }
}

}  // namespace tracegrad::rule
