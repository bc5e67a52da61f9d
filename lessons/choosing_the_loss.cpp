// Deck §3, slides 33–35: choosing the loss of logistic regression.
// Slide 33's candidates f(ŷ): which is large where the prediction is wrong and 0 where it is
// right? For y = 1 that is −log ŷ, for y = 0 −log(1 − ŷ); one formula without the "if":
//   L = −y·log ŷ − (1 − y)·log(1 − ŷ)            (binary cross-entropy)
// Then, for ŷ = σ(z) on one sample, the gradient that reaches z (and so every θᵢ, ∂z/∂θᵢ = xᵢ):
//   squared error  L = (ŷ − y)²:  ∂L/∂z = 2(ŷ − y)·ŷ(1 − ŷ)   → 0 as ŷ → 1 − y (confidently wrong)
//   cross-entropy:                ∂L/∂z = ŷ − y               → ±1 there: it keeps pushing
// Three runs on the leaves z (input) and y (label):
//   candidates     the candidates at ŷ = σ(−7) ≈ 0 and σ(7) ≈ 1, then L at (y, z) = (1, ∓7), (0, ∓7)
//   squared        slide 48's z = 0.78, y = 0, then --steps values of z from −8 to 8
//   cross_entropy  the same with cross-entropy, and the two gradients side by side
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>

#include "sweep.hpp"

using namespace tracegrad;

