// Every tensor op: values against closed forms, then the element-wise gradient check.
#define BOOST_TEST_MODULE tensor_ops
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <functional>
#include <vector>

#include "tracegrad/tracegrad.hpp"
#include <tracegrad/fused_logistic.hpp>

namespace tg = tracegrad;
using tg::Tensor;
using tg::TensorVar;
using tg::Var;

namespace {

const Tensor a0 = Tensor::vector({-1.5, -0.2, 0.3, 0.9, 2.1});
const Tensor b0 = Tensor::vector({0.7, 1.3, -0.4, 2.2, 0.6});
const Tensor positive = Tensor::vector({0.3, 0.8, 1.5, 2.5, 4.0});
const std::vector<double> weights{0.5, -1.0, 2.0, 0.25, -0.75};  // makes ∂L/∂result uneven

// L = Σ wᵢ·resultᵢ: a scalar whose gradient reaches every element differently.
Var weigh(const TensorVar& result) {
  return tg::dot(result, result.tape().input("w", Tensor::vector(weights)));
}

void require_gradcheck(const tg::TensorGraphBuilder& f, std::vector<Tensor> at) {
  auto report = tg::gradcheck_tensors(f, at);
  BOOST_REQUIRE(!report.leaves.empty());
  for (const auto& leaf : report.leaves)
    BOOST_TEST(leaf.pass, leaf.name << ": analytic " << leaf.analytic << " numeric " << leaf.numeric);
}

using Unary = std::function<TensorVar(const TensorVar&)>;

// Values against f, ∂L/∂aᵢ against wᵢ·f′(aᵢ), then the gradient check.
void check_unary(const Unary& op, double (*f)(double), double (*df)(double), const Tensor& at) {
  tg::Tape tape;
  auto a = tape.param("a", at);
  auto r = op(a);
  weigh(r).backward();
  for (std::size_t i = 0; i < at.data.size(); ++i) {
    BOOST_TEST(r.values()[i] == f(at.data[i]), boost::test_tools::tolerance(1e-14));
    BOOST_TEST(a.grad()[i] == weights[i] * df(at.data[i]), boost::test_tools::tolerance(1e-12));
  }
  require_gradcheck([&](tg::Tape&, std::span<const TensorVar> v) { return weigh(op(v[0])); }, {at});
}

using Binary = std::function<TensorVar(const TensorVar&, const TensorVar&)>;

void check_binary(const Binary& op, double (*f)(double, double)) {
  tg::Tape tape;
  auto a = tape.param("a", a0), b = tape.param("b", b0);
  auto r = op(a, b);
  for (std::size_t i = 0; i < a0.data.size(); ++i)
    BOOST_TEST(r.values()[i] == f(a0.data[i], b0.data[i]), boost::test_tools::tolerance(1e-14));
  require_gradcheck([&](tg::Tape&, std::span<const TensorVar> v) { return weigh(op(v[0], v[1])); }, {a0, b0});
}

}  // namespace

BOOST_AUTO_TEST_CASE(add_sub_mul_neg) {
  check_binary([](auto& a, auto& b) { return a + b; }, [](double a, double b) { return a + b; });
  check_binary([](auto& a, auto& b) { return a - b; }, [](double a, double b) { return a - b; });
  check_binary([](auto& a, auto& b) { return a * b; }, [](double a, double b) { return a * b; });
  check_binary([](auto& a, auto&) { return a * a; }, [](double a, double) { return a * a; });  // one input twice
  check_unary([](auto& a) { return -a; }, [](double x) { return -x; }, [](double) { return -1.0; }, a0);
}

BOOST_AUTO_TEST_CASE(scalar_broadcast) {
  // Collected, r = (s + 6)·a + 2 (the s terms cancel): ∂L/∂aᵢ = wᵢ(s + 6), ∂L/∂s = Σ wᵢaᵢ
  tg::Tape tape;
  auto a = tape.param("a", a0);
  auto s = tape.param("s", 1.7);
  auto r = s * a + (s - a) + (a - 2.0) + 3.0 * a + (1.0 - a) + (a + 1.0) + (a * 2.0 - s) + (2.0 + a);
  weigh(r).backward();
  double ds = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    double x = a0.data[i];
    BOOST_TEST(r.values()[i] == x * (1.7 + 6) + 2.0, boost::test_tools::tolerance(1e-13));
    BOOST_TEST(a.grad()[i] == weights[i] * (1.7 + 6), boost::test_tools::tolerance(1e-13));
    ds += weights[i] * x;
  }
  BOOST_TEST(s.grad() == ds, boost::test_tools::tolerance(1e-13));
  require_gradcheck(
      [](tg::Tape& t, std::span<const TensorVar> v) {
        auto s2 = t.param("s", 0.4);  // a scalar param beside the tensor
        return weigh(s2 * v[0] + (s2 - v[0]) * v[0]);
      },
      {a0});
}

