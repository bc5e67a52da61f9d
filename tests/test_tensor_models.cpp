// The deck's vectorized models: the same gradients as the scalar engine, the slide's
// numbers, and the fused losses against the step-by-step graph.
#define BOOST_TEST_MODULE tensor_models
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "tracegrad/tracegrad.hpp"
#include <tracegrad/fused_logistic.hpp>

namespace tg = tracegrad;
using tg::Tensor;
using tg::TensorVar;
using tg::Var;

namespace {

struct Data {
  std::size_t n, d;
  std::vector<double> X, y, theta;
};

// X ~ U(−2, 2) with a first column of ones (the bias), y in {0, 1} or real, θ ~ U(−1, 1).
Data make_data(std::size_t n, std::size_t d, bool binary, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-2, 2);
  Data data{n, d, std::vector<double>(n * d), std::vector<double>(n), std::vector<double>(d)};
  for (std::size_t i = 0; i < n; ++i) {
    data.X[i * d] = 1.0;
    for (std::size_t j = 1; j < d; ++j) data.X[i * d + j] = u(rng);
    data.y[i] = binary ? (u(rng) > 0 ? 1.0 : 0.0) : u(rng);
  }
  for (double& t : data.theta) t = u(rng) / 2;
  return data;
}

// The scalar engine, sample by sample: zᵢ = Σⱼ θⱼ xᵢⱼ, then a loss per sample, averaged.
std::vector<double> scalar_gradient(const Data& data, bool logistic) {
  tg::Tape tape;
  std::vector<Var> theta;
  for (std::size_t j = 0; j < data.d; ++j) theta.push_back(tape.param("theta", data.theta[j]));
  Var total = tape.constant(0.0);
  for (std::size_t i = 0; i < data.n; ++i) {
    Var z = tape.constant(0.0);
    for (std::size_t j = 0; j < data.d; ++j) z = z + theta[j] * tape.input("x", data.X[i * data.d + j]);
    Var y = tape.label("y", data.y[i]);
    if (logistic) {
      Var y_hat = tg::sigmoid(z);
      total = total + (-y * tg::log(y_hat) - (1 - y) * tg::log(1 - y_hat));
    } else {
      total = total + tg::square(z - y);
    }
  }
  Var L = total / static_cast<double>(data.n);
  L.backward();
  std::vector<double> grad;
  for (const Var& t : theta) grad.push_back(t.grad());
  return grad;
}

using Model = Var (*)(const TensorVar& X, const TensorVar& theta, const TensorVar& y);

std::vector<double> tensor_gradient(const Data& data, Model model, double* loss = nullptr) {
  tg::Tape tape;
  auto X = tape.input("X", {data.n, data.d}, data.X);
  auto y = tape.label("y", {data.n}, data.y);
  auto theta = tape.param("theta", Tensor::vector(data.theta));
  Var L = model(X, theta, y);
  L.backward();
  if (loss) *loss = L.value();
  return {theta.grad().begin(), theta.grad().end()};
}

Var linear_mse(const TensorVar& X, const TensorVar& theta, const TensorVar& y) {
  return tg::mean(tg::square(tg::matvec(X, theta) - y));
}
Var logistic_step_by_step(const TensorVar& X, const TensorVar& theta, const TensorVar& y) {
  TensorVar y_hat = tg::sigmoid(tg::matvec(X, theta));
  return tg::mean(-y * tg::log(y_hat) - (1.0 - y) * tg::log(1.0 - y_hat));
}
Var logistic_from_logits(const TensorVar& X, const TensorVar& theta, const TensorVar& y) {
  return tg::bce_with_logits(tg::matvec(X, theta), y);
}
Var logistic_fused(const TensorVar& X, const TensorVar& theta, const TensorVar& y) {
  return tg::fused_logistic_loss(X, theta, y);
}

void require_close(const std::vector<double>& a, const std::vector<double>& b, double tol) {
  BOOST_REQUIRE_EQUAL(a.size(), b.size());
  for (std::size_t j = 0; j < a.size(); ++j)
    BOOST_TEST(std::fabs(a[j] - b[j]) <= tol * std::fmax(1.0, std::fabs(b[j])), j << ": " << a[j] << " vs " << b[j]);
}

}  // namespace

