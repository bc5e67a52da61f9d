// Binary cross-entropy over a data set, from the logits z (never from ŷ = σ(z)):
//
//   −y log σ(z) − (1 − y) log(1 − σ(z)) = softplus(z) − y·z,
//   softplus(z) = ln(1 + eᶻ) = max(z, 0) + ln(1 + e^−|z|)      (no overflow for any z)
//   ∂/∂z = σ(z) − y                                            (the deck's ŷ − y)
#include <stdexcept>

#include "message.hpp"
#include "tracegrad/rules.hpp"
#include "tracegrad/tensor_ops.hpp"

namespace tracegrad {

void require_shape(const TensorVar& t, const Shape& shape, std::string_view what) {
  if (t.shape() != shape)
    throw std::invalid_argument(detail::message("tracegrad: ", what, " has shape ", shape_string(t.shape()), ", needs ",
                                                shape_string(shape)));
}

// ---- bce_with_logits: L = (1/n) Σᵢ softplus(zᵢ) − yᵢzᵢ --------------------------------

static void bce_with_logits_backward(Tape& tape, NodeId id) {
  // ∂L/∂zᵢ = (σ(zᵢ) − yᵢ)/n,  ∂L/∂yᵢ = −zᵢ/n
  const TensorSlot& s = tape.slot(id);
  const NodeId z = s.inputs[0], y = s.inputs[1];
  std::span<const double> zs = tape.values(z), ys = tape.values(y);
  const double g = tape.grad(id) / static_cast<double>(zs.size());
  if (tape.needs_grad(z)) {
    std::span<double> sink = tape.grad_sink(z);
    for (std::size_t i = 0; i < zs.size(); ++i) sink[i] += rule::bce_logit(zs[i], ys[i]).dz * g;
  }
  if (tape.needs_grad(y)) {
    std::span<double> sink = tape.grad_sink(y);
    for (std::size_t i = 0; i < zs.size(); ++i) sink[i] -= zs[i] * g;
  }
}

Var bce_with_logits(const TensorVar& z, const TensorVar& y) {
  if (&z.tape() != &y.tape()) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  require_shape(y, z.shape(), "the labels y");
  std::span<const double> zs = z.values(), ys = y.values();
  double total = 0;
  for (std::size_t i = 0; i < zs.size(); ++i) total += rule::bce_logit(zs[i], ys[i]).loss;
  return z.tape().record(Op::bce_logits, total / static_cast<double>(zs.size()), {z.id(), y.id()},
                         bce_with_logits_backward);
}

}  // namespace tracegrad
