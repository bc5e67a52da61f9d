// One entry of the tape: what a student sees when a graph is printed.
#pragma once
#include <cstdint>
#include <ostream>
#include <string_view>

namespace tracegrad {

// A node's stable id is its creation index on the tape (never a memory address).
using NodeId = std::int32_t;

// What computed the node. Leaves are `input`, `param` and `constant`.
enum class Op : std::uint8_t {
  input, param, constant,                 // leaves
  add, sub, mul, div, neg,                // arithmetic
  square, pow, exp, log, sigmoid, softplus // functions
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
struct Node {
  double value = 0.0;
  double partial[2] = {0.0, 0.0};  // ∂value/∂input[k]
  NodeId input[2] = {-1, -1};      // ordered, duplicates kept (x * x has x twice)
  Op op = Op::constant;
  Role role = Role::constant;
  std::uint8_t arity = 0;          // how many of input[] are used
};

}  // namespace tracegrad
