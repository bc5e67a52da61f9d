// Tensor nodes in traces (trace.hpp): a shape, every element or a summary, and the
// validator and grader reading them back.
#define BOOST_TEST_MODULE trace_tensor
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "tracegrad/tensor_ops.hpp"
#include <tracegrad/fused_logistic.hpp>
#include "tracegrad/trace.hpp"
#include "tracegrad/trace_compare.hpp"
#include "tracegrad/trace_validate.hpp"

namespace tg = tracegrad;
using tg::ordered_json;

namespace {

// A trace with the config every trace has (lr, steps, set).
tg::Trace new_trace(const char* lesson) {
  tg::Trace trace(lesson, "A test", "60");
  trace.config()["lr"] = 0.01;
  trace.config()["steps"] = 1;
  trace.config()["set"] = ordered_json::object();
  return trace;
}

// One step of the deck's slide 60 with vectors: z = θᵀx, L = BCE(σ(z), y), then θ − 0.01·∇θL.
ordered_json slide60_trace() {
  tg::Tape tape;
  auto y = tape.label("y", tg::Tensor::vector({0.0}));
  auto theta = tape.param("theta", tg::Tensor::vector({0.1, 0.5, -0.1}));
  auto z = tg::matvec(tape.input("X", tg::Tensor::matrix(1, 3, {1.0, 1.4, 0.2})), theta);
  auto L = tg::bce_with_logits(z, y).named("L");
  L.backward();
  tg::Trace trace = new_trace("vec");
  trace.begin_step(true);
  trace.set_graph(tape);
  trace.set_loss(L.value());
  std::vector<double> after(3);
  for (std::size_t i = 0; i < 3; ++i) after[i] = theta.values()[i] - 0.01 * theta.grad()[i];
  trace.add_update("theta", theta.values(), theta.grad(), after);
  trace.finish(tape, L.value());
  return ordered_json::parse(trace.dump());
}

const ordered_json& node_named(const ordered_json& nodes, const std::string& name) {
  for (const auto& n : nodes)
    if (n["name"] == name) return n;
  throw std::runtime_error("no node named " + name);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_vector_node_has_a_shape_and_every_element) {
  auto t = slide60_trace();
  const auto& theta = node_named(t["steps"][0]["nodes"], "theta");
  std::vector<std::string> keys;
  for (auto& [k, v] : theta.items()) keys.push_back(k);
  BOOST_TEST(keys == (std::vector<std::string>{"id", "op", "name", "role", "inputs", "shape", "value", "grad"}),
             boost::test_tools::per_element());
  BOOST_TEST(theta["shape"] == ordered_json::parse("[3]"));
  BOOST_TEST(theta["value"] == ordered_json::parse("[0.1, 0.5, -0.1]"));
  // ∇θL = x(ŷ − y) with ŷ = σ(0.1 + 0.7 − 0.02) = σ(0.78)
  double y_hat = 1 / (1 + std::exp(-0.78));
  const double x[] = {1.0, 1.4, 0.2};
  for (std::size_t i = 0; i < 3; ++i) BOOST_TEST(theta["grad"][i].get<double>() == x[i] * y_hat, boost::test_tools::tolerance(1e-12));
  const auto& X = node_named(t["steps"][0]["nodes"], "X");
  BOOST_TEST(X["shape"] == ordered_json::parse("[1, 3]"));
  BOOST_TEST(!X.contains("grad"));  // data: no gradient flows into it
  const auto& u = t["steps"][0]["updates"][0];
  BOOST_TEST(u["after"][1].get<double>() == 0.5 - 0.01 * 1.4 * y_hat, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(!node_named(t["final"]["nodes"], "theta").contains("grad"));
}

BOOST_AUTO_TEST_CASE(a_tensor_op_writes_its_local_derivatives_as_tensors) {
  auto t = slide60_trace();
  const auto& nodes = t["steps"][0]["nodes"];  // y, theta, X, z = Xθ, L
  const auto& z = nodes[3];
  BOOST_REQUIRE(z["local"].size() == 2u);
  BOOST_TEST(z["local"][0] == ordered_json::parse(R"({"shape": [3], "value": [0.1, 0.5, -0.1]})"));  // ∂zᵢ/∂Xᵢⱼ = θⱼ
  BOOST_TEST(z["local"][1] == ordered_json::parse(R"({"shape": [1, 3], "value": [1.0, 1.4, 0.2]})"));  // ∂z/∂θ = X
  const auto& L = nodes[4];  // ∂L/∂z = σ(z) − y, ∂L/∂y = −z (n = 1)
  BOOST_TEST(L["local"][0]["shape"] == ordered_json::parse("[1]"));
  BOOST_TEST(L["local"][0]["value"][0].get<double>() == 1 / (1 + std::exp(-0.78)), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(L["local"][1]["value"][0].get<double>() == -0.78, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(a_hundred_elements_become_a_summary_unless_every_element_is_asked_for) {
  std::vector<double> xs(100);
  for (std::size_t i = 0; i < xs.size(); ++i) xs[i] = static_cast<double>(i) - 49.0;  // −49 … 50
  tg::Tape tape;
  auto v = tape.param("v", tg::Tensor::vector(xs));
  tg::sum(v).backward();
  auto s = tg::trace_node(tape, v.id(), true);
  BOOST_TEST(s["shape"] == ordered_json::parse("[100]"));
  BOOST_TEST(s["value"]["count"] == 100);
  BOOST_TEST(s["value"]["min"] == -49.0);
  BOOST_TEST(s["value"]["max"] == 50.0);
  BOOST_TEST(s["value"]["mean"].get<double>() == 0.5, boost::test_tools::tolerance(1e-15));
  double squares = 0;
  for (double x : xs) squares += x * x;
  BOOST_TEST(s["value"]["norm"].get<double>() == std::sqrt(squares), boost::test_tools::tolerance(1e-15));
  BOOST_TEST(s["grad"]["norm"].get<double>() == 10.0, boost::test_tools::tolerance(1e-15));  // ∂Σ/∂vᵢ = 1: ‖1‖ = √100
  auto full = tg::trace_node(tape, v.id(), true, xs.size());
  BOOST_TEST(full["value"].size() == 100u);
  BOOST_TEST(full["value"][99] == 50.0);
  BOOST_TEST(tg::trace_tensor(std::vector<double>(64, 1.0)).is_array());  // 64 is still written whole
  BOOST_TEST(tg::trace_tensor(std::vector<double>{std::nan("")})[0] == "nan");
}

BOOST_AUTO_TEST_CASE(the_validator_accepts_tensor_nodes_and_checks_their_shape) {
  auto t = slide60_trace();
  auto problems = tg::validate_trace(t);
  BOOST_TEST(problems.empty(), (problems.empty() ? "" : problems[0].describe()));
  auto& theta = t["steps"][0]["nodes"][1];
  BOOST_REQUIRE(theta["name"] == "theta");
  theta["value"].push_back(0.0);  // 4 elements for a shape of [3]
  problems = tg::validate_trace(t);
  BOOST_REQUIRE(problems.size() == 1u);
  BOOST_TEST(problems[0].where == "/steps/0/nodes/1/value");
}

BOOST_AUTO_TEST_CASE(the_grader_compares_elements_one_by_one) {
  auto expected = slide60_trace(), actual = expected;
  BOOST_TEST(tg::compare_traces(expected, actual, {}).pass());
  actual["steps"][0]["nodes"][1]["grad"][1] = 0.9;  // theta's ∂L/∂w1
  auto c = tg::compare_traces(expected, actual, {});
  BOOST_REQUIRE(c.total == 1u);
  BOOST_TEST(c.differences[0].where == "/steps/0/nodes/1/grad/1");
}

BOOST_AUTO_TEST_CASE(the_grader_compares_summaries_field_by_field) {
  tg::Tape tape;
  tape.param("v", tg::Tensor::filled({100}, 0.5));
  tg::Trace trace = new_trace("big");
  trace.finish(tape, 0.0);
  auto expected = ordered_json::parse(trace.dump()), actual = expected;
  BOOST_TEST(tg::validate_trace(expected).empty());
  actual["final"]["nodes"][0]["value"]["mean"] = 0.25;
  auto c = tg::compare_traces(expected, actual, {});
  BOOST_REQUIRE(c.total == 1u);
  BOOST_TEST(c.differences[0].where == "/final/nodes/0/value/mean");
}

BOOST_AUTO_TEST_CASE(a_step_on_a_million_rows_makes_a_small_trace) {
  const std::size_t n = 1'000'000;
  std::vector<double> X(n * 3), y(n);
  for (std::size_t i = 0; i < n; ++i) {
    X[i * 3] = 1.0;
    X[i * 3 + 1] = static_cast<double>(i % 7) - 3.0;
    X[i * 3 + 2] = static_cast<double>(i % 5) * 0.1;
    y[i] = static_cast<double>(i % 2);
  }
  tg::Tape tape;
  auto Xv = tape.input("X", {n, 3}, X);
  auto yv = tape.label("y", {n}, y);
  auto theta = tape.param("theta", tg::Tensor::vector({0.1, 0.5, -0.1}));
  auto L = tg::fused_logistic_loss(Xv, theta, yv).named("L");
  L.backward();
  tg::Trace trace = new_trace("big");
  trace.begin_step(true);
  trace.set_graph(tape);
  trace.set_loss(L.value());
  trace.finish(tape, L.value());
  std::string text = trace.dump();
  BOOST_TEST(text.size() < 4096u, text.size() << " bytes");
  auto j = ordered_json::parse(text);
  BOOST_TEST(tg::validate_trace(j).empty());
  BOOST_TEST(node_named(j["steps"][0]["nodes"], "X")["value"]["count"] == 3 * n);
  BOOST_TEST(node_named(j["steps"][0]["nodes"], "theta")["grad"].size() == 3u);
}
