#include "tracegrad/tape.hpp"

#include <algorithm>
#include <cmath>

#include "message.hpp"

namespace tracegrad {

std::string_view op_name(Op op) {
  switch (op) {
    case Op::input: return "input";
    case Op::param: return "param";
    case Op::constant: return "const";
    case Op::add: return "add";
    case Op::sub: return "sub";
    case Op::mul: return "mul";
    case Op::div: return "div";
    case Op::neg: return "neg";
    case Op::square: return "square";
    case Op::pow: return "pow";
    case Op::exp: return "exp";
    case Op::log: return "log";
    case Op::sigmoid: return "sigmoid";
    case Op::softplus: return "softplus";
    case Op::matvec: return "matvec";
    case Op::dot: return "dot";
    case Op::sum: return "sum";
    case Op::mean: return "mean";
    case Op::transpose: return "transpose";
    case Op::bce_logits: return "bce_with_logits";
    case Op::fused_logistic_loss: return "fused_logistic_loss";
  }
  return "?";
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::input: return "input";
    case Role::param: return "param";
    case Role::label: return "label";
    case Role::constant: return "const";
    case Role::op: return "op";
    case Role::loss: return "loss";
  }
  return "?";
}

std::string NonFinite::describe() const {
  std::string named = name.empty() ? "" : detail::message(" \"", name, "\"");
  return detail::message("node ", id, " (", op_name(op), named, "): ", in_gradient ? "gradient " : "value ", number);
}

NonFiniteError::NonFiniteError(NonFinite where)
    : std::runtime_error("non-finite number at " + where.describe()), where_(std::move(where)) {}

// ---- appending a node (inline, in tape.hpp) -------------------------------------

void Tape::throw_nonfinite(NodeId id) const { throw NonFiniteError(describe_node(id, false)); }

void Tape::throw_other_tape() { throw std::invalid_argument("tracegrad: combining nodes of two different tapes"); }

// ---- leaves -----------------------------------------------------------------

static Node leaf(Op op, Role role, double value) {
  Node n;
  n.value = value;
  n.op = op;
  n.role = role;
  return n;
}

Var Tape::input(std::string_view name, double value) {
  return push(leaf(Op::input, Role::input, value)).named(name);
}
Var Tape::label(std::string_view name, double value) {
  return push(leaf(Op::input, Role::label, value)).named(name);
}
Var Tape::param(std::string_view name, double value) {
  return push(leaf(Op::param, Role::param, value)).named(name);
}

// ---- recording --------------------------------------------------------------

// A node whose value and partials the caller worked out: replay() has no rule to redo it.
Var Tape::by_caller(Var v) {
  nodes_[static_cast<std::size_t>(v.id())].by_caller = true;
  first_by_caller_ = std::min(first_by_caller_, static_cast<std::size_t>(v.id()));
  return v;
}

Var Tape::record(Op op, double value) { return by_caller(push(leaf(op, Role::op, value))); }

Var Tape::record(Op op, double value, const Var& a, double da) {
  require_own(a);
  return by_caller(append(op, value, a.id(), da));
}

Var Tape::record(Op op, double value, const Var& a, double da, const Var& b, double db) {
  require_own(a);
  require_own(b);
  return by_caller(append(op, value, a.id(), da, b.id(), db));
}

void Tape::require_survived(NodeId id, std::uint32_t era) const {
  auto after = std::upper_bound(drops_.begin(), drops_.end(), era, [](std::uint32_t e, const Drop& d) { return e < d.era; });
  if (after == drops_.end() || static_cast<std::size_t>(id) < after->mark) return;  // every rewind since kept it
  throw std::logic_error(detail::message("tracegrad: node ", id, " was dropped by rewind(); this Var is stale ",
                                         "(record the model again after each rewind, and keep only leaves recorded before the mark)"));
}

// ---- the reverse sweep --------------------------------------------------------
// Node i only reads nodes with smaller ids, so when the loop reaches i every node
// that uses i has already passed its share back: grads_[i] is complete.

void Tape::backward(const Var& root) {
  require_own(root);
  const NodeId top = root.id();
  if (nodes_[top].tensor >= 0 && is_tensor(top))
    throw std::invalid_argument("tracegrad: backward() needs a scalar root; reduce the vector first (sum, mean)");
  grads_.assign(nodes_.size(), 0.0);
  if (nodes_[top].role == Role::op) {  // the root of a sweep shows as a loss; a replay makes it an op again
    nodes_[top].role = Role::loss;
    promoted_.push_back(top);
  }
  if (!tensors_.empty()) reset_tensor_grads();
  // Tensor nodes are few (a model's handful of vectors): the sweep runs through the scalar
  // stretches between them and hands each tensor node to its own rule (tensor_*.cpp).
  auto above = std::upper_bound(tensors_.begin(), tensors_.end(), top,
                                [](NodeId id, const TensorSlot& s) { return id < s.node; });
  double g = 1.0;  // d(root)/d(root)
  for (NodeId from = top;; --above) {
    const NodeId tensor = above == tensors_.begin() ? -1 : std::prev(above)->node;
    g = sweep_scalars(from, tensor, g);
    if (tensor < 0) break;
    grads_[tensor] = g;
    backward_tensor(tensor);
    from = tensor - 1;
    g = tensor > 0 ? grads_[tensor - 1] : 0.0;  // complete: its users all come later
  }
  root_ = top;
  swept_ = true;
  swept_since_rewind_ = true;
}

