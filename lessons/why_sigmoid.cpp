// Deck §3, slides 25–32: why a sigmoid. A line z = w·x + b is unbounded; ŷ = σ(z) = 1/(1 + e^−z)
// maps it into (0, 1) and keeps its order (σ is increasing: dσ/dz = σ(1 − σ) > 0), so ŷ reads as
// the probability of class 1 and ŷ = 0.5 (z = 0, x = −b/w) is the decision boundary.
//   ∂ŷ/∂x = ∂ŷ/∂z · ∂z/∂x = ŷ(1 − ŷ)·w
// Three runs of the same model on the leaves x, w, b (--set moves them in every run):
//   sigmoid  w = 1, b = 0, so z = x: σ at --steps values of z from −6 to 6
//   fit_1    slide 30's fit z = 0.535x − 0.654, from its boundary, then x from 0 to 4
//   fit_2    slide 31's fit z = 2.331x − 5.156, the same
#include <cmath>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>

#include "sweep.hpp"

using namespace tracegrad;

namespace {

struct Model {
  Var x, w, b;
  Var operator()() const {
    auto z = (w * x + b).named("z");
    return sigmoid(z).named("y_hat");
  }
};

// The leaves; x starts at the boundary −b/w (at 0 when w = 0: no boundary).
Model leaves(Lesson& lesson, double w, double b) {
  auto wv = lesson.param("w", w);
  auto bv = lesson.param("b", b);
  double boundary = wv.value() == 0 ? 0.0 : -bv.value() / wv.value();
  if (boundary == 0) boundary = 0;  // b = 0 gives −0: start at 0
  return {lesson.input("x", boundary), wv, bv};
}

// ŷ at each x, with the slope the engine finds and the class it predicts; then whether every ŷ
// lies in (0, 1) and grows with z, as slides 27–28 say.
void run(Lesson& lesson, const Model& m, double lo, double hi) {
  lesson.say(fmt::format("The model: z = {}·x + {}, ŷ = σ(z) = 1/(1 + e^−z). Nothing is trained: backward starts "
                         "from ŷ (the box Loss shows it) and gives the slope ∂ŷ/∂x.",
                         factor(m.w.value()), factor(m.b.value())));
  double last_z = -INFINITY, last_y_hat = -INFINITY, z_lo = INFINITY, z_hi = -INFINITY;
  bool in_range = true, increasing = true;
  lessons::sweep(lesson, m.x, lessons::evenly(lo, hi, lesson.steps()), m, [&](const Var& y_hat) {
    double z = lesson.tape().find("z")->value(), p = y_hat.value();
    in_range = in_range && 0 < p && p < 1;
    if (z > last_z) increasing = increasing && p > last_y_hat;
    last_z = z;
    last_y_hat = p;
    z_lo = std::fmin(z_lo, z);
    z_hi = std::fmax(z_hi, z);
    return fmt::format("z = {}; ŷ(1 − ŷ)·w = {}; predicts class {}", show(z), show(p * (1 - p) * m.w.value()),
                       p >= 0.5 ? 1 : 0);
  });
  // the picture's line z = w·x + b beside σ(z): the line σ maps into (0, 1)
  lesson.record_table("sweep")["line"] = {{"slope", m.w.value()}, {"intercept", m.b.value()}};
  lesson.note(fmt::format("the line z goes from {} to {} (a line is unbounded); every ŷ in (0, 1): {}; ŷ grows with z: {}",
                          show(z_lo), show(z_hi), in_range ? "yes" : "NO", increasing ? "yes" : "NO"));
  if (m.w.value() != 0)
    lesson.note(fmt::format("decision boundary: ŷ = 0.5 where z = 0, at x = −b/w = {} (computed); below it class {}, "
                            "above it class {}",
                            show(-m.b.value() / m.w.value()), m.w.value() > 0 ? 0 : 1, m.w.value() > 0 ? 1 : 0));
  lesson.finish(m, "Back at the first point");
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "why_sigmoid", .title = "Why a sigmoid: σ(z) in (0, 1), increasing; two fits and their boundaries",
                  .slides = "25-32", .lr = std::nullopt, .steps = 9,
                  .steps_help = "points of each sweep: x from −6 to 6 (sigmoid), from 0 to 4 (fit_1, fit_2); at least 2"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    lessons::require_points(lesson);
    lesson.plan_runs(3);
    lesson.record_once();  // each run's graph is the same at each of its points: recorded once, replayed
    lesson.start_run("sigmoid", "σ(z) = 1/(1 + e^−z) with z = x (slides 27–28)");
    run(lesson, leaves(lesson, 1, 0), -6, 6);
    lesson.start_run("fit_1", "slide 30's fit z = 0.535x − 0.654");
    run(lesson, leaves(lesson, 0.535, -0.654), 0, 4);
    lesson.start_run("fit_2", "slide 31's fit z = 2.331x − 5.156");
    run(lesson, leaves(lesson, 2.331, -5.156), 0, 4);
  });
}
