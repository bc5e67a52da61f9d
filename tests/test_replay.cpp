// Record once, replay: after new leaf values, Tape::replay() + backward() must leave every
// node exactly (bit for bit) as recording the same graph again on a fresh tape would —
// scalar graphs of the deck, a 10⁶-node chain, tensor graphs — and must refuse a graph it
// cannot know to be the same (a value read while recording, a node the caller computed).
#define BOOST_TEST_MODULE replay
#include <boost/test/unit_test.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "tracegrad/fused_logistic.hpp"
#include "tracegrad/replay_plan.hpp"
#include "tracegrad/tensor_ops.hpp"
#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;

namespace {

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool same_bits(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!same_bits(a[i], b[i])) return false;
  return true;
}

// Every node of the two tapes: op, role, inputs, value, local derivatives and gradient; for a
// tensor node its elements, its gradient and every local derivative the trace would show.
// Counts the nodes that differ (0 is the test), reporting the first.
std::size_t differing_nodes(const tg::Tape& a, const tg::Tape& b) {
  BOOST_REQUIRE_EQUAL(a.size(), b.size());
  std::size_t differ = 0;
  for (tg::NodeId i = 0; i < static_cast<tg::NodeId>(a.size()); ++i) {
    const tg::Node &m = a.node(i), &n = b.node(i);
    bool same = m.op == n.op && m.role == n.role && m.arity == n.arity && m.input[0] == n.input[0] && m.input[1] == n.input[1] &&
                same_bits(m.value, n.value) && same_bits(a.grad(i), b.grad(i));
    if (m.tensor < 0) {
      same = same && same_bits(m.partial[0], n.partial[0]) && same_bits(m.partial[1], n.partial[1]);
    } else {
      same = same && same_bits(a.tensor_grad(i), b.tensor_grad(i)) && same_bits(a.slot(i).saved, b.slot(i).saved);
      if (a.is_tensor(i)) same = same && same_bits(a.values(i), b.values(i));
      for (std::size_t k = 0; k < a.inputs(i).size(); ++k)
        same = same && same_bits(a.local_derivative(i, k).data, b.local_derivative(i, k).data);
    }
    if (!same && differ++ == 0) BOOST_TEST_MESSAGE("first differing node: " << i << " (" << m.op << ")");
  }
  return differ;
}

// A graph over scalar leaves: build(tape, leaf values) records it and returns its root.
using Build = std::function<tg::Var(tg::Tape&, const std::vector<double>&)>;

// Records at `first`, then for each of `next`: set the leaves, replay, backward — and
// compares with a fresh tape recorded at those values. Leaves are nodes 0 … k−1.
void check_replay(const Build& build, const std::vector<double>& first, const std::vector<std::vector<double>>& next) {
  tg::Tape tape;
  tg::Var root = build(tape, first);
  root.backward();
  for (const auto& values : next) {
    for (std::size_t k = 0; k < values.size(); ++k) tape.set_value(static_cast<tg::NodeId>(k), values[k]);
    tape.replay();
    root.backward();
    tg::Tape fresh;
    build(fresh, values).backward();
    BOOST_TEST(differing_nodes(tape, fresh) == 0u);
  }
}

// Slides 47–51: z = w1·x1 + w2·x2 + b, ŷ = σ(z), L = −y log ŷ − (1 − y) log(1 − ŷ).
tg::Var deck_logistic(tg::Tape& t, const std::vector<double>& v) {
  auto x1 = t.input("x1", v[0]), x2 = t.input("x2", v[1]);
  auto y = t.label("y", v[2]);
  auto w1 = t.param("w1", v[3]), w2 = t.param("w2", v[4]), b = t.param("b", v[5]);
  auto y_hat = tg::sigmoid(w1 * x1 + w2 * x2 + b);
  auto positives = y * tg::log(y_hat);
  auto negatives = (1 - y) * tg::log(1 - y_hat);
  return -positives - negatives;
}

}  // namespace

