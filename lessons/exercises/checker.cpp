// Checking one exercise: its graph with your answer plugged in goes through the engine's
// gradient check; a failure is compared with the classic mistakes to find a hint.
#include "checker.hpp"

#include <algorithm>
#include <cmath>
#include <exception>

#include <fmt/format.h>

namespace exercise {

using namespace tracegrad;

namespace {

constexpr double lr = 0.01;  // the update written in the trace: θ − η·∂L/∂θ, η of slides 22 and 49

GradcheckReport run(const Exercise& ex, const Solution& s) {
  GraphBuilder f = [&ex, s](Tape& tape, std::span<const Var> params) { return ex.build(tape, params, s); };
  return gradcheck(f, ex.at, sweep_for(ex, s), {}, ex.params);
}

// The same analytic gradient at every parameter, to rounding.
bool same_answer(const GradcheckReport& a, const GradcheckReport& b) {
  for (std::size_t i = 0; i < a.leaves.size(); ++i)
    if (!(std::fabs(a.leaves[i].analytic - b.leaves[i].analytic) <= 1e-9 + 1e-6 * std::fabs(b.leaves[i].analytic)))
      return false;
  return true;
}

std::string find_hint(const Exercise& ex, const GradcheckReport& r) {
  auto& leaves = r.leaves;
  if (std::all_of(leaves.begin(), leaves.end(), [](const LeafCheck& c) { return c.pass || c.analytic == 0; }))
    return "not written yet: your gradient is 0 where it should not be (the stub does nothing, or nothing "
           "reaches the leaves)";
  for (const Mistake& m : mistakes(ex)) {
    GradcheckReport wrong = run(ex, m.solution);
    if (!wrong.pass() && same_answer(r, wrong)) return m.hint;
  }
  GradcheckOptions tol;
  if (std::all_of(leaves.begin(), leaves.end(), [&](const LeafCheck& c) {
        return std::fabs(c.analytic + c.numeric) <= tol.atol + tol.rtol * std::fabs(c.numeric);
      }))
    return "sign error: your gradient is minus the numeric one";
  return fmt::format("compare your rule with slides {}", ex.slides);
}

}  // namespace

Result check(const Exercise& ex, const Solution& solution) {
  Result result{&ex, {}, ""};
  try {
    result.report = run(ex, solution);
    if (!result.pass()) result.hint = find_hint(ex, result.report);
  } catch (const std::exception& e) {  // e.g. a sweep reading a node that does not exist
    result.report.leaves.clear();
    result.report.leaves.push_back({"(none)", 0, 0, 0, 0, 0, false});
    result.hint = fmt::format("your code threw: {}", e.what());
  }
  return result;
}

std::string describe(const Result& r) {
  const Exercise& ex = *r.exercise;
  bool several = ex.slides.find_first_of("-,") != std::string::npos;
  std::string text = fmt::format("{} exercise {} {}: {} (slide{} {})\n", r.pass() ? "PASS" : "FAIL", ex.number,
                                 ex.name, ex.title, several ? "s" : "", ex.slides);
  for (const LeafCheck& c : r.report.leaves)
    text += fmt::format("       ∂L/∂{:<3} analytic {:<22} numeric {:<22} {}\n", c.name, fmt::format("{:.10g}", c.analytic),
                        fmt::format("{:.10g}", c.numeric), c.pass ? "ok" : fmt::format("✗ (error {:.3g})", c.abs_err));
  if (!r.hint.empty()) text += fmt::format("       hint: {}\n", r.hint);
  return text;
}

Trace exercise_trace(const Exercise& ex, const Solution& solution) {
  auto build = [&](Tape& tape, const std::vector<double>& at) {
    std::vector<Var> params;
    for (std::size_t i = 0; i < ex.params.size(); ++i) params.push_back(tape.param(ex.params[i], at[i]));
    Var loss = ex.build(tape, params, solution);
    tape.set_role(loss.id(), Role::loss);
    return loss;
  };
  Tape tape;
  Var loss = build(tape, ex.at);
  std::vector<double> grads = sweep_for(ex, solution)(tape, loss.id());

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
  std::vector<double> updated = ex.at;
  for (std::size_t i = 0; i < ex.params.size(); ++i) {
    updated[i] -= lr * grads[i];  // the params are nodes 0, 1, …
    trace.add_update(ex.params[i], ex.at[i], grads[i], updated[i]);
  }
  trace.note(fmt::format("exercise {}: {}", ex.number, ex.title));

  Tape after;  // the same graph at the updated parameters
  Var final_loss = build(after, updated);
  trace.finish(after, final_loss.value());
  return trace;
}

}  // namespace exercise
