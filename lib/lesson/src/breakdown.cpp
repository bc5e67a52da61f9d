#include "tracegrad/breakdown.hpp"

#include <fmt/format.h>

#include "tracegrad/explain.hpp"

namespace tracegrad {

// log σ(z) = −softplus(−z) and log(1 − σ(z)) = −softplus(z): the same numbers, finite for any z.
static std::string stable_rewrite(const Tape& tape, const Node& n) {
  if (n.op != Op::log || n.arity != 1) return "";
  const Node& in = tape.node(n.input[0]);
  if (in.op == Op::sigmoid) return "use the stable rewrite log σ(z) = −softplus(−z)";
  if (in.op == Op::sub && tape.node(in.input[1]).op == Op::sigmoid)
    return "use the stable rewrite log(1 − σ(z)) = −softplus(z)";
  return "";
}

// Why a value is not finite, where the op says so plainly: log of 0, or of a σ that rounded.
static std::string why(const Tape& tape, const Node& n) {
  if (n.arity != 1 || n.tensor >= 0) return "";
  NodeId in = n.input[0];
  const Node& a = tape.node(in);
  if (n.op == Op::log && tape.value(in) == 0) {
    std::string text = fmt::format(" (log of 0: {} = 0", term(tape, in));
    bool one_minus_sigmoid = a.op == Op::sub && tape.node(a.input[1]).op == Op::sigmoid;
    if (one_minus_sigmoid || a.op == Op::sigmoid) {
      const Node& s = tape.node(one_minus_sigmoid ? a.input[1] : in);
      text += fmt::format(", since σ(z) rounds to {} in double precision once |z| ≳ 37; here {} = {}",
                          one_minus_sigmoid ? 1 : 0, term(tape, s.input[0]), show(tape.value(s.input[0])));
    }
    return text + ")";
  }
  return "";
}

std::optional<std::string> nonfinite_warning(const Tape& tape, bool has_loss_flag) {
  auto bad = tape.first_nonfinite();
  if (!bad) return std::nullopt;
  const Node& n = tape.node(bad->id);
  std::string hint = stable_rewrite(tape, n);
  if (!hint.empty()) hint = fmt::format("; {}{}", hint, has_loss_flag ? " (--loss softplus)" : "");
  return fmt::format("warning: non-finite number at {}{}{}", bad->describe(), bad->in_gradient ? "" : why(tape, n), hint);
}

}  // namespace tracegrad
