// Recursive descent, one function per precedence level, lowest first (nesting — parentheses,
// calls, unary minus — is bounded by max_nesting, so the stack stays small whatever the input):
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := '-' unary | power
//   power   := primary ('^' exponent)?          exponent := '-'? NUMBER
//   primary := NUMBER | NAME | NAME '(' sum (',' exponent)? ')' | '(' sum ')'
#include "expr.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "tracegrad/ops.hpp"
#include "tracegrad/utf8.hpp"

namespace tracegrad {

namespace {

constexpr std::string_view functions[] = {"square", "pow", "exp", "log", "sigmoid", "softplus"};

bool is_function(std::string_view name) {
  return std::find(std::begin(functions), std::end(functions), name) != std::end(functions);
}

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

std::string caret_under(std::string_view text, std::size_t position) {
  std::string pad;
  for (std::size_t i = 0; i < position && i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) pad += ' ';  // one per UTF-8 character
  return fmt::format("  {}\n  {}^", text, pad);
}

class ExprParser {
 public:
  ExprParser(Expression& e) : e_(e), s_(e.text_) {}

  void parse() {
    skip();
    if (pos_ == s_.size()) fail("empty expression");
    e_.root_ = sum();
    skip();
    if (pos_ < s_.size()) fail(s_[pos_] == ')' ? "unbalanced ')': no '(' opens it" : "unexpected " + here() + " after a complete expression");
  }

 private:
  using Part = Expression::Part;

  [[noreturn]] void fail(const std::string& message) const { throw ExprError(message, pos_); }
  [[noreturn]] void fail_at(const std::string& message, std::size_t at) const { throw ExprError(message, at); }
  // The character at pos_, whole: a UTF-8 character is one to four bytes.
  std::string here() const {
    if (pos_ >= s_.size()) return "end of expression";
    std::size_t end = pos_ + 1;
    while (end < s_.size() && end - pos_ < 4 && (static_cast<unsigned char>(s_[end]) & 0xC0) == 0x80) ++end;
    return fmt::format("'{}'", valid_utf8_or_escaped(s_.substr(pos_, end - pos_)));
  }
  // One level deeper (a parenthesis, a call's argument, a unary minus); an error past max_nesting.
  struct Nesting {
    explicit Nesting(ExprParser& p) : p_(p) {
      if (++p_.depth_ > Expression::max_nesting)
        p_.fail(fmt::format("nested deeper than {} levels (parentheses, calls and unary minus)", Expression::max_nesting));
    }
    ~Nesting() { --p_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    ExprParser& p_;
  };
  void skip() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    skip();
    if (pos_ < s_.size() && s_[pos_] == c) return ++pos_, true;
    return false;
  }
  int add(Part p) {
    e_.parts_.push_back(std::move(p));
    return static_cast<int>(e_.parts_.size()) - 1;
  }
  int binary(Part::Kind kind, int a, int b, std::size_t at) { return add({kind, "", 0, a, b, at}); }

  // One level of left-associative operators: operand (op operand)*, so 8 - 4 - 2 = (8 - 4) - 2.
  int chain(int (ExprParser::*operand)(), char op1, Part::Kind kind1, char op2, Part::Kind kind2) {
    int left = (this->*operand)();
    for (;;) {
      std::size_t at = (skip(), pos_);
      if (eat(op1)) left = binary(kind1, left, (this->*operand)(), at);
      else if (eat(op2)) left = binary(kind2, left, (this->*operand)(), at);
      else return left;
    }
  }
  int sum() { return chain(&ExprParser::product, '+', Part::add, '-', Part::sub); }
  int product() { return chain(&ExprParser::unary, '*', Part::mul, '/', Part::div); }

  int unary() {
    std::size_t at = (skip(), pos_);
    if (!eat('-')) return power();
    Nesting deeper(*this);
    int operand = unary();
    Part& p = e_.parts_[static_cast<std::size_t>(operand)];
    if (p.kind == Part::literal && p.number > 0) {  // -2 is the number −2, not neg(2)
      p.number = -p.number;
      p.position = at;
      return operand;
    }
    return add({Part::neg, "", 0, operand, -1, at});
  }

  int power() {
    int base = primary();
    std::size_t at = (skip(), pos_);
    if (!eat('^')) return base;
    return add({Part::call, "pow", exponent(), base, -1, at});
  }

