// The scalar ops themselves are inline, in ops.hpp; here, looking a rule up by its op's name.
#include "tracegrad/ops.hpp"

namespace tracegrad {

std::optional<rule::Binary> scalar_rule(std::string_view op, std::span<const double> in) {
  for (Op o : {Op::add, Op::sub, Op::mul, Op::div, Op::pow, Op::neg, Op::square, Op::exp, Op::log, Op::sigmoid,
               Op::softplus})
    if (op == op_name(o)) {
      if (in.size() != static_cast<std::size_t>(rule::inputs_of(o))) return std::nullopt;
      return rule::of(o, in[0], in.size() == 2 ? in[1] : 0.0);
    }
  return std::nullopt;
}

}  // namespace tracegrad
