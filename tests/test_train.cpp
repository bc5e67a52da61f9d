// Training on data sets: linear regression reaches the normal equations' least squares,
// logistic regression reaches the minimum Newton's method finds, batches and seeds behave.
#define BOOST_TEST_MODULE train
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <random>
#include <sstream>

#include "tracegrad/train.hpp"

namespace tg = tracegrad;

namespace {

const std::string data_dir = TRACEGRAD_DATA_DIR;

tg::Dataset load(const std::string& file, const std::string& target, std::vector<std::string> features,
                 tg::Model model, bool standardize = true) {
  return tg::make_dataset(tg::read_csv_file(data_dir + "/" + file), {target, std::move(features), model, standardize});
}

// Solves A x = b (d × d, row-major) by Gaussian elimination with partial pivoting.
std::vector<double> solve(std::vector<double> A, std::vector<double> b) {
  const std::size_t d = b.size();
  for (std::size_t k = 0; k < d; ++k) {
    std::size_t p = k;
    for (std::size_t i = k + 1; i < d; ++i)
      if (std::fabs(A[i * d + k]) > std::fabs(A[p * d + k])) p = i;
    for (std::size_t j = 0; j < d; ++j) std::swap(A[k * d + j], A[p * d + j]);
    std::swap(b[k], b[p]);
    for (std::size_t i = k + 1; i < d; ++i) {
      double f = A[i * d + k] / A[k * d + k];
      for (std::size_t j = k; j < d; ++j) A[i * d + j] -= f * A[k * d + j];
      b[i] -= f * b[k];
    }
  }
  std::vector<double> x(d);
  for (std::size_t k = d; k-- > 0;) {
    double s = b[k];
    for (std::size_t j = k + 1; j < d; ++j) s -= A[k * d + j] * x[j];
    x[k] = s / A[k * d + k];
  }
  return x;
}

// Least squares from the normal equations: XᵀX θ = Xᵀy.
std::vector<double> normal_equations(const tg::Dataset& data) {
  const std::size_t d = data.cols();
  std::vector<double> A(d * d, 0.0), b(d, 0.0);
  for (std::size_t i = 0; i < data.rows; ++i)
    for (std::size_t j = 0; j < d; ++j) {
      b[j] += data.X[i * d + j] * data.y[i];
      for (std::size_t k = 0; k < d; ++k) A[j * d + k] += data.X[i * d + j] * data.X[i * d + k];
    }
  return solve(A, b);
}

// The minimum of the mean BCE by Newton's method: θ ← θ − H⁻¹g, g = Xᵀ(σ − y)/n, H = XᵀSX/n.
std::vector<double> newton_logistic(const tg::Dataset& data) {
  const std::size_t d = data.cols(), n = data.rows;
  std::vector<double> theta(d, 0.0);
  for (int it = 0; it < 50; ++it) {
    std::vector<double> g(d, 0.0), H(d * d, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double* x = &data.X[i * d];
      double z = 0;
      for (std::size_t j = 0; j < d; ++j) z += x[j] * theta[j];
      double p = 1 / (1 + std::exp(-z)), s = p * (1 - p);
      for (std::size_t j = 0; j < d; ++j) {
        g[j] += x[j] * (p - data.y[i]) / n;
        for (std::size_t k = 0; k < d; ++k) H[j * d + k] += s * x[j] * x[k] / n;
      }
    }
    std::vector<double> step = solve(H, g);
    for (std::size_t j = 0; j < d; ++j) theta[j] -= step[j];
  }
  return theta;
}

void require_close(const std::vector<double>& got, const std::vector<double>& want, double rel) {
  BOOST_REQUIRE_EQUAL(got.size(), want.size());
  for (std::size_t j = 0; j < got.size(); ++j)
    BOOST_TEST(std::fabs(got[j] - want[j]) <= rel * std::fmax(1.0, std::fabs(want[j])),
               "θ" << j << " = " << got[j] << ", expected " << want[j]);
}

std::string data_error(const std::string& csv, tg::DatasetOptions options) {
  std::istringstream in(csv);
  try {
    tg::make_dataset(tg::read_csv(in, "d.csv"), options);
  } catch (const tg::DataError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_dataset_has_the_bias_column_and_standardized_features) {
  tg::Dataset data = load("longley.csv", "employed", {"gnp", "year"}, tg::Model::linear);
  BOOST_TEST(data.names == (std::vector<std::string>{"b", "gnp", "year"}), boost::test_tools::per_element());
  BOOST_TEST(data.rows == 16u);
  double mean = 0, square = 0;
  for (std::size_t i = 0; i < data.rows; ++i) {
    BOOST_TEST(data.X[i * 3] == 1.0);
    mean += data.X[i * 3 + 2] / 16;
    square += data.X[i * 3 + 2] * data.X[i * 3 + 2] / 16;
  }
  BOOST_TEST(std::fabs(mean) < 1e-12);
  BOOST_TEST(square == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(data.mean[1] == 1954.5);
  // θ for standardized features back in the original units: b + w·(x − mean)/scale
  std::vector<double> theta{1, 2, 3}, raw = tg::unstandardized(data, theta);
  double x_gnp = 234289, x_year = 1947;
  double z_std = theta[0] + theta[1] * (x_gnp - data.mean[0]) / data.scale[0] + theta[2] * (x_year - data.mean[1]) / data.scale[1];
  BOOST_TEST(raw[0] + raw[1] * x_gnp + raw[2] * x_year == z_std, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(unusable_data_sets_get_one_line) {
  const std::string csv = "a,b,c,y\n1,5,2,0\n2,5,3,1\n3,5,4,2\n";
  BOOST_TEST(data_error(csv, {"z", {}, tg::Model::linear, false}) == "d.csv: no column 'z' (the header has: a, b, c, y)");
  BOOST_TEST(data_error(csv, {"y", {"a", "q"}, tg::Model::linear, false}) ==
             "d.csv: no column 'q' (the header has: a, b, c, y)");
  BOOST_TEST(data_error(csv, {"y", {"y"}, tg::Model::linear, false}) == "d.csv: the target 'y' cannot also be a feature");
  BOOST_TEST(data_error(csv, {"y", {"a"}, tg::Model::logistic, false}) ==
             "d.csv:4: column 4 (y): logistic regression needs a target of 0 or 1, got 2");
  BOOST_TEST(data_error(csv, {"y", {}, tg::Model::linear, true}) ==
             "d.csv: column 2 (b) is constant (5): --standardize cannot scale it");
  BOOST_TEST(data_error("y\n1\n", {"y", {}, tg::Model::linear, false}) == "d.csv: no feature columns besides the target");
  BOOST_TEST(data_error(csv, {"y", {"a", "c"}, tg::Model::linear, true}) == "");
}

BOOST_AUTO_TEST_CASE(linear_regression_reaches_the_normal_equations) {
  for (auto features : {std::vector<std::string>{"gnp"}, std::vector<std::string>{"gnp", "unemployed", "armed_forces"}}) {
    tg::Dataset data = load("longley.csv", "employed", features, tg::Model::linear);
    tg::TrainResult r = tg::train(data, {tg::Model::linear, 0.2, 3000, 0, 0});
    require_close(r.theta, normal_equations(data), 1e-6);
  }
}

BOOST_AUTO_TEST_CASE(linear_regression_on_random_data_and_raw_features) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise;
  std::ostringstream csv;
  csv << "x1,x2,x3,y\n";
  for (int i = 0; i < 300; ++i) {
    double x1 = noise(rng), x2 = noise(rng), x3 = 0.5 * noise(rng) + 1;
    csv << x1 << ',' << x2 << ',' << x3 << ',' << 1.5 - 2 * x1 + 0.7 * x2 + 3 * x3 + 0.3 * noise(rng) << '\n';
  }
  std::istringstream in(csv.str());
  tg::Dataset data = tg::make_dataset(tg::read_csv(in, "random.csv"), {"y", {}, tg::Model::linear, false});
  tg::TrainResult r = tg::train(data, {tg::Model::linear, 0.1, 4000, 0, 0});
  require_close(r.theta, normal_equations(data), 1e-6);
}

BOOST_AUTO_TEST_CASE(logistic_regression_reaches_newtons_minimum) {
  // Versicolor against virginica: the classes overlap, so the minimum is finite.
  for (auto features : {std::vector<std::string>{"petal_length"}, std::vector<std::string>{"petal_length", "petal_width"}}) {
    tg::Dataset data = load("iris_versicolor_virginica.csv", "virginica", features, tg::Model::logistic);
    std::vector<double> newton = newton_logistic(data);
    tg::TrainResult r = tg::train(data, {tg::Model::logistic, 3.0, 20000, 0, 0});
    require_close(r.theta, newton, 1e-6);
    BOOST_TEST(r.final.accuracy > 0.9);
  }
}

BOOST_AUTO_TEST_CASE(stochastic_and_mini_batch_updates_are_deterministic_for_a_seed) {
  tg::Dataset data = load("iris_versicolor_virginica.csv", "virginica", {"petal_length", "petal_width"}, tg::Model::logistic);
  std::vector<double> losses;
  std::size_t updates_seen = 0;
  tg::TrainEvents events;
  events.on_epoch = [&](int, const tg::Evaluation& e) { losses.push_back(e.loss); };
  events.on_update = [&](double, std::span<const double>, std::span<const double>, std::span<const double>,
                         const tg::Tape&) { ++updates_seen; };
  tg::TrainResult sgd = tg::train(data, {tg::Model::logistic, 0.1, 5, 1, 42}, events);
  BOOST_TEST(sgd.updates == 500u);  // one update per row per epoch
  BOOST_TEST(updates_seen == 500u);
  BOOST_TEST(losses.size() == 5u);
  BOOST_TEST(losses.back() < losses.front());
  BOOST_TEST(losses.front() < std::log(2.0));  // below the loss at θ = 0
  tg::TrainResult again = tg::train(data, {tg::Model::logistic, 0.1, 5, 1, 42});
  BOOST_TEST(again.theta == sgd.theta, boost::test_tools::per_element());
  tg::TrainResult other = tg::train(data, {tg::Model::logistic, 0.1, 5, 1, 43});
  BOOST_TEST(other.theta != sgd.theta);
  tg::TrainResult mini = tg::train(data, {tg::Model::logistic, 0.5, 10, 32, 1});
  BOOST_TEST(mini.updates == 40u);  // ⌈100/32⌉ = 4 per epoch
  BOOST_TEST(mini.final.loss < 0.3);
}

BOOST_AUTO_TEST_CASE(a_full_batch_step_is_the_decks_vectorized_update) {
  // θ = 0: ŷ = σ(0) = 0.5 for every row, so ∇θL = Xᵀ(0.5 − y)/n and θ₁ = −η∇θL.
  tg::Dataset data = load("iris_versicolor_virginica.csv", "virginica", {"petal_length"}, tg::Model::logistic);
  std::vector<double> expected(2, 0.0);
  for (std::size_t i = 0; i < data.rows; ++i)
    for (std::size_t j = 0; j < 2; ++j) expected[j] -= 0.5 * data.X[i * 2 + j] * (0.5 - data.y[i]) / 100;
  tg::TrainResult r = tg::train(data, {tg::Model::logistic, 0.5, 1, 0, 0});
  require_close(r.theta, expected, 1e-14);
  tg::Tape tape;
  BOOST_TEST(tg::evaluate(tape, data, tg::Model::logistic, std::vector<double>{0, 0}).loss == std::log(2.0),
             boost::test_tools::tolerance(1e-14));
}

// Hostile input (issue 12): --standardize on values near 1e200 (x² overflows) and near
// 1e-200 (x² underflows) scales them like any other column: mean 0, sd 1, and the
// unscaled θ fits y = x / 1e200 (resp. y = x · 1e200) exactly.
BOOST_AUTO_TEST_CASE(standardize_survives_huge_and_tiny_values) {
  for (double unit : {1e200, 1e-200}) {
    std::ostringstream csv;
    csv << "x,y\n";
    for (int k = 1; k <= 8; ++k) csv << k * unit << "," << k << "\n";
    std::istringstream in(csv.str());
    tg::Dataset data = tg::make_dataset(tg::read_csv(in, "scaled.csv"), {"y", {}, tg::Model::linear, true});
    double mean = 0, square = 0;
    for (std::size_t i = 0; i < data.rows; ++i) mean += data.X[i * 2 + 1] / 8, square += data.X[i * 2 + 1] * data.X[i * 2 + 1] / 8;
    BOOST_TEST(std::fabs(mean) < 1e-12);
    BOOST_TEST(square == 1.0, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(data.mean[0] == 4.5 * unit, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(data.scale[0] == std::sqrt(5.25) * unit, boost::test_tools::tolerance(1e-12));
    tg::TrainResult r = tg::train(data, {tg::Model::linear, 0.5, 300, 0, 0});
    std::vector<double> theta = tg::unstandardized(data, r.theta);
    BOOST_TEST(theta[1] == 1.0 / unit, boost::test_tools::tolerance(1e-9));
    BOOST_TEST(std::fabs(theta[0]) < 1e-9);
  }
}

// A learning rate far too big is reported as divergence by name, before the loss is inf.
BOOST_AUTO_TEST_CASE(divergence_is_reported) {
  tg::Dataset data = load("longley.csv", "employed", {"gnp"}, tg::Model::linear, false);
  BOOST_CHECK_EXCEPTION(tg::train(data, {tg::Model::linear, 1e10, 50, 0, 0}), tg::DivergedError,
                        [](const tg::DivergedError& e) { return std::string(e.what()).find("diverged") == 0; });
}
