// The teacher's guide's example (docs/teaching.md, "Writing assignments"): a new assignment
// of two exercises in one file. Make everything from it with
//   scripts/gradescope/make_assignment.sh assignments/example/assignment.cpp out/
// or `make assignment NAME=example`. The //@ lines cut it (assignments/deck/assignment.cpp
// says how); tests/gradescope/test_make_assignment.sh builds it and grades with it.

//@ template
// ════════════════════════════════════════════════════════════════════════════════════════
//  YOUR FILE: two exercises on the linear model ŷ = w·x + b. Write both bodies, then:
//
//     cmake -S . -B build && cmake --build build && build/check
// ════════════════════════════════════════════════════════════════════════════════════════

//@ types
// The local derivatives of a two-input op out = f(a, b): {∂out/∂a, ∂out/∂b}.
struct Partials {
  double da = 0;
  double db = 0;
};

//@ answer
// ── Exercise 1: div. out = a / b. Return {∂out/∂a, ∂out/∂b}.
// Checked on L = (w·x / b − y)², where b divides.
Partials d_div(double a, double b) {
  return {1 / b, -a / (b * b)};
}

//@ answer
// ── Exercise 2: the gradient of the squared error L = (w·x + b − y)², by hand.
// Return {∂L/∂w, ∂L/∂b} (slides 21–22).
Partials squared_error_gradient(double x, double y, double w, double b) {
  double error = w * x + b - y;  // ∂L/∂ŷ = 2(ŷ − y); ∂ŷ/∂w = x, ∂ŷ/∂b = 1
  return {2 * error * x, 2 * error};
}

//@ model
using tracegrad::Op;
using tracegrad::Tape;
using tracegrad::Var;

// w·x / b with the student's rule for the division, and L = (that − y)².
Var ratio_graph(Tape& t, Params p, Data d, const Solution& s) {
  auto x = t.input("x", d[0]);
  auto y = t.label("y", d[1]);
  auto wx = p[0] * x;
  Partials local = s.d_div(wx.value(), p[1].value());
  auto y_hat = t.record(Op::div, wx.value() / p[1].value(), wx, local.da, p[1], local.db).named("y_hat");
  auto error = y_hat - y;
  return (error * error).named("L");
}

// L = (w·x + b − y)²; its gradient is the student's formula.
Var line_graph(Tape& t, Params p, Data d, const Solution&) {
  auto x = t.input("x", d[0]);
  auto y = t.label("y", d[1]);
  auto wx = p[0] * x;
  auto y_hat = (wx + p[1]).named("y_hat");
  auto error = y_hat - y;
  return (error * error).named("L");
}
std::vector<double> line_by_hand(const Solution& s, std::span<const double> p, Data d) {
  Partials g = s.squared_error_gradient(d[0], d[1], p[0], p[1]);
  return {g.da, g.db};
}

std::vector<Exercise> define_exercises() {
  return {
      {.name = "div", .title = "the local derivatives of div: ∂(a/b)/∂a, ∂(a/b)/∂b", .slides = "22",
       .params = {{"w", 0.5}, {"b", 2, {0.5, 3}}},  // b away from 0
       .data = {{"x", 3, {-3, 3}}, {"y", 1, {-2, 2}}}, .build = ratio_graph, .weight = 2},
      {.name = "squared_error", .title = "∂L/∂w and ∂L/∂b of (w·x + b − y)², by hand", .slides = "21-22",
       .params = {{"w", -0.34}, {"b", 0.04}}, .data = {{"x", 6.7, {0, 10}}, {"y", 9.1, {-10, 10}}},
       .build = line_graph, .analytic = Analytic::by_hand, .by_hand = line_by_hand, .weight = 3,
       .visibility = "after_due_date"},
  };
}

//@ mistakes
Partials div_sign(double a, double b) { return {1 / b, a / (b * b)}; }
Partials div_without_a(double, double b) { return {1 / b, -1 / (b * b)}; }
Partials squared_error_without_2(double x, double y, double w, double b) {
  double error = w * x + b - y;
  return {error * x, error};
}

std::vector<Mistake> define_mistakes() {
  return {
      {"div", "sign error in ∂(a/b)/∂b: a larger b makes a/b smaller, ∂(a/b)/∂b = −a/b²", with(&Solution::d_div, div_sign)},
      {"div", "∂(a/b)/∂b = −a/b²: the a is missing", with(&Solution::d_div, div_without_a)},
      {"squared_error", "missing factor 2: d/de e² = 2e", with(&Solution::squared_error_gradient, squared_error_without_2)},
  };
}
