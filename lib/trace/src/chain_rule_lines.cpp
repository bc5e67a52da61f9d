// The backward stage as the slides walk it: from the loss down each path to a parameter,
// one line per edge with what it passes (upstream × local), a total wherever edges add.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"

namespace tracegrad {

namespace {

std::size_t at(NodeId id) { return static_cast<std::size_t>(id); }

// A node's gradient (scalar or tensor) as the screen shows it.
std::string grad_text(const Tape& tape, NodeId id) {
  return tape.is_tensor(id) ? show_all(tape.tensor_grad(id)) : show(tape.grad(id));
}

// An element-wise tensor op saved its local derivatives at record time: input k's n
// values start at saved[k·n] (tensor_elementwise.cpp).
bool saved_locals(const Tape& tape, NodeId id) {
  const Node& n = tape.node(id);
  if (!tape.is_tensor(id) || n.op == Op::matvec || n.op == Op::dot) return false;
  const TensorSlot& s = tape.slot(id);
  return !s.inputs.empty() && s.saved.size() == s.inputs.size() * s.size();
}

// Which nodes a shown edge may lead to: those that reach a parameter (the slide's paths),
// or — a graph with no parameter, like the chain rule's x → f → g — that reach an input.
// With all_grads every node but a constant.
std::vector<bool> shown_nodes(const Tape& tape, NodeId loss, bool all_grads) {
  std::vector<bool> shown(at(loss) + 1, false);
  bool any_param = false;
  for (NodeId i = 0; i <= loss; ++i) any_param = any_param || tape.node(i).role == Role::param;
  Role target = any_param ? Role::param : Role::input;
  for (NodeId i = 0; i <= loss; ++i) {
    const Node& n = tape.node(i);
    if (all_grads) shown[at(i)] = n.role != Role::constant;
    else if (n.role == target) shown[at(i)] = true;
    else for (NodeId in : tape.inputs(i)) shown[at(i)] = shown[at(i)] || shown[at(in)];
  }
  return shown;
}

struct Edges {
  const Tape& tape;
  NodeId loss;
  std::string top;                              // "L"
  std::vector<bool> shown;
  std::vector<int> pending;                     // per node: shown edges into it not yet printed
  std::vector<std::vector<std::string>> parts;  // per node: what each printed edge passed
  std::vector<std::string> lines;

  // Data and labels held as tensors get no gradient from the engine: no line either.
  bool shows(NodeId in) const { return shown[at(in)] && tape.needs_grad(in); }

  // One edge parent → input k: upstream × local = passed.
  void edge(NodeId parent, std::size_t k) {
    NodeId in = tape.inputs(parent)[k];
    std::string head = fmt::format("  {} → {}:  ", term(tape, parent), term(tape, in));
    const Node& n = tape.node(parent);
    std::string passed, part;  // part: the same number as a term of a sum, "(-1)"
    if (n.tensor < 0) {  // a scalar node: the engine recorded ∂node/∂input[k] in partial[k]
      passed = show(n.partial[k] * tape.grad(parent));
      part = factor(n.partial[k] * tape.grad(parent));
      lines.push_back(head + fmt::format("{} × {} = {}", factor(tape.grad(parent)), factor(n.partial[k]), passed));
    } else if (saved_locals(tape, parent)) {
      const TensorSlot& s = tape.slot(parent);
      std::span<const double> up = tape.tensor_grad(parent), local(s.saved.data() + k * s.size(), s.size());
      std::vector<double> each(up.size());
      for (std::size_t i = 0; i < up.size(); ++i) each[i] = up[i] * local[i];
      double sum = 0;  // a scalar spread over every element collects the sum
      for (double x : each) sum += x;
      passed = tape.is_tensor(in) ? show_all(each) : show(sum);
      part = tape.is_tensor(in) ? passed : factor(sum);
      lines.push_back(head + fmt::format("{} × {} = {}", show_all(up), show_all(local), passed));
    } else if (pending[at(in)] == 1 && parts[at(in)].empty()) {  // its only edge: it passes the whole gradient
      passed = grad_text(tape, in);
      lines.push_back(head + fmt::format("the rule of {} passes {}", op_name(n.op), passed));
    } else {
      passed = "(its share)";
      lines.push_back(head + fmt::format("the rule of {} passes its share of the total below", op_name(n.op)));
    }
    parts[at(in)].push_back(part.empty() ? passed : part);
  }

