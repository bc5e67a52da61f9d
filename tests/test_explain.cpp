// What a lesson shows of a graph (explain.hpp): numbers, formulas, boxes, chain-rule lines.
#define BOOST_TEST_MODULE explain
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "tracegrad/explain.hpp"
#include "tracegrad/ops.hpp"
#include "tracegrad/tensor_ops.hpp"

namespace tg = tracegrad;

BOOST_AUTO_TEST_CASE(show_numbers) {
  BOOST_TEST(tg::show(-0.0) == "0");
  BOOST_TEST(tg::show(1.179292) == "1.179292");
  BOOST_TEST(tg::show(1.0 / 3) == "0.3333333333");
  BOOST_TEST(tg::factor(-22.676) == "(-22.676)");
  BOOST_TEST(tg::factor(6.7) == "6.7");
}

BOOST_AUTO_TEST_CASE(formulas_in_the_slides_names) {
  tg::Tape tape;
  auto x = tape.input("x", 1.4), y = tape.label("y", 0.0);
  auto w = tape.param("w", -0.1), b = tape.param("b", 0.1);
  auto z = (w * x + b).named("z");
  auto y_hat = tg::sigmoid(z).named("y_hat");
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
      "  each edge node → input:  ∂L/∂input += ∂L/∂node (upstream) × ∂node/∂input (local)",
      "  ∂L/∂L = 1",
      "  L → (y_hat − y):  ∂L/∂(y_hat − y) += 1 × (-22.676) = -22.676",
      "  (y_hat − y) → y_hat:  ∂L/∂y_hat += (-22.676) × 1 = -22.676",
      "  (y_hat − y) → y:  ∂L/∂y += (-22.676) × (-1) = 22.676",
      "  y_hat → (w·x):  ∂L/∂(w·x) += (-22.676) × 1 = -22.676",
      "  y_hat → b:  ∂L/∂b += (-22.676) × 1 = -22.676",
      "  (w·x) → w:  ∂L/∂w += (-22.676) × 6.7 = -151.9292",
      "  (w·x) → x:  ∂L/∂x += (-22.676) × (-0.34) = 7.70984",
  };
  BOOST_TEST(lines == expected, boost::test_tools::per_element());
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
  BOOST_TEST(all.find("(2·x) → x:  ∂g/∂x += 0 × 2 = 0") != std::string::npos, all);
  BOOST_TEST(all.find("unused") == std::string::npos, all);
  (void)unused;
}

// A tensor op's line shows the local derivative the engine recorded (Tape::local_derivative).
BOOST_AUTO_TEST_CASE(a_tensor_chain_rule_line_shows_its_recorded_local_derivative) {
  tg::Tape tape;
  auto theta = tape.param("theta", tg::Tensor::vector({0.1, 0.5, -0.1}));
  auto x = tape.input("x", tg::Tensor::vector({1.0, 1.4, 0.2}));
  auto z = tg::dot(theta, x).named("z");
  z.backward();
  auto lines = tg::chain_rule_lines(tape, z.id());
  std::string all;
  for (auto& l : lines) all += l + "\n";
  BOOST_TEST(all.find("z → theta:  ∂z/∂theta = [1, 1.4, 0.2] (the rule of dot, local ∂z/∂theta = [1, 1.4, 0.2])") !=
                 std::string::npos,
             all);
}
