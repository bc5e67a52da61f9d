// The exercises: a graph from the deck per exercise, with one of your answers plugged in.
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include <tracegrad/ops.hpp>

#include "exercise_list.hpp"

namespace exercise {

using tracegrad::Op;
using tracegrad::Tape;
using tracegrad::Var;

namespace {

// ---- a small teaching engine: the value is ours, the local derivative is the solution's ----

Var square(const Var& a, const Solution& s) {
  return a.tape().record(Op::square, a.value() * a.value(), a, s.d_square(a.value()));
}
Var add(const Var& a, const Var& b, const Solution& s) {
  Partials p = s.d_add(a.value(), b.value());
  return a.tape().record(Op::add, a.value() + b.value(), a, p.da, b, p.db);
}
Var mul(const Var& a, const Var& b, const Solution& s) {
  Partials p = s.d_mul(a.value(), b.value());
  return a.tape().record(Op::mul, a.value() * b.value(), a, p.da, b, p.db);
}
Var sigmoid(const Var& z, const Solution& s) {
  double out = tracegrad::sigmoid(z.value());
  return z.tape().record(Op::sigmoid, out, z, s.d_sigmoid(z.value(), out));
}
Var log(const Var& a, const Solution& s) {
  return a.tape().record(Op::log, std::log(a.value()), a, s.d_log(a.value()));
}

// ---- the graphs (intermediate results on their own lines: the ids do not depend on the compiler) ----

// Slides 21–22: x = 6.7, y = 9.1, ŷ = w·x + b, L = (ŷ − y)². Params w, b.
struct Linear {
  Var wx, y_hat, error;
};
Linear linear(Tape& t, std::span<const Var> p, const Solution& s, bool your_add, bool your_mul) {
  auto x = t.input("x", 6.7);
  auto y = t.label("y", 9.1);
  auto wx = your_mul ? mul(p[0], x, s) : p[0] * x;
  auto y_hat = (your_add ? add(wx, p[1], s) : wx + p[1]).named("y_hat");
  return {wx, y_hat, y_hat - y};
}
Var square_graph(Tape& t, std::span<const Var> p, const Solution& s) {
  return square(linear(t, p, s, false, false).error, s).named("L");
}
Var add_graph(Tape& t, std::span<const Var> p, const Solution& s) {
  return tracegrad::square(linear(t, p, s, true, false).error).named("L");
}
Var mul_graph(Tape& t, std::span<const Var> p, const Solution& s) {
  return tracegrad::square(linear(t, p, s, false, true).error).named("L");
}

// Slides 44–45: x = 1.4, y = 0, z = w·x + b, ŷ = σ(z), L = −log(1 − ŷ) (y = 0). Params w, b.
Var logistic_one(Tape& t, std::span<const Var> p, const Solution& s, bool your_sigmoid, bool your_log) {
  auto x = t.input("x", 1.4);
  auto z = (p[0] * x + p[1]).named("z");
  auto y_hat = (your_sigmoid ? sigmoid(z, s) : tracegrad::sigmoid(z)).named("y_hat");
  auto one_minus = 1 - y_hat;
  return (-(your_log ? log(one_minus, s) : tracegrad::log(one_minus))).named("L");
}
Var sigmoid_graph(Tape& t, std::span<const Var> p, const Solution& s) { return logistic_one(t, p, s, true, false); }
Var log_graph(Tape& t, std::span<const Var> p, const Solution& s) { return logistic_one(t, p, s, false, true); }

// Slides 47–51: x1 = 1.4, x2 = 0.2, y = 0, z = w1·x1 + w2·x2 + b, L = −log(1 − σ(z)). Params b, w1, w2.
constexpr Sample slide47{1.4, 0.2, 0.0};
Var logistic_two(Tape& t, std::span<const Var> p, const Solution&) {
  auto x1 = t.input("x1", slide47.x1);
  auto x2 = t.input("x2", slide47.x2);
  auto w1x1 = p[1] * x1;
  auto w2x2 = p[2] * x2;
  auto z = (w1x1 + w2x2 + p[0]).named("z");
  auto y_hat = tracegrad::sigmoid(z).named("y_hat");
  auto one_minus = 1 - y_hat;
  return (-tracegrad::log(one_minus)).named("L");
}

// The squared error of slide 21's sample and slide 13's (area 6.0, price 7.28), averaged,
// each error squared as e·e: w and b each feed two nodes, and e is both inputs of one.
Var two_samples(Tape& t, std::span<const Var> p, const Solution&) {
  auto x1 = t.input("x1", 6.7);
  auto y1 = t.label("y1", 9.1);
  auto x2 = t.input("x2", 6.0);
  auto y2 = t.label("y2", 7.28);
  auto e1 = (p[0] * x1 + p[1] - y1).named("e1");
  auto e2 = (p[0] * x2 + p[1] - y2).named("e2");
  auto sq1 = e1 * e1;
  auto sq2 = e2 * e2;
  auto sum = sq1 + sq2;
  return (0.5 * sum).named("L");
}

}  // namespace

const std::vector<Exercise>& exercises() {
  using A = Analytic;
  static const std::vector<Exercise> list = {
      {1, "square", "the local derivative of square: d/da a²", "21-22", {"w", "b"}, {-0.34, 0.04}, square_graph,
       A::engine_sweep},
      {2, "add", "the local derivatives of add: ∂(a + b)/∂a, ∂(a + b)/∂b", "22", {"w", "b"}, {-0.34, 0.04}, add_graph,
       A::engine_sweep},
      {3, "mul", "the local derivatives of mul: ∂(a·b)/∂a, ∂(a·b)/∂b", "22", {"w", "b"}, {-0.34, 0.04}, mul_graph,
       A::engine_sweep},
      {4, "sigmoid", "the local derivative of sigmoid: dσ(z)/dz", "41, 44-45", {"w", "b"}, {-0.1, 0.1}, sigmoid_graph,
       A::engine_sweep},
      {5, "log", "the local derivative of log: d(ln a)/da", "33-41, 44-45", {"w", "b"}, {-0.1, 0.1}, log_graph,
       A::engine_sweep},
      {6, "logistic_gradient", "∂L/∂θ of the two-feature logistic model, by hand", "41, 47-51", {"b", "w1", "w2"},
       {0.1, 0.5, -0.1}, logistic_two, A::by_hand},
      {7, "backward", "the reverse sweep", "20", {"w", "b"}, {-0.34, 0.04}, two_samples, A::student_sweep},
  };
  return list;
}

const Exercise& exercise_named(std::string_view name) {
  for (const auto& ex : exercises())
    if (ex.name == name) return ex;
  throw std::invalid_argument(fmt::format("no exercise named '{}'", name));
}

// The sample exercise 6 is computed at (the by-hand sweep in checker.cpp needs it).
const Sample& by_hand_sample() { return slide47; }

}  // namespace exercise
