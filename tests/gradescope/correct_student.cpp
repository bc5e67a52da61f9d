// A correct student.cpp for the deck's assignment, written as a student might (spelled
// unlike the reference answers: the grade may not depend on it), for the autograder tests:
// the cheats in test_autograder.sh and the mistakes in test_make_assignment.sh are edits of it.
#include <cmath>

#include "exercise.hpp"

namespace exercise {

double d_square(double a) {
  return a + a;
}

Partials d_add(double, double) {
  return {1.0, 1.0};
}

Partials d_mul(double a, double b) {
  Partials p;
  p.da = b;
  p.db = a;
  return p;
}

double d_sigmoid(double, double s) {
  return s - s * s;
}

double d_log(double a) {
  return 1.0 / a;
}

Theta logistic_gradient(const Sample& sample, const Theta& theta) {
  double z = theta.b + theta.w1 * sample.x1 + theta.w2 * sample.x2;
  double dz = 1.0 / (1.0 + std::exp(-z)) - sample.y;  // ∂L/∂z = ŷ − y
  return {dz, sample.x1 * dz, sample.x2 * dz};
}

void backward(const tracegrad::Tape& tape, tracegrad::NodeId root, std::vector<double>& grads) {
  grads.at(root) = 1.0;
  for (auto i = root; i >= 0; i--) {
    const auto& node = tape.node(i);
    for (int k = 0; k < node.arity; k++) grads.at(node.input[k]) += grads[i] * node.partial[k];
  }
}

Solution student_solution() { return {d_square, d_add, d_mul, d_sigmoid, d_log, logistic_gradient, backward}; }

}  // namespace exercise
