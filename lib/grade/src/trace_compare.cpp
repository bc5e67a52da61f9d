#include "tracegrad/trace_compare.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tracegrad/trace_read.hpp"

namespace tracegrad {

std::string Difference::describe() const {
  std::string line = fmt::format("{}{}{}: expected {}, actual {}", place, place.empty() ? "" : ", ", field, expected, actual);
  if (!std::isnan(rel_err)) line += fmt::format(" (relative error {:.3g})", rel_err);
  return line;
}

static std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string Comparison::summary() const {
  std::string text = fmt::format("{}, {}, {}, {}", plural(steps, "step"), plural(nodes, "node"),
                                 plural(numbers, "number"), plural(updates, "update"));
  if (final_nodes > 0) text += fmt::format(", the final pass ({})", plural(final_nodes, "node"));
  return text;
}

namespace {

// Where a number sits, for the people reading the report.
struct Place {
  std::string where;  // JSON pointer of the enclosing object
  std::string text;   // step 0, node 7 "L" (square)
};

class Comparer {
 public:
  Comparer(const Tolerances& tol, std::size_t keep, Comparison& out) : tol_(tol), keep_(keep), out_(out) {}

  void traces(const ordered_json& e, const ordered_json& a) {
    same(e["lesson"], a["lesson"], {"", ""}, "lesson");
    same(e.value("run", ordered_json("")), a.value("run", ordered_json("")), {"", ""}, "run");
    config(e["config"], a["config"]);
    const auto &es = e["steps"], &as = a["steps"];
    if (es.size() != as.size())
      add("/steps", "", "steps", plural(es.size(), "step"), plural(as.size(), "step"));
    for (std::size_t i = 0; i < std::min(es.size(), as.size()); ++i) step(es[i], as[i], i);
    graph(e["final"], a["final"], {"/final", "final pass"}, /*with_grads=*/false, out_.final_nodes);
  }

 private:
  const Tolerances& tol_;
  std::size_t keep_;
  Comparison& out_;
  std::vector<bool> value_differs_, grad_differs_;  // per node of the graph being compared
  std::vector<std::vector<std::size_t>> users_;      // per node: the nodes that read it, once each
  std::size_t first_value_difference_ = 0;           // the first node whose value differs (n: none)

  void add(std::string where, std::string place, std::string field, std::string expected, std::string actual,
           double rel_err = std::numeric_limits<double>::quiet_NaN(), std::string diagnosis = "") {
    ++out_.total;
    if (out_.differences.size() < keep_)
      out_.differences.push_back({std::move(where), std::move(place), std::move(field), std::move(expected),
                                  std::move(actual), rel_err, std::move(diagnosis)});
  }

  bool same(const ordered_json& e, const ordered_json& a, const Place& p, const std::string& field) {
    if (e == a) return true;
    add(p.where + "/" + field, p.text, field, show_json(e), show_json(a));
    return false;
  }

  bool close(double e, double a) const {
    if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
    if (std::isinf(e) || std::isinf(a)) return e == a;
    return std::fabs(a - e) <= tol_.atol + tol_.rtol * std::fabs(e);
  }

  // Two fields holding a number, a tensor's elements or a summary. False when they differ.
  bool numbers(const ordered_json& e, const ordered_json& a, const Place& p, const std::string& field,
               std::string diagnosis = "") {
    std::string where = p.where + "/" + field;
    auto kind = [](const ordered_json& j) { return j.is_array() ? 1 : j.is_object() ? 2 : 0; };
    if (kind(e) != kind(a) || (e.is_array() && e.size() != a.size())) {
      add(where, p.text, field, show_json(e), show_json(a), std::numeric_limits<double>::quiet_NaN(), diagnosis);
      return false;
    }
    if (e.is_structured()) {  // the elements, or the summary's count, min, max, mean, norm
      bool all = true;
      for (auto it = e.begin(); it != e.end(); ++it) {
        std::string key = e.is_array() ? std::to_string(it - e.begin()) : it.key();
        const ordered_json& other = e.is_array() ? a[std::stoul(key)] : a[key];
        all = numbers(*it, other, p, field + "/" + key, diagnosis) && all;
      }
      return all;
    }
    ++out_.numbers;
    double x = read_number(e, where), y = read_number(a, where);
    if (close(x, y)) return true;
    double rel = x == 0 ? std::fabs(y) : std::fabs(y - x) / std::fabs(x);
    add(where, p.text, field, fmt::format("{}", x), fmt::format("{}", y), rel, diagnosis);
    return false;
  }

