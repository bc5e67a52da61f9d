// tracegrad validate FILE…: checks trace files against trace format v2 (or v1, for old files).
#include <string_view>

#include <fmt/format.h>

#include "commands.hpp"
#include "tracegrad/trace_read.hpp"
#include "tracegrad/trace_validate.hpp"
#include "tracegrad/usage.hpp"
#include "tracegrad/utf8.hpp"

namespace tracegrad::cli {

namespace {

constexpr std::size_t shown = 20;  // problems listed per file

constexpr std::string_view help = R"(usage: tracegrad validate FILE…

Checks each trace file, as written, against trace format v2 (a version 1 file against v1):
the rules of traces/trace.schema.json and the extra rules of traces/README.md (ids 0, 1, 2, …
in order; inputs earlier than their node; step numbers equal to their index; tensor lengths
equal to their shape; one local derivative per input; no gradient on a constant; updates
naming a param node). Each problem is one line: FILE: JSON pointer: what was expected.

Exit status: 0 every file is valid, 2 a file is not (or cannot be read).
)";

// Prints the file's problems on stderr; true when it is valid.
bool validate_file(const char* path) {
  const std::string file = one_line(path);  // as messages show it
  ordered_json trace;
  try {
    trace = read_trace(path);  // as written: a v1 file is checked as v1
  } catch (const TraceError& e) {
    fmt::print(stderr, "{}\n", one_line(e.what()));
    return false;
  }
  auto problems = validate_trace(trace, shown + 1);
  for (std::size_t i = 0; i < problems.size() && i < shown; ++i)
    fmt::print(stderr, "{}: {}\n", file, problems[i].describe());
  if (problems.size() > shown) fmt::print(stderr, "{}: … more problems (the first {} are shown)\n", file, shown);
  if (problems.empty())
    fmt::print("{}: valid trace v{} (lesson {}, steps: {})\n", file, trace["version"].get<int>(),
               trace["lesson"].get<std::string>(), trace["steps"].size());
  return problems.empty();
}

}  // namespace

int validate(Args args) {
  if (args.empty()) {
    fmt::print(stderr, "tracegrad validate: no file given (tracegrad validate --help)\n");
    return 2;
  }
  for (const char* a : args)
    if (std::string_view(a) == "--help" || std::string_view(a) == "-h") {
      fmt::print("{}", help);
      return 0;
    }
  bool all_valid = true;
  for (const char* file : args) all_valid = validate_file(file) && all_valid;
  return all_valid ? 0 : 2;
}

}  // namespace tracegrad::cli
