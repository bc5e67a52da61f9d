// What the dot, view and eval subcommands share: flag values, output files, error lines.
#pragma once
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "tracegrad/output_file.hpp"
#include "tracegrad/trace.hpp"

namespace tracegrad::cli {

// The value after the flag at args[i] (i moves onto it); UsageError when there is none.
std::string flag_value(Args args, std::size_t& i);

// A whole number ≥ 0 given to `flag`, or UsageError.
std::size_t parse_index(const std::string& text, std::string_view flag);

// The kinds of file the commands write besides traces (tracegrad/output_file.hpp), each
// recognised by its structure: DOT begins "digraph tracegrad {" and ends with "}"; a page
// carries the viewer's generator meta tag in its <head>; Gradescope results are a JSON
// object with "generator": "tracegrad grade".
extern const OutputKind dot_output, page_output;

// Writes text to path (tracegrad/output_file.hpp: atomically, replacing only a file of this
// kind), or to stdout when there is no path; says on stderr what was written.
void write_output(const std::optional<std::string>& path, const std::string& text, const OutputKind& kind);

// Writes a trace to path (write_trace_file: refused past what the readers read, the message
// ending with `smaller`) and says so on stderr.
void write_trace_output(const std::string& path, const std::string& text, std::string_view smaller);

// A trace read for drawing or grading: load_trace, then validate_trace, so that every command
// accepts exactly what `tracegrad validate` accepts. Throws TraceError naming the file and the
// first problem.
ordered_json load_valid_trace(const std::string& path);

// The end of subcommand NAME by an exception, as one line on stderr and an exit status:
// standard output that could not be written (tracegrad/standard_output.hpp) or a file that
// could not be written (a full disk) is status 1; anything else — a bad trace, a file that
// may not be replaced, bad data — "tracegrad NAME: message", status 2.
int report(std::string_view name, const std::exception& e);

// Runs a subcommand's body; a usage error gets "(tracegrad NAME --help)" added, anything
// else thrown goes to report.
int guarded(std::string_view name, const std::function<int()>& body);

}  // namespace tracegrad::cli
