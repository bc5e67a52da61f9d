// The deck's gradient-check exercises: the whole assignment in one file (docs/teaching.md,
// "Writing assignments"). lessons/exercises/split_assignment.py cuts it at the //@ lines:
//   //@ template   the top of the student's file (student.cpp)
//   //@ types      what the answers take and return (exercise.hpp, the student sees it)
//   //@ answer     one function the student writes: its comment and signature go into the
//                  template with a stub body; its body here is the reference answer (grader only)
//   //@ model      the graph each answer is checked on, the exercises' list with their points
//                  and visibility (the student's build and the handout have it)
//   //@ mistakes   the hints for known mistakes, each the reference with that mistake in it
//                  (grader only)
// Each section is C++ in namespace exercise; the reference, the model and the mistakes see
// <cmath>, <tracegrad/ops.hpp> and the types (an #include line in a section adds to them).
// scripts/gradescope/make_assignment.sh makes the template, the reference traces, the
// handout and the autograder from it.

//@ template
// ════════════════════════════════════════════════════════════════════════════════════════
//  YOUR FILE. Write the seven bodies below, in order, then check them (handout: README.txt):
//
//     cmake -S . -B build && cmake --build build && build/check
//
//  Each exercise prints PASS or FAIL, your (analytic) gradient beside the numeric one, and a
//  hint when the mistake looks like a classic one. As shipped, every body is a stub that
//  does nothing, so every exercise fails.
// ════════════════════════════════════════════════════════════════════════════════════════

//@ types
// The local derivatives of a two-input op out = f(a, b): {∂out/∂a, ∂out/∂b}.
struct Partials {
  double da = 0;
  double db = 0;
};

// The two-feature logistic model of slides 47–51:
//   z = w1·x1 + w2·x2 + b,  ŷ = σ(z),  L = −y·log ŷ − (1 − y)·log(1 − ŷ)
struct Sample {
  double x1, x2, y;
};
struct Theta {  // the parameters, or a gradient {∂L/∂b, ∂L/∂w1, ∂L/∂w2}
  double b, w1, w2;
};

//@ answer
// ── Exercise 1: square. out = a². Return ∂out/∂a.
// Slides 3–7 (f(x) = x², f'(x) = 2x) and 21–22 (L = (ŷ − y)²).
double d_square(double a) {
  return 2 * a;
}

//@ answer
// ── Exercise 2: add. out = a + b. Return {∂out/∂a, ∂out/∂b}.
// Slide 22: ŷ = w·x + b, ∂ŷ/∂b.
Partials d_add(double a, double b) {
  (void)a, (void)b;
  return {1, 1};
}

//@ answer
// ── Exercise 3: mul. out = a · b. Return {∂out/∂a, ∂out/∂b}.
// Slide 22: ∂(w·x)/∂w.
Partials d_mul(double a, double b) {
  return {b, a};
}

//@ answer
// ── Exercise 4: sigmoid. out = σ(z) = 1 / (1 + e^−z); s is σ(z). Return ∂out/∂z.
// Slide 41: ∂ŷ/∂z.
double d_sigmoid(double z, double s) {
  (void)z;
  return s * (1 - s);
}

//@ answer
// ── Exercise 5: log. out = ln a. Return ∂out/∂a.
// Slides 33–41: the loss −log ŷ and its derivative ∂L/∂ŷ.
double d_log(double a) {
  return 1 / a;
}

//@ answer
// ── Exercise 6: the gradient of the two-feature logistic model, by hand.
// Return {∂L/∂b, ∂L/∂w1, ∂L/∂w2} at this sample and these parameters.
// Slide 41 (the chain ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂θ) and slides 47–51 (the worked example).
// σ(z) is tracegrad::sigmoid(z) (#include <tracegrad/ops.hpp>) or 1 / (1 + std::exp(-z)).
Theta logistic_gradient(const Sample& sample, const Theta& theta) {
  // ∂L/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ)), ∂ŷ/∂z = ŷ(1 − ŷ), ∂z/∂θ = [1, x1, x2]: ∂L/∂θ = (ŷ − y)·[1, x1, x2]
  double y_hat = tracegrad::sigmoid(theta.w1 * sample.x1 + theta.w2 * sample.x2 + theta.b);
  double e = y_hat - sample.y;
  return {e, e * sample.x1, e * sample.x2};
}

