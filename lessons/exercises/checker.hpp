// The exercises and their checker: each exercise is a small graph from the deck in which
// one of your answers is plugged in, checked against central differences.
#pragma once
#include <string>
#include <vector>

#include <tracegrad/gradcheck.hpp>
#include <tracegrad/trace.hpp>

#include "exercise.hpp"

namespace exercise {

// A classic mistake: the reference with that mistake in it, and what to tell the student.
struct Mistake {
  std::string hint;
  Solution solution;
};

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
  std::vector<Mistake> mistakes;  // specific first
};

// Every exercise, in the order of student.cpp.
const std::vector<Exercise>& exercises();
const Sample& by_hand_sample();  // where exercise 6 is computed (slide 47)

struct Result {
  const Exercise* exercise;
  tracegrad::GradcheckReport report;
  std::string hint;  // when it fails
  bool pass() const { return report.pass(); }
};

// Runs one exercise through tracegrad::gradcheck with the solution's answers.
Result check(const Exercise& ex, const Solution& solution);

// PASS/FAIL, analytic vs numeric for every parameter, the hint.
std::string describe(const Result& result);

// The exercise's trace: the graph with the solution's gradients, the update, the final pass.
tracegrad::Trace exercise_trace(const Exercise& ex, const Solution& solution);

}  // namespace exercise
