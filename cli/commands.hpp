// One function per subcommand of the `tracegrad` tool, each in its own cmd_*.cpp.
// Each takes the arguments after the subcommand's name and returns the exit status:
// 0 success, 1 a negative answer (grade: mismatch), 2 unusable input (one line on stderr).
#pragma once
#include <span>

namespace tracegrad::cli {

using Args = std::span<char* const>;

int cmd_dot(Args args);   // cmd_dot.cpp: one step's graph as Graphviz DOT
int cmd_view(Args args);  // cmd_view.cpp: one self-contained HTML page of traces
int cmd_eval(Args args);  // cmd_eval.cpp: an expression's values, gradients and gradient check
int grade(Args args);     // cmd_grade.cpp
int validate(Args args);  // cmd_validate.cpp
int train(Args args);  // cmd_train.cpp

}  // namespace tracegrad::cli
