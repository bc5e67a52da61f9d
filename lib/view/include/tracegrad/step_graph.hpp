// One step's graph read back from a trace, ready to draw: every node in a column (left to
// right like the slides: inputs and parameters, model, label, loss) and every edge with its
// local derivative ∂node/∂input, worked out again from the op and the input values.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tracegrad/trace.hpp"

namespace tracegrad {

// ∂node/∂input[k] for a node computed by `op` from the values `in` (its inputs, in order).
// The same formulas as ops.cpp, which records them while building the graph; a trace only
// keeps values, so the viewer and `tracegrad dot` derive them here. nullopt for an op this
// function does not know (a tensor op) or a wrong number of inputs.
std::optional<double> local_derivative(std::string_view op, std::span<const double> in, std::size_t k);

struct GraphNode {
  int id = 0;
  std::string op, label, role;
  std::vector<int> inputs;
  ordered_json value;  // as the trace has it: a number, "nan"/"inf", a tensor or a summary
  ordered_json grad;   // null when the trace has none (final.nodes)
  int column = 0;      // 0 = leftmost
  int row = 0;         // position in its column, top to bottom
};

struct GraphEdge {
  int from = 0;  // the input
  int to = 0;    // the node that reads it
  std::size_t k = 0;                // which input of `to` it is
  std::optional<double> local;      // ∂to/∂from; nullopt when not derivable (tensors)
};

struct StepGraph {
  std::vector<GraphNode> nodes;  // indexed by id
  std::vector<GraphEdge> edges;  // in node order, then input order
  int columns = 0;
};

// Reads a trace's node list (steps[i].nodes or final.nodes); `where` names it in errors
// ("run.json: /steps/0/nodes"). Throws TraceError on a node list that breaks the format.
//
// Columns: an op sits one column right of its deepest input (the longest path from the
// leaves); a leaf sits just left of its first user, so the label y lands beside the loss.
StepGraph read_step_graph(const ordered_json& nodes, const std::string& where);

// A scalar trace value (a number, or "nan", "inf", "-inf"); nullopt for a tensor or anything else.
std::optional<double> scalar_value(const ordered_json& value);

// A trace value for the screen: "-0.34", "nan", "[1, 2, 3]", "[100 values, mean 0.5]".
std::string value_text(const ordered_json& value);

// "lesson" or "lesson-run": the name of a trace's file without .json.
std::string run_name(const ordered_json& trace);

// The trace's "steps" array, or TraceError naming `where`.
const ordered_json& trace_steps(const ordered_json& trace, const std::string& where);

// The index of the first step that kept its nodes, or nullopt when none did.
std::optional<std::size_t> first_graph_step(const ordered_json& trace);

}  // namespace tracegrad
