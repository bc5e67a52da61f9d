// Deck §6, slides 59–61: the five steps of stochastic logistic regression over a whole data
// set, sample by sample, epoch after epoch, with the loss going down.
//   1 pick a sample (x, y)   2 z = w·x + b, ŷ = σ(z)   3 L = −y·log ŷ − (1 − y)·log(1 − ŷ)
//   4 ∂L/∂w = x(ŷ − y), ∂L/∂b = ŷ − y   5 w = w − η·∂L/∂w, b = b − η·∂L/∂b
// --steps counts updates (one per sample); an epoch is one pass over the data set. The first
// step is shown in full, the others are traced quietly; each epoch prints its mean loss.
#include <array>
#include <utility>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>

using namespace tracegrad;

namespace {

// A small made-up data set (deck.md does not transcribe the points of slides 30–31): one
// feature, two classes, the boundary near x = 2.2 like slide 31's fit z = 2.331x − 5.156,
// with one point of each class on the wrong side so that the classes overlap.
constexpr std::array<std::pair<double, double>, 8> data{{
    {0.5, 0}, {1.0, 0}, {1.5, 0}, {2.0, 1}, {2.5, 0}, {3.0, 1}, {3.5, 1}, {4.0, 1},
}};

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{"training", "Training: stochastic logistic regression over a data set", "59-61", 0.1,
                  static_cast<int>(data.size()) * 25, {loss_flag()}};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    lesson.config()["data"] = "made up: 8 points (x, y), listed in lessons/training.cpp";
    lesson.config()["epoch"] = data.size();
    auto x = lesson.input("x", data[0].first);  // x and y take each sample in turn
    auto y = lesson.label("y", data[0].second);
    auto w = lesson.param("w", -0.1);
    auto b = lesson.param("b", 0.1);
    auto model = [&] {
      auto z = (w * x + b).named("z");
      return logistic_loss(z, y, lesson.flag("loss"));
    };

    std::string points;
    for (const auto& [xi, yi] : data) points += fmt::format(" ({}, {})", show(xi), show(yi));
    lesson.say(fmt::format("The data set (x, y):{}", points));
    lesson.say("The five steps, once per sample: 1 pick a sample, 2 the output ŷ, 3 the loss, 4 the derivatives, "
               "5 the update. The first sample is shown in full, then one line per epoch.");

    double sum = 0, previous = 0;
    for (int step = 0; step < lesson.steps(); ++step) {
      const auto& [xi, yi] = data[static_cast<std::size_t>(step) % data.size()];
      x.set_value(xi);  // 1. pick a sample
      y.set_value(yi);
      lesson.set_verbose(step == 0);
      auto L = lesson.forward(model);  // 2. the output, 3. the loss
      lesson.backward(L);              // 4. the derivatives
      lesson.update({w, b});           // 5. the update
      sum += L.value();
      int epoch = (step + 1) / static_cast<int>(data.size());
      if ((step + 1) % static_cast<int>(data.size()) != 0) continue;
      double mean = sum / static_cast<double>(data.size());
      lesson.note(fmt::format("epoch {}: mean loss {} (w = {}, b = {}){}", epoch, show(mean), show(w.value()),
                              show(b.value()), epoch == 1 ? "" : mean < previous ? ", down" : ", NOT down"));
      previous = mean;
      sum = 0;
    }
    lesson.set_verbose(true);
    lesson.finish(model, "After training: the last sample again");
    lesson.note(fmt::format("the decision boundary z = 0 is at x = −b/w = {}", show(-b.value() / w.value())));
  });
}
