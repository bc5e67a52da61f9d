// tracegrad grade EXPECTED ACTUAL | REFERENCE_DIR SUBMISSION_DIR: grading traces.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "tracegrad/utf8.hpp"
#include "commands.hpp"
#include "tracegrad/grade.hpp"
#include "tracegrad/lesson_options.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad::cli {

namespace {

constexpr std::string_view help = R"(usage: tracegrad grade [OPTIONS] EXPECTED ACTUAL
       tracegrad grade [OPTIONS] REFERENCE_DIR SUBMISSION_DIR

Compares a submission's trace with the reference, step by step, node by node: structure
(named nodes, ops, inputs), forward values, gradients, updates, losses, the final pass.
Prints PASS and what was compared, or the FIRST place where the traces part (step, node,
label, op, field, expected and actual, relative error; for a gradient whether the forward
values already differed or only the backward pass) and the count of all differences.
With two directories, grades every *.json of the reference against the submission's file
of the same name and prints a summary table per lesson.

  --rtol X            relative tolerance (default 1e-6)
  --atol X            absolute tolerance (default 1e-9): |a − e| ≤ atol + rtol·|e|
  --match structure   pair the nodes by what they compute (default): named nodes (x, w,
                      y_hat, L) by name, the others by op and inputs (a + b is b + a);
                      graded: every paired value, the named nodes' and the loss's
                      gradients, the updates, the final pass; another graph is advice
  --match ids         pair node k with node k and compare every field (the same program)
  --all               list every difference, not only the first
  --gradescope FILE   also write Gradescope's autograder results.json to FILE
  --points N          points per trace in results.json (default 1)

Exit status: 0 every trace passes, 1 a difference (or a missing or unusable submission
file in directory mode), 2 unusable input (a bad flag, an unusable trace).
)";

struct GradeOptions {
  Tolerances tol;
  Match match = Match::structure;
  bool all = false;
  std::string gradescope;
  double points = 1;
  std::vector<std::string> paths;
  bool help = false;
};

double non_negative(const std::string& text, const std::string& flag) {
  double x = parse_number(text, flag);
  if (x < 0) throw UsageError(fmt::format("{}: expected a number ≥ 0, got {}", flag, text));
  return x;
}

// Points per trace: finite, so results.json never holds a score of inf (written as null).
constexpr double max_points = 1e6;

double at_most(double x, double most, const std::string& flag) {
  if (x > most) throw UsageError(fmt::format("{}: expected at most {:g}, got {:g}", flag, most, x));
  return x;
}

GradeOptions parse(Args args) {
  GradeOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string flag = arg.substr(0, arg.find('='));
    auto value = [&]() -> std::string {
      if (arg.size() > flag.size()) return arg.substr(flag.size() + 1);  // --flag=value
      if (i + 1 >= args.size()) throw UsageError(fmt::format("{}: needs a value", flag));
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") o.help = true;
    else if (arg == "--all") o.all = true;
    else if (flag == "--rtol") o.tol.rtol = non_negative(value(), flag);
    else if (flag == "--atol") o.tol.atol = non_negative(value(), flag);
    else if (flag == "--points") o.points = at_most(non_negative(value(), flag), max_points, flag);
    else if (flag == "--gradescope") {
      o.gradescope = value();
      if (o.gradescope.empty()) throw UsageError("--gradescope: an empty file name");
    }
    else if (flag == "--match") {
      std::string how = value();
      if (how != "structure" && how != "ids") throw UsageError(fmt::format("--match: '{}' is not structure or ids", how));
      o.match = how == "ids" ? Match::ids : Match::structure;
    }
    else if (arg.starts_with("--")) throw UsageError(fmt::format("unknown flag {} (tracegrad grade --help)", excerpt(arg)));
    else o.paths.push_back(arg);
  }
  if (!o.help && o.paths.size() != 2)
    throw UsageError(fmt::format("expected EXPECTED ACTUAL (two files or two directories), got {} paths", o.paths.size()));
  return o;
}

// Gradescope's results.json, marked as ours ("generator") so that a later run may replace it.
void write_results(const std::string& file, const std::vector<TraceGrade>& grades, double points) {
  auto results = gradescope_results(grades, points);
  results["generator"] = "tracegrad grade";
  write_output_file(file, results.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n", gradescope_output);
}

int run(const GradeOptions& o) {
  namespace fs = std::filesystem;
  std::error_code ec;
  bool dirs = fs::is_directory(o.paths[0], ec) && fs::is_directory(o.paths[1], ec);
  std::vector<TraceGrade> grades;
  if (dirs) {
    grades = grade_directory(o.paths[0], o.paths[1], o.tol, o.match);
    for (const auto& g : grades)
      if (g.status != GradeStatus::pass) fmt::print("{}\n\n", valid_utf8_or_escaped(g.report(o.all)));
    fmt::print("{}", valid_utf8_or_escaped(summary_table(grades)));  // a submission's file names are any bytes
  } else {
    grades.push_back(grade_file(o.paths[0], o.paths[1], o.tol, o.match));
    if (grades[0].status == GradeStatus::unusable) throw TraceError(grades[0].error);
    fmt::print("{}\n", valid_utf8_or_escaped(grades[0].report(o.all)));
  }
  if (!o.gradescope.empty()) write_results(o.gradescope, grades, o.points);
  bool pass = std::all_of(grades.begin(), grades.end(),
                          [](const TraceGrade& g) { return g.status == GradeStatus::pass || g.status == GradeStatus::extra; });
  return pass ? 0 : 1;
}

}  // namespace

int grade(Args args) {
  try {
    GradeOptions o = parse(args);
    if (o.help) {
      fmt::print("{}", help);
      return 0;
    }
    return run(o);
  } catch (const std::exception& e) {  // UsageError, TraceError, a filesystem error, the results file, standard output
    return report("grade", e);
  }
}

}  // namespace tracegrad::cli
