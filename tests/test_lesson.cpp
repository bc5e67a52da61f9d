// The lesson machinery (lesson.hpp, descent.hpp, losses.hpp): compare_with_slide() verdicts, updates and
// their rules, runs, --set, the descent loop's three ways to stop, the logistic loss.
#define BOOST_TEST_MODULE lesson
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "tracegrad/breakdown.hpp"
#include "tracegrad/descent.hpp"
#include "tracegrad/lesson.hpp"
#include "tracegrad/losses.hpp"
#include "tracegrad/ops.hpp"
#include "tracegrad/tensor_ops.hpp"
#include "tracegrad/worked_example.hpp"

namespace tg = tracegrad;

namespace {

tg::Lesson make_lesson(std::vector<std::pair<std::string, double>> sets = {}, double lr = 0.1, int steps = 50) {
  tg::LessonOptions options;
  options.pause = false;
  options.sets = std::move(sets);
  options.extra = {tg::loss_flag()};
  return tg::Lesson({"demo", "Demo", "1", lr, steps, {tg::loss_flag()}}, options);
}

std::vector<std::string> notes_of(const tg::ordered_json& part) {
  std::vector<std::string> out;
  if (part.contains("notes"))
    for (const auto& n : part["notes"]) out.push_back(n.get<std::string>());
  return out;
}

bool has_note(const std::vector<std::string>& notes, const std::string& text) {
  for (const auto& n : notes)
    if (n.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(deck_verdicts) {
  auto lesson = make_lesson();
  auto v = lesson.param("v", 1.0);
  lesson.forward([&] { return tg::square(v).named("L"); });
  lesson.compare_with_slide("a", 128.55, "128.55", "slide 1");
  lesson.compare_with_slide("b", 128.550244, "128.55", "slide 2");
  lesson.compare_with_slide("c", 0.68568, "0.6856", "slide 3");
  lesson.compare_with_slide("d", -0.0545040, "-0.0545", "slide 4");
  lesson.compare_with_slide("e", 0.4909, "0.4910", "slide 5");    // off by one unit, neither rounded nor truncated
  lesson.compare_with_slide("f", 0.4904, "0.4990", "slide 6", "it is 0.4904");
  lesson.compare_with_slide("g", 2.0, "0.0", "slide 7");
  auto notes = notes_of(lesson.trace().json()["steps"][0]);
  BOOST_REQUIRE(notes.size() == 7u);
  BOOST_TEST(notes[0] == "slide 1 prints a = 128.55; computed 128.55 (the same)");
  BOOST_TEST(notes[1] == "slide 2 prints b = 128.55; computed 128.550244 (rounded)");
  BOOST_TEST(notes[2] == "slide 3 prints c = 0.6856; computed 0.68568 (truncated, not rounded)");
  BOOST_TEST(notes[3] == "slide 4 prints d = -0.0545; computed -0.054504 (rounded)");
  BOOST_TEST(notes[4] == "slide 5 prints e = 0.4910; computed 0.4909 (within one unit of the last digit)");
  BOOST_TEST(notes[5] == "slide 6 prints f = 0.4990; computed 0.4904 (erratum: it is 0.4904)");
  BOOST_TEST(notes[6] == "slide 7 prints g = 0.0; computed 2 (differs)");
}

BOOST_AUTO_TEST_CASE(deck_is_silent_after_set) {
  auto lesson = make_lesson({{"v", 3.0}});
  auto v = lesson.param("v", 1.0);
  BOOST_TEST(v.value() == 3.0);
  BOOST_TEST(lesson.trace().json()["config"]["set"]["v"] == 3.0);
  lesson.forward([&] { return tg::square(v).named("L"); });
  lesson.compare_with_slide("a", 9.0, "1.0", "slide 1");
  lesson.compare_with_slide("b", 9.0, "1.0", "slide 1");
  auto notes = notes_of(lesson.trace().json()["steps"][0]);
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0] == "--set changed the slide's starting values: the deck's numbers are not compared");
}

BOOST_AUTO_TEST_CASE(set_of_an_unknown_leaf_is_a_usage_error) {
  auto lesson = make_lesson({{"q", 1.0}});
  auto v = lesson.param("v", 1.0);
  BOOST_CHECK_EXCEPTION(lesson.forward([&] { return tg::square(v); }), tg::UsageError, [](const tg::UsageError& e) {
    return std::string(e.what()) == "--set q: this lesson has no leaf named 'q' (its leaves: v)";
  });
}

// A leaf the run sets itself (fixed_input): --set leaves it alone, says so, and config "set"
// does not list it; an unknown name is still refused, and the message lists the fixed leaf.
BOOST_AUTO_TEST_CASE(a_fixed_leaf_is_not_set_nor_recorded) {
  auto lesson = make_lesson({{"z", 3.0}});
  auto z = lesson.fixed_input("z", -7.0);
  BOOST_TEST(z.value() == -7.0);
  BOOST_TEST(lesson.trace().json()["config"]["set"].empty());
  BOOST_TEST(lesson.trace().json()["config"].contains("set"));
  lesson.forward([&] { return tg::square(z).named("L"); });
  BOOST_TEST(has_note(notes_of(lesson.trace().json()["steps"][0]),
                      "--set z: this run sets z itself at every step; the other runs start at 3"));

  auto other = make_lesson({{"q", 1.0}});
  auto y = other.fixed_label("y", 0.0);
  auto v = other.param("v", 1.0);
  BOOST_CHECK_EXCEPTION(other.forward([&] { return tg::square(v - y); }), tg::UsageError, [](const tg::UsageError& e) {
    return std::string(e.what()) == "--set q: this lesson has no leaf named 'q' (its leaves: v, y)";
  });
}

BOOST_AUTO_TEST_CASE(update_default_and_custom_rules) {
  auto lesson = make_lesson({}, 0.5);
  auto x = lesson.param("x", 3.0);
  auto y = lesson.param("y", 4.0);
  auto f = [&] {
    auto x2 = tg::square(x);
    return (x2 + tg::square(y)).named("f");
  };
  lesson.backward(lesson.forward(f));
  lesson.update({x});  // x − η·∂f/∂x = 3 − 0.5·6 = 0
  tg::UpdateRule sign = [](const tg::Var& p, double lr, std::string_view) {
    return tg::Move{"sign", "", p.value() - lr * ((p.grad() > 0) - (p.grad() < 0))};
  };
  lesson.update({y}, sign);  // 4 − 0.5·sign(8) = 3.5
  BOOST_TEST(x.value() == 0.0);
  BOOST_TEST(y.value() == 3.5);
  const auto& updates = lesson.trace().json()["steps"][0]["updates"];
  BOOST_REQUIRE(updates.size() == 2u);
  BOOST_TEST(updates[0]["param"] == "x");
  BOOST_TEST(updates[0]["grad"] == 6.0);
  BOOST_TEST(updates[1]["before"] == 4.0);
  BOOST_TEST(updates[1]["grad"] == 8.0);
  BOOST_TEST(updates[1]["after"] == 3.5);
  auto step = tg::gradient_step(x, 0.5, "f");
  BOOST_TEST(step.rule == "x − η·∂f/∂x");
}

BOOST_AUTO_TEST_CASE(a_vector_param_with_set_and_its_update) {
  auto lesson = make_lesson({{"theta[1]", 0.3}}, 0.5);
  auto theta = lesson.param("theta", tg::Tensor::vector({1.0, 2.0, 3.0}));
  lesson.backward(lesson.forward([&] { return tg::sum(tg::square(theta)).named("f"); }));
  lesson.update(theta);  // θ − 0.5·2θ = 0
  BOOST_TEST(lesson.trace().json()["config"]["set"]["theta[1]"] == 0.3);
  const auto& u = lesson.trace().json()["steps"][0]["updates"][0];
  BOOST_TEST(u["before"] == tg::ordered_json::parse("[1.0, 0.3, 3.0]"));
  BOOST_TEST(u["grad"] == tg::ordered_json::parse("[2.0, 0.6, 6.0]"));
  BOOST_TEST(u["after"] == tg::ordered_json::parse("[0.0, 0.0, 0.0]"));
  BOOST_TEST(theta.values()[2] == 0.0);
}

BOOST_AUTO_TEST_CASE(trace_full_writes_every_element) {
  tg::LessonOptions options;
  options.pause = false;
  options.trace_full = true;
  tg::Lesson lesson({"demo", "Demo", "1"}, options);
  auto v = lesson.param("v", tg::Tensor::filled({100}, 0.5));
  lesson.finish([&] { return tg::sum(v).named("L"); });
  BOOST_TEST(lesson.trace().json()["final"]["nodes"][0]["value"].size() == 100u);
  BOOST_TEST(lesson.trace().json()["config"]["trace_full"] == true);
}

BOOST_AUTO_TEST_CASE(trace_file_takes_one_run) {
  tg::LessonOptions options;
  options.pause = false;
  options.trace_file = "unused.json";
  tg::Lesson lesson({"demo", "Demo", "1"}, options);
  BOOST_CHECK_NO_THROW(lesson.plan_runs(1));
  BOOST_CHECK_THROW(lesson.plan_runs(2), tg::UsageError);
}

BOOST_AUTO_TEST_CASE(runs_write_lesson_run_files) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / "tracegrad_test_lesson";
  fs::remove_all(dir);
  tg::LessonOptions options;
  options.pause = false;
  options.trace_dir = dir.string();
  tg::Lesson lesson({"demo", "Demo", "1"}, options);
  for (const char* run : {"a", "b"}) {
    lesson.start_run(run);
    auto v = lesson.param("v", 2.0);
    lesson.finish([&] { return tg::square(v).named("L"); });
  }
  lesson.end();
  BOOST_TEST(fs::exists(dir / "demo-a.json"));
  BOOST_TEST(fs::exists(dir / "demo-b.json"));
  fs::remove_all(dir);
}

