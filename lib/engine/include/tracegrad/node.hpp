// One entry of the tape: what a student sees when a graph is printed.
#pragma once
#include <cstdint>
#include <ostream>
#include <string_view>

namespace tracegrad {

// A node's stable id is its creation index on the tape (never a memory address).
using NodeId = std::int32_t;

// What computed the node. Leaves are `input`, `param` and `constant`.
// Element-wise ops on vectors reuse the scalar names (add, exp, sigmoid, …).
enum class Op : std::uint8_t {
  input, param, constant,                 // leaves
  add, sub, mul, div, neg,                // arithmetic
  square, pow, exp, log, sigmoid, softplus, // functions
  matvec, dot, sum, mean, transpose,      // vectors and matrices (tensor_ops.hpp)
  bce_logits, fused_logistic_loss               // losses over a whole data set
};

// What the node stands for in the slide's diagram.
enum class Role : std::uint8_t { input, param, label, constant, op, loss };

// The name written in traces and printouts: "add", "sigmoid", "const", …
std::string_view op_name(Op op);
std::string_view role_name(Role role);
inline std::ostream& operator<<(std::ostream& out, Op op) { return out << op_name(op); }
inline std::ostream& operator<<(std::ostream& out, Role role) { return out << role_name(role); }

// A recorded operation. The local derivatives ∂node/∂input are computed when the
// node is recorded, right beside its value; backward only multiplies and adds.
// A node that holds a vector or matrix, or reads one (sum, dot, a loss), keeps its
// values, inputs and backward rule in a TensorSlot instead; input[] names its first
// two inputs (Tape::inputs lists them all) and partial[] is unused.
struct Node {
  double value = 0.0;
  double partial[2] = {0.0, 0.0};  // ∂value/∂input[k]
  NodeId input[2] = {-1, -1};      // ordered, duplicates kept (x * x has x twice)
  std::int32_t tensor = -1;        // its TensorSlot (tensor.hpp) if it reads or holds a vector
  Op op = Op::constant;
  Role role = Role::constant;
  std::uint8_t arity = 0;          // how many of input[] are used
  bool by_caller = false;          // Tape::record(op, value, …): no rule to replay it from
};

}  // namespace tracegrad
