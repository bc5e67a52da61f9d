// The exercises as the student's program sees them: each a small graph with one of the
// student's answers plugged in, and the gradient those answers give. An assignment file's
// model section (assignments/deck/assignment.cpp) defines them; nothing here knows the
// reference solution (teacher.hpp, the grader's side, does).
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
  student_sweep,  // the graph's local derivatives, your sweep (Exercise::sweep calls it)
  by_hand,        // your formula (Exercise::by_hand plugs it in)
};

// Where hidden points draw a leaf's value: uniformly from [lo, hi] (to 3 decimals), or one
// of `choices` when there are any (a label y ∈ {0, 1}).
struct Domain {
  double lo = -1.5, hi = 1.5;
  std::vector<double> choices = {};
};

// A leaf of an exercise's graph: its name, the slide's value, where hidden points draw it.
struct Leaf {
  std::string name;
  double at;
  Domain hidden = {};
};

using Params = std::span<const tracegrad::Var>;
using Data = std::span<const double>;
// The loss, with the solution's answers plugged in, from the params (nodes 0, 1, … of the
// tape) and the data's values (the graph makes its input and label leaves from them).
using Builder = tracegrad::Var (*)(tracegrad::Tape&, Params params, Data data, const Solution&);
// A by-hand answer's ∂L/∂params at the params' and the data's values.
using ByHand = std::vector<double> (*)(const Solution&, std::span<const double> params, Data data);
// The student's sweep over a tape: ∂root/∂node, one entry per node.
using StudentSweep = std::vector<double> (*)(const Solution&, const tracegrad::Tape&, tracegrad::NodeId root);

struct Exercise {
  std::string name;    // also the trace's run: exercises-NAME.json
  std::string title;   // the local derivative of square
  std::string slides;  // 21-22
  std::vector<Leaf> params;  // the leaves the gradient is checked for
  std::vector<Leaf> data;    // the inputs and labels, varied at hidden points too
  Builder build = nullptr;
  Analytic analytic = Analytic::engine_sweep;
  ByHand by_hand = nullptr;      // Analytic::by_hand only
  StudentSweep sweep = nullptr;  // Analytic::student_sweep only
  double weight = 1;         // the test's points
  std::string visibility = "visible";  // Gradescope's: visible, hidden, after_due_date, after_published
  int number = 0;            // 1, 2, … in the list's order (set by exercises())
};

// A point the gradient is checked at: a value per param and per data leaf.
struct Point {
  std::vector<double> params, data;
};

std::vector<Exercise> define_exercises();  // the assignment file's model section

// Every exercise, in the order of the student file; the list's problem, if it has one, is
// thrown as std::invalid_argument.
const std::vector<Exercise>& exercises();
// The first thing wrong with a list (two exercises of one name, a weight below 0, …), or "".
std::string first_problem(const std::vector<Exercise>& list);
const Exercise& exercise_named(std::string_view name);  // throws std::invalid_argument
Point slide_point(const Exercise& ex);

// The exercise's analytic gradient, one entry per node, where `solution` computes it
// (Analytic): what the student's answers give. The params are nodes 0, 1, … of the tape.
tracegrad::Sweep sweep_for(const Exercise& ex, const Solution& solution, Data data);
// ∂L/∂params at `at` (one value per param): the sweep's first entries.
std::vector<double> analytic_gradient(const Exercise& ex, const Solution& solution, const Point& at);

}  // namespace exercise
