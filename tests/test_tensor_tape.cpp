// Tensor nodes on the tape: leaves (owned and borrowed), shapes, steps, gradients, safety.
#define BOOST_TEST_MODULE tensor_tape
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <vector>

#include "tracegrad/explain.hpp"
#include <tracegrad/fused_logistic.hpp>
#include "tracegrad/trace.hpp"
#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;

BOOST_AUTO_TEST_CASE(shapes_and_tensor_values) {
  BOOST_TEST(tg::element_count({}) == 1u);
  BOOST_TEST(tg::element_count({3, 4}) == 12u);
  BOOST_TEST(tg::shape_string({1000000, 16}) == "[1000000, 16]");
  BOOST_TEST(tg::Tensor::vector({1, 2, 3}).shape == tg::Shape{3});
  BOOST_CHECK_THROW(tg::Tensor::matrix(2, 2, {1, 2, 3}), std::invalid_argument);
  tg::Tape tape;
  BOOST_CHECK_THROW(tape.param("p", tg::Tensor{{2}, {1, 2, 3}}), std::invalid_argument);
  BOOST_CHECK_THROW(tape.param("p", tg::Tensor{{}, {1}}), std::invalid_argument);  // a scalar is a Var
}

BOOST_AUTO_TEST_CASE(a_borrowed_data_leaf_is_not_copied) {
  std::vector<double> X{1, 2, 3, 4, 5, 6};
  tg::Tape tape;
  auto x = tape.input("X", {3, 2}, X);
  BOOST_TEST(x.values().data() == X.data());  // the same memory
  BOOST_TEST(x.shape() == (tg::Shape{3, 2}));
  BOOST_TEST(tape.is_tensor(x.id()));
  BOOST_TEST(tape.node(x.id()).op == tg::Op::input);
  BOOST_TEST(tape.name_of(x.id()) == "X");
  BOOST_CHECK_THROW(tape.input("bad", {4, 2}, X), std::invalid_argument);
  BOOST_CHECK_THROW(x.set_values(X), std::invalid_argument);  // borrowed: the tape does not write it
}

