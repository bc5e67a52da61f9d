// A correct student.cpp (the seven answers written), for the autograder tests: the cheats
// in test_autograder.sh are edits of it.
#include <cmath>

#include "exercise.hpp"

namespace exercise {

// ── Exercise 1: square. out = a². Return ∂out/∂a.
// Slides 3–7 (f(x) = x², f'(x) = 2x) and 21–22 (L = (ŷ − y)²).
double d_square(double a) {
  return 2 * a;
}

// ── Exercise 2: add. out = a + b. Return {∂out/∂a, ∂out/∂b}.
// Slide 22: ŷ = w·x + b, ∂ŷ/∂b.
Partials d_add(double a, double b) {
  (void)a, (void)b;
  return {1, 1};
}

// ── Exercise 3: mul. out = a · b. Return {∂out/∂a, ∂out/∂b}.
// Slide 22: ∂(w·x)/∂w.
Partials d_mul(double a, double b) {
  return {b, a};
}

// ── Exercise 4: sigmoid. out = σ(z) = 1 / (1 + e^−z); s is σ(z). Return ∂out/∂z.
// Slide 41: ∂ŷ/∂z.
double d_sigmoid(double z, double s) {
  (void)z;
  return s * (1 - s);
}

// ── Exercise 5: log. out = ln a. Return ∂out/∂a.
// Slides 33–41: the loss −log ŷ and its derivative ∂L/∂ŷ.
double d_log(double a) {
  return 1 / a;
}

// ── Exercise 6: the gradient of the two-feature logistic model, by hand.
// Return {∂L/∂b, ∂L/∂w1, ∂L/∂w2} at this sample and these parameters.
// Slide 41 (the chain ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂θ) and slides 47–51 (the worked example).
// σ(z) is tracegrad::sigmoid(z) (#include <tracegrad/ops.hpp>) or 1 / (1 + std::exp(-z)).
Theta logistic_gradient(const Sample& sample, const Theta& theta) {
  double y_hat = 1 / (1 + std::exp(-(theta.w1 * sample.x1 + theta.w2 * sample.x2 + theta.b)));
  double e = y_hat - sample.y;
  return {e, e * sample.x1, e * sample.x2};
}

// ── Exercise 7: the reverse sweep. Fill grads[i] with ∂root/∂(node i).
// grads has one entry per node, all 0. Node i is tape.node(i): its inputs are
// node.input[0 .. node.arity − 1] and node.partial[k] is ∂node/∂input[k] (the local
// derivatives above, already computed). Start from ∂root/∂root = 1, visit the nodes in
// reverse creation order, and pass each node's gradient back into its inputs.
// Slide 20 (backpropagation, right to left) and README "How the engine works".
void backward(const tracegrad::Tape& tape, tracegrad::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;
  for (tracegrad::NodeId i = root; i >= 0; --i) {
    const tracegrad::Node& n = tape.node(i);
    for (int k = 0; k < n.arity; ++k) grads[n.input[k]] += n.partial[k] * grads[i];
  }
}

// ── (nothing to write below this line) ────────────────────────────────────────────────
Solution student_solution() {
  return {d_square, d_add, d_mul, d_sigmoid, d_log, logistic_gradient, backward};
}

}  // namespace exercise