BOOST_AUTO_TEST_CASE(square_exp_log_sigmoid) {
  check_unary([](auto& a) { return tg::square(a); }, [](double x) { return x * x; },
              [](double x) { return 2 * x; }, a0);
  check_unary([](auto& a) { return tg::exp(a); }, [](double x) { return std::exp(x); },
              [](double x) { return std::exp(x); }, a0);
  check_unary([](auto& a) { return tg::log(a); }, [](double x) { return std::log(x); },
              [](double x) { return 1 / x; }, positive);
  check_unary([](auto& a) { return tg::sigmoid(a); }, [](double x) { return 1 / (1 + std::exp(-x)); },
              [](double x) { return std::exp(-x) / ((1 + std::exp(-x)) * (1 + std::exp(-x))); }, a0);
}

BOOST_AUTO_TEST_CASE(matvec_values_and_gradients) {
  // X = [[1, 2], [3, 4], [5, 6]], θ = [0.5, −1]: Xθ = [−1.5, −2.5, −3.5]
  const Tensor X0 = Tensor::matrix(3, 2, {1, 2, 3, 4, 5, 6}), th0 = Tensor::vector({0.5, -1});
  const Tensor u0 = Tensor::vector({1, -2, 0.5});
  tg::Tape tape;
  auto X = tape.param("X", X0), th = tape.param("theta", th0);
  auto z = tg::matvec(X, th);
  BOOST_TEST(z.shape() == tg::Shape{3});
  std::vector<double> expected{-1.5, -2.5, -3.5};
  for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(z.values()[i] == expected[i]);
  auto L = tg::dot(z, tape.input("u", u0));  // ∂L/∂θ = Xᵀu, ∂L/∂X = u θᵀ
  L.backward();
  BOOST_TEST(th.grad()[0] == 1 - 6 + 2.5);
  BOOST_TEST(th.grad()[1] == 2 - 8 + 3.0);
  BOOST_TEST(X.grad()[2] == -2 * 0.5);
  BOOST_TEST(X.grad()[5] == 0.5 * -1);
  require_gradcheck(
      [&](tg::Tape& t, std::span<const TensorVar> v) { return tg::dot(tg::matvec(v[0], v[1]), t.input("u", u0)); },
      {X0, th0});
}

BOOST_AUTO_TEST_CASE(dot_sum_mean) {
  // The deck's vector review: [1 2]·[2 3] = 8
  tg::Tape tape;
  auto u = tape.param("u", Tensor::vector({1, 2})), v = tape.param("v", Tensor::vector({2, 3}));
  auto d = tg::dot(u, v);
  BOOST_TEST(d.value() == 8.0);
  d.backward();
  BOOST_TEST(u.grad()[0] == 2.0);
  BOOST_TEST(v.grad()[1] == 2.0);
  BOOST_TEST(tg::sum(tape.input("x", Tensor::vector({1, 2, 3})) * 2.0).value() == 12.0);  // 2·[1 2 3] = [2 4 6]
  BOOST_TEST(tg::mean(tape.input("x", Tensor::vector({1, 2, 3, 6}))).value() == 3.0);
  require_gradcheck([](tg::Tape&, std::span<const TensorVar> x) { return tg::dot(x[0], x[1]); }, {a0, b0});
  require_gradcheck([](tg::Tape&, std::span<const TensorVar> x) { return tg::dot(x[0], x[0]); }, {a0});
  require_gradcheck([](tg::Tape&, std::span<const TensorVar> x) { return tg::sum(tg::square(x[0])); }, {a0});
  require_gradcheck([](tg::Tape&, std::span<const TensorVar> x) { return tg::mean(tg::exp(x[0])); }, {a0});
}

