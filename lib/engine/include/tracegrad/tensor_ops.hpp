// Operations on vectors and matrices: the deck's vectorized model z = θᵀx, ŷ = σ(z),
// over one sample or a whole data set X. Each records one node whose forward and
// backward rule sit side by side in lib/engine/src/tensor_*.cpp; element-wise ops use
// the scalar rules of rules.hpp.
#pragma once
#include "tracegrad/ops.hpp"
#include "tracegrad/tape.hpp"

namespace tracegrad {

// ---- element by element (tensor_elementwise.cpp) ------------------------------
// Same shapes, or one side a scalar broadcast to every element (θ + b, 1 − ŷ, 2·x).
// Each element's local derivatives are those of the scalar op, e.g. ∂(a·b)ᵢ/∂aᵢ = bᵢ;
// a broadcast scalar s collects the sum: ∂L/∂s = Σᵢ ∂L/∂(result)ᵢ · ∂(result)ᵢ/∂s.
TensorVar operator+(const TensorVar& a, const TensorVar& b);
TensorVar operator-(const TensorVar& a, const TensorVar& b);
TensorVar operator*(const TensorVar& a, const TensorVar& b);
TensorVar operator-(const TensorVar& a);

TensorVar operator+(const TensorVar& a, const Var& s);
TensorVar operator+(const Var& s, const TensorVar& a);
TensorVar operator-(const TensorVar& a, const Var& s);
TensorVar operator-(const Var& s, const TensorVar& a);
TensorVar operator*(const TensorVar& a, const Var& s);
TensorVar operator*(const Var& s, const TensorVar& a);

// A plain number becomes a scalar constant node, broadcast: 1 - y_hat, 2 * x.
TensorVar operator+(const TensorVar& a, double s);
TensorVar operator+(double s, const TensorVar& a);
TensorVar operator-(const TensorVar& a, double s);
TensorVar operator-(double s, const TensorVar& a);
TensorVar operator*(const TensorVar& a, double s);
TensorVar operator*(double s, const TensorVar& a);

TensorVar square(const TensorVar& a);   // d/daᵢ aᵢ² = 2aᵢ
TensorVar exp(const TensorVar& a);      // d/daᵢ e^aᵢ = e^aᵢ
TensorVar log(const TensorVar& a);      // d/daᵢ ln aᵢ = 1/aᵢ
TensorVar sigmoid(const TensorVar& z);  // d/dzᵢ σ(zᵢ) = σ(zᵢ)(1 − σ(zᵢ))

// ---- products and reductions (tensor_linalg.cpp) -------------------------------
TensorVar matvec(const TensorVar& X, const TensorVar& theta);  // z = Xθ: ∂L/∂θ = Xᵀ·∂L/∂z
Var dot(const TensorVar& a, const TensorVar& b);               // aᵀb:   ∂/∂a = b, ∂/∂b = a
Var sum(const TensorVar& a);                                   // Σ aᵢ:  ∂/∂aᵢ = 1
Var mean(const TensorVar& a);                                  // Σ aᵢ/n: ∂/∂aᵢ = 1/n
// (Aᵀ)ᵢⱼ = Aⱼᵢ: an [r, c] matrix becomes [c, r]; a vector [n], a column, becomes the row [1, n].
// ∂L/∂Aⱼᵢ = ∂L/∂(Aᵀ)ᵢⱼ: backward transposes the gradient back.
TensorVar transpose(const TensorVar& a);

// ---- the loss over a data set (tensor_bce.cpp) -------------------------------------
// Mean binary cross-entropy of ŷ = σ(z) against labels y, computed from the logits z
// so it never overflows: −y log σ(z) − (1 − y) log(1 − σ(z)) = softplus(z) − y·z.
// ∂L/∂zᵢ = (σ(zᵢ) − yᵢ)/n. (lib/fast's fused_logistic_loss computes the same for z = Xθ
// in one pass over X.)
Var bce_with_logits(const TensorVar& z, const TensorVar& y);

// Throws std::invalid_argument naming `what` unless t has this shape.
void require_shape(const TensorVar& t, const Shape& shape, std::string_view what);

}  // namespace tracegrad
