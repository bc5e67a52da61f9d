// The operations a model is built from. Each one records a node whose value and
// local derivatives sit side by side in ops.cpp.
#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "tracegrad/rules.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

Var operator+(const Var& a, const Var& b);  // ∂/∂a = 1, ∂/∂b = 1
Var operator-(const Var& a, const Var& b);  // ∂/∂a = 1, ∂/∂b = −1
Var operator*(const Var& a, const Var& b);  // ∂/∂a = b, ∂/∂b = a
Var operator/(const Var& a, const Var& b);  // ∂/∂a = 1/b, ∂/∂b = −a/b²
Var operator-(const Var& a);                // ∂/∂a = −1

// A plain number becomes a constant node: 2 * x, 1 - y_hat.
Var operator+(const Var& a, double b);
Var operator+(double a, const Var& b);
Var operator-(const Var& a, double b);
Var operator-(double a, const Var& b);
Var operator*(const Var& a, double b);
Var operator*(double a, const Var& b);
Var operator/(const Var& a, double b);
Var operator/(double a, const Var& b);

Var square(const Var& a);               // d/da a² = 2a
Var pow(const Var& a, double c);        // d/da aᶜ = c·aᶜ⁻¹ (the exponent is a constant)
Var exp(const Var& a);                  // d/da eᵃ = eᵃ
Var log(const Var& a);                  // d/da ln a = 1/a   (a ≤ 0 gives −inf / nan)
Var sigmoid(const Var& z);              // d/dz σ(z) = σ(z)(1 − σ(z)) = σ(z)σ(−z)
Var softplus(const Var& z);             // d/dz ln(1 + eᶻ) = σ(z)

// Plain-double versions, stable for any z (no overflow, no nan from the formula).
double sigmoid(double z);
double softplus(double z);

// The rule of the scalar op named `op` (op_name: "mul", "sigmoid", …) at these input values:
// the value and local derivatives recording it gives (da only, for one input). nullopt for a
// name that is no scalar op, or the wrong number of inputs. load_trace fills in the local
// derivatives of a v1 trace (which kept only values) with it.
std::optional<rule::Binary> scalar_rule(std::string_view op, std::span<const double> in);

}  // namespace tracegrad
