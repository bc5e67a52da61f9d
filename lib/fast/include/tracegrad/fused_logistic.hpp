// The fast path of `tracegrad train` and the benchmarks: the mean binary cross-entropy of
// z = Xθ in one pass over X, on up to two threads, without the n-vector z.
//
// It records one node and equals the readable graph bce_with_logits(matvec(X, θ), y)
// (tensor_ops.hpp) within rounding — tests/test_tensor_models.cpp holds them side by side.
// Row by row: zᵢ = xᵢᵀθ, the loss term, and ∂L/∂θ += xᵢ(σ(zᵢ) − yᵢ)/n — the deck's
// ∇θL = x(ŷ − y), summed over the data set.
#pragma once
#include "tracegrad/tape.hpp"

namespace tracegrad {

Var fused_logistic_loss(const TensorVar& X, const TensorVar& theta, const TensorVar& y);

}  // namespace tracegrad