//@ answer
// ── Exercise 7: the reverse sweep. Fill grads[i] with ∂root/∂(node i).
// grads has one entry per node, all 0. Node i is tape.node(i): its inputs are
// node.input[0 .. node.arity − 1] and node.partial[k] is ∂node/∂input[k] (the local
// derivatives above, already computed). Start from ∂root/∂root = 1, visit the nodes in
// reverse creation order, and pass each node's gradient back into its inputs.
// Slide 20 (backpropagation, right to left) and README "How the engine works".
void backward(const tracegrad::Tape& tape, tracegrad::NodeId root, std::vector<double>& grads) {
  // Users have larger ids than what they use: from the root down, each gradient is complete
  // when it is reached, and it flows into every input, += because an input may have several users.
  grads[root] = 1;  // ∂root/∂root
  for (tracegrad::NodeId i = root; i >= 0; --i) {
    const tracegrad::Node& n = tape.node(i);
    for (int k = 0; k < n.arity; ++k) grads[n.input[k]] += n.partial[k] * grads[i];  // chain rule
  }
}

//@ model
using tracegrad::Op;
using tracegrad::Tape;
using tracegrad::Var;
using Data = std::span<const double>;
using Params = std::span<const Var>;

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

// Slides 21–22: ŷ = w·x + b, L = (ŷ − y)² at x = 6.7, y = 9.1. Params w, b.
struct Linear {
  Var wx, y_hat, error;
};
Linear linear(Tape& t, Params p, Data d, const Solution& s, bool your_add, bool your_mul) {
  auto x = t.input("x", d[0]);
  auto y = t.label("y", d[1]);
  auto wx = your_mul ? mul(p[0], x, s) : p[0] * x;
  auto y_hat = (your_add ? add(wx, p[1], s) : wx + p[1]).named("y_hat");
  return {wx, y_hat, y_hat - y};
}
Var square_graph(Tape& t, Params p, Data d, const Solution& s) {
  return square(linear(t, p, d, s, false, false).error, s).named("L");
}
Var add_graph(Tape& t, Params p, Data d, const Solution& s) {
  return tracegrad::square(linear(t, p, d, s, true, false).error).named("L");
}
Var mul_graph(Tape& t, Params p, Data d, const Solution& s) {
  return tracegrad::square(linear(t, p, d, s, false, true).error).named("L");
}

// Slides 44–45: z = w·x + b, ŷ = σ(z) at x = 1.4, y = 0. With y ∈ {0, 1} one term of
// L = −y·log ŷ − (1 − y)·log(1 − ŷ) is left: −log(1 − ŷ) (y = 0) or −log ŷ (y = 1). Params w, b.
Var logistic_one(Tape& t, Params p, Data d, const Solution& s, bool your_sigmoid, bool your_log) {
  auto x = t.input("x", d[0]);
  auto z = (p[0] * x + p[1]).named("z");
  auto y_hat = (your_sigmoid ? sigmoid(z, s) : tracegrad::sigmoid(z)).named("y_hat");
  auto believed = d[1] == 1 ? y_hat : 1 - y_hat;  // the probability given to the true label
  return (-(your_log ? log(believed, s) : tracegrad::log(believed))).named("L");
}
Var sigmoid_graph(Tape& t, Params p, Data d, const Solution& s) { return logistic_one(t, p, d, s, true, false); }
Var log_graph(Tape& t, Params p, Data d, const Solution& s) { return logistic_one(t, p, d, s, false, true); }

// Slides 47–51: z = w1·x1 + w2·x2 + b, L as above at x1 = 1.4, x2 = 0.2, y = 0. Params b, w1, w2.
Var logistic_two(Tape& t, Params p, Data d, const Solution&) {
  auto x1 = t.input("x1", d[0]);
  auto x2 = t.input("x2", d[1]);
  auto w1x1 = p[1] * x1;
  auto w2x2 = p[2] * x2;
  auto z = (w1x1 + w2x2 + p[0]).named("z");
  auto y_hat = tracegrad::sigmoid(z).named("y_hat");
  auto believed = d[2] == 1 ? y_hat : 1 - y_hat;
  return (-tracegrad::log(believed)).named("L");
}
std::vector<double> logistic_by_hand(const Solution& s, std::span<const double> p, Data d) {
  Theta g = s.logistic_gradient({d[0], d[1], d[2]}, {p[0], p[1], p[2]});
  return {g.b, g.w1, g.w2};
}

