#include "tracegrad/gradcheck.hpp"

#include <algorithm>
#include <cmath>

#include "message.hpp"

namespace tracegrad {

bool GradcheckReport::pass() const {
  return std::all_of(leaves.begin(), leaves.end(), [](const LeafCheck& c) { return c.pass; });
}

namespace {

std::string leaf_name(std::span<const std::string> names, std::size_t i) {
  return i < names.size() ? names[i] : detail::message("x", i);
}

struct Built {
  Tape tape;
  std::vector<Var> leaves;
  NodeId root = -1;
  double output = 0;
};

// Records f at the point `at` and returns its output (and the tape, for backward).
double build(const GraphBuilder& f, std::span<const double> at, std::span<const std::string> names,
             Built& out) {
  out.tape.clear();
  out.leaves.clear();
  for (std::size_t i = 0; i < at.size(); ++i) {
    out.leaves.push_back(out.tape.param(leaf_name(names, i), at[i]));
  }
  Var y = f(out.tape, out.leaves);
  out.root = y.id();
  out.output = y.value();
  return out.output;
}

// Central difference from f(x + eps) and f(x − eps), set beside the analytic gradient.
LeafCheck compare(LeafCheck c, double up, double down, const GradcheckOptions& options) {
  c.numeric = (up - down) / (2 * options.eps);
  c.abs_err = std::fabs(c.analytic - c.numeric);
  c.rel_err = c.numeric == 0 ? c.abs_err : c.abs_err / std::fabs(c.numeric);
  c.pass = c.abs_err <= options.atol + options.rtol * std::fabs(c.numeric);  // false for nan
  return c;
}

// Records f on a fresh tape with one tensor param per entry of `at`; returns its output.
double build_tensors(const TensorGraphBuilder& f, std::span<const Tensor> at, std::span<const std::string> names,
                     Tape& tape, std::vector<TensorVar>& leaves, NodeId& root) {
  tape.clear();
  leaves.clear();
  for (std::size_t i = 0; i < at.size(); ++i) leaves.push_back(tape.param(leaf_name(names, i), at[i]));
  Var y = f(tape, leaves);
  root = y.id();
  return y.value();
}

}  // namespace

GradcheckReport gradcheck_tensors(const TensorGraphBuilder& f, std::span<const Tensor> at,
                                  const GradcheckOptions& options, std::span<const std::string> names) {
  Tape tape, probe;
  std::vector<TensorVar> leaves, probe_leaves;
  NodeId root = -1, probe_root = -1;
  GradcheckReport report;
  report.output = build_tensors(f, at, names, tape, leaves, root);
  tape.var(root).backward();
  std::vector<Tensor> point(at.begin(), at.end());
  for (std::size_t k = 0; k < at.size(); ++k)
    for (std::size_t i = 0; i < at[k].data.size(); ++i) {
      LeafCheck c;
      c.name = detail::message(leaf_name(names, k), "[", i, "]");
      c.value = at[k].data[i];
      c.analytic = leaves[k].grad()[i];
      point[k].data[i] = c.value + options.eps;
      double up = build_tensors(f, point, names, probe, probe_leaves, probe_root);
      point[k].data[i] = c.value - options.eps;
      double down = build_tensors(f, point, names, probe, probe_leaves, probe_root);
      point[k].data[i] = c.value;
      report.leaves.push_back(compare(c, up, down, options));
    }
  return report;
}

GradcheckReport gradcheck(const GraphBuilder& f, std::span<const double> at,
                          const GradcheckOptions& options, std::span<const std::string> names) {
  return gradcheck(f, at, Sweep{}, options, names);
}

GradcheckReport gradcheck(const GraphBuilder& f, std::span<const double> at, const Sweep& sweep,
                          const GradcheckOptions& options, std::span<const std::string> names) {
  Built b;
  GradcheckReport report;
  build(f, at, names, b);
  report.output = b.output;
  std::vector<double> grads;  // from the given sweep, or the tape's own
  if (sweep) grads = sweep(b.tape, b.root);
  else b.tape.var(b.root).backward();
  auto analytic = [&](const Var& leaf) {
    auto id = static_cast<std::size_t>(leaf.id());
    return !sweep ? leaf.grad() : id < grads.size() ? grads[id] : 0.0;
  };
  std::vector<double> point(at.begin(), at.end());
  for (std::size_t i = 0; i < at.size(); ++i) {
    LeafCheck c;
    c.name = std::string(b.leaves[i].name());
    c.value = at[i];
    c.analytic = analytic(b.leaves[i]);

    Built probe;
    point[i] = at[i] + options.eps;
    double up = build(f, point, names, probe);
    point[i] = at[i] - options.eps;
    double down = build(f, point, names, probe);
    point[i] = at[i];

    report.leaves.push_back(compare(c, up, down, options));
  }
  return report;
}

}  // namespace tracegrad
