// Deck §3, slides 36–41: where cross-entropy comes from, at slide 48's sample.
//   error        1 − ŷ if y = 1, ŷ if y = 0
//   belief       P = ŷ^y (1 − ŷ)^(1−y)      the probability the model gives the true label
//   log-belief   log P = y·log ŷ + (1 − y)·log(1 − ŷ)   (log is increasing: maximise log P)
//   loss         L = −log P                (N independent samples: the mean of −log P)
// Slide 41, the chain rule through three nodes:
//   ∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ)),  ∂ŷ/∂z = ŷ(1 − ŷ),  ∂z/∂θᵢ = xᵢ,  so ∂L/∂θᵢ = xᵢ(ŷ − y)
// The exponents y and 1 − y are the label's value, constants of the graph (y is 0 or 1).
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/ops.hpp>
#include <tracegrad/tensor_ops.hpp>
#include <tracegrad/usage.hpp>

#include "two_features.hpp"

using namespace tracegrad;

namespace {

// The local derivative on the edge input → node: ∂node/∂input, as the engine recorded it.
double local_on_edge(Tape& tape, const Var& node, const Var& input) {
  const Node& n = tape.node(node.id());
  for (int k = 0; k < n.arity; ++k)
    if (n.input[k] == input.id()) return n.partial[k];
  throw std::logic_error(fmt::format("no edge {} → {}", input.id(), node.id()));
}

// The first node that reads `input`: the other end of input's edge into the graph.
Var first_user(Tape& tape, const Var& input, const Var& last) {
  for (NodeId id = input.id() + 1; id <= last.id(); ++id)
    for (NodeId in : tape.inputs(id))
      if (in == input.id()) return Var(tape, id);
  throw std::logic_error(fmt::format("node {} has no user", input.id()));
}

// Slides 39–40, N samples: independent, so the belief in all their labels is the product of
// theirs, and its minus log the sum of their −log P (log(xy) = log x + log y); the loss is the
// mean, L = (1/N)(−yᵀ log ŷ − (1 − y)ᵀ log(1 − ŷ)), here on its own tape. The samples: the
// lesson's (x1, x2, y), whose belief is first_P, and a made-up second one (the deck has one).
void mean_over_samples(Lesson& lesson, const std::vector<double>& theta, const double (&sample)[3], double first_P) {
  lesson.stage("N samples (slides 39–40): the product of the beliefs, the mean of −log P");
  Tape tape;
  auto X = tape.input("X", Tensor::matrix(2, 3, {1, sample[0], sample[1], 1, 0.5, 1.0}));
  auto y = tape.label("y", Tensor::vector({sample[2], 1}));
  auto y_hat = sigmoid(matvec(X, tape.param("theta", Tensor::vector(theta))));
  auto positives = y * log(y_hat);
  auto negatives = (1.0 - y) * log(1.0 - y_hat);
  const double L = mean(-positives - negatives).value(), second_P = y_hat.values()[1];  // its y is 1: P = ŷ
  const double sum = -std::log(first_P) - std::log(second_P);
  lesson.note(fmt::format("samples (x1, x2, y): the lesson's ({}, {}, {}) and a made-up (0.5, 1, 1): P = {} and {}; "
                          "−log(P1·P2) = {} = −log P1 − log P2 = {}",
                          show(sample[0]), show(sample[1]), show(sample[2]), show(first_P), show(second_P),
                          show(-std::log(first_P * second_P)), show(sum)));
  lesson.note(fmt::format("the mean (−log P1 − log P2)/2 = {}; (1/N)(−yᵀ log ŷ − (1 − y)ᵀ log(1 − ŷ)) = {}: {}",
                          show(sum / 2), show(L), std::fabs(L - sum / 2) <= 1e-15 * L ? "equal" : "DIFFERENT"));
}

// ŷ at 0.02, 0.04, …, 0.98: where the picture draws P and −log P.
std::vector<double> belief_grid() {
  std::vector<double> grid;
  for (int i = 1; i < 50; ++i) grid.push_back(i / 50.0);
  return grid;
}

}  // namespace