// The squared error of slide 21's sample and slide 13's (area 6.0, price 7.28), averaged,
// each error squared as e·e: w and b each feed two nodes, and e is both inputs of one.
Var two_samples(Tape& t, Params p, Data d, const Solution&) {
  auto x1 = t.input("x1", d[0]);
  auto y1 = t.label("y1", d[1]);
  auto x2 = t.input("x2", d[2]);
  auto y2 = t.label("y2", d[3]);
  auto e1 = (p[0] * x1 + p[1] - y1).named("e1");
  auto e2 = (p[0] * x2 + p[1] - y2).named("e2");
  auto sq1 = e1 * e1;
  auto sq2 = e2 * e2;
  auto sum = sq1 + sq2;
  return (0.5 * sum).named("L");
}

std::vector<double> your_sweep(const Solution& s, const Tape& tape, tracegrad::NodeId root) {
  std::vector<double> grads(tape.size(), 0.0);
  s.backward(tape, root, grads);
  return grads;
}

// Every exercise in the order of the student's file. A leaf is {name, the slide's value,
// where hidden points draw it}: [lo, hi] (default [−1.5, 1.5]) or a list of choices.
std::vector<Exercise> define_exercises() {
  using A = Analytic;
  const std::vector<Leaf> w_b = {{"w", -0.34}, {"b", 0.04}};
  const std::vector<Leaf> house = {{"x", 6.7, {0, 10}}, {"y", 9.1, {-10, 10}}};
  const std::vector<Leaf> logistic_w_b = {{"w", -0.1}, {"b", 0.1}};
  const std::vector<Leaf> flower = {{"x", 1.4, {-2, 2}}, {"y", 0, {.choices = {0, 1}}}};  // |z| ≤ 4.5: σ not saturated
  return {
      {.name = "square", .title = "the local derivative of square: d/da a²", .slides = "21-22", .params = w_b,
       .data = house, .build = square_graph, .analytic = A::engine_sweep},
      {.name = "add", .title = "the local derivatives of add: ∂(a + b)/∂a, ∂(a + b)/∂b", .slides = "22",
       .params = w_b, .data = house, .build = add_graph, .analytic = A::engine_sweep},
      {.name = "mul", .title = "the local derivatives of mul: ∂(a·b)/∂a, ∂(a·b)/∂b", .slides = "22",
       .params = w_b, .data = house, .build = mul_graph, .analytic = A::engine_sweep},
      {.name = "sigmoid", .title = "the local derivative of sigmoid: dσ(z)/dz", .slides = "41, 44-45",
       .params = logistic_w_b, .data = flower, .build = sigmoid_graph, .analytic = A::engine_sweep},
      {.name = "log", .title = "the local derivative of log: d(ln a)/da", .slides = "33-41, 44-45",
       .params = logistic_w_b, .data = flower, .build = log_graph, .analytic = A::engine_sweep},
      {.name = "logistic_gradient", .title = "∂L/∂θ of the two-feature logistic model, by hand",
       .slides = "41, 47-51", .params = {{"b", 0.1, {-1, 1}}, {"w1", 0.5, {-1, 1}}, {"w2", -0.1, {-1, 1}}},
       .data = {{"x1", 1.4, {-1.5, 1.5}}, {"x2", 0.2, {-1.5, 1.5}}, {"y", 0, {.choices = {0, 1}}}},  // |z| ≤ 4
       .build = logistic_two, .analytic = A::by_hand, .by_hand = logistic_by_hand},
      {.name = "backward", .title = "the reverse sweep", .slides = "20", .params = w_b,
       .data = {{"x1", 6.7, {0, 10}}, {"y1", 9.1, {-10, 10}}, {"x2", 6.0, {0, 10}}, {"y2", 7.28, {-10, 10}}},
       .build = two_samples, .analytic = A::student_sweep, .sweep = your_sweep},
  };
}

