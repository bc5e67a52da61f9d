#include "tracegrad/worked_example.hpp"

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/step_lines.hpp"

namespace tracegrad {

// The numbers are read from the tape (Tape::value), not through a Var: comparing them with the
// slide builds nothing, so it does not keep the later steps from replaying the graph.
static void compare(Lesson& lesson, const std::vector<Printed>& numbers) {
  Tape& tape = lesson.tape();
  for (const auto& p : numbers) {
    auto node = tape.find(p.of.label);
    if (!node) throw std::logic_error(fmt::format("worked example: no node labelled '{}'", p.of.label));
    const double computed = p.of.grad ? tape.grad(node->id()) : tape.value(node->id());
    lesson.compare_with_slide(p.what, computed, p.printed, p.slide, p.erratum);
  }
}

Var worked_example(Lesson& lesson, const std::function<Var()>& model, const std::vector<Var>& params,
                   const WorkedExample& example) {
  lesson.record_once();  // one sample's graph, the same at every step: recorded once, replayed
  double first_loss = 0;
  StepTable table(params);
  for (int step = 0; step < lesson.steps(); ++step) {
    bool first = step == 0;
    lesson.set_verbose(step < kStepsInFull);
    auto L = lesson.forward(model);
    if (first) {
      first_loss = lesson.tape().value(L.id());
      compare(lesson, example.forward);
    }
    lesson.backward(L);
    if (first) compare(lesson, example.backward);
    if (!lesson.verbose()) table.show(lesson, step, lesson.steps(), L);
    lesson.update(params);
    if (!first) continue;
    compare(lesson, example.update);
    for (const auto& text : example.update_notes) lesson.note(text);
  }
  lesson.set_verbose(true);
  auto L = lesson.finish(model);
  if (lesson.steps() == 1) compare(lesson, example.after);
  if (lesson.steps() > 0)
    lesson.note(fmt::format("the loss on this sample went from {} to {} after {} update{}", show(first_loss),
                            show(L.value()), lesson.steps(), lesson.steps() == 1 ? "" : "s"));
  return L;
}

}  // namespace tracegrad
