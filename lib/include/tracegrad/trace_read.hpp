// Reading a trace file back (format version 1).
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>

#include "tracegrad/trace.hpp"

namespace tracegrad {

// Unusable input: the message is one line naming the file and the place.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses a trace file and checks it is a tracegrad trace of version 1. Throws TraceError.
ordered_json load_trace(const std::filesystem::path& path);

// A number field as written by trace_number: a JSON number, or "nan", "inf", "-inf".
// Throws TraceError naming `where` (a JSON pointer such as /steps/0/loss) otherwise.
double read_number(const ordered_json& j, const std::string& where);

}  // namespace tracegrad
