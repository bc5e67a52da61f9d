// Deck §2, slides 13–17 and 23: candidate lines, and the loss of a line as a function of b and of w.
//   price = w·area + b;  on the sample (x, y) = (6.7, 9.1):  ŷ = w·x + b,  L = (ŷ − y)²
//   at fixed w, L is a parabola in b: slope ∂L/∂b = 2(ŷ − y), lowest (0) at b = y − w·x
//   at fixed b, L is a parabola in w: slope ∂L/∂w = 2x(ŷ − y), lowest (0) at w = (y − b)/x
// Four runs on the same leaves x, y, w, b:
//   lines        slides 13–15: the lines w = −0.34, b = 0.04 and w = 1.17, b = 0.26, their
//                price at area 6.0 and their loss on the sample (--set w, b move the first line);
//                config.lines lists them for the picture
//   loss_of_b    slide 16: L at the current b (its slope, the gradient backward computes), then
//                at --steps values of b around the lowest point, w fixed
//   loss_of_w    slide 17: the same in w, b fixed
//   first_update slide 23: the line before and after one update, η = --lr
#include <cmath>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>
#include <tracegrad/trace.hpp>

#include "contours.hpp"
#include "sweep.hpp"

using namespace tracegrad;

namespace {

struct Line {
  Var x, y, w, b;
};

Line leaves(Lesson& lesson) {
  return {lesson.input("x", 6.7), lesson.label("y", 9.1), lesson.param("w", -0.34), lesson.param("b", 0.04)};
}

std::function<Var()> loss_of(const Line& l) {
  return [=] {
    auto y_hat = (l.w * l.x + l.b).named("y_hat");
    return square(y_hat - l.y).named("L");
  };
}

std::string line_text(const Line& l) { return fmt::format("price = {}·area + {}", factor(l.w.value()), factor(l.b.value())); }

// The price the line predicts at an area, on its own tape (slide 13 asks "if area = 6.0, price = ?").
double price_at(const Line& l, double area) {
  Tape tape;
  return (tape.param("w", l.w.value()) * tape.input("area", area) + tape.param("b", l.b.value())).value();
}

void lines(Lesson& lesson) {
  lesson.start_run("lines", "two candidate lines (slides 13–15)", Lesson::Updates::none, Lesson::Steps::unused);
  lesson.record_setting("slide", 13);  // the viewer lists the runs in the deck's order
  auto l = leaves(lesson);
  const double candidates[][2] = {{l.w.value(), l.b.value()}, {1.17, 0.26}};
  double losses[2];
  for (int i = 0; i < 2; ++i) {
    l.w.set_value(candidates[i][0]);
    l.b.set_value(candidates[i][1]);
    auto L = lesson.forward(loss_of(l));
    lesson.backward(L);
    losses[i] = L.value();
    lesson.record_table("lines").push_back(
        {{"w", l.w.value()}, {"b", l.b.value()}, {"price_at_area_6", price_at(l, 6.0)}, {"loss", trace_number(L.value())}});
    lesson.note(fmt::format("line {}: {}; at area 6.0 price = {}; on the sample ({}, {}) L = {}", i + 1, line_text(l),
                            show(price_at(l, 6.0)), show(l.x.value()), show(l.y.value()), show(L.value())));
  }
  lesson.compare_with_slide("L of the line w = −0.34, b = 0.04 on (6.7, 9.1)", losses[0], "128.55", "slide 23");
  lesson.compare_with_slide("price at area 6.0 with w = 1.17, b = 0.26", price_at(l, 6.0), "7.28", "slide 13");
  if (losses[0] == losses[1]) lesson.note("the two lines have the same loss on the sample");
  else
    lesson.note(fmt::format("line {} has the smaller loss ({} < {}): it fits the sample better", losses[1] < losses[0] ? 2 : 1,
                            show(std::fmin(losses[0], losses[1])), show(std::fmax(losses[0], losses[1]))));
  lesson.finish(loss_of(l), "The second line again");
}

// --steps points from lowest − R to lowest + R, R wide enough to hold the current point.
std::vector<double> around(double lowest, double current, int points) {
  double R = std::fmax(1.0, std::ceil(1.25 * std::fabs(current - lowest)));
  return lessons::evenly(lowest - R, lowest + R, points);
}

// L as a function of one parameter, the other fixed (slides 16–17): a parabola, lowest (0) where
// ŷ = y. Its slope is ∂L/∂p = 2k(ŷ − y) with k = ∂ŷ/∂p: 1 for b, x for w.
void parabola(Lesson& lesson, bool in_b) {
  lesson.start_run(in_b ? "loss_of_b" : "loss_of_w",
                   in_b ? "L as a function of b at fixed w (slide 16)" : "L as a function of w at fixed b (slide 17)",
                   Lesson::Updates::none);
  lesson.record_setting("slide", in_b ? 16 : 17);
  auto l = leaves(lesson);
  const double x = l.x.value(), y = l.y.value(), k = in_b ? 1 : x;
  Var swept = in_b ? l.b : l.w, fixed = in_b ? l.w : l.b;
  // ŷ = y at b = y − w·x, or at w = (y − b)/x (with x = 0, L does not depend on w)
  double lowest = in_b ? y - l.w.value() * x : x == 0 ? l.w.value() : (y - l.b.value()) / x;
  lesson.say(fmt::format("{} = {} fixed, x = {}, y = {}: L({}) = (w·x + b − y)² is a parabola, lowest at {} = {}",
                         fixed.name(), show(fixed.value()), show(x), show(y), swept.name(), swept.name(), show(lowest)));
  auto curve = lessons::sweep(lesson, swept, around(lowest, swept.value(), lesson.steps()), loss_of(l), [&](const Var&) {
    return fmt::format("{}(ŷ − y) = {}", in_b ? "2" : "2x", show(2 * k * (lesson.tape().find("y_hat")->value() - y)));
  });
  lesson.record_table("sweep")["fixed"] = {{std::string(fixed.name()), fixed.value()}};
  lesson.record_table("sweep")["lowest"] = lowest;
  lesson.compare_with_slide(in_b ? "∂L/∂b at b = 0.04" : "∂L/∂w at w = −0.34", curve.current.slope, in_b ? "-22.676" : "-151.9292",
              "slide 22");
  lesson.finish(loss_of(l), "Back at the current point");
}

void first_update(Lesson& lesson) {
  lesson.start_run("first_update", "the line before and after the first update (slide 23)", Lesson::Updates::some,
                   Lesson::Steps::unused);
  lesson.record_setting("slide", 23);
  auto l = leaves(lesson);
  lesson.record_table("picture") = {{"model", "line"}, {"x", "x"}, {"y", "y"}, {"slope", "w"}, {"intercept", "b"}};
  std::string before = line_text(l);
  auto L = lesson.forward(loss_of(l));
  lesson.backward(L);
  lesson.update({l.w, l.b});
  L = lesson.finish(loss_of(l));
  lesson.note(fmt::format("the line before the update: {}; after: {}", before, line_text(l)));
  lesson.compare_with_slide("ŷ after the update", lesson.tape().find("y_hat")->value(), "-2.238", "slide 22",
              fmt::format("the panel after the update still prints the ŷ of before; with w = {}, b = {}: ŷ = {}",
                          show(l.w.value()), show(l.b.value()), show(lesson.tape().find("y_hat")->value())));
  lesson.compare_with_slide("L after the update", L.value(), "0.868", "slide 23");
  // the update on the contours of L(w, b) = (w·x + b − y)², the parabolas of slides 16–17 their cuts
  lessons::record_contours(lesson, {"w", "b"}, [&](double w, double b) {
    Tape t;
    return square(t.param("w", w) * t.input("x", l.x.value()) + t.param("b", b) - t.label("y", l.y.value())).value();
  });
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "lines_and_loss", .title = "Lines and their loss: a parabola in w and in b", .slides = "13-17,23",
                  .steps = 11, .lr_help = "learning rate η of first_update's update; the other runs make none",
                  .steps_help = "points of b (loss_of_b) and of w (loss_of_w) around the lowest point; at least 2"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    lessons::require_points(lesson);
    lesson.plan_runs(4);
    lesson.record_once();  // each run's graph is the same at each of its points: recorded once, replayed
    lines(lesson);
    parabola(lesson, true);   // in b
    parabola(lesson, false);  // in w
    first_update(lesson);
  });
}
