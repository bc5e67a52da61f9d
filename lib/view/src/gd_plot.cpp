// Spotting the gradient-descent lessons by the shape of their graph, and collecting the
// iterates x₀, x₁, … (or (x, y) pairs) from the updates, one run per trace.
#include <algorithm>
#include <cmath>

#include "tracegrad/trace_read.hpp"
#include "tracegrad/viewer.hpp"

namespace tracegrad {

namespace {

// The param leaf squared by node `id` (square(x), x * x or pow(x, 2)), or "" when it is not that.
std::string squared_param(const StepGraph& g, int id) {
  const GraphNode& n = g.nodes[static_cast<std::size_t>(id)];
  auto node = [&](std::size_t k) -> const GraphNode& { return g.nodes[static_cast<std::size_t>(n.inputs[k])]; };
  bool squares = (n.op == "square" && n.inputs.size() == 1) ||
                 (n.op == "mul" && n.inputs.size() == 2 && n.inputs[0] == n.inputs[1]) ||
                 (n.op == "pow" && n.inputs.size() == 2 && scalar_value(node(1).value) == 2.0);
  return squares && node(0).role == "param" ? node(0).name : "";
}

ordered_json config_of(const NamedTrace& t) {
  ordered_json config = t.trace.value("config", ordered_json::object());
  return config.is_object() ? config : ordered_json::object();
}

// ["x"] for L = x², ["x", "y"] for L = x² + y², {} for anything else.
std::vector<std::string> gd_params(const NamedTrace& t) {
  auto step = first_graph_step(t.trace);
  if (!step) return {};
  StepGraph g = read_step_graph(trace_steps(t.trace, t.where)[*step]["nodes"], t.where + ": /steps/" + std::to_string(*step) + "/nodes");
  if (g.nodes.empty()) return {};
  const GraphNode& loss = g.nodes.back();
  if (std::string p = squared_param(g, loss.id); !p.empty()) return {p};
  if (loss.op != "add" || loss.inputs.size() != 2) return {};
  std::string p = squared_param(g, loss.inputs[0]), q = squared_param(g, loss.inputs[1]);
  if (p.empty() || q.empty() || p == q) return {};
  return {p, q};
}

// The value of param p before each step's update, then after the last one.
std::vector<double> iterates(const NamedTrace& t, const std::string& p) {
  std::vector<double> xs;
  const auto& steps = trace_steps(t.trace, t.where);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::string where = t.where + ": /steps/" + std::to_string(i) + "/updates";
    const ordered_json updates = steps[i].is_object() ? steps[i].value("updates", ordered_json::array()) : ordered_json();
    if (!updates.is_array()) throw TraceError(where + ": expected an array");
    for (const auto& u : updates)
      if (u.is_object() && u.value("param", "") == p) {
        if (xs.empty()) xs.push_back(read_number(u.value("before", ordered_json()), where + "/before"));
        xs.push_back(read_number(u.value("after", ordered_json()), where + "/after"));
      }
  }
  const ordered_json set = config_of(t).value("set", ordered_json::object());
  if (xs.empty() && set.is_object() && set.contains(p)) xs.push_back(read_number(set[p], t.where + ": /config/set"));
  return xs;
}

}  // namespace

ordered_json gd_plot(const std::vector<NamedTrace>& traces) {
  if (traces.empty()) return nullptr;
  std::vector<std::string> params = gd_params(traces[0]);
  if (params.empty()) return nullptr;
  ordered_json runs = ordered_json::array();
  double reach = 0;
  ordered_json domain = nullptr;
  for (const auto& t : traces) {
    if (gd_params(t) != params) return nullptr;
    std::vector<std::vector<double>> axes;
    for (const auto& p : params) axes.push_back(iterates(t, p));
    std::size_t n = std::min_element(axes.begin(), axes.end(), [](auto& a, auto& b) { return a.size() < b.size(); })->size();
    ordered_json points = ordered_json::array();
    for (std::size_t i = 0; i < n; ++i) {
      ordered_json point = ordered_json::array();
      for (const auto& a : axes) point.push_back(trace_number(a[i]));
      points.push_back(point);
      if (i == 0)
        for (const auto& a : axes) reach = std::max(reach, std::fabs(a[0]));
    }
    const ordered_json config = config_of(t);
    if (config.contains("domain") && config["domain"].is_array() && config["domain"].size() == 2) domain = config["domain"];
    runs.push_back({{"name", t.trace.value("run", t.trace.value("lesson", ""))},
                    {"lr", config.contains("lr") ? config["lr"] : ordered_json(nullptr)},
                    {"points", points}});
  }
  if (domain.is_null()) domain = {-1.2 * reach - 1, 1.2 * reach + 1};  // around where the runs start
  return {{"kind", params.size() == 1 ? "parabola" : "contour"}, {"params", params}, {"domain", domain}, {"runs", runs}};
}

}  // namespace tracegrad
