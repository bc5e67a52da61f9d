// The classic mistakes of each exercise: the reference with the mistake in it, and what to
// tell the student (the teacher's side: they are built from the reference solution).
#include <map>
#include <type_traits>

#include <tracegrad/ops.hpp>

#include "checker.hpp"

namespace exercise {

using tracegrad::Tape;

namespace {


template <class F>
Solution with(F Solution::*member, std::type_identity_t<F> answer) {
  Solution s = reference_solution();
  s.*member = answer;
  return s;
}

double square_once(double a) { return a; }
Partials add_as_sub(double, double) { return {1, -1}; }
Partials add_as_mul(double a, double b) { return {b, a}; }
Partials mul_swapped(double a, double b) { return {a, b}; }
Partials mul_as_add(double, double) { return {1, 1}; }
double sigmoid_as_sigma(double, double s) { return s; }

Theta hand_missing_x(const Sample& sample, const Theta& theta) {
  Theta g = reference_solution().logistic_gradient(sample, theta);
  return {g.b, g.b, g.b};  // ŷ − y everywhere: ∂z/∂wᵢ = xᵢ left out
}
Theta hand_sigma(const Sample& sample, const Theta& theta) {
  Theta g = reference_solution().logistic_gradient(sample, theta);
  double y_hat = tracegrad::sigmoid(theta.w1 * sample.x1 + theta.w2 * sample.x2 + theta.b);
  double k = 1 / (1 - y_hat);  // ∂L/∂ŷ·σ(z) instead of ∂L/∂ŷ·σ(z)(1 − σ(z))
  return {k * g.b, k * g.w1, k * g.w2};
}

enum class Flaw { assign, no_chain, once };
template <Flaw flaw>
void flawed_backward(const Tape& tape, tracegrad::NodeId root, std::vector<double>& grads) {
  grads[root] = 1;
  for (tracegrad::NodeId i = root; i >= 0; --i) {
    const tracegrad::Node& n = tape.node(i);
    for (int k = 0; k < n.arity; ++k) {
      double& g = grads[n.input[k]];
      if (flaw == Flaw::once && k == 1 && n.input[1] == n.input[0]) continue;
      if (flaw == Flaw::assign) g = n.partial[k] * grads[i];
      else g += flaw == Flaw::no_chain ? n.partial[k] : n.partial[k] * grads[i];
    }
  }
}

const std::string x_times_x =
    "the duplicate input of x·x counted once: a² is a·a, a is used twice and both uses count";
const std::string sigma_for_sigma_prime = "σ'(z) written as σ(z): σ'(z) = σ(z)(1 − σ(z)) (slide 41)";
const std::string missing_chain =
    "missing chain factor (off by the upstream gradient): each contribution is the local derivative TIMES "
    "the gradient of the node it flows back from";

}  // namespace

const std::vector<Mistake>& mistakes(const Exercise& ex) {
  static const std::map<std::string, std::vector<Mistake>, std::less<>> by_exercise = {
      {"square", {{x_times_x, with(&Solution::d_square, square_once)}}},
      {"add",
       {{"that is sub's rule: ∂(a + b)/∂b = +1", with(&Solution::d_add, add_as_sub)},
        {"that is mul's rule: ∂(a + b)/∂a = ∂(a + b)/∂b = 1", with(&Solution::d_add, add_as_mul)}}},
      {"mul",
       {{"swapped: ∂(a·b)/∂a is the OTHER factor, b", with(&Solution::d_mul, mul_swapped)},
        {"that is add's rule: ∂(a·b)/∂a = b, not 1", with(&Solution::d_mul, mul_as_add)}}},
      {"sigmoid", {{sigma_for_sigma_prime, with(&Solution::d_sigmoid, sigmoid_as_sigma)}}},
      {"logistic_gradient",
       {{"missing chain factor: ∂z/∂wᵢ = xᵢ, so ∂L/∂wᵢ = xᵢ(ŷ − y)", with(&Solution::logistic_gradient, hand_missing_x)},
        {sigma_for_sigma_prime + " in the chain ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂θ",
         with(&Solution::logistic_gradient, hand_sigma)}}},
      {"backward",
       {{"= instead of +=: a node that feeds two others (w and b feed both samples, e feeds e·e twice) gets the "
         "SUM of the contributions; with = the last one overwrites the others",
         with(&Solution::backward, flawed_backward<Flaw::assign>)},
        {missing_chain, with(&Solution::backward, flawed_backward<Flaw::no_chain>)},
        {"the duplicate input of x·x counted once: e·e lists e twice, and both edges pass a gradient back",
         with(&Solution::backward, flawed_backward<Flaw::once>)}}},
  };
  static const std::vector<Mistake> none;
  auto it = by_exercise.find(ex.name);
  return it == by_exercise.end() ? none : it->second;
}

}  // namespace exercise
