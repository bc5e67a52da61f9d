#include "recorder.hpp"

#include <cmath>

#include <fmt/format.h>

#include "tracegrad/trace_read.hpp"

namespace tracegrad::detail {

std::string plural(std::size_t n, std::string_view word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

void Recorder::add(std::string where, std::string place, std::string field, std::string expected, std::string actual,
                   double rel_err, std::string diagnosis) {
  ++out_.total;
  if (out_.differences.size() < keep_)
    out_.differences.push_back({std::move(where), std::move(place), std::move(field), std::move(expected),
                                std::move(actual), rel_err, std::move(diagnosis)});
}

bool Recorder::same(const ordered_json& e, const ordered_json& a, const Place& p, const std::string& field) {
  if (e == a) return true;
  add(p.where + "/" + field, p.text, field, show_json(e), show_json(a));
  return false;
}

bool Recorder::close(double e, double a) const {
  if (std::isnan(e) || std::isnan(a)) return std::isnan(e) && std::isnan(a);
  if (std::isinf(e) || std::isinf(a)) return e == a;
  return std::fabs(a - e) <= tol_.atol + tol_.rtol * std::fabs(e);
}

bool Recorder::numbers(const ordered_json& e, const ordered_json& a, const Place& p, const std::string& field,
                       const std::string& diagnosis, bool record) {
  std::string where = p.where + "/" + field;
  auto kind = [](const ordered_json& j) { return j.is_array() ? 1 : j.is_object() ? 2 : 0; };
  if (kind(e) != kind(a) || (e.is_array() && e.size() != a.size()) || (e.is_object() && e.size() != a.size())) {
    if (record) add(where, p.text, field, show_json(e), show_json(a), std::numeric_limits<double>::quiet_NaN(), diagnosis);
    return false;
  }
  if (e.is_structured()) {  // the elements, or the summary's count, min, max, mean, norm
    bool all = true;
    for (auto it = e.begin(); it != e.end(); ++it) {
      std::string key = e.is_array() ? std::to_string(it - e.begin()) : it.key();
      if (e.is_object() && !a.contains(key)) return record ? (add(where, p.text, field, show_json(e), show_json(a)), false) : false;
      const ordered_json& other = e.is_array() ? a[std::stoul(key)] : a[key];
      all = numbers(*it, other, p, field + "/" + key, diagnosis, record) && all;
    }
    return all;
  }
  if (record) ++out_.numbers;
  double x = read_number(e, where), y = read_number(a, where);
  if (close(x, y)) return true;
  double rel = x == 0 ? std::fabs(y) : std::fabs(y - x) / std::fabs(x);
  if (record) add(where, p.text, field, fmt::format("{}", x), fmt::format("{}", y), rel, diagnosis);
  return false;
}

void Recorder::top_level(const ordered_json& e, const ordered_json& a) {
  same(e["lesson"], a["lesson"], {"", ""}, "lesson");
  same(e.value("run", ordered_json("")), a.value("run", ordered_json("")), {"", ""}, "run");
  config(e["config"], a["config"]);
}

Place Recorder::node_place(const Place& graph, const std::string& name, const ordered_json& op, std::size_t id) {
  return {fmt::format("{}/nodes/{}", graph.where, id),
          fmt::format("{}, node {}{} ({})", graph.text, id, name.empty() ? "" : " \"" + name + "\"", op.get<std::string>())};
}

bool Recorder::both_graphs(const ordered_json& e, const ordered_json& a, const Place& p) {
  if (e.contains("nodes") && !a.contains("nodes"))
    add(p.where + "/nodes", p.text, "nodes", "the graph", "none (not kept by --trace-nodes?)");
  if (e.contains("nodes") && a.contains("nodes")) return true;
  numbers(e["loss"], a["loss"], p, "loss");
  return false;
}

std::size_t Recorder::step_count(const ordered_json& e, const ordered_json& a) {
  const auto &es = e["steps"], &as = a["steps"];
  if (es.size() != as.size()) add("/steps", "", "steps", plural(es.size(), "step"), plural(as.size(), "step"));
  return std::min(es.size(), as.size());
}

void Recorder::config(const ordered_json& e, const ordered_json& a) {
  Place p{"/config", "config"};
  for (const auto& [key, value] : e.items()) {
    if (key == "picture") continue;  // what the viewer draws (traces/README.md, "Pictures"), not a setting of the run
    if (!a.contains(key)) add("/config" + pointer_step(key), "config", key, show_json(value), "(missing)");
    else if (key == "set") config_set(value, a["set"]);
    else if (is_trace_number(value) && is_trace_number(a[key])) numbers(value, a[key], p, key);
    else same(value, a[key], p, key);
  }
}

void Recorder::config_set(const ordered_json& e, const ordered_json& a) {
  Place p{"/config/set", "config set"};
  for (const auto& [key, value] : e.items()) {
    if (!a.contains(key)) add("/config/set" + pointer_step(key), p.text, key, show_json(value), "(missing)");
    else numbers(value, a[key], p, key);
  }
}

}  // namespace tracegrad::detail
