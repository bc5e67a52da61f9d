// Deck §5, slide 60: the two-feature example written with vectors (and slides 52–53's review,
// slide 56's squared-loss gradient).
//   θ = [b, w1, w2]ᵀ, x = [1, x1, x2]ᵀ,  z = θᵀx,  ŷ = σ(z)
//   ∇θL = x(ŷ − y)            (binary cross-entropy: one shared factor ŷ − y)
//   ∇θL = 2x(ŷ − y), ŷ = θᵀx   (the squared loss of linear regression)
// theta (a param) and x (an input, x[0] = 1) are vector nodes: z = dot(theta, x) is one node,
// and --set theta[1]=0.3 sets one element. Two runs: "logistic" (slide 60) and "squared"
// (the same θ and x).
#include <string>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/step_lines.hpp>
#include <tracegrad/tensor_ops.hpp>

using namespace tracegrad;

namespace {

struct Vectors {
  TensorVar theta, x;
  Var y;
};

Vectors leaves(Lesson& lesson) {
  auto x = lesson.input("x", Tensor::vector({1.0, 1.4, 0.2}));
  auto y = lesson.label("y", 0.0);
  auto theta = lesson.param("theta", Tensor::vector({0.1, 0.5, -0.1}));
  return {theta, x, y};
}

// ∇θL from the engine beside the formula k·x(ŷ − y) (k = 1 or 2), component by component.
void compare(Lesson& lesson, const Vectors& v, double k, const std::string& formula) {
  double y_hat = lesson.tape().find("y_hat")->value();
  lesson.stage(fmt::format("∇θL = {}", formula));
  for (std::size_t i = 0; i < v.theta.size(); ++i) {
    double x = v.x.values()[i], g = v.theta.grad()[i], by_formula = k * x * (y_hat - v.y.value());
    lesson.note(fmt::format("∂L/∂theta[{}] = {} (backward); {} = {}{}·({} − {}) = {}: {}", i, show(g), formula,
                            k == 1 ? "" : show(k) + "·", show(x), show(y_hat), show(v.y.value()),
                            show(by_formula), g == by_formula ? "equal" : fmt::format("differ by {}", show(g - by_formula))));
  }
}

// The scalar model of logistic_two_features on its own tape, at the same numbers: its
// gradients for b, w1, w2 beside ∇θL.
void same_as_two_features(Lesson& lesson, const Vectors& v) {
  Tape tape;
  auto x1 = tape.input("x1", v.x.values()[1]), x2 = tape.input("x2", v.x.values()[2]);
  auto y = tape.label("y", v.y.value());
  auto b = tape.param("b", v.theta.values()[0]), w1 = tape.param("w1", v.theta.values()[1]);
  auto w2 = tape.param("w2", v.theta.values()[2]);
  auto w1x1 = w1 * x1;
  auto z = w1x1 + w2 * x2 + b;
  sigmoid_cross_entropy(z, y, lesson.flag("loss")).backward();
  const Var scalar[] = {b, w1, w2};
  for (std::size_t i = 0; i < 3; ++i) {
    double d = v.theta.grad()[i] - scalar[i].grad();
    lesson.note(fmt::format("∂L/∂theta[{}] = {}; logistic_two_features' ∂L/∂{} = {}: {}", i, show(v.theta.grad()[i]),
                            scalar[i].name(), show(scalar[i].grad()),
                            d == 0 ? "exactly equal" : fmt::format("differ by {}", show(d))));
  }
}

void logistic(Lesson& lesson) {
  lesson.start_run("logistic", "binary cross-entropy, slide 60");
  auto v = leaves(lesson);
  auto model = [&] { return sigmoid_cross_entropy(dot(v.theta, v.x).named("z"), v.y, lesson.flag("loss")); };
  const char* slide = "slide 60";
  StepTable table(v.theta);
  for (int step = 0; step < lesson.steps(); ++step) {
    lesson.set_verbose(step == 0);  // later steps one line each (step_lines.hpp)
    auto L = lesson.forward(model);
    if (step == 0) {  // read from the tape, not through a Var: comparing builds nothing (Lesson::record_once)
      Tape& tape = lesson.tape();
      lesson.compare_with_slide("ŷ = σ(θᵀx)", tape.value(tape.find("y_hat")->id()), "0.6856", slide);
      lesson.compare_with_slide("L", tape.value(L.id()), "1.1573", slide);
    }
    lesson.backward(L);
    if (!lesson.verbose()) table.show(lesson, step, lesson.steps(), L);
    if (step == 0) {
      const char* grads[] = {"0.6856", "0.9599", "0.1371"};
      for (std::size_t i = 0; i < 3; ++i)
        lesson.compare_with_slide(fmt::format("∇θL[{}]", i), v.theta.grad()[i], grads[i], slide);
      compare(lesson, v, 1, "x(ŷ − y)");
      same_as_two_features(lesson, v);
    }
    lesson.update(v.theta);
    if (step == 0) {
      const char* after[] = {"0.093", "0.499", "-0.101"};
      for (std::size_t i = 0; i < 3; ++i)
        lesson.compare_with_slide(fmt::format("theta[{}] after the update", i), v.theta.values()[i], after[i], slide,
                    i == 1 ? "0.5 − 0.01·0.959952 = 0.4904; 0.499 is the slip of slides 49–50, whose 0.4990 is "
                             "0.5 − 0.001·0.9598, as if η were 0.001" : "");
    }
  }
  lesson.set_verbose(true);
  lesson.finish(model);
}

void squared(Lesson& lesson) {
  lesson.start_run("squared", "the squared loss of linear regression, ŷ = θᵀx");
  auto v = leaves(lesson);
  auto model = [&] { return square(dot(v.theta, v.x).named("y_hat") - v.y).named("L"); };
  StepTable table(v.theta);
  for (int step = 0; step < lesson.steps(); ++step) {
    lesson.set_verbose(step == 0);  // later steps one line each (step_lines.hpp)
    auto L = lesson.forward(model);
    lesson.backward(L);
    if (!lesson.verbose()) table.show(lesson, step, lesson.steps(), L);
    if (step == 0) {
      compare(lesson, v, 2, "2x(ŷ − y)");
      lesson.note("slide 56 writes ∇θL = 2x(ŷ − y) beside a derivation whose components carry no factor 2: the 2 "
                  "belongs to this squared loss; the cross-entropy's ∇θL = x(ŷ − y) (slide 60) has none, so slide "
                  "56's 2 may also be a slip of the deck");
    }
    lesson.update(v.theta);
  }
  lesson.set_verbose(true);
  lesson.finish(model);
}

}  // namespace

