// The teacher's side of an assignment (never in the student's build or handout): the
// reference answers and the known mistakes (both from the assignment file: reference.cpp
// and mistakes.cpp, generated), and each exercise's trace.
#pragma once
#include <string>
#include <type_traits>
#include <vector>

#include <tracegrad/trace.hpp>

#include "checker.hpp"

namespace exercise {

Solution reference_solution();  // the answers' bodies in the assignment file

// A known mistake: the exercise, what to tell the student, the reference with that mistake in it.
struct Mistake {
  std::string exercise;
  std::string hint;
  Solution solution;
};

// The reference with one answer replaced: with(&Solution::d_square, square_once).
template <class F>
Solution with(F Solution::*answer, std::type_identity_t<F> mistaken) {
  Solution s = reference_solution();
  s.*answer = mistaken;
  return s;
}

std::vector<Mistake> define_mistakes();  // the assignment file's mistakes section

// The known mistakes of an exercise, in the file's order (specific ones first).
std::vector<Mistake> mistakes(const Exercise& ex);
// The same, as the checker sees them: each mistake's gradient at the point.
std::vector<KnownMistake> known_mistakes(const Exercise& ex, const Point& at);

// The exercise's trace at its slide point: the graph with the solution's gradients, the
// update θ − 0.01·∂L/∂θ, the final pass.
tracegrad::Trace exercise_trace(const Exercise& ex, const Solution& solution);

}  // namespace exercise
