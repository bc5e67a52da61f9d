// What the dot, view and eval subcommands share: flag values, output files, error lines.
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "commands.hpp"

namespace tracegrad::cli {

// The value after the flag at args[i] (i moves onto it); UsageError when there is none.
std::string flag_value(Args args, std::size_t& i);

// A whole number ≥ 0 given to `flag`, or UsageError.
std::size_t parse_index(const std::string& text, std::string_view flag);

// Writes text to path, or to stdout when there is no path. An existing file is replaced
// only when it holds `marker` (it is one of ours); the message says what was written.
void write_output(const std::optional<std::string>& path, const std::string& text, std::string_view marker,
                  std::string_view kind);

// Runs a subcommand's body: a usage error, a bad trace or a file that cannot be written
// becomes one line "tracegrad NAME: message" on stderr and exit status 2.
int guarded(std::string_view name, const std::function<int()>& body);

}  // namespace tracegrad::cli
