// Engine speed: what recording a graph and sweeping it backward costs per node, and how
// that compares with computing the same formula on plain doubles (the "primal").
//
// Each graph has four benchmarks: <graph>/gradient (record + backward on a rewound tape,
// the per-step work of training), <graph>/record (the recording alone), <graph>/replay
// (recorded once, then Tape::replay + backward each step) and <graph>/primal (the same
// arithmetic on doubles); the long chains also <graph>/memory (the layout's bytes alone). After all runs,
// a summary prints ns per node, bytes per node and each ÷ primal, all measured in this
// process, and each target with whether it is met. Figures and the command: README.md, "Speed".
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

namespace tg = tracegrad;

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

// ---- the logistic-regression loss of the deck (slides 47–51, two features) ---------
// z = w1·x1 + w2·x2 + b,  ŷ = σ(z),  L = −y·log ŷ − (1 − y)·log(1 − ŷ)

struct Sample {
  double x1 = 1.4, x2 = 0.2, y = 0.0, w1 = 0.5, w2 = -0.1, b = 0.1;
};

// <graph>/gradient records and sweeps back; <graph>/record (sweep = false) only records.
template <bool sweep>
void logistic_gradient(benchmark::State& state) {
  const Sample s;
  const double heap_before = heap_bytes();
  tg::Tape tape;
  auto x1 = tape.input("x1", s.x1), x2 = tape.input("x2", s.x2);
  auto y = tape.label("y", s.y);
  auto w1 = tape.param("w1", s.w1), w2 = tape.param("w2", s.w2), b = tape.param("b", s.b);
  const auto leaves = tape.mark();
  tg::NodeId loss = -1;
  for (auto _ : state) {
    tape.rewind(leaves);
    auto z = w1 * x1 + w2 * x2 + b;
    auto y_hat = tg::sigmoid(z);
    auto L = -y * tg::log(y_hat) - (1 - y) * tg::log(1 - y_hat);
    if constexpr (sweep) L.backward();
    loss = L.id();
    benchmark::DoNotOptimize(tape.node(loss));
  }
  // The slide's answer, ∂L/∂w1 = x1(ŷ − y) = 0.9599…: a fast wrong gradient is no result.
  const double y_hat = tg::sigmoid(s.w1 * s.x1 + s.w2 * s.x2 + s.b);
  if (sweep && std::fabs(w1.grad() - s.x1 * (y_hat - s.y)) > 1e-12) state.SkipWithError("wrong gradient dL/dw1");
  if (std::fabs(tape.value(loss) - (-s.y * std::log(y_hat) - (1 - s.y) * std::log(1 - y_hat))) > 1e-12)
    state.SkipWithError("wrong loss");
  const auto nodes = static_cast<double>(tape.size() - leaves);
  report_nodes(state, nodes, (heap_bytes() - heap_before) / static_cast<double>(tape.size()));
}

// The same graph recorded once, then replayed each step (Tape::replay) with new parameters.
void logistic_replay(benchmark::State& state) {
  const Sample s;
  tg::Tape tape;
  auto x1 = tape.input("x1", s.x1), x2 = tape.input("x2", s.x2);
  auto y = tape.label("y", s.y);
  auto w1 = tape.param("w1", s.w1), w2 = tape.param("w2", s.w2), b = tape.param("b", s.b);
  const auto leaves = tape.mark();
  auto z = w1 * x1 + w2 * x2 + b;
  auto y_hat = tg::sigmoid(z);
  auto L = -y * tg::log(y_hat) - (1 - y) * tg::log(1 - y_hat);
  L.backward();
  double w = s.w1;
  for (auto _ : state) {
    w1.set_value(w);
    tape.replay();
    L.backward();
    benchmark::DoNotOptimize(w1.grad());
    benchmark::DoNotOptimize(w);
  }
  double expected = s.x1 * (tg::sigmoid(s.w1 * s.x1 + s.w2 * s.x2 + s.b) - s.y);
  if (std::fabs(w1.grad() - expected) > 1e-12) state.SkipWithError("wrong gradient dL/dw1");
  report_nodes(state, static_cast<double>(tape.size() - leaves), 0.0);
}