BOOST_AUTO_TEST_CASE(transpose_values_and_gradients) {
  // A = [[1, 2, 3], [4, 5, 6]]: Aᵀ = [[1, 4], [2, 5], [3, 6]]; L = Σ (Aᵀ ⊙ W) has ∂L/∂A = Wᵀ
  const Tensor A0 = Tensor::matrix(2, 3, {1, 2, 3, 4, 5, 6});
  const Tensor W0 = Tensor::matrix(3, 2, {0.5, -1, 2, 0.25, -0.75, 3});
  tg::Tape tape;
  auto A = tape.param("A", A0);
  auto At = tg::transpose(A);
  BOOST_TEST(At.shape() == (tg::Shape{3, 2}));
  const std::vector<double> transposed{1, 4, 2, 5, 3, 6}, W_T{0.5, 2, -0.75, -1, 0.25, 3};
  for (std::size_t i = 0; i < 6; ++i) BOOST_TEST(At.values()[i] == transposed[i]);
  tg::sum(At * tape.input("W", W0)).backward();
  for (std::size_t i = 0; i < 6; ++i) BOOST_TEST(A.grad()[i] == W_T[i]);
  // A vector [n] is a column: its transpose is the row [1, n] (the same elements), and that
  // row's transpose the column [n, 1].
  auto v = tape.input("v", Tensor::vector({1, 2}));
  auto row = tg::transpose(v);
  BOOST_TEST(row.shape() == (tg::Shape{1, 2}));
  BOOST_TEST(row.values()[1] == 2.0);
  BOOST_TEST(tg::transpose(row).shape() == (tg::Shape{2, 1}));
  BOOST_CHECK_THROW(tg::transpose(tape.input("cube", Tensor::filled({2, 2, 2}, 1.0))), std::invalid_argument);
  require_gradcheck(
      [&](tg::Tape& t, std::span<const TensorVar> x) { return tg::sum(tg::transpose(x[0]) * t.input("W", W0)); }, {A0});
  const Tensor row_weights = Tensor::matrix(1, 5, weights);
  require_gradcheck(
      [&](tg::Tape& t, std::span<const TensorVar> x) { return tg::sum(tg::transpose(x[0]) * t.input("W", row_weights)); },
      {a0});
}

BOOST_AUTO_TEST_CASE(bce_with_logits_and_logistic_loss) {
  // L = mean(softplus(z) − yz): closed form per element, ∂L/∂zᵢ = (σ(zᵢ) − yᵢ)/n
  const Tensor y0 = Tensor::vector({0, 1, 1, 0, 1});
  tg::Tape tape;
  auto z = tape.param("z", a0);
  auto y = tape.label("y", y0);
  auto L = tg::bce_with_logits(z, y);
  L.backward();
  double expected = 0;
  for (std::size_t i = 0; i < 5; ++i) {
    double zi = a0.data[i], yi = y0.data[i], sig = 1 / (1 + std::exp(-zi));
    expected += -yi * std::log(sig) - (1 - yi) * std::log(1 - sig);
    BOOST_TEST(z.grad()[i] == (sig - yi) / 5, boost::test_tools::tolerance(1e-13));
  }
  BOOST_TEST(L.value() == expected / 5, boost::test_tools::tolerance(1e-13));
  // Gradient checks with respect to every input, labels and data included.
  require_gradcheck([](tg::Tape&, std::span<const TensorVar> v) { return tg::bce_with_logits(v[0], v[1]); },
                    {a0, Tensor::vector({0.1, 0.9, 0.5, 0.0, 1.0})});
  const Tensor X0 = Tensor::matrix(5, 2, {1, 0.5, 1, -1.2, 1, 2.0, 1, 0.1, 1, -0.7});
  require_gradcheck(
      [&](tg::Tape&, std::span<const TensorVar> v) { return tg::fused_logistic_loss(v[0], v[1], v[2]); },
      {X0, Tensor::vector({0.3, -0.8}), Tensor::vector({0, 1, 1, 0, 1})});
}

// ---- the local derivatives a trace writes (Tape::local_derivative) ------------------------

namespace {

std::vector<double> elements(const Tensor& t) { return t.data; }

// For a scalar node read from tensors, ∂L/∂input = ∂L/∂node × local: what backward added.
void require_local_times_upstream_is_the_gradient(tg::Tape& tape, const Var& node, const TensorVar& input,
                                                  std::size_t k) {
  node.tape().backward(node);
  Tensor local = tape.local_derivative(node.id(), k);
  BOOST_REQUIRE(local.data.size() == input.size());
  for (std::size_t i = 0; i < local.data.size(); ++i)
    BOOST_TEST(local.data[i] * node.grad() == input.grad()[i], boost::test_tools::tolerance(1e-15));
}

}  // namespace

