// Students' rewrites of two lessons, for the grading tests (test_fair_grading.py): the
// program a student might write instead of lessons/linear_regression.cpp or
// lessons/logistic_one_feature.cpp, chosen by the environment variable TRACEGRAD_REWRITE.
// The correct ones must grade PASS against the golden trace, whatever the node order, the
// spelling or the compiler (C++ leaves the evaluation order of a + b's operands open).
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>
#include <stdexcept>
#include <string>

#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

namespace {

using Loss = Var (*)(const Var& y_hat, const Var& y);
using Prediction = Var (*)(const Var& w, const Var& x, const Var& b);

Var wx_plus_b(const Var& w, const Var& x, const Var& b) { return (w * x + b).named("y_hat"); }

// Slides 21–23: ŷ = w·x + b, L = (ŷ − y)², one step. Correct rewrites and two wrong ones.
const std::map<std::string, std::pair<Prediction, Loss>> linear = {
    {"slide", {wx_plus_b, [](const Var& y_hat, const Var& y) { return square(y_hat - y); }}},
    {"b_plus_wx", {[](const Var& w, const Var& x, const Var& b) { return (b + w * x).named("y_hat"); },
                   [](const Var& y_hat, const Var& y) { return square(y_hat - y); }}},
    {"x_times_w", {[](const Var& w, const Var& x, const Var& b) { return (x * w + b).named("y_hat"); },
                   [](const Var& y_hat, const Var& y) { return square(y_hat - y); }}},
    {"unnamed_y_hat", {[](const Var& w, const Var& x, const Var& b) { return w * x + b; },
                       [](const Var& y_hat, const Var& y) { return square(y_hat - y); }}},
    {"error_times_error", {wx_plus_b, [](const Var& y_hat, const Var& y) { return (y_hat - y) * (y_hat - y); }}},
    {"pow_2", {wx_plus_b, [](const Var& y_hat, const Var& y) { return pow(y_hat - y, 2); }}},
    {"square_y_minus_y_hat", {wx_plus_b, [](const Var& y_hat, const Var& y) { return square(y - y_hat); }}},
    {"half_square", {wx_plus_b, [](const Var& y_hat, const Var& y) { return 0.5 * square(y_hat - y); }}},  // wrong
};

int linear_regression(int argc, char** argv, const std::string& rewrite) {
  auto [predict, loss] = linear.at(rewrite.starts_with("params_first") ? "slide" : rewrite);
  LessonInfo info{"linear_regression", "Linear regression: one stochastic gradient step", "21-23", 0.01, 1};
  return run_lesson(argc, argv, info, [&, predict = predict, loss = loss](Lesson& lesson) {
    auto params = [&] { return std::pair{lesson.param("w", -0.34), lesson.param("b", 0.04)}; };
    std::optional<std::pair<Var, Var>> wb;
    if (rewrite == "params_first") wb = params();
    auto x = lesson.input("x", 6.7);
    auto y = lesson.label("y", 9.1);
    if (!wb) wb = params();
    Var w = wb->first, b = wb->second;
    auto model = [&] { return loss(predict(w, x, b), y).named("L"); };
    lesson.backward(lesson.forward(model));
    lesson.update({w, b});
    lesson.finish(model);
  });
}

// Slides 44–46 with the README's one-line loss: the order of its nodes is the compiler's.
int logistic_one_feature(int argc, char** argv) {
  LessonInfo info{"logistic_one_feature", "Logistic regression: one stochastic step, one feature", "44-46", 0.01, 1};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto w = lesson.param("w", -0.1);  // the params first, w before b: the order is the student's
    auto b = lesson.param("b", 0.1);
    auto x = lesson.input("x", 1.4);
    auto y = lesson.label("y", 0.0);
    auto model = [&] {
      auto y_hat = sigmoid((w * x + b).named("z")).named("y_hat");
      return (-y * log(y_hat) - (1 - y) * log(1 - y_hat)).named("L");
    };
    lesson.backward(lesson.forward(model));
    lesson.update({w, b});
    lesson.finish(model);
  });
}

}  // namespace

int main(int argc, char** argv) {
  const char* rewrite = std::getenv("TRACEGRAD_REWRITE");
  std::string name = rewrite ? rewrite : "slide";
  if (name == "readme_loss") return logistic_one_feature(argc, argv);
  if (name != "params_first" && !linear.contains(name)) throw std::invalid_argument("TRACEGRAD_REWRITE: " + name);
  return linear_regression(argc, argv, name);
}
