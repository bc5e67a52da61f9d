// Reading a trace file back (format version 2, or 1 upgraded to 2), safely: whatever the file
// holds, the reader answers with a trace or a one-line TraceError, in bounded time and memory.
#pragma once
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tracegrad/trace.hpp"

namespace tracegrad {

// Unusable input: the message is one line naming the file and the place.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Limits checked before parsing: a larger file or a deeper nesting is refused.
inline constexpr std::size_t max_trace_bytes = 16 * 1024 * 1024;  // 16 MiB
inline constexpr int max_trace_depth = 64;  // a trace needs 6 levels; tensors and config a few more

// Parses a trace file and checks it is a tracegrad trace of version 1 or 2; a version 1
// trace is upgraded to version 2 (upgrade_trace), so what it returns is always version 2.
// Throws TraceError.
ordered_json load_trace(const std::filesystem::path& path);

// The same without the upgrade: the trace as the file has it (what `tracegrad validate` checks).
ordered_json read_trace(const std::filesystem::path& path);

// Parses text already in memory, without the upgrade; `name` is what messages call it (a file name).
ordered_json parse_trace(std::string_view text, std::string_view name);

// A version 1 trace as version 2 (traces/README.md, "Version 1 traces"): "label" → "name", no
// grad on constants, "local" on scalar ops from the engine's rules, and "upgraded_from": 1.
// Anything else is left as it is.
void upgrade_trace(ordered_json& trace);

// A node's name: its "name" (version 2) or "label" (version 1); "" when it has neither.
const std::string& node_name(const ordered_json& node);

// Can a node's or an update's name go into a one-line report as it is? Not when it holds a
// C0 or C1 control character (a newline, an escape sequence); validate_trace refuses those.
bool printable_name(std::string_view name);

// A number field as written by trace_number: a JSON number, or "nan", "inf", "-inf".
// Throws TraceError naming `where` (a JSON pointer such as /steps/0/loss) otherwise.
double read_number(const ordered_json& j, const std::string& where);

// Is j such a number?
bool is_trace_number(const ordered_json& j);

// For messages: a JSON value in at most about 40 characters ("[1,2,3,…").
std::string show_json(const ordered_json& j);

// One step of a JSON pointer: "/" + key, with "~" and "/" escaped as ~0 and ~1.
std::string pointer_step(std::string_view key);

}  // namespace tracegrad
