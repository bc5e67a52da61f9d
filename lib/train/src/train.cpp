// The deck's five steps over a data set — forward, loss, backward, update, repeat — on
// the vectorized graph, in full batches, mini-batches or one row at a time.
#include "tracegrad/train.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <random>

#include <fmt/format.h>

#include "tracegrad/fused_logistic.hpp"
#include "tracegrad/tensor_ops.hpp"

namespace tracegrad {

// ---- the data set -------------------------------------------------------------------

static std::vector<std::size_t> feature_columns(const Table& table, const DatasetOptions& options,
                                                std::size_t target) {
  std::vector<std::size_t> cols;
  if (options.features.empty()) {
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (c != target) cols.push_back(c);
  }
  std::vector<bool> chosen(table.columns.size(), false);
  for (const std::string& name : options.features) {
    cols.push_back(table.column(name));
    if (cols.back() == target)
      throw DataError(fmt::format("{}: the target '{}' cannot also be a feature", table.source, name));
    if (chosen[cols.back()])  // two weights of one column: θ would not be unique
      throw DataError(fmt::format("{}: the feature '{}' is named twice", table.source, name));
    chosen[cols.back()] = true;
  }
  if (cols.empty()) throw DataError(fmt::format("{}: no feature columns besides the target", table.source));
  return cols;
}

// x ← (x − mean)/sd for every feature column j ≥ 1 (column 0 is the bias's ones). The squares
// are taken of (x − mean)/m with m = max|x|, every one at most 4, so they neither overflow
// (values near 1e200) nor underflow (near 1e-200): sd = m·sqrt(mean(((x − mean)/m)²)). The
// mean is the plain one unless the sum overflows, then m·mean(x/m).
static void standardize(Dataset& data, const Table& table, const std::vector<std::size_t>& cols) {
  const std::size_t d = data.cols(), n = data.rows;
  const auto count = static_cast<double>(n);
  for (std::size_t j = 1; j < d; ++j) {
    auto x = [&](std::size_t i) { return data.X[i * d + j]; };
    double m = 0, sum = 0, scaled_sum = 0, var = 0;
    for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(x(i)));
    for (std::size_t i = 0; i < n; ++i) sum += x(i), scaled_sum += x(i) / m;
    const double mean = std::isfinite(sum) ? sum / count : m * (scaled_sum / count);
    for (std::size_t i = 0; i < n; ++i) var += (x(i) / m - mean / m) * (x(i) / m - mean / m);
    const double sd = m * std::sqrt(var / count);
    if (!(m > 0) || !(sd > 0))
      throw DataError(fmt::format("{}: column {} ({}) is constant ({}): --standardize cannot scale it", table.source,
                                  cols[j - 1] + 1, data.names[j], data.X[j]));
    for (std::size_t i = 0; i < n; ++i) data.X[i * d + j] = (x(i) - mean) / sd;
    data.mean[j - 1] = mean;
    data.scale[j - 1] = sd;
  }
}

Dataset make_dataset(const Table& table, const DatasetOptions& options) {
  const std::size_t target = table.column(options.target);
  const std::vector<std::size_t> cols = feature_columns(table, options, target);
  Dataset data;
  data.rows = table.rows;
  data.names.push_back("b");
  for (std::size_t c : cols) data.names.push_back(table.columns[c]);
  data.mean.assign(cols.size(), 0.0);
  data.scale.assign(cols.size(), 1.0);
  data.X.reserve(table.rows * data.cols());
  for (std::size_t i = 0; i < table.rows; ++i) {
    data.X.push_back(1.0);  // x₀ = 1: θ₀ is the bias
    for (std::size_t c : cols) data.X.push_back(table.at(i, c));
    const double y = table.at(i, target);
    if (options.model == Model::logistic && y != 0.0 && y != 1.0)
      throw DataError(fmt::format("{}:{}: column {} ({}): logistic regression needs a target of 0 or 1, got {}",
                                  table.source, table.line_of(i), target + 1, options.target, y));
    data.y.push_back(y);
  }
  if (options.standardize) standardize(data, table, cols);
  return data;
}

std::vector<double> unstandardized(const Dataset& data, std::span<const double> theta) {
  std::vector<double> out(theta.begin(), theta.end());
  for (std::size_t j = 1; j < out.size(); ++j) {
    out[j] = theta[j] / data.scale[j - 1];
    out[0] -= theta[j] * data.mean[j - 1] / data.scale[j - 1];
  }
  return out;
}

// ---- the graph ----------------------------------------------------------------------

// The loss of one batch. Logistic: the fused one-pass node, the same value and gradient as
// bce_with_logits(matvec(X, θ), y), which is the deck's −y log σ(z) − (1 − y) log(1 − σ(z)).
static Var batch_loss(Model model, const TensorVar& X, const TensorVar& theta, const TensorVar& y) {
  if (model == Model::logistic) return fused_logistic_loss(X, theta, y);
  return mean(square(matvec(X, theta) - y));
}

