// The gradient an exercise's answers give: the student's side of the check.
#include <tracegrad/ops.hpp>

#include "exercise_list.hpp"

namespace exercise {

using namespace tracegrad;

Sweep sweep_for(const Exercise& ex, const Solution& s) {
  switch (ex.analytic) {
    case Analytic::engine_sweep:
      return [](const Tape& tape, NodeId root) {
        Tape copy = tape;
        copy.backward(copy.var(root));
        std::vector<double> grads(tape.size());
        for (std::size_t i = 0; i < grads.size(); ++i) grads[i] = copy.grad(static_cast<NodeId>(i));
        return grads;
      };
    case Analytic::student_sweep:
      return [s](const Tape& tape, NodeId root) {
        std::vector<double> grads(tape.size(), 0.0);
        s.backward(tape, root, grads);
        grads.resize(tape.size());
        return grads;
      };
    case Analytic::by_hand:
      return [s](const Tape& tape, NodeId) {  // the params b, w1, w2 are nodes 0, 1, 2
        std::vector<double> grads(tape.size(), 0.0);
        Theta d = s.logistic_gradient(by_hand_sample(), {tape.value(0), tape.value(1), tape.value(2)});
        grads[0] = d.b, grads[1] = d.w1, grads[2] = d.w2;
        return grads;
      };
  }
  return {};
}

std::vector<double> analytic_gradient(const Exercise& ex, const Solution& solution, const std::vector<double>& at) {
  Tape tape;
  std::vector<Var> params;
  for (std::size_t i = 0; i < ex.params.size(); ++i) params.push_back(tape.param(ex.params[i], at[i]));
  Var loss = ex.build(tape, params, solution);
  std::vector<double> grads = sweep_for(ex, solution)(tape, loss.id());
  grads.resize(ex.params.size());
  return grads;
}

}  // namespace exercise