// Slides 52–53's review: a dot product and a scalar times a vector, on their own tape.
void review(Lesson& lesson) {
  lesson.stage("Review: v·u = Σ vi·ui and a scalar times a vector (slides 52–53)");
  Tape tape;
  auto v = tape.input("v", Tensor::vector({1, 2})), u = tape.input("u", Tensor::vector({2, 3}));
  lesson.compare_with_slide("[1 2]·[2 3]", dot(v, u).value(), "8", "the deck (slides 52–53)");
  auto doubled = 2.0 * tape.input("a", Tensor::vector({1, 2, 3}));
  const char* printed[] = {"2", "4", "6"};
  for (std::size_t i = 0; i < 3; ++i)
    lesson.compare_with_slide(fmt::format("(2·[1 2 3])[{}]", i), doubled.values()[i], printed[i], "the deck (slides 52–53)");
}

int main(int argc, char** argv) {
  LessonInfo info{.name = "vectorized", .title = "Vectorization: θᵀx and ∇θL = x(ŷ − y)", .slides = "52-60",
                  .flags = {loss_flag()}, .steps_help = "updates in each run (logistic, squared)"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    lesson.plan_runs(2);
    lesson.record_once();  // each run's graph is the same at every step: recorded once, replayed
    logistic(lesson);
    review(lesson);
    squared(lesson);
  });
}
