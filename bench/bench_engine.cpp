// Engine speed: what recording a graph and sweeping it backward costs per node, and how
// that compares with computing the same formula on plain doubles (the "primal").
//
// Each graph has five benchmarks: <graph>/gradient (record + backward on a rewound tape,
// the per-step work of training), <graph>/record (the recording alone), <graph>/replay
// (recorded once, then Tape::replay + backward each step), and on plain doubles
// (baselines.hpp) <graph>/primal (the formula alone) and <graph>/by_hand (its gradient
// written out by hand); the long chains also <graph>/memory (the layout's bytes alone). After
// all runs, a summary prints ns per node, bytes per node, each ÷ primal and replay ÷ by hand,
// all measured in this process, and each target with whether it is met. Figures and the
// command: docs/maintaining.md, "Speed".
#include <benchmark/benchmark.h>
#include <malloc.h>  // mallinfo2 (glibc): bytes the heap has handed out
#include <unistd.h>  // isatty: colours only on a terminal

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <tracegrad/tracegrad.hpp>

#include "baselines.hpp"
#include "engine_summary.hpp"
#include "logistic_graph.hpp"

namespace tg = tracegrad;
using namespace logistic_graph;  // the deck's loss: sample_loss, loss, Data, Model
using namespace baselines;       // the same graphs on plain doubles: primal, by hand, memory

