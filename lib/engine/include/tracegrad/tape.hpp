// The tape: a computation graph recorded in the order it is built.
//
// Every node is appended after the nodes it reads, so creation order is a
// topological order and backward() is a plain loop from the last node to the first.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tracegrad/node.hpp"
#include "tracegrad/nonfinite.hpp"
#include "tracegrad/replay_plan.hpp"
#include "tracegrad/rules.hpp"
#include "tracegrad/tensor.hpp"

namespace tracegrad {

class Var;
class TensorVar;

class Tape {
 public:
  // ---- leaves: each has a name, the slide's (x, y, w, b) ---------------------
  Var input(std::string_view name, double value);   // data: x
  Var label(std::string_view name, double value);   // the true answer y (role "label")
  Var param(std::string_view name, double value);   // what training updates: w, b
  Var constant(double value);                       // a plain number in a formula

  // ---- recording (used by the ops in ops.hpp) -------------------------------
  // apply(Op::mul, a, b): the op's rule (rule::of, rules.hpp) gives the value and the
  // local derivatives from the inputs' values; the node keeps all three.
  Var apply(Op op, const Var& a);
  Var apply(Op op, const Var& a, const Var& b);
  // A value and local derivatives worked out by the caller (replay() cannot redo these).
  Var record(Op op, double value);
  Var record(Op op, double value, const Var& a, double da);
  Var record(Op op, double value, const Var& a, double da, const Var& b, double db);

  // ---- tensor leaves (tensor.hpp) -------------------------------------------
  TensorVar input(std::string_view name, Tensor value);
  TensorVar label(std::string_view name, Tensor value);
  TensorVar param(std::string_view name, Tensor value);
  // Data leaves that borrow the caller's buffer instead of copying it (a data set
  // of a million rows stays where it is). The buffer must outlive its use on the tape.
  TensorVar input(std::string_view name, Shape shape, std::span<const double> data);
  TensorVar label(std::string_view name, Shape shape, std::span<const double> data);

  // ---- recording tensor ops (used by tensor_*.cpp) --------------------------
  // A node holding a tensor of this shape, or a scalar computed from tensors: rule.forward
  // computes its value (and what it saves) from its inputs; `saved` starts as given.
  TensorVar record(Op op, Shape shape, std::vector<NodeId> inputs, TensorRule rule, std::vector<double> saved = {});
  Var record(Op op, std::vector<NodeId> inputs, TensorRule rule, std::vector<double> saved = {});

  // ---- reading tensors (and, in backward rules, adding into their gradients) --
  bool is_tensor(NodeId id) const;                 // holds a vector or matrix
  const TensorSlot& slot(NodeId id) const;         // throws for a plain scalar node
  const Shape& shape(NodeId id) const { return slot(id).shape; }
  std::span<const double> values(NodeId id) const; // a tensor's elements, row-major
  std::span<const double> tensor_grad(NodeId id) const;  // empty when no gradient flowed
  std::span<const NodeId> inputs(NodeId id) const; // any node's inputs, scalar or tensor
  // ∂node/∂input[k], the local derivative the sweep multiplies in: a plain scalar node's
  // recorded partial (shape {}), or a tensor op's, from its TensorRule::local.
  Tensor local_derivative(NodeId id, std::size_t k) const;
  void set_values(NodeId id, std::span<const double> values);  // a tensor leaf the tape owns
  bool needs_grad(NodeId id) const;                // false for data and constants
  std::span<double> grad_sink(NodeId id);          // a tensor's gradient, to add into
  void add_grad(NodeId id, double g) { grads_.at(static_cast<std::size_t>(id)) += g; }

  // ---- record once, replay (tape_replay.cpp) --------------------------------
  // After new leaf values (set_value, set_values), recomputes every op node in creation
  // order from the rule that recorded it: each value and local derivative is then exactly
  // what recording the same graph again would give, and no node is built. Then backward().
  // Throws std::logic_error, changing nothing, when the tape cannot know that recording
  // again would build the same graph (cannot_replay() says why).
  void replay();
  // Why replay() would refuse: a node whose value the caller worked out (record(op, value,
  // …)), or a value read through a Var or TensorVar while the graph was being recorded — the
  // code may have branched on it. Recording runs from the last rewind() to the first
  // backward() after it; a read followed by more nodes counts too. nullopt when replay() can.
  std::optional<std::string> cannot_replay() const;
  // Var::value(), Var::node() and TensorVar::values() call this (tape.value(id) does not).
  void note_read() {
    first_read_at_ = std::min(first_read_at_, nodes_.size());
    read_while_recording_ = read_while_recording_ || !swept_since_rewind_;
  }

