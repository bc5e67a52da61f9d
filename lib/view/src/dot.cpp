#include "tracegrad/dot.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad {

std::string_view role_color(std::string_view role) {
  if (role == "input") return "#cfe2ff";  // data: blue
  if (role == "param") return "#d1e7dd";  // what training updates: green
  if (role == "label") return "#fff3cd";  // the true answer: yellow
  if (role == "const") return "#e9ecef";  // a number in a formula: grey
  if (role == "loss") return "#f8d7da";   // where backward starts: red
  return "#ffffff";                       // a computed node
}

namespace {

// A DOT string literal: quotes and backslashes escaped, "\n" kept as DOT's line break.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string node_text(const GraphNode& n) {
  std::string head = n.name.empty() ? n.op : fmt::format("{}   {}", n.name, n.op);
  std::string text = fmt::format("{}\nvalue {}", head, value_text(n.value));
  if (!n.grad.is_null()) text += fmt::format("\ngrad {}", value_text(n.grad));
  return text;
}

}  // namespace

std::string graph_dot(const StepGraph& graph, const std::string& title) {
  std::string out = "digraph tracegrad {\n";
  out += fmt::format("  label={}; labelloc=t; fontname=\"Helvetica\";\n", quoted(title));
  out += "  rankdir=LR; nodesep=0.3; ranksep=0.7;\n";
  out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#555555\"];\n";
  for (const auto& n : graph.nodes) {
    std::string line = n.name.empty() ? "" : ", penwidth=2";
    out += fmt::format("  n{} [label={}, fillcolor=\"{}\"{}];\n", n.id, quoted(node_text(n)), role_color(n.role), line);
  }
  for (const auto& e : graph.edges) {
    std::string local = e.local.is_null() ? "" : fmt::format(" [label={}]", quoted("local " + value_text(e.local)));
    out += fmt::format("  n{} -> n{}{};\n", e.from, e.to, local);
  }
  // One rank per column: the slide's left-to-right order. Nodes bucketed by column first,
  // so this is linear in the graph, not columns × nodes.
  std::vector<std::vector<int>> by_column(static_cast<std::size_t>(std::max(graph.columns, 0)));
  for (const auto& n : graph.nodes) by_column.at(static_cast<std::size_t>(n.column)).push_back(n.id);
  for (const auto& ids : by_column) {
    out += "  { rank=same;";
    for (int id : ids) out += fmt::format(" n{};", id);
    out += " }\n";
  }
  return out + "}\n";
}

std::string trace_dot(const ordered_json& trace, std::size_t step, const std::string& where) {
  const auto& steps = trace_steps(trace, where);
  if (step >= steps.size())
    throw TraceError(fmt::format("{}: no step {} (the trace has {} steps)", where, step, steps.size()));
  if (!steps[step].contains("nodes")) {
    auto kept = first_graph_step(trace);
    throw TraceError(fmt::format("{}: step {} kept no nodes (--trace-nodes){}", where, step,
                                 kept ? fmt::format("; step {} did", *kept) : ""));
  }
  StepGraph graph = read_step_graph(steps[step]["nodes"], fmt::format("{}: /steps/{}/nodes", where, step));
  std::string title = fmt::format("{} — step {}", run_name(trace), step);
  if (steps[step].contains("loss")) title += ", loss " + value_text(steps[step]["loss"]);
  return graph_dot(graph, title);
}

}  // namespace tracegrad
