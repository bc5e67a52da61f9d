// The exercises as the student's program sees them: each a small graph from the deck with
// one of the student's answers plugged in, and the gradient those answers give. Nothing
// here knows the reference solution (checker.hpp, the teacher's side, does).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <tracegrad/gradcheck.hpp>

#include "exercise.hpp"

namespace exercise {

// Where an exercise's analytic gradient comes from.
enum class Analytic {
  engine_sweep,   // the graph's local derivatives (some of them yours), the tape's own sweep
  student_sweep,  // the reference's local derivatives, your sweep (Solution::backward)
  by_hand,        // your formula (Solution::logistic_gradient)
};

using Builder = tracegrad::Var (*)(tracegrad::Tape&, std::span<const tracegrad::Var> params, const Solution&);

struct Exercise {
  int number;
  std::string name;    // also the trace's run: exercises-NAME.json
  std::string title;   // the local derivative of square
  std::string slides;  // 21-22
  std::vector<std::string> params;  // the leaves the gradient is checked for
  std::vector<double> at;
  Builder build;  // the loss, with the solution plugged in
  Analytic analytic;
};

// Every exercise, in the order of student.cpp.
const std::vector<Exercise>& exercises();
const Sample& by_hand_sample();  // where exercise 6 is computed (slide 47)
const Exercise& exercise_named(std::string_view name);  // throws std::invalid_argument

// The exercise's analytic gradient, one entry per node, where `solution` computes it
// (Analytic): what the student's answers give. The params are nodes 0, 1, … of the tape.
tracegrad::Sweep sweep_for(const Exercise& ex, const Solution& solution);
// ∂L/∂params at `at` (one value per param): the sweep's first entries.
std::vector<double> analytic_gradient(const Exercise& ex, const Solution& solution, const std::vector<double>& at);

}  // namespace exercise
