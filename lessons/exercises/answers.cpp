// The gradient an exercise's answers give: the student's side of the check.
#include <algorithm>

#include <tracegrad/ops.hpp>

#include "exercise_list.hpp"

namespace exercise {

using namespace tracegrad;

Sweep sweep_for(const Exercise& ex, const Solution& s, Data data) {
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
      return [&ex, s](const Tape& tape, NodeId root) {
        std::vector<double> grads = ex.sweep(s, tape, root);
        grads.resize(tape.size());
        return grads;
      };
    case Analytic::by_hand:
      return [&ex, s, data = std::vector<double>(data.begin(), data.end())](const Tape& tape, NodeId) {
        std::vector<double> params;  // the params are nodes 0, 1, …
        for (std::size_t i = 0; i < ex.params.size(); ++i) params.push_back(tape.value(static_cast<NodeId>(i)));
        std::vector<double> grads = ex.by_hand(s, params, data);
        grads.resize(std::max(grads.size(), tape.size()));
        return grads;
      };
  }
  return {};
}

std::vector<double> analytic_gradient(const Exercise& ex, const Solution& solution, const Point& at) {
  Tape tape;
  std::vector<Var> params;
  for (std::size_t i = 0; i < ex.params.size(); ++i) params.push_back(tape.param(ex.params[i].name, at.params[i]));
  Var loss = ex.build(tape, params, at.data, solution);
  std::vector<double> grads = sweep_for(ex, solution, at.data)(tape, loss.id());
  grads.resize(ex.params.size());
  return grads;
}

}  // namespace exercise
