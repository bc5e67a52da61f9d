#define BOOST_TEST_MODULE expr
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <string>

#include "expr.hpp"

namespace tg = tracegrad;
using boost::test_tools::tolerance;

namespace {

// Builds the expression with every variable a param; returns the output node.
struct Built {
  tg::Tape tape;
  std::map<std::string, tg::Var> vars;
  std::optional<tg::Var> out;
  Built(const std::string& text, const std::map<std::string, double>& at) {
    tg::Expression e(text);
    for (const auto& name : e.names()) vars.emplace(name, tape.param(name, at.at(name)));
    out = e.build(tape, vars);
    out->backward();
  }
  double grad(const std::string& name) const { return vars.at(name).grad(); }
};

double value_of(const std::string& text, std::map<std::string, double> at = {}) {
  return Built(text, at).out->value();
}

// The byte offset an ExprError points at, or -1 when the text parses.
long error_at(const std::string& text) {
  try {
    tg::Expression e(text);
  } catch (const tg::ExprError& err) {
    return static_cast<long>(err.position());
  }
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_CASE(logistic_loss_for_y_0_by_hand) {
  // f = log(1 − σ(z)), z = wx + b.  df/dz = −σ(z), so ∂f/∂w = −σ(z)·x, ∂f/∂x = −σ(z)·w, ∂f/∂b = −σ(z).
  Built b("log(1 - sigmoid(w*x + b))", {{"x", 1.4}, {"w", -0.1}, {"b", 0.1}});
  double z = -0.1 * 1.4 + 0.1;  // −0.04
  double s = 1 / (1 + std::exp(-z));
  BOOST_TEST(s == 0.49000133312, tolerance(1e-10));
  BOOST_TEST(b.out->value() == std::log(1 - s), tolerance(1e-14));
  BOOST_TEST(b.out->value() == -0.6733471672, tolerance(1e-9));
  BOOST_TEST(b.grad("w") == -s * 1.4, tolerance(1e-14));
  BOOST_TEST(b.grad("x") == -s * -0.1, tolerance(1e-14));
  BOOST_TEST(b.grad("b") == -s, tolerance(1e-14));
}

BOOST_AUTO_TEST_CASE(precedence_and_associativity) {
  BOOST_TEST(value_of("2 + 3 * 4") == 14.0, tolerance(0.0));
  BOOST_TEST(value_of("(2 + 3) * 4") == 20.0, tolerance(0.0));
  BOOST_TEST(value_of("8 / 4 / 2") == 1.0, tolerance(0.0));  // (8/4)/2
  BOOST_TEST(value_of("8 - 4 - 2") == 2.0, tolerance(0.0));
  BOOST_TEST(value_of("-x^2", {{"x", 3}}) == -9.0, tolerance(1e-15));  // −(x²)
  BOOST_TEST(value_of("2 * -x", {{"x", 3}}) == -6.0, tolerance(0.0));
  BOOST_TEST(value_of("- -x", {{"x", 3}}) == 3.0, tolerance(0.0));
  BOOST_TEST(value_of("1.5e1 + .5") == 15.5, tolerance(0.0));
  BOOST_TEST(value_of("x^-1", {{"x", 4}}) == 0.25, tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(every_function_and_its_derivative) {
  const double a = 0.7;
  auto at = std::map<std::string, double>{{"a", a}};
  struct Case { const char* text; double value, derivative; };
  const double s = 1 / (1 + std::exp(-a));
  Case cases[] = {
      {"square(a)", a * a, 2 * a},
      {"pow(a, 3)", a * a * a, 3 * a * a},
      {"a^0.5", std::sqrt(a), 0.5 / std::sqrt(a)},
      {"exp(a)", std::exp(a), std::exp(a)},
      {"log(a)", std::log(a), 1 / a},
      {"sigmoid(a)", s, s * (1 - s)},
      {"softplus(a)", std::log(1 + std::exp(a)), s},
      {"1 / a", 1 / a, -1 / (a * a)},
      {"a * a", a * a, 2 * a},  // a used twice: both edges add up
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT(c.text) {
      Built b(c.text, at);
      BOOST_TEST(b.out->value() == c.value, tolerance(1e-14));
      BOOST_TEST(b.grad("a") == c.derivative, tolerance(1e-13));
    }
  }
}

BOOST_AUTO_TEST_CASE(nodes_follow_the_text_and_names_their_first_appearance) {
  tg::Expression e("w*x + b - w");
  BOOST_TEST((e.names() == std::vector<std::string>{"w", "x", "b"}));
  BOOST_TEST(e.position_of("b") == 6u);
  Built b("w*x + b", {{"w", 2}, {"x", 3}, {"b", 1}});
  // leaves 0..2 (w, x, b), then mul(w, x) = 3, add = 4: the left operand is built first
  BOOST_TEST(b.tape.size() == 5u);
  BOOST_TEST(b.tape.node(3).op == tg::Op::mul);
  BOOST_TEST(b.tape.node(3).input[0] == 0);
  BOOST_TEST(b.tape.node(3).input[1] == 1);
  BOOST_TEST(b.tape.node(4).op == tg::Op::add);
}

BOOST_AUTO_TEST_CASE(a_negative_literal_is_one_constant) {
  Built b("-2 * x", {{"x", 5}});
  BOOST_TEST(b.tape.size() == 3u);  // x, const −2, mul
  BOOST_TEST(b.tape.node(1).value == -2.0);
  BOOST_TEST(b.grad("x") == -2.0, tolerance(0.0));
}

BOOST_AUTO_TEST_CASE(errors_point_at_the_offending_character) {
  BOOST_TEST(error_at("") == 0);                     // empty
  BOOST_TEST(error_at("   ") == 3);                  // empty after the blanks
  BOOST_TEST(error_at("(x + 1") == 0);               // the '(' that is never closed
  BOOST_TEST(error_at("x + 1)") == 5);               // a stray ')'
  BOOST_TEST(error_at("log(1 - sigmod(x))") == 8);   // unknown function
  BOOST_TEST(error_at("x 2") == 2);                  // trailing garbage
  BOOST_TEST(error_at("x +") == 3);                  // ends too soon
  BOOST_TEST(error_at("x $ y") == 2);                // not a character of the language
  BOOST_TEST(error_at("pow(x)") == 5);               // pow needs its exponent
  BOOST_TEST(error_at("x ^ y") == 4);                // the exponent is a number
  BOOST_TEST(error_at("exp + 1") == 0);              // a function without its call
  BOOST_TEST(error_at("1.2.3") == 0);                // not a number
  BOOST_TEST(error_at("exp(x") == 3);                // the call's '(' is not closed
  BOOST_TEST(error_at("w*x + b") == -1);
}

BOOST_AUTO_TEST_CASE(a_variable_without_a_value_is_an_error_at_its_place) {
  tg::Expression e("x + y");
  tg::Tape tape;
  std::map<std::string, tg::Var> vars{{"x", tape.param("x", 1)}};
  try {
    e.build(tape, vars);
    BOOST_FAIL("built without a value for y");
  } catch (const tg::ExprError& err) {
    BOOST_TEST(err.position() == 4u);
    BOOST_TEST(std::string(err.what()).find("'y'") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(the_caret_sits_under_the_character) {
  BOOST_TEST(tg::caret_under("x + )", 4) == "  x + )\n      ^");
  // σ is two bytes but one column: the caret under '$' (byte 6) has 5 characters before it
  BOOST_TEST(tg::caret_under("σ(x) $", 6) == "  σ(x) $\n" + std::string(2 + 5, ' ') + "^");
}

// Hostile input (issue 12): a flat sum of 10^6 terms builds without recursion, with the
// right value and gradient; nesting past Expression::max_nesting is an error, not a crash.
BOOST_AUTO_TEST_CASE(a_million_term_sum_builds_and_deep_nesting_is_refused) {
  std::string sum = "x";
  for (int k = 1; k < 1'000'000; ++k) sum += "+x";
  Built b(sum, {{"x", 0.5}});
  BOOST_TEST(b.out->value() == 500'000.0, tolerance(1e-12));
  BOOST_TEST(b.grad("x") == 1'000'000.0, tolerance(1e-12));

  const int deep = tg::Expression::max_nesting + 1;
  for (const std::string& text : {std::string(deep, '(') + "x" + std::string(deep, ')'), "(" + std::string(deep, '-') + "x)",
                                  [&] {
                                    std::string calls;
                                    for (int k = 0; k < deep; ++k) calls += "exp(";
                                    return calls + "x" + std::string(deep, ')');
                                  }()}) {
    try {
      tg::Expression e(text);
      BOOST_ERROR("no error for nesting of " << deep);
    } catch (const tg::ExprError& err) {
      BOOST_TEST(std::string(err.what()).find("nested deeper than 500 levels") != std::string::npos);
      BOOST_TEST(err.position() <= text.size());
    }
  }
  // At the limit itself it parses: (((x))) with max_nesting parentheses.
  const int limit = tg::Expression::max_nesting;
  BOOST_TEST(value_of(std::string(limit, '(') + "x" + std::string(limit, ')'), {{"x", 2.0}}) == 2.0);
}
