// Deck §6, slides 59–61: the five steps of logistic regression over a whole data set, epoch
// after epoch, with the loss going down — on the vectorized graph of §5:
//   1 pick a batch (X, y)   2 z = Xθ, ŷ = σ(z)   3 L = mean(−y·log ŷ − (1 − y)·log(1 − ŷ))
//   4 ∇θL = Xᵀ(ŷ − y)/B     5 θ = θ − η∇θL,  θ = [b, w], each row of X = [1, x]
// --batch 1 (stochastic, the slide's sample by sample: the default), B (mini-batches of B
// samples; B divides the data set) or all (full batch). --steps counts samples seen, so an
// epoch is 8 of them whatever the batch; there is one update per batch. The first step is
// shown in full, the others are traced quietly; each epoch prints its mean loss (θ to 7 digits: one row)
// (a run of more than 100 epochs, epochs 1–20, 30, 40, …, 100, 200, … and its last; all in the trace).
#include <array>
#include <string>
#include <utility>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/losses.hpp>
#include <tracegrad/ops.hpp>
#include <tracegrad/step_lines.hpp>
#include <tracegrad/tensor_ops.hpp>

#include "contours.hpp"

using namespace tracegrad;

namespace {

// A small made-up data set (deck.md does not transcribe the points of slides 30–31): one
// feature, two classes, the boundary near x = 2.2 like slide 31's fit z = 2.331x − 5.156,
// with one point of each class on the wrong side so that the classes overlap.
constexpr std::array<std::pair<double, double>, 8> data{{
    {0.5, 0}, {1.0, 0}, {1.5, 0}, {2.0, 1}, {2.5, 0}, {3.0, 1}, {3.5, 1}, {4.0, 1},
}};

std::size_t batch_size(const std::string& text) {
  if (text == "all") return data.size();
  for (std::size_t b = 1; b <= data.size(); ++b)
    if (data.size() % b == 0 && text == std::to_string(b)) return b;
  throw UsageError(fmt::format("--batch: '{}' is not 1, 2, 4, 8 or all (a batch size that divides the 8 samples)", text));
}

// Rows first … first + B − 1 of the data set: X (a row [1, x] per sample) and y.
void pick_batch(std::size_t first, TensorVar& X, TensorVar& y) {
  std::size_t B = y.size();
  std::vector<double> xs, ys;
  for (std::size_t i = first; i < first + B; ++i) {
    xs.insert(xs.end(), {1.0, data[i % data.size()].first});
    ys.push_back(data[i % data.size()].second);
  }
  X.set_values(xs);
  y.set_values(ys);
}

// The loss over the whole data set at θ = [b, w]: what training lowers (an update sees one batch of it).
double data_set_loss(double w, double b, const std::string& form) {
  double sum = 0;
  for (const auto& [xi, yi] : data) {
    Tape t;
    sum += sigmoid_cross_entropy(t.param("w", w) * t.input("x", xi) + t.param("b", b), t.label("y", yi), form).value();
  }
  return sum / static_cast<double>(data.size());
}

// Why an epoch's mean loss went up, in a run where `ups` of its `epochs` epochs did; `start`
// and `now` are the data set's loss at the first θ and the last.
std::string why_it_went_up(int ups, int epochs, std::size_t B, double lr, double start, double now) {
  std::string count = fmt::format("the mean loss went up in {} of the {} epochs after the first", ups, epochs - 1);
  if (B == data.size())
    return fmt::format("{}: each step follows the whole data set's gradient, so it went up only where a step "
                       "overshot (η = {}); a small enough --lr goes down at every epoch",
                       count, show(lr));
  return fmt::format("{}. It is measured along the way: each batch's loss just before its own update, after the "
                     "other batches have pulled θ their way. So it need not follow the loss of the whole data set at "
                     "θ, which is what training lowers: from {} at the start to {} now (--batch all measures that "
                     "loss at every step)",
                     count, show(start), show(now));
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "training", .title = "Training: logistic regression over a data set", .slides = "59-61", .lr = 0.1,
                  .steps = static_cast<int>(data.size()) * 25,
                  .flags = {loss_flag(), {"batch", "1", "samples per update: 1 (stochastic), 2, 4 (mini-batch) or all"}},
                  .steps_help = "samples seen, 8 an epoch; one update per batch"};
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    const std::size_t B = batch_size(lesson.flag("batch")), per_epoch = data.size() / B;
    const std::string form = lesson.flag("loss");
    check_loss_form(form);
    lesson.record_setting("data", "made up: 8 points (x, y), listed in lessons/training.cpp");
    lesson.record_setting("epoch", data.size());
    lesson.record_setting("batch", B);
    // the viewer's picture: the data set, ŷ = σ(w·x + b) with θ = [b, w], and its boundary
    ordered_json data_set = ordered_json::array();
    for (const auto& [xi, yi] : data) data_set.push_back({xi, yi});
    lesson.record_table("picture") = {{"model", "sigmoid"}, {"slope", "theta[1]"}, {"intercept", "theta[0]"}, {"data", data_set}};
    auto X = lesson.batch_input("X", Tensor::filled({B, 2}, 0.0));  // X and y take each batch in turn
    auto y = lesson.batch_label("y", Tensor::filled({B}, 0.0));
    pick_batch(0, X, y);
    auto theta = lesson.param("theta", Tensor::vector({0.1, -0.1}));  // [b, w]
    auto model = [&] {
      auto z = matvec(X, theta).named("z");
      if (form == "softplus") return bce_with_logits(z, y).named("L");  // softplus(z) − y·z, never overflows
      auto y_hat = sigmoid(z).named("y_hat");
      // L = mean(−y·log ŷ − (1 − y)·log(1 − ŷ)), one term per line: C++ leaves the order in
      // which operands are evaluated open, so one line would number the nodes differently
      // under g++ and clang++.
      auto log_not_y_hat = log(1.0 - y_hat);
      auto negatives = (1.0 - y) * log_not_y_hat;
      auto positives = -(y * log(y_hat));
      return mean(positives - negatives).named("L");
    };

