#define BOOST_TEST_MODULE viewer
#include <boost/test/unit_test.hpp>

#include <string>

#include "tracegrad/dot.hpp"
#include "tracegrad/trace_read.hpp"
#include "tracegrad/tracegrad.hpp"
#include "tracegrad/viewer.hpp"

namespace tg = tracegrad;
using boost::test_tools::tolerance;

namespace {

tg::ordered_json linear_regression() { return tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/linear_regression.json"); }

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Gradient descent on L = x² (or x² + y²) from x0 (and y0): a trace like the gd lessons write.
tg::ordered_json gd_trace(double lr, int steps, bool two) {
  tg::Trace trace("gd", "gradient descent", "4-9", "lr" + std::to_string(lr));
  trace.config()["lr"] = lr;
  tg::Tape tape;
  auto x = tape.param("x", 99.0);
  auto y = tape.param("y", 4.0);
  auto leaves = tape.mark();
  for (int s = 0; s < steps; ++s) {
    tape.rewind(leaves);
    auto L = two ? tg::square(x) + tg::pow(y, 2) : x * x;  // the shapes of x² a lesson may write
    L.backward();
    trace.begin_step(s == 0);
    trace.set_graph(tape);
    trace.set_loss(L.value());
    for (auto* v : {&x, &y}) {
      if (!two && v == &y) continue;
      double before = v->value(), grad = v->grad();
      v->set_value(before - lr * grad);
      trace.add_update(v->name(), before, grad, v->value());
    }
  }
  trace.finish(tape, x.value() * x.value());
  return trace.json();
}

}  // namespace

BOOST_AUTO_TEST_CASE(dot_has_every_node_its_values_and_the_local_derivatives) {
  std::string dot = tg::trace_dot(linear_regression(), 0, "lr.json");
  BOOST_TEST(dot.starts_with("digraph tracegrad {"));
  BOOST_TEST(dot.find("rankdir=LR") != std::string::npos);
  BOOST_TEST(dot.find("y_hat   add\nvalue -2.238\ngrad -22.676") != std::string::npos);
  BOOST_TEST(dot.find("w   param\nvalue -0.34\ngrad -151.9292") != std::string::npos);
  BOOST_TEST(dot.find("n2 -> n4 [label=\"local 6.7\"]") != std::string::npos);
  BOOST_TEST(dot.find("fillcolor=\"#f8d7da\"") != std::string::npos);  // the loss, red
  BOOST_TEST(dot.find("{ rank=same; n0; n2; }") != std::string::npos);
  BOOST_TEST(count(dot, " -> ") == 7u);
}

BOOST_AUTO_TEST_CASE(dot_escapes_quotes_and_names_missing_steps) {
  tg::Tape t;
  auto a = t.param("a\"b", 2.0);
  auto L = tg::square(a);
  L.backward();
  tg::ordered_json nodes = {tg::trace_node(t, 0, true), tg::trace_node(t, 1, true)};
  std::string dot = tg::graph_dot(tg::read_step_graph(nodes, "t"), "title");
  BOOST_TEST(dot.find("label=\"a\\\"b   param") != std::string::npos);
  auto trace = gd_trace(0.1, 3, false);
  BOOST_CHECK_THROW(tg::trace_dot(trace, 7, "gd.json"), tg::TraceError);
  try {
    tg::trace_dot(trace, 2, "gd.json");
    BOOST_FAIL("step 2 has no nodes");
  } catch (const tg::TraceError& e) {
    BOOST_TEST(std::string(e.what()) == "gd.json: step 2 kept no nodes (--trace-nodes); step 0 did");
  }
}

BOOST_AUTO_TEST_CASE(graph_view_shows_what_flows_back_on_each_edge) {
  auto trace = linear_regression();
  auto& nodes = trace["steps"][0]["nodes"];
  nodes[4]["local"] = {6.7, -0.34};  // trace v2: ∂(w·x)/∂w = x, ∂/∂x = w, as the run used them
  auto view = tg::graph_view(tg::read_step_graph(nodes, "lr"), nodes);
  BOOST_TEST(view["columns"] == 5);
  const auto& w_edge = view["edges"][0];  // w → mul
  BOOST_TEST(w_edge["local"] == "6.7");
  BOOST_TEST(w_edge["upstream"] == "-22.676");
  BOOST_TEST(w_edge["flow"] == "-151.9292");  // (−22.676) × 6.7 = ∂L/∂w
  BOOST_TEST(view["nodes"][5]["value"] == "-2.238");
  BOOST_TEST(view["nodes"][5]["name"] == "y_hat");
}

BOOST_AUTO_TEST_CASE(the_page_and_dot_show_the_recorded_local_derivative_a_tensor_one_too) {
  auto trace = linear_regression();
  trace["steps"][0]["nodes"][4]["local"][1] = 7.0;  // not what the rule gives: the trace is what is shown
  auto graph = tg::read_step_graph(trace["steps"][0]["nodes"], "lr");
  auto view = tg::graph_view(graph, trace["steps"][0]["nodes"]);
  BOOST_TEST(view["edges"][1]["local"] == "7");
  BOOST_TEST(view["edges"][1]["flow"] == "-158.732");  // 7 × (−22.676)
  BOOST_TEST(tg::graph_dot(graph, "t").find("n0 -> n4 [label=\"local 7\"]") != std::string::npos);
  auto vec = tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/vectorized-logistic.json");
  auto vec_view = tg::graph_view(tg::read_step_graph(vec["steps"][0]["nodes"], "vec"), vec["steps"][0]["nodes"]);
  bool dot_edge = false;
  for (const auto& e : vec_view["edges"])
    if (vec_view["nodes"][e["to"].get<std::size_t>()]["op"] == "dot") {
      dot_edge = true;
      BOOST_TEST(e["local"].get<std::string>().starts_with("["));  // ∂(θᵀx)/∂θ = x: a vector
      BOOST_TEST(e["flow"].is_null());  // no single number flows back on a vector edge
    }
  BOOST_TEST(dot_edge);
}

BOOST_AUTO_TEST_CASE(gradient_descent_on_x_squared_is_a_parabola_plot) {
  std::vector<tg::NamedTrace> runs{{gd_trace(0.1, 3, false), "a"}, {gd_trace(1.1, 3, false), "b"}};
  auto plot = tg::gd_plot(runs);
  BOOST_REQUIRE(!plot.is_null());
  BOOST_TEST(plot["kind"] == "parabola");
  BOOST_TEST(plot["params"][0] == "x");
  BOOST_REQUIRE(plot["runs"].size() == 2u);
  const auto& slow = plot["runs"][0]["points"];  // 99, 79.2, 63.36, 50.688 (slide 4)
  BOOST_REQUIRE(slow.size() == 4u);
  BOOST_TEST(slow[1][0].get<double>() == 79.2, tolerance(1e-12));
  BOOST_TEST(slow[3][0].get<double>() == 50.688, tolerance(1e-12));
  const auto& wild = plot["runs"][1]["points"];  // 99, −118.8, 142.56 (slide 7)
  BOOST_TEST(wild[1][0].get<double>() == -118.8, tolerance(1e-12));
  BOOST_TEST(plot["runs"][1]["lr"].get<double>() == 1.1);
  BOOST_TEST(plot["domain"][1].get<double>() == 1.2 * 99 + 1, tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(two_variables_are_a_contour_plot_and_other_lessons_none) {
  std::vector<tg::NamedTrace> two{{gd_trace(0.1, 2, true), "c"}};
  auto plot = tg::gd_plot(two);
  BOOST_TEST(plot["kind"] == "contour");
  BOOST_TEST(plot["runs"][0]["points"][1][1].get<double>() == 3.2, tolerance(1e-12));  // y: 4 − 0.1·8
  std::vector<tg::NamedTrace> lr{{linear_regression(), "lr"}};
  BOOST_TEST(tg::gd_plot(lr).is_null());
  std::vector<tg::NamedTrace> mixed{{gd_trace(0.1, 2, false), "a"}, {gd_trace(0.1, 2, true), "c"}};
  BOOST_TEST(tg::gd_plot(mixed).is_null());
}

BOOST_AUTO_TEST_CASE(the_page_is_self_contained_and_holds_the_data) {
  std::vector<tg::NamedTrace> runs{{linear_regression(), "lr"}};
  std::string page = tg::viewer_page(runs);
  BOOST_TEST(page.starts_with("<!DOCTYPE html>"));
  BOOST_TEST(page.find(tg::page_marker) != std::string::npos);
  BOOST_TEST(page.find("-151.9292") != std::string::npos);
  BOOST_TEST(page.find("<title>Linear regression: one stochastic gradient step</title>") != std::string::npos);
  // nothing fetched: no external script, style sheet, image or font
  BOOST_TEST(page.find("src=") == std::string::npos);
  BOOST_TEST(page.find("href=") == std::string::npos);
  BOOST_TEST(page.find("@import") == std::string::npos);
  BOOST_TEST(page.find("url(http") == std::string::npos);
  BOOST_TEST(page.find("default-src 'none'") != std::string::npos);
  BOOST_TEST(page.find("tracegrad:") == std::string::npos);  // every placeholder filled
}

BOOST_AUTO_TEST_CASE(a_label_cannot_end_the_data_block) {
  auto trace = linear_regression();
  trace["steps"][0]["notes"].push_back("</script><script>alert(1)</script> <!--");
  std::vector<tg::NamedTrace> runs{{trace, "lr"}};
  std::string page = tg::viewer_page(runs);
  BOOST_TEST(count(page, "</script>") == 2u);  // the data block's and the script's own
  BOOST_TEST(page.find("alert(1)") != std::string::npos);
  BOOST_TEST(page.find("<!--") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(malformed_traces_are_trace_errors_naming_the_place) {
  auto no_steps = linear_regression();
  no_steps.erase("steps");
  std::vector<tg::NamedTrace> runs{{no_steps, "a.json"}};
  BOOST_CHECK_THROW(tg::viewer_data(runs), tg::TraceError);
  BOOST_CHECK_THROW(tg::trace_dot(no_steps, 0, "a.json"), tg::TraceError);
  auto gd = gd_trace(0.1, 2, false);
  gd["steps"][1]["updates"][0].erase("after");
  std::vector<tg::NamedTrace> broken{{gd, "gd.json"}};
  try {
    tg::viewer_data(broken);
    BOOST_FAIL("an update without \"after\" was accepted");
  } catch (const tg::TraceError& e) {
    BOOST_TEST(std::string(e.what()).starts_with("gd.json: /steps/1/updates/after: expected a number"));
  }
}
