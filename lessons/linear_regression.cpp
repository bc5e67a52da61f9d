// Deck §2, slides 13, 21–23: one stochastic gradient step of linear regression.
//   ŷ = w·x + b,  L = (ŷ − y)²,  ∂L/∂w = 2x(ŷ − y),  ∂L/∂b = 2(ŷ − y)
#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>
#include <tracegrad/worked_example.hpp>

#include "contours.hpp"

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{"linear_regression", "Linear regression: one stochastic gradient step", "21-23", 0.01, 1};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto x = lesson.input("x", 6.7);  // area
    auto y = lesson.label("y", 9.1);  // price
    auto w = lesson.param("w", -0.34);
    auto b = lesson.param("b", 0.04);
    // slide 23's picture: the point (x, y) and the line ŷ = w·x + b before and after the update
    lesson.record_table("picture") = {{"model", "line"}, {"x", "x"}, {"y", "y"}, {"slope", "w"}, {"intercept", "b"}};
    // slides 16–17: L against w at b fixed and against b at w fixed, through the starting
    // (w, b), sampled wide enough to show each minimum (w = 1.352 at b = 0.04, b = 11.378 at w = −0.34)
    auto loss_at = [&](double wv, double bv) {
      Tape t;
      auto y_hat = t.param("w", wv) * t.input("x", x.value()) + t.param("b", bv);
      return square(y_hat - t.input("y", y.value())).value();
    };
    auto sweep = [&](std::string_view name, double half_width, bool along_w) {
      ordered_json points = ordered_json::array();
      for (int i = -20; i <= 20; ++i) {
        double v = (along_w ? w.value() : b.value()) + half_width * i / 20.0;
        points.push_back({v, along_w ? loss_at(v, b.value()) : loss_at(w.value(), v)});
      }
      return ordered_json{{"param", name}, {"points", points}};
    };
    lesson.record_table("picture")["loss_curves"] = {sweep("w", 3.0, true), sweep("b", 15.0, false)};
    auto model = [&] {
      auto y_hat = (w * x + b).named("y_hat");
      return square(y_hat - y).named("L");
    };

    WorkedExample slides{
        .forward = {{"ŷ", value_of("y_hat"), "-2.238", "slide 22"},
                    {"L", value_of("L"), "128.5", "slide 22"},
                    {"L", value_of("L"), "128.55", "slide 23"}},
        .backward = {{"∂L/∂w", grad_of("w"), "-151.9292", "slide 22"}, {"∂L/∂b", grad_of("b"), "-22.676", "slide 22"}},
        .update = {{"w", value_of("w"), "1.179292", "slide 22"},
                   {"w", value_of("w"), "1.17929", "the deck (slides 21–23)"},
                   {"b", value_of("b"), "0.26676", "slide 22"}},
        .after = {{"ŷ = xw + b beside the updated w, b", value_of("y_hat"), "-2.238", "slide 22's panel after the update",
                   "it still shows the old ŷ; with w = 1.179292, b = 0.26676: ŷ = 1.179292·6.7 + 0.26676 = 8.1680164"},
                  {"L after the update", value_of("L"), "0.868", "slide 22's panel after the update"}},
    };
    worked_example(lesson, model, {w, b}, slides);
    // slide 22's step on the contours of L(w, b): a valley along the lines w·x + b = y
    lessons::record_contours(lesson, {"w", "b"}, loss_at);

    lesson.stage("Slide 13: if area = 6.0, price = 7.28");
    Tape line;  // the line of slides 14 and 16
    auto price = line.param("w", 1.17) * line.input("area", 6.0) + line.param("b", 0.26);
    lesson.compare_with_slide("price at area 6.0", price.value(), "7.28", "slide 13");
    lesson.note("slide 13 does not print its line: w = 1.17, b = 0.26 are printed on slides 14 and 16, and "
                "1.17·6 + 0.26 = 7.28 (the deck never ties the two together on one slide)");
  });
}