Evaluation evaluate(Tape& tape, const Dataset& data, Model model, std::span<const double> theta) {
  tape.clear();
  auto X = tape.input("X", {data.rows, data.cols()}, data.X);
  auto y = tape.label("y", {data.rows}, data.y);
  auto th = tape.param("theta", Tensor::vector({theta.begin(), theta.end()}));
  auto z = matvec(X, th).named("z");
  Var L = model == Model::logistic ? bce_with_logits(z, y) : mean(square(z - y));
  L.named("L");
  Evaluation e{L.value(), 0.0};
  if (model == Model::logistic) {
    std::size_t right = 0;
    for (std::size_t i = 0; i < data.rows; ++i) right += (z.values()[i] >= 0) == (data.y[i] == 1.0);
    e.accuracy = static_cast<double>(right) / static_cast<double>(data.rows);
  }
  return e;
}

// ---- training -------------------------------------------------------------------------

// One batch's graph: its leaves and its loss.
struct BatchGraph {
  TensorVar X, y, theta;
  Var L;
};

// Records the graph of a batch of `rows` rows (a full batch borrows the data set).
static BatchGraph record_batch(Tape& tape, const Dataset& data, Model model, std::size_t rows,
                               const std::vector<double>& Xb, const std::vector<double>& yb,
                               const std::vector<double>& theta) {
  tape.clear();
  const bool full = rows == data.rows;
  TensorVar X = full ? tape.input("X", {rows, data.cols()}, data.X) : tape.input("X", Tensor::matrix(rows, data.cols(), Xb));
  TensorVar y = full ? tape.label("y", {rows}, data.y) : tape.label("y", Tensor::vector(yb));
  TensorVar th = tape.param("theta", Tensor::vector(theta));
  return {X, y, th, batch_loss(model, X, th, y).named("L")};
}

// Fisher–Yates with the standard mt19937_64: the same order on every platform.
static void shuffle(std::vector<std::size_t>& order, std::mt19937_64& rng) {
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
}

TrainResult train(const Dataset& data, const TrainOptions& options, const TrainEvents& events) {
  const std::size_t n = data.rows, d = data.cols();
  const std::size_t batch = options.batch == 0 || options.batch >= n ? n : options.batch;
  TrainResult result;
  result.theta.assign(d, 0.0);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::mt19937_64 rng(options.seed);
  Tape tape, eval_tape;
  std::vector<double> Xb, yb;
  std::optional<BatchGraph> graph;
  const double start_loss = evaluate(eval_tape, data, options.model, result.theta).loss;
  for (int epoch = 1; epoch <= options.epochs; ++epoch) {
    if (batch < n) shuffle(order, rng);
    for (std::size_t start = 0; start < n; start += batch) {
      const std::size_t rows = std::min(batch, n - start);
      if (batch < n) {  // this batch's rows, copied (a full batch borrows the data set)
        Xb.clear();
        yb.clear();
        for (std::size_t r = start; r < start + rows; ++r) {
          Xb.insert(Xb.end(), data.X.begin() + order[r] * d, data.X.begin() + (order[r] + 1) * d);
          yb.push_back(data.y[order[r]]);
        }
      }
      // The graph is the same for every batch of one size: recorded once, then replayed with
      // the batch's rows and the current θ (a last, smaller batch is recorded anew).
      if (!graph || graph->y.size() != rows) {
        graph = record_batch(tape, data, options.model, rows, Xb, yb, result.theta);
      } else {
        if (batch < n) {
          graph->X.set_values(Xb);
          graph->y.set_values(yb);
        }
        graph->theta.set_values(result.theta);
        tape.replay();
      }
      Var& L = graph->L;
      TensorVar& theta = graph->theta;
      L.backward();
      std::span<const double> grad = theta.grad();
      if (!std::isfinite(L.value()) || !std::all_of(grad.begin(), grad.end(), [](double g) { return std::isfinite(g); }))
        tape.check_finite();  // throws NonFiniteError naming the node where it began
      std::vector<double> before = result.theta;
      for (std::size_t j = 0; j < d; ++j) result.theta[j] -= options.lr * theta.grad()[j];  // θ ← θ − η∇θL
      ++result.updates;
      for (std::size_t j = 0; j < d; ++j)  // a finite gradient times η can still overflow θ
        if (!std::isfinite(result.theta[j]))
          throw DivergedError(fmt::format("diverged: update {} (epoch {}) made theta[{}] = θ − η·∂L/∂θ = {} (try a smaller "
                                          "--lr than {:g})", result.updates, epoch, j, result.theta[j], options.lr));
      if (events.on_update) events.on_update(L.value(), before, theta.grad(), result.theta, tape);
    }
    result.final = evaluate(eval_tape, data, options.model, result.theta);
    if (!std::isfinite(result.final.loss)) eval_tape.check_finite();  // names the node of the loss where it began
    if (events.on_epoch) events.on_epoch(epoch, result.final);
    if (result.final.loss > diverged_growth * std::max(start_loss, 1e-12))
      throw DivergedError(fmt::format("diverged: the loss grew from {:.6g} at θ = 0 to {:.6g} after epoch {}, more than "
                                      "{:g} times (try a smaller --lr than {:g})",
                                      start_loss, result.final.loss, epoch, diverged_growth, options.lr));
  }
  if (options.epochs < 1) result.final = evaluate(eval_tape, data, options.model, result.theta);
  return result;
}

}  // namespace tracegrad
