#include "tracegrad/explain.hpp"

#include <fmt/format.h>

namespace tracegrad {

std::string show(double x, int digits) {
  if (x == 0) return "0";  // not "-0"
  return fmt::format("{:.{}g}", x, digits);
}

namespace {

bool is_sum(const Node& n) { return n.op == Op::add || n.op == Op::sub; }

// The name of an input inside a bigger formula, with parentheses where precedence needs them.
std::string operand(const Tape& tape, NodeId id, bool wrap_sums) {
  if (!tape.name_of(id).empty()) return std::string(tape.name_of(id));
  const Node& n = tape.node(id);
  std::string text = formula(tape, id);
  bool wrap = (wrap_sums && is_sum(n)) || n.op == Op::neg ||
              ((n.role == Role::constant || n.arity == 0) && n.value < 0);
  return wrap ? fmt::format("({})", text) : text;
}

// "x" stays "x²"; "w·x + b" becomes "(w·x + b)²".
std::string raised(const Tape& tape, NodeId id, const std::string& power) {
  const Node& n = tape.node(id);
  bool atom = !tape.name_of(id).empty() || n.arity == 0;
  std::string base = atom ? operand(tape, id, false) : fmt::format("({})", formula(tape, id));
  return base + power;
}

}  // namespace

std::string formula(const Tape& tape, NodeId id) {
  const Node& n = tape.node(id);
  std::span<const NodeId> in = tape.inputs(id);  // scalar or tensor inputs alike
  NodeId a = in.size() > 0 ? in[0] : -1, b = in.size() > 1 ? in[1] : -1;
  switch (n.op) {
    case Op::input:
    case Op::param: return tape.name_of(id).empty() ? fmt::format("#{}", id) : std::string(tape.name_of(id));
    case Op::constant: return show(n.value);
    case Op::add: return fmt::format("{} + {}", operand(tape, a, false), operand(tape, b, false));
    case Op::sub: return fmt::format("{} − {}", operand(tape, a, false), operand(tape, b, true));
    case Op::mul: return fmt::format("{}·{}", operand(tape, a, true), operand(tape, b, true));
    case Op::div: return fmt::format("{} / {}", operand(tape, a, true), operand(tape, b, true));
    case Op::neg: return fmt::format("−{}", operand(tape, a, true));
    case Op::square: return raised(tape, a, "²");
    case Op::pow: return raised(tape, a, fmt::format("^{}", show(tape.value(b))));
    case Op::exp: return fmt::format("exp({})", formula(tape, a));
    case Op::log: return fmt::format("log({})", name_or_formula(tape, a));
    case Op::sigmoid: return fmt::format("σ({})", name_or_formula(tape, a));
    case Op::softplus: return fmt::format("softplus({})", name_or_formula(tape, a));
    case Op::matvec: return fmt::format("{}·{}", operand(tape, a, true), operand(tape, b, true));
    case Op::dot: return fmt::format("{}ᵀ{}", operand(tape, a, true), operand(tape, b, true));
    case Op::sum: return fmt::format("Σ {}", term(tape, a));
    case Op::mean: return fmt::format("mean({})", name_or_formula(tape, a));
    case Op::transpose: return fmt::format("{}ᵀ", operand(tape, a, true));
    case Op::bce_logits: return fmt::format("BCE(σ({}), {})", name_or_formula(tape, a), name_or_formula(tape, b));
    case Op::fused_logistic_loss:
      return fmt::format("BCE(σ({}·{}), {})", operand(tape, a, true), operand(tape, b, true), name_or_formula(tape, in[2]));
  }
  return fmt::format("{}(…)", op_name(n.op));
}

std::string name_or_formula(const Tape& tape, NodeId id) {
  if (!tape.name_of(id).empty()) return std::string(tape.name_of(id));
  return formula(tape, id);
}

std::string term(const Tape& tape, NodeId id) {
  bool atom = !tape.name_of(id).empty() || tape.node(id).arity == 0;
  return atom ? name_or_formula(tape, id) : fmt::format("({})", formula(tape, id));
}

std::string factor(double x) { return x < 0 ? fmt::format("({})", show(x)) : show(x); }

// A node's value as the boxes show it: a number, a short vector's elements, or a tensor's shape.
std::string show_all(std::span<const double> xs) {
  std::string out = "[";
  for (std::size_t i = 0; i < xs.size(); ++i) out += (i ? ", " : "") + show(xs[i]);
  return out + "]";
}
static std::string elements(const Shape& shape, std::span<const double> xs) {
  return xs.size() > 8 ? fmt::format("(a {} tensor)", shape_string(shape)) : show_all(xs);
}
static std::string value_of(const Tape& tape, NodeId id) {
  return tape.is_tensor(id) ? elements(tape.shape(id), tape.values(id)) : show(tape.value(id));
}

std::vector<std::string> forward_boxes(const Tape& tape, NodeId loss) {
  std::string inputs, params, labels;
  std::vector<std::string> model;
  for (NodeId i = 0; i <= loss; ++i) {
    const Node& n = tape.node(i);
    std::string label(tape.name_of(i));
    std::string entry = fmt::format("{} = {}", label, value_of(tape, i));
    if (label.empty()) continue;
    if (n.role == Role::input) inputs += (inputs.empty() ? "" : "   ") + entry;
    if (n.role == Role::param) params += (params.empty() ? "" : "   ") + entry;
    if (n.role == Role::label) labels += (labels.empty() ? "" : "   ") + entry;
    if (n.role == Role::op && i != loss)
      model.push_back(fmt::format("{} = {} = {}", label, formula(tape, i), value_of(tape, i)));
  }
  std::vector<std::string> lines;
  auto box = [&](const char* title, const std::string& text) {
    if (!text.empty()) lines.push_back(fmt::format("  {:<11} {}", title, text));
  };
  box("Input", inputs);
  box("Parameters", params);
  for (std::size_t k = 0; k < model.size(); ++k) box(k == 0 ? "Model" : "", model[k]);
  box("Label", labels);
  box("Loss", fmt::format("{} = {} = {}", name_or_formula(tape, loss), formula(tape, loss),
                          show(tape.value(loss))));
  return lines;
}

}  // namespace tracegrad