  void config(const ordered_json& e, const ordered_json& a) {
    Place p{"/config", "config"};
    for (const auto& [key, value] : e.items()) {
      if (!a.contains(key)) add("/config" + pointer_step(key), "config", key, show_json(value), "(missing)");
      else if (key == "set") config_set(value, a["set"]);
      else if (is_trace_number(value) && is_trace_number(a[key])) numbers(value, a[key], p, key);
      else same(value, a[key], p, key);
    }
  }

  void config_set(const ordered_json& e, const ordered_json& a) {
    Place p{"/config/set", "config set"};
    for (const auto& [key, value] : e.items()) {
      if (!a.contains(key)) add("/config/set" + pointer_step(key), p.text, key, show_json(value), "(missing)");
      else numbers(value, a[key], p, key);
    }
  }

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
    std::string name = node_name(n);
    return {fmt::format("{}/nodes/{}", graph.where, id),
            fmt::format("{}, node {}{} ({})", graph.text, id, name.empty() ? "" : " \"" + name + "\"",
                        n["op"].get<std::string>())};
  }

  // Structure and forward values by id, the loss, then the gradients from the last node back.
  void graph(const ordered_json& e, const ordered_json& a, const Place& p, bool with_grads, std::size_t& counted) {
    if (e.contains("nodes") && !a.contains("nodes"))
      add(p.where + "/nodes", p.text, "nodes", "the graph", "none (not kept by --trace-nodes?)");
    if (!e.contains("nodes") || !a.contains("nodes")) {
      numbers(e["loss"], a["loss"], p, "loss");
      return;
    }
    const auto &en = e["nodes"], &an = a["nodes"];
    std::size_t n = std::min(en.size(), an.size());
    if (en.size() != an.size()) add(p.where + "/nodes", p.text, "nodes", plural(en.size(), "node"), plural(an.size(), "node"));
    value_differs_.assign(n, false);
    grad_differs_.assign(n, false);
    for (std::size_t k = 0; k < n; ++k) {
      ++counted;
      Place np = node_place(p, en[k], k);
      for (auto field : {"op", "inputs"}) same(en[k][field], an[k][field], np, field);
      same(node_name(en[k]), node_name(an[k]), np, "name");
      same(en[k]["role"], an[k]["role"], np, "role");
      same(en[k].value("shape", ordered_json()), an[k].value("shape", ordered_json()), np, "shape");
      value_differs_[k] = !numbers(en[k]["value"], an[k]["value"], np, "value");
      // The local derivatives, like values; a trace read from version 1 has none on a tensor op.
      if (en[k].contains("local") && an[k].contains("local")) numbers(en[k]["local"], an[k]["local"], np, "local");
    }
    numbers(e["loss"], a["loss"], p, "loss");
    if (!with_grads) return;
    first_value_difference_ = static_cast<std::size_t>(
        std::find(value_differs_.begin(), value_differs_.end(), true) - value_differs_.begin());
    users_.assign(n, {});
    for (std::size_t j = 0; j < n; ++j)
      for (const auto& i : en[j]["inputs"])
        if (auto& u = users_[i.get<std::size_t>()]; u.empty() || u.back() != j) u.push_back(j);
    for (std::size_t k = n; k-- > 0;) {
      if (!en[k].contains("grad")) continue;
      Place np = node_place(p, en[k], k);
      if (!an[k].contains("grad")) {
        add(np.where + "/grad", np.text, "grad", show_json(en[k]["grad"]), "(missing)");
        continue;
      }
      const std::size_t before = out_.differences.size();
      grad_differs_[k] = !numbers(en[k]["grad"], an[k]["grad"], np, "grad");
      if (!grad_differs_[k]) continue;
      const std::string why = diagnose(en, k);  // only where a gradient differs: O(its edges)
      for (std::size_t d = before; d < out_.differences.size(); ++d) out_.differences[d].diagnosis = why;
    }
  }

  // Why a gradient differs: the forward pass already parted, or only the backward pass.
  std::string diagnose(const ordered_json& nodes, std::size_t k) const {
    std::vector<std::size_t> near{k};  // the node itself and its inputs
    for (const auto& i : nodes[k]["inputs"]) near.push_back(i.get<std::size_t>());
    for (std::size_t i : near)
      if (i < value_differs_.size() && value_differs_[i])
        return fmt::format("forward error: the value of node {}{} already differs", i, i == k ? " itself" : ", its input,");
    if (first_value_difference_ < value_differs_.size())
      return fmt::format("forward error: the forward pass already parted at node {}'s value", first_value_difference_);
    const std::vector<std::size_t>& users = users_[k];
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
                          std::size_t keep) {
  Comparison out;
  Comparer(tol, keep, out).traces(expected, actual);
  return out;
}

}  // namespace tracegrad