//@ mistakes
using tracegrad::Tape;

double square_once(double a) { return a; }
Partials add_as_sub(double, double) { return {1, -1}; }
Partials add_as_mul(double a, double b) { return {b, a}; }
Partials mul_swapped(double a, double b) { return {a, b}; }
Partials mul_as_add(double, double) { return {1, 1}; }
double sigmoid_as_sigma(double, double s) { return s; }

Theta hand_missing_x(const Sample& sample, const Theta& theta) {
  Theta g = reference_solution().logistic_gradient(sample, theta);
  return {g.b, g.b, g.b};  // ŷ − y everywhere: ∂z/∂wᵢ = xᵢ left out
}
Theta hand_sigma(const Sample& sample, const Theta& theta) {
  Theta g = reference_solution().logistic_gradient(sample, theta);
  double y_hat = tracegrad::sigmoid(theta.w1 * sample.x1 + theta.w2 * sample.x2 + theta.b);
  double k = 1 / (1 - y_hat);  // ∂L/∂ŷ·σ(z) instead of ∂L/∂ŷ·σ(z)(1 − σ(z)), for y = 0 and y = 1 alike
  return {k * g.b, k * g.w1, k * g.w2};
}

enum class Flaw { assign, no_chain, once };
template <Flaw flaw>
void flawed_backward(const Tape& tape, tracegrad::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;
  for (tracegrad::NodeId i = root; i >= 0; --i) {
    const tracegrad::Node& n = tape.node(i);
    for (int k = 0; k < n.arity; ++k) {
      double& g = grads[n.input[k]];
      if (flaw == Flaw::once && k == 1 && n.input[1] == n.input[0]) continue;
      if (flaw == Flaw::assign) g = n.partial[k] * grads[i];
      else g += flaw == Flaw::no_chain ? n.partial[k] : n.partial[k] * grads[i];
    }
  }
}

// Per exercise, specific mistakes first: {exercise, what to tell the student, the flawed solution}.
std::vector<Mistake> define_mistakes() {
  const std::string sigma_for_sigma_prime = "σ'(z) written as σ(z): σ'(z) = σ(z)(1 − σ(z)) (slide 41)";
  return {
      {"square", "the duplicate input of x·x counted once: a² is a·a, a is used twice and both uses count",
       with(&Solution::d_square, square_once)},
      {"add", "that is sub's rule: ∂(a + b)/∂b = +1", with(&Solution::d_add, add_as_sub)},
      {"add", "that is mul's rule: ∂(a + b)/∂a = ∂(a + b)/∂b = 1", with(&Solution::d_add, add_as_mul)},
      {"mul", "swapped: ∂(a·b)/∂a is the OTHER factor, b", with(&Solution::d_mul, mul_swapped)},
      {"mul", "that is add's rule: ∂(a·b)/∂a = b, not 1", with(&Solution::d_mul, mul_as_add)},
      {"sigmoid", sigma_for_sigma_prime, with(&Solution::d_sigmoid, sigmoid_as_sigma)},
      {"logistic_gradient", "missing chain factor: ∂z/∂wᵢ = xᵢ, so ∂L/∂wᵢ = xᵢ(ŷ − y)",
       with(&Solution::logistic_gradient, hand_missing_x)},
      {"logistic_gradient", sigma_for_sigma_prime + " in the chain ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂θ",
       with(&Solution::logistic_gradient, hand_sigma)},
      {"backward",
       "= instead of +=: a node that feeds two others (w and b feed both samples, e feeds e·e twice) gets the SUM "
       "of the contributions; with = the last one overwrites the others",
       with(&Solution::backward, flawed_backward<Flaw::assign>)},
      {"backward",
       "missing chain factor (off by the upstream gradient): each contribution is the local derivative TIMES the "
       "gradient of the node it flows back from",
       with(&Solution::backward, flawed_backward<Flaw::no_chain>)},
      {"backward", "the duplicate input of x·x counted once: e·e lists e twice, and both edges pass a gradient back",
       with(&Solution::backward, flawed_backward<Flaw::once>)},
  };
}
