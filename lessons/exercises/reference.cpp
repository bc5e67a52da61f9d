// The reference solutions of the exercises (exercise_check --reference runs them).
#include <cmath>

#include <tracegrad/ops.hpp>

#include "reference.hpp"

namespace exercise {

namespace {

double d_square(double a) { return 2 * a; }                    // d/da a² = 2a
Partials d_add(double, double) { return {1, 1}; }              // ∂(a + b)/∂a = ∂(a + b)/∂b = 1
Partials d_mul(double a, double b) { return {b, a}; }          // ∂(ab)/∂a = b, ∂(ab)/∂b = a
double d_sigmoid(double, double s) { return s * (1 - s); }     // σ'(z) = σ(z)(1 − σ(z))
double d_log(double a) { return 1 / a; }                       // d/da ln a = 1/a

// ∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ)), ∂ŷ/∂z = ŷ(1 − ŷ), ∂z/∂θ = [1, x1, x2]: ∂L/∂θ = (ŷ − y)·[1, x1, x2]
Theta logistic_gradient(const Sample& s, const Theta& t) {
  double y_hat = tracegrad::sigmoid(t.w1 * s.x1 + t.w2 * s.x2 + t.b);
  double e = y_hat - s.y;
  return {e, e * s.x1, e * s.x2};
}

// Users have larger ids than what they use: from the root down, each gradient is complete
// when it is reached, and it flows into every input, += because an input may have several users.
void backward(const tracegrad::Tape& tape, tracegrad::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;  // ∂root/∂root
  for (tracegrad::NodeId i = root; i >= 0; --i) {
    const tracegrad::Node& n = tape.node(i);
    for (int k = 0; k < n.arity; ++k) grads[n.input[k]] += n.partial[k] * grads[i];  // chain rule
  }
}

}  // namespace

Solution reference_solution() {
  return {d_square, d_add, d_mul, d_sigmoid, d_log, logistic_gradient, backward};
}

}  // namespace exercise