BOOST_AUTO_TEST_CASE(deck_logistic_replay_equals_recording_again) {
  // The slide's sample, then an update of the parameters, the next sample, a confident wrong z.
  check_replay(deck_logistic, {1.4, 0.2, 0.0, 0.5, -0.1, 0.1},
               {{1.4, 0.2, 0.0, 0.49, -0.1014, 0.0931}, {0.3, -2.0, 1.0, 0.5, -0.1, 0.1}, {40.0, 0.0, 1.0, -3.0, 0.0, 0.0}});
}

BOOST_AUTO_TEST_CASE(deck_linear_regression_and_every_scalar_op) {
  // Slides 21–23: L = (y − (w·x + b))², and a graph with every scalar op once.
  check_replay([](tg::Tape& t, const std::vector<double>& v) {
    auto x = t.input("x", v[0]), y = t.label("y", v[1]), w = t.param("w", v[2]), b = t.param("b", v[3]);
    return tg::square(y - (w * x + b));
  }, {6.7, 9.1, -0.34, 0.04}, {{6.7, 9.1, 1.179292, 0.266760}, {1.0, 2.0, 3.0, 4.0}});
  check_replay([](tg::Tape& t, const std::vector<double>& v) {
    auto a = t.param("a", v[0]), b = t.param("b", v[1]);
    auto u = tg::exp(a) / b - tg::pow(b, 3.0) + tg::softplus(-a * b);
    return tg::log(tg::sigmoid(u) + tg::square(a)) * 2.0;
  }, {0.3, 1.7}, {{-1.2, 0.4}, {0.0, 0.0}, {800.0, 2.0}});  // b = 0: inf and nan replayed alike
}

BOOST_AUTO_TEST_CASE(a_sweep_from_an_inner_node_leaves_no_mark_on_the_replay) {
  // Slides 10–12: f = 2x − 1, g = (f − 3)². A backward from f shows f as the loss it began at;
  // replayed at the next x, as recorded again there, f is an op until a sweep starts from it.
  auto build = [](tg::Tape& t, double x) {
    auto f = 2 * t.input("x", x) - 1;
    return std::pair{f, tg::square(f - 3)};
  };
  tg::Tape tape;
  auto [f, g] = build(tape, 0.0);
  f.backward();
  BOOST_TEST((tape.node(f.id()).role == tg::Role::loss));
  BOOST_TEST(tape.grad(0) == 2.0);  // df/dx
  g.backward();
  BOOST_TEST(tape.grad(0) == -16.0);  // dg/dx = 8x − 16 at x = 0
  tape.set_value(0, 1.0);
  tape.replay();
  g.backward();
  BOOST_TEST((tape.node(f.id()).role == tg::Role::op));
  BOOST_TEST(tape.grad(0) == -8.0);
  tg::Tape fresh;
  build(fresh, 1.0).second.backward();
  BOOST_TEST(differing_nodes(tape, fresh) == 0u);
  f.backward();
  tape.set_role(f.id(), tg::Role::loss);  // a role the caller gives stays
  tape.replay();
  BOOST_TEST((tape.node(f.id()).role == tg::Role::loss));
}

