// Deck §1.4, slides 10–12: the chain rule on x → f = 2x − 1 → g = (f − 3)².
//   local derivatives: df/dx = 2, dg/df = 2(f − 3)
//   chain rule:        dg/dx = dg/df · df/dx = 2(f − 3)·2 = 4((2x − 1) − 3) = 8x − 16
// Nothing is trained: each step is a forward and a backward pass at one x, with no update
// (the trace's "updates" are empty). The steps check dg/dx = 8x − 16 at x, x + 1, …:
// --steps N points (default 5: x = 0, 1, 2, 3, 4), starting at --set x=VALUE (default 0).
#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

int main(int argc, char** argv) {
  LessonInfo info{.name = "chain_rule", .title = "The chain rule: x → f = 2x − 1 → g = (f − 3)²", .slides = "10-12",
                  .lr = std::nullopt, .steps = 5, .steps_help = "points x, x + 1, … (from --set x) where dg/dx is checked"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto x = lesson.input("x", 0.0);
    const double x0 = x.value();
    auto model = [&] {
      auto f = (2 * x - 1).named("f");
      return square(f - 3).named("g");
    };
    lesson.record_setting("x_step", 1);
    lesson.record_once();  // the same graph at every x: recorded at the first, replayed after

    for (int t = 0; t < lesson.steps(); ++t) {
      x.set_value(x0 + t);  // the next point; x is data here, nothing is updated
      auto g = lesson.forward(model);
      auto f = *lesson.tape().find("f");
      f.backward();  // from f: x.grad() is df/dx
      double df_dx = x.grad();
      lesson.backward(g);  // from g: f.grad() is dg/df, x.grad() is dg/dx
      double dg_df = f.grad(), dg_dx = x.grad();

      lesson.stage("The chain rule on the slide's arrows");
      lesson.say(fmt::format("  x → f:  df/dx = 2            (backward from f: {})", show(df_dx)));
      lesson.say(fmt::format("  f → g:  dg/df = 2(f − 3) = 2·({} − 3) = {}", show(f.value()), show(dg_df)));
      lesson.say(fmt::format("  dg/dx = dg/df · df/dx = {}·{} = {}", factor(dg_df), factor(df_dx), show(dg_dx)));
      double direct = 8 * x.value() - 16;  // g(x) = (2x − 4)², g'(x) = 4(2x − 4) = 8x − 16
      lesson.note(fmt::format("at x = {}: df/dx = {}, dg/df = {}, dg/dx = {} by the chain rule; 8x − 16 = {}: {}",
                              show(x.value()), show(df_dx), show(dg_df), show(dg_dx), show(direct),
                              dg_dx == direct ? "equal" : "DIFFERENT"));
    }
    lesson.finish(model, "The last point again");
  });
}