// f = x² from 99: x_t = (1 − 2η)^t · 99.
struct Descended {
  int updates;
  double x;
  tg::ordered_json trace;
};
Descended descend_square(double lr, int steps, int steps_outside = 0) {
  auto lesson = make_lesson({}, lr, steps);
  auto x = lesson.param("x", 99.0);
  tg::Descent how;
  how.steps_outside = steps_outside;
  int at_final = -1;
  int n = tg::descend(lesson, [&] { return tg::square(x).named("f"); }, {x}, how, [&](int t, bool has_grad) {
    if (!has_grad) at_final = t;
  });
  BOOST_TEST((at_final == -1 || at_final == n));
  return {n, x.value(), lesson.trace().json()};
}

BOOST_AUTO_TEST_CASE(descent_converges) {
  auto d = descend_square(0.8, 50);  // 0.6^23·99 ≈ 7.8e-4 < 1e-3 ≤ 0.6^22·99
  BOOST_TEST(d.updates == 23);
  BOOST_TEST(std::fabs(d.x) < 1e-3);
  BOOST_TEST(d.trace["steps"].size() == 24u);  // the last step only shows the gradient is ~0
  BOOST_TEST(d.trace["steps"][23]["updates"].empty());
  BOOST_TEST(has_note(notes_of(d.trace["steps"][23]), "converged at step 23"));
}

