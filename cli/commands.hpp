// One function per subcommand of the `tracegrad` tool, each in its own cmd_*.cpp.
// Each takes the arguments after the subcommand's name and returns the exit status:
// 0 success, 1 a negative answer (grade: mismatch), 2 unusable input (one line on stderr).
#pragma once
#include <span>

namespace tracegrad::cli {

using Args = std::span<char* const>;

int train(Args args);  // cmd_train.cpp

}  // namespace tracegrad::cli
