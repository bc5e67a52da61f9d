// Bad input from a user — a flag, a value, a file — reported in one line that names it.
// Every command and lesson exits with status 2 on a UsageError.
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>

namespace tracegrad {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A number from text, whole and finite, or UsageError naming `what`.
double parse_number(const std::string& text, const std::string& what);

// A message as it is printed: valid UTF-8 (a byte that is not shown as \xFF) and one line (a
// control character, such as a newline in a file name, shown as \x0A).
std::string one_line(std::string_view message);

}  // namespace tracegrad
