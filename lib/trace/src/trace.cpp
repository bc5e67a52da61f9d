#include "tracegrad/trace.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace tracegrad {

ordered_json trace_number(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x;  // nlohmann writes the shortest text that reads back to the same double
}

// A tensor's elements in row-major order, or, past max_elements, a summary of them.
ordered_json trace_tensor(std::span<const double> xs, std::size_t max_elements) {
  if (xs.size() <= max_elements) {
    ordered_json all = ordered_json::array();
    for (double x : xs) all.push_back(trace_number(x));
    return all;
  }
  double lo = xs[0], hi = xs[0], sum = 0, squares = 0;
  for (double x : xs) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    sum += x;
    squares += x * x;
  }
  ordered_json s;
  s["count"] = xs.size();
  s["min"] = trace_number(lo);
  s["max"] = trace_number(hi);
  s["mean"] = trace_number(sum / static_cast<double>(xs.size()));
  s["norm"] = trace_number(std::sqrt(squares));  // ‖x‖₂
  return s;
}

// ∂node/∂input[k] as the engine recorded it: a number, or {"shape", "value"} for a tensor.
static ordered_json local_entry(const Tape& tape, NodeId id, std::size_t k, std::size_t max_elements) {
  Tensor d = tape.local_derivative(id, k);
  if (d.shape.empty()) return trace_number(d.data[0]);
  ordered_json j;
  j["shape"] = d.shape;
  j["value"] = trace_tensor(d.data, max_elements);
  return j;
}

ordered_json trace_node(const Tape& tape, NodeId id, bool with_grad, std::size_t max_elements,
                        std::span<const double> scalar_grads) {
  const Node& n = tape.node(id);
  std::span<const NodeId> ins = tape.inputs(id);  // a tensor op may have three
  ordered_json j;
  j["id"] = id;
  j["op"] = op_name(n.op);
  j["name"] = tape.name_of(id);
  j["role"] = role_name(n.role);
  j["inputs"] = ordered_json(std::vector<NodeId>(ins.begin(), ins.end()));
  // Numbers in a formula need no gradient: a constant has none. No gradient flows into data
  // and labels either: their tensors have none.
  with_grad = with_grad && n.role != Role::constant;
  if (!tape.is_tensor(id)) {
    j["value"] = trace_number(n.value);
    if (with_grad) j["grad"] = trace_number(scalar_grads.empty() ? tape.grad(id) : scalar_grads[static_cast<std::size_t>(id)]);
  } else {
    j["shape"] = tape.shape(id);
    j["value"] = trace_tensor(tape.values(id), max_elements);
    if (with_grad && !tape.tensor_grad(id).empty()) j["grad"] = trace_tensor(tape.tensor_grad(id), max_elements);
  }
  if (ins.empty()) return j;
  ordered_json local = ordered_json::array();
  for (std::size_t k = 0; k < ins.size(); ++k) local.push_back(local_entry(tape, id, k, max_elements));
  j["local"] = std::move(local);
  return j;
}

ordered_json Trace::graph(const Tape& tape, bool with_grad, std::span<const double> scalar_grads) const {
  ordered_json nodes = ordered_json::array();
  for (std::size_t i = 0; i < tape.size(); ++i)
    nodes.push_back(trace_node(tape, static_cast<NodeId>(i), with_grad, max_elements_, scalar_grads));
  return nodes;
}

Trace::Trace(std::string_view lesson, std::string_view title, std::string_view slides, std::string_view run) {
  json_["format"] = "tracegrad-trace";
  json_["version"] = 2;
  json_["lesson"] = lesson;
  if (!run.empty()) json_["run"] = run;
  json_["title"] = title;
  json_["slides"] = slides;
  json_["config"] = ordered_json::object();
  json_["steps"] = ordered_json::array();
  json_["final"] = ordered_json::object();
}

void Trace::begin_step(bool keep_nodes) {
  ordered_json step;
  step["step"] = json_["steps"].size();
  if (keep_nodes) step["nodes"] = ordered_json::array();
  step["loss"] = nullptr;  // set_loss fills it; keeps the key in its place
  step["updates"] = ordered_json::array();
  step["notes"] = std::move(pending_);  // notes given before the first step
  pending_ = ordered_json::array();
  json_["steps"].push_back(std::move(step));
}

ordered_json& Trace::current() {
  if (json_["steps"].empty()) throw std::logic_error("trace: no step begun");
  return json_["steps"].back();
}

