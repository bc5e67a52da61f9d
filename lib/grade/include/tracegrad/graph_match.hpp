// Pairing the nodes of two graphs by what they compute, not by their creation order: two
// programs that compute the same thing in another order, or spell a sum the other way
// round, get the same grade.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "tracegrad/trace.hpp"

namespace tracegrad {

// What a node is graded by: its name, or "(the loss)" for an unnamed loss node; "" otherwise.
std::string grading_name(const ordered_json& node);

struct GraphMatch {
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::size_t> actual_of;    // per expected node: its actual node, or none
  std::vector<std::size_t> expected_of;  // per actual node: its expected node, or none
  void pair(std::size_t e, std::size_t a) { actual_of[e] = a, expected_of[a] = e; }
};

// Two node lists of valid traces (inputs before users). A node is identified from the
// leaves up: a named node by its name (x, w, y_hat, L), an unnamed leaf by its role and
// value (the 1 of 1 − ŷ), any other node by its op and the identities of its inputs, in
// any order for the commutative add and mul (b + w·x is w·x + b). Named nodes are paired by
// name, the others by identity in creation order. Linear in the size of the graphs.
GraphMatch match_graphs(const ordered_json& expected, const ordered_json& actual);

}  // namespace tracegrad
