// tracegrad eval "EXPRESSION" NAME=VALUE… [--trace FILE] [--dot FILE] [--html FILE]
// Builds the expression's graph, prints every node's value and gradient, runs the gradient
// check, and writes the same outputs as a lesson.
#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "tracegrad/dot.hpp"
#include "tracegrad/explain.hpp"
#include "expr.hpp"
#include "tracegrad/gradcheck.hpp"
#include "tracegrad/lesson_options.hpp"
#include "tracegrad/utf8.hpp"
#include "tracegrad/viewer.hpp"

namespace tracegrad::cli {

static constexpr const char* eval_usage = R"usage(usage: tracegrad eval "EXPRESSION" NAME=VALUE… [--trace FILE] [--dot FILE] [--html FILE]
  Evaluates an expression over named variables, e.g.
    tracegrad eval "log(1 - sigmoid(w*x + b))" x=1.4 w=-0.1 b=0.1
  and prints each node's value and gradient, then checks the gradients against central
  differences. Operators + - * / ^ (a number exponent), unary minus, parentheses, and
  square(a), pow(a, number), exp(a), log(a), sigmoid(a), softplus(a).
  --trace FILE  write the run as a trace        --dot FILE   its graph as Graphviz DOT
  --html FILE   a page to look at it (tracegrad view)
  Exit status: 0 the gradient check passes, 1 it fails or a number is not finite, 2 bad input.
)usage";

namespace {

constexpr std::size_t caret_width = 160;  // the longest expression shown again under an error

struct EvalArgs {
  std::string expression;
  std::vector<std::pair<std::string, std::string>> values;  // NAME=VALUE, as given
  std::optional<std::string> trace, dot, html;
};

EvalArgs parse_args(Args args) {
  EvalArgs a;
  bool have_expression = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--trace") a.trace = flag_value(args, i);
    else if (arg == "--dot") a.dot = flag_value(args, i);
    else if (arg == "--html") a.html = flag_value(args, i);
    else if (arg.starts_with("--")) throw UsageError(fmt::format("unknown flag '{}'", excerpt(arg)));
    else if (!have_expression) a.expression = arg, have_expression = true;
    else if (auto eq = arg.find('='); eq == std::string::npos || eq == 0)
      throw UsageError(fmt::format("'{}' is not NAME=VALUE", excerpt(arg)));
    else a.values.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
  }
  if (!have_expression) throw UsageError("which expression? tracegrad eval \"EXPRESSION\" NAME=VALUE…");
  return a;
}

// The variables' values in the expression's order; every name given once, as a number.
std::vector<double> values_for(const Expression& e, const EvalArgs& a) {
  std::map<std::string, double> given;
  const std::set<std::string> known(e.names().begin(), e.names().end());
  for (const auto& [name, text] : a.values) {
    if (given.contains(name)) throw UsageError(fmt::format("{} is given twice", excerpt(name)));
    if (!known.contains(name))
      throw UsageError(fmt::format("{}: there is no {} in the expression", excerpt(name + "=" + text), excerpt(name)));
    given[name] = parse_number(text, name);
  }
  std::vector<double> at;
  for (const auto& name : e.names()) {
    if (!given.contains(name))
      throw ExprError(fmt::format("no value for '{}' (give it as {}=VALUE)", name, name), e.position_of(name));
    at.push_back(given[name]);
  }
  return at;
}

Var build(const Expression& e, Tape& tape, std::span<const Var> leaves) {
  std::map<std::string, Var> vars;
  for (std::size_t i = 0; i < leaves.size(); ++i) vars.emplace(e.names()[i], leaves[i]);
  return e.build(tape, vars);
}

// A node's formula for the table. The whole formula of a node repeats its unnamed inputs'
// formulas, so along a chain of n nodes the table would print O(n²) characters: past
// `whole_formula_nodes` unnamed nodes below it, a node is shown as its op over its inputs'
// names or ids ("add(#5, x)"), which keeps the table linear in the graph's size.
constexpr std::size_t whole_formula_nodes = 16;

std::vector<std::string> table_formulas(const Tape& tape) {
  std::vector<std::size_t> below(tape.size(), 1);  // unnamed nodes the whole formula would spell out
  std::vector<std::string> out(tape.size());
  for (std::size_t i = 0; i < tape.size(); ++i) {
    const auto id = static_cast<NodeId>(i);
    for (NodeId in : tape.inputs(id))
      if (tape.name_of(in).empty()) below[i] = std::min(below[i] + below[static_cast<std::size_t>(in)], whole_formula_nodes + 1);
    if (below[i] <= whole_formula_nodes) {
      out[i] = formula(tape, id);
      continue;
    }
    std::string args;
    for (NodeId in : tape.inputs(id))
      args += fmt::format("{}{}", args.empty() ? "" : ", ", tape.name_of(in).empty() ? fmt::format("#{}", in) : std::string(tape.name_of(in)));
    out[i] = fmt::format("{}({})", op_name(tape.node(id).op), args);
  }
  return out;
}