  // A node whose gradient is complete: its total, where several edges added into it.
  void total(NodeId id) {
    if (parts[at(id)].size() < 2) return;
    std::string sum;
    for (const auto& p : parts[at(id)]) sum += (sum.empty() ? "" : " + ") + p;
    lines.push_back(fmt::format("  ∂{}/∂{} = {} = {}", top, term(tape, id), sum, grad_text(tape, id)));
  }

  // Its edges go on the stack, the first input on top: the walk follows it down first.
  void push_edges(NodeId id, std::vector<std::pair<NodeId, std::size_t>>& todo) const {
    std::span<const NodeId> inputs = tape.inputs(id);
    for (std::size_t k = inputs.size(); k-- > 0;)
      if (shows(inputs[k])) todo.emplace_back(id, k);
  }
};

// The nodes the loss depends on.
std::vector<bool> on_path(const Tape& tape, NodeId loss) {
  std::vector<bool> on(at(loss) + 1, false);
  on[at(loss)] = true;
  for (NodeId i = loss; i >= 0; --i)
    if (on[at(i)])
      for (NodeId in : tape.inputs(i)) on[at(in)] = true;
  return on;
}

}  // namespace

std::vector<std::string> chain_rule_lines(const Tape& tape, NodeId loss, bool all_grads) {
  Edges e{tape, loss, term(tape, loss), shown_nodes(tape, loss, all_grads), {}, {}, {}};
  e.pending.assign(at(loss) + 1, 0);
  e.parts.resize(at(loss) + 1);
  std::vector<bool> needed = on_path(tape, loss);
  for (NodeId i = 0; i <= loss; ++i)
    if (needed[at(i)])
      for (NodeId in : tape.inputs(i)) e.pending[at(in)] += e.shows(in);
  e.lines = {fmt::format("  edge node → input:  ∂{}/∂node (upstream) × ∂node/∂input (local) = passed", e.top),
             fmt::format("  ∂{0}/∂{0} = 1", e.top)};
  // Depth first, one edge at a time: the walk follows a path down until it reaches a node
  // still waiting for another edge, and goes on from that node once its total is complete.
  std::vector<std::pair<NodeId, std::size_t>> todo;
  e.push_edges(loss, todo);
  while (!todo.empty()) {
    auto [parent, k] = todo.back();
    todo.pop_back();
    e.edge(parent, k);
    NodeId in = tape.inputs(parent)[k];
    if (--e.pending[at(in)] > 0) continue;
    e.total(in);
    e.push_edges(in, todo);
  }
  return e.lines;
}

// The first scalar node up to `last` with that name.
static std::optional<NodeId> scalar_named(const Tape& tape, std::string_view name, NodeId last) {
  for (NodeId i = 0; i <= last; ++i)
    if (tape.name_of(i) == name && !tape.is_tensor(i)) return i;
  return std::nullopt;
}

std::optional<std::string> logistic_summary(const Tape& tape, NodeId loss) {
  auto y_hat = scalar_named(tape, "y_hat", loss), y = scalar_named(tape, "y", loss);
  if (!y_hat || !y || tape.node(*y_hat).op != Op::sigmoid || tape.node(*y_hat).tensor >= 0) return std::nullopt;
  NodeId z = tape.node(*y_hat).input[0];
  bool cross_entropy = false;  // L reads log ŷ (the slide's form) or softplus(z) (the stable one)
  std::vector<bool> needed = on_path(tape, loss);
  for (NodeId i = 0; i <= loss; ++i) {
    const Node& n = tape.node(i);
    cross_entropy = cross_entropy || (needed[at(i)] && n.arity == 1 &&
                                      ((n.op == Op::log && n.input[0] == *y_hat) || (n.op == Op::softplus && n.input[0] == z)));
  }
  if (!cross_entropy) return std::nullopt;
  double formula = tape.value(*y_hat) - tape.value(*y), edges = tape.grad(z);
  bool same = std::isfinite(edges) && std::fabs(formula - edges) <= 1e-12 * std::max(1.0, std::fabs(edges));
  return fmt::format("  slide 41: ∂{}/∂{} = ŷ − y = {} − {} = {}{}", term(tape, loss), term(tape, z),
                     show(tape.value(*y_hat)), factor(tape.value(*y)), show(formula),
                     same ? ", as the edges give" : fmt::format("; the edges give {}", show(edges)));
}

}  // namespace tracegrad
