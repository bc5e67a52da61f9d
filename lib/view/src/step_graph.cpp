#include "tracegrad/step_graph.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/ops.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad {

namespace {

// How many inputs an op takes; 0 for a leaf or an op this file does not know (a tensor op).
std::size_t arity_of(std::string_view op) {
  for (std::string_view binary : {"add", "sub", "mul", "div", "pow"})
    if (op == binary) return 2;
  for (std::string_view unary : {"neg", "square", "exp", "log", "sigmoid", "softplus"})
    if (op == unary) return 1;
  return 0;
}

}  // namespace

std::optional<double> local_derivative(std::string_view op, std::span<const double> in, std::size_t k) {
  const std::size_t arity = arity_of(op);
  if (arity == 0 || in.size() != arity || k >= arity) return std::nullopt;
  const double a = in[0], b = arity == 2 ? in[1] : 0.0;
  if (op == "add") return 1.0;                            // ∂(a + b)/∂a = ∂(a + b)/∂b = 1
  if (op == "sub") return k == 0 ? 1.0 : -1.0;            // ∂(a − b)/∂a = 1, ∂/∂b = −1
  if (op == "mul") return k == 0 ? b : a;                 // ∂(a·b)/∂a = b, ∂/∂b = a
  if (op == "div") return k == 0 ? 1.0 / b : -(a / b) / b;  // ∂(a/b)/∂a = 1/b, ∂/∂b = −a/b²
  if (op == "neg") return -1.0;                           // ∂(−a)/∂a = −1
  if (op == "square") return 2.0 * a;                     // d/da a² = 2a
  if (op == "pow") return k == 0 ? b * std::pow(a, b - 1.0) : 0.0;  // d/da aᶜ = c·aᶜ⁻¹; c is a constant
  if (op == "exp") return std::exp(a);                    // d/da eᵃ = eᵃ
  if (op == "log") return 1.0 / a;                        // d/da ln a = 1/a
  if (op == "sigmoid") return sigmoid(a) * sigmoid(-a);   // σ'(a) = σ(a)(1 − σ(a)) = σ(a)σ(−a)
  return sigmoid(a);                                      // softplus'(a) = σ(a)
}

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
  n.label = text_field(j, j.contains("name") ? "name" : "label", where);  // v2 "name", v1 "label"
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
  for (const auto& n : g.nodes) {
    std::vector<double> in;
    bool scalars = true;
    for (int id : n.inputs) {
      auto v = scalar_value(g.nodes[static_cast<std::size_t>(id)].value);
      scalars = scalars && v.has_value();
      in.push_back(v.value_or(0.0));
    }
    for (std::size_t k = 0; k < n.inputs.size(); ++k)
      g.edges.push_back({n.inputs[k], n.id, k, scalars ? local_derivative(n.op, in, k) : std::nullopt});
  }
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
