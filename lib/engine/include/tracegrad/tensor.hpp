// Vectors and matrices on the tape: z = Xθ, ŷ = σ(z), L = mean(…) over a whole data set.
//
// A tensor is a dense block of doubles with a shape, stored row by row (row-major):
// element (i, j) of an n×d matrix is data[i·d + j]. Tensor nodes live on the same
// tape as scalar nodes; their values, gradients and backward rules sit in a side
// table of TensorSlots, so a scalar node stays small and the scalar sweep stays fast.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "tracegrad/node.hpp"

namespace tracegrad {

class Tape;

// {} for a scalar, {n} for a vector, {rows, cols} for a matrix.
using Shape = std::vector<std::size_t>;
std::size_t element_count(const Shape& shape);  // 1 for {}
std::string shape_string(const Shape& shape);   // "[1000000, 16]"

// A value to put on the tape: a shape and its elements (row-major).
struct Tensor {
  Shape shape;
  std::vector<double> data;

  static Tensor vector(std::vector<double> values);
  static Tensor matrix(std::size_t rows, std::size_t cols, std::vector<double> values);
  static Tensor filled(Shape shape, double value);
};

// Where a tensor op's forward rule writes: the node's elements (empty when its value is a
// scalar), its scalar value, and what its backward rule needs besides its inputs' values.
struct TensorOut {
  std::span<double> values;
  double& value;
  std::vector<double>& saved;
};

// How the node's value follows from its inputs' values: run when the node is recorded, and
// again by Tape::replay() with the inputs' new values (lib/engine/src/tensor_*.cpp).
using TensorForward = void (*)(const Tape& tape, NodeId node, TensorOut out);

// How gradient flows back through one tensor node: reads the node's gradient and
// adds its share into its inputs' gradients (lib/engine/src/tensor_*.cpp, beside each forward).
using TensorBackward = void (*)(Tape& tape, NodeId node);

// The node's local derivative ∂node/∂input[k], from what the op saved and its inputs'
// values (each op's form is beside its backward rule; traces/README.md lists them).
using TensorLocal = Tensor (*)(const Tape& tape, NodeId node, std::size_t k);

// A tensor op's three rules, recorded with its node.
struct TensorRule {
  TensorForward forward;
  TensorBackward backward;
  TensorLocal local;
};

// The side-table entry of a node that holds a vector/matrix, or reads one.
struct TensorSlot {
  NodeId node = -1;
  Shape shape;                       // {} for a scalar computed from tensors (sum, a loss)
  std::vector<double> owned;         // the values, when the tape owns them
  const double* borrowed = nullptr;  // the values, when a data leaf borrows the caller's buffer
  std::vector<double> grad;          // ∂root/∂element after backward; empty when none flows here
  std::vector<NodeId> inputs;        // scalar or tensor nodes, in order
  std::vector<double> saved;         // what the backward rule needs besides its inputs' values
  TensorForward forward = nullptr;   // nullptr for leaves
  TensorBackward backward = nullptr; // nullptr for leaves
  TensorLocal local = nullptr;       // nullptr for leaves
  bool needs_grad = false;           // a param is upstream: gradients are worth computing

  const double* data() const { return borrowed ? borrowed : owned.data(); }
  std::size_t size() const { return shape.empty() ? 0 : element_count(shape); }
};

}  // namespace tracegrad
