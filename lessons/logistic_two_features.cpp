// Deck §4.2, slides 47–51: one stochastic step of logistic regression, two features.
//   z = w1·x1 + w2·x2 + b,  ŷ = σ(z),  L = −y·log ŷ − (1 − y)·log(1 − ŷ)
//   ∂L/∂b = ŷ − y,  ∂L/∂w1 = x1(ŷ − y),  ∂L/∂w2 = x2(ŷ − y)   (θᵀ = [b w1 w2], xᵀ = [1 x1 x2])
#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{"logistic_two_features", "Logistic regression: one stochastic step, two features", "47-51", 0.01,
                  1, {loss_flag()}};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto x1 = lesson.input("x1", 1.4);
    auto x2 = lesson.input("x2", 0.2);
    auto y = lesson.label("y", 0.0);
    auto b = lesson.param("b", 0.1);
    auto w1 = lesson.param("w1", 0.5);
    auto w2 = lesson.param("w2", -0.1);
    auto model = [&] {
      auto w1x1 = w1 * x1;  // one node per line: the ids stay the same with any compiler
      auto z = (w1x1 + w2 * x2 + b).named("z");
      return logistic_loss(z, y, lesson.flag("loss"));
    };
    const char* where = "the deck (slides 47–51)";  // deck.md does not say which slide prints each
    auto value = [&](const char* label) { return lesson.tape().find(label)->value(); };

    double L0 = 0;  // the loss before the first update
    for (int step = 0; step < lesson.steps(); ++step) {
      auto L = lesson.forward(model);
      if (step == 0) L0 = L.value();
      if (step == 0) {
        lesson.deck("z", value("z"), "0.78", where);
        lesson.deck("ŷ", value("y_hat"), "0.6856", where);
        lesson.deck("L", L.value(), "1.1573", where);
      }
      lesson.backward(L);
      if (step == 0) {
        lesson.deck("∂L/∂b = ŷ − y", b.grad(), "0.6856", where);
        lesson.deck("∂L/∂w1 = x1(ŷ − y)", w1.grad(), "0.9599", where);
        lesson.deck("∂L/∂w2 = x2(ŷ − y)", w2.grad(), "0.1371", where);
      }
      lesson.update({b, w1, w2});
      if (step == 0) {
        lesson.deck("b", b.value(), "0.0931", where);
        lesson.deck("w1", w1.value(), "0.4990", "slide 49", "0.5 − 0.01·0.9599 = 0.4904 (slide 50 has it right)");
        lesson.deck("w1", w1.value(), "0.4904", "slide 50");
        lesson.deck("w2", w2.value(), "-0.1013", where);
        lesson.note("slide 49 writes w2 = −0.1 + η·0.1371: erratum, the update subtracts: "
                    "w2 = −0.1 − 0.01·0.1371 = −0.101371");
      }
    }
    auto L = lesson.finish(model);
    if (lesson.steps() == 1) {
      lesson.deck("z after the update", value("z"), "0.75", where);
      lesson.deck("ŷ after the update", value("y_hat"), "0.6812", where);
      lesson.deck("L after the update", L.value(), "1.1432", where);
      lesson.note(fmt::format("the deck writes \"previous L = 1.1573\": L went from {} to {}", show(L0), show(L.value())));
    }
  });
}
