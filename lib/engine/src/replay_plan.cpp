// Grouping a wide graph's op nodes by depth and op (replay_plan.hpp): a pass for the depths,
// a counting sort by depth, a sort by op within each depth — near-linear in the tape's size.
#include "tracegrad/replay_plan.hpp"

#include <algorithm>

namespace tracegrad {

ReplayPlan ReplayPlan::of(std::span<const Node> nodes, std::uint32_t era) {
  ReplayPlan plan;
  plan.size = nodes.size();
  plan.era = era;
  // depth[i] = 1 + the deepest input's depth; 0 for a leaf. Inputs come first (creation order).
  std::vector<std::uint32_t> depth(nodes.size(), 0);
  std::uint32_t deepest = 0;
  std::size_t ops = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const Node& n = nodes[i];
    if (n.arity == 0) continue;
    std::uint32_t d = depth[static_cast<std::size_t>(n.input[0])];
    if (n.arity == 2) d = std::max(d, depth[static_cast<std::size_t>(n.input[1])]);
    depth[i] = d + 1;
    deepest = std::max(deepest, d + 1);
    ++ops;
  }
  if (ops < kWide * deepest) return plan;  // a chain (a group a depth at least): not wide
  // The op nodes by depth (a counting sort, so each depth keeps creation order) …
  std::vector<std::uint32_t> start(static_cast<std::size_t>(deepest) + 2, 0);
  for (std::uint32_t d : depth) ++start[d + 1];
  for (std::size_t d = 1; d < start.size(); ++d) start[d] += start[d - 1];
  std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
  std::vector<NodeId> by_depth(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) by_depth[next[depth[i]]++] = static_cast<NodeId>(i);
  plan.order.assign(by_depth.begin() + start[1], by_depth.end());  // depth 0, the leaves, needs no work
  // … then by op within each depth, and a group for each run of one op.
  auto op_of = [&](NodeId id) { return nodes[static_cast<std::size_t>(id)].op; };
  for (std::size_t d = 1; d <= deepest; ++d) {
    const auto begin = static_cast<std::uint32_t>(start[d] - start[1]), end = static_cast<std::uint32_t>(start[d + 1] - start[1]);
    std::stable_sort(plan.order.begin() + begin, plan.order.begin() + end,
                     [&](NodeId a, NodeId b) { return op_of(a) < op_of(b); });
    for (std::uint32_t k = begin; k < end;) {
      std::uint32_t run = k + 1;
      while (run < end && op_of(plan.order[run]) == op_of(plan.order[k])) ++run;
      plan.groups.push_back({op_of(plan.order[k]), k, run});
      k = run;
    }
  }
  if (ops < kWide * plan.groups.size()) return ReplayPlan{{}, {}, plan.size, era};
  return plan;
}

}  // namespace tracegrad
