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

// ∂L/∂zᵢ = (σ(zᵢ) − yᵢ)/n (k = 0),  ∂L/∂yᵢ = −zᵢ/n (k = 1), each times `scale`; added into out.
static void add_bce_partials(const Tape& tape, NodeId id, std::size_t k, double scale, std::span<double> out) {
  const TensorSlot& s = tape.slot(id);
  std::span<const double> zs = tape.values(s.inputs[0]), ys = tape.values(s.inputs[1]);
  const double g = scale / static_cast<double>(zs.size());
  for (std::size_t i = 0; i < zs.size(); ++i) {
    rule::BceTerm t = rule::bce_logit(zs[i], ys[i]);
    out[i] += (k == 0 ? t.dz : t.dy) * g;
  }
}

static void bce_with_logits_backward(Tape& tape, NodeId id) {
  const TensorSlot& s = tape.slot(id);
  for (std::size_t k = 0; k < 2; ++k)
    if (tape.needs_grad(s.inputs[k])) add_bce_partials(tape, id, k, tape.grad(id), tape.grad_sink(s.inputs[k]));
}

static Tensor bce_with_logits_local(const Tape& tape, NodeId id, std::size_t k) {
  Tensor out = Tensor::filled(tape.shape(tape.slot(id).inputs[k]), 0.0);
  add_bce_partials(tape, id, k, 1.0, out.data);
  return out;
}

// L = (1/n) Σᵢ softplus(zᵢ) − yᵢzᵢ
static void bce_with_logits_forward(const Tape& tape, NodeId id, TensorOut out) {
  const TensorSlot& s = tape.slot(id);
  std::span<const double> zs = tape.values(s.inputs[0]), ys = tape.values(s.inputs[1]);
  double total = 0;
  for (std::size_t i = 0; i < zs.size(); ++i) total += rule::bce_logit(zs[i], ys[i]).loss;
  out.value = total / static_cast<double>(zs.size());
}

Var bce_with_logits(const TensorVar& z, const TensorVar& y) {
  if (&z.tape() != &y.tape()) throw std::invalid_argument("tracegrad: combining nodes of two different tapes");
  require_shape(y, z.shape(), "the labels y");
  return z.tape().record(Op::bce_logits, {z.id(), y.id()},
                         {bce_with_logits_forward, bce_with_logits_backward, bce_with_logits_local});
}

}  // namespace tracegrad
