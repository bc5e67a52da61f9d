// Deck §6, slides 59–61: the Demo slide's run. The five steps of logistic regression,
// vectorized, repeated on the one sample the slide shows, x = [1, 1.4, 0.2], y = 0:
//   1 pick the sample (x, y)        2 z = θᵀx, ŷ = σ(z)
//   3 L = −y·log ŷ − (1 − y)·log(1 − ŷ)
//   4 ∇θL = x(ŷ − y)                5 θ = θ − η∇θL,  θ = [b, w1, w2] = [0.1, 0.5, −0.1], η = 0.01
// The loss goes 1.1573 → 1.1432 → … (slides 48–51 print the first two). The first step is
// shown in full, the others one line each (a long run, only some: step_lines.hpp). (The
// training lesson runs the project's own, made-up, multi-sample data set.)
#include <string>

#include <fmt/format.h>

#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>
#include <tracegrad/step_lines.hpp>
#include <tracegrad/tensor_ops.hpp>

#include "contours.hpp"

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{"demo", "The Demo slide: the five steps, vectorized, on one sample", "59-61", 0.01, 10, {loss_flag()}};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto x = lesson.input("x", Tensor::vector({1.0, 1.4, 0.2}));  // 1. the sample
    auto y = lesson.label("y", 0.0);
    auto theta = lesson.param("theta", Tensor::vector({0.1, 0.5, -0.1}));
    auto model = [&] { return sigmoid_cross_entropy(dot(theta, x).named("z"), y, lesson.flag("loss")); };
    const double theta0 = theta.values()[0];  // where the contours' slice through θ holds θ₀
    const std::string deck = "the deck (slides 47–51)";
    lesson.record_once();  // the same graph at every step, only θ changes: recorded once, replayed

    double previous = 0;
    bool down = true;
    for (int step = 0; step < lesson.steps(); ++step) {
      lesson.set_verbose(step == 0);
      auto L = lesson.forward(model);  // 2. the output, 3. the loss
      lesson.backward(L);              // 4. the derivatives
      if (step == 0) lesson.compare_with_slide("L", L.value(), "1.1573", deck);
      if (step == 1) lesson.compare_with_slide("L after one update (\"previous L = 1.1573\")", L.value(), "1.1432", deck);
      if (step > 0) down = down && L.value() < previous;
      previous = L.value();
      lesson.update(theta);            // 5. the update
      note_step(lesson, step_line(step, L, theta), step, lesson.steps());  // in the trace at every step, on screen at some
    }
    lesson.set_verbose(true);
    auto L = lesson.finish(model, "After the last update: the same sample again");
    if (lesson.steps() > 0) down = down && L.value() < previous;
    lesson.note(fmt::format("the loss went down at every step: {}", down ? "yes" : "NO"));
    // (θ₁, θ₂)'s path on the contours of L in the slice θ₀ = its start: θ₀ moves too, so the path
    // drawn is its shadow on that slice (the levels are L there, at the shadow's points)
    lessons::record_contours(lesson, {"theta[1]", "theta[2]", {{"theta[0]", theta0}}}, [&](double w1, double w2) {
      Tape t;
      auto z = t.constant(theta0) * x.values()[0] + t.param("w1", w1) * x.values()[1] + t.param("w2", w2) * x.values()[2];
      return sigmoid_cross_entropy(z, t.label("y", y.value()), lesson.flag("loss")).value();
    });
  });
}
