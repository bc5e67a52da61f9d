#include "tracegrad/trace_compare.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "recorder.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad {

using detail::Place;
using detail::plural;
using detail::Recorder;

std::string Difference::describe() const {
  std::string line = fmt::format("{}{}{}: expected {}, actual {}", place, place.empty() ? "" : ", ", field, expected, actual);
  if (!std::isnan(rel_err)) line += fmt::format(" (relative error {:.3g})", rel_err);
  return line;
}

std::string Comparison::summary() const {
  std::string_view node = structural ? "named node" : "node";
  std::string text = fmt::format("{}, {}, {}, {}", plural(steps, "step"), plural(nodes, node),
                                 plural(numbers, "number"), plural(updates, "update"));
  if (final_nodes > 0) text += fmt::format(", the final pass ({})", plural(final_nodes, node));
  return text;
}

namespace {

// --match ids: node k of one trace against node k of the other (the creation order).
class IdComparer : Recorder {
 public:
  using Recorder::Recorder;

  void traces(const ordered_json& e, const ordered_json& a) {
    top_level(e, a);
    std::size_t n = step_count(e, a);
    for (std::size_t i = 0; i < n; ++i) step(e["steps"][i], a["steps"][i], i);
    graph(e["final"], a["final"], {"/final", "final pass"}, /*with_grads=*/false, out_.final_nodes);
  }

 private:
  std::vector<bool> value_differs_, grad_differs_;  // per node of the graph being compared
  std::vector<std::vector<std::size_t>> users_;      // per node: the nodes that read it, once each
  std::size_t first_value_differs_ = 0;              // the first node whose value differs, or the count

  void step(const ordered_json& e, const ordered_json& a, std::size_t i) {
    ++out_.steps;
    Place p{fmt::format("/steps/{}", i), fmt::format("step {}", i)};
    graph(e, a, p, /*with_grads=*/true, out_.nodes);
    const auto &eu = e["updates"], &au = a["updates"];
    if (eu.size() != au.size()) add(p.where + "/updates", p.text, "updates", plural(eu.size(), "update"), plural(au.size(), "update"));
    for (std::size_t k = 0; k < std::min(eu.size(), au.size()); ++k) {
      ++out_.updates;
      std::string param = eu[k]["param"].get<std::string>();
      Place up{fmt::format("{}/updates/{}", p.where, k), fmt::format("{}, update of {}", p.text, param)};
      if (!same(eu[k]["param"], au[k]["param"], up, "param")) continue;
      for (auto field : {"before", "grad", "after"}) numbers(eu[k][field], au[k][field], up, field);
    }
  }

  static Place node_place(const Place& graph, const ordered_json& n, std::size_t id) {
    return Recorder::node_place(graph, node_name(n), n["op"], id);
  }

  // Structure and forward values by id, the loss, then the gradients from the last node back.
  void graph(const ordered_json& e, const ordered_json& a, const Place& p, bool with_grads, std::size_t& counted) {
    if (!both_graphs(e, a, p)) return;
    const auto &en = e["nodes"], &an = a["nodes"];
    std::size_t n = std::min(en.size(), an.size());
    if (en.size() != an.size()) add(p.where + "/nodes", p.text, "nodes", plural(en.size(), "node"), plural(an.size(), "node"));
    value_differs_.assign(n, false);
    grad_differs_.assign(n, false);
    users_.assign(n, {});
    for (std::size_t j = 0; j < n; ++j)
      for (const auto& i : en[j]["inputs"]) {
        auto& u = users_[std::min(i.get<std::size_t>(), n - 1)];
        if (u.empty() || u.back() != j) u.push_back(j);
      }
    for (std::size_t k = 0; k < n; ++k) {
      ++counted;
      Place np = node_place(p, en[k], k);
      for (auto field : {"op", "inputs", "role"}) same(en[k][field], an[k][field], np, field);
      if (node_name(en[k]) != node_name(an[k])) add(np.where + "/name", np.text, "name", show_json(node_name(en[k])), show_json(node_name(an[k])));
      same(en[k].value("shape", ordered_json()), an[k].value("shape", ordered_json()), np, "shape");
      value_differs_[k] = !numbers(en[k]["value"], an[k]["value"], np, "value");
      // The local derivatives, like values; a trace read from version 1 has none on a tensor op.
      if (en[k].contains("local") && an[k].contains("local")) numbers(en[k]["local"], an[k]["local"], np, "local");
    }
    numbers(e["loss"], a["loss"], p, "loss");
    if (!with_grads) return;
    first_value_differs_ = static_cast<std::size_t>(
        std::find(value_differs_.begin(), value_differs_.end(), true) - value_differs_.begin());
    for (std::size_t k = n; k-- > 0;) {
      if (!en[k].contains("grad")) continue;
      Place np = node_place(p, en[k], k);
      if (!an[k].contains("grad")) {
        add(np.where + "/grad", np.text, "grad", show_json(en[k]["grad"]), "(missing)");
        continue;
      }
      grad_differs_[k] = !numbers(en[k]["grad"], an[k]["grad"], np, "grad", diagnose(en, k));
    }
  }

  // Why a gradient differs: the forward pass already parted, or only the backward pass.
  std::string diagnose(const ordered_json& nodes, std::size_t k) const {
    std::vector<std::size_t> near{k};  // the node itself and its inputs
    for (const auto& i : nodes[k]["inputs"]) near.push_back(i.get<std::size_t>());
    for (std::size_t i : near)
      if (i < value_differs_.size() && value_differs_[i])
        return fmt::format("forward error: the value of node {}{} already differs", i, i == k ? " itself" : ", its input,");
    if (first_value_differs_ < value_differs_.size())
      return fmt::format("forward error: the forward pass already parted at node {}'s value", first_value_differs_);
    const auto& users = users_[k];
    bool users_agree = std::none_of(users.begin(), users.end(), [&](std::size_t j) { return grad_differs_[j]; });
    if (!users.empty() && users_agree)
      return fmt::format("backward error: every forward value matches and so do the gradients of its users (node {}): "
                         "look at the local derivatives on the edges into node {} and how they are added up",
                         fmt::join(users, ", node "), k);
    return "backward error: every forward value matches; only the gradients differ";
  }
};

}  // namespace

Comparison compare_traces(const ordered_json& expected, const ordered_json& actual, const Tolerances& tol,
                          std::size_t keep, Match match) {
  Comparison out;
  if (match == Match::ids) IdComparer(tol, keep, out).traces(expected, actual);
  else detail::compare_by_structure(expected, actual, tol, keep, out);
  return out;
}

}  // namespace tracegrad
