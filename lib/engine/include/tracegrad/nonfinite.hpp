// Where a non-finite number (nan, ±inf) first appeared on a tape: Tape::first_nonfinite()
// and Tape::check_finite() report it, naming the node.
#pragma once
#include <stdexcept>
#include <string>

#include "tracegrad/node.hpp"

namespace tracegrad {

// Where a non-finite number first appeared, and in which sweep.
struct NonFinite {
  NodeId id;
  Op op;
  std::string name;    // empty when the node has no name
  bool in_gradient;    // false: its forward value; true: its gradient
  double number;       // the nan or ±inf itself
  std::string describe() const;  // "node 7 (log "L"): value -inf"
};

// Thrown by check_finite() and, in strict mode, as soon as a bad node is recorded.
class NonFiniteError : public std::runtime_error {
 public:
  explicit NonFiniteError(NonFinite where);
  const NonFinite& where() const { return where_; }

 private:
  NonFinite where_;
};

}  // namespace tracegrad
