// Graphviz DOT of one step's graph, laid out like the slide diagrams: left to right, inputs
// and parameters, then the model, the label and the loss. Each node shows its label, op,
// value and gradient and is colored by its role; each edge carries its local derivative.
//   tracegrad dot run.json | dot -Tsvg > graph.svg
#pragma once
#include <cstddef>
#include <string>

#include "tracegrad/step_graph.hpp"

namespace tracegrad {

// The fill color of a role in every picture (DOT here, the same palette in the viewer's CSS).
std::string_view role_color(std::string_view role);

// The DOT text of a graph; `title` goes above it.
std::string graph_dot(const StepGraph& graph, const std::string& title);

// steps[step] of a loaded trace. Throws TraceError when that step does not exist or kept no
// nodes (the message says which steps did); `where` names the file.
std::string trace_dot(const ordered_json& trace, std::size_t step, const std::string& where);

}  // namespace tracegrad
