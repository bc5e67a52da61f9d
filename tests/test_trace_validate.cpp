#define BOOST_TEST_MODULE trace_validate
#include <boost/test/unit_test.hpp>

#include <string>

#include "tracegrad/trace_read.hpp"
#include "tracegrad/trace_validate.hpp"

namespace tg = tracegrad;

namespace {

tg::ordered_json golden() { return tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/linear_regression.json"); }

// The first problem of a trace, as "pointer: message".
std::string first_problem(const tg::ordered_json& j) {
  auto problems = tg::validate_trace(j);
  return problems.empty() ? "valid" : problems.front().describe();
}

std::string parse_error(const std::string& text) {
  try {
    tg::parse_trace(text, "t.json");
  } catch (const tg::TraceError& e) {
    return e.what();
  }
  return "parsed";
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_golden_trace_and_the_exercise_traces_are_valid) {
  BOOST_TEST(first_problem(golden()) == "valid");
  BOOST_TEST(first_problem(tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/exercises/exercises-backward.json")) == "valid");
}

BOOST_AUTO_TEST_CASE(the_reader_refuses_what_is_not_a_trace) {
  BOOST_TEST(parse_error("") == "t.json: empty file");
  BOOST_TEST(parse_error("{\"format\": \"tracegrad-trace\"") == "t.json: not JSON: line 1, column 29: syntax error while parsing object - unexpected end of input; expected '}'");
  BOOST_TEST(parse_error("{\"format\": \"x\", \"version\": 1}") == "t.json: /format: not a tracegrad trace (expected \"tracegrad-trace\")");
  BOOST_TEST(parse_error("{\"format\": \"tracegrad-trace\", \"version\": 3}") == "t.json: /version: expected 2 (or 1), got 3");
  BOOST_TEST(parse_error("{\"format\": \"tracegrad-trace\", \"version\": 2}") == "parsed");
  BOOST_TEST(parse_error("{\"format\": \"tracegrad-trace\", \"version\": 1, \"x\": [1e400]}") ==
             "t.json: number out of double range at line 1, column 51: 1e400");
  BOOST_TEST(parse_error(std::string(65, '[')) == "t.json: nested deeper than 64 levels at byte 64");
  // brackets inside strings (and escaped quotes) do not count as nesting
  std::string deep_string = "{\"format\": \"tracegrad-trace\", \"version\": 1, \"s\": \"\\\"" + std::string(100, '[') + "\"}";
  BOOST_TEST(parse_error(deep_string) == "parsed");
  BOOST_TEST(parse_error(std::string(tg::max_trace_bytes + 1, ' ')).find("more than the 16777216") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(numbers_are_read_as_the_format_writes_them) {
  BOOST_TEST(tg::read_number(tg::ordered_json(0.5), "/x") == 0.5);
  BOOST_TEST(std::isinf(tg::read_number(tg::ordered_json("-inf"), "/x")));
  BOOST_TEST(std::isnan(tg::read_number(tg::ordered_json("nan"), "/x")));
  BOOST_CHECK_THROW(tg::read_number(tg::ordered_json("NaN"), "/x"), tg::TraceError);
  BOOST_TEST(tg::pointer_step("a/b~c") == "/a~1b~0c");
  BOOST_TEST(tg::show_json(tg::ordered_json(std::string(60, 'x'))).size() < 45u);
}

BOOST_AUTO_TEST_CASE(each_rule_names_its_json_pointer) {
  auto j = golden();
  j["steps"][0]["nodes"][5]["grad"] = "NaN";
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/5/grad: expected a number or \"nan\", \"inf\", \"-inf\", got \"NaN\"");
  j = golden();
  j["steps"][0]["nodes"][6]["inputs"] = {5, 6};
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/6/inputs/1: input 6 is not earlier than node 6 (inputs have smaller ids: no cycles)");
  j = golden();
  j["steps"][0]["nodes"][2]["id"] = 1;
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/2/id: expected 2 (a node list holds ids 0, 1, 2, … in order, each once), got 1");
  j = golden();
  j["steps"][0]["step"] = 3;
  BOOST_TEST(first_problem(j) == "/steps/0/step: expected 0 (a step's number is its index), got 3");
  j = golden();
  j["steps"][0]["updates"][0]["param"] = "x";  // x is a node, but an input, not a param
  BOOST_TEST(first_problem(j) == "/steps/0/updates/0/param: no param node of this step is named \"x\"");
  j = golden();
  j["config"]["trace_nodes"] = "every:0";
  BOOST_TEST(first_problem(j) == "/config/trace_nodes: expected first, all or every:K, got \"every:0\"");
  j = golden();
  j["config"]["set"]["a/b"] = "one";
  BOOST_TEST(first_problem(j) == "/config/set/a~1b: expected a number or \"nan\", \"inf\", \"-inf\", got \"one\"");
  j = golden();
  j["config"]["lr"] = "0.01";
  BOOST_TEST(first_problem(j) == "/config/lr: expected a number or \"nan\", \"inf\", \"-inf\", got \"0.01\"");
  j = golden();
  j["config"].erase("lr");  // a lesson that makes no update (chain_rule) records no η
  BOOST_TEST(first_problem(j) == "valid");
  j = golden();
  j["lesson"] = "Linear Regression";
  BOOST_TEST(first_problem(j) == "/lesson: expected a lesson name: a-z, 0-9 and _, got \"Linear Regression\"");
  j = golden();
  j.erase("final");
  BOOST_TEST(first_problem(j) == "/: missing key \"final\"");
}

BOOST_AUTO_TEST_CASE(tensors_hold_as_many_elements_as_their_shape) {
  auto j = golden();
  auto& n = j["steps"][0]["nodes"][4];
  n["shape"] = {2, 2};
  n["value"] = {1.0, 2.0, 3.0, 4.0};
  n["grad"] = {1.0, 2.0, 3.0, 4.0};
  BOOST_TEST(first_problem(j) == "valid");
  n["grad"] = {1.0, 2.0, 3.0};
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/4/grad: 3 elements, but its shape [2,2] holds 4");
  n["grad"] = {{"count", 4}, {"min", 1}, {"max", 4}, {"mean", 2.5}, {"norm", "inf"}};  // a summary
  BOOST_TEST(first_problem(j) == "valid");
  n.erase("shape");
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/4/value: a tensor needs a shape: this node has none");
}

BOOST_AUTO_TEST_CASE(every_problem_is_listed_up_to_the_limit) {
  auto j = golden();
  for (auto& n : j["steps"][0]["nodes"]) n["role"] = "output";
  BOOST_TEST(tg::validate_trace(j).size() == 10u);  // 8 roles, and the 2 updates now name no param node
  BOOST_TEST(tg::validate_trace(j, 3).size() == 3u);
}

BOOST_AUTO_TEST_CASE(version_2_rules_local_derivatives_and_constants) {
  auto j = golden();
  BOOST_TEST(j["version"] == 2);
  auto& mul = j["steps"][0]["nodes"][4];  // w·x: local [x, w]
  BOOST_TEST(mul["local"] == tg::ordered_json({6.7, -0.34}));
  mul["local"] = {6.7};
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/4/local: 1 entries, but the node has 2 inputs (one per input)");
  mul["local"] = {6.7, "minus"};
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/4/local/1: expected a number or \"nan\", \"inf\", \"-inf\", got \"minus\"");
  mul["local"] = {6.7, {{"shape", {1}}, {"value", {-0.34}}}};
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/4/local/1: expected a number: a scalar op's local derivative is one");
  mul.erase("local");
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/4: missing key \"local\" (one local derivative per input)");
  j = golden();
  j["steps"][0]["nodes"][0]["local"] = {1.0};
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/0/local: 1 entries, but the node has 0 inputs (one per input)");
  j = golden();
  j["steps"][0]["nodes"][0]["role"] = "const";  // x as a number in a formula: no gradient
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/0/grad: a constant has no gradient (numbers in a formula need none)");
  j = golden();
  j["steps"][0]["nodes"][0]["label"] = "x";  // version 1's key in a version 2 trace
  BOOST_TEST(first_problem(j) == "/steps/0/nodes/0/label: unexpected key (allowed here: id, op, name, role, inputs, shape, value, grad, local)");
  j = golden();
  j["upgraded_from"] = 2;
  BOOST_TEST(first_problem(j) == "/upgraded_from: only a version 2 trace read from version 1 has it, and it is 1");
}

BOOST_AUTO_TEST_CASE(a_tensor_local_derivative_holds_as_many_elements_as_its_shape) {
  auto j = tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/vectorized-logistic.json");
  BOOST_TEST(first_problem(j) == "valid");
  for (auto& n : j["steps"][0]["nodes"])
    if (n["op"] == "dot") {
      BOOST_TEST(n["local"][0]["shape"] == tg::ordered_json({3}));
      n["local"][0]["value"] = {1.0, 2.0};
    }
  BOOST_TEST(first_problem(j).find("/local/0/value: 2 elements, but its shape [3] holds 3") != std::string::npos);
}

// A version 1 golden trace from before version 2 (tests/data/v1/): valid as it is, and read
// as version 2 with the local derivatives the engine recorded.
BOOST_AUTO_TEST_CASE(a_version_1_trace_validates_and_is_upgraded_on_read) {
  const char* v1_file = TRACEGRAD_SOURCE_DIR "/tests/data/v1/linear_regression.json";
  auto as_written = tg::read_trace(v1_file);
  BOOST_TEST(as_written["version"] == 1);
  BOOST_TEST(first_problem(as_written) == "valid");
  auto upgraded = tg::load_trace(v1_file);
  BOOST_TEST(upgraded["version"] == 2);
  BOOST_TEST(upgraded["upgraded_from"] == 1);
  BOOST_TEST(first_problem(upgraded) == "valid");
  const auto& nodes = upgraded["steps"][0]["nodes"];
  const auto regeneration = golden();
  const auto& regenerated = regeneration["steps"][0]["nodes"];
  BOOST_REQUIRE(nodes.size() == regenerated.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    BOOST_TEST_CONTEXT("node " << i) {
      BOOST_TEST(!nodes[i].contains("label"));
      BOOST_TEST(tg::node_name(nodes[i]) == tg::node_name(regenerated[i]));
      BOOST_TEST(nodes[i].contains("grad") == regenerated[i].contains("grad"));
      BOOST_REQUIRE(nodes[i].contains("local") == regenerated[i].contains("local"));
      if (!nodes[i].contains("local")) continue;
      for (std::size_t k = 0; k < nodes[i]["local"].size(); ++k)
        BOOST_TEST(nodes[i]["local"][k].get<double>() == regenerated[i]["local"][k].get<double>(),
                   boost::test_tools::tolerance(1e-15));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_name_is_read_from_either_version) {
  BOOST_TEST(tg::node_name({{"name", "w"}}) == "w");
  BOOST_TEST(tg::node_name({{"label", "w"}}) == "w");
  BOOST_TEST(tg::node_name({{"label", 3}}).empty());
  BOOST_TEST(tg::node_name(tg::ordered_json::array()).empty());
}

// The upgrade writes the rule's numbers as the format does, "inf" and "nan" too, one per input.
BOOST_AUTO_TEST_CASE(an_upgraded_local_derivative_may_be_infinite) {
  auto j = tg::read_trace(TRACEGRAD_SOURCE_DIR "/tests/data/v1/linear_regression.json");
  j["steps"][0]["nodes"][4]["op"] = "div";  // w·x becomes w / x, at x = 0
  j["steps"][0]["nodes"][0]["value"] = 0.0;
  tg::upgrade_trace(j);
  // ∂(w/x)/∂w = 1/x = inf; ∂(w/x)/∂x = −(w/x)/x = −(−inf)/0 = inf (w < 0)
  BOOST_TEST(j["steps"][0]["nodes"][4]["local"] == tg::ordered_json::parse(R"(["inf", "inf"])"));
  BOOST_TEST(j["steps"][0]["nodes"][7]["local"] == tg::ordered_json::parse("[-22.676]"));  // one input: an array of one
  BOOST_TEST(first_problem(j) == "valid");
}

BOOST_AUTO_TEST_CASE(config_steps_is_read_when_there) {
  tg::ordered_json t = golden();
  t["config"].erase("steps");  // a run --steps does not set (lines_and_loss's lines) records none
  BOOST_TEST(first_problem(t) == "valid");
  t["config"]["steps"] = 1.5;
  BOOST_TEST(first_problem(t).starts_with("/config/steps: "));
  t["config"].erase("set");
  t["config"].erase("steps");
  BOOST_TEST(first_problem(t) == "/config: missing key \"set\"");
}
