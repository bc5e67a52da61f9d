// Record once, replay: a training step runs the same graph with new leaf values, so instead
// of building its nodes again, replay() walks the recorded ones in a topological order and
// recomputes each from its inputs' new values by the same rule that recorded it.
//
// Creation order is a topological order (tape.hpp), so when the loop reaches node i its
// inputs already hold their new values: one forward loop, like backward()'s one reverse loop.
// A wide graph (many samples side by side) runs depth by depth instead (replay_plan.hpp),
// each op's nodes of one depth in one loop: the same rule on the same inputs, the same bits.
#include <cmath>

#include "message.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

namespace {

// Node n recomputed from its inputs' new values a and b (b = 0 for one input), as apply() did.
[[gnu::always_inline]] inline void redo(Node& n, Op op, double a, double b) {
  const rule::Binary r = rule::of(op, a, b);
  n.value = r.value;
  n.partial[0] = r.da;
  n.partial[1] = r.db;
}

// The nodes ids[0 … count), all of one op known when compiled: the rule is inlined, no switch.
template <Op op>
void redo_all(Node* nodes, const NodeId* ids, std::uint32_t count) {
  for (std::uint32_t k = 0; k < count; ++k) {
    Node& n = nodes[ids[k]];
    redo(n, op, nodes[n.input[0]].value, n.arity == 2 ? nodes[n.input[1]].value : 0.0);
  }
}

}  // namespace

std::optional<std::string> Tape::cannot_replay() const {
  if (first_by_caller_ < nodes_.size())
    return detail::message("node ", first_by_caller_, " (", op_name(nodes_[first_by_caller_].op),
                           ") was recorded with a value worked out by its caller (Tape::record), not by a rule");
  if (read_while_recording_ || first_read_at_ < nodes_.size())
    return detail::message("a value was read while the graph was recorded (with ", first_read_at_,
                           " nodes on the tape): the code may have branched on it, so recording again could build "
                           "another graph");
  for (const TensorSlot& s : tensors_)
    if (!s.forward && !s.inputs.empty())
      return detail::message("node ", s.node, " (", op_name(nodes_[static_cast<std::size_t>(s.node)].op),
                             ") has no forward rule");
  return std::nullopt;
}

void Tape::replay() {
  // The usual case (no caller's value, no read, no tensor) costs four compares; the message
  // is built only for a refusal.
  if (first_by_caller_ < nodes_.size() || read_while_recording_ || first_read_at_ < nodes_.size() || !tensors_.empty())
    if (auto why = cannot_replay()) throw std::logic_error("tracegrad: cannot replay the tape: " + *why);
  if (tensors_.empty() && !plan_.made_for(nodes_.size(), era_)) plan_ = ReplayPlan::of(nodes_, era_);  // once a graph
  if (tensors_.empty() && !plan_.groups.empty()) {
    replay_by_depth();
  } else {
    // Tensor nodes are few: the scalar stretches between them run in one tight loop each.
    double last = 0.0;
    NodeId begin = 0;
    for (const TensorSlot& s : tensors_) {
      replay_scalars(begin, s.node, last);
      forward_tensor(s.node);  // its own forward rule (tensor_*.cpp)
      last = nodes_[static_cast<std::size_t>(s.node)].value;
      begin = s.node + 1;
    }
    replay_scalars(begin, static_cast<NodeId>(nodes_.size()), last);
  }
  // As recorded again: the roots earlier sweeps marked "loss" are ops until a sweep starts there.
  for (NodeId id : promoted_) nodes_[static_cast<std::size_t>(id)].role = Role::op;
  promoted_.clear();
  swept_ = false;  // the gradients are those of the old values until backward()
  root_ = -1;
  if (strict_)
    if (auto bad = first_nonfinite_value()) throw NonFiniteError(describe_node(*bad, false));
}

// Scalar nodes begin … end − 1; `last` is node begin − 1's value.
void Tape::replay_scalars(NodeId begin, NodeId end, double last) {
  Node* const nodes = nodes_.data();
  // The value just computed, kept at hand: in a chain the next node reads it at once, and
  // reading it back from memory would make every node wait for the last one's store.
  for (NodeId i = begin; i < end; ++i) {
    Node& n = nodes[i];
    if (n.arity > 0) {  // a leaf keeps its value (set_value may have changed it)
      const double a = n.input[0] == i - 1 ? last : nodes[n.input[0]].value;
      const double b = n.arity == 1 ? 0.0 : n.input[1] == i - 1 ? last : nodes[n.input[1]].value;
      redo(n, n.op, a, b);
    }
    last = n.value;
  }
}

// Group by group (replay_plan.hpp): each a loop of one rule, the op's case chosen once.
void Tape::replay_by_depth() {
  Node* const nodes = nodes_.data();
  for (const ReplayPlan::Group& g : plan_.groups) {
    const NodeId* ids = plan_.order.data() + g.begin;
    const std::uint32_t count = g.end - g.begin;
    switch (g.op) {
      case Op::add: redo_all<Op::add>(nodes, ids, count); break;
      case Op::sub: redo_all<Op::sub>(nodes, ids, count); break;
      case Op::mul: redo_all<Op::mul>(nodes, ids, count); break;
      case Op::div: redo_all<Op::div>(nodes, ids, count); break;
      case Op::pow: redo_all<Op::pow>(nodes, ids, count); break;
      case Op::neg: redo_all<Op::neg>(nodes, ids, count); break;
      case Op::square: redo_all<Op::square>(nodes, ids, count); break;
      case Op::exp: redo_all<Op::exp>(nodes, ids, count); break;
      case Op::log: redo_all<Op::log>(nodes, ids, count); break;
      case Op::sigmoid: redo_all<Op::sigmoid>(nodes, ids, count); break;
      case Op::softplus: redo_all<Op::softplus>(nodes, ids, count); break;
      default: redo_all<Op::constant>(nodes, ids, count); break;  // no scalar rule: nan, as recorded
    }
  }
}

}  // namespace tracegrad
