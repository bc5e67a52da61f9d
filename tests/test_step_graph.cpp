#define BOOST_TEST_MODULE step_graph
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "tracegrad/step_graph.hpp"
#include "tracegrad/trace_read.hpp"
#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;
using boost::test_tools::tolerance;

namespace {

// A trace node list of a tape (after backward), as a trace file holds it.
tg::ordered_json nodes_of(const tg::Tape& tape) {
  tg::ordered_json nodes = tg::ordered_json::array();
  for (std::size_t i = 0; i < tape.size(); ++i) nodes.push_back(tg::trace_node(tape, static_cast<tg::NodeId>(i), true));
  return nodes;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_linear_regression_trace_is_laid_out_like_slide_20) {
  auto trace = tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/linear_regression.json");
  auto g = tg::read_step_graph(trace["steps"][0]["nodes"], "linear_regression");
  BOOST_REQUIRE(g.nodes.size() == 8u);
  // x, w | mul, b | add (ŷ), y | sub | L: each leaf just left of its first user
  std::vector<int> columns;
  for (const auto& n : g.nodes) columns.push_back(n.column);
  BOOST_TEST((columns == std::vector<int>{0, 2, 0, 1, 1, 2, 3, 4}));
  BOOST_TEST(g.columns == 5);
  BOOST_TEST(g.nodes[2].row == 1);  // w below x
  BOOST_REQUIRE(g.edges.size() == 7u);
  // w → mul carries ∂(w·x)/∂w = x = 6.7; sub → L carries 2(ŷ − y) = −22.676
  BOOST_TEST(g.edges[0].from == 2);
  BOOST_TEST(g.edges[0].to == 4);
  BOOST_TEST(g.edges[0].local.get<double>() == 6.7, tolerance(1e-15));
  BOOST_TEST(g.edges[1].local.get<double>() == -0.34, tolerance(1e-15));
  BOOST_TEST(g.edges[6].local.get<double>() == -22.676, tolerance(1e-13));
  BOOST_TEST(g.edges[5].local.get<double>() == -1.0, tolerance(0.0));  // sub's second input
}

BOOST_AUTO_TEST_CASE(a_tape_read_back_keeps_ids_inputs_and_gradients) {
  tg::Tape t;
  auto x = t.param("x", 3.0);
  auto L = (x * x).named("L");  // x twice: two edges
  L.backward();
  auto g = tg::read_step_graph(nodes_of(t), "t");
  BOOST_REQUIRE(g.edges.size() == 2u);
  BOOST_TEST(g.edges[0].local.get<double>() == 3.0, tolerance(0.0));
  BOOST_TEST(g.edges[1].local.get<double>() == 3.0, tolerance(0.0));
  BOOST_TEST(g.nodes[0].grad.get<double>() == 6.0, tolerance(0.0));
  BOOST_TEST(g.nodes[1].role == "loss");
}

BOOST_AUTO_TEST_CASE(an_edge_shows_the_local_derivative_the_trace_recorded_not_a_recomputed_one) {
  tg::Tape t;
  auto x = t.param("x", 3.0);
  auto L = tg::square(x).named("L");
  L.backward();
  tg::ordered_json nodes = nodes_of(t);
  nodes[1]["local"][0] = 5.0;  // a student's rule d/da a² = a + 2: the edge shows it
  auto g = tg::read_step_graph(nodes, "t");
  BOOST_TEST(g.edges[0].local.get<double>() == 5.0, tolerance(0.0));
  nodes[1].erase("local");  // a tensor op read from version 1: no local derivative to show
  BOOST_TEST(tg::read_step_graph(nodes, "t").edges[0].local.is_null());
  nodes[1]["local"] = {1.0, 2.0};
  BOOST_CHECK_THROW(tg::read_step_graph(nodes, "t"), tg::TraceError);  // one entry per input
}

BOOST_AUTO_TEST_CASE(a_tensor_edge_carries_its_local_derivative_tensor) {
  auto trace = tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/vectorized-logistic.json");
  auto g = tg::read_step_graph(trace["steps"][0]["nodes"], "vectorized");
  BOOST_REQUIRE(g.nodes[3].op == "dot");  // z = θᵀx: θ is node 2, x node 0
  BOOST_REQUIRE(g.edges.size() >= 2u);
  BOOST_TEST(g.edges[0].from == 2);
  // ∂(θᵀx)/∂θ = x, ∂(θᵀx)/∂x = θ
  BOOST_TEST(g.edges[0].local["shape"] == tg::ordered_json({3}));
  BOOST_TEST(g.edges[0].local["value"][1].get<double>() == 1.4, tolerance(0.0));
  BOOST_TEST(g.edges[1].local["value"][2].get<double>() == -0.1, tolerance(0.0));
  BOOST_TEST(tg::value_text(g.edges[0].local) == "[1, 1.4, 0.2]");
}

BOOST_AUTO_TEST_CASE(broken_node_lists_are_trace_errors) {
  auto node = [](int id, tg::ordered_json inputs) {
    return tg::ordered_json{{"id", id}, {"op", "neg"}, {"name", ""}, {"role", "op"}, {"inputs", inputs}, {"value", 1}};
  };
  auto leaf = tg::ordered_json{{"id", 0}, {"op", "param"}, {"name", "a"}, {"role", "param"}, {"inputs", tg::ordered_json::array()}, {"value", 1}};
  BOOST_CHECK_THROW(tg::read_step_graph(tg::ordered_json::object(), "f"), tg::TraceError);
  BOOST_CHECK_THROW(tg::read_step_graph(tg::ordered_json{leaf, node(2, {0})}, "f"), tg::TraceError);  // id out of order
  BOOST_CHECK_THROW(tg::read_step_graph(tg::ordered_json{leaf, node(1, {1})}, "f"), tg::TraceError);  // reads itself
  BOOST_CHECK_THROW(tg::read_step_graph(tg::ordered_json{leaf, node(1, {"0"})}, "f"), tg::TraceError);
  auto no_value = leaf;
  no_value.erase("value");
  BOOST_CHECK_THROW(tg::read_step_graph(tg::ordered_json{no_value}, "f"), tg::TraceError);
  try {
    tg::read_step_graph(tg::ordered_json{leaf, node(1, {5})}, "run.json: /steps/0/nodes");
  } catch (const tg::TraceError& e) {
    BOOST_TEST(std::string(e.what()) == "run.json: /steps/0/nodes/1/inputs: 5 is not the id of an earlier node");
  }
}

BOOST_AUTO_TEST_CASE(values_as_text) {
  BOOST_TEST(tg::value_text(-151.92919999999998) == "-151.9292");
  BOOST_TEST(tg::value_text("-inf") == "-inf");
  BOOST_TEST(tg::value_text(tg::ordered_json{1, 2.5}) == "[1, 2.5]");
  BOOST_TEST(tg::value_text(tg::ordered_json{1, 2, 3, 4, 5, 6, 7, 8}) == "[1, 2, 3, 4, 5, 6, … 8 values]");
  BOOST_TEST(tg::value_text({{"count", 100}, {"min", 0}, {"max", 1}, {"mean", 0.5}, {"norm", 5}}) == "[100 values, mean 0.5]");
}
