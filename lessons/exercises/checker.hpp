// The exercises' checker: an exercise's graph with the answers plugged in, checked against
// central differences at the slide's point, and a failure compared with known mistakes.
// Student side: it knows the mistakes only by the gradient each gives at the slide's point
// (the handout's hints.tsv, or teacher.hpp's known_mistakes).
#pragma once
#include <string>
#include <vector>

#include "exercise_list.hpp"

namespace exercise {

// A known mistake as the checker sees it: what to tell the student, and the gradient the
// mistake gives at the exercise's slide point (one value per param).
struct KnownMistake {
  std::string hint;
  std::vector<double> gradient;
};

struct Result {
  const Exercise* exercise;
  tracegrad::GradcheckReport report;
  std::string hint;  // when it fails
  bool pass() const { return report.pass(); }
};

// Runs one exercise at its slide point through tracegrad::gradcheck with the solution's
// answers; a failure gets the hint of the first known mistake that gives the same gradient.
Result check(const Exercise& ex, const Solution& solution, const std::vector<KnownMistake>& known);

// The same gradient at every param, to rounding.
bool same_gradient(const std::vector<double>& a, const std::vector<double>& b);

// PASS/FAIL, analytic vs numeric for every parameter, the hint.
std::string describe(const Result& result);

}  // namespace exercise
