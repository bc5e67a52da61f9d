// bench_engine's summary: after Google Benchmark's own table, one line per graph from the
// runs (the median of the repetitions, or the single run), then every target of issue 15
// with "met" or "NOT met". The figures are all measured in the same process.
#pragma once
#include <benchmark/benchmark.h>

#include <cmath>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <fmt/format.h>

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
    out << fmt::format("\n{:<13} {:>8} {:>8} {:>8} {:>8} {:>6} {:>9} {:>10} {:>7} {:>7} {:>8} {:>7}\n", "graph", "nodes",
                       "record", "rec+bwd", "rep+bwd", "bytes", "heap", "primal(ns)", "rec+b/p", "rep+b/p", "by hand",
                       "rep+b/h");
    std::vector<std::string> targets;
    auto target = [&](bool met, std::string what) { targets.push_back(fmt::format("  {:<7} {}", met ? "met" : "NOT met", what)); };
    for (const char* graph : {"logistic", "logistic_500", "chain_affine", "chain_mixed", "chain_cached"}) {
      auto find = [&](const char* kind) { return results_.find(fmt::format("{}/{}", graph, kind)); };
      auto record = find("record"), gradient = find("gradient"), replay = find("replay"), primal = find("primal"),
           memory = find("memory"), by_hand = find("by_hand");
      if (record == results_.end() || gradient == results_.end() || replay == results_.end() || primal == results_.end())
        continue;  // filtered out
      const Run& g = gradient->second;
      const double nodes = g.counters.at("nodes"), rec = nanoseconds(record->second) / nodes, grad = nanoseconds(g) / nodes,
                   rep = nanoseconds(replay->second) / nodes, p_ns = nanoseconds(primal->second),
                   prim = p_ns / nodes, bytes = g.counters.at("bytes/node").value;
      // The gradient written out by hand on doubles (by_hand.hpp), ns/node of the graph: the floor.
      const double hand = by_hand == results_.end() ? std::nan("") : nanoseconds(by_hand->second) / nodes;
      out << fmt::format("{:<13} {:>8} {:>8.2f} {:>8.2f} {:>8.2f} {:>6} {:>9.1f} {:>10.0f} {:>7.2f} {:>7.2f} {:>8.2f} {:>7.2f}\n",
                         graph, nodes, rec, grad, rep, bytes, g.counters.at("heap/node").value, p_ns, grad / prim,
                         rep / prim, hand, rep / hand);
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
      if (std::string(graph).starts_with("logistic") || graph == std::string("chain_mixed"))
        target(rep / prim <= 4.0, fmt::format("{}: replay + backward / primal {:.2f} (target <= 4)", graph, rep / prim));
      target(bytes <= 48, fmt::format("{}: {} bytes/node (target <= 48)", graph, bytes));
    }
    out << "ns/node: record = recording alone, rec+bwd = record + backward, rep+bwd = replay + backward;\n";
    out << "primal = the same formula on doubles, ns per step; rec+b/p, rep+b/p: ns/node ÷ the primal's;\n";
    out << "bytes = the layout's bytes per node, heap = measured; by hand = the gradient written out on doubles\n";
    out << "(bench/by_hand.hpp), ns per node of the graph, and rep+b/h = replay + backward ÷ it\ntargets:\n";
    for (const std::string& t : targets) out << t << "\n";
  }

 private:
  std::map<std::string, Run> results_;
  bool failed_ = false;
};

