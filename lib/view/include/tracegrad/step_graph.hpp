// One step's graph read back from a trace, ready to draw: every node in a column (left to
// right like the slides: inputs and parameters, model, label, loss) and every edge with its
// local derivative ∂node/∂input, the one the trace's node recorded in "local".
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "tracegrad/trace.hpp"

namespace tracegrad {

struct GraphNode {
  int id = 0;
  std::string op, name, role;
  std::vector<int> inputs;
  ordered_json value;  // as the trace has it: a number, "nan"/"inf", a tensor or a summary
  ordered_json grad;   // null when the trace has none (final.nodes, a constant)
  ordered_json local;  // the trace's "local": one entry per input; null when it has none
  int column = 0;      // 0 = leftmost
  int row = 0;         // position in its column, top to bottom
};

struct GraphEdge {
  int from = 0;  // the input
  int to = 0;    // the node that reads it
  std::size_t k = 0;                // which input of `to` it is
  ordered_json local;  // ∂to/∂from as the trace recorded it: a number or {"shape", "value"};
                      // null when the trace has none (a tensor op read from version 1)
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

// A trace value for the screen: "-0.34", "nan", "[1, 2, 3]", "[100 values, mean 0.5]"; a
// tensor local derivative {"shape", "value"} shows its value.
std::string value_text(const ordered_json& value);

// "lesson" or "lesson-run": the name of a trace's file without .json.
std::string run_name(const ordered_json& trace);

// The trace's "steps" array, or TraceError naming `where`.
const ordered_json& trace_steps(const ordered_json& trace, const std::string& where);

// The index of the first step that kept its nodes, or nullopt when none did.
std::optional<std::size_t> first_graph_step(const ordered_json& trace);

}  // namespace tracegrad
