// exercise_check: runs every exercise of student.cpp (or, with --reference, the reference
// solutions) through the gradient check, in order, and writes each exercise's trace.
#include <filesystem>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <tracegrad/output_file.hpp>
#include <tracegrad/standard_output.hpp>
#include <tracegrad/usage.hpp>

#include "teacher.hpp"

namespace {

constexpr std::string_view usage = R"(usage: exercise_check [--reference] [--trace-dir DIR] [--no-trace]

Checks the answers of the student file it was built with (TRACEGRAD_STUDENT_FILE; as
shipped the assignment's template, every answer a stub), in order. Each exercise goes
through tracegrad's gradient check (central differences) at the slide's point and prints
PASS or FAIL, the answer's gradient beside the numeric one, and a hint.

  --reference      run the reference solutions instead of yours (they all pass)
  --trace-dir DIR  where each exercise's trace goes (default exercise-traces), gradable with
                   tracegrad grade traces/exercises DIR
  --no-trace       write no traces

Exit status: 0 every exercise passes, 1 one fails or an output cannot be written (a full
disk, a closed pipe), 2 a bad flag or a trace path it may not replace.
)";

int check_all(int argc, char** argv) {
  bool reference = false, traces = true;
  std::filesystem::path dir = "exercise-traces";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      fmt::print("{}", usage);
      return 0;
    }
    if (arg == "--reference") reference = true;
    else if (arg == "--no-trace") traces = false;
    else if (arg == "--trace-dir" && i + 1 < argc) dir = argv[++i];
    else {
      throw tracegrad::UsageError(fmt::format("unknown or incomplete flag '{}' (exercise_check --help)", arg));
    }
  }
  auto solution = reference ? exercise::reference_solution() : exercise::student_solution();
  int passed = 0;
  for (const auto& ex : exercise::exercises()) {
    auto result = exercise::check(ex, solution, exercise::known_mistakes(ex, exercise::slide_point(ex)));
    passed += result.pass();
    fmt::print("{}", exercise::describe(result));
    if (!traces) continue;
    std::filesystem::path file = dir / fmt::format("exercises-{}.json", ex.name);
    tracegrad::write_trace_file(file, exercise::exercise_trace(ex, solution).dump());
  }
  auto total = exercise::exercises().size();
  fmt::print("\n{}/{} exercises pass{}\n", passed, total,
             traces ? fmt::format("; traces in {}/ (tracegrad grade traces/exercises {})", dir.string(), dir.string()) : "");
  return passed == static_cast<int>(total) ? 0 : 1;
}

}  // namespace

// The project's rule for errors (standard_output.hpp, usage.hpp): one line on stderr, valid
// UTF-8 whatever bytes a flag or path held; a write error exits 1, bad input 2.
int main(int argc, char** argv) {
  tracegrad::report_closed_pipes();  // `exercise_check | head -1`: exit status 1, one line
  constexpr std::string_view who = "exercise_check";
  try {
    int status = check_all(argc, argv);
    return tracegrad::standard_output_failed(who) ? 1 : status;
  } catch (const tracegrad::UsageError& e) {
    fmt::print(stderr, "{}: {}\n", who, tracegrad::one_line(e.what()));
    return 2;
  } catch (const tracegrad::OutputRefused& e) {  // a path that is not a trace tracegrad wrote
    fmt::print(stderr, "{}: {}\n", who, tracegrad::one_line(e.what()));
    return 2;
  } catch (const std::exception& e) {  // a trace write error, or what fmt::print threw
    if (tracegrad::standard_output_failed(who)) return 1;
    fmt::print(stderr, "{}: {}\n", who, tracegrad::one_line(e.what()));
    return 1;
  }
}
