// Standard output is held to the rule of every output (docs/tools.md, "Outputs"): a write
// to it that fails — a full disk (>/dev/full), a closed pipe (| head -1) — is an error: the
// program stops, prints one line on stderr, "WHO: cannot write standard output: REASON",
// and exits with status 1. Every command of the tracegrad tool and every lesson does so.
#pragma once
#include <string_view>

namespace tracegrad {

// Ignores SIGPIPE, so that writing to a closed pipe fails with EPIPE (fmt::print throws)
// instead of killing the program without a word. Called first in main.
void report_closed_pipes();

// Flushes stdout. When that, or any earlier write to it, failed: prints the line above on
// stderr (once, however often it is asked) and answers true (the caller exits with status 1).
bool standard_output_failed(std::string_view who);

}  // namespace tracegrad