namespace {

// Heap bytes in use right now (small blocks + large mmap'd blocks).
double heap_bytes() {
  struct mallinfo2 m = mallinfo2();
  return static_cast<double>(m.uordblks + m.hblkhd);
}

// What one node costs by layout: the Node itself plus its gradient slot.
constexpr double kLayoutBytes = sizeof(tg::Node) + sizeof(double);

// Counters shared by every gradient benchmark. `heap_per_node` is measured: it includes
// the vectors' spare capacity and, on a small graph, the labels of the leaves.
void report_nodes(benchmark::State& state, double nodes, double heap_per_node) {
  state.counters["nodes"] = nodes;
  state.counters["per_node"] =
      benchmark::Counter(nodes, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["bytes/node"] = kLayoutBytes;
  state.counters["heap/node"] = heap_per_node;
}

// A fast wrong number is no result: the loss against the primal's, and the slide's
// ∂L/∂w1 = mean of x1(ŷ − y) (0.9599… for the deck's sample).
void check(benchmark::State& state, const Data& d, const tg::Tape& tape, tg::NodeId L, const tg::Var* w1) {
  const Model<double> m = numbers(d);
  double dw1 = 0;
  for (std::size_t i = 0; i < d.y.size(); ++i)
    dw1 += d.x1[i] * (tg::sigmoid(m.w1 * d.x1[i] + m.w2 * d.x2[i] + m.b) - d.y[i]) / static_cast<double>(d.y.size());
  if (w1 && std::fabs(w1->grad() - dw1) > 1e-12) state.SkipWithError("wrong gradient dL/dw1");
  if (std::fabs(tape.value(L) - loss(m)) > 1e-12) state.SkipWithError("wrong loss");
}

// <graph>/gradient records and sweeps back; <graph>/record (sweep = false) only records.
template <auto data, bool sweep>
void logistic_gradient(benchmark::State& state) {
  const Data d = data();
  const double heap_before = heap_bytes();
  tg::Tape tape;
  const Model<tg::Var> m = leaves(tape, d);
  const auto mark = tape.mark();
  tg::NodeId L = -1;
  for (auto _ : state) {
    tape.rewind(mark);
    auto l = loss(m);
    if constexpr (sweep) {
      l.backward();
      benchmark::DoNotOptimize(m.w1.grad());
    }
    L = l.id();
    opaque(L);
  }
  check(state, d, tape, L, sweep ? &m.w1 : nullptr);
  report_nodes(state, static_cast<double>(tape.size() - mark), (heap_bytes() - heap_before) / static_cast<double>(tape.size()));
}

// The same graph recorded once, then replayed each step (Tape::replay) with a new w1.
template <auto data>
void logistic_replay(benchmark::State& state) {
  const Data d = data();
  tg::Tape tape;
  Model<tg::Var> m = leaves(tape, d);
  const auto mark = tape.mark();
  auto L = loss(m);
  L.backward();
  double w = 0.5;
  for (auto _ : state) {
    m.w1.set_value(w);
    tape.replay();
    L.backward();
    benchmark::DoNotOptimize(m.w1.grad());
    opaque(w);
  }
  check(state, d, tape, L.id(), &m.w1);
  report_nodes(state, static_cast<double>(tape.size() - mark), 0.0);
}

template <auto link, bool sweep = true>
void chain_gradient(benchmark::State& state) {
  const double heap_before = heap_bytes();
  tg::Tape tape;
  auto y0 = tape.input("y0", 0.5);
  auto c = tape.param("c", 0.9), d = tape.param("d", 0.05);
  const auto leaves = tape.mark();
  auto step = [&] {
    tape.rewind(leaves);
    auto y = y0;
    for (auto i = state.range(0); i > 0; --i) y = link(y, c, d);
    if constexpr (sweep) y.backward();
    benchmark::DoNotOptimize(tape.node(y.id()));
  };
  step();  // warm-up: the tape grows to its full size once, as in the first step of training
  for (auto _ : state) step();
  const auto nodes = static_cast<double>(tape.size() - leaves);
  report_nodes(state, nodes, (heap_bytes() - heap_before) / static_cast<double>(tape.size()));
}

template <auto link, class Link>
void chain_replay(benchmark::State& state) {
  tg::Tape tape;
  auto y0 = tape.input("y0", 0.5);
  auto c = tape.param("c", 0.9), d = tape.param("d", 0.05);
  const auto leaves = tape.mark();
  auto y = y0;
  for (auto i = state.range(0); i > 0; --i) y = link(y, c, d);
  y.backward();  // recorded once
  for (auto _ : state) {
    tape.replay();
    y.backward();
    benchmark::DoNotOptimize(c.grad());
  }
  const by_hand::Gradient g = chain_reference<Link>(state.range(0));  // a fast wrong number is no result
  if (std::fabs(c.grad() - g.d_first) > 1e-9 * std::fabs(g.d_first) || std::fabs(d.grad() - g.d_second) > 1e-9 * std::fabs(g.d_second))
    state.SkipWithError("replay's gradient differs from the one by hand");
  report_nodes(state, static_cast<double>(tape.size() - leaves), 0.0);
}


}  // namespace

int main(int argc, char** argv) {
  // Five repetitions of each benchmark; the console shows their mean, median, spread, and
  // the summary uses the median (the machine is shared, so single runs wander).
  auto add = [](const char* name, auto fn, std::int64_t links = 0) {
    auto* b = benchmark::RegisterBenchmark(name, fn)->Repetitions(5)->DisplayAggregatesOnly();
    if (links > 0) b->Arg(links)->Unit(benchmark::kMicrosecond);
  };
  add("logistic/gradient", logistic_gradient<deck_sample, true>);
  add("logistic/record", logistic_gradient<deck_sample, false>);
  add("logistic/replay", logistic_replay<deck_sample>);
  add("logistic/primal", deck_primal);
  add("logistic/by_hand", logistic_by_hand<deck_sample>);
  add("logistic_500/gradient", logistic_gradient<samples_500, true>);
  add("logistic_500/record", logistic_gradient<samples_500, false>);
  add("logistic_500/replay", logistic_replay<samples_500>);
  add("logistic_500/primal", samples_500_primal);
  add("logistic_500/by_hand", logistic_by_hand<samples_500>);
  add("chain_affine/gradient", chain_gradient<affine_link<tg::Var>>, 500'000);
  add("chain_affine/record", chain_gradient<affine_link<tg::Var>, false>, 500'000);
  add("chain_affine/replay", chain_replay<affine_link<tg::Var>, by_hand::Affine>, 500'000);
  add("chain_affine/primal", chain_primal<affine_link<double>, by_hand::Affine>, 500'000);
  add("chain_affine/by_hand", chain_by_hand<by_hand::Affine>, 500'000);
  add("chain_affine/memory", chain_memory, 1'000'000);
  add("chain_mixed/gradient", chain_gradient<mixed_link<tg::Var>>, 200'000);
  add("chain_mixed/record", chain_gradient<mixed_link<tg::Var>, false>, 200'000);
  add("chain_mixed/replay", chain_replay<mixed_link<tg::Var>, by_hand::Mixed>, 200'000);
  add("chain_mixed/primal", chain_primal<mixed_link<double>, by_hand::Mixed>, 200'000);
  add("chain_mixed/by_hand", chain_by_hand<by_hand::Mixed>, 200'000);
  add("chain_mixed/memory", chain_memory, 1'000'000);
  add("chain_cached/gradient", chain_gradient<affine_link<tg::Var>>, 5'000);  // 10k nodes: in cache
  add("chain_cached/record", chain_gradient<affine_link<tg::Var>, false>, 5'000);
  add("chain_cached/replay", chain_replay<affine_link<tg::Var>, by_hand::Affine>, 5'000);
  add("chain_cached/primal", chain_primal<affine_link<double>, by_hand::Affine>, 5'000);
  add("chain_cached/by_hand", chain_by_hand<by_hand::Affine>, 5'000);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  SummaryReporter reporter(isatty(STDOUT_FILENO) ? SummaryReporter::OO_ColorTabular
                                                 : SummaryReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return reporter.failed() ? 1 : 0;
}
