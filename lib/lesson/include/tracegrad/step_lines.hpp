// A long run on a screen. After the steps a lesson shows in full, each step gets one line — in
// a run of up to 100 steps. A longer run shows steps 0–20, then 30, 40, …, 90, 100, 200, …,
// 900, 1000, 2000, … and its last: about nine lines per power of ten, so `--steps 10000` prints
// 47 lines, not 10,000 (and its page in the browser keeps up with the terminal). Every step is
// in the trace, whatever the screen shows.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tracegrad/lesson.hpp"

namespace tracegrad {

// Whether step `step` of a run of `steps`, counted from `first` (0; epochs count from 1), gets its line.
bool shows_line(int step, int steps, int first = 0);

// shows_line(step, steps, first), and at the first step a long run leaves out, a line saying
// which of its `unit` ("steps", "epochs") it shows from there on.
bool show_step(Lesson& lesson, int step, int steps, int first = 0, std::string_view unit = "steps");

// A step's note, in the trace at every step and on the screen when show_step says so.
void note_step(Lesson& lesson, const std::string& note, int step, int steps, int first = 0,
               std::string_view unit = "steps");

// The steps of a run as a table, one row a step under a heading and a header:
//   step  L             b             ∂L/∂b         w             ∂L/∂w
//      3  0.6524165     0.0854084     0.4792142     -0.1204282    0.6708999
// the loss, then each parameter (a vector's elements: theta[0], theta[1], …) and its gradient at
// the step's forward and backward (before its update), to 7 significant digits (the trace keeps
// every digit). When the row would be wider than the screen the gradients are left out.
class StepTable {
 public:
  explicit StepTable(const std::vector<Var>& params);
  explicit StepTable(const TensorVar& theta);
  // The row of step `step` of `steps` when shows_line says so (the heading and header first).
  void show(Lesson& lesson, int step, int steps, const Var& loss);

 private:
  struct Column {
    std::string name;
    std::function<double()> value, grad;
  };
  std::vector<Column> columns_;
  bool started_ = false;
  bool grads_ = true;
};

// "step 12: L = 0.52, ∇θL = [...], θ becomes [...]": a vector parameter after the step's update.
std::string step_line(int step, const Var& loss, const TensorVar& theta);

}  // namespace tracegrad
