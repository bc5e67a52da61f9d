// Gradient descent on a function of a few parameters (deck §1, slides 3–9): step until the
// derivatives are (near) zero, the steps run out, or a parameter leaves the domain.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "tracegrad/lesson.hpp"

namespace tracegrad {

struct Descent {
  double lo = -100, hi = 100;  // the domain of every parameter: lo ≤ p ≤ hi
  // Converged when every |∂f/∂p| < tol ("until the derivative is near zero", slide 2).
  // For f = x² that is |x| < 1e-3.
  double tol = 2e-3;
  int steps_outside = 0;       // updates still taken after a parameter left the domain
  int shown_steps = 3;         // steps shown in full; later ones one line each (step_lines.hpp)
  UpdateRule rule = gradient_step;
};

// Called at every iterate t: after its backward (has_grad), or for the last one, after the
// final forward pass only (when the run ended with an update).
using AtIterate = std::function<void(int t, bool has_grad)>;

// Runs the descent on the lesson's current run, notes why it stopped, finishes the run,
// and returns the number of updates taken (at most lesson.steps()).
int descend(Lesson& lesson, const std::function<Var()>& f, const std::vector<Var>& params, const Descent& how,
            const AtIterate& at_iterate = {});

// On f = Σ p² each gradient step multiplies every p by the same k = 1 − 2η
// (p − η·2p = (1 − 2η)·p): what that factor does, in one line.
std::string square_factor(double lr);

}  // namespace tracegrad
