// Deck §4.2, slides 47–51: one stochastic step of logistic regression, two features.
//   z = w1·x1 + w2·x2 + b,  ŷ = σ(z),  L = −y·log ŷ − (1 − y)·log(1 − ŷ)
//   ∂L/∂b = ŷ − y,  ∂L/∂w1 = x1(ŷ − y),  ∂L/∂w2 = x2(ŷ − y)   (θᵀ = [b w1 w2], xᵀ = [1 x1 x2])
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>
#include <tracegrad/worked_example.hpp>

#include "two_features.hpp"

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{"logistic_two_features", "Logistic regression: one stochastic step, two features", "47-51", 0.01,
                  1, {loss_flag()}};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto s = lessons::two_features(lesson);
    auto model = [&] { return sigmoid_cross_entropy(s.z(), s.y, lesson.flag("loss")); };

    const std::string deck = "the deck (slides 47–51)";  // deck.md does not say which slide prints each
    WorkedExample slides{
        .forward = {{"z", value_of("z"), "0.78", deck},
                    {"ŷ", value_of("y_hat"), "0.6856", deck},
                    {"L", value_of("L"), "1.1573", deck}},
        .backward = {{"∂L/∂b = ŷ − y", grad_of("b"), "0.6856", deck},
                     {"∂L/∂w1 = x1(ŷ − y)", grad_of("w1"), "0.9599", deck},
                     {"∂L/∂w2 = x2(ŷ − y)", grad_of("w2"), "0.1371", deck}},
        .update = {{"b", value_of("b"), "0.0931", deck},
                   {"∂L/∂w1 in \"w1 = 0.5 − η·0.9598\"", grad_of("w1"), "0.9598", "slides 49–50",
                    "the gradient printed beside it is 0.9599; it is 0.9599521595"},
                   {"w1", value_of("w1"), "0.4990", "slides 49–50",
                    "0.4990 = 0.5 − 0.001·0.9598, as if η were 0.001; 0.5 − 0.01·0.9599521595 = 0.4904"},
                   {"w1", value_of("w1"), "0.4904", "slide 50's diagram"},
                   {"w2", value_of("w2"), "-0.1013", deck}},
        .update_notes = {"slides 49 and 50 write w2 = −0.1 + η·0.1371: erratum, the update subtracts: "
                         "w2 = −0.1 − 0.01·0.1371 = −0.101371"},
        .after = {{"z after the update", value_of("z"), "0.75", deck},
                  {"ŷ after the update", value_of("y_hat"), "0.6812", deck},
                  {"L after the update (\"previous L = 1.1573\")", value_of("L"), "1.1432", deck}},
    };
    worked_example(lesson, model, {s.b, s.w1, s.w2}, slides);
  });
}