  double exponent() {
    skip();
    bool minus = eat('-');
    skip();
    if (pos_ == s_.size() || !(std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.'))
      fail("the exponent must be a number (pow's exponent is a constant)");
    double x = number();
    return minus ? -x : x;
  }

  double number() {
    std::size_t start = pos_;
    while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      std::size_t e = pos_ + 1;
      if (e < s_.size() && (s_[e] == '+' || s_[e] == '-')) ++e;
      if (e < s_.size() && std::isdigit(static_cast<unsigned char>(s_[e]))) {
        pos_ = e;
        while (pos_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      }
    }
    double x = 0;
    auto [end, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, x);
    if (ec != std::errc() || end != s_.data() + pos_) fail_at(fmt::format("'{}' is not a number", s_.substr(start, pos_ - start)), start);
    return x;
  }

  int primary() {
    skip();
    std::size_t at = pos_;
    if (pos_ == s_.size()) fail("expected a number, a name or '(' but the expression ends");
    char c = s_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return add({Part::literal, "", number(), -1, -1, at});
    if (c == '(') {
      ++pos_;
      Nesting deeper(*this);
      int inside = sum();
      if (!eat(')')) fail_at("unbalanced '(': no ')' closes it", at);
      return inside;
    }
    if (!name_start(c)) fail("unexpected " + here() + ": expected a number, a name or '('");
    while (pos_ < s_.size() && name_char(s_[pos_])) ++pos_;
    std::string name(s_.substr(at, pos_ - at));
    if (!eat('(')) {
      if (is_function(name)) fail_at(fmt::format("{} is a function: write {}(…)", name, name), at);
      if (std::find(e_.names_.begin(), e_.names_.end(), name) == e_.names_.end()) e_.names_.push_back(name);
      return add({Part::variable, name, 0, -1, -1, at});
    }
    if (!is_function(name))
      fail_at(fmt::format("unknown function '{}' (known: square, pow, exp, log, sigmoid, softplus)", name), at);
    Nesting deeper(*this);
    int arg = sum();
    double exponent_value = 0;
    if (name == "pow") {
      if (!eat(',')) fail("pow takes two arguments: pow(base, exponent)");
      exponent_value = exponent();
    }
    skip();
    if (pos_ < s_.size() && s_[pos_] == ',')
      fail(name == "pow" ? std::string("pow takes two arguments: pow(base, exponent)")
                         : fmt::format("{} takes one argument: {}(a)", name, name));
    if (!eat(')')) fail_at("unbalanced '(': no ')' closes it", s_.find('(', at));
    return add({Part::call, name, exponent_value, arg, -1, at});
  }

  Expression& e_;
  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

Expression::Expression(std::string_view text) : text_(text) { ExprParser(*this).parse(); }

std::size_t Expression::position_of(const std::string& name) const {
  for (const auto& p : parts_)
    if (p.kind == Part::variable && p.name == name) return p.position;
  return 0;
}

// Every operand is parsed, and so stored, before the part that uses it: building the parts
// in index order is a post-order walk of the tree without recursion, left operand first, so
// node ids follow the text whatever the compiler's evaluation order.
Var Expression::build(Tape& tape, const std::map<std::string, Var>& vars) const {
  std::vector<Var> built;
  built.reserve(parts_.size());
  for (const Part& p : parts_) built.push_back(build_part(tape, vars, p, built));
  return built.at(static_cast<std::size_t>(root_));
}

Var Expression::build_part(Tape& tape, const std::map<std::string, Var>& vars, const Part& p,
                           const std::vector<Var>& built) const {
  auto arg = [&](int i) { return built[static_cast<std::size_t>(i)]; };
  switch (p.kind) {
    case Part::add: return arg(p.a) + arg(p.b);
    case Part::sub: return arg(p.a) - arg(p.b);
    case Part::mul: return arg(p.a) * arg(p.b);
    case Part::div: return arg(p.a) / arg(p.b);
    case Part::literal: return tape.constant(p.number);
    case Part::variable: {
      auto it = vars.find(p.name);
      if (it == vars.end()) throw ExprError(fmt::format("no value for '{}' (give it as {}=VALUE)", p.name, p.name), p.position);
      return it->second;
    }
    case Part::neg: return -arg(p.a);
    case Part::call: break;
  }
  Var a = arg(p.a);
  if (p.name == "square") return square(a);
  if (p.name == "pow") return pow(a, p.number);
  if (p.name == "exp") return exp(a);
  if (p.name == "log") return log(a);
  if (p.name == "sigmoid") return sigmoid(a);
  return softplus(a);
}

}  // namespace tracegrad
