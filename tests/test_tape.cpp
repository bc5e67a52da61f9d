// The graph itself: ids, inputs, reuse, long chains, repeated backward, steps, non-finite values.
#define BOOST_TEST_MODULE tape
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;
using boost::test_tools::tolerance;

BOOST_AUTO_TEST_CASE(ids_are_creation_order_and_history_is_explicit) {
  tg::Tape tape;
  auto x = tape.input("x", 2.0);
  auto w = tape.param("w", 3.0);
  auto z = (w * x).named("z");
  BOOST_TEST(x.id() == 0);
  BOOST_TEST(w.id() == 1);
  BOOST_TEST(z.id() == 2);
  BOOST_TEST(z.node().arity == 2);
  BOOST_TEST(z.node().input[0] == 1);  // argument order kept: w first
  BOOST_TEST(z.node().input[1] == 0);
  BOOST_TEST(std::string(tg::op_name(z.node().op)) == "mul");
  BOOST_TEST(std::string(z.name()) == "z");
  BOOST_TEST(tape.find("w")->id() == 1);
  BOOST_TEST(!tape.find("nope").has_value());
  BOOST_TEST(std::string(tg::role_name(x.node().role)) == "input");
  BOOST_TEST(std::string(tg::role_name(w.node().role)) == "param");
  BOOST_TEST(std::string(tg::role_name(tape.label("y", 1).node().role)) == "label");
}

BOOST_AUTO_TEST_CASE(duplicate_inputs_are_kept_and_both_count) {
  tg::Tape tape;
  auto x = tape.param("x", 5.0);
  auto y = x * x;
  y.backward();
  BOOST_TEST(y.node().input[0] == x.id());
  BOOST_TEST(y.node().input[1] == x.id());
  BOOST_TEST(x.grad() == 10.0);  // d/dx x·x = x + x
}

BOOST_AUTO_TEST_CASE(reused_nodes_accumulate) {
  tg::Tape tape;
  auto x = tape.param("x", 3.0);
  auto a = x + x;  // 2x
  auto b = a * a;  // 4x², d/dx = 8x
  b.backward();
  BOOST_TEST(b.value() == 36.0);
  BOOST_TEST(a.grad() == 12.0);  // 2a
  BOOST_TEST(x.grad() == 24.0);
}