    std::string points;
    for (const auto& [xi, yi] : data) points += fmt::format(" ({}, {})", show(xi), show(yi));
    lesson.say(fmt::format("The data set (x, y):{}", points));
    lesson.say(fmt::format("The five steps, once per batch of {}: 1 pick a batch, 2 the output ŷ, 3 the loss, "
                           "4 the derivatives, 5 the update. The first batch is shown in full, then one line per epoch: "
                           "the mean of its batches' losses, w and b after it, and whether that mean went down or up "
                           "on the epoch before.",
                           B));

    const double start = data_set_loss(theta.values()[1], theta.values()[0], form);
    lesson.record_once();  // the same graph for every batch, only X, y and θ change: recorded once, replayed
    double sum = 0, previous = 0;
    int ups = 0;  // epochs whose mean loss went up on the one before
    const int updates = lesson.steps() / static_cast<int>(B), epochs = updates / static_cast<int>(per_epoch);
    for (int step = 0; step < updates; ++step) {
      pick_batch(static_cast<std::size_t>(step) * B, X, y);  // 1. pick a batch
      lesson.set_verbose(step == 0);
      auto L = lesson.forward(model);  // 2. the output, 3. the loss
      lesson.backward(L);              // 4. the derivatives
      lesson.update(theta);            // 5. the update
      sum += L.value();
      if ((step + 1) % static_cast<int>(per_epoch) != 0) continue;
      int epoch = (step + 1) / static_cast<int>(per_epoch);
      double mean_loss = sum / static_cast<double>(per_epoch), b = theta.values()[0], w = theta.values()[1];
      const char* trend = epoch == 1 ? "" : mean_loss < previous ? ", down" : mean_loss > previous ? ", up" : ", the same";
      ups += epoch > 1 && mean_loss > previous;
      const std::string line =
          fmt::format("epoch {}: mean loss {} (w = {}, b = {}){}", epoch, show(mean_loss), show(w, 7), show(b, 7), trend);
      note_step(lesson, line, epoch, epochs, 1, "epochs");  // every epoch in the trace; a long run shows some
      previous = mean_loss;
      sum = 0;
    }
    if (ups > 0)
      lesson.note(why_it_went_up(ups, epochs, B, lesson.lr(), start, data_set_loss(theta.values()[1], theta.values()[0], form)));
    lesson.set_verbose(true);
    lesson.finish(model, "After training: the last batch again");
    lesson.note(fmt::format("the decision boundary z = 0 is at x = −b/w = {}",
                            show(-theta.values()[0] / theta.values()[1])));
    // θ's path on the contours of the loss over the whole data set (an update sees one batch of it)
    lessons::record_contours(lesson, {"theta[1]", "theta[0]"}, [&](double w, double b) { return data_set_loss(w, b, form); });
  });
}