BOOST_AUTO_TEST_CASE(vectorized_linear_equals_the_scalar_engine) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Data data = make_data(200, 5, false, seed);
    require_close(tensor_gradient(data, linear_mse), scalar_gradient(data, false), 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(vectorized_logistic_equals_the_scalar_engine) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Data data = make_data(200, 5, true, seed);
    std::vector<double> scalar = scalar_gradient(data, true);
    require_close(tensor_gradient(data, logistic_step_by_step), scalar, 1e-12);
    require_close(tensor_gradient(data, logistic_from_logits), scalar, 1e-12);
    require_close(tensor_gradient(data, logistic_fused), scalar, 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(slide_60_vectorized_example) {
  // θ = [0.1, 0.5, −0.1]ᵀ, x = [1, 1.4, 0.2]ᵀ, y = 0: ŷ = σ(θᵀx) = 0.6856, L = 1.1573,
  // ∇θL = x(ŷ − y) = [0.6856, 0.9599, 0.1371]ᵀ, θ − 0.01∇θL = [0.0931, 0.4904, −0.1013]ᵀ
  tg::Tape tape;
  auto x = tape.input("x", Tensor::vector({1, 1.4, 0.2}));
  auto y = tape.label("y", 0.0);
  auto theta = tape.param("theta", Tensor::vector({0.1, 0.5, -0.1}));
  auto y_hat = tg::sigmoid(tg::dot(theta, x));
  auto L = -y * tg::log(y_hat) - (1 - y) * tg::log(1 - y_hat);
  L.backward();
  auto near = [](double a, double slide, double unit) { return std::fabs(a - slide) <= unit; };
  BOOST_TEST(near(y_hat.value(), 0.6856, 1e-4));
  BOOST_TEST(near(L.value(), 1.1573, 1e-4));
  std::vector<double> grad{0.6856, 0.9599, 0.1371}, after{0.0931, 0.4904, -0.1013};
  for (std::size_t j = 0; j < 3; ++j) {
    BOOST_TEST(near(theta.grad()[j], grad[j], 1e-4));
    BOOST_TEST(near(theta.values()[j] - 0.01 * theta.grad()[j], after[j], 1e-4));
    BOOST_TEST(theta.grad()[j] == x.values()[j] * (y_hat.value() - 0.0), boost::test_tools::tolerance(1e-15));
  }
}

BOOST_AUTO_TEST_CASE(fused_bce_equals_the_step_by_step_graph_where_finite) {
  const std::vector<double> logits{-30, -5, -0.5, 0, 0.7, 4, 25}, labels{0, 1, 0, 1, 1, 0, 1};
  tg::Tape tape;
  auto z = tape.param("z", Tensor::vector(logits));
  auto y = tape.label("y", Tensor::vector(labels));
  auto y_hat = tg::sigmoid(z);
  auto steps = tg::mean(-y * tg::log(y_hat) - (1.0 - y) * tg::log(1.0 - y_hat));
  steps.backward();
  std::vector<double> step_grad(z.grad().begin(), z.grad().end());
  auto fused = tg::bce_with_logits(z, y);
  fused.backward();
  BOOST_TEST(fused.value() == steps.value(), boost::test_tools::tolerance(1e-12));
  for (std::size_t i = 0; i < logits.size(); ++i)
    BOOST_TEST(std::fabs(z.grad()[i] - step_grad[i]) <= 1e-12);  // 1 − σ(25) cancels in the steps
}

BOOST_AUTO_TEST_CASE(fused_bce_stays_finite_where_the_step_by_step_graph_overflows) {
  // σ(±800) and σ(40) are exactly 0 or 1 in doubles: log(0) = −inf and 0·(−inf) = nan
  // in the step-by-step graph.
  const std::vector<double> logits{800, -800, 40}, labels{0, 1, 1};
  tg::Tape tape;
  auto z = tape.param("z", Tensor::vector(logits));
  auto y = tape.label("y", Tensor::vector(labels));
  auto y_hat = tg::sigmoid(z);
  auto steps = tg::mean(-y * tg::log(y_hat) - (1.0 - y) * tg::log(1.0 - y_hat));
  BOOST_TEST(!std::isfinite(steps.value()));
  BOOST_TEST(tape.first_nonfinite().has_value());
  auto fused = tg::bce_with_logits(z, y);
  fused.backward();
  BOOST_TEST(fused.value() == (800.0 + 800.0 + std::log1p(std::exp(-40.0))) / 3, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(z.grad()[0] == 1.0 / 3);   // (σ(800) − 0)/3
  BOOST_TEST(z.grad()[1] == -1.0 / 3);  // (σ(−800) − 1)/3
  BOOST_TEST(std::isfinite(z.grad()[2]));
}

BOOST_AUTO_TEST_CASE(logistic_loss_over_many_blocks_equals_the_unfused_graph) {
  // Enough rows for several chunks (and both threads), and a ragged last block.
  Data data = make_data(40'003, 7, true, 9);
  double fused_loss = 0, graph_loss = 0;
  std::vector<double> fused = tensor_gradient(data, logistic_fused, &fused_loss);
  std::vector<double> graph = tensor_gradient(data, logistic_from_logits, &graph_loss);
  BOOST_TEST(fused_loss == graph_loss, boost::test_tools::tolerance(1e-12));
  require_close(fused, graph, 1e-12);
  // And the same bits twice: the chunks are summed in a fixed order.
  double again = 0;
  BOOST_TEST((tensor_gradient(data, logistic_fused, &again) == fused));
  BOOST_TEST(again == fused_loss);
}

BOOST_AUTO_TEST_CASE(vectorized_fused_step_equals_the_scalar_rule_within_1e_12) {
  // lib/fast computes z = Xθ and ∇θ four columns and four rows at a time, exp for several rows
  // at once and log1p once per eight rows' lane (glibc's libmvec, where built with it); on AVX2
  // and AVX-512 machines x·θ + s is a fused multiply-add, rounded once. The scalar path is
  // rule::bce_logit one row at a time (bce_with_logits of matvec). Logits from −60 to 60 (θ scaled up); 1,003 rows:
  // 31 full blocks of 32 and a tail of 11 (not a multiple of four); d below, at and past four lanes.
  for (std::size_t d : {1u, 3u, 4u, 16u, 17u}) {
    for (unsigned seed : {4u, 5u}) {
      Data data = make_data(1003, d, true, seed);
      for (double& t : data.theta) t *= 15;
      double fused_loss = 0, scalar_loss = 0;
      std::vector<double> fused = tensor_gradient(data, logistic_fused, &fused_loss);
      std::vector<double> scalar = tensor_gradient(data, logistic_from_logits, &scalar_loss);
      BOOST_TEST(std::fabs(fused_loss - scalar_loss) <= 1e-12 * std::fabs(scalar_loss), "d = " << d);
      require_close(fused, scalar, 1e-12);
    }
  }
}

BOOST_AUTO_TEST_CASE(losses_keep_their_relative_precision_when_every_term_is_tiny) {
  // Every logit 25 ≤ |z| ≤ 35 on the right side: each term is ln(1 + e^−|z|) ≈ 1e-11 … 6e-16.
  // lib/fast sums a block's ln(1 + e) as one log1p of a product; a product of the rounded
  // 1 + e would lose e's last digits at every row (a relative error of 1e-4 here). And
  // rule::bce_logit takes y·z from max(z, 0) before it adds ln(1 + e): adding first, for z > 0
  // and y = 1, would keep only one unit in z's last place of each term (a relative error of 1e-2
  // at z = 30). Both held against std::log1p row by row.
  Data data{1003, 2, std::vector<double>(2006), std::vector<double>(1003), {0.0, 1.0}};
  std::mt19937_64 rng(6);
  std::uniform_real_distribution<double> size(25, 35);
  double exact = 0;
  for (std::size_t i = 0; i < data.n; ++i) {
    const double z = (i % 3 ? 1.0 : -1.0) * size(rng);
    data.X[2 * i] = 1.0;
    data.X[2 * i + 1] = z;
    data.y[i] = z > 0 ? 1.0 : 0.0;
    exact += std::log1p(std::exp(-std::fabs(z))) / static_cast<double>(data.n);
  }
  double fused_loss = 0, scalar_loss = 0;
  tensor_gradient(data, logistic_fused, &fused_loss);
  tensor_gradient(data, logistic_from_logits, &scalar_loss);
  BOOST_TEST(std::fabs(fused_loss - exact) <= 1e-12 * exact, fused_loss << " vs " << exact);
  BOOST_TEST(std::fabs(scalar_loss - exact) <= 1e-12 * exact, scalar_loss << " vs " << exact);
}
