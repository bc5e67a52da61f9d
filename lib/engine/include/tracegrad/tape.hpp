// The tape: a computation graph recorded in the order it is built.
//
// Every node is appended after the nodes it reads, so creation order is a
// topological order and backward() is a plain loop from the last node to the first.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tracegrad/node.hpp"
#include "tracegrad/rules.hpp"
#include "tracegrad/tensor.hpp"

namespace tracegrad {

class Var;
class TensorVar;

// Where a non-finite number first appeared, and in which sweep.
struct NonFinite {
  NodeId id;
  Op op;
  std::string label;   // empty when the node has no label
  bool in_gradient;    // false: its forward value; true: its gradient
  double number;       // the nan or ±inf itself
  std::string describe() const;  // "node 7 (log "L"): value -inf"
};

// Thrown by check_finite() and, in strict mode, as soon as a bad node is recorded.
class NonFiniteError : public std::runtime_error {
 public:
  explicit NonFiniteError(NonFinite where);
  const NonFinite& where() const { return where_; }

 private:
  NonFinite where_;
};

class Tape {
 public:
  // ---- leaves: each has a name, the slide's (x, y, w, b) ---------------------
  Var input(std::string_view name, double value);   // data: x
  Var label(std::string_view name, double value);   // the true answer y (role "label")
  Var param(std::string_view name, double value);   // what training updates: w, b
  Var constant(double value);                       // a plain number in a formula

  // ---- recording (used by the ops in ops.hpp): a rule's value and local derivatives --
  Var record(Op op, double value);
  Var record(Op op, rule::Unary r, const Var& a);
  Var record(Op op, rule::Binary r, const Var& a, const Var& b);
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

  // ---- recording tensor ops (used by tensor_ops.cpp) ------------------------
  // A node holding a tensor, or a scalar computed from tensors; `saved` is kept for the rules.
  TensorVar record(Op op, Tensor value, std::vector<NodeId> inputs, TensorRule rule, std::vector<double> saved = {});
  Var record(Op op, double value, std::vector<NodeId> inputs, TensorRule rule, std::vector<double> saved = {});

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

  // ---- the reverse sweep --------------------------------------------------
  // Sets every gradient to d(root)/d(node). Gradients are recomputed from zero on
  // each call, so calling it twice gives the same gradients (never double counted).
  void backward(const Var& root);
  bool has_gradients() const { return swept_; }

  // ---- reading the graph --------------------------------------------------
  std::size_t size() const { return nodes_.size(); }
  const Node& node(NodeId id) const { return nodes_.at(static_cast<std::size_t>(id)); }
  double value(NodeId id) const { return node(id).value; }
  double grad(NodeId id) const { return grads_.at(static_cast<std::size_t>(id)); }
  Var var(NodeId id);              // a handle to a scalar node (throws for a tensor node)
  TensorVar tensor_var(NodeId id); // a handle to a tensor node (throws for a scalar node)
  std::string_view name_of(NodeId id) const;  // the node's name ("" when it has none)
  void set_name(NodeId id, std::string_view name);
  void set_role(NodeId id, Role role);
  std::optional<Var> find(std::string_view name);  // the first scalar node with that name

  // The rewind count when node `id` was recorded: a Var remembers it, so a handle to a
  // node that rewind() dropped (its id since reused, or gone) is refused, never misread.
  std::uint32_t era_of(NodeId id) const { return eras_.at(static_cast<std::size_t>(id)); }
  void require_live(NodeId id, std::uint32_t era) const {
    if (static_cast<std::size_t>(id) >= eras_.size() || eras_[static_cast<std::size_t>(id)] != era) [[unlikely]]
      dropped(id);
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
  inline Var push(const Node& node);  // defined in tape.cpp, its only user
  [[noreturn]] void dropped(NodeId id) const;
  void require_own(const Var& v) const;
  NonFinite describe_node(NodeId id, bool in_gradient) const;
  TensorVar push_tensor(Op op, Role role, TensorSlot slot);
  TensorSlot& own_slot(NodeId id);
  void backward_tensor(NodeId id);
  void reset_tensor_grads();
  bool value_finite(NodeId id) const;
  std::optional<NodeId> first_nonfinite_value() const;

  std::vector<Node> nodes_;
  std::vector<double> grads_;
  std::vector<std::uint32_t> eras_;  // per node: the rewind count when it was recorded
  std::uint32_t era_ = 0;            // how many times rewind() dropped nodes
  std::vector<TensorSlot> tensors_;  // one per node with a tensor, in creation order
  std::map<NodeId, std::string> names_;  // only the named nodes
  NodeId first_bad_grad_ = -1;  // the first non-finite gradient of the last sweep
  bool swept_ = false;
  bool strict_ = false;
};

// A handle to one node: what user code holds and what the operators combine.
// Every read checks that the node is still on the tape (not dropped by rewind).
class Var {
 public:
  Var(Tape& tape, NodeId id) : tape_(&tape), id_(id), era_(tape.era_of(id)) {}

  NodeId id() const { return id_; }
  Tape& tape() const { return *tape_; }
  const Node& node() const { return live().node(id_); }
  double value() const { return live().value(id_); }
  double grad() const { return live().grad(id_); }
  std::string_view name() const { return live().name_of(id_); }

  Var& named(std::string_view name) {  // auto z = (w * x + b).named("z");
    live().set_name(id_, name);
    return *this;
  }
  void set_value(double v) { live().set_value(id_, v); }
  void backward() { tape_->backward(*this); }
  const Tape& live() const {  // the tape, after checking this node is still on it
    tape_->require_live(id_, era_);
    return *tape_;
  }
  Tape& live() {
    tape_->require_live(id_, era_);
    return *tape_;
  }

 private:
  Tape* tape_;
  NodeId id_;
  std::uint32_t era_;
};

// A handle to a vector or matrix node: combine with the ops in tensor_ops.hpp.
class TensorVar {
 public:
  TensorVar(Tape& tape, NodeId id) : tape_(&tape), id_(id), era_(tape.era_of(id)) {}

  NodeId id() const { return id_; }
  Tape& tape() const { return *tape_; }
  const Shape& shape() const { return live().shape(id_); }
  std::size_t size() const { return live().slot(id_).size(); }
  std::span<const double> values() const { return live().values(id_); }
  std::span<const double> grad() const { return live().tensor_grad(id_); }
  std::string_view name() const { return live().name_of(id_); }

  TensorVar& named(std::string_view name) {
    live().set_name(id_, name);
    return *this;
  }
  void set_values(std::span<const double> v) { live().set_values(id_, v); }
  const Tape& live() const {
    tape_->require_live(id_, era_);
    return *tape_;
  }
  Tape& live() {
    tape_->require_live(id_, era_);
    return *tape_;
  }

 private:
  Tape* tape_;
  NodeId id_;
  std::uint32_t era_;
};

inline Var Tape::record(Op op, rule::Unary r, const Var& a) { return record(op, r.value, a, r.d); }
inline Var Tape::record(Op op, rule::Binary r, const Var& a, const Var& b) {
  return record(op, r.value, a, r.da, b, r.db);
}

}  // namespace tracegrad
