// Every op: value and derivative against closed forms at >= 20 points, then the gradient check.
#define BOOST_TEST_MODULE ops
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <vector>

#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;

namespace {

// n points evenly spread over [lo, hi].
std::vector<double> points(double lo, double hi, int n = 24) {
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(lo + (hi - lo) * i / (n - 1));
  return xs;
}

struct Unary {
  std::function<tg::Var(const tg::Var&)> op;
  std::function<double(double)> f, df;  // closed forms
};

void check_unary(const Unary& u, const std::vector<double>& xs) {
  for (double x0 : xs) {
    tg::Tape tape;
    auto x = tape.param("x", x0);
    auto y = u.op(x);
    y.backward();
    BOOST_TEST(y.value() == u.f(x0), boost::test_tools::tolerance(1e-12));
    BOOST_TEST(x.grad() == u.df(x0), boost::test_tools::tolerance(1e-9));
    std::vector<double> at{x0};
    auto report = tg::gradcheck([&](tg::Tape&, std::span<const tg::Var> v) { return u.op(v[0]); }, at);
    BOOST_TEST(report.pass(), "gradcheck at x = " << x0 << ": analytic " << report.leaves[0].analytic
                                                   << " numeric " << report.leaves[0].numeric);
  }
}

using Binary = std::function<tg::Var(const tg::Var&, const tg::Var&)>;

// Checks d/da and d/db of op against closed forms da(a, b), db(a, b).
void check_binary(const Binary& op, double (*f)(double, double), double (*da)(double, double),
                  double (*db)(double, double), const std::vector<double>& as, const std::vector<double>& bs) {
  for (double a0 : as)
    for (double b0 : bs) {
      tg::Tape tape;
      auto a = tape.param("a", a0), b = tape.param("b", b0);
      auto y = op(a, b);
      y.backward();
      BOOST_TEST(y.value() == f(a0, b0), boost::test_tools::tolerance(1e-12));
      BOOST_TEST(a.grad() == da(a0, b0), boost::test_tools::tolerance(1e-12));
      BOOST_TEST(b.grad() == db(a0, b0), boost::test_tools::tolerance(1e-12));
      std::vector<double> at{a0, b0};
      auto report = tg::gradcheck([&](tg::Tape&, std::span<const tg::Var> v) { return op(v[0], v[1]); }, at);
      BOOST_TEST(report.pass(), "gradcheck at (" << a0 << ", " << b0 << ")");
    }
}

}  // namespace

BOOST_AUTO_TEST_CASE(add_sub_mul_div) {
  auto as = points(-3, 3, 5), bs = points(0.5, 4, 4);  // 20 points each
  check_binary([](auto& a, auto& b) { return a + b; }, [](double a, double b) { return a + b; },
               [](double, double) { return 1.0; }, [](double, double) { return 1.0; }, as, bs);
  check_binary([](auto& a, auto& b) { return a - b; }, [](double a, double b) { return a - b; },
               [](double, double) { return 1.0; }, [](double, double) { return -1.0; }, as, bs);
  check_binary([](auto& a, auto& b) { return a * b; }, [](double a, double b) { return a * b; },
               [](double, double b) { return b; }, [](double a, double) { return a; }, as, bs);
  check_binary([](auto& a, auto& b) { return a / b; }, [](double a, double b) { return a / b; },
               [](double, double b) { return 1 / b; }, [](double a, double b) { return -a / (b * b); }, as, bs);
}

