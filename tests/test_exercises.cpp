#define BOOST_TEST_MODULE exercises
#include <boost/test/unit_test.hpp>

#include <limits>

#include <cmath>
#include <set>

#include <tracegrad/ops.hpp>
#include <tracegrad/trace_compare.hpp>
#include <tracegrad/trace_read.hpp>

#include "judge.hpp"

namespace ex = exercise;
namespace tg = tracegrad;
using boost::test_tools::tolerance;

namespace {

// Seeded classic mistakes, each written the way a student would write it.
double square_counted_once(double a) { return a; }  // "x·x: the derivative of x is 1, times x"
ex::Partials add_with_minus(double, double) { return {1, -1}; }
ex::Partials mul_swapped(double a, double b) { return {a, b}; }
double sigmoid_prime_as_sigmoid(double, double s) { return s; }
double log_with_minus(double a) { return -1 / a; }
ex::Theta by_hand_without_x(const ex::Sample& s, const ex::Theta& t) {
  double y_hat = tg::sigmoid(t.w1 * s.x1 + t.w2 * s.x2 + t.b);
  return {y_hat - s.y, y_hat - s.y, y_hat - s.y};
}
ex::Theta by_hand_upside_down(const ex::Sample& s, const ex::Theta& t) {
  double y_hat = tg::sigmoid(t.w1 * s.x1 + t.w2 * s.x2 + t.b);
  return {s.y - y_hat, (s.y - y_hat) * s.x1, (s.y - y_hat) * s.x2};
}
void backward_with_assign(const tg::Tape& tape, tg::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;
  for (tg::NodeId i = root; i >= 0; --i)
    for (int k = 0; k < tape.node(i).arity; ++k) grads[tape.node(i).input[k]] = tape.node(i).partial[k] * grads[i];
}
void backward_without_upstream(const tg::Tape& tape, tg::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;
  for (tg::NodeId i = root; i >= 0; --i)
    for (int k = 0; k < tape.node(i).arity; ++k) grads[tape.node(i).input[k]] += tape.node(i).partial[k];
}
void backward_over_distinct_inputs(const tg::Tape& tape, tg::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;
  for (tg::NodeId i = root; i >= 0; --i) {
    const tg::Node& n = tape.node(i);
    std::set<tg::NodeId> seen;
    for (int k = 0; k < n.arity; ++k)
      if (seen.insert(n.input[k]).second) grads[n.input[k]] += n.partial[k] * grads[i];
  }
}
void backward_in_creation_order(const tg::Tape& tape, tg::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;
  for (tg::NodeId i = 0; i <= root; ++i)
    for (int k = 0; k < tape.node(i).arity; ++k) grads[tape.node(i).input[k]] += tape.node(i).partial[k] * grads[i];
}

template <class F>
ex::Solution seeded(F ex::Solution::*member, std::type_identity_t<F> mistake) {
  ex::Solution s = ex::reference_solution();
  s.*member = mistake;
  return s;
}

const ex::Exercise& exercise_named(const std::string& name) { return ex::exercise_named(name); }

// The checker at the slide's point, with the hints of the exercise's known mistakes.
ex::Result check(const ex::Exercise& e, const ex::Solution& s) {
  return ex::check(e, s, ex::known_mistakes(e, ex::slide_point(e)));
}

// The exercise fails, and every other one still passes (each isolates one answer).
std::string hint_of(const std::string& name, const ex::Solution& s) {
  std::string hint;
  for (const auto& e : ex::exercises()) {
    auto r = check(e, s);
    BOOST_TEST(r.pass() == (e.name != name), e.name);
    if (e.name == name) hint = r.hint;
  }
  return hint;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(the_exercises_come_in_the_order_of_the_student_file) {
  std::vector<std::string> names;
  for (const auto& e : ex::exercises()) names.push_back(e.name);
  std::vector<std::string> expected{"square", "add", "mul", "sigmoid", "log", "logistic_gradient", "backward"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_reference_passes_every_exercise_with_the_slides_numbers) {
  for (const auto& e : ex::exercises()) BOOST_TEST(check(e, ex::reference_solution()).pass(), e.name);
  auto r = check(exercise_named("logistic_gradient"), ex::reference_solution());
  // slide 48 prints 0.6856, 0.9599, 0.1371 (truncated): within one unit of the last digit
  BOOST_TEST(std::fabs(r.report.leaves[0].analytic - 0.6856) < 1e-4);  // ∂L/∂b
  BOOST_TEST(std::fabs(r.report.leaves[1].analytic - 0.9599) < 1e-4);  // ∂L/∂w1
  BOOST_TEST(std::fabs(r.report.leaves[2].analytic - 0.1371) < 1e-4);  // ∂L/∂w2
  auto sq = check(exercise_named("square"), ex::reference_solution());
  BOOST_TEST(sq.report.leaves[0].analytic == -151.9292, tolerance(1e-12));  // slide 22: ∂L/∂w
}

BOOST_AUTO_TEST_CASE(the_shipped_stubs_fail_every_exercise) {
  for (const auto& e : ex::exercises()) {
    auto r = check(e, ex::student_solution());
    BOOST_TEST(!r.pass(), e.name);
    BOOST_TEST(contains(r.hint, "not written yet"), e.name << ": " << r.hint);
  }
}

BOOST_AUTO_TEST_CASE(each_classic_mistake_fails_its_exercise_with_its_hint) {
  using S = ex::Solution;
  BOOST_TEST(contains(hint_of("square", seeded(&S::d_square, square_counted_once)), "x·x counted once"));
  BOOST_TEST(contains(hint_of("add", seeded(&S::d_add, add_with_minus)), "that is sub's rule"));
  BOOST_TEST(contains(hint_of("mul", seeded(&S::d_mul, mul_swapped)), "the OTHER factor"));
  BOOST_TEST(contains(hint_of("sigmoid", seeded(&S::d_sigmoid, sigmoid_prime_as_sigmoid)), "σ'(z) written as σ(z)"));
  BOOST_TEST(contains(hint_of("log", seeded(&S::d_log, log_with_minus)), "sign error"));
  BOOST_TEST(contains(hint_of("logistic_gradient", seeded(&S::logistic_gradient, by_hand_without_x)),
                      "missing chain factor"));
  BOOST_TEST(contains(hint_of("logistic_gradient", seeded(&S::logistic_gradient, by_hand_upside_down)), "sign error"));
  BOOST_TEST(contains(hint_of("backward", seeded(&S::backward, backward_with_assign)), "= instead of +="));
  BOOST_TEST(contains(hint_of("backward", seeded(&S::backward, backward_without_upstream)), "missing chain factor"));
  BOOST_TEST(contains(hint_of("backward", seeded(&S::backward, backward_over_distinct_inputs)),
                      "e·e lists e twice"));
  BOOST_TEST(contains(hint_of("backward", seeded(&S::backward, backward_in_creation_order)), "nothing reaches the leaves"));
}

BOOST_AUTO_TEST_CASE(a_failure_prints_analytic_beside_numeric) {
  auto r = check(exercise_named("square"), seeded(&ex::Solution::d_square, square_counted_once));
  BOOST_TEST(r.report.leaves[0].analytic == -151.9292 / 2, tolerance(1e-12));
  BOOST_TEST(r.report.leaves[0].numeric == -151.9292, tolerance(1e-6));
  auto text = ex::describe(r);
  BOOST_TEST(contains(text, "FAIL exercise 1 square"));
  BOOST_TEST(contains(text, "analytic -75.9646"));
  BOOST_TEST(contains(text, "numeric -151.9292"));
  BOOST_TEST(contains(text, "hint: the duplicate input of x·x counted once"));
}

BOOST_AUTO_TEST_CASE(an_exercise_trace_is_graded_against_the_shipped_reference) {
  const auto& e = exercise_named("backward");
  auto reference = tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/exercises/exercises-backward.json");
  auto mine = ex::exercise_trace(e, ex::reference_solution()).json();
  BOOST_TEST(tg::compare_traces(reference, mine).pass());
  auto wrong = ex::exercise_trace(e, seeded(&ex::Solution::backward, backward_over_distinct_inputs)).json();
  auto c = tg::compare_traces(reference, wrong);
  BOOST_REQUIRE(!c.pass());
  BOOST_TEST(c.differences.front().where == "/steps/0/nodes/11/grad");  // e2, both inputs of e2·e2: half its gradient
  BOOST_TEST(contains(c.differences.front().diagnosis, "users (node 13)"));
}

// The trace of an exercise is the diagram of the student's own graph: on the edge into the
// node whose rule they wrote is their local derivative, the one the sweep multiplied in.
BOOST_AUTO_TEST_CASE(an_exercise_trace_carries_the_students_own_rule_on_its_edge) {
  const auto& e = exercise_named("square");
  auto wrong = ex::exercise_trace(e, seeded(&ex::Solution::d_square, square_counted_once)).json();
  auto right = ex::exercise_trace(e, ex::reference_solution()).json();
  const auto& L = wrong["steps"][0]["nodes"][7];  // L = (ŷ − y)², ŷ − y = −11.338
  BOOST_REQUIRE(L["op"] == "square");
  BOOST_TEST(L["local"][0].get<double>() == -11.338, tolerance(1e-12));  // the student's a, not 2a
  BOOST_TEST(right["steps"][0]["nodes"][7]["local"][0].get<double>() == -22.676, tolerance(1e-12));
  auto reference = tg::load_trace(TRACEGRAD_SOURCE_DIR "/traces/exercises/exercises-square.json");
  auto c = tg::compare_traces(reference, wrong, {}, std::numeric_limits<std::size_t>::max(), tg::Match::ids);
  BOOST_REQUIRE(!c.pass());
  BOOST_TEST(c.differences.front().where == "/steps/0/nodes/7/local/0");  // where the student's rule sits
  BOOST_TEST(tg::compare_traces(reference, right).pass());
}

// Hidden points vary the data as well as the params, each leaf within its domain: labels
// from {0, 1} (both among the three hidden points), inputs in range, σ away from saturation.
BOOST_AUTO_TEST_CASE(hidden_points_draw_params_inputs_and_labels_from_their_domains) {
  for (std::uint64_t seed : {1ull, 42ull, 123456789ull}) {
    for (const auto& e : ex::exercises()) {
      auto points = ex::test_points(e, seed, 3);
      BOOST_REQUIRE(points.size() == 4u);
      BOOST_TEST(points[0].params == ex::slide_point(e).params, boost::test_tools::per_element());
      for (std::size_t i = 1; i < points.size(); ++i) {
        BOOST_TEST(points[i].data != points[0].data, e.name << " point " << i);
        for (std::size_t k = 0; k < e.data.size(); ++k) {
          const auto& d = e.data[k].hidden;
          double x = points[i].data[k];
          if (d.choices.empty()) BOOST_TEST((d.lo <= x && x <= d.hi), e.name << " " << e.data[k].name << " = " << x);
          else BOOST_TEST((x == 0 || x == 1), e.name << " " << e.data[k].name << " = " << x);
        }
      }
      if (e.name == "logistic_gradient") {
        std::set<double> labels;
        for (std::size_t i = 1; i < points.size(); ++i) {
          const auto& p = points[i];
          labels.insert(p.data[2]);
          double y_hat = tg::sigmoid(p.params[1] * p.data[0] + p.params[2] * p.data[1] + p.params[0]);
          BOOST_TEST((0.01 < y_hat && y_hat < 0.99), "seed " << seed << ": ŷ = " << y_hat);
        }
        BOOST_TEST(labels.size() == 2u, "seed " << seed << ": both labels");
      }
    }
  }
  const auto& e = exercise_named("backward");
  BOOST_TEST(ex::test_points(e, 7, 3)[2].data == ex::test_points(e, 7, 3)[2].data, boost::test_tools::per_element());
  BOOST_TEST(ex::test_points(e, 7, 3)[2].data != ex::test_points(e, 8, 3)[2].data);
}

// The reference passes at hidden points too (labels 1 included): the graph and the
// reference agree wherever the points are drawn, and the known mistakes still fail there.
BOOST_AUTO_TEST_CASE(the_reference_agrees_with_central_differences_at_hidden_points) {
  for (const auto& e : ex::exercises())
    for (const auto& p : ex::test_points(e, 2024, 3)) {
      tg::GraphBuilder f = [&](tg::Tape& tape, std::span<const tg::Var> params) {
        return e.build(tape, params, p.data, ex::reference_solution());
      };
      auto numeric = tg::gradcheck(f, p.params, ex::sweep_for(e, ex::reference_solution(), p.data));
      BOOST_TEST(numeric.pass(), e.name);
      for (const auto& m : ex::mistakes(e))
        BOOST_TEST(!ex::same_gradient(ex::analytic_gradient(e, m.solution, p), ex::analytic_gradient(e, ex::reference_solution(), p)),
                   e.name << ": " << m.hint);
    }
}

// A teacher's mistake in the exercise list is one sentence naming the exercise.
BOOST_AUTO_TEST_CASE(a_bad_exercise_list_names_its_first_problem) {
  BOOST_TEST(ex::first_problem(ex::exercises()) == "");
  auto with = [](auto&& change) {
    std::vector<ex::Exercise> list = ex::exercises();
    change(list);
    return ex::first_problem(list);
  };
  BOOST_TEST(with([](auto& l) { l[1].name = "square"; }) == "exercise 'square': two exercises have this name");
  BOOST_TEST(with([](auto& l) { l[0].name = "Square!"; }) == "exercise 'Square!': a name is lower-case letters, digits and _");
  BOOST_TEST(with([](auto& l) { l[2].weight = -1; }) == "exercise 'mul': weight: expected a number ≥ 0");
  BOOST_TEST(with([](auto& l) { l[3].visibility = "public"; }) ==
             "exercise 'sigmoid': visibility: expected visible, hidden, after_due_date or after_published");
  BOOST_TEST(with([](auto& l) { l[5].by_hand = nullptr; }) ==
             "exercise 'logistic_gradient': by_hand is set exactly when analytic is Analytic::by_hand");
  BOOST_TEST(with([](auto& l) { l[6].sweep = nullptr; }) ==
             "exercise 'backward': sweep is set exactly when analytic is Analytic::student_sweep");
  BOOST_TEST(with([](auto& l) { l[0].data[0].hidden = {2, 1}; }) ==
             "exercise 'square': leaf 'x': its hidden domain needs lo < hi or choices");
  BOOST_TEST(with([](auto& l) { l.clear(); }) == "the assignment has no exercises");
}