  // ---- the reverse sweep --------------------------------------------------
  // Sets every gradient to d(root)/d(node). Gradients are recomputed from zero on
  // each call, so calling it twice gives the same gradients (never double counted).
  void backward(const Var& root);
  bool has_gradients() const { return swept_; }

  // ---- reading the graph --------------------------------------------------
  std::size_t size() const { return nodes_.size(); }
  const Node& node(NodeId id) const { return nodes_.at(static_cast<std::size_t>(id)); }
  double value(NodeId id) const { return node(id).value; }
  double grad(NodeId id) const {  // 0 before the first backward() that reached the node
    (void)node(id);
    return static_cast<std::size_t>(id) < grads_.size() ? grads_[static_cast<std::size_t>(id)] : 0.0;
  }
  Var var(NodeId id);              // a handle to a scalar node (throws for a tensor node)
  TensorVar tensor_var(NodeId id); // a handle to a tensor node (throws for a scalar node)
  std::string_view name_of(NodeId id) const;  // the node's name ("" when it has none)
  void set_name(NodeId id, std::string_view name);
  void set_role(NodeId id, Role role);
  std::optional<Var> find(std::string_view name);  // the first scalar node with that name

  // How many times rewind() has dropped nodes. A Var remembers the era it was made in, so a
  // handle to a node that a later rewind dropped (its id since reused, or gone) is refused,
  // never misread. A Var made in the current era, or below every mark ever rewound to (the
  // leaves of a training loop), is live at a glance: the usual check is two compares.
  std::uint32_t era() const { return era_; }
  void require_live(NodeId id, std::uint32_t era) const {
    if (static_cast<std::size_t>(id) >= floor_ && era != era_) [[unlikely]]
      require_survived(id, era);
  }

  // A leaf's value may change between steps (an update, the next sample).
  void set_value(NodeId id, double value);

  // ---- steps: keep the leaves, rebuild the model ---------------------------
  // mark() remembers the tape's length; rewind(mark) drops every node recorded
  // after it, so the next forward pass gets the same ids again. Using a Var of a
  // dropped node afterwards throws std::logic_error.
  using Mark = std::size_t;
  Mark mark() const { return nodes_.size(); }
  void rewind(Mark mark);
  void clear() { rewind(0); }

  // ---- numerical safety ---------------------------------------------------
  // The first node whose value (forward) or gradient (last backward) is nan or ±inf.
  std::optional<NonFinite> first_nonfinite() const;
  void check_finite() const;  // throws NonFiniteError naming that node
  // Strict mode: recording a non-finite value throws at once.
  void set_strict(bool strict) { strict_ = strict; }

 private:
  Var push(const Node& node);
  Var by_caller(Var v);
  Var append(Op op, double value, NodeId a, double da);
  Var append(Op op, double value, NodeId a, double da, NodeId b, double db);
  void require_survived(NodeId id, std::uint32_t era) const;
  void require_own(const Var& v) const;
  [[noreturn]] void throw_nonfinite(NodeId id) const;
  [[noreturn]] static void throw_other_tape();
  NonFinite describe_node(NodeId id, bool in_gradient) const;
  TensorVar push_tensor(Op op, Role role, TensorSlot slot);
  TensorSlot& own_slot(NodeId id);
  double sweep_scalars(NodeId top, NodeId stop, double g_top);
  void replay_scalars(NodeId begin, NodeId end, double last);
  void replay_by_depth();
  void backward_tensor(NodeId id);
  void forward_tensor(NodeId id);
  std::optional<NodeId> first_nonfinite_grad() const;
  void reset_tensor_grads();
  bool value_finite(NodeId id) const;
  std::optional<NodeId> first_nonfinite_value() const;

