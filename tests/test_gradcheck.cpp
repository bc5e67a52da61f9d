#define BOOST_TEST_MODULE gradcheck
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;
using boost::test_tools::tolerance;

BOOST_AUTO_TEST_CASE(defaults_are_pytorchs) {
  tg::GradcheckOptions o;
  BOOST_TEST(o.eps == 1e-6);
  BOOST_TEST(o.atol == 1e-5);
  BOOST_TEST(o.rtol == 1e-3);
}

BOOST_AUTO_TEST_CASE(reports_every_leaf_of_a_logistic_loss) {
  std::vector<double> at{1.4, 0.2, 0.1, 0.5, -0.1};
  std::vector<std::string> names{"x1", "x2", "b", "w1", "w2"};
  auto report = tg::gradcheck(
      [](tg::Tape&, std::span<const tg::Var> v) {
        auto y_hat = tg::sigmoid(v[3] * v[0] + v[4] * v[1] + v[2]);
        return -tg::log(1 - y_hat);  // y = 0
      },
      at, {}, names);
  BOOST_TEST(report.pass());
  BOOST_REQUIRE(report.leaves.size() == 5u);
  BOOST_TEST(report.leaves[3].name == "w1");
  BOOST_TEST(report.leaves[3].value == 0.5);
  double y_hat = 1 / (1 + std::exp(-0.78));
  BOOST_TEST(report.output == -std::log(1 - y_hat), tolerance(1e-14));
  BOOST_TEST(report.leaves[2].analytic == y_hat, tolerance(1e-14));        // ∂L/∂b = ŷ − y
  BOOST_TEST(report.leaves[3].analytic == 1.4 * y_hat, tolerance(1e-14));  // ∂L/∂w1 = x1(ŷ − y)
  BOOST_TEST(report.leaves[3].numeric == 1.4 * y_hat, tolerance(1e-8));
  for (auto& leaf : report.leaves) BOOST_TEST(leaf.abs_err < 1e-8);
}

BOOST_AUTO_TEST_CASE(a_wrong_derivative_fails) {
  // log(x) recorded with the derivative of x itself: the check must catch it.
  std::vector<double> at{2.0};
  auto report = tg::gradcheck(
      [](tg::Tape& t, std::span<const tg::Var> v) {
        return t.record(tg::Op::log, std::log(v[0].value()), v[0], 1.0);
      },
      at);
  BOOST_TEST(!report.pass());
  BOOST_TEST(report.leaves[0].analytic == 1.0);
  BOOST_TEST(report.leaves[0].numeric == 0.5, tolerance(1e-8));
  BOOST_TEST(report.leaves[0].abs_err == 0.5, tolerance(1e-8));
  BOOST_TEST(report.leaves[0].rel_err == 1.0, tolerance(1e-7));
}

BOOST_AUTO_TEST_CASE(tolerances_are_settable) {
  std::vector<double> at{1.0};
  auto f = [](tg::Tape& t, std::span<const tg::Var> v) {
    return t.record(tg::Op::exp, std::exp(v[0].value()), v[0], std::exp(1.0) * 1.0001);  // 0.01% off
  };
  BOOST_TEST(tg::gradcheck(f, at).pass());  // within rtol 1e-3
  BOOST_TEST(!tg::gradcheck(f, at, {.eps = 1e-6, .atol = 0, .rtol = 1e-6}).pass());
}
