// A slide's worked example as a table: the numbers it prints at each stage of one stochastic
// step, compared by compare_with_slide() while the lesson runs forward, backward, update, and the same sample
// again after the update.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "tracegrad/lesson.hpp"

namespace tracegrad {

// Which computed number a printed one is compared with: a labelled node's value or gradient.
struct Of {
  std::string label;
  bool grad = false;
};
inline Of value_of(std::string label) { return {std::move(label), false}; }
inline Of grad_of(std::string label) { return {std::move(label), true}; }

// One number the deck prints: compare_with_slide(what, computed, printed, slide, erratum).
struct Printed {
  std::string what;
  Of of;
  std::string printed;
  std::string slide;
  std::string erratum = "";
};

struct WorkedExample {
  std::vector<Printed> forward = {};   // after the first forward pass (z, ŷ, L)
  std::vector<Printed> backward = {};  // after the first backward pass (the gradients)
  std::vector<Printed> update = {};    // after the first update (the new parameters)
  std::vector<std::string> update_notes = {};  // what else the slide gets wrong there
  std::vector<Printed> after = {};     // the same sample after the update (only when --steps is 1)
};

// Runs lesson.steps() steps of forward, backward, update(params), compares the first step's
// numbers, then finishes with the forward pass after the last update and says how the loss
// moved. The first kStepsInFull steps are shown in full, later ones one line each
// (step_lines.hpp). The graph is recorded at the first step and replayed at the others
// (Lesson::record_once): `model` must not read a value while it builds. Returns the final loss.
constexpr int kStepsInFull = 3;
Var worked_example(Lesson& lesson, const std::function<Var()>& model, const std::vector<Var>& params,
                   const WorkedExample& example);

}  // namespace tracegrad
