// The tape's side table of tensors: leaves, recording, gradients, and the branch of
// the reverse sweep that hands a tensor node to its own backward rule.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "message.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

std::size_t element_count(const Shape& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
}

std::string shape_string(const Shape& shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) out += detail::message(i ? ", " : "", shape[i]);
  return out + "]";
}

Tensor Tensor::vector(std::vector<double> values) {
  Shape shape{values.size()};
  return Tensor{std::move(shape), std::move(values)};
}

Tensor Tensor::matrix(std::size_t rows, std::size_t cols, std::vector<double> values) {
  if (values.size() != rows * cols)
    throw std::invalid_argument(detail::message("tracegrad: a ", rows, "×", cols, " matrix needs ", rows * cols,
                                                " values, got ", values.size()));
  return Tensor{{rows, cols}, std::move(values)};
}

Tensor Tensor::filled(Shape shape, double value) {
  std::vector<double> data(element_count(shape), value);
  return Tensor{std::move(shape), std::move(data)};
}

// ---- leaves -------------------------------------------------------------------

static void check_size(const Shape& shape, std::size_t size) {
  if (shape.empty() || size != element_count(shape))
    throw std::invalid_argument(
        detail::message("tracegrad: a tensor of shape ", shape_string(shape), " cannot hold ", size, " values"));
}

static TensorSlot owned_slot(Tensor value) {
  check_size(value.shape, value.data.size());
  TensorSlot s;
  s.shape = std::move(value.shape);
  s.owned = std::move(value.data);
  return s;
}

static TensorSlot borrowed_slot(Shape shape, std::span<const double> data) {
  check_size(shape, data.size());
  TensorSlot s;
  s.shape = std::move(shape);
  s.borrowed = data.data();  // no copy: a million rows stay in the caller's buffer
  return s;
}

TensorVar Tape::input(std::string_view name, Tensor value) {
  return push_tensor(Op::input, Role::input, owned_slot(std::move(value))).named(name);
}
TensorVar Tape::label(std::string_view name, Tensor value) {
  return push_tensor(Op::input, Role::label, owned_slot(std::move(value))).named(name);
}
TensorVar Tape::param(std::string_view name, Tensor value) {
  TensorSlot s = owned_slot(std::move(value));
  s.needs_grad = true;  // what training updates
  return push_tensor(Op::param, Role::param, std::move(s)).named(name);
}
TensorVar Tape::input(std::string_view name, Shape shape, std::span<const double> data) {
  return push_tensor(Op::input, Role::input, borrowed_slot(std::move(shape), data)).named(name);
}
TensorVar Tape::label(std::string_view name, Shape shape, std::span<const double> data) {
  return push_tensor(Op::input, Role::label, borrowed_slot(std::move(shape), data)).named(name);
}

// ---- recording ------------------------------------------------------------------

// Gradients are worth computing when a param is upstream: any scalar node but a
// constant (scalars always take part in the scalar sweep), or a tensor that needs them.
static bool any_needs_grad(const Tape& tape, const std::vector<NodeId>& inputs) {
  return std::any_of(inputs.begin(), inputs.end(), [&](NodeId id) { return tape.needs_grad(id); });
}

static void set_rule(const Tape& tape, TensorSlot& s, std::vector<NodeId> inputs, TensorRule rule,
                     std::vector<double> saved) {
  s.needs_grad = any_needs_grad(tape, inputs);
  s.inputs = std::move(inputs);
  s.saved = std::move(saved);
  s.forward = rule.forward;
  s.backward = rule.backward;
  s.local = rule.local;
}

TensorVar Tape::record(Op op, Shape shape, std::vector<NodeId> inputs, TensorRule rule, std::vector<double> saved) {
  TensorSlot s = owned_slot(Tensor::filled(std::move(shape), 0.0));
  set_rule(*this, s, std::move(inputs), rule, std::move(saved));
  return push_tensor(op, Role::op, std::move(s));
}

Var Tape::record(Op op, std::vector<NodeId> inputs, TensorRule rule, std::vector<double> saved) {
  TensorSlot s;  // shape {}: the value is the node's own scalar value
  set_rule(*this, s, std::move(inputs), rule, std::move(saved));
  return Var(*this, push_tensor(op, Role::op, std::move(s)).id());
}

// The node's value from its inputs' values, by its forward rule (leaves have none).
void Tape::forward_tensor(NodeId id) {
  TensorSlot& s = tensors_[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(id)].tensor)];
  if (s.forward) s.forward(*this, id, TensorOut{s.owned, nodes_[static_cast<std::size_t>(id)].value, s.saved});
}

TensorVar Tape::push_tensor(Op op, Role role, TensorSlot slot) {
  for (NodeId in : slot.inputs) (void)node(in);  // range check
  Node n;
  n.op = op;
  n.role = role;
  n.tensor = static_cast<std::int32_t>(tensors_.size());
  n.arity = static_cast<std::uint8_t>(std::min<std::size_t>(2, slot.inputs.size()));  // for printing;
  for (int k = 0; k < n.arity; ++k) n.input[k] = slot.inputs[k];  // backward uses the slot's rule
  const auto id = static_cast<NodeId>(nodes_.size());
  slot.node = id;
  tensors_.push_back(std::move(slot));
  nodes_.push_back(n);
  forward_tensor(id);
  if (strict_ && !value_finite(id)) throw NonFiniteError(describe_node(id, false));
  return TensorVar(*this, id);
}

