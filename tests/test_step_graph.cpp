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

BOOST_AUTO_TEST_CASE(local_derivatives_agree_with_the_partials_ops_records) {
  // Every op at points including the awkward ones: negative, tiny, large |z| for σ.
  for (double a : {-800.0, -3.0, -0.5, 0.0, 0.3, 2.0, 40.0, 800.0}) {
    for (double b : {-2.5, 0.7, 3.0}) {
      tg::Tape t;
      auto x = t.param("a", a), y = t.param("b", b);
      auto pos = t.param("p", std::fabs(a) + 0.25);
      std::vector<tg::Var> outs{x + y, x - y, x * y, x / y, -x, tg::square(x), tg::pow(pos, b),
                                tg::exp(tg::Var(x) * 0.01), tg::log(pos), tg::sigmoid(x), tg::softplus(x)};
      for (std::size_t id = 0; id < t.size(); ++id) {
        const tg::Node& n = t.node(static_cast<tg::NodeId>(id));
        std::vector<double> in;
        for (int k = 0; k < n.arity; ++k) in.push_back(t.value(n.input[k]));
        for (int k = 0; k < n.arity; ++k) {
          BOOST_TEST_CONTEXT(tg::op_name(n.op) << " at a=" << a << " b=" << b << " k=" << k) {
            auto local = tg::local_derivative(tg::op_name(n.op), in, static_cast<std::size_t>(k));
            BOOST_REQUIRE(local.has_value());
            BOOST_TEST(*local == n.partial[k], tolerance(1e-15));
          }
        }
      }
      BOOST_TEST(outs.size() == 11u);
    }
  }
}

BOOST_AUTO_TEST_CASE(unknown_ops_and_wrong_arity_have_no_local_derivative) {
  std::vector<double> one{1.0}, two{1.0, 2.0};
  BOOST_TEST(!tg::local_derivative("matmul", two, 0).has_value());
  BOOST_TEST(!tg::local_derivative("mul", one, 0).has_value());
  BOOST_TEST(!tg::local_derivative("mul", two, 2).has_value());
  BOOST_TEST(!tg::local_derivative("param", {}, 0).has_value());
}

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
  BOOST_TEST(*g.edges[0].local == 6.7, tolerance(1e-15));
  BOOST_TEST(*g.edges[1].local == -0.34, tolerance(1e-15));
  BOOST_TEST(*g.edges[6].local == -22.676, tolerance(1e-13));
  BOOST_TEST(*g.edges[5].local == -1.0, tolerance(0.0));  // sub's second input
}

BOOST_AUTO_TEST_CASE(a_tape_read_back_keeps_ids_inputs_and_gradients) {
  tg::Tape t;
  auto x = t.param("x", 3.0);
  auto L = (x * x).named("L");  // x twice: two edges
  L.backward();
  auto g = tg::read_step_graph(nodes_of(t), "t");
  BOOST_REQUIRE(g.edges.size() == 2u);
  BOOST_TEST(*g.edges[0].local == 3.0, tolerance(0.0));
  BOOST_TEST(*g.edges[1].local == 3.0, tolerance(0.0));
  BOOST_TEST(g.nodes[0].grad.get<double>() == 6.0, tolerance(0.0));
  BOOST_TEST(g.nodes[1].role == "loss");
}

BOOST_AUTO_TEST_CASE(broken_node_lists_are_trace_errors) {
  auto node = [](int id, tg::ordered_json inputs) {
    return tg::ordered_json{{"id", id}, {"op", "neg"}, {"label", ""}, {"role", "op"}, {"inputs", inputs}, {"value", 1}};
  };
  auto leaf = tg::ordered_json{{"id", 0}, {"op", "param"}, {"label", "a"}, {"role", "param"}, {"inputs", tg::ordered_json::array()}, {"value", 1}};
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