BOOST_AUTO_TEST_CASE(numbers_mix_in_as_constants) {
  tg::Tape tape;
  auto x = tape.param("x", 3.0);
  auto y = 2 * x + (1 - x) / 4.0 - x * 0.5 + 6.0 / x - (x + 1.0);  // 6 - 0.5 - 1.5 + 2 - 4 = 2
  y.backward();
  BOOST_TEST(y.value() == 2.0, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(x.grad() == 2 - 0.25 - 0.5 - 6.0 / 9 - 1, boost::test_tools::tolerance(1e-15));
  int constants = 0;
  for (tg::NodeId id = 0; id < static_cast<tg::NodeId>(tape.size()); ++id)
    constants += tape.node(id).op == tg::Op::constant;
  BOOST_TEST(constants == 6);  // 2, 1, 4, 0.5, 6, 1
}

BOOST_AUTO_TEST_CASE(neg_square_pow) {
  auto xs = points(-5, 5);
  check_unary({[](auto& x) { return -x; }, [](double x) { return -x; }, [](double) { return -1.0; }}, xs);
  check_unary({[](auto& x) { return tg::square(x); }, [](double x) { return x * x; },
               [](double x) { return 2 * x; }}, xs);
  check_unary({[](auto& x) { return tg::pow(x, 3.0); }, [](double x) { return x * x * x; },
               [](double x) { return 3 * x * x; }}, xs);
  check_unary({[](auto& x) { return tg::pow(x, 0.5); }, [](double x) { return std::sqrt(x); },
               [](double x) { return 0.5 / std::sqrt(x); }}, points(0.1, 9));
}

BOOST_AUTO_TEST_CASE(exp_log) {
  check_unary({[](auto& x) { return tg::exp(x); }, [](double x) { return std::exp(x); },
               [](double x) { return std::exp(x); }}, points(-10, 10));
  check_unary({[](auto& x) { return tg::log(x); }, [](double x) { return std::log(x); },
               [](double x) { return 1 / x; }}, points(0.05, 50));
}

BOOST_AUTO_TEST_CASE(sigmoid_softplus) {
  auto s = [](double z) { return 1 / (1 + std::exp(-z)); };
  check_unary({[](auto& z) { return tg::sigmoid(z); }, s, [&](double z) { return s(z) * s(-z); }},
              points(-20, 20));
  check_unary({[](auto& z) { return tg::softplus(z); }, [](double z) { return std::log1p(std::exp(z)); }, s},
              points(-20, 20));
}

BOOST_AUTO_TEST_CASE(sigmoid_is_stable_for_any_z) {
  for (double z : {-1000.0, -745.0, -100.0, -40.0, 40.0, 100.0, 745.0, 1000.0}) {
    tg::Tape tape;
    auto x = tape.param("z", z);
    auto y = tg::sigmoid(x);
    y.backward();
    BOOST_TEST(std::isfinite(y.value()));
    BOOST_TEST(std::isfinite(x.grad()));
    BOOST_TEST(y.value() >= 0.0);
    BOOST_TEST(y.value() <= 1.0);
  }
  // the derivative σ(z)σ(−z) ≈ e^−|z| does not collapse to 0 where 1 − σ(z) would
  tg::Tape tape;
  auto z = tape.param("z", 40.0);
  auto y = tg::sigmoid(z);
  y.backward();
  BOOST_TEST(z.grad() == std::exp(-40.0), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(tg::softplus(1000.0) == 1000.0);
  BOOST_TEST(tg::softplus(-1000.0) == 0.0);
}

using boost::test_tools::tolerance;

// What reading a version 1 trace fills in (scalar_rule) is what recording the op gave.
BOOST_AUTO_TEST_CASE(scalar_rule_gives_the_partials_the_ops_record) {
  for (double a : {-800.0, -3.0, -0.5, 0.0, 0.3, 2.0, 40.0, 800.0}) {
    for (double b : {-2.5, 0.7, 3.0}) {
      tg::Tape t;
      auto x = t.param("a", a), y = t.param("b", b);
      auto pos = t.param("p", std::fabs(a) + 0.25);
      std::vector<tg::Var> outs{x + y, x - y, x * y, x / y, -x, tg::square(x), tg::pow(pos, b),
                                tg::exp(tg::Var(x) * 0.01), tg::log(pos), tg::sigmoid(x), tg::softplus(x)};
      BOOST_TEST(outs.size() == 11u);
      for (std::size_t id = 0; id < t.size(); ++id) {
        const tg::Node& n = t.node(static_cast<tg::NodeId>(id));
        if (n.arity == 0) continue;
        std::vector<double> in;
        for (int k = 0; k < n.arity; ++k) in.push_back(t.value(n.input[k]));
        BOOST_TEST_CONTEXT(tg::op_name(n.op) << " at a=" << a << " b=" << b) {
          auto r = tg::scalar_rule(tg::op_name(n.op), in);
          BOOST_REQUIRE(r.has_value());
          BOOST_TEST(r->da == n.partial[0], tolerance(0.0));
          if (n.arity == 2) BOOST_TEST(r->db == n.partial[1], tolerance(0.0));
          BOOST_TEST(t.local_derivative(static_cast<tg::NodeId>(id), 0).data[0] == n.partial[0], tolerance(0.0));
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(scalar_rule_knows_only_scalar_ops_with_their_number_of_inputs) {
  std::vector<double> one{1.0}, two{1.0, 2.0};
  BOOST_TEST(!tg::scalar_rule("matvec", two).has_value());
  BOOST_TEST(!tg::scalar_rule("mul", one).has_value());
  BOOST_TEST(!tg::scalar_rule("neg", two).has_value());
  BOOST_TEST(!tg::scalar_rule("param", {}).has_value());
  BOOST_TEST(tg::scalar_rule("div", two)->db == -0.25, tolerance(0.0));  // ∂(a/b)/∂b = −a/b²
}
