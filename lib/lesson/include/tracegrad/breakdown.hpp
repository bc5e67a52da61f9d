// When a run breaks down: the first node whose value or gradient is nan or ±inf, and the
// stable rewrite that avoids it when there is one.
#pragma once
#include <optional>
#include <string>

#include "tracegrad/tape.hpp"

namespace tracegrad {

// "non-finite number at node 9 (log): value -inf; use the stable rewrite log(1 − σ(z)) =
// −softplus(z) (--loss softplus)", or nothing when every number is finite. The flag is
// named only when the lesson has --loss.
std::optional<std::string> nonfinite_warning(const Tape& tape, bool has_loss_flag);

}  // namespace tracegrad
