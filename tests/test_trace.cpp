// Writing traces (trace.hpp): numbers, key order, determinism, never overwriting other files.
#define BOOST_TEST_MODULE trace
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "tracegrad/ops.hpp"
#include "tracegrad/trace.hpp"

namespace tg = tracegrad;
namespace fs = std::filesystem;

namespace {

// One step of ŷ = w·x, L = (ŷ − y)², then an update and the final pass.
std::string small_trace() {
  tg::Tape tape;
  auto x = tape.input("x", 0.1), y = tape.label("y", 0.3), w = tape.param("w", 2.0);
  auto L = tg::square(w * x - y).named("L");
  L.backward();
  tg::Trace trace("demo", "Demo", "1", "run1");
  trace.config()["lr"] = 0.1;
  trace.begin_step(true);
  trace.set_graph(tape);
  trace.set_loss(L.value());
  trace.add_update("w", 2.0, w.grad(), 2.0 - 0.1 * w.grad());
  trace.note("a note");
  trace.finish(tape, L.value());
  return trace.dump();
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(numbers_nan_inf_and_shortest) {
  BOOST_TEST(tg::trace_number(std::nan("")).get<std::string>() == "nan");
  BOOST_TEST(tg::trace_number(std::numeric_limits<double>::infinity()).get<std::string>() == "inf");
  BOOST_TEST(tg::trace_number(-std::numeric_limits<double>::infinity()).get<std::string>() == "-inf");
  BOOST_TEST(tg::trace_number(0.1).dump() == "0.1");
  BOOST_TEST(tg::trace_number(6.7).dump() == "6.7");
  BOOST_TEST(tg::trace_number(0.1 + 0.2).dump() == "0.30000000000000004");  // the double, not 0.3
  BOOST_TEST(std::stod(tg::trace_number(1.0 / 3).dump()) == 1.0 / 3);       // reads back exactly
}

BOOST_AUTO_TEST_CASE(keys_in_order_and_deterministic) {
  std::string a = small_trace(), b = small_trace();
  BOOST_TEST(a == b);
  auto j = tg::ordered_json::parse(a);
  std::vector<std::string> keys;
  for (auto& [k, v] : j.items()) keys.push_back(k);
  BOOST_TEST((keys == std::vector<std::string>{"format", "version", "lesson", "run", "title", "slides", "config",
                                                "steps", "final"}));
  std::vector<std::string> node_keys;
  for (auto& [k, v] : j["steps"][0]["nodes"][0].items()) node_keys.push_back(k);
  BOOST_TEST((node_keys == std::vector<std::string>{"id", "op", "name", "role", "inputs", "value", "grad"}));
  node_keys.clear();
  for (auto& [k, v] : j["steps"][0]["nodes"][3].items()) node_keys.push_back(k);  // w·x
  BOOST_TEST((node_keys == std::vector<std::string>{"id", "op", "name", "role", "inputs", "value", "grad", "local"}));
  BOOST_TEST(j["version"] == 2);
  BOOST_TEST(j["steps"][0]["nodes"].size() == 6u);  // x, y, w, w·x, w·x − y, L
  BOOST_TEST(j["steps"][0]["notes"][0] == "a note");
  BOOST_TEST(!j["final"]["nodes"][0].contains("grad"));
  BOOST_TEST(a.find("{\"id\":0,\"op\":\"input\",\"name\":\"x\"") != std::string::npos);  // one node per line
}

BOOST_AUTO_TEST_CASE(every_op_carries_the_local_derivatives_the_engine_recorded_and_a_constant_no_grad) {
  tg::Tape tape;
  auto w = tape.param("w", 2.0);
  auto L = tg::square(3.0 * w - 1.0).named("L");  // nodes: w, 3, 3·w, 1, 3·w − 1, L
  L.backward();
  tg::Trace trace("demo", "Demo", "1");
  trace.begin_step(true);
  trace.set_graph(tape);
  const auto& nodes = trace.json()["steps"][0]["nodes"];
  BOOST_TEST(!nodes[1].contains("grad"));  // the constant 3: a number in a formula needs no gradient
  BOOST_TEST(!nodes[1].contains("local"));  // a leaf
  BOOST_TEST(nodes[2]["local"] == tg::ordered_json({2.0, 3.0}));  // ∂(3·w)/∂3 = w, ∂(3·w)/∂w = 3
  BOOST_TEST(nodes[4]["local"] == tg::ordered_json({1.0, -1.0}));
  BOOST_TEST(nodes[5]["local"][0].get<double>() == 10.0, boost::test_tools::tolerance(0.0));  // 2·(3·2 − 1)
  for (std::size_t i = 0; i < tape.size(); ++i)
    for (std::size_t k = 0; k < tape.inputs(static_cast<tg::NodeId>(i)).size(); ++k)
      BOOST_TEST(nodes[i]["local"][k].get<double>() == tape.node(static_cast<tg::NodeId>(i)).partial[k],
                 boost::test_tools::tolerance(0.0));
  std::vector<double> other(tape.size() - 1, 0.0);  // another sweep's gradients: one per node
  BOOST_CHECK_THROW(trace.set_graph(tape, other), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(notes_before_the_first_step_go_on_it) {
  tg::Trace trace("demo", "Demo", "1");
  trace.note("early");
  trace.begin_step(false);
  trace.note("late");
  BOOST_TEST(trace.json()["steps"][0]["notes"].size() == 2u);
  BOOST_TEST(trace.json()["steps"][0]["notes"][0] == "early");
  BOOST_TEST(!trace.json()["steps"][0].contains("nodes"));  // not kept by --trace-nodes
}

BOOST_AUTO_TEST_CASE(refuses_to_overwrite_a_file_that_is_not_a_trace) {
  fs::path dir = fs::temp_directory_path() / "tracegrad_test_trace";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path notes = dir / "notes.json";
  std::ofstream(notes) << "{\"mine\": true}\n";
  BOOST_CHECK_THROW(tg::write_trace_file(notes, small_trace()), std::runtime_error);
  BOOST_TEST(read(notes) == "{\"mine\": true}\n");

  fs::path trace = dir / "sub" / "demo-run1.json";  // missing directories are made
  tg::write_trace_file(trace, small_trace());
  tg::write_trace_file(trace, small_trace());  // a trace may be replaced by a trace
  BOOST_TEST(read(trace) == small_trace());
  fs::remove_all(dir);
}

// least_bytes: what the steps before the current one take in dump(), and for the steps to
// come at least the current one's updates with one-digit numbers: never more than the trace.
BOOST_AUTO_TEST_CASE(least_bytes_is_a_lower_bound_and_exact_for_the_steps_done) {
  tg::Tape tape;
  auto w = tape.param("w", 0.123456789);
  auto L = tg::square(w).named("L");
  tg::Trace trace("demo", "Demo", "1");
  auto step = [&](std::size_t k) {
    trace.begin_step(k == 0);
    trace.set_graph(tape);
    trace.set_loss(1.0 / 3.0 + static_cast<double>(k));
    trace.add_update("w", 0.123456789, 0.2, 0.3 / 7.0);
    trace.note("a note");
  };
  step(0);
  const std::size_t projected = trace.least_bytes(1000);
  for (std::size_t k = 1; k < 1000; ++k) step(k);
  trace.finish(tape, L.value());
  const std::size_t bytes = trace.dump().size();
  BOOST_TEST(projected <= bytes);
  BOOST_TEST(projected >= bytes / 4);  // the numbers' digits and the notes make up the rest
  // steps 0 … 998 as written: the trace less its head, the last step and the final pass
  const std::string text = trace.dump();
  const std::size_t from = text.find("\n    {") + 1, to = text.rfind(",\n    {") + 2;
  BOOST_TEST(trace.least_bytes(999) == to - from);
  BOOST_TEST(trace.least_bytes(999) == trace.least_bytes(0));  // no step to come is counted
}
