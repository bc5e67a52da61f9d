// An exercise's trace: the graph with the solution's gradients, the update, the final pass.
#include <fmt/format.h>

#include "teacher.hpp"

namespace exercise {

using namespace tracegrad;

namespace {

constexpr double lr = 0.01;  // the update written in the trace: θ − η·∂L/∂θ, η of slides 22 and 49

}  // namespace

Trace exercise_trace(const Exercise& ex, const Solution& solution) {
  Point at = slide_point(ex);
  auto build = [&](Tape& tape, const std::vector<double>& values) {
    std::vector<Var> params;
    for (std::size_t i = 0; i < ex.params.size(); ++i) params.push_back(tape.param(ex.params[i].name, values[i]));
    Var loss = ex.build(tape, params, at.data, solution);
    tape.set_role(loss.id(), Role::loss);
    return loss;
  };
  Tape tape;
  Var loss = build(tape, at.params);
  std::vector<double> grads = sweep_for(ex, solution, at.data)(tape, loss.id());

  Trace trace("exercises", fmt::format("Exercise {}: {}", ex.number, ex.title), ex.slides, ex.name);
  trace.config()["lr"] = lr;
  trace.config()["steps"] = 1;
  trace.config()["set"] = ordered_json::object();
  for (std::size_t i = 0; i < tape.size(); ++i) {
    auto id = static_cast<NodeId>(i);
    if (tape.node(id).arity == 0 && !tape.name_of(id).empty())
      trace.config()["set"][std::string(tape.name_of(id))] = trace_number(tape.value(id));
  }
  trace.config()["trace_nodes"] = "first";
  trace.begin_step(true);
  if (ex.analytic == Analytic::by_hand) trace.set_graph(tape);  // only the params' gradients are yours
  else trace.set_graph(tape, grads);
  trace.set_loss(loss.value());
  std::vector<double> updated = at.params;
  for (std::size_t i = 0; i < ex.params.size(); ++i) {
    updated[i] -= lr * grads[i];  // the params are nodes 0, 1, …
    trace.add_update(ex.params[i].name, at.params[i], grads[i], updated[i]);
  }
  trace.note(fmt::format("exercise {}: {}", ex.number, ex.title));

  Tape after;  // the same graph at the updated parameters
  Var final_loss = build(after, updated);
  trace.finish(after, final_loss.value());
  return trace;
}

}  // namespace exercise