namespace {

struct Sample {
  Var z, y;
};

Sample leaves(Lesson& lesson, double z) { return {lesson.input("z", z), lesson.label("y", 0.0)}; }

// L = −y·log ŷ − (1 − y)·log(1 − ŷ), ŷ = σ(z): the slide's graph (losses.hpp).
Var cross_entropy(const Sample& s) { return sigmoid_cross_entropy(s.z, s.y, "log"); }

// L = (ŷ − y)², ŷ = σ(z): the squared error of linear regression put on the sigmoid.
Var squared_error(const Sample& s) {
  auto y_hat = sigmoid(s.z).named("y_hat");
  return square(y_hat - s.y).named("L");
}

struct Candidate {
  const char* name;
  std::function<Var(const Var&)> f;
};

// Slide 33's "suggested functions" of x = ŷ.
const std::vector<Candidate>& candidates() {
  static const std::vector<Candidate> list{
      {"eˣ", [](const Var& x) { return exp(x); }},
      {"2ˣ", [](const Var& x) { return exp(std::log(2.0) * x); }},  // aˣ = e^(x·ln a)
      {"(1/2)ˣ", [](const Var& x) { return exp(-std::log(2.0) * x); }},
      {"(1/6)ˣ", [](const Var& x) { return exp(-std::log(6.0) * x); }},
      {"log x", [](const Var& x) { return log(x); }},
      {"−log x", [](const Var& x) { return -log(x); }},
      {"log(1 − x)", [](const Var& x) { return log(1.0 - x); }},
      {"−log(1 − x)", [](const Var& x) { return -log(1.0 - x); }},
      {"x²", [](const Var& x) { return square(x); }},
  };
  return list;
}

// A loss for label y must be large (≥ 5) where ŷ is wrong and near 0 (< 0.01) where it is right.
std::string fits(double near_0, double near_1) {
  bool right_1 = std::fabs(near_1) < 0.01, right_0 = std::fabs(near_0) < 0.01;
  if (near_0 >= 5 && right_1) return "a loss for y = 1";
  if (near_1 >= 5 && right_0) return "a loss for y = 0";
  return "neither";
}

void choose(Lesson& lesson) {
  lesson.start_run("candidates", "slide 33's candidate functions where ŷ → 0 and ŷ → 1", Lesson::Updates::none,
                   Lesson::Steps::unused);  // its curves have points of their own, not --steps
  Sample s{lesson.fixed_input("z", -7), lesson.fixed_label("y", 0)};  // its four cases set both
  const double lo = sigmoid(-7.0), hi = sigmoid(7.0);
  auto& table = lesson.record_table("candidates");
  table["y_hat"] = {lo, hi};
  // the picture's curves: each candidate at ŷ = σ(−7), 0.04, 0.08, …, 0.96, σ(7)
  std::vector<double> grid = lessons::evenly(0.04, 0.96, 24);
  grid.insert(grid.begin(), lo);
  grid.push_back(hi);
  table["curve_at"] = grid;
  for (const auto& c : candidates()) {
    Tape tape;  // each candidate on its own tape: it is not the lesson's loss
    double near_0 = c.f(tape.input("y_hat", lo)).value(), near_1 = c.f(tape.input("y_hat", hi)).value();
    std::string verdict = fits(near_0, near_1);
    ordered_json curve = ordered_json::array();
    for (double v : grid) curve.push_back(trace_number(c.f(tape.input("y_hat", v)).value()));
    table["functions"].push_back({{"f", c.name}, {"near_0", near_0}, {"near_1", near_1}, {"fits", verdict}, {"curve", curve}});
    lesson.note(fmt::format("{}: at ŷ = {}: {}; at ŷ = {}: {}: {}", c.name, show(lo), show(near_0), show(hi),
                            show(near_1), verdict));
  }
  auto model = [&] { return cross_entropy(s); };
  lesson.say("How to remove the if? L = −y·log ŷ − (1 − y)·log(1 − ŷ): y = 1 keeps −log ŷ, y = 0 keeps −log(1 − ŷ).");
  for (double y : {1.0, 0.0})
    for (double z : {-7.0, 7.0}) {
      s.y.set_value(y);
      s.z.set_value(z);
      auto L = lesson.forward(model);
      lesson.backward(L);
      double y_hat = lesson.tape().find("y_hat")->value();
      bool wrong = (y == 1) == (y_hat < 0.5);
      lesson.note(fmt::format("y = {}, ŷ = {} ({}): L = {} = {}", show(y), show(y_hat), wrong ? "wrong" : "right",
                              show(L.value()), y == 1 ? fmt::format("−log ŷ = {}", show(-std::log(y_hat)))
                                                      : fmt::format("−log(1 − ŷ) = {}", show(-std::log(1 - y_hat)))));
    }
  lesson.finish(model, "The last case again");
}

// One run: the loss at slide 48's z, then across z; returns the curve for the comparison.
lessons::Curve gradients(Lesson& lesson, const std::string& run, const std::function<Var(const Sample&)>& loss,
                         const std::string& formula, const std::function<double(double, double)>& by_formula) {
  lesson.start_run(run, fmt::format("∂L/∂z = {} across z, y = 0", formula));
  auto s = leaves(lesson, 0.78);  // slide 48: z = 0.5·1.4 − 0.1·0.2 + 0.1
  auto model = [&] { return loss(s); };
  auto curve = lessons::sweep(lesson, s.z, lessons::evenly(-8, 8, lesson.steps()), model,
                              [&](const Var&) {
                                double y_hat = lesson.tape().find("y_hat")->value();
                                return fmt::format("ŷ = {}; {} = {}", show(y_hat), formula,
                                                   show(by_formula(y_hat, s.y.value())));
                              });
  lesson.finish(model, "Back at slide 48's z");
  return curve;
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "choosing_the_loss", .title = "Choosing the loss: cross-entropy, not the squared error",
                  .slides = "33-35", .lr = std::nullopt, .steps = 17,
                  .steps_help = "points z from −8 to 8 of the squared and cross_entropy sweeps (at least 2)"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    lessons::require_points(lesson);
    lesson.plan_runs(3);
    lesson.record_once();  // each run's graph is the same at each of its points: recorded once, replayed
    choose(lesson);
    auto squared = gradients(lesson, "squared", squared_error, "2(ŷ − y)ŷ(1 − ŷ)",
                             [](double y_hat, double y) { return 2 * (y_hat - y) * y_hat * (1 - y_hat); });
    auto entropy = gradients(lesson, "cross_entropy", cross_entropy, "ŷ − y", [](double y_hat, double y) { return y_hat - y; });
    const std::string deck = "the deck (slides 47–51)";  // slide 48's sample; deck.md does not say which slide prints each
    lesson.compare_with_slide("L at z = 0.78", entropy.current.value, "1.1573", deck);
    lesson.compare_with_slide("∂L/∂z = ŷ − y (= ∂L/∂b, since ∂z/∂b = 1)", entropy.current.slope, "0.6856", deck);
    // The most confidently wrong point of the sweep: the largest |ŷ − y|, cross-entropy's |∂L/∂z|.
    std::size_t worst = 0;
    for (std::size_t i = 0; i < entropy.points.size(); ++i)
      if (std::fabs(entropy.points[i].slope) > std::fabs(entropy.points[worst].slope)) worst = i;
    const auto& sq = squared.points[worst];
    const auto& ce = entropy.points[worst];
    lesson.note(fmt::format("most confidently wrong at z = {} (|ŷ − y| = {}): the squared error's ∂L/∂z = {}, "
                            "cross-entropy's = {}{}",
                            show(ce.at), show(std::fabs(ce.slope)), show(sq.slope), show(ce.slope),
                            std::fabs(sq.slope) < 0.01 * std::fabs(ce.slope)
                                ? fmt::format(": the squared error's gradient has all but vanished ({} times smaller)",
                                              show(ce.slope / sq.slope))
                                : ""));
  });
}