int main(int argc, char** argv) {
  LessonInfo info{.name = "cross_entropy_origin", .title = "Where cross-entropy comes from: L = −log P", .slides = "36-41",
                  .lr_help = "learning rate η of slide 41's update", .steps_help = ""};  // one step: slide 41's
  return run_lesson(argc, argv, info, [](Lesson& lesson) {
    auto s = lessons::two_features(lesson);
    const Var &x1 = s.x1, &x2 = s.x2, &y = s.y, &b = s.b, &w1 = s.w1, &w2 = s.w2;
    auto model = [&] {
      auto z = s.z();
      auto y_hat = sigmoid(z).named("y_hat");
      auto believed_1 = pow(y_hat, y.value());
      auto P = (believed_1 * pow(1.0 - y_hat, 1.0 - y.value())).named("P");
      auto log_P = log(P).named("log_P");
      return (-log_P).named("L");
    };
    const std::string deck = "the deck (slides 47–51)";

    auto L = lesson.forward(model);
    Tape& tape = lesson.tape();
    auto y_hat = *tape.find("y_hat"), z = *tape.find("z");
    double p = y_hat.value(), label = y.value();
    lesson.note(fmt::format("error: {} = {}", label == 1 ? "1 − ŷ" : "ŷ", show(label == 1 ? 1 - p : p)));
    lesson.note(fmt::format("belief P = ŷ^y (1 − ŷ)^(1−y) = {}^{}·{}^{} = {} (computed); log P = {}; L = −log P = {}",
                            show(p), show(label), show(1 - p), show(1 - label), show(tape.find("P")->value()),
                            show(tape.find("log_P")->value()), show(L.value())));
    // the picture: the belief P and the loss −log P against ŷ for this label, this ŷ on them
    auto& belief = lesson.record_table("belief");
    belief = {{"y", label}, {"y_hat", p}, {"P", tape.find("P")->value()}, {"L", L.value()}};
    for (double v : belief_grid()) {
      Tape t;
      auto P = pow(t.input("y_hat", v), label) * pow(1.0 - t.input("y_hat", v), 1.0 - label);
      belief["curve_at"].push_back(v);
      belief["curve_P"].push_back(trace_number(P.value()));
      belief["curve_L"].push_back(trace_number((-log(P)).value()));
    }
    lesson.compare_with_slide("ŷ", p, "0.6856", deck);
    lesson.compare_with_slide("L = −log P", L.value(), "1.1573", deck);

    const Var params[] = {b, w1, w2};
    const double xs[] = {1.0, x1.value(), x2.value()};  // θᵀ = [b w1 w2], xᵀ = [1 x1 x2]
    std::vector<double> dz;  // ∂z/∂θᵢ, from a sweep back from z: the product of the locals on the way
    tape.backward(z);
    for (const Var& theta : params) dz.push_back(theta.grad());
    lesson.backward(L);

    lesson.stage("Slide 41: the three factors, each on its edge of the graph");
    double dL_dy_hat = y_hat.grad(), dy_hat_dz = local_on_edge(tape, y_hat, z);
    lesson.note(fmt::format("∂L/∂ŷ = {} (backward, at ŷ); (ŷ − y)/(ŷ(1 − ŷ)) = {}", show(dL_dy_hat),
                            show((p - label) / (p * (1 - p)))));
    lesson.note(fmt::format("∂ŷ/∂z = {} (the local derivative on the edge z → ŷ); ŷ(1 − ŷ) = {}", show(dy_hat_dz),
                            show(p * (1 - p))));
    const char* printed[] = {"0.6856", "0.9599", "0.1371"};
    for (std::size_t i = 0; i < 3; ++i) {
      double product = dL_dy_hat * dy_hat_dz * dz[i], g = params[i].grad(), formula = xs[i] * (p - label);
      Var user = first_user(tape, params[i], z);
      std::string edge = fmt::format("the edge {} → {} carries {}{}", params[i].name(), name_or_formula(tape, user.id()),
                                     show(local_on_edge(tape, user, params[i])),
                                     user.id() == z.id() ? "" : ", the sums up to z pass it on ×1");
      lesson.note(fmt::format("∂z/∂{0} = {1} = x{2} ({3}); ∂L/∂{0} = {4}·{5}·{6} = {7}; backward {8}; x{2}(ŷ − y) = {9}: {10}",
                              params[i].name(), show(dz[i]), i, edge, factor(dL_dy_hat), factor(dy_hat_dz), factor(dz[i]),
                              show(product), show(g), show(formula),
                              std::fabs(product - g) <= 1e-15 * std::fabs(g) ? "equal" : "DIFFERENT"));
      lesson.compare_with_slide(fmt::format("∂L/∂{} = x{}(ŷ − y)", params[i].name(), i), g, printed[i], deck);
    }
    mean_over_samples(lesson, {b.value(), w1.value(), w2.value()}, {x1.value(), x2.value(), label},
                      tape.find("P")->value());
    lesson.update({b, w1, w2});
    auto after = lesson.finish(model);
    lesson.compare_with_slide("L after the update", after.value(), "1.1432", deck);
  });
}
