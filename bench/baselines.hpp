// What bench_engine measures the tape against, on plain doubles: the primals (each graph's
// formula alone), the gradients written out by hand (by_hand.hpp) and, for the long chains,
// the bytes the tape's layout moves with no arithmetic (memory). No tape is timed here.
#pragma once
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include <tracegrad/tracegrad.hpp>

#include "by_hand.hpp"
#include "logistic_graph.hpp"

namespace baselines {

namespace tg = tracegrad;
using namespace logistic_graph;  // the deck's loss: sample_loss, loss, Data, Model

// The compiler must forget what it knows of v, and keep what was computed into it: v's address
// escapes into an empty asm that may read and write memory. Not benchmark::DoNotOptimize(v) on
// a double: GCC 12 miscompiles its "+m,r" constraint, dropping v's store and reading garbage
// (google/benchmark#903, GCC bug 92597): the chains' primals ran on whatever the stack held.
template <class T>
inline void opaque(T& v) {
  benchmark::DoNotOptimize(&v);
}

// A fast wrong number is no result: a primal's last value against the gradient by hand's.
inline void check_primal(benchmark::State& state, double value, double by_hand) {
  if (!(std::fabs(value - by_hand) <= 1e-12 * std::fabs(by_hand))) state.SkipWithError("the primal computed another number");
}

// The primals: the deck's one sample with its six numbers in registers, as it was always
// timed; the 500 samples read from their arrays.
inline void deck_primal(benchmark::State& state) {
  double x1 = 1.4, x2 = 0.2, y = 0.0, w1 = 0.5, w2 = -0.1, b = 0.1, L = 0.0;
  for (auto _ : state) {
    for (double* v : {&x1, &x2, &y, &w1, &w2, &b}) opaque(*v);  // unknown on every pass
    L = sample_loss(x1, x2, y, w1, w2, b);
    opaque(L);
  }
  const Model<double> m = numbers(deck_sample());
  check_primal(state, L, by_hand::logistic(m.x1, m.x2, m.y, m.w1, m.w2, m.b).loss);
}

inline void samples_500_primal(benchmark::State& state) {
  Model<double> m = numbers(samples_500());
  double L = 0.0;
  for (auto _ : state) {
    opaque(m.w1);
    benchmark::DoNotOptimize(m.x1.data());
    L = loss(m);
    opaque(L);
  }
  check_primal(state, L, by_hand::logistic(m.x1, m.x2, m.y, m.w1, m.w2, m.b).loss);
}

// The gradient written out by hand (by_hand.hpp), checked against the tape's.
template <auto data>
void logistic_by_hand(benchmark::State& state) {
  Model<double> m = numbers(data());
  by_hand::Gradient g{};
  for (auto _ : state) {
    opaque(m.w1);
    benchmark::DoNotOptimize(m.x1.data());
    g = by_hand::logistic(m.x1, m.x2, m.y, m.w1, m.w2, m.b);
    opaque(g);
  }
  tg::Tape tape;
  const Model<tg::Var> taped = leaves(tape, data());
  auto L = loss(taped);
  L.backward();
  const std::pair<double, double> pairs[] = {
      {tape.value(L.id()), g.loss}, {taped.w1.grad(), g.d_first}, {taped.w2.grad(), g.d_second}, {taped.b.grad(), g.d_third}};
  for (auto [by_tape, ours] : pairs)
    if (std::fabs(by_tape - ours) > 1e-12) state.SkipWithError("the gradient by hand differs from the tape's");
}

// ---- long chains ------------------------------------------------------------------
// A chain of state.range(0) links, each reading the previous result: nothing can run
// in parallel, and backward walks the whole tape. chain_affine and chain_mixed make
// 1,000,000 nodes (48 MB: far beyond the caches); chain_cached makes 10,000 (in L2).

// y ← y·c + d : two nodes per link (mul, add).
template <class T>
T affine_link(const T& y, const T& c, const T& d) {
  return y * c + d;
}

// y ← −log σ(y·c + d) : five nodes per link (mul, add, sigmoid, log, neg).
template <class T>
T mixed_link(const T& y, const T& c, const T& d) {
  using std::log;
  using tg::log;
  return -log(tg::sigmoid(y * c + d));
}

// The chain's gradient by hand at the point every chain benchmark starts from (y0 = 0.5,
// c = 0.9, d = 0.05): what the tape's gradient and the primal's value are checked against.
template <class Link>
by_hand::Gradient chain_reference(std::int64_t links) {
  std::vector<double> ys(static_cast<std::size_t>(links)), dys(ys.size());
  return by_hand::chain<Link>(ys, dys, 0.5, 0.9, 0.05);
}

// The chain's gradient written out by hand (by_hand.hpp), timed: the floor a tape is measured against.
template <class Link>
void chain_by_hand(benchmark::State& state) {
  std::vector<double> ys(static_cast<std::size_t>(state.range(0))), dys(ys.size());
  double y0 = 0.5, c = 0.9, d = 0.05;
  for (auto _ : state) {
    opaque(y0);
    opaque(c);
    by_hand::Gradient g = by_hand::chain<Link>(ys, dys, y0, c, d);
    opaque(g);
  }
}

template <auto link, class Link>
void chain_primal(benchmark::State& state) {
  double y0 = 0.5, c = 0.9, d = 0.05, y = 0.0;
  for (auto _ : state) {
    opaque(y0);
    opaque(c);
    opaque(d);
    y = y0;
    for (auto i = state.range(0); i > 0; --i) y = link(y, c, d);
    opaque(y);
  }
  check_primal(state, y, chain_reference<Link>(state.range(0)).loss);
}

// ---- what memory alone allows --------------------------------------------------------
// The bytes replay + backward move on a chain of state.range(0) nodes, and no arithmetic
// beyond one add per number: forward, every node read and its value and local derivatives
// written back; the gradients zeroed; backward, every node read again, last to first, and
// its gradient written. Replay cannot beat this with the tape's layout (node.hpp).
inline void chain_memory(benchmark::State& state) {
  std::vector<tg::Node> nodes(static_cast<std::size_t>(state.range(0)));
  std::vector<double> grads(nodes.size());
  for (auto _ : state) {
    for (tg::Node& n : nodes) {
      n.value += 1.0;
      n.partial[0] += 1.0;
      n.partial[1] += 1.0;
    }
    std::fill(grads.begin(), grads.end(), 0.0);
    for (std::size_t i = nodes.size(); i-- > 0;) grads[i] += nodes[i].partial[0];
    benchmark::DoNotOptimize(grads.data());
    benchmark::ClobberMemory();
  }
}

}  // namespace baselines
