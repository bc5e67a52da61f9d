// Deck §2, slides 21–23: one stochastic gradient step of linear regression.
//   ŷ = w·x + b,  L = (ŷ − y)²,  ∂L/∂w = 2x(ŷ − y),  ∂L/∂b = 2(ŷ − y)
#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{"linear_regression", "Linear regression: one stochastic gradient step", "21-23", 0.01, 1};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto x = lesson.input("x", 6.7);  // area
    auto y = lesson.label("y", 9.1);  // price
    auto w = lesson.param("w", -0.34);
    auto b = lesson.param("b", 0.04);
    auto model = [&] {
      auto y_hat = (w * x + b).named("y_hat");
      return square(y_hat - y).named("L");
    };

    for (int step = 0; step < lesson.steps(); ++step) {
      auto L = lesson.forward(model);
      if (step == 0) {
        lesson.compare_with_slide("ŷ", lesson.tape().find("y_hat")->value(), "-2.238", "slide 22");
        lesson.compare_with_slide("L", L.value(), "128.5", "slide 22");
        lesson.compare_with_slide("L", L.value(), "128.55", "slide 23");
      }
      lesson.backward(L);
      if (step == 0) {
        lesson.compare_with_slide("∂L/∂w", w.grad(), "-151.9292", "slide 22");
        lesson.compare_with_slide("∂L/∂b", b.grad(), "-22.676", "slide 22");
      }
      lesson.update({w, b});
      if (step == 0) {
        lesson.compare_with_slide("w", w.value(), "1.179292", "slide 22");
        lesson.compare_with_slide("w", w.value(), "1.17929", "the deck (slides 21–23)");
        lesson.compare_with_slide("b", b.value(), "0.26676", "slide 22");
      }
    }
    auto L = lesson.finish(model);
    if (lesson.steps() == 1) lesson.compare_with_slide("L after the update", L.value(), "0.868", "slide 23");

    lesson.stage("The fitted line of slide 13");
    Tape line;
    auto price = line.param("w", 1.17) * line.input("area", 6.0) + line.param("b", 0.26);
    lesson.compare_with_slide("price at area 6.0 with w = 1.17, b = 0.26", price.value(), "7.28", "slide 13");
  });
}
