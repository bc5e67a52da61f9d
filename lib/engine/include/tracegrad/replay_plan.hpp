// The order replay() runs a wide graph in (tape_replay.cpp).
//
// A node's depth is 0 for a leaf, else one more than its deepest input's. Nodes of one depth
// never read each other, so running the graph depth by depth is a topological order too —
// and within a depth, the nodes of one op (the 500 samples' σ(z)) run as one tight loop of
// one rule instead of a switch per node. A chain has one or two nodes per depth: there the
// plan stays empty and replay() walks creation order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tracegrad/node.hpp"

namespace tracegrad {

struct ReplayPlan {
  struct Group {  // nodes order[begin … end): one depth, one op
    Op op;
    std::uint32_t begin, end;
  };
  std::vector<NodeId> order;  // the op nodes by depth, then op, then creation order
  std::vector<Group> groups;  // empty: walk creation order instead
  std::size_t size = SIZE_MAX;  // made for a tape of this length, in this era (Tape::era)
  std::uint32_t era = 0;

  // Groups only when the graph is wide: at least kWide op nodes a group on average (a group's
  // loop costs what a node does in creation order, so one-node groups gain nothing).
  static constexpr std::size_t kWide = 4;
  static ReplayPlan of(std::span<const Node> nodes, std::uint32_t era);
  bool made_for(std::size_t tape_size, std::uint32_t tape_era) const { return size == tape_size && era == tape_era; }
};

}  // namespace tracegrad
