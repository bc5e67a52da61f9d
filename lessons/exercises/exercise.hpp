// Gradient-check exercises: what you write in student.cpp, and what the checker calls.
//
// You write the backward rules yourself — each op's local derivatives, the gradient of the
// logistic model by hand, and the reverse sweep — and exercise_check compares every one
// with central differences (tracegrad::gradcheck). See the README, "Exercises".
#pragma once
#include <vector>

#include <tracegrad/tape.hpp>

namespace exercise {

// The local derivatives of a two-input op out = f(a, b): {∂out/∂a, ∂out/∂b}.
struct Partials {
  double da = 0;
  double db = 0;
};

// The two-feature logistic model of slides 47–51:
//   z = w1·x1 + w2·x2 + b,  ŷ = σ(z),  L = −y·log ŷ − (1 − y)·log(1 − ŷ)
struct Sample {
  double x1, x2, y;
};
struct Theta {  // the parameters, or a gradient {∂L/∂b, ∂L/∂w1, ∂L/∂w2}
  double b, w1, w2;
};

// One complete set of answers: yours (student.cpp), or the reference (reference.hpp, the
// teacher's: not in the student's build, nor in the handout).
struct Solution {
  double (*d_square)(double a);              // out = a²
  Partials (*d_add)(double a, double b);     // out = a + b
  Partials (*d_mul)(double a, double b);     // out = a · b
  double (*d_sigmoid)(double z, double s);   // out = σ(z); s is σ(z), already computed
  double (*d_log)(double a);                 // out = ln a
  Theta (*logistic_gradient)(const Sample& sample, const Theta& theta);
  // Fills grads (one entry per node, all 0 on entry) with ∂root/∂node.
  void (*backward)(const tracegrad::Tape& tape, tracegrad::NodeId root, std::vector<double>& grads);
};

Solution student_solution();  // student.cpp

}  // namespace exercise
