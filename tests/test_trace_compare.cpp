#define BOOST_TEST_MODULE trace_compare
#include <boost/test/unit_test.hpp>

#include <limits>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <fmt/format.h>

#include "tracegrad/grade.hpp"
#include "tracegrad/trace_read.hpp"

namespace tg = tracegrad;
namespace fs = std::filesystem;
using boost::test_tools::tolerance;

namespace {

const char* golden_path = TRACEGRAD_SOURCE_DIR "/traces/linear_regression.json";
tg::ordered_json golden() { return tg::load_trace(golden_path); }
tg::ordered_json& node(tg::ordered_json& j, int k) { return j["steps"][0]["nodes"][k]; }

// A directory of its own, removed at the end of the test.
struct TempDir {
  static inline int made = 0;
  fs::path path = fs::temp_directory_path() / fmt::format("tracegrad-test-{}-{}", ::getpid(), made++);
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const tg::ordered_json& j) const { std::ofstream(path / name) << j.dump(); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_trace_matches_itself_and_says_what_was_compared) {
  auto c = tg::compare_traces(golden(), golden(), {}, 100, tg::Match::ids);
  BOOST_TEST(c.pass());
  BOOST_TEST(c.steps == 1u);
  BOOST_TEST(c.nodes == 8u);
  BOOST_TEST(c.final_nodes == 8u);
  BOOST_TEST(c.updates == 2u);
  // lr, steps, 4 set values, 8 values + 8 grads + 7 local derivatives (mul, add, sub: 2 each,
  // square: 1), the loss, 2 × 3 update numbers, 8 final values + 7 local derivatives, the final loss
  BOOST_TEST(c.numbers == 1u + 1u + 4u + 16u + 7u + 1u + 6u + 8u + 7u + 1u);
  BOOST_TEST(c.summary() == "1 step, 8 nodes, 52 numbers, 2 updates, the final pass (8 nodes)");
}

BOOST_AUTO_TEST_CASE(a_backward_error_is_found_where_the_sweep_parted) {
  auto a = golden();
  // A wrong local derivative of square (ŷ − y instead of 2(ŷ − y)): everything below it halves.
  for (int k : {0, 1, 2, 3, 4, 5, 6}) node(a, k)["grad"] = node(a, k)["grad"].get<double>() / 2;
  auto c = tg::compare_traces(golden(), a, {}, 100, tg::Match::ids);
  BOOST_TEST(c.total == 7u);
  const auto& d = c.differences.front();
  BOOST_TEST(d.where == "/steps/0/nodes/6/grad");
  BOOST_TEST(d.place == "step 0, node 6 (sub)");
  BOOST_TEST(d.field == "grad");
  BOOST_TEST(d.expected == "-22.676");
  BOOST_TEST(d.actual == "-11.338");
  BOOST_TEST(d.rel_err == 0.5, tolerance(1e-12));
  BOOST_TEST(d.diagnosis.find("backward error: every forward value matches and so do the gradients of its users (node 7)") == 0u);
  BOOST_TEST(c.differences.back().where == "/steps/0/nodes/0/grad");
  BOOST_TEST(c.differences.back().diagnosis == "backward error: every forward value matches; only the gradients differ");
}

BOOST_AUTO_TEST_CASE(a_wrong_local_derivative_is_the_first_difference_on_its_edge) {
  auto a = golden();
  // The student's square rule a instead of 2a: the edge into L carries −11.338, not −22.676.
  node(a, 7)["local"][0] = -11.338;
  for (int k : {0, 1, 2, 3, 4, 5, 6}) node(a, k)["grad"] = node(a, k)["grad"].get<double>() / 2;
  auto c = tg::compare_traces(golden(), a, {}, std::numeric_limits<std::size_t>::max(), tg::Match::ids);
  BOOST_TEST(c.total == 8u);
  const auto& d = c.differences.front();
  BOOST_TEST(d.where == "/steps/0/nodes/7/local/0");
  BOOST_TEST(d.describe() == "step 0, node 7 \"L\" (square), local/0: expected -22.676, actual -11.338 (relative error 0.5)");
  BOOST_TEST(c.differences[1].where == "/steps/0/nodes/6/grad");
  // a trace read from version 1 has no local derivative on a tensor op: nothing to compare there
  node(a, 7).erase("local");
  BOOST_TEST(tg::compare_traces(golden(), a, {}, std::numeric_limits<std::size_t>::max(), tg::Match::ids).total == 7u);
}

BOOST_AUTO_TEST_CASE(a_forward_error_is_told_apart_from_a_backward_one) {
  auto a = golden();
  node(a, 4)["value"] = -2.3;
  node(a, 2)["grad"] = -150.0;
  node(a, 1)["grad"] = 20.0;
  auto c = tg::compare_traces(golden(), a, {}, 10, tg::Match::ids);
  BOOST_TEST(c.total == 3u);
  BOOST_TEST(c.differences[0].where == "/steps/0/nodes/4/value");
  BOOST_TEST(c.differences[0].diagnosis == "");
  BOOST_TEST(c.differences[1].where == "/steps/0/nodes/2/grad");  // w, read by node 4
  BOOST_TEST(c.differences[1].diagnosis == "forward error: the forward pass already parted at node 4's value");
  BOOST_TEST(c.differences[2].where == "/steps/0/nodes/1/grad");
}

BOOST_AUTO_TEST_CASE(structure_updates_steps_and_the_final_pass_are_compared) {
  auto a = golden();
  node(a, 4)["op"] = "add";
  node(a, 5)["name"] = "yhat";
  a["steps"][0]["updates"][1]["after"] = 0.3;
  a["final"]["loss"] = 0.9;
  a["config"]["lr"] = 0.1;
  auto c = tg::compare_traces(golden(), a, {}, 100, tg::Match::ids);
  BOOST_REQUIRE(c.total == 5u);
  BOOST_TEST(c.differences[0].describe() == "config, lr: expected 0.01, actual 0.1 (relative error 9)");
  BOOST_TEST(c.differences[1].describe() == "step 0, node 4 (mul), op: expected \"mul\", actual \"add\"");
  BOOST_TEST(c.differences[2].describe() == "step 0, node 5 \"y_hat\" (add), name: expected \"y_hat\", actual \"yhat\"");
  BOOST_TEST(c.differences[3].where == "/steps/0/updates/1/after");
  BOOST_TEST(c.differences[3].place == "step 0, update of b");
  BOOST_TEST(c.differences[4].where == "/final/loss");
  // By structure (the default) an unnamed node's op and a name nobody else has are advice:
  // y_hat is found by its numbers, and the numbers decide.
  c = tg::compare_traces(golden(), a);
  BOOST_TEST(c.total == 3u);
  BOOST_TEST(c.advice.size() == 1u);
  a = golden();
  a["steps"].push_back(a["steps"][0]);
  BOOST_TEST(tg::compare_traces(golden(), a).differences.front().describe() == "steps: expected 1 step, actual 2 steps");
}

BOOST_AUTO_TEST_CASE(tolerances_and_special_numbers) {
  auto a = golden();
  node(a, 7)["value"] = 128.550244 * (1 + 1e-7);
  a["steps"][0]["loss"] = node(a, 7)["value"];
  BOOST_TEST(tg::compare_traces(golden(), a).pass());  // within rtol 1e-6
  BOOST_TEST(!tg::compare_traces(golden(), a, {1e-8, 1e-9}).pass());
  auto e = golden();
  node(e, 0)["grad"] = "nan";
  a = e;
  BOOST_TEST(tg::compare_traces(e, a).pass());  // nan agrees with nan
  node(a, 0)["grad"] = "inf";
  BOOST_TEST(tg::compare_traces(e, a).differences.front().actual == "inf");
}

BOOST_AUTO_TEST_CASE(a_directory_is_graded_file_by_file) {
  TempDir ref, sub;
  fs::create_directories(sub.path / "x");  // not a .json file: ignored
  auto wrong = golden();
  node(wrong, 0)["value"] = 6.0;
  ref.write("a.json", golden());
  ref.write("b.json", golden());
  ref.write("c.json", golden());
  sub.write("a.json", golden());
  sub.write("b.json", wrong);
  sub.write("z.json", golden());
  auto grades = tg::grade_directory(ref.path, sub.path, {});
  BOOST_REQUIRE(grades.size() == 4u);
  BOOST_TEST((grades[0].status == tg::GradeStatus::pass));
  BOOST_TEST((grades[1].status == tg::GradeStatus::fail));
  BOOST_TEST((grades[2].status == tg::GradeStatus::missing));
  BOOST_TEST((grades[3].status == tg::GradeStatus::extra));
  BOOST_TEST(grades[1].first_difference() == "step 0, node 0 \"x\" (input), value: expected 6.7, actual 6 (relative error 0.104) (/steps/0/nodes/0/value)");
  auto table = tg::summary_table(grades);
  BOOST_TEST(table.find("linear_regression      1/3 traces pass") != std::string::npos);

  auto results = tg::gradescope_results(grades, 2.5);
  BOOST_TEST(results["score"].get<double>() == 2.5);
  BOOST_TEST(results["max_score"].get<double>() == 7.5);
  BOOST_REQUIRE(results["tests"].size() == 3u);  // the extra file is not a test
  BOOST_TEST(results["tests"][0]["status"] == "passed");
  BOOST_TEST(results["tests"][1]["status"] == "failed");
  BOOST_TEST(results["tests"][1]["score"].get<double>() == 0.0);
  BOOST_TEST(results["tests"][1]["output"].get<std::string>().find("/steps/0/nodes/0/value") != std::string::npos);
  BOOST_TEST(results["tests"][2]["name"] == "c.json");
  BOOST_CHECK_THROW(tg::grade_directory(ref.path / "none", sub.path, {}), tg::TraceError);
}

// An old submission: the version 1 golden trace from before version 2 (tests/data/v1/)
// grades against its version 2 regeneration, either way round, with its local derivatives.
BOOST_AUTO_TEST_CASE(a_version_1_trace_grades_against_its_version_2_regeneration) {
  const char* v1_file = TRACEGRAD_SOURCE_DIR "/tests/data/v1/linear_regression.json";
  const char* v2_file = TRACEGRAD_SOURCE_DIR "/tests/data/v1/linear_regression-v2.json";  // as regenerated then
  for (auto [reference, submission] : {std::pair{v2_file, v1_file}, std::pair{v1_file, v2_file}}) {
    auto g = tg::grade_file(reference, submission, {}, tg::Match::ids);
    BOOST_TEST_CONTEXT(g.report(true)) {
      BOOST_TEST((g.status == tg::GradeStatus::pass));
      BOOST_TEST(g.comparison.numbers == 52u);  // node by node, the local derivatives compared too
      BOOST_TEST((tg::grade_file(reference, submission, {}).status == tg::GradeStatus::pass));  // and by structure
    }
  }
}
