// The exercises' checker (the teacher's side): an exercise's graph with the answers plugged
// in, checked against central differences, and a failure compared with classic mistakes.
#pragma once
#include <string>
#include <vector>

#include <tracegrad/trace.hpp>

#include "exercise_list.hpp"
#include "reference.hpp"

namespace exercise {

// A classic mistake: the reference with that mistake in it, and what to tell the student.
struct Mistake {
  std::string hint;
  Solution solution;
};

// The classic mistakes of an exercise, specific first (mistakes.cpp).
const std::vector<Mistake>& mistakes(const Exercise& ex);

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
