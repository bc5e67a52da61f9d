// `tracegrad view`: ONE self-contained HTML page (no network, no server, no external script or
// font) showing traces: the graph of the current step with its values, a forward/backward
// animation, prev / next / play and a step slider, the loss and the parameters over the steps,
// for the gradient-descent lessons the iterates on f(x) = x² or on the contours of x² + y², the
// deck's pictures a trace's config asks for (picture, contours, lines, sweep, candidates,
// belief: traces/README.md), and zoom and pan on the graph. Its script draws through one
// entry point, renderTraces(data) (main.js), which a page may call again with new data.
//
// The page's HTML, CSS and JavaScript live in lib/view/src/viewer/ and are compiled in; the
// traces go in a <script type="application/json"> block, prepared by the library (columns,
// the trace's own local derivatives, numbers as text) so the page only lays out and draws.
#pragma once
#include <string>
#include <vector>

#include "tracegrad/step_graph.hpp"

namespace tracegrad {

// A loaded trace and the name it was read from (for error messages).
struct NamedTrace {
  ordered_json trace;
  std::string where;
};

// What the page draws for one graph: nodes with their column and row and their value and
// gradient as text; edges with upstream × local = what flows back along them, where local is
// the node's "local" entry in `trace_nodes` (the node list `graph` was read from): the
// derivative the run used. A trace without "local" (version 1) gets edges without one.
ordered_json graph_view(const StepGraph& graph, const ordered_json& trace_nodes);

// For the gradient-descent lessons: {"kind": "parabola" | "contour", "params", "domain",
// "runs": [{"name", "lr", "points"}]} when every trace's loss is x² (one param) or x² + y²
// (two params); null otherwise.
ordered_json gd_plot(const std::vector<NamedTrace>& traces);

// Everything the page shows, as it is embedded. Throws TraceError on a malformed trace.
ordered_json viewer_data(const std::vector<NamedTrace>& traces);

// The whole HTML page. The marker meta tag lets write_output_file replace an older page.
inline constexpr std::string_view page_marker = "<meta name=\"generator\" content=\"tracegrad view\">";
std::string viewer_page(const std::vector<NamedTrace>& traces);

}  // namespace tracegrad
