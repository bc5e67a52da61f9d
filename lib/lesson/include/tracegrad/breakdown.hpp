// When a run breaks down: the first node whose value or gradient is nan or ±inf, and the
// stable rewrite that avoids it when there is one.
#pragma once
#include <optional>
#include <string>

#include "tracegrad/tape.hpp"

namespace tracegrad {

// Thrown by Lesson::backward when the step's numbers are not all finite: the run stops
// there, its trace written with the warning, before any update makes the parameters nan.
struct RunBrokeDown {};

// "non-finite number at node 9 (log): value -inf (log of 0: (1 − y_hat) = 0, since σ(z)
// rounds to 1 in double precision once z ≳ 37; here z = 84.1); use the stable rewrite
// log(1 − σ(z)) = −softplus(z) (--loss softplus)", or nothing when every number is finite.
// The flag is named only when the lesson has --loss.
std::optional<std::string> nonfinite_warning(const Tape& tape, bool has_loss_flag);

}  // namespace tracegrad