  std::vector<Node> nodes_;
  std::vector<double> grads_;  // one per node, made by backward() (empty after a rewind)
  // The rewind that began era `era` dropped every id ≥ `mark`. Kept as suffix minima:
  // a later, lower mark replaces the higher ones before it, so marks increase along drops_,
  // and the lowest mark since era e is that of the first entry after e.
  struct Drop {
    std::uint32_t era;
    std::size_t mark;
  };
  std::vector<Drop> drops_;
  std::uint32_t era_ = 0;
  std::size_t floor_ = SIZE_MAX;  // the lowest mark any rewind dropped nodes from
  std::vector<TensorSlot> tensors_;  // one per node with a tensor, in creation order
  std::map<NodeId, std::string> names_;  // only the named nodes
  NodeId root_ = -1;  // the root of the last backward(), while its gradients are current
  std::vector<NodeId> promoted_;  // op nodes backward() made a "loss" as its root since the last replay, not set_role
  std::size_t first_by_caller_ = SIZE_MAX;  // the lowest id recorded by record(op, value, …)
  std::size_t first_read_at_ = SIZE_MAX;    // the tape's size at the first value read since a rewind
  bool read_while_recording_ = false;       // a value was read after the rewind, before a backward
  bool swept_since_rewind_ = false;
  bool swept_ = false;
  bool strict_ = false;
  ReplayPlan plan_;  // replay()'s order for a wide scalar graph, made at its first replay
};

// What Var and TensorVar share: a node of one tape and the era it was made in, so that a
// handle to a node rewind() dropped is refused (Tape::require_live), never misread.
class NodeHandle {
 public:
  NodeHandle(Tape& tape, NodeId id) : tape_(&tape), id_(id), era_(tape.era()) {}

  NodeId id() const { return id_; }
  Tape& tape() const { return *tape_; }
  Tape& live() const {  // the tape, after checking this node is still on it
    tape_->require_live(id_, era_);
    return *tape_;
  }
  Tape& read() const {  // live(), noting a value read for replay() (Tape::cannot_replay)
    tape_->note_read();
    return live();
  }
  std::string_view name() const { return live().name_of(id_); }

 private:
  Tape* tape_;
  NodeId id_;
  std::uint32_t era_;
};

// A handle to one node: what user code holds and what the operators combine.
class Var : public NodeHandle {
 public:
  using NodeHandle::NodeHandle;

  const Node& node() const { return read().node(id()); }
  double value() const { return read().value(id()); }
  double grad() const { return live().grad(id()); }

  Var& named(std::string_view name) {  // auto z = (w * x + b).named("z");
    live().set_name(id(), name);
    return *this;
  }
  void set_value(double v) { live().set_value(id(), v); }
  void backward() { tape().backward(*this); }
};

// A handle to a vector or matrix node: combine with the ops in tensor_ops.hpp.
class TensorVar : public NodeHandle {
 public:
  using NodeHandle::NodeHandle;

  const Shape& shape() const { return live().shape(id()); }
  std::size_t size() const { return live().slot(id()).size(); }
  std::span<const double> values() const { return read().values(id()); }
  std::span<const double> grad() const { return live().tensor_grad(id()); }

  TensorVar& named(std::string_view name) {
    live().set_name(id(), name);
    return *this;
  }
  void set_values(std::span<const double> v) { live().set_values(id(), v); }
};

// ---- recording a node, inline: each op (ops.hpp) writes its node straight into the tape,
// with no call per node (a call to append and two to require_own took half of recording).

inline void Tape::require_own(const Var& v) const {
  if (&v.tape() != this) [[unlikely]] throw_other_tape();
  (void)v.live();
}

// Every leaf and op ends here. Forced inline: copying a node just assembled on the stack
// stalled the CPU on every node (bench/bench_engine: 16 → 9.5 ns per node).
[[gnu::always_inline]] inline Var Tape::push(const Node& node) {
  const auto id = static_cast<NodeId>(nodes_.size());
  nodes_.push_back(node);  // its gradient slot is made by backward(), which needs it
  if (strict_ && !std::isfinite(node.value)) [[unlikely]] throw_nonfinite(id);
  return Var(*this, id);
}

inline Var Tape::constant(double value) { return push(Node{.value = value, .op = Op::constant, .role = Role::constant}); }

inline Var Tape::append(Op op, double value, NodeId a, double da) {
  return push(Node{.value = value, .partial = {da, 0.0}, .input = {a, -1}, .op = op, .role = Role::op, .arity = 1});
}

inline Var Tape::append(Op op, double value, NodeId a, double da, NodeId b, double db) {
  return push(Node{.value = value, .partial = {da, db}, .input = {a, b}, .op = op, .role = Role::op, .arity = 2});
}

inline Var Tape::apply(Op op, const Var& a) {
  require_own(a);
  const rule::Binary r = rule::of(op, nodes_[a.id()].value, 0.0);
  return append(op, r.value, a.id(), r.da);
}

inline Var Tape::apply(Op op, const Var& a, const Var& b) {
  require_own(a);
  require_own(b);
  const rule::Binary r = rule::of(op, nodes_[a.id()].value, nodes_[b.id()].value);
  return append(op, r.value, a.id(), r.da, b.id(), r.db);
}

}  // namespace tracegrad