void print_table(const Tape& tape) {
  const std::vector<std::string> formulas = table_formulas(tape);
  fmt::print("{:>3}  {:<8} {:<6} {:<28} {:>16} {:>16}\n", "id", "op", "name", "formula", "value", "gradient");
  for (NodeId i = 0; i < static_cast<NodeId>(tape.size()); ++i)
    fmt::print("{:>3}  {:<8} {:<6} {:<28} {:>16} {:>16}\n", i, op_name(tape.node(i).op), tape.name_of(i),
               formulas[static_cast<std::size_t>(i)], show(tape.value(i)), show(tape.grad(i)));
}

// The gradient check rebuilds the graph twice per variable: refuse what would take more
// than about this many node recordings rather than run for minutes.
constexpr double max_gradcheck_work = 5e7;

bool print_gradcheck(const Expression& e, std::span<const double> at, std::size_t nodes) {
  if (2.0 * static_cast<double>(at.size()) * static_cast<double>(nodes) > max_gradcheck_work)
    throw UsageError(fmt::format("{} variables × {} nodes: too large to check by central differences (at most {:g} "
                                 "node recordings)", at.size(), nodes, max_gradcheck_work));
  auto report = gradcheck([&](Tape& t, std::span<const Var> v) { return build(e, t, v); }, at, {}, e.names());
  fmt::print("\ngradient check (central differences, eps 1e-6, atol 1e-5, rtol 1e-3):\n");
  for (const auto& c : report.leaves)
    fmt::print("  ∂f/∂{:<6} backward {:>16}  numeric {:>16}  error {:.2e}  {}\n", c.name, show(c.analytic),
               show(c.numeric), c.abs_err, c.pass ? "ok" : "FAIL");
  fmt::print("{}\n", report.pass() ? "gradient check passed" : "gradient check FAILED");
  return report.pass();
}

void write_outputs(const EvalArgs& a, const Tape& tape, std::span<const double> at, const Expression& e, double f) {
  Trace trace("eval", a.expression, "");
  trace.config()["lr"] = 0;
  trace.config()["steps"] = 0;
  for (std::size_t i = 0; i < at.size(); ++i) trace.config()["set"][e.names()[i]] = trace_number(at[i]);
  trace.config()["expression"] = a.expression;
  trace.begin_step(true);
  trace.set_graph(tape);
  trace.set_loss(f);
  trace.finish(tape, f);
  if (a.trace) write_trace_output(*a.trace, trace.dump(), "a shorter expression has fewer nodes");
  if (a.dot) write_output(a.dot, trace_dot(trace.json(), 0, "eval"), dot_output);
  if (a.html) write_output(a.html, viewer_page({{trace.json(), "eval"}}), page_output);
}

int evaluate(const EvalArgs& a) {
  Expression e(a.expression);
  std::vector<double> at = values_for(e, a);
  Tape tape;
  std::vector<Var> leaves;
  for (std::size_t i = 0; i < at.size(); ++i) leaves.push_back(tape.param(e.names()[i], at[i]));
  Var f = build(e, tape, leaves);
  if (f.name().empty()) f.named("f");
  f.backward();
  fmt::print("f = {} = {}\n\n", a.expression, show(f.value()));
  print_table(tape);
  bool ok = print_gradcheck(e, at, tape.size());
  if (auto bad = tape.first_nonfinite()) {
    fmt::print("non-finite number at {}\n", bad->describe());
    ok = false;
  }
  write_outputs(a, tape, at, e, f.value());
  return ok ? 0 : 1;
}

}  // namespace

int cmd_eval(Args args) {
  for (std::string_view arg : args)
    if (arg == "--help" || arg == "-h") return fmt::print("{}", eval_usage), 0;
  return guarded("eval", [&] {
    EvalArgs a = parse_args(args);
    try {
      return evaluate(a);
    } catch (const ExprError& err) {
      fmt::print(stderr, "tracegrad eval: {} (at character {})\n", err.what(), err.position() + 1);
      if (a.expression.size() <= caret_width && valid_utf8(a.expression))  // else the line would not help
        fmt::print(stderr, "{}\n", caret_under(a.expression, err.position()));
      return 2;
    }
  });
}

}  // namespace tracegrad::cli