BOOST_AUTO_TEST_CASE(elementwise_local_derivatives_are_the_saved_partials) {
  tg::Tape tape;
  auto a = tape.param("a", a0);
  auto b = tape.param("b", b0);
  auto s = tape.param("s", 2.0);
  auto prod = a * b;
  BOOST_TEST(elements(tape.local_derivative(prod.id(), 0)) == b0.data);  // ∂(a·b)ᵢ/∂aᵢ = bᵢ
  BOOST_TEST(elements(tape.local_derivative(prod.id(), 1)) == a0.data);
  BOOST_TEST(tape.local_derivative(prod.id(), 1).shape == a0.shape);
  auto scaled = a * s;  // s broadcast: ∂(a·s)ᵢ/∂s = aᵢ, one per element
  BOOST_TEST(elements(tape.local_derivative(scaled.id(), 1)) == a0.data);
  auto sq = tg::square(a);
  for (std::size_t i = 0; i < a0.data.size(); ++i)
    BOOST_TEST(tape.local_derivative(sq.id(), 0).data[i] == 2 * a0.data[i], boost::test_tools::tolerance(0.0));
  BOOST_CHECK_THROW(tape.local_derivative(sq.id(), 1), std::out_of_range);
}

BOOST_AUTO_TEST_CASE(reductions_and_dot_have_their_local_derivatives) {
  tg::Tape tape;
  auto a = tape.param("a", a0);
  auto b = tape.param("b", b0);
  auto d = tg::dot(a, b);
  BOOST_TEST(elements(tape.local_derivative(d.id(), 0)) == b0.data);  // ∂(aᵀb)/∂a = b
  BOOST_TEST(elements(tape.local_derivative(d.id(), 1)) == a0.data);
  require_local_times_upstream_is_the_gradient(tape, d, a, 0);
  auto m = tg::mean(a);
  BOOST_TEST(elements(tape.local_derivative(m.id(), 0)) == std::vector<double>(5, 0.2));  // 1/n
  require_local_times_upstream_is_the_gradient(tape, m, a, 0);
  auto total = tg::sum(b);
  BOOST_TEST(elements(tape.local_derivative(total.id(), 0)) == std::vector<double>(5, 1.0));
}

BOOST_AUTO_TEST_CASE(matvec_and_the_losses_have_their_local_derivatives) {
  tg::Tape tape;
  auto X = tape.input("X", Tensor::matrix(3, 2, {1, 0.5, 1, -1.2, 1, 2.0}));
  auto theta = tape.param("theta", Tensor::vector({0.1, -0.3}));
  auto y = tape.label("y", Tensor::vector({0, 1, 1}));
  auto z = tg::matvec(X, theta);
  BOOST_TEST(elements(tape.local_derivative(z.id(), 0)) == (std::vector<double>{0.1, -0.3}));
  BOOST_TEST(tape.local_derivative(z.id(), 0).shape == tg::Shape{2});     // ∂zᵢ/∂Xᵢⱼ = θⱼ
  BOOST_TEST(tape.local_derivative(z.id(), 1).shape == (tg::Shape{3, 2}));  // ∂z/∂θ = X
  BOOST_TEST(tape.local_derivative(z.id(), 1).data[3] == -1.2, boost::test_tools::tolerance(0.0));
  auto L = tg::bce_with_logits(z, y);
  auto fused = tg::fused_logistic_loss(X, theta, y);
  Tensor dz = tape.local_derivative(L.id(), 0), dy = tape.local_derivative(L.id(), 1);
  for (std::size_t i = 0; i < 3; ++i) {
    const double zi = z.values()[i];
    BOOST_TEST(dz.data[i] == (tg::sigmoid(zi) - y.values()[i]) / 3, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(dy.data[i] == -zi / 3, boost::test_tools::tolerance(1e-15));
    BOOST_TEST(tape.local_derivative(fused.id(), 2).data[i] == -zi / 3, boost::test_tools::tolerance(1e-15));
    for (std::size_t j = 0; j < 2; ++j)  // ∂L/∂Xᵢⱼ = (σ(zᵢ) − yᵢ)θⱼ/n
      BOOST_TEST(tape.local_derivative(fused.id(), 0).data[i * 2 + j] == dz.data[i] * theta.values()[j],
                 boost::test_tools::tolerance(1e-14));
  }
  tape.backward(L);
  Tensor dtheta = tape.local_derivative(fused.id(), 1);  // the fused pass's ∂L/∂θ = the graph's
  for (std::size_t j = 0; j < 2; ++j) BOOST_TEST(dtheta.data[j] == theta.grad()[j], boost::test_tools::tolerance(1e-14));
}