// ---- reading --------------------------------------------------------------------

bool Tape::is_tensor(NodeId id) const {
  const Node& n = node(id);
  return n.tensor >= 0 && !tensors_[static_cast<std::size_t>(n.tensor)].shape.empty();
}

const TensorSlot& Tape::slot(NodeId id) const {
  const Node& n = node(id);
  if (n.tensor < 0) throw std::invalid_argument(detail::message("tracegrad: node ", id, " is a plain scalar"));
  return tensors_[static_cast<std::size_t>(n.tensor)];
}

TensorSlot& Tape::own_slot(NodeId id) { return const_cast<TensorSlot&>(slot(id)); }

std::span<const double> Tape::values(NodeId id) const {
  const TensorSlot& s = slot(id);
  return {s.data(), s.size()};
}

std::span<const double> Tape::tensor_grad(NodeId id) const { return slot(id).grad; }

std::span<const NodeId> Tape::inputs(NodeId id) const {
  const Node& n = node(id);
  if (n.tensor >= 0) return slot(id).inputs;
  return {n.input, n.arity};
}

Tensor Tape::local_derivative(NodeId id, std::size_t k) const {
  const Node& n = node(id);
  if (k >= inputs(id).size())
    throw std::out_of_range(detail::message("tracegrad: node ", id, " has no input ", k));
  if (n.tensor < 0) return Tensor{{}, {n.partial[k]}};  // recorded beside the value (rules.hpp)
  return slot(id).local(*this, id, k);
}

void Tape::set_values(NodeId id, std::span<const double> values) {
  TensorSlot& s = own_slot(id);
  if (nodes_[static_cast<std::size_t>(id)].op != Op::param && nodes_[static_cast<std::size_t>(id)].op != Op::input)
    throw std::invalid_argument(detail::message("tracegrad: node ", id, " is not a tensor leaf"));
  if (s.borrowed) throw std::invalid_argument(detail::message("tracegrad: node ", id, " borrows its data"));
  check_size(s.shape, values.size());
  std::copy(values.begin(), values.end(), s.owned.begin());
}

bool Tape::needs_grad(NodeId id) const {
  const Node& n = node(id);
  if (n.tensor >= 0) return tensors_[static_cast<std::size_t>(n.tensor)].needs_grad;
  return n.op != Op::constant;
}

std::span<double> Tape::grad_sink(NodeId id) { return own_slot(id).grad; }

// ---- the reverse sweep's tensor branch --------------------------------------------

// Every tensor that can receive a gradient starts the sweep at zero; data gets none.
void Tape::reset_tensor_grads() {
  for (TensorSlot& s : tensors_) {
    if (s.needs_grad) s.grad.assign(s.size(), 0.0);
    else s.grad.clear();
  }
}

void Tape::backward_tensor(NodeId id) {
  const TensorSlot& s = slot(id);
  if (!s.needs_grad) return;  // data, or nothing upstream wants a gradient
  auto nonzero = [](double g) { return g != 0.0; };
  const bool is_scalar = s.shape.empty();
  const bool flows = is_scalar ? nonzero(grads_[id]) : std::any_of(s.grad.begin(), s.grad.end(), nonzero);
  if (flows && s.backward) s.backward(*this, id);  // leaves have no rule
}

bool Tape::value_finite(NodeId id) const {
  auto finite = [](double x) { return std::isfinite(x); };
  if (!is_tensor(id)) return finite(value(id));
  std::span<const double> xs = values(id);
  return std::all_of(xs.begin(), xs.end(), finite);
}

// The first the last sweep met, from its root down: a scalar node's gradient, or any element
// of a tensor that takes a gradient. Looked for when asked, so the sweep itself never checks.
std::optional<NodeId> Tape::first_nonfinite_grad() const {
  if (!swept_) return std::nullopt;
  auto finite = [](double g) { return std::isfinite(g); };
  for (NodeId i = root_; i >= 0; --i) {
    const Node& n = nodes_[static_cast<std::size_t>(i)];
    if (n.tensor < 0) {
      if (!finite(grads_[i])) return i;
      continue;
    }
    const TensorSlot& s = tensors_[static_cast<std::size_t>(n.tensor)];
    if (s.needs_grad && !(s.shape.empty() ? finite(grads_[i]) : std::all_of(s.grad.begin(), s.grad.end(), finite)))
      return i;
  }
  return std::nullopt;
}

std::optional<NodeId> Tape::first_nonfinite_value() const {
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (!value_finite(static_cast<NodeId>(i))) return static_cast<NodeId>(i);
  return std::nullopt;
}

}  // namespace tracegrad