BOOST_AUTO_TEST_CASE(a_million_node_chain_replays_bit_for_bit) {
  // y ← −log σ(y·c + d), 200,000 links of five nodes: the benchmark's mixed chain.
  check_replay([](tg::Tape& t, const std::vector<double>& v) {
    auto y = t.input("y0", v[0]);
    auto c = t.param("c", v[1]), d = t.param("d", v[2]);
    for (int i = 0; i < 200'000; ++i) y = -tg::log(tg::sigmoid(y * c + d));
    return y;
  }, {0.5, 0.9, 0.05}, {{0.25, 0.8, -0.3}});
}

BOOST_AUTO_TEST_CASE(a_wide_graph_replays_depth_by_depth_bit_for_bit) {
  // The deck's loss over 300 samples, summed: wide enough for replay's plan (replay_plan.hpp).
  auto many = [](tg::Tape& t, const std::vector<double>& v) {
    auto w1 = t.param("w1", v[0]), w2 = t.param("w2", v[1]), b = t.param("b", v[2]);
    tg::Var total = t.constant(0.0);
    for (int i = 0; i < 300; ++i) {
      auto x1 = t.input("x1", std::sin(i)), x2 = t.input("x2", std::cos(3 * i)), y = t.label("y", i % 2);
      auto y_hat = tg::sigmoid(w1 * x1 + w2 * x2 + b);
      total = total - y * tg::log(y_hat) - (1 - y) * tg::log(1 - y_hat);
    }
    return total * (1.0 / 300);
  };
  check_replay(many, {0.5, -0.1, 0.1}, {{0.49, -0.1014, 0.0931}, {-30.0, 20.0, 5.0}});
  // Rewound and recorded again as another graph of the same size: the plan is made anew.
  auto first = [](tg::Var sum, const tg::Var& a, double i) { return sum + tg::exp(a * i) * tg::log(a + i); };
  auto second = [](tg::Var sum, const tg::Var& a, double i) { return sum + tg::sigmoid(a - i) * tg::square(a / (i + 1)); };
  auto record = [](tg::Tape& t, const tg::Var& a, auto term) {
    tg::Var sum = t.constant(0.0);
    for (int i = 0; i < 200; ++i) sum = term(sum, a, i);
    return sum;
  };
  tg::Tape tape;
  auto a = tape.param("a", 0.5);
  const auto leaves = tape.mark();
  record(tape, a, first).backward();
  BOOST_TEST(!tg::ReplayPlan::of({&tape.node(0), tape.size()}, 0).groups.empty());  // wide enough
  tape.replay();
  const std::size_t size = tape.size();
  tape.rewind(leaves);
  tg::Var sum = record(tape, a, second);
  BOOST_TEST(tape.size() == size);
  a.set_value(0.25);
  tape.replay();
  sum.backward();
  tg::Tape fresh;
  record(fresh, fresh.param("a", 0.25), second).backward();
  BOOST_TEST(differing_nodes(tape, fresh) == 0u);
}

// A tensor graph over leaves X [n, d], y [n], θ [d] and a scalar s.
struct TensorLeaves {
  std::vector<double> X, y, theta;
  double s;
};

tg::Var tensor_graph(tg::Tape& t, const TensorLeaves& v, std::size_t n, std::size_t d) {
  auto X = t.input("X", tg::Tensor::matrix(n, d, v.X));
  auto y = t.label("y", tg::Tensor::vector(v.y));
  auto theta = t.param("theta", tg::Tensor::vector(v.theta));
  auto s = t.param("s", v.s);
  auto z = tg::matvec(X, theta) * s + 0.5;
  auto y_hat = tg::sigmoid(z);
  auto bce = tg::mean(-(y * tg::log(y_hat)) - (1.0 - y) * tg::log(1.0 - y_hat));
  auto extra = tg::sum(tg::square(tg::exp(-z)) - y) + tg::dot(theta, theta) + tg::sum(tg::transpose(X) * s);
  return bce + tg::bce_with_logits(z, y) + tg::fused_logistic_loss(X, theta, y) + extra * 0.001;
}

void set_tensor_leaves(tg::Tape& t, const TensorLeaves& v) {
  t.tensor_var(0).set_values(v.X);
  t.tensor_var(1).set_values(v.y);
  t.tensor_var(2).set_values(v.theta);
  t.set_value(3, v.s);
}

BOOST_AUTO_TEST_CASE(tensor_graph_replay_equals_recording_again) {
  const std::size_t n = 5, d = 3;
  TensorLeaves first{{1, 1.4, 0.2, 1, -0.5, 2, 1, 3, -1, 1, 0, 0, 1, 0.7, 0.7}, {0, 1, 1, 0, 1}, {0.1, 0.5, -0.1}, 1.0};
  TensorLeaves next{{1, 0.4, 1.2, 1, -2.5, 0, 1, 1, 1, 1, 9, -9, 1, 0.1, 0.2}, {1, 0, 1, 1, 0}, {-0.3, 0.2, 0.4}, 0.7};
  tg::Tape tape;
  tg::Var L = tensor_graph(tape, first, n, d);
  L.backward();
  set_tensor_leaves(tape, next);
  tape.replay();
  L.backward();
  tg::Tape fresh;
  tensor_graph(fresh, next, n, d).backward();
  BOOST_TEST(differing_nodes(tape, fresh) == 0u);
}

BOOST_AUTO_TEST_CASE(fused_step_on_a_borrowed_data_set_replays_with_new_parameters) {
  // tracegrad train's full batch: X and y borrowed, θ updated between steps.
  std::vector<double> X, y;
  for (int i = 0; i < 3000; ++i) {
    X.insert(X.end(), {1.0, std::sin(i * 0.37), std::cos(i * 0.11)});
    y.push_back(i % 3 == 0 ? 1.0 : 0.0);
  }
  auto build = [&](tg::Tape& t, const std::vector<double>& theta) {
    auto Xv = t.input("X", {3000, 3}, X);
    auto yv = t.label("y", {3000}, y);
    auto th = t.param("theta", tg::Tensor::vector(theta));
    return tg::fused_logistic_loss(Xv, th, yv);
  };
  tg::Tape tape;
  tg::Var L = build(tape, {0.0, 0.0, 0.0});
  L.backward();
  for (const std::vector<double>& theta : {std::vector<double>{0.1, -0.2, 0.3}, std::vector<double>{-1.0, 2.0, 0.5}}) {
    tape.tensor_var(2).set_values(theta);
    tape.replay();
    L.backward();
    tg::Tape fresh;
    build(fresh, theta).backward();
    BOOST_TEST(differing_nodes(tape, fresh) == 0u);
  }
}

// ---- what replay() refuses ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_branch_on_a_value_read_while_recording_is_refused) {
  // |z| written as a branch: the graph for z < 0 is another graph (a neg node more).
  tg::Tape tape;
  auto x = tape.param("x", 2.0);
  auto z = x - 1.0;
  tg::Var f = z.value() < 0 ? -z : z;  // the read is what makes the branch possible
  f.backward();
  BOOST_TEST(tape.cannot_replay().has_value());
  x.set_value(0.5);
  BOOST_CHECK_THROW(tape.replay(), std::logic_error);
  BOOST_TEST(f.value() == 1.0);  // refused without changing anything
  // A leaf read after a rewind, before the graph: the same refusal.
  auto leaves = tape.mark();
  tape.rewind(leaves);
  tg::Var g = x.value() > 1 ? x * x : x;
  BOOST_TEST(tape.cannot_replay().has_value());
  (void)g;
  // Reading once the graph is recorded and swept is fine: a lesson shows the values, updates.
  tape.rewind(leaves);
  tg::Var h = x * x;
  BOOST_TEST(tape.value(h.id()) == 0.25);  // the tape's own accessor is no read of the model's
  h.backward();
  BOOST_TEST(h.value() == 0.25);
  BOOST_TEST(!tape.cannot_replay().has_value());
  x.set_value(3.0);
  tape.replay();
  BOOST_TEST(h.value() == 9.0);
  // But nodes recorded after such a read may depend on it.
  tg::Var k = h.value() > 5 ? h * h : h;
  BOOST_TEST(tape.cannot_replay().has_value());
  (void)k;
}

BOOST_AUTO_TEST_CASE(a_node_the_caller_computed_is_refused) {
  // The exercises record the student's own derivative: replay has no rule to redo it.
  tg::Tape tape;
  auto x = tape.param("x", 2.0);
  auto y = tape.record(tg::Op::square, 4.0, x, 4.0);
  BOOST_TEST(tape.cannot_replay().has_value());
  BOOST_CHECK_THROW(tape.replay(), std::logic_error);
  tape.rewind(1);  // gone with its node
  auto z = tg::square(x);
  tape.replay();
  BOOST_TEST(z.value() == 4.0);
  (void)y;
}

BOOST_AUTO_TEST_CASE(strict_mode_replay_throws_at_a_non_finite_value) {
  tg::Tape tape;
  tape.set_strict(true);
  auto a = tape.param("a", 1.0);
  auto L = tg::log(a);
  L.backward();
  BOOST_TEST(L.value() == 0.0);
  a.set_value(0.0);
  BOOST_CHECK_THROW(tape.replay(), tg::NonFiniteError);
}
