#include "tracegrad/viewer.hpp"

#include <fmt/format.h>

#include "tracegrad/explain.hpp"
#include "tracegrad/trace_read.hpp"
#include "viewer_assets.hpp"

namespace tracegrad {

namespace {

const ordered_json& steps_of(const NamedTrace& t) { return trace_steps(t.trace, t.where); }

ordered_json step_view(const NamedTrace& t, std::size_t i) {
  const auto& s = steps_of(t)[i];
  if (!s.is_object()) throw TraceError(fmt::format("{}: /steps/{}: expected an object", t.where, i));
  ordered_json graph = nullptr;
  if (s.contains("nodes")) graph = graph_view(read_step_graph(s["nodes"], fmt::format("{}: /steps/{}/nodes", t.where, i)), s["nodes"]);
  return {{"step", i},
          {"loss", s.value("loss", ordered_json(nullptr))},
          {"updates", s.value("updates", ordered_json::array())},
          {"notes", s.value("notes", ordered_json::array())},
          {"graph", graph}};
}

ordered_json trace_view(const NamedTrace& t) {
  ordered_json steps = ordered_json::array();
  for (std::size_t i = 0; i < steps_of(t).size(); ++i) steps.push_back(step_view(t, i));
  const ordered_json final = t.trace.value("final", ordered_json::object());
  return {{"name", run_name(t.trace)},
          {"run", t.trace.value("run", "")},
          {"title", t.trace.value("title", "")},
          {"slides", t.trace.value("slides", "")},
          {"config", t.trace.value("config", ordered_json::object())},
          {"steps", steps},
          {"final", {{"loss", final.value("loss", ordered_json(nullptr))},
                     {"notes", final.value("notes", ordered_json::array())}}}};
}

// JSON inside <script>: "<" only occurs inside strings, where \u003c means the same, so no
// "</script>" or "<!--" can end the block early.
std::string script_safe(const std::string& json) {
  std::string out;
  for (char c : json) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

void replace_marker(std::string& page, std::string_view marker, const std::string& text) {
  auto at = page.find(marker);
  if (at == std::string::npos) throw std::logic_error(fmt::format("viewer page: no {} in the template", marker));
  page.replace(at, marker.size(), text);
}

}  // namespace

ordered_json graph_view(const StepGraph& graph, const ordered_json& trace_nodes) {
  ordered_json nodes = ordered_json::array(), edges = ordered_json::array();
  for (const auto& n : graph.nodes)
    nodes.push_back({{"id", n.id}, {"op", n.op}, {"name", n.name}, {"role", n.role}, {"col", n.column},
                     {"row", n.row}, {"value", value_text(n.value)},
                     {"grad", n.grad.is_null() ? ordered_json(nullptr) : ordered_json(value_text(n.grad))}});
  for (const auto& e : graph.edges) {
    ordered_json edge = {{"from", e.from}, {"to", e.to}, {"local", nullptr}, {"upstream", nullptr}, {"flow", nullptr}};
    // The local derivative the run multiplied in (trace v2's "local"), never one worked out here.
    const ordered_json& node = trace_nodes[static_cast<std::size_t>(e.to)];
    const ordered_json local = node.contains("local") && node["local"].is_array() && e.k < node["local"].size()
                                   ? node["local"][e.k] : ordered_json();
    if (!local.is_null()) edge["local"] = value_text(local);
    const ordered_json& upstream = graph.nodes[static_cast<std::size_t>(e.to)].grad;
    if (auto g = scalar_value(upstream), l = scalar_value(local); g && l) {
      edge["upstream"] = show(*g);
      edge["flow"] = show(*g * *l);  // ∂L/∂input += upstream ∂L/∂node × local ∂node/∂input
    }
    edges.push_back(edge);
  }
  return {{"columns", graph.columns}, {"nodes", nodes}, {"edges", edges}};
}

ordered_json viewer_data(const std::vector<NamedTrace>& traces) {
  ordered_json runs = ordered_json::array();
  for (const auto& t : traces) runs.push_back(trace_view(t));
  return {{"traces", runs}, {"gd", gd_plot(traces)}};
}

std::string viewer_page(const std::vector<NamedTrace>& traces) {
  ordered_json data = viewer_data(traces);
  std::string title = traces.size() == 1 ? traces[0].trace.value("title", "tracegrad") : traces[0].trace.value("lesson", "tracegrad");
  std::string page(viewer_assets::page_html);
  replace_marker(page, "<!--tracegrad:marker-->", std::string(page_marker));
  replace_marker(page, "<!--tracegrad:title-->", html_escape(title));
  replace_marker(page, "/*tracegrad:style*/", std::string(viewer_assets::page_css));
  replace_marker(page, "/*tracegrad:data*/", script_safe(data.dump()));
  std::string scripts;
  for (std::string_view script : viewer_assets::page_scripts) scripts += script;
  replace_marker(page, "/*tracegrad:script*/", scripts);
  return page;
}

}  // namespace tracegrad
