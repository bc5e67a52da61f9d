// How every file tracegrad writes is written (traces, DOT, pages, Gradescope results):
//  - into a temporary file in the same directory, then renamed into place, so a reader
//    never sees half a file and a failed write leaves the old one;
//  - an existing path is replaced only when it is a regular file tracegrad wrote, told by
//    its structure (OutputKind::ours), never through a symbolic link (dangling or not),
//    never a FIFO, a device or a directory;
//  - a write error (a full disk) is an error.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tracegrad {

// What is written, and how to recognise a file of that kind written before.
struct OutputKind {
  std::string_view what;                   // "a tracegrad trace", for messages
  bool (*ours)(std::string_view content);  // the whole content of an existing file
};

// A trace: a JSON object whose "format" is "tracegrad-trace".
bool is_trace_text(std::string_view content);
inline constexpr OutputKind trace_output{"a tracegrad trace", is_trace_text};

// Gradescope's results.json, as `tracegrad grade --gradescope` and the exercises' grader
// write it: a JSON object whose "generator" is "tracegrad grade".
bool is_gradescope_text(std::string_view content);
inline constexpr OutputKind gradescope_output{"a results.json written by tracegrad grade", is_gradescope_text};

// The path may not be written (one line: "refusing to overwrite PATH: it is not KIND").
class OutputRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// Writing failed (disk full, no permission): "cannot write PATH: reason".
class OutputWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void write_output_file(const std::filesystem::path& path, std::string_view text, const OutputKind& kind);

// write_output_file(path, text, trace_output), for a trace the readers can read back: one
// over max_trace_bytes (trace_read.hpp, what validate, grade, dot and view read) is refused
// (OutputRefused), the message ending with `smaller`, what the user can do about it (the
// flag to change: "lower --steps").
void write_trace_file(const std::filesystem::path& path, std::string_view text, std::string_view smaller = "");

// The same refusal before the trace is complete: OutputRefused when `least_bytes`, what the
// trace to be written to `path` will hold at least (Trace::least_bytes), is over max_trace_bytes;
// `when` says when that became known ("by step 3 of 10").
void refuse_large_trace(const std::filesystem::path& path, std::size_t least_bytes, std::string_view when,
                        std::string_view smaller);

}  // namespace tracegrad
