#include "tracegrad/step_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad {

namespace {

const ordered_json& field(const ordered_json& node, const char* key, const std::string& where) {
  if (!node.contains(key)) throw TraceError(fmt::format("{}: missing \"{}\"", where, key));
  return node[key];
}

std::string text_field(const ordered_json& node, const char* key, const std::string& where) {
  const ordered_json& v = field(node, key, where);
  if (!v.is_string()) throw TraceError(fmt::format("{}/{}: expected a string", where, key));
  return v.get<std::string>();
}

// A whole number as `tracegrad validate` accepts one: 6 or 6.0 (JSON Schema's integer).
bool whole(const ordered_json& v) { return v.is_number() && std::trunc(v.get<double>()) == v.get<double>(); }

GraphNode read_node(const ordered_json& j, int id, const std::string& where) {
  if (!j.is_object()) throw TraceError(fmt::format("{}: expected a node object", where));
  const ordered_json& jid = field(j, "id", where);
  if (!whole(jid) || jid.get<double>() != id)
    throw TraceError(fmt::format("{}/id: expected {} (nodes are listed by id)", where, id));
  GraphNode n;
  n.id = id;
  n.op = text_field(j, "op", where);
  n.name = node_name(j);
  n.role = text_field(j, "role", where);
  const ordered_json& inputs = field(j, "inputs", where);
  if (!inputs.is_array()) throw TraceError(fmt::format("{}/inputs: expected an array", where));
  for (const auto& in : inputs) {
    if (!whole(in) || in.get<double>() < 0 || in.get<double>() >= id)
      throw TraceError(fmt::format("{}/inputs: {} is not the id of an earlier node", where, in.dump()));
    n.inputs.push_back(static_cast<int>(in.get<double>()));
  }
  n.value = field(j, "value", where);
  n.grad = j.contains("grad") ? j["grad"] : ordered_json();
  if (j.contains("local")) {
    const ordered_json& local = j["local"];
    if (!local.is_array() || local.size() != n.inputs.size())
      throw TraceError(fmt::format("{}/local: expected one local derivative per input", where));
    n.local = local;
  }
  return n;
}

// Longest path from the leaves for ops; a leaf goes just left of its leftmost user.
void place(StepGraph& g) {
  for (auto& n : g.nodes)
    for (int in : n.inputs) n.column = std::max(n.column, g.nodes[static_cast<std::size_t>(in)].column + 1);
  std::vector<int> first_user(g.nodes.size(), std::numeric_limits<int>::max());
  for (const auto& n : g.nodes)
    for (int in : n.inputs) first_user[static_cast<std::size_t>(in)] = std::min(first_user[static_cast<std::size_t>(in)], n.column);
  for (auto& n : g.nodes)
    if (n.inputs.empty() && first_user[static_cast<std::size_t>(n.id)] != std::numeric_limits<int>::max())
      n.column = first_user[static_cast<std::size_t>(n.id)] - 1;
  std::vector<int> filled;
  for (auto& n : g.nodes) {
    if (static_cast<std::size_t>(n.column) >= filled.size()) filled.resize(static_cast<std::size_t>(n.column) + 1, 0);
    n.row = filled[static_cast<std::size_t>(n.column)]++;
  }
  g.columns = static_cast<int>(filled.size());
}

}  // namespace

StepGraph read_step_graph(const ordered_json& nodes, const std::string& where) {
  if (!nodes.is_array()) throw TraceError(fmt::format("{}: expected an array of nodes", where));
  StepGraph g;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    g.nodes.push_back(read_node(nodes[i], static_cast<int>(i), fmt::format("{}/{}", where, i)));
  for (const auto& n : g.nodes)  // each edge carries the local derivative the engine recorded
    for (std::size_t k = 0; k < n.inputs.size(); ++k)
      g.edges.push_back({n.inputs[k], n.id, k, n.local.is_array() ? n.local[k] : ordered_json()});
  place(g);
  return g;
}

std::optional<double> scalar_value(const ordered_json& v) {
  if (!(v.is_number() || v.is_string())) return std::nullopt;
  try {
    return read_number(v, "");
  } catch (const TraceError&) {
    return std::nullopt;
  }
}

std::string value_text(const ordered_json& value) {
  if (auto x = scalar_value(value)) return show(*x);
  if (value.is_object() && value.contains("shape") && value.contains("value")) return value_text(value["value"]);
  if (value.is_array()) {
    std::string out = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i == 6) return out + fmt::format(", … {} values]", value.size());
      out += (i ? ", " : "") + value_text(value[i]);
    }
    return out + "]";
  }
  if (value.is_object() && value.contains("count") && value.contains("mean"))
    return fmt::format("[{} values, mean {}]", value["count"].dump(), value_text(value["mean"]));
  return value.dump();
}

std::string run_name(const ordered_json& trace) {
  std::string lesson = trace.value("lesson", "trace");
  return trace.contains("run") ? fmt::format("{}-{}", lesson, trace.value("run", "")) : lesson;
}

const ordered_json& trace_steps(const ordered_json& trace, const std::string& where) {
  if (!trace.is_object() || !trace.contains("steps") || !trace["steps"].is_array())
    throw TraceError(fmt::format("{}: /steps: expected an array", where));
  return trace["steps"];
}

std::optional<std::size_t> first_graph_step(const ordered_json& trace) {
  if (!trace.contains("steps") || !trace["steps"].is_array()) return std::nullopt;
  const auto& steps = trace["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i)
    if (steps[i].is_object() && steps[i].contains("nodes")) return i;
  return std::nullopt;
}

}  // namespace tracegrad
