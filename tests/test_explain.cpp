// What a lesson shows of a graph (explain.hpp): numbers, formulas, boxes, chain-rule lines.
#define BOOST_TEST_MODULE explain
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/ops.hpp"
#include "tracegrad/tensor_ops.hpp"

namespace tg = tracegrad;

namespace {

// Slide 44's graph up to ŷ: z = w·x + b, ŷ = σ(z) at x = 1.4, y = 0, w = −0.1, b = 0.1.
struct OneFeature {
  tg::Var y, z, y_hat;
};
OneFeature one_feature(tg::Tape& tape) {
  auto x = tape.input("x", 1.4), y = tape.label("y", 0.0);
  auto w = tape.param("w", -0.1), b = tape.param("b", 0.1);
  auto z = (w * x + b).named("z");
  return {y, z, tg::sigmoid(z).named("y_hat")};
}

}  // namespace

BOOST_AUTO_TEST_CASE(show_numbers) {
  BOOST_TEST(tg::show(-0.0) == "0");
  BOOST_TEST(tg::show(1.179292) == "1.179292");
  BOOST_TEST(tg::show(1.0 / 3) == "0.3333333333");
  BOOST_TEST(tg::factor(-22.676) == "(-22.676)");
  BOOST_TEST(tg::factor(6.7) == "6.7");
}

BOOST_AUTO_TEST_CASE(formulas_in_the_slides_names) {
  tg::Tape tape;
  auto [y, z, y_hat] = one_feature(tape);
  auto one_minus = 1 - y_hat;
  auto L = tg::square(y_hat - y);
  BOOST_TEST(tg::formula(tape, z.id()) == "w·x + b");
  BOOST_TEST(tg::formula(tape, y_hat.id()) == "σ(z)");
  BOOST_TEST(tg::formula(tape, one_minus.id()) == "1 − y_hat");
  BOOST_TEST(tg::formula(tape, L.id()) == "(y_hat − y)²");
  BOOST_TEST(tg::name_or_formula(tape, z.id()) == "z");
  BOOST_TEST(tg::term(tape, one_minus.id()) == "(1 − y_hat)");
  BOOST_TEST(tg::formula(tape, tg::log(one_minus).id()) == "log(1 − y_hat)");
}

BOOST_AUTO_TEST_CASE(boxes_and_chain_rule_of_linear_regression) {
  tg::Tape tape;
  auto x = tape.input("x", 6.7), y = tape.label("y", 9.1);
  auto w = tape.param("w", -0.34), b = tape.param("b", 0.04);
  auto y_hat = (w * x + b).named("y_hat");
  auto L = tg::square(y_hat - y).named("L");
  L.backward();
  auto boxes = tg::forward_boxes(tape, L.id());
  BOOST_REQUIRE(boxes.size() == 5u);
  BOOST_TEST(boxes[0] == "  Input       x = 6.7");
  BOOST_TEST(boxes[1] == "  Parameters  w = -0.34   b = 0.04");
  BOOST_TEST(boxes[2] == "  Model       y_hat = w·x + b = -2.238");
  BOOST_TEST(boxes[3] == "  Label       y = 9.1");
  BOOST_TEST(boxes[4] == "  Loss        L = (y_hat − y)² = 128.550244");

  auto lines = tg::chain_rule_lines(tape, L.id());
  std::vector<std::string> expected{
      "  edge node → input:  ∂L/∂node (upstream) × ∂node/∂input (local) = passed",
      "  ∂L/∂L = 1",
      "  L → (y_hat − y):  1 × (-22.676) = -22.676",
      "  (y_hat − y) → y_hat:  (-22.676) × 1 = -22.676",
      "  y_hat → (w·x):  (-22.676) × 1 = -22.676",
      "  (w·x) → w:  (-22.676) × 6.7 = -151.9292",
      "  y_hat → b:  (-22.676) × 1 = -22.676",
  };
  BOOST_TEST(lines == expected, boost::test_tools::per_element());
  // --all-grads: the data x and the label y get their edges too.
  auto all = tg::chain_rule_lines(tape, L.id(), true);
  BOOST_TEST(std::count(all.begin(), all.end(), "  (y_hat − y) → y:  (-22.676) × (-1) = 22.676") == 1);
  BOOST_TEST(std::count(all.begin(), all.end(), "  (w·x) → x:  (-22.676) × (-0.34) = 7.70984") == 1);
  BOOST_TEST(all.size() == expected.size() + 2);
}