BOOST_AUTO_TEST_CASE(a_million_node_chain_needs_no_recursion) {
  tg::Tape tape;
  auto x = tape.param("x", 0.5);
  tg::Var y = x;
  const int n = 1'000'000;
  for (int i = 0; i < n; ++i) y = y * 1.000001 + (-0.0000005);  // 3 nodes a link
  y.backward();
  BOOST_TEST(tape.size() == 1u + 4u * n);
  BOOST_TEST(x.grad() == std::pow(1.000001, n), tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(backward_twice_gives_the_same_gradients) {
  tg::Tape tape;
  auto x = tape.param("x", 1.5);
  auto y = tg::sigmoid(x * x);
  y.backward();
  double first = x.grad();
  y.backward();
  BOOST_TEST(x.grad() == first);
  auto s = 1 / (1 + std::exp(-2.25));
  BOOST_TEST(first == s * (1 - s) * 3.0, tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(backward_from_an_inner_node) {
  tg::Tape tape;
  auto x = tape.param("x", 2.0);
  auto f = 2 * x - 1;
  auto g = tg::square(f - 3);
  g.backward();
  BOOST_TEST(x.grad() == 8 * 2.0 - 16);
  f.backward();  // only what f depends on gets a gradient; g's gradient is 0
  BOOST_TEST(x.grad() == 2.0);
  BOOST_TEST(g.grad() == 0.0);
}

BOOST_AUTO_TEST_CASE(parameters_persist_across_steps) {
  tg::Tape tape;
  auto x = tape.input("x", 6.7);
  auto y = tape.label("y", 9.1);
  auto w = tape.param("w", -0.34);
  auto b = tape.param("b", 0.04);
  const auto leaves = tape.mark();
  double losses[3];
  for (double& loss : losses) {
    tape.rewind(leaves);
    auto L = tg::square(w * x + b - y);
    L.backward();
    loss = L.value();
    BOOST_TEST(L.id() == 7);  // the same ids every step
    w.set_value(w.value() - 0.001 * w.grad());
    b.set_value(b.value() - 0.001 * b.grad());
  }
  BOOST_TEST(losses[1] < losses[0]);
  BOOST_TEST(losses[2] < losses[1]);
  BOOST_TEST(w.value() != -0.34);
  BOOST_TEST(tape.size() == 8u);
  BOOST_CHECK_THROW(tape.set_value(7, 1.0), std::invalid_argument);  // not a leaf
}

BOOST_AUTO_TEST_CASE(nonfinite_value_names_the_node) {
  tg::Tape tape;
  auto x = tape.param("x", 0.0);
  auto a = (x * 2).named("a");
  auto L = tg::log(a).named("L");
  (void)L;
  auto bad = tape.first_nonfinite();
  BOOST_REQUIRE(bad.has_value());
  BOOST_TEST(bad->id == L.id());
  BOOST_TEST(bad->name == "L");
  BOOST_TEST(!bad->in_gradient);
  BOOST_TEST(bad->number == -std::numeric_limits<double>::infinity());
  BOOST_TEST(bad->describe() == "node 3 (log \"L\"): value -inf");
  BOOST_CHECK_THROW(tape.check_finite(), tg::NonFiniteError);
}

BOOST_AUTO_TEST_CASE(nonfinite_gradient_names_the_node) {
  tg::Tape tape;
  auto x = tape.param("x", 0.0);
  auto r = tg::pow(x, 0.5).named("r");  // value 0 (finite), derivative 0.5/√0 = inf
  auto L = r + 1.0;
  L.backward();
  auto bad = tape.first_nonfinite();
  BOOST_REQUIRE(bad.has_value());
  BOOST_TEST(bad->in_gradient);
  BOOST_TEST(bad->id == x.id());
  BOOST_TEST(std::isinf(bad->number));
}

BOOST_AUTO_TEST_CASE(domain_policy_is_ieee_and_flagged) {
  tg::Tape tape;
  auto zero = tape.param("zero", 0.0), neg = tape.param("neg", -1.0), big = tape.param("big", 800.0);
  BOOST_TEST(std::isinf(tg::log(zero).value()));
  BOOST_TEST(std::isnan(tg::log(neg).value()));
  BOOST_TEST(std::isinf((neg / zero).value()));
  BOOST_TEST(std::isinf(tg::exp(big).value()));
  BOOST_TEST(tape.first_nonfinite()->op == tg::Op::log);

  tg::Tape strict;
  strict.set_strict(true);
  auto z = strict.param("z", 0.0);
  BOOST_CHECK_THROW(tg::log(z), tg::NonFiniteError);
  BOOST_CHECK_NO_THROW(tg::log(z + 1.0));
}

BOOST_AUTO_TEST_CASE(finite_graph_reports_nothing_and_two_tapes_do_not_mix) {
  tg::Tape a, b;
  auto x = a.param("x", 1.0), y = b.param("y", 2.0);
  BOOST_TEST(!a.first_nonfinite().has_value());
  BOOST_CHECK_THROW(x + y, std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_var_dropped_by_rewind_is_refused_not_misread) {
  tg::Tape tape;
  auto w = tape.param("w", 2.0), x = tape.input("x", 3.0);
  const auto leaves = tape.mark();
  auto old = (w * x).named("z");  // node 2
  BOOST_TEST(old.value() == 6.0);
  tape.rewind(leaves);
  BOOST_CHECK_THROW(old.value(), std::logic_error);  // node 2 is gone
  auto fresh = w + x;                                // node 2 again, a different node
  BOOST_TEST(fresh.id() == old.id());
  BOOST_TEST(fresh.value() == 5.0);
  BOOST_CHECK_THROW(old.value(), std::logic_error);  // the id is reused, the Var is still stale
  BOOST_CHECK_THROW(old.grad(), std::logic_error);
  BOOST_CHECK_THROW(old.named("z"), std::logic_error);
  BOOST_CHECK_THROW(old * w, std::logic_error);      // recording with it is refused too
  BOOST_TEST(w.value() == 2.0);                      // leaves before the mark stay valid
  BOOST_CHECK_NO_THROW(w * x);
}

BOOST_AUTO_TEST_CASE(a_tensor_node_is_not_read_as_a_scalar) {
  tg::Tape tape;
  auto theta = tape.param("theta", tg::Tensor::vector({0.1, 0.5}));
  BOOST_CHECK_THROW(tape.var(theta.id()), std::invalid_argument);
  BOOST_CHECK_THROW(tape.find("theta"), std::invalid_argument);
  BOOST_TEST(tape.tensor_var(theta.id()).values()[1] == 0.5);
  auto w = tape.param("w", 1.0);
  BOOST_CHECK_THROW(tape.tensor_var(w.id()), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(only_the_nodes_a_rewind_dropped_go_stale) {
  tg::Tape tape;
  auto w = tape.param("w", 2.0);
  const auto leaves = tape.mark();
  auto a = w * 3.0;  // nodes 1 (const), 2
  const auto middle = tape.mark();
  auto c = a + w;  // node 3
  tape.rewind(middle);
  BOOST_TEST(a.value() == 6.0);  // before the mark: kept
  BOOST_CHECK_THROW(c.value(), std::logic_error);
  for (int step = 0; step < 100; ++step) {  // many later rewinds to the same mark keep it too
    auto d = a * w;
    BOOST_TEST(d.value() == 12.0);
    tape.rewind(middle);
  }
  BOOST_TEST(a.value() == 6.0);
  tape.rewind(leaves);  // a lower mark: now a is gone as well
  BOOST_CHECK_THROW(a.value(), std::logic_error);
  BOOST_TEST(w.value() == 2.0);
}
