// Training θ on a data set with the vectorized graph: the deck's five steps over X.
//   linear:   ŷ = Xθ,     L = mean((ŷ − y)²),                       ∇θL = 2Xᵀ(ŷ − y)/n
//   logistic: ŷ = σ(Xθ),  L = mean(−y log ŷ − (1 − y) log(1 − ŷ)),  ∇θL = Xᵀ(ŷ − y)/n
#pragma once
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "tracegrad/csv.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

enum class Model { linear, logistic };

// A data set ready for z = θᵀx: a first column of ones (θ₀ is the bias b), then the features.
struct Dataset {
  std::vector<std::string> names;  // "b", then the feature names: θ's labels
  std::vector<double> X;           // rows × names.size(), row-major
  std::vector<double> y;
  std::size_t rows = 0;
  std::vector<double> mean, scale;  // per feature: x ← (x − mean)/scale (0 and 1 unless standardized)
  std::size_t cols() const { return names.size(); }
};

struct DatasetOptions {
  std::string target;
  std::vector<std::string> features;  // empty: every column but the target
  Model model = Model::linear;
  bool standardize = false;           // each feature to mean 0, standard deviation 1
};

// Throws DataError: a missing column, a logistic target other than 0/1 (naming its line),
// a constant feature under standardize.
Dataset make_dataset(const Table& table, const DatasetOptions& options);

struct TrainOptions {
  Model model = Model::linear;
  double lr = 0.1;
  int epochs = 100;
  std::size_t batch = 0;   // rows per update: 1 stochastic, B mini-batch, 0 (or ≥ rows) full batch
  std::uint64_t seed = 0;  // the order of the rows in each epoch (θ starts at 0)
};

// The loss of θ over the whole data set, and for logistic regression the fraction of rows
// where (z ≥ 0) matches y = 1.
struct Evaluation {
  double loss = 0;
  double accuracy = 0;  // 0 for linear regression
};

// Records z = Xθ and the loss over the whole data set on `tape` (X borrowed, no copy).
Evaluation evaluate(Tape& tape, const Dataset& data, Model model, std::span<const double> theta);

// What happens during training, for progress lines and traces.
struct TrainEvents {
  // One update: the batch's loss, θ before, ∇θL, θ after, and the tape of that step.
  std::function<void(double loss, std::span<const double> before, std::span<const double> grad,
                     std::span<const double> after, const Tape& tape)> on_update;
  // After each epoch: its number (from 1) and θ evaluated on the whole data set.
  std::function<void(int epoch, const Evaluation& eval)> on_epoch;
};

struct TrainResult {
  std::vector<double> theta;
  Evaluation final;
  std::size_t updates = 0;
};

// Training that runs away: the loss over the data set grew more than diverged_growth times
// its value at θ = 0 (η too big), reported before it reaches inf.
class DivergedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
inline constexpr double diverged_growth = 1e6;

// Throws NonFiniteError, naming the node, when the loss (of a batch or of the data set) or
// ∇θL stops being finite, and DivergedError when θ overflows or the loss grows by orders of
// magnitude (η too big).
TrainResult train(const Dataset& data, const TrainOptions& options, const TrainEvents& events = {});

// θ for the features in their original units, from θ for standardized ones:
//   w′ⱼ = wⱼ/scaleⱼ,  b′ = b − Σⱼ wⱼ·meanⱼ/scaleⱼ
std::vector<double> unstandardized(const Dataset& data, std::span<const double> theta);

}  // namespace tracegrad