BOOST_AUTO_TEST_CASE(chain_rule_shows_zero_gradients_on_the_path_but_not_dead_nodes) {
  tg::Tape tape;
  auto x = tape.input("x", 2.0);
  auto unused = (x * 5).named("unused");  // not on the loss's path
  auto f = (2 * x - 1).named("f");
  auto g = tg::square(f - 3).named("g");  // g'(f) = 0 at x = 2
  g.backward();
  auto lines = tg::chain_rule_lines(tape, g.id());
  std::string all;
  for (auto& l : lines) all += l + "\n";
  BOOST_TEST(all.find("(2·x) → x:  0 × 2 = 0") != std::string::npos, all);
  BOOST_TEST(all.find("unused") == std::string::npos, all);
  (void)unused;
}

// x·x + 3x: x gets three edges (x·x twice, 3·x once), and one total line adds them.
BOOST_AUTO_TEST_CASE(chain_rule_total_where_edges_add) {
  tg::Tape tape;
  auto x = tape.param("x", 2.0);
  auto xx = x * x;
  auto f = (xx + 3 * x).named("f");  // ∂f/∂x = 2x + 3 = 7
  f.backward();
  auto lines = tg::chain_rule_lines(tape, f.id());
  auto has = [&](const std::string& line) { return std::count(lines.begin(), lines.end(), line) == 1; };
  BOOST_TEST(std::count(lines.begin(), lines.end(), "  (x·x) → x:  1 × 2 = 2") == 2);
  BOOST_TEST(has("  (3·x) → x:  1 × 3 = 3"));
  BOOST_TEST(lines.back() == "  ∂f/∂x = 2 + 2 + 3 = 7", lines.back());
}

// On tensors each edge shows what it passes, not the node's total: with y = 0 the branch
// through log(ŷ) passes 0 and the one through log(1 − ŷ) the whole ∂L/∂ŷ.
BOOST_AUTO_TEST_CASE(chain_rule_tensor_edges_pass_their_share) {
  tg::Tape tape;
  auto theta = tape.param("theta", tg::Tensor::vector({0.5}));
  auto y = tape.label("y", tg::Tensor::vector({0.0}));
  auto y_hat = tg::sigmoid(theta).named("y_hat");
  auto log_not = tg::log(1.0 - y_hat);
  auto negatives = (1.0 - y) * log_not;
  auto positives = -(y * tg::log(y_hat));
  auto L = tg::mean(positives - negatives).named("L");
  L.backward();
  auto lines = tg::chain_rule_lines(tape, L.id());
  double yh = 1 / (1 + std::exp(-0.5)), total = 1 / (1 - yh);
  auto has = [&](const std::string& line) { return std::count(lines.begin(), lines.end(), line) == 1; };
  BOOST_TEST(has(fmt::format("  (log(y_hat)) → y_hat:  [0] × [{}] = [0]", tg::show(1 / yh))));
  BOOST_TEST(has(fmt::format("  ∂L/∂y_hat = [0] + [{0}] = [{0}]", tg::show(total))));
  BOOST_TEST(std::none_of(lines.begin(), lines.end(), [](const std::string& l) { return l.find("→ y:") != std::string::npos; }));
}

BOOST_AUTO_TEST_CASE(logistic_summary_of_slide_41) {
  tg::Tape tape;
  auto [y, z, y_hat] = one_feature(tape);
  auto L = (-(y * tg::log(y_hat)) - (1 - y) * tg::log(1 - y_hat)).named("L");
  L.backward();
  auto summary = tg::logistic_summary(tape, L.id());
  BOOST_REQUIRE(summary.has_value());
  BOOST_TEST(*summary == fmt::format("  slide 41: ∂L/∂z = ŷ − y = {0} − 0 = {0}, as the edges give", tg::show(y_hat.value())));
  BOOST_TEST(std::fabs(z.grad() - y_hat.value()) < 1e-15);
  auto squared = tg::square(y_hat - y).named("S");  // not a cross-entropy: no summary
  squared.backward();
  BOOST_TEST(!tg::logistic_summary(tape, squared.id()).has_value());
}
