// A small expression language over the engine's ops, for `tracegrad eval`:
//
//   log(1 - sigmoid(w*x + b))     -x^2 / 2     pow(exp(a), 0.5) + softplus(-z)
//
// Numbers, named variables, + - * / with the usual precedence, unary minus, ^ with a number
// exponent, parentheses and the calls square, pow(e, number), exp, log, sigmoid, softplus.
// Parsed once by recursive descent (nesting bounded by max_nesting) into a small tree, its
// parts stored operands first; build() records it on a tape in one loop, no recursion (as
// often as needed: the gradient check rebuilds it at shifted points).
#pragma once
#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tracegrad/tape.hpp"

namespace tracegrad {

// A bad expression: what is wrong, and the byte offset in the text where it is.
class ExprError : public std::runtime_error {
 public:
  ExprError(const std::string& message, std::size_t position)
      : std::runtime_error(message), position_(position) {}
  std::size_t position() const { return position_; }

 private:
  std::size_t position_;
};

// The text on one line and a caret under the character at `position` on the next:
//   log(1 - sigmod(x))
//           ^
std::string caret_under(std::string_view text, std::size_t position);

class Expression {
 public:
  explicit Expression(std::string_view text);  // throws ExprError

  // The deepest nesting of parentheses, calls and unary minus the parser accepts.
  static constexpr int max_nesting = 500;

  const std::string& text() const { return text_; }
  // The variables, in the order they first appear.
  const std::vector<std::string>& names() const { return names_; }
  // Where a variable first appears (for "no value for x" errors).
  std::size_t position_of(const std::string& name) const;

  // Records the expression on `tape`, reading each variable from `vars`. Numbers become
  // constant nodes. Throws ExprError for a variable missing from `vars`.
  Var build(Tape& tape, const std::map<std::string, Var>& vars) const;

  // One node of the parsed tree.
  struct Part {
    enum Kind { literal, variable, neg, add, sub, mul, div, call } kind = literal;
    std::string name;        // the variable or the function
    double number = 0;       // a literal, or pow's exponent
    int a = -1, b = -1;      // operands (indices into parts_)
    std::size_t position = 0;
  };

 private:
  friend class ExprParser;
  Var build_part(Tape& tape, const std::map<std::string, Var>& vars, const Part& part,
                 const std::vector<Var>& built) const;

  std::string text_;
  std::vector<Part> parts_;
  int root_ = -1;
  std::vector<std::string> names_;
};

}  // namespace tracegrad
