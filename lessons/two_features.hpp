// The worked example of slides 47–51 as a lesson's leaves, and its line
//   z = w1·x1 + w2·x2 + b   at x1 = 1.4, x2 = 0.2, y = 0 from b = 0.1, w1 = 0.5, w2 = −0.1
// (logistic_two_features and cross_entropy_origin).
#pragma once
#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>

namespace lessons {

struct TwoFeatures {
  tracegrad::Var x1, x2, y, b, w1, w2;

  tracegrad::Var z() const {
    auto w1x1 = w1 * x1;  // one node per line: the ids stay the same with any compiler
    return (w1x1 + w2 * x2 + b).named("z");
  }
};

// The leaves in the slide's order (a braced list is evaluated left to right).
inline TwoFeatures two_features(tracegrad::Lesson& lesson) {
  return {lesson.input("x1", 1.4), lesson.input("x2", 0.2), lesson.label("y", 0.0),
          lesson.param("b", 0.1),  lesson.param("w1", 0.5), lesson.param("w2", -0.1)};
}

}  // namespace lessons
