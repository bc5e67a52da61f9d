// Bad input from a user — a flag, a value, a file — reported in one line that names it.
// Every command and lesson exits with status 2 on a UsageError.
#pragma once
#include <stdexcept>
#include <string>

namespace tracegrad {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A number from text, whole and finite, or UsageError naming `what`.
double parse_number(const std::string& text, const std::string& what);

}  // namespace tracegrad
