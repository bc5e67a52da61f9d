// Deck §1.2, slides 3–7: gradient descent on f(x) = x², −100 ≤ x ≤ 100, from x0 = 99.
//   f'(x) = 2x,  x_t = x_{t−1} − η·f'(x_{t−1}) = (1 − 2η)·x_{t−1}
// One run per learning rate (the four slides), or one run at --lr. Each run stops when
// converged (|f'(x)| < 2e-3, i.e. |x| < 1e-3), after --steps updates (default 50), or when x
// leaves the domain — for η = 1.1 two updates later, because slide 7 draws them.
#include <array>
#include <string_view>

#include <fmt/format.h>

#include <tracegrad/descent.hpp>
#include <tracegrad/explain.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

namespace {

// What each slide shows: its η, how many iterates its plot draws (deck.md lists them, but
// the slide's text prints x0 = 99.0 only: the lesson says they are computed), what the run
// teaches, and how many updates it still draws once x has left the domain.
struct Slide {
  double lr;
  std::string_view slide;
  int drawn;
  std::string_view behaviour;
  int drawn_outside = 0;
};

const std::array<Slide, 4> slides{{
    {0.1, "slide 4", 4, "smooth convergence"},
    {0.001, "slide 5", 3, "very slow"},
    {0.8, "slide 6", 3, "oscillates around 0 with shrinking amplitude"},
    {1.1, "slide 7", 4, "diverges and leaves the domain", 2},
}};

void run(Lesson& lesson, const Slide* slide) {
  std::string name = fmt::format("lr{}", show(lesson.lr()));
  lesson.start_run(name, fmt::format("η = {}{}", show(lesson.lr()), slide ? fmt::format(" ({})", slide->slide) : ""));
  // which slide this run is ("slide 4" → 4): the viewer lists the runs in the deck's order
  if (slide) lesson.record_setting("slide", std::stoi(std::string(slide->slide.substr(slide->slide.find(' ') + 1))));
  auto x = lesson.param("x", 99.0);
  auto f = [&] { return square(x).named("f"); };  // f(x) = x², f'(x) = 2x
  if (slide) lesson.note(fmt::format("{} shows: {}", slide->slide, slide->behaviour));
  lesson.note(square_factor(lesson.lr()));

  Descent how;
  how.steps_outside = slide ? slide->drawn_outside : 0;
  // The text of slides 4–7 prints x0 = 99.0 and η only: the later iterates are computed.
  descend(lesson, f, {x}, how, [&](int t, bool) {
    if (!slide || t >= slide->drawn) return;
    if (t == 0) return lesson.compare_with_slide("x0", x.value(), "99.0", slide->slide);
    lesson.note(fmt::format("x{} = {}: computed, as x{} = (1 − 2η)·x{} (the text of {} prints only x0 and η)", t,
                            show(x.value()), t, t - 1, slide->slide));
  });
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "gd_square", .title = "Gradient descent on f(x) = x²", .slides = "3-7", .lr = 0.1, .steps = 50,
                  .lr_help = "one run at this learning rate η (default: one run per slide, η = 0.1, 0.001, 0.8, 1.1)",
                  .steps_help = "most updates of a run, which stops sooner once converged or out of [−100, 100]"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto slide_of = [](double lr) -> const Slide* {
      for (const auto& s : slides)
        if (s.lr == lr) return &s;
      return nullptr;
    };
    if (lesson.lr_given()) return run(lesson, slide_of(lesson.lr()));  // --lr: one run
    lesson.plan_runs(static_cast<int>(slides.size()));
    for (const auto& s : slides) {
      lesson.set_lr(s.lr);
      run(lesson, &s);
    }
  });
}
