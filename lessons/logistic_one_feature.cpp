// Deck §4.1, slides 44–46: one stochastic step of logistic regression, one feature.
//   z = w·x + b,  ŷ = σ(z),  L = −y·log ŷ − (1 − y)·log(1 − ŷ)
//   ∂L/∂w = x(ŷ − y),  ∂L/∂b = ŷ − y        (θᵀ = [b w], xᵀ = [1 x])
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>
#include <tracegrad/worked_example.hpp>

#include "contours.hpp"

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{"logistic_one_feature", "Logistic regression: one stochastic step, one feature", "44-46", 0.01, 1,
                  {loss_flag()}};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto x = lesson.input("x", 1.4);
    auto y = lesson.label("y", 0.0);
    auto b = lesson.param("b", 0.1);
    auto w = lesson.param("w", -0.1);
    // slides 30–31's picture: the sample, ŷ = σ(w·x + b) before and after, the deck's two fits
    lesson.record_table("picture") = {{"model", "sigmoid"}, {"x", "x"}, {"y", "y"}, {"slope", "w"}, {"intercept", "b"},
                                  {"fits", {{0.535, -0.654}, {2.331, -5.156}}}};
    auto model = [&] {
      auto z = (w * x + b).named("z");
      return sigmoid_cross_entropy(z, y, lesson.flag("loss"));
    };

    const std::string deck = "the deck (slides 44–46)";  // deck.md does not say which slide prints each
    WorkedExample slides{
        // −0.1·1.4 + 0.1 is −0.04 exactly, but the double is −0.03999999999999998: the slide
        // truncates it (not an erratum)
        .forward = {{"z", value_of("z"), "-0.0399", deck},
                    {"ŷ", value_of("y_hat"), "0.49", deck},
                    {"L", value_of("L"), "0.6733", deck}},
        .backward = {{"∂L/∂b = ŷ − y", grad_of("b"), "0.49", deck},
                     {"∂L/∂w = x(ŷ − y)", grad_of("w"), "0.686", deck}},
        .update = {{"b", value_of("b"), "0.095", deck}, {"w", value_of("w"), "-0.1068", deck}},
        .after = {{"z after the update", value_of("z"), "-0.0545", deck},
                  {"ŷ after the update", value_of("y_hat"), "0.486", deck},
                  {"L after the update (\"previous L = 0.6733\")", value_of("L"), "0.666", deck}},
    };
    worked_example(lesson, model, {b, w}, slides);
    // the step on the contours of L(w, b), the sample fixed
    lessons::record_contours(lesson, {"w", "b"}, [&](double wv, double bv) {
      Tape t;
      auto z = t.param("w", wv) * t.input("x", x.value()) + t.param("b", bv);
      return sigmoid_cross_entropy(z, t.label("y", y.value()), lesson.flag("loss")).value();
    });
  });
}
