#include "tracegrad/breakdown.hpp"

#include <fmt/format.h>

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

std::optional<std::string> nonfinite_warning(const Tape& tape, bool has_loss_flag) {
  auto bad = tape.first_nonfinite();
  if (!bad) return std::nullopt;
  std::string hint = stable_rewrite(tape, tape.node(bad->id));
  if (!hint.empty()) hint = fmt::format("; {}{}", hint, has_loss_flag ? " (--loss softplus)" : "");
  return fmt::format("warning: non-finite number at {}{}", bad->describe(), hint);
}

}  // namespace tracegrad