// Nodes top, top − 1, …, stop + 1, all scalar, given node top's complete gradient. Returns
// node stop's gradient (complete: its users are all among them); stop = −1: the whole tape.
double Tape::sweep_scalars(NodeId top, NodeId stop, double g_top) {
  const Node* nodes = nodes_.data();
  double* grads = grads_.data();
  // The gradient of node i − 1, kept at hand: in a chain node i adds into it and the next
  // step reads it at once; through memory, every node would wait for the last one's store.
  double below = g_top;
  const NodeId low = std::max<NodeId>(stop, 0);  // node 0 reads no node: the loop stops above it
  for (NodeId i = top; i > low; --i) {
    const double g = below;
    grads[i] = g;  // complete: every user of node i has passed its share back
    below = grads[i - 1];
    const Node& n = nodes[i];
    if (n.arity == 0 || g == 0.0) continue;  // a leaf, or nothing flows back through this node
    // The chain rule, one edge at a time: ∂L/∂input += ∂node/∂input · ∂L/∂node.
    auto pass = [&](NodeId input, double share) {
      if (input == i - 1) below += share;
      else grads[input] += share;
    };
    pass(n.input[0], n.partial[0] * g);
    if (n.arity == 2) pass(n.input[1], n.partial[1] * g);
  }
  if (stop >= 0 || top < 0) return below;
  grads[0] = below;  // node 0, a leaf
  return 0.0;
}

// ---- reading the graph ------------------------------------------------------

Var Tape::var(NodeId id) {
  if (is_tensor(id))  // also the range check
    throw std::invalid_argument(detail::message("tracegrad: node ", id, " holds a tensor: use tensor_var(", id, ")"));
  return Var(*this, id);
}

TensorVar Tape::tensor_var(NodeId id) {
  if (!is_tensor(id))
    throw std::invalid_argument(detail::message("tracegrad: node ", id, " is a scalar: use var(", id, ")"));
  return TensorVar(*this, id);
}

std::string_view Tape::name_of(NodeId id) const {
  auto it = names_.find(id);
  return it == names_.end() ? std::string_view{} : std::string_view{it->second};
}

void Tape::set_name(NodeId id, std::string_view name) {
  (void)node(id);
  if (name.empty()) names_.erase(id);
  else names_[id] = std::string(name);
}

void Tape::set_role(NodeId id, Role role) {
  nodes_.at(static_cast<std::size_t>(id)).role = role;
  std::erase(promoted_, id);  // the caller's role stays through a replay
}

std::optional<Var> Tape::find(std::string_view name) {
  for (auto& [id, given] : names_)
    if (given == name) return var(id);
  return std::nullopt;
}

void Tape::set_value(NodeId id, double value) {
  Node& n = nodes_.at(static_cast<std::size_t>(id));
  bool leaf = n.op == Op::input || n.op == Op::param || n.op == Op::constant;
  if (!leaf || n.tensor >= 0) throw std::invalid_argument(detail::message("tracegrad: node ", id, " is not a scalar leaf"));
  n.value = value;
}

void Tape::rewind(Mark mark) {
  if (mark > nodes_.size()) throw std::out_of_range("tracegrad: rewind past the end of the tape");
  while (!tensors_.empty() && static_cast<std::size_t>(tensors_.back().node) >= mark) tensors_.pop_back();
  if (mark < nodes_.size()) {  // every Var of a dropped node is stale from now on
    ++era_;
    while (!drops_.empty() && drops_.back().mark >= mark) drops_.pop_back();
    drops_.push_back({era_, mark});
    floor_ = std::min(floor_, mark);
  }
  nodes_.resize(mark);
  grads_.clear();
  std::erase_if(promoted_, [mark](NodeId id) { return static_cast<std::size_t>(id) >= mark; });
  if (first_by_caller_ >= mark) first_by_caller_ = SIZE_MAX;
  first_read_at_ = SIZE_MAX;  // reads before a rewind set up the leaves, not the graph to come
  read_while_recording_ = false;
  swept_since_rewind_ = false;
  if (!names_.empty() && static_cast<std::size_t>(names_.rbegin()->first) >= mark)  // a training loop names only leaves
    names_.erase(names_.lower_bound(static_cast<NodeId>(mark)), names_.end());
  swept_ = false;
  root_ = -1;
}

// ---- numerical safety -------------------------------------------------------

// For a tensor node, the number is its first non-finite element.
NonFinite Tape::describe_node(NodeId id, bool in_gradient) const {
  double number = in_gradient ? grads_[id] : nodes_[id].value;
  if (is_tensor(id)) {
    std::span<const double> xs = in_gradient ? tensor_grad(id) : values(id);
    auto bad = std::find_if(xs.begin(), xs.end(), [](double x) { return !std::isfinite(x); });
    if (bad != xs.end()) number = *bad;
  }
  return NonFinite{id, nodes_[id].op, std::string(name_of(id)), in_gradient, number};
}

std::optional<NonFinite> Tape::first_nonfinite() const {
  // Forward values: the first in creation order. Gradients: the first the sweep met.
  if (auto id = first_nonfinite_value()) return describe_node(*id, false);
  if (auto id = first_nonfinite_grad()) return describe_node(*id, true);
  return std::nullopt;
}

void Tape::check_finite() const {
  if (auto bad = first_nonfinite()) throw NonFiniteError(*bad);
}

}  // namespace tracegrad