BOOST_AUTO_TEST_CASE(descent_runs_out_of_steps) {
  auto d = descend_square(0.1, 50);
  BOOST_TEST(d.updates == 50);
  BOOST_TEST(d.x == 99 * std::pow(0.8, 50), boost::test_tools::tolerance(1e-12));
  BOOST_TEST(has_note(notes_of(d.trace["final"]), "stopped after 50 updates (--steps), not converged"));
  BOOST_TEST(d.trace["config"]["domain"] == (tg::ordered_json{-100, 100}));
}

BOOST_AUTO_TEST_CASE(descent_leaves_the_domain) {
  auto d = descend_square(1.1, 50);
  BOOST_TEST(d.updates == 1);
  BOOST_TEST(d.x == -118.8, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(has_note(notes_of(d.trace["steps"][0]), "left the domain [-100, 100] at step 1: x = -118.8"));
  auto slide7 = descend_square(1.1, 50, 2);  // two more updates, as slide 7 draws them
  BOOST_TEST(slide7.updates == 3);
  BOOST_TEST(slide7.x == -171.072, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(square_factor_explains_each_regime) {
  BOOST_TEST(tg::square_factor(0.1).find("k = 1 − 2·0.1 = 0.8: p shrinks") != std::string::npos);
  BOOST_TEST(tg::square_factor(0.8).find("oscillates in") != std::string::npos);
  BOOST_TEST(tg::square_factor(1.0).find("oscillates forever") != std::string::npos);
  BOOST_TEST(tg::square_factor(1.1).find("diverges") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(logistic_loss_forms_agree_and_softplus_stays_finite) {
  for (double z0 : {-3.0, -0.04, 0.78, 5.0}) {
    for (double y0 : {0.0, 1.0}) {
      tg::Tape a, b;
      auto za = a.param("z", z0), zb = b.param("z", z0);
      auto La = tg::sigmoid_cross_entropy(za, a.label("y", y0), "log");
      auto Lb = tg::sigmoid_cross_entropy(zb, b.label("y", y0), "softplus");
      La.backward();
      Lb.backward();
      BOOST_TEST(La.value() == Lb.value(), boost::test_tools::tolerance(1e-12));
      BOOST_TEST(za.grad() == zb.grad(), boost::test_tools::tolerance(1e-12));
      BOOST_TEST(zb.grad() == tg::sigmoid(z0) - y0, boost::test_tools::tolerance(1e-12));  // ∂L/∂z = ŷ − y
    }
  }
  tg::Tape t;
  auto z = t.param("z", 84.1);
  auto L = tg::sigmoid_cross_entropy(z, t.label("y", 0.0), "softplus");
  L.backward();
  BOOST_TEST(L.value() == 84.1, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(z.grad() == 1.0);
  BOOST_TEST(!t.first_nonfinite().has_value());
  BOOST_CHECK_THROW(tg::sigmoid_cross_entropy(z, t.label("y2", 0.0), "exp"), tg::UsageError);
}

// A warning naming the node, why and the rewrite; the run stops before its update.
BOOST_AUTO_TEST_CASE(overflow_is_warned_with_the_node_and_the_rewrite_and_stops_the_run) {
  auto lesson = make_lesson();
  auto z = lesson.param("z", 84.1);
  auto y = lesson.label("y", 0.0);
  auto L = lesson.forward([&] { return tg::sigmoid_cross_entropy(z, y, "log"); });
  BOOST_CHECK_THROW(lesson.backward(L), tg::RunBrokeDown);  // and the run stops
  BOOST_TEST(std::isinf(L.value()));
  auto notes = notes_of(lesson.trace().json()["steps"][0]);
  BOOST_TEST(has_note(notes, "warning: non-finite number at node"), notes.size());
  BOOST_TEST(has_note(notes, "(log): value -inf (log of 0: (1 − y_hat) = 0, since σ(z) rounds to 1 in double "
                             "precision once |z| ≳ 37; here z = 84.1); use the stable rewrite log(1 − σ(z)) = "
                             "−softplus(z) (--loss softplus)"));
  const auto& t = lesson.trace().json();
  BOOST_TEST(t["steps"][0]["loss"] == "inf");
  BOOST_TEST(t["steps"].size() == 1u);
  BOOST_TEST(t["steps"][0]["updates"].empty());
  BOOST_TEST((z.value() == 84.1 && t["final"]["nodes"][0]["value"] == 84.1));  // z as it was
  BOOST_TEST(has_note(notes_of(t["final"]), "stopped at step 0"));
}

BOOST_AUTO_TEST_CASE(worked_example_compares_the_first_step_and_after) {
  auto run = [](int steps) {
    auto lesson = make_lesson({}, 0.25, steps);
    auto w = lesson.param("w", 3.0);
    int built = 0;  // how many times the model built its graph: once, then it is replayed
    auto model = [&] {
      ++built;
      return tg::square(w).named("L");  // ∂L/∂w = 2w, w ← w − 0.25·2w = w/2
    };
    tg::WorkedExample example{.forward = {{"L", tg::value_of("L"), "9", "s1"}},
                              .backward = {{"∂L/∂w", tg::grad_of("w"), "6", "s1"}},
                              .update = {{"w", tg::value_of("w"), "1.5", "s1"}},
                              .update_notes = {"a note"},
                              .after = {{"L after", tg::value_of("L"), "2.25", "s1"}}};
    auto L = tg::worked_example(lesson, model, {w}, example);
    return std::tuple{L.value(), lesson.trace().json(), built};
  };
  auto [one, trace1, built1] = run(1);
  BOOST_TEST(one == 2.25);
  BOOST_TEST(built1 == 1);  // the finish replayed the step's graph
  auto step0 = notes_of(trace1["steps"][0]);
  BOOST_REQUIRE(step0.size() == 4u);
  BOOST_TEST(step0[2] == "s1 prints w = 1.5; computed 1.5 (the same)");
  BOOST_TEST(step0[3] == "a note");
  auto final1 = notes_of(trace1["final"]);
  BOOST_REQUIRE(final1.size() == 2u);
  BOOST_TEST(final1[0] == "s1 prints L after = 2.25; computed 2.25 (the same)");
  BOOST_TEST(final1[1] == "the loss on this sample went from 9 to 2.25 after 1 update");

  auto [two, trace2, built2] = run(2);  // the slide's "after" numbers are for one update only
  BOOST_TEST(two == 0.5625);
  BOOST_TEST(built2 == 1);
  BOOST_TEST(notes_of(trace2["steps"][1]).empty());
  BOOST_TEST((notes_of(trace2["final"]) ==
              std::vector<std::string>{"the loss on this sample went from 9 to 0.5625 after 2 updates"}));

  auto lesson = make_lesson({}, 0.25, 1);
  auto w = lesson.param("w", 3.0);
  tg::WorkedExample unknown{.forward = {{"z", tg::value_of("z"), "1", "s1"}}};
  BOOST_CHECK_THROW(tg::worked_example(lesson, [&] { return tg::square(w); }, {w}, unknown), std::logic_error);
}

BOOST_AUTO_TEST_CASE(record_once_refuses_a_model_that_reads_a_value) {
  // The model branches on z's value while it is recorded: a replay could not follow the branch,
  // so the second step says so instead of quietly recording every step again.
  auto lesson = make_lesson({}, 0.1, 3);
  lesson.record_once();
  auto x = lesson.input("x", 1.4);
  auto w = lesson.param("w", -0.1);
  auto model = [&] {
    auto z = w * x;
    return z.value() < 0 ? tg::square(z) : z;
  };
  lesson.set_verbose(false);
  auto L = lesson.forward(model);
  lesson.backward(L);
  lesson.update({w});
  try {
    lesson.forward(model);
    BOOST_FAIL("the second step replayed a model that read a value");
  } catch (const std::logic_error& e) {
    BOOST_TEST(std::string(e.what()).find("record_once(), but a value was read while the graph was recorded") !=
               std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(record_once_replays_the_steps_it_would_record) {
  // Five steps of the deck's logistic loss (slides 44–46), recorded at every step and recorded
  // once then replayed: the same trace, number for number, and the second never rewound its tape
  // after the first step (a rewind that drops nodes starts a new era).
  auto run = [](bool once) {
    auto lesson = make_lesson({}, 0.1, 5);
    if (once) lesson.record_once();
    auto x = lesson.input("x", 1.4);
    auto y = lesson.label("y", 0.0);
    auto w = lesson.param("w", -0.1), b = lesson.param("b", 0.1);
    auto model = [&] { return tg::sigmoid_cross_entropy(w * x + b, y, "log"); };
    lesson.set_verbose(false);
    std::uint32_t era = 0;
    for (int t = 0; t < 5; ++t) {
      auto L = lesson.forward(model);
      lesson.backward(L);
      lesson.update({w, b});
      if (t == 0) era = lesson.tape().era();
    }
    lesson.finish(model);
    return std::pair{lesson.trace().json(), lesson.tape().era() - era};
  };
  auto [recorded, recorded_rewinds] = run(false);
  auto [replayed, replayed_rewinds] = run(true);
  BOOST_TEST(recorded_rewinds == 5u);  // four more steps and the finish
  BOOST_TEST(replayed_rewinds == 0u);
  BOOST_TEST(recorded["steps"] == replayed["steps"]);
  BOOST_TEST(recorded["final"] == replayed["final"]);
  BOOST_TEST(recorded["steps"].size() == 5u);
}
