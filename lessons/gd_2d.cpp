// Deck §1.3, slides 8–9: f(x, y) = x² + y² on −100 ≤ x, y ≤ 100 from (3, 4) with η = 1.
//   ∂f/∂x = 2x,  ∂f/∂y = 2y
// Run "sign_steps": the slide's integer sequence (3,4) → (2,3) → (1,2) → (0,1) → (0,0) is a
//   step of η against the SIGN of each partial derivative, x ← x − η·sign(∂f/∂x).
// Run "plain_gd": x ← x − η·∂f/∂x with η = 1 gives x1 = 3 − 6 = −3, then ±3 forever.
#include <array>
#include <string_view>

#include <fmt/format.h>

#include <tracegrad/descent.hpp>
#include <tracegrad/explain.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

namespace {

// Slide 9's table: x, y, ∂f/∂x, ∂f/∂y at t = 0 … 4 (no derivatives printed at t = 4).
struct Row {
  std::string_view x, y, dx, dy;
};
const std::array<Row, 5> table{{{"3.0", "4.0", "6.0", "8.0"},
                                {"2.0", "3.0", "4.0", "6.0"},
                                {"1.0", "2.0", "2.0", "4.0"},
                                {"0.0", "1.0", "0.0", "0.0"},
                                {"0.0", "0.0", "", ""}}};

// x ← x − η·sign(∂f/∂x): a step of fixed size η against the slope, wherever it points.
Move sign_step(const Var& p, double lr, std::string_view loss) {
  double sign = (p.grad() > 0) - (p.grad() < 0);
  return {fmt::format("{0} − η·sign(∂{1}/∂{0})", p.name(), loss),
          fmt::format("{} − {}·sign({})", show(p.value()), show(lr), show(p.grad())), p.value() - lr * sign};
}

void run(Lesson& lesson, std::string_view name, std::string_view title, const UpdateRule& rule) {
  lesson.start_run(name, title);
  auto x = lesson.param("x", 3.0);
  auto y = lesson.param("y", 4.0);
  auto f = [&] {
    auto x2 = square(x);  // one node per line: the ids stay the same with any compiler
    return (x2 + square(y)).named("f");
  };
  Descent how;
  how.rule = rule;
  how.shown_steps = 2;
  descend(lesson, f, {x, y}, how, [&](int t, bool has_grad) {
    if (name != "sign_steps" || t >= static_cast<int>(table.size())) return;
    const Row& row = table[static_cast<std::size_t>(t)];
    lesson.compare_with_slide(fmt::format("x{}", t), x.value(), row.x, "slide 9");
    lesson.compare_with_slide(fmt::format("y{}", t), y.value(), row.y, "slide 9");
    if (!has_grad || row.dx.empty()) return;
    lesson.compare_with_slide(fmt::format("∂f/∂x (t = {})", t), x.grad(), row.dx, "slide 9");
    bool erratum = t == 3;  // (0, 1): ∂f/∂y = 2y = 2, not 0
    lesson.compare_with_slide(fmt::format("∂f/∂y (t = {})", t), y.grad(), row.dy, "slide 9",
                erratum ? "at (0, 1) the slide prints 0.0; the true value is ∂f/∂y = 2y = 2.0" : "");
  });
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "gd_2d", .title = "Gradient descent on f(x, y) = x² + y²", .slides = "8-9", .lr = 1.0, .steps = 6,
                  .lr_help = "learning rate η of both runs (sign_steps, plain_gd)",
                  .steps_help = "most updates of a run, which stops sooner once converged or out of [−100, 100]²"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    lesson.plan_runs(2);
    run(lesson, "sign_steps", "the slide's sequence: steps against the sign of the derivative", sign_step);
    lesson.note("the slide's iterates are not plain gradient descent with η = 1: they step by η against the "
                "sign of each partial derivative, on the integer grid");

    run(lesson, "plain_gd", "plain gradient descent, x ← x − η·∂f/∂x", gradient_step);
    lesson.note(square_factor(lesson.lr()));
    if (lesson.lr() == 1.0)
      lesson.note("with η = 1, k = −1: x1 = 3 − 1·6 = −3, y1 = 4 − 1·8 = −4, then back to (3, 4): it oscillates "
                "between ±(3, 4) forever and never reaches the minimum (0, 0)");
  });
}
