// The logistic-regression loss of the deck (slides 47–51, two features), on plain doubles
// (T = double) or on a tape (T = tg::Var), for bench_engine:
//   z = w1·x1 + w2·x2 + b,  ŷ = σ(z),  Lᵢ = −y·log ŷ − (1 − y)·log(1 − ŷ): 15 nodes a sample.
// `logistic` is the deck's one sample; `logistic_500` the mean over 500 samples, the graph
// size issue 15 timed PyTorch on (x1 = sin i, x2 = cos 3i, y = i mod 2; bench/peers.py
// builds the same graph for its peers).
#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

#include <fmt/format.h>
#include <tracegrad/tracegrad.hpp>

namespace logistic_graph {

namespace tg = tracegrad;

// Forced inline, as the formula was written in the loop: a call per step would count in the primal.
template <class T>
[[gnu::always_inline]] inline T sample_loss(const T& x1, const T& x2, const T& y, const T& w1, const T& w2, const T& b) {
  using std::log;
  using tg::log;
  const T y_hat = tg::sigmoid(w1 * x1 + w2 * x2 + b);
  return -y * log(y_hat) - (1 - y) * log(1 - y_hat);
}

// The leaves, as numbers (T = double) or on a tape (T = tg::Var).
template <class T>
struct Model {
  std::vector<T> x1, x2, y;
  T w1, w2, b;
};

struct Data {
  std::vector<double> x1, x2, y;
};
inline Data deck_sample() { return {{1.4}, {0.2}, {0.0}}; }
inline Data samples_500() {
  Data d;
  for (int i = 0; i < 500; ++i) {
    d.x1.push_back(std::sin(i));
    d.x2.push_back(std::cos(3 * i));
    d.y.push_back(i % 2);
  }
  return d;
}

inline Model<double> numbers(const Data& d) { return {d.x1, d.x2, d.y, 0.5, -0.1, 0.1}; }
inline Model<tg::Var> leaves(tg::Tape& tape, const Data& d) {
  Model<tg::Var> m{{}, {}, {}, tape.param("w1", 0.5), tape.param("w2", -0.1), tape.param("b", 0.1)};
  for (std::size_t i = 0; i < d.y.size(); ++i) {
    m.x1.push_back(tape.input(fmt::format("x1_{}", i), d.x1[i]));
    m.x2.push_back(tape.input(fmt::format("x2_{}", i), d.x2[i]));
    m.y.push_back(tape.label(fmt::format("y_{}", i), d.y[i]));
  }
  return m;
}

// One sample: its loss. More: L = (L₀ + L₁ + … + Lₙ₋₁) · (1/n).
template <class T>
[[gnu::always_inline]] inline T loss(const Model<T>& m) {
  T total = sample_loss(m.x1[0], m.x2[0], m.y[0], m.w1, m.w2, m.b);
  for (std::size_t i = 1; i < m.y.size(); ++i) total = total + sample_loss(m.x1[i], m.x2[i], m.y[i], m.w1, m.w2, m.b);
  return m.y.size() == 1 ? total : total * (1.0 / static_cast<double>(m.y.size()));
}

}  // namespace logistic_graph
