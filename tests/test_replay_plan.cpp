// replay()'s order for a wide graph (replay_plan.hpp): every op node once, each group one
// op at one depth, every node after its inputs — and no plan for a chain.
#define BOOST_TEST_MODULE replay_plan
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <vector>

#include "tracegrad/replay_plan.hpp"
#include "tracegrad/tracegrad.hpp"

namespace tg = tracegrad;

namespace {

std::span<const tg::Node> nodes_of(const tg::Tape& t) { return {&t.node(0), t.size()}; }

}  // namespace

BOOST_AUTO_TEST_CASE(a_wide_graph_runs_by_depth_then_op) {
  // 100 samples of ŷ = σ(w·x + b), L = Σ (ŷ − y)²: five op nodes a sample, one add each into L.
  tg::Tape t;
  auto w = t.param("w", 0.3), b = t.param("b", -0.2);
  tg::Var L = t.constant(0.0);
  for (int i = 0; i < 100; ++i) {
    auto x = t.input("x", std::sin(i)), y = t.label("y", i % 2);
    L = L + tg::square(tg::sigmoid(w * x + b) - y);
  }
  const tg::ReplayPlan plan = tg::ReplayPlan::of(nodes_of(t), 7);
  BOOST_TEST(plan.size == t.size());
  BOOST_TEST(plan.era == 7u);
  BOOST_TEST(plan.order.size() == 600u);  // 100 × (mul, add, sigmoid, sub, square, add)
  // Depth 1 is the 100 muls, depth 2 the 100 adds w·x + b, …; then L's chain of adds, one a depth.
  BOOST_REQUIRE_GE(plan.groups.size(), 5u);
  const tg::Op first_five[] = {tg::Op::mul, tg::Op::add, tg::Op::sigmoid, tg::Op::sub, tg::Op::square};
  for (std::size_t k = 0; k < 5; ++k) {
    BOOST_TEST(plan.groups[k].op == first_five[k]);
    BOOST_TEST(plan.groups[k].end - plan.groups[k].begin == 100u);
  }
  BOOST_TEST(plan.groups.size() == 5u + 100u);
  // Every op node once, each after its inputs; a group's nodes share its op.
  std::vector<int> position(t.size(), -1);
  for (std::size_t k = 0; k < plan.order.size(); ++k) {
    BOOST_TEST(position[static_cast<std::size_t>(plan.order[k])] == -1);
    position[static_cast<std::size_t>(plan.order[k])] = static_cast<int>(k);
  }
  std::size_t misplaced = 0;
  for (const auto& g : plan.groups)
    for (std::uint32_t k = g.begin; k < g.end; ++k) {
      const tg::Node& n = t.node(plan.order[k]);
      if (n.op != g.op) ++misplaced;
      for (int j = 0; j < n.arity; ++j)
        if (position[static_cast<std::size_t>(n.input[j])] >= static_cast<int>(k)) ++misplaced;
    }
  BOOST_TEST(misplaced == 0u);
}

BOOST_AUTO_TEST_CASE(a_chain_keeps_creation_order) {
  // y ← y·c + d: two nodes a depth, so the plan has no groups (replay walks creation order).
  tg::Tape t;
  auto y = t.input("y0", 0.5);
  auto c = t.param("c", 0.9), d = t.param("d", 0.05);
  for (int i = 0; i < 1000; ++i) y = y * c + d;
  const tg::ReplayPlan plan = tg::ReplayPlan::of(nodes_of(t), 0);
  BOOST_TEST(plan.groups.empty());
  BOOST_TEST(plan.order.empty());
  BOOST_TEST(plan.made_for(t.size(), 0));
  BOOST_TEST(!plan.made_for(t.size() + 1, 0));
  BOOST_TEST(!plan.made_for(t.size(), 1));
}