void logistic_primal(benchmark::State& state) {
  Sample s;
  for (auto _ : state) {
    benchmark::DoNotOptimize(s);  // the inputs are unknown to the optimizer on every pass
    double z = s.w1 * s.x1 + s.w2 * s.x2 + s.b;
    double y_hat = tg::sigmoid(z);
    double L = -s.y * std::log(y_hat) - (1 - s.y) * std::log(1 - y_hat);
    benchmark::DoNotOptimize(L);
  }
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

template <auto link>
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
  report_nodes(state, static_cast<double>(tape.size() - leaves), 0.0);
}

template <auto link>
void chain_primal(benchmark::State& state) {
  double y0 = 0.5, c = 0.9, d = 0.05;
  for (auto _ : state) {
    benchmark::DoNotOptimize(y0);
    benchmark::DoNotOptimize(c);
    benchmark::DoNotOptimize(d);
    double y = y0;
    for (auto i = state.range(0); i > 0; --i) y = link(y, c, d);
    benchmark::DoNotOptimize(y);
  }
}

// ---- what memory alone allows --------------------------------------------------------
// The bytes replay + backward move on a chain of state.range(0) nodes, and no arithmetic
// beyond one add per number: forward, every node read and its value and local derivatives
// written back; the gradients zeroed; backward, every node read again, last to first, and
// its gradient written. Replay cannot beat this with the tape's layout (node.hpp).
void chain_memory(benchmark::State& state) {
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

// ---- the summary ------------------------------------------------------------------
// The console output as usual, then one line per graph computed from the runs:
// the median of the repetitions when there are several, otherwise the single run.

class SummaryReporter : public benchmark::ConsoleReporter {
 public:
  using ConsoleReporter::ConsoleReporter;
  static double nanoseconds(const Run& run) {  // CPU time per iteration, as the counters use
    return run.GetAdjustedCPUTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
  }

  bool failed() const { return failed_; }  // a benchmark stopped with an error

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred) {
        failed_ = true;
        continue;
      }
      bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      bool single = run.run_type == Run::RT_Iteration && run.repetitions <= 1;
      if (median || single) results_[run.run_name.function_name] = run;
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::ostream& out = GetOutputStream();
    out << fmt::format("\n{:<13} {:>8} {:>8} {:>8} {:>8} {:>6} {:>9} {:>10} {:>7} {:>7}\n", "graph", "nodes", "record",
                       "rec+bwd", "rep+bwd", "bytes", "heap", "primal(ns)", "rec+b/p", "rep+b/p");
    std::vector<std::string> targets;
    auto target = [&](bool met, std::string what) { targets.push_back(fmt::format("  {:<7} {}", met ? "met" : "NOT met", what)); };
    for (const char* graph : {"logistic", "chain_affine", "chain_mixed", "chain_cached"}) {
      auto find = [&](const char* kind) { return results_.find(fmt::format("{}/{}", graph, kind)); };
      auto record = find("record"), gradient = find("gradient"), replay = find("replay"), primal = find("primal"),
           memory = find("memory");
      if (record == results_.end() || gradient == results_.end() || replay == results_.end() || primal == results_.end())
        continue;  // filtered out
      const Run& g = gradient->second;
      const double nodes = g.counters.at("nodes"), rec = nanoseconds(record->second) / nodes, grad = nanoseconds(g) / nodes,
                   rep = nanoseconds(replay->second) / nodes, p_ns = nanoseconds(primal->second),
                   prim = p_ns / nodes, bytes = g.counters.at("bytes/node").value;
      out << fmt::format("{:<13} {:>8} {:>8.2f} {:>8.2f} {:>8.2f} {:>6} {:>9.1f} {:>10.0f} {:>7.2f} {:>7.2f}\n", graph,
                         nodes, rec, grad, rep, bytes, g.counters.at("heap/node").value, p_ns, grad / prim, rep / prim);
      const bool big = nodes >= 1e6;  // where memory, not the CPU, sets the pace
      const double most = big ? 7.0 : 5.0;
      target(rec <= most, fmt::format("{}: recording itself {:.2f} ns/node (target <= {})", graph, rec, most));
      target(grad <= most, fmt::format("{}: recording + backward {:.2f} ns/node (the same target, for the whole step)",
                                       graph, grad));
      // Beside the 3 ns target, what neither half can beat: the primal's own ns/node (the
      // forward arithmetic) and memory's (the bytes the tape's layout makes each step move).
      if (big) {
        const std::string floor = memory == results_.end() ? std::string()
                                  : fmt::format(", memory alone {:.2f}", nanoseconds(memory->second) / nodes);
        target(rep <= 3.0, fmt::format("{}: replay + backward {:.2f} ns/node (target <= 3; the primal alone {:.2f}{})",
                                       graph, rep, prim, floor));
      }
      if (graph == std::string("logistic") || graph == std::string("chain_mixed"))
        target(rep / prim <= 4.0, fmt::format("{}: replay + backward / primal {:.2f} (target <= 4)", graph, rep / prim));
      target(bytes <= 48, fmt::format("{}: {} bytes/node (target <= 48)", graph, bytes));
    }
    out << "ns/node: record = recording alone, rec+bwd = record + backward, rep+bwd = replay + backward;\n";
    out << "primal = the same formula on doubles, ns per step; rec+b/p, rep+b/p: ns/node ÷ the primal's;\n";
    out << "bytes = the layout's bytes per node, heap = measured\ntargets:\n";
    for (const std::string& t : targets) out << t << "\n";
  }

 private:
  std::map<std::string, Run> results_;
  bool failed_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  // Five repetitions of each benchmark; the console shows their mean, median, spread, and
  // the summary uses the median (the machine is shared, so single runs wander).
  auto add = [](const char* name, auto fn, std::int64_t links = 0) {
    auto* b = benchmark::RegisterBenchmark(name, fn)->Repetitions(5)->DisplayAggregatesOnly();
    if (links > 0) b->Arg(links)->Unit(benchmark::kMicrosecond);
  };
  add("logistic/gradient", logistic_gradient<true>);
  add("logistic/record", logistic_gradient<false>);
  add("logistic/replay", logistic_replay);
  add("logistic/primal", logistic_primal);
  add("chain_affine/gradient", chain_gradient<affine_link<tg::Var>>, 500'000);
  add("chain_affine/record", chain_gradient<affine_link<tg::Var>, false>, 500'000);
  add("chain_affine/replay", chain_replay<affine_link<tg::Var>>, 500'000);
  add("chain_affine/primal", chain_primal<affine_link<double>>, 500'000);
  add("chain_affine/memory", chain_memory, 1'000'000);
  add("chain_mixed/gradient", chain_gradient<mixed_link<tg::Var>>, 200'000);
  add("chain_mixed/record", chain_gradient<mixed_link<tg::Var>, false>, 200'000);
  add("chain_mixed/replay", chain_replay<mixed_link<tg::Var>>, 200'000);
  add("chain_mixed/primal", chain_primal<mixed_link<double>>, 200'000);
  add("chain_mixed/memory", chain_memory, 1'000'000);
  add("chain_cached/gradient", chain_gradient<affine_link<tg::Var>>, 5'000);  // 10k nodes: in cache
  add("chain_cached/record", chain_gradient<affine_link<tg::Var>, false>, 5'000);
  add("chain_cached/replay", chain_replay<affine_link<tg::Var>>, 5'000);
  add("chain_cached/primal", chain_primal<affine_link<double>>, 5'000);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  SummaryReporter reporter(isatty(STDOUT_FILENO) ? SummaryReporter::OO_ColorTabular
                                                 : SummaryReporter::OO_Tabular);
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return reporter.failed() ? 1 : 0;
}
