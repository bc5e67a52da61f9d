// Record once, replay: a training step runs the same graph with new leaf values, so instead
// of building its nodes again, replay() walks the recorded ones in creation order and
// recomputes each from its inputs' new values by the same rule that recorded it.
//
// Creation order is a topological order (tape.hpp), so when the loop reaches node i its
// inputs already hold their new values: one forward loop, like backward()'s one reverse loop.
#include <cmath>

#include "message.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

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
      const rule::Binary r = rule::of(n.op, a, b);  // what apply() computed when recording
      n.value = r.value;
      n.partial[0] = r.da;
      n.partial[1] = r.db;
    }
    last = n.value;
  }
}

}  // namespace tracegrad
