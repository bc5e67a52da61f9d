// Reading a version 1 trace as version 2 (traces/README.md, "Version 1 traces"): a node's
// "label" becomes its "name", a constant loses its "grad", and a scalar op gets its "local"
// derivatives from the engine's rules (rules.hpp, through scalar_rule) at its inputs' values,
// the numbers its sweep multiplied in. A tensor op's local derivatives need what the op saved,
// which version 1 did not keep: it gets none. Parts that break the format are left as they
// are, for the validator to name.
#include <optional>
#include <vector>

#include "tracegrad/ops.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad {

namespace {

// The values of a node's inputs when every one is a plain number of an earlier node.
std::optional<std::vector<double>> scalar_inputs(const ordered_json& nodes, const ordered_json& node, std::size_t index) {
  if (!node.contains("inputs") || !node["inputs"].is_array() || node["inputs"].empty()) return std::nullopt;
  std::vector<double> values;
  for (const auto& i : node["inputs"]) {
    if (!i.is_number_integer() || i.get<long long>() < 0 || static_cast<std::size_t>(i.get<long long>()) >= index)
      return std::nullopt;
    const ordered_json& in = nodes[static_cast<std::size_t>(i.get<long long>())];
    if (!in.is_object() || in.contains("shape") || !in.contains("value") || !is_trace_number(in["value"]))
      return std::nullopt;
    values.push_back(read_number(in["value"], ""));
  }
  return values;
}

// The node as version 2 has it; `nodes` is its list (already upgraded before `index`: names
// and values are all it reads there, and those stay).
ordered_json upgraded_node(const ordered_json& nodes, ordered_json& node, std::size_t index) {
  if (!node.is_object()) return std::move(node);
  const bool constant = node.contains("role") && node["role"] == "const";
  std::optional<rule::Binary> rule;
  if (auto in = scalar_inputs(nodes, node, index); in && node.contains("op") && node["op"].is_string())
    rule = scalar_rule(node["op"].get<std::string>(), *in);
  const std::size_t arity = rule ? node["inputs"].size() : 0;
  ordered_json out = ordered_json::object();
  for (auto& [key, value] : node.items()) {
    if (key == "grad" && constant) continue;  // numbers in a formula need no gradient
    out[key == "label" ? "name" : key] = std::move(value);
  }
  if (!rule) return out;
  // push_back, not a braced list: {"nan", 1} would make an object, and {x} a copy of x on some compilers
  ordered_json& local = out["local"] = ordered_json::array();
  local.push_back(trace_number(rule->da));
  if (arity == 2) local.push_back(trace_number(rule->db));
  return out;
}

void upgrade_nodes(ordered_json& holder) {
  if (!holder.is_object() || !holder.contains("nodes") || !holder["nodes"].is_array()) return;
  ordered_json& nodes = holder["nodes"];
  for (std::size_t i = 0; i < nodes.size(); ++i) nodes[i] = upgraded_node(nodes, nodes[i], i);
}

}  // namespace

void upgrade_trace(ordered_json& trace) {
  if (!trace.is_object() || trace.value("version", ordered_json()) != 1) return;
  ordered_json out = ordered_json::object();
  for (auto& [key, value] : trace.items()) {
    out[key] = std::move(value);
    if (key == "version") {
      out["version"] = 2;
      out["upgraded_from"] = 1;  // so the validator lets an op go without "local"
    }
  }
  trace = std::move(out);
  if (trace.contains("steps") && trace["steps"].is_array())
    for (auto& step : trace["steps"]) upgrade_nodes(step);
  if (trace.contains("final")) upgrade_nodes(trace["final"]);
}

}  // namespace tracegrad
