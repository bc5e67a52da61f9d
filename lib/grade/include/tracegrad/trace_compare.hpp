// Comparing two traces step by step, node by node: what `tracegrad grade` reports.
#pragma once
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "tracegrad/trace.hpp"

namespace tracegrad {

// Two numbers agree when |actual − expected| ≤ atol + rtol·|expected| (numpy's isclose);
// nan agrees with nan, and inf with inf of the same sign.
struct Tolerances {
  double rtol = 1e-6;
  double atol = 1e-9;
};

// One place where the traces part.
struct Difference {
  std::string where;   // JSON pointer into the traces: /steps/0/nodes/7/grad
  std::string place;   // for people: step 0, node 7 "L" (square)
  std::string field;   // value, local, grad, loss, op, inputs, name, role, shape, update w grad, …
  std::string expected, actual;
  double rel_err = std::numeric_limits<double>::quiet_NaN();  // numbers only: |a − e| / |e|
  std::string diagnosis;  // gradients: a forward error (values already differ) or a backward error
  std::string describe() const;  // one line: place, field: expected …, actual … (relative error …)
};

struct Comparison {
  std::vector<Difference> differences;  // in the order the run computed them (see compare_traces)
  std::vector<std::string> advice;      // Match::structure: where the graphs differ but no graded number does
  std::size_t total = 0;                // every difference, also those not kept
  // What was compared:
  std::size_t steps = 0, nodes = 0, numbers = 0, updates = 0, final_nodes = 0;  // nodes: graded ones
  bool structural = false;  // Match::structure: the named nodes (and the loss) are graded
  bool pass() const { return total == 0; }
  std::string summary() const;  // "1 step, 8 nodes, 19 numbers, 2 updates, the final pass (8 nodes)"
};

// How the nodes of the two traces are paired.
enum class Match {
  // By what they compute (graph_match.hpp): named nodes by name, the rest by op and matched
  // inputs. Graded: the named nodes and the loss (values, gradients), the updates by
  // parameter, the final pass; a structural difference alone is advice.
  structure,
  ids,  // node k with node k, every field of every node: the same program, the same compiler
};

// Both traces must be valid (validate_trace). Order of the differences: the top level and
// config, then each step — forward values (in the submission's creation order), the loss,
// the gradients from the loss back (the order backward computed them, so the first one is
// where backward parted), the updates — then the final pass. At most `keep` are kept; all
// are counted. Linear in the traces' size (up to a log factor).
Comparison compare_traces(const ordered_json& expected, const ordered_json& actual, const Tolerances& tol = {},
                          std::size_t keep = std::numeric_limits<std::size_t>::max(), Match match = Match::structure);

}  // namespace tracegrad