void Trace::set_graph(const Tape& tape) {
  ordered_json& step = current();
  if (step.contains("nodes")) step["nodes"] = graph(tape, tape.has_gradients());
}

void Trace::set_graph(const Tape& tape, std::span<const double> grads) {
  if (grads.size() != tape.size()) throw std::invalid_argument("trace: one gradient per node of the tape needed");
  ordered_json& step = current();
  if (step.contains("nodes")) step["nodes"] = graph(tape, true, grads);
}

void Trace::set_loss(double loss) { current()["loss"] = trace_number(loss); }

void Trace::add_update(std::string_view param, double before, double grad, double after) {
  push_update(param, trace_number(before), trace_number(grad), trace_number(after));
}

void Trace::add_update(std::string_view param, std::span<const double> before, std::span<const double> grad,
                       std::span<const double> after) {
  push_update(param, trace_tensor(before, max_elements_), trace_tensor(grad, max_elements_),
             trace_tensor(after, max_elements_));
}

void Trace::push_update(std::string_view param, ordered_json before, ordered_json grad, ordered_json after) {
  ordered_json u;
  u["param"] = param;
  u["before"] = std::move(before);
  u["grad"] = std::move(grad);
  u["after"] = std::move(after);
  current()["updates"].push_back(std::move(u));
}

void Trace::note(std::string_view text) {
  if (!finished_ && json_["steps"].empty()) return pending_.push_back(text);
  ordered_json& where = finished_ ? json_["final"] : current();
  if (!where.contains("notes")) where["notes"] = ordered_json::array();
  where["notes"].push_back(text);
}

void Trace::finish(const Tape& tape, double loss) {
  ordered_json& final = json_["final"];
  final["nodes"] = graph(tape, false);
  final["loss"] = trace_number(loss);
  if (!pending_.empty()) final["notes"] = std::move(pending_);  // a run without steps
  pending_ = ordered_json::array();
  finished_ = true;
}

// Pretty JSON, but an object or array holding only numbers, strings or arrays of them sits on
// one line: one node per line, so a trace reads (and diffs) like a table.
static bool is_flat(const ordered_json& j) {
  if (!j.is_structured()) return true;
  if (j.is_array() && j.size() > 1 && j[0].is_string()) return false;  // notes: one per line
  for (const auto& v : j)
    if (v.is_object() || (v.is_array() && !std::all_of(v.begin(), v.end(), [](auto& e) { return e.is_primitive(); })))
      return false;
  return true;
}

static void write_json(std::string& out, const ordered_json& j, int indent) {
  if (is_flat(j)) {
    out += j.dump();
    return;
  }
  std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  bool object = j.is_object();
  out += object ? "{\n" : "[\n";
  bool first = true;
  for (auto it = j.begin(); it != j.end(); ++it) {
    out += first ? "" : ",\n";
    first = false;
    out += pad;
    if (object) out.append(ordered_json(it.key()).dump()).append(": ");
    write_json(out, it.value(), indent + 2);
  }
  out.append("\n").append(static_cast<std::size_t>(indent), ' ').append(object ? "}" : "]");
}

// A step as dump() writes it inside "steps": its text, then ",\n" and the next one's indent.
static std::size_t step_bytes(const ordered_json& step) {
  std::string out;
  write_json(out, step, 4);
  return out.size() + 6;
}

// Every number (and "nan", "inf", "-inf") as 0, the shortest a number can be written.
static void zero_numbers(ordered_json& j) {
  if (j.is_number() || j == "nan" || j == "inf" || j == "-inf") j = 0;
  else if (j.is_structured())
    for (auto& v : j) zero_numbers(v);
}

std::size_t Trace::least_bytes(std::size_t steps) const {
  const ordered_json& all = json_["steps"];
  for (; counted_steps_ + 1 < all.size(); ++counted_steps_) counted_bytes_ += step_bytes(all[counted_steps_]);
  std::size_t bytes = counted_bytes_;
  if (all.empty() || steps < all.size()) return bytes;
  ordered_json least = all.back();
  least.erase("nodes");
  least["notes"] = ordered_json::array();
  zero_numbers(least);  // "step": 0 too; the digits past the first are added below
  const std::size_t each = step_bytes(least);
  for (std::size_t k = all.size() - 1; k < steps; ++k) bytes += each + std::to_string(k).size() - 1;
  return bytes;
}

std::string Trace::dump() const {
  std::string out;
  write_json(out, json_, 0);
  return out + "\n";
}

}  // namespace tracegrad