BOOST_AUTO_TEST_CASE(scalar_and_tensor_nodes_share_one_tape) {
  tg::Tape tape;
  auto x = tape.input("x", tg::Tensor::vector({1, 1.4, 0.2}));
  auto theta = tape.param("theta", tg::Tensor::vector({0.1, 0.5, -0.1}));
  auto s = tape.param("s", 2.0);
  auto z = tg::dot(theta, x).named("z");
  auto L = s * z;
  BOOST_TEST(!tape.is_tensor(z.id()));  // a scalar computed from vectors
  BOOST_TEST(z.value() == 0.78, boost::test_tools::tolerance(1e-15));
  BOOST_TEST((tape.inputs(z.id()).size() == 2 && tape.inputs(z.id())[0] == theta.id()));
  BOOST_TEST(tape.inputs(L.id()).size() == 2u);  // a scalar node's inputs through the same call
  L.backward();
  BOOST_TEST(s.grad() == 0.78, boost::test_tools::tolerance(1e-15));
  std::vector<double> expected{2, 2.8, 0.4};  // ∂(s θᵀx)/∂θ = s·x
  for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(theta.grad()[i] == expected[i], boost::test_tools::tolerance(1e-15));
  BOOST_TEST(x.grad().empty());  // data receives no gradient
  BOOST_CHECK_THROW(tape.slot(s.id()), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(backward_needs_a_scalar_root) {
  tg::Tape tape;
  auto a = tape.param("a", tg::Tensor::vector({1, 2}));
  auto b = tg::square(a);
  BOOST_CHECK_THROW(tape.var(b.id()).backward(), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(steps_rewind_tensor_nodes_and_keep_ids) {
  tg::Tape tape;
  auto X = tape.input("X", tg::Tensor::matrix(3, 2, {1, 0, 1, 1, 1, 2}));
  auto y = tape.label("y", tg::Tensor::vector({1, 3, 5}));  // y = 1 + 2x exactly
  auto theta = tape.param("theta", tg::Tensor::vector({0, 0}));
  const auto leaves = tape.mark();
  double previous = std::numeric_limits<double>::infinity();
  for (int step = 0; step < 200; ++step) {
    tape.rewind(leaves);
    auto L = tg::mean(tg::square(tg::matvec(X, theta) - y));
    BOOST_TEST(L.id() == 6);  // matvec, sub, square, mean: the same ids every step
    L.backward();
    BOOST_TEST(L.value() <= previous);
    previous = L.value();
    std::vector<double> next{theta.values()[0] - 0.1 * theta.grad()[0], theta.values()[1] - 0.1 * theta.grad()[1]};
    theta.set_values(next);
  }
  BOOST_TEST(tape.size() == 7u);
  BOOST_TEST(theta.values()[0] == 1.0, boost::test_tools::tolerance(1e-3));
  BOOST_TEST(theta.values()[1] == 2.0, boost::test_tools::tolerance(1e-3));
  BOOST_CHECK_THROW(theta.set_values(std::vector<double>{1.0}), std::invalid_argument);
  BOOST_CHECK_THROW(tape.set_value(theta.id(), 1.0), std::invalid_argument);  // not a scalar leaf
}

BOOST_AUTO_TEST_CASE(nonfinite_tensor_element_names_the_node) {
  tg::Tape tape;
  auto a = tape.param("a", tg::Tensor::vector({1, 0, 2}));
  auto l = tg::log(a).named("logs");
  auto bad = tape.first_nonfinite();
  BOOST_REQUIRE(bad.has_value());
  BOOST_TEST(bad->id == l.id());
  BOOST_TEST(bad->number == -std::numeric_limits<double>::infinity());
  BOOST_TEST(bad->describe() == "node 1 (log \"logs\"): value -inf");

  tg::Tape strict;
  strict.set_strict(true);
  auto b = strict.param("b", tg::Tensor::vector({1, 0}));
  BOOST_CHECK_THROW(tg::log(b), tg::NonFiniteError);
  BOOST_CHECK_THROW(strict.param("c", tg::Tensor::vector({1, NAN})), tg::NonFiniteError);
}

BOOST_AUTO_TEST_CASE(nonfinite_tensor_gradient_names_the_node) {
  tg::Tape tape;
  auto a = tape.param("a", tg::Tensor::vector({1e300}));
  auto b = tape.param("b", tg::Tensor::vector({1e-300}));
  auto L = tg::dot(a, b) * 1e300;  // value 1e300 (finite); ∂L/∂b = a·1e300 = inf
  L.backward();
  BOOST_TEST(std::isfinite(L.value()));
  auto bad = tape.first_nonfinite();
  BOOST_REQUIRE(bad.has_value());
  BOOST_TEST(bad->in_gradient);
  BOOST_TEST(bad->id == b.id());
  BOOST_TEST(std::isinf(bad->number));
  BOOST_TEST(a.grad()[0] == 1.0, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(mixed_tapes_and_shapes_are_refused) {
  tg::Tape a, b;
  auto u = a.param("u", tg::Tensor::vector({1, 2}));
  auto v = b.param("v", tg::Tensor::vector({1, 2}));
  auto w = a.param("w", tg::Tensor::vector({1, 2, 3}));
  auto M = a.param("M", tg::Tensor::matrix(2, 3, {1, 2, 3, 4, 5, 6}));
  BOOST_CHECK_THROW(u + v, std::invalid_argument);
  BOOST_CHECK_THROW(tg::dot(u, v), std::invalid_argument);
  BOOST_CHECK_THROW(u * w, std::invalid_argument);
  BOOST_CHECK_THROW(tg::dot(u, w), std::invalid_argument);
  BOOST_CHECK_THROW(tg::matvec(M, u), std::invalid_argument);
  BOOST_CHECK_THROW(tg::matvec(u, u), std::invalid_argument);
  BOOST_CHECK_THROW(tg::bce_with_logits(u, w), std::invalid_argument);
  BOOST_CHECK_THROW(tg::fused_logistic_loss(M, u, u), std::invalid_argument);
  BOOST_CHECK_NO_THROW(tg::matvec(M, w));
}

BOOST_AUTO_TEST_CASE(tensor_nodes_read_back_as_formulas) {
  tg::Tape tape;
  auto X = tape.input("X", tg::Tensor::matrix(2, 2, {1, 2, 3, 4}));
  auto y = tape.label("y", tg::Tensor::vector({0, 1}));
  auto theta = tape.param("theta", tg::Tensor::vector({0.5, -0.5}));
  auto y_hat = tg::sigmoid(tg::matvec(X, theta));
  auto L = tg::mean(tg::square(y_hat - y));
  BOOST_TEST(tg::formula(tape, y_hat.id()) == "σ(X·theta)");
  BOOST_TEST(tg::formula(tape, L.id()) == "mean((σ(X·theta) − y)²)");
  BOOST_TEST(tg::formula(tape, tg::dot(theta, theta).id()) == "thetaᵀtheta");
  BOOST_TEST(tg::formula(tape, tg::fused_logistic_loss(X, theta, y).id()) == "BCE(σ(X·theta), y)");
}

BOOST_AUTO_TEST_CASE(a_three_input_node_lists_all_its_inputs_in_traces) {
  tg::Tape tape;
  auto X = tape.input("X", tg::Tensor::matrix(2, 2, {1, 2, 3, 4}));
  auto theta = tape.param("theta", tg::Tensor::vector({0.5, -0.5}));
  auto y = tape.label("y", tg::Tensor::vector({0, 1}));
  auto L = tg::fused_logistic_loss(X, theta, y);
  std::vector<tg::NodeId> expected{X.id(), theta.id(), y.id()};
  auto in = tape.inputs(L.id());
  BOOST_TEST(std::vector<tg::NodeId>(in.begin(), in.end()) == expected, boost::test_tools::per_element());
  BOOST_TEST(tg::trace_node(tape, L.id(), false)["inputs"] == tg::ordered_json(expected));
  BOOST_TEST(tg::trace_node(tape, L.id(), false)["op"] == "fused_logistic_loss");
}
