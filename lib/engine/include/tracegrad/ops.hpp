// The operations a model is built from. Each one records a node whose value and local
// derivatives its rule (rules.hpp) gives side by side; backward() (tape.cpp) multiplies each
// local derivative by the node's gradient and adds it into the input's: the chain rule, one
// edge at a time. Inline, so recording a node costs no call (bench/bench_engine).
#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "tracegrad/rules.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

inline Var operator+(const Var& a, const Var& b) { return a.tape().apply(Op::add, a, b); }  // ∂/∂a = 1, ∂/∂b = 1
inline Var operator-(const Var& a, const Var& b) { return a.tape().apply(Op::sub, a, b); }  // ∂/∂a = 1, ∂/∂b = −1
inline Var operator*(const Var& a, const Var& b) { return a.tape().apply(Op::mul, a, b); }  // ∂/∂a = b, ∂/∂b = a
inline Var operator/(const Var& a, const Var& b) { return a.tape().apply(Op::div, a, b); }  // ∂/∂a = 1/b, ∂/∂b = −a/b²
inline Var operator-(const Var& a) { return a.tape().apply(Op::neg, a); }                   // ∂/∂a = −1

// A plain number becomes a constant node: 2 * x, 1 - y_hat.
inline Var operator+(const Var& a, double b) { return a + a.tape().constant(b); }
inline Var operator+(double a, const Var& b) { return b.tape().constant(a) + b; }
inline Var operator-(const Var& a, double b) { return a - a.tape().constant(b); }
inline Var operator-(double a, const Var& b) { return b.tape().constant(a) - b; }
inline Var operator*(const Var& a, double b) { return a * a.tape().constant(b); }
inline Var operator*(double a, const Var& b) { return b.tape().constant(a) * b; }
inline Var operator/(const Var& a, double b) { return a / a.tape().constant(b); }
inline Var operator/(double a, const Var& b) { return b.tape().constant(a) / b; }

inline Var square(const Var& a) { return a.tape().apply(Op::square, a); }  // d/da a² = 2a
// d/da aᶜ = c·aᶜ⁻¹: the exponent is recorded as a constant input; it receives no gradient.
inline Var pow(const Var& a, double c) { return a.tape().apply(Op::pow, a, a.tape().constant(c)); }
inline Var exp(const Var& a) { return a.tape().apply(Op::exp, a); }          // d/da eᵃ = eᵃ
inline Var log(const Var& a) { return a.tape().apply(Op::log, a); }          // d/da ln a = 1/a (a ≤ 0: −inf / nan)
inline Var sigmoid(const Var& z) { return z.tape().apply(Op::sigmoid, z); }  // d/dz σ(z) = σ(z)(1 − σ(z))
inline Var softplus(const Var& z) { return z.tape().apply(Op::softplus, z); }  // d/dz ln(1 + eᶻ) = σ(z)

// Plain-double versions, stable for any z (no overflow, no nan from the formula).
inline double sigmoid(double z) { return rule::sigmoid(z).value; }
inline double softplus(double z) { return rule::softplus(z).value; }

// The rule of the scalar op named `op` (op_name: "mul", "sigmoid", …) at these input values:
// the value and local derivatives recording it gives (da only, for one input). nullopt for a
// name that is no scalar op, or the wrong number of inputs. load_trace fills in the local
// derivatives of a v1 trace (which kept only values) with it.
std::optional<rule::Binary> scalar_rule(std::string_view op, std::span<const double> in);

}  // namespace tracegrad
