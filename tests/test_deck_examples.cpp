// The deck's worked examples (../shared/deck.md) computed through the engine. Every printed
// number must match within one unit of its last printed digit (slides truncate as often as
// they round).
#define BOOST_TEST_MODULE deck_examples
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;

namespace {

// True when `value` is within one unit of the last digit of `printed` ("−0.1068": 1e-4).
bool matches_printed(double value, const std::string& printed) {
  auto dot = printed.find('.');
  int decimals = dot == std::string::npos ? 0 : static_cast<int>(printed.size() - dot - 1);
  double unit = std::pow(10.0, -decimals);
  return std::fabs(value - std::stod(printed)) <= unit * (1 + 1e-9);
}

#define CHECK_PRINTED(value, printed) \
  BOOST_TEST(matches_printed(value, printed), #value " = " << (value) << ", the slide prints " << printed)


}  // namespace

BOOST_AUTO_TEST_CASE(chain_rule_slides_10_12) {
  for (double x0 : {-3.0, -1.0, 0.0, 0.5, 2.0, 3.0, 10.0}) {
    tg::Tape tape;
    auto x = tape.param("x", x0);
    auto f = (2 * x - 1).named("f");
    auto g = tg::square(f - 3).named("g");
    g.backward();
    BOOST_TEST(g.value() == (2 * x0 - 4) * (2 * x0 - 4));
    BOOST_TEST(f.grad() == 2 * (f.value() - 3));  // dg/df = 2(f − 3)
    BOOST_TEST(x.grad() == 8 * x0 - 16);          // dg/dx = 8x − 16
  }
}

BOOST_AUTO_TEST_CASE(linear_regression_slides_21_23) {
  tg::Tape tape;
  auto x = tape.input("x", 6.7), y = tape.label("y", 9.1);
  auto w = tape.param("w", -0.34), b = tape.param("b", 0.04);
  const auto leaves = tape.mark();
  auto y_hat = w * x + b;
  auto L = tg::square(y_hat - y);
  L.backward();
  CHECK_PRINTED(y_hat.value(), "-2.238");
  CHECK_PRINTED(L.value(), "128.5");
  CHECK_PRINTED(L.value(), "128.55");
  CHECK_PRINTED(w.grad(), "-151.9292");
  CHECK_PRINTED(b.grad(), "-22.676");
  const double eta = 0.01;
  w.set_value(w.value() - eta * w.grad());
  b.set_value(b.value() - eta * b.grad());
  CHECK_PRINTED(w.value(), "1.17929");
  CHECK_PRINTED(w.value(), "1.179292");
  CHECK_PRINTED(b.value(), "0.26676");
  tape.rewind(leaves);
  CHECK_PRINTED(tg::square(w * x + b - y).value(), "0.868");

  tg::Tape line;  // slide 13: if area = 6.0, price = 7.28
  CHECK_PRINTED((line.param("w", 1.17) * line.input("x", 6.0) + line.param("b", 0.26)).value(), "7.28");
}

BOOST_AUTO_TEST_CASE(logistic_one_feature_slides_44_46) {
  tg::Tape tape;
  auto x = tape.input("x", 1.4), y = tape.label("y", 0.0);
  auto b = tape.param("b", 0.1), w = tape.param("w", -0.1);
  const auto leaves = tape.mark();
  auto forward = [&] {
    auto z = w * x + b;
    auto y_hat = tg::sigmoid(z);
    auto L = -y * tg::log(y_hat) - (1 - y) * tg::log(1 - y_hat);
    return std::tuple{z, y_hat, L};
  };
  auto [z, y_hat, L] = forward();
  L.backward();
  CHECK_PRINTED(z.value(), "-0.0399");  // erratum: the true value is −0.04
  CHECK_PRINTED(z.value(), "-0.04");
  CHECK_PRINTED(y_hat.value(), "0.49");
  CHECK_PRINTED(L.value(), "0.6733");
  CHECK_PRINTED(b.grad(), "0.49");
  CHECK_PRINTED(w.grad(), "0.686");
  BOOST_TEST(w.grad() == x.value() * (y_hat.value() - y.value()), boost::test_tools::tolerance(1e-15));
  b.set_value(b.value() - 0.01 * b.grad());
  w.set_value(w.value() - 0.01 * w.grad());
  CHECK_PRINTED(b.value(), "0.095");
  CHECK_PRINTED(w.value(), "-0.1068");
  tape.rewind(leaves);
  auto [z2, y_hat2, L2] = forward();
  CHECK_PRINTED(z2.value(), "-0.0545");
  CHECK_PRINTED(y_hat2.value(), "0.486");
  CHECK_PRINTED(L2.value(), "0.666");
}

BOOST_AUTO_TEST_CASE(logistic_two_features_slides_47_51) {
  tg::Tape tape;
  auto x1 = tape.input("x1", 1.4), x2 = tape.input("x2", 0.2), y = tape.label("y", 0.0);
  auto b = tape.param("b", 0.1), w1 = tape.param("w1", 0.5), w2 = tape.param("w2", -0.1);
  const auto leaves = tape.mark();
  auto forward = [&] {
    auto z = w1 * x1 + w2 * x2 + b;
    auto y_hat = tg::sigmoid(z);
    auto L = -y * tg::log(y_hat) - (1 - y) * tg::log(1 - y_hat);
    return std::tuple{z, y_hat, L};
  };
  auto [z, y_hat, L] = forward();
  L.backward();
  CHECK_PRINTED(z.value(), "0.78");
  CHECK_PRINTED(y_hat.value(), "0.6856");
  CHECK_PRINTED(L.value(), "1.1573");
  CHECK_PRINTED(b.grad(), "0.6856");
  CHECK_PRINTED(w1.grad(), "0.9599");
  CHECK_PRINTED(w2.grad(), "0.1371");
  for (auto* p : {&b, &w1, &w2}) p->set_value(p->value() - 0.01 * p->grad());
  CHECK_PRINTED(b.value(), "0.0931");
  CHECK_PRINTED(w1.value(), "0.4904");  // slide 50; slide 49's 0.4990 is an erratum
  BOOST_TEST(!matches_printed(w1.value(), "0.4990"));
  CHECK_PRINTED(w2.value(), "-0.1013");  // minus η·0.1371 (slide 49 writes plus: erratum)
  BOOST_TEST(!matches_printed(-0.1 + 0.01 * 0.1371, "-0.1013"));
  tape.rewind(leaves);
  auto [z2, y_hat2, L2] = forward();
  CHECK_PRINTED(z2.value(), "0.75");
  CHECK_PRINTED(y_hat2.value(), "0.6812");
  CHECK_PRINTED(L2.value(), "1.1432");
}
