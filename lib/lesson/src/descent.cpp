#include "tracegrad/descent.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/step_lines.hpp"

namespace tracegrad {

int descend(Lesson& lesson, const std::function<Var()>& f, const std::vector<Var>& params, const Descent& how,
            const AtIterate& at_iterate) {
  lesson.record_setting("domain", {how.lo, how.hi});
  lesson.record_setting("tol", how.tol);
  lesson.record_once();  // f's graph is the same at every iterate: recorded once, replayed
  auto outside = [&] {
    return std::find_if(params.begin(), params.end(), [&](const Var& p) { return p.value() < how.lo || p.value() > how.hi; });
  };
  bool converged = false, left = false;
  int t = 0, outside_steps = 0;
  StepTable table(params);
  for (; t < lesson.steps(); ++t) {
    lesson.set_verbose(t < how.shown_steps);
    Var y = lesson.forward(f);
    lesson.backward(y);
    if (!lesson.verbose()) table.show(lesson, t, lesson.steps(), y);
    if (at_iterate) at_iterate(t, true);
    converged = std::all_of(params.begin(), params.end(), [&](const Var& p) { return std::fabs(p.grad()) < how.tol; });
    if (converged) {
      lesson.note(fmt::format("converged at step {}: every |∂{}/∂·| < {}", t, y.name(), show(how.tol)));
      break;
    }
    lesson.update(params, how.rule);
    if (auto p = outside(); p != params.end() && outside_steps++ == 0)
      lesson.note(fmt::format("left the domain [{}, {}] at step {}: {} = {}", show(how.lo), show(how.hi), t + 1,
                              p->name(), show(p->value())));
    if (outside_steps > how.steps_outside) {
      if (how.steps_outside > 0) lesson.note(fmt::format("stopped {} updates after leaving the domain", how.steps_outside));
      left = true;
      ++t;
      break;
    }
  }
  lesson.set_verbose(true);
  lesson.finish(f, "After the last update");
  if (!converged && !left) lesson.note(fmt::format("stopped after {} updates (--steps), not converged", t));
  if (!converged && at_iterate) at_iterate(t, false);
  return t;
}

std::string square_factor(double lr) {
  double k = 1 - 2 * lr;
  const char* what = std::fabs(k) < 1 ? (k < 0 ? "p flips sign and shrinks: it oscillates in towards 0"
                                               : "p shrinks towards 0 without changing sign")
                                      : (k == -1 ? "p flips sign and keeps its size: it oscillates forever"
                                         : k < 0 ? "p flips sign and grows: it diverges"
                                                 : "p never shrinks");
  return fmt::format("each update: p ← p − η·2p = (1 − 2η)·p = k·p with k = 1 − 2·{} = {}: {}", show(lr), show(k),
                     what);
}

}  // namespace tracegrad
