// Gradient check: the engine's gradients against central differences.
//
//   numeric ∂f/∂xᵢ ≈ (f(x + eps·eᵢ) − f(x − eps·eᵢ)) / (2·eps)
//   a leaf passes when |analytic − numeric| ≤ atol + rtol·|numeric|   (as PyTorch's gradcheck)
#pragma once
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "tracegrad/tape.hpp"

namespace tracegrad {

struct GradcheckOptions {
  double eps = 1e-6;
  double atol = 1e-5;
  double rtol = 1e-3;
};

struct LeafCheck {
  std::string name;
  double value = 0;     // where the derivative was taken
  double analytic = 0;  // from backward()
  double numeric = 0;   // from central differences
  double abs_err = 0;
  double rel_err = 0;   // abs_err / |numeric| (abs_err when numeric is 0)
  bool pass = false;
};

struct GradcheckReport {
  std::vector<LeafCheck> leaves;
  double output = 0;  // f at the unperturbed point
  bool pass() const;
};

// Builds f on a fresh tape from its leaves (params named after `names`, or x0, x1, …).
using GraphBuilder = std::function<Var(Tape&, std::span<const Var>)>;

GradcheckReport gradcheck(const GraphBuilder& f, std::span<const double> at,
                          const GradcheckOptions& options = {},
                          std::span<const std::string> names = {});

// A reverse sweep other than the tape's own (an exercise's): ∂root/∂node for every node.
using Sweep = std::function<std::vector<double>(const Tape&, NodeId root)>;

// The same check of the gradients that `sweep` computes.
GradcheckReport gradcheck(const GraphBuilder& f, std::span<const double> at, const Sweep& sweep,
                          const GradcheckOptions& options = {}, std::span<const std::string> names = {});

// The same, element by element, for a function of tensor params (named x0, x1, … or
// after `names`); each element is one LeafCheck named like "x0[3]".
using TensorGraphBuilder = std::function<Var(Tape&, std::span<const TensorVar>)>;

GradcheckReport gradcheck_tensors(const TensorGraphBuilder& f, std::span<const Tensor> at,
                                  const GradcheckOptions& options = {},
                                  std::span<const std::string> names = {});

}  // namespace tracegrad
