// Checking a parsed trace against trace format v2 (v1 for a version 1 file): the rules of
// traces/trace.schema.json and the extra rules of traces/README.md, each problem named by
// its JSON pointer.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "tracegrad/trace.hpp"

namespace tracegrad {

struct TraceProblem {
  std::string where;    // a JSON pointer: /steps/3/nodes/5/grad
  std::string message;  // what was expected: expected a number or "nan", "inf", "-inf", got "NaN"
  std::string describe() const { return where + ": " + message; }
};

// Every problem found, in document order, at most max_problems of them (empty: valid).
std::vector<TraceProblem> validate_trace(const ordered_json& trace, std::size_t max_problems = 50);

}  // namespace tracegrad
