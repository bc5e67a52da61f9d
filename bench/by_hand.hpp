// The gradients of bench_engine's graphs written out by hand on plain doubles: the forward
// pass keeps what the backward pass needs, then the chain rule runs backward as a student
// derives it on paper, with no tape, no node and no dispatch. A tape does this arithmetic and
// more (it builds or replays nodes, dispatches on their ops), so this is its floor: what a
// compiled gradient (expression templates, a code generator) would approach.
#pragma once
#include <cmath>
#include <cstddef>
#include <vector>

#include <tracegrad/ops.hpp>

namespace by_hand {

struct Gradient {
  double loss, d_first, d_second, d_third;  // ∂L/∂ each parameter, in the graph's order
};

// The deck's loss averaged over the samples (slides 47–51, bench/logistic_graph.hpp):
//   z = w1·x1 + w2·x2 + b,  ŷ = σ(z),  L = mean of −y log ŷ − (1 − y) log(1 − ŷ),
//   ∂L/∂z = (ŷ − y)/n (slide 41),  ∂L/∂w1 = Σ x1·∂L/∂z,  ∂L/∂w2 = Σ x2·∂L/∂z,  ∂L/∂b = Σ ∂L/∂z.
inline Gradient logistic(const std::vector<double>& x1, const std::vector<double>& x2, const std::vector<double>& y,
                         double w1, double w2, double b) {
  const double n = static_cast<double>(y.size());
  Gradient g{0, 0, 0, 0};
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double y_hat = tracegrad::sigmoid(w1 * x1[i] + w2 * x2[i] + b);
    g.loss += (-y[i] * std::log(y_hat) - (1 - y[i]) * std::log(1 - y_hat)) / n;
    const double dz = (y_hat - y[i]) / n;
    g.d_first += x1[i] * dz;
    g.d_second += x2[i] * dz;
    g.d_third += dz;
  }
  return g;
}

// A chain of links y ← link(y, c, d), z = y·c + d. The forward pass keeps what the tape
// keeps: every link's input yᵢ₋₁ and its local derivative ∂yᵢ/∂zᵢ. The backward pass walks
// the links last to first, ∂L/∂yᵢ₋₁ = ∂L/∂zᵢ · c, adding each link's share into ∂L/∂c and
// ∂L/∂d. `ys` and `dys` are the caller's buffers, one element a link, so nothing allocated is timed.
template <class Link>
Gradient chain(std::vector<double>& ys, std::vector<double>& dys, double y0, double c, double d) {
  double y = y0;
  for (std::size_t i = 0; i < ys.size(); ++i) {
    ys[i] = y;
    const tracegrad::rule::Unary r = Link::of(y * c + d);
    dys[i] = r.d;
    y = r.value;
  }
  Gradient g{y, 0, 0, 0};
  double dy = 1.0;  // ∂L/∂y, L = the last y
  for (std::size_t i = ys.size(); i-- > 0;) {
    const double dz = dy * dys[i];  // ∂L/∂zᵢ
    g.d_first += dz * ys[i];        // ∂zᵢ/∂c = yᵢ₋₁
    g.d_second += dz;               // ∂zᵢ/∂d = 1
    dy = dz * c;                    // ∂zᵢ/∂yᵢ₋₁ = c
  }
  g.d_third = dy;  // ∂L/∂y0
  return g;
}

// y ← z: ∂y/∂z = 1.
struct Affine {
  static tracegrad::rule::Unary of(double z) { return {z, 1.0}; }
};

// y ← −log σ(z) = softplus(−z): ∂y/∂z = −σ(−z) = σ(z) − 1.
struct Mixed {
  static tracegrad::rule::Unary of(double z) {
    const double s = tracegrad::sigmoid(z);
    return {-std::log(s), s - 1.0};
  }
};

}  // namespace by_hand
