#include "tracegrad/step_lines.hpp"

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/screen.hpp"

namespace tracegrad {

namespace {
constexpr int kEveryStep = 100;  // a run this long shows every step
constexpr int kFirstSteps = 20;  // a longer one, steps 0 … 20, then the round numbers
constexpr int kStepColumn = 6, kColumn = 14;  // "  step", then a number and its spaces

// 30, 400, 5000: one digit, then zeros.
bool round_number(int step) {
  while (step >= 10 && step % 10 == 0) step /= 10;
  return step < 10;
}

// `text` padded with spaces to `width` columns (one per character: ∂ and ŷ are narrow).
std::string cell(const std::string& text, int width) {
  return text + std::string(static_cast<std::size_t>(std::max(width - columns(text), 1)), ' ');
}

std::string trimmed(std::string text) { return text.erase(text.find_last_not_of(' ') + 1); }

std::string number(double x) { return show(x, 7); }
}  // namespace

bool shows_line(int step, int steps, int first) {
  return steps <= kEveryStep || step <= kFirstSteps || step == first + steps - 1 || round_number(step);
}

bool show_step(Lesson& lesson, int step, int steps, int first, std::string_view unit) {
  if (steps > kEveryStep && step == kFirstSteps + 1)
    lesson.say(fmt::format("  … from here only {} 30, 40, …, 100, 200, … and {} (all are in the trace)", unit,
                           first + steps - 1));
  return shows_line(step, steps, first);
}

void note_step(Lesson& lesson, const std::string& note, int step, int steps, int first, std::string_view unit) {
  if (show_step(lesson, step, steps, first, unit)) lesson.note(note);
  else lesson.trace().note(note);
}

StepTable::StepTable(const std::vector<Var>& params) {
  for (const Var& p : params) columns_.push_back({std::string(p.name()), [p] { return p.value(); }, [p] { return p.grad(); }});
}

StepTable::StepTable(const TensorVar& theta) {
  for (std::size_t i = 0; i < theta.size(); ++i)
    columns_.push_back({fmt::format("{}[{}]", theta.name(), i), [theta, i] { return theta.values()[i]; },
                        [theta, i] { return theta.grad()[i]; }});
}

void StepTable::show(Lesson& lesson, int step, int steps, const Var& loss) {
  if (!started_) {
    started_ = true;
    grads_ = kStepColumn + kColumn * (1 + 2 * static_cast<int>(columns_.size())) <= screen_columns;
    lesson.stage(fmt::format("The later steps, one line each (from step {})", step));
    std::string header = cell("  step", kStepColumn + 2) + cell(std::string(loss.name()), kColumn);
    for (const Column& c : columns_) {
      header += cell(c.name, kColumn);
      if (grads_) header += cell(fmt::format("∂{}/∂{}", loss.name(), c.name), kColumn);
    }
    lesson.say(trimmed(header));
  }
  if (!show_step(lesson, step, steps)) return;
  std::string row = fmt::format("  {:>{}}  ", step, kStepColumn - 2) + cell(number(loss.value()), kColumn);
  for (const Column& c : columns_) {
    row += cell(number(c.value()), kColumn);
    if (grads_) row += cell(number(c.grad()), kColumn);
  }
  lesson.say(trimmed(row));
}

std::string step_line(int step, const Var& loss, const TensorVar& theta) {
  return fmt::format("step {}: L = {}, ∇θL = {}, θ becomes {}", step, show(loss.value()), show_all(theta.grad()),
                     show_all(theta.values()));
}

}  // namespace tracegrad
