// Deck §4.1, slides 44–46: one stochastic step of logistic regression, one feature.
//   z = w·x + b,  ŷ = σ(z),  L = −y·log ŷ − (1 − y)·log(1 − ŷ)
//   ∂L/∂w = x(ŷ − y),  ∂L/∂b = ŷ − y        (θᵀ = [b w], xᵀ = [1 x])
#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{"logistic_one_feature", "Logistic regression: one stochastic step, one feature", "44-46", 0.01, 1,
                  {loss_flag()}};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto x = lesson.input("x", 1.4);
    auto y = lesson.label("y", 0.0);
    auto b = lesson.param("b", 0.1);
    auto w = lesson.param("w", -0.1);
    auto model = [&] {
      auto z = (w * x + b).named("z");
      return logistic_loss(z, y, lesson.flag("loss"));
    };
    const char* where = "the deck (slides 44–46)";  // deck.md does not say which slide prints each
    auto value = [&](const char* label) { return lesson.tape().find(label)->value(); };

    double L0 = 0;  // the loss before the first update
    for (int step = 0; step < lesson.steps(); ++step) {
      auto L = lesson.forward(model);
      if (step == 0) L0 = L.value();
      if (step == 0) {
        lesson.deck("z", value("z"), "-0.0399", where,
                    "w·x + b = −0.1·1.4 + 0.1 = −0.04; the slide truncates the double −0.03999999999999998");
        lesson.deck("ŷ", value("y_hat"), "0.49", where);
        lesson.deck("L", L.value(), "0.6733", where);
      }
      lesson.backward(L);
      if (step == 0) {
        lesson.deck("∂L/∂b = ŷ − y", b.grad(), "0.49", where);
        lesson.deck("∂L/∂w = x(ŷ − y)", w.grad(), "0.686", where);
      }
      lesson.update({b, w});
      if (step == 0) {
        lesson.deck("b", b.value(), "0.095", where);
        lesson.deck("w", w.value(), "-0.1068", where);
      }
    }
    auto L = lesson.finish(model);
    if (lesson.steps() == 1) {
      lesson.deck("z after the update", value("z"), "-0.0545", where);
      lesson.deck("ŷ after the update", value("y_hat"), "0.486", where);
      lesson.deck("L after the update", L.value(), "0.666", where);
      lesson.note(fmt::format("the deck writes \"previous L = 0.6733\": L went from {} to {}", show(L0), show(L.value())));
    }
  });
}
