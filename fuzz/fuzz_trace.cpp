// libFuzzer target: arbitrary bytes through the trace reader, the validator and the comparer.
// Any input must end in a trace or a TraceError: no crash, no sanitizer report, no hang.
// Built and run by fuzz/run.sh (make fuzz).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tracegrad/trace_compare.hpp"
#include "tracegrad/trace_read.hpp"
#include "tracegrad/trace_validate.hpp"

namespace tg = tracegrad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  tg::ordered_json trace;
  try {
    trace = tg::parse_trace(text, "input");
  } catch (const tg::TraceError&) {
    return 0;
  }
  auto problems = tg::validate_trace(trace);
  for (const auto& p : problems) (void)p.describe();
  if (!problems.empty()) return 0;
  tg::ordered_json upgraded = trace;  // a valid version 1 trace reads as a valid version 2 one
  tg::upgrade_trace(upgraded);
  if (!tg::validate_trace(upgraded).empty()) __builtin_trap();
  // A valid trace matches itself, and compares with a different one without harm.
  if (!tg::compare_traces(trace, trace).pass()) __builtin_trap();
  tg::Trace empty("empty", "no steps", "0");
  empty.config()["lr"] = 0.1;
  empty.config()["steps"] = 0;
  empty.config()["set"] = tg::ordered_json::object();
  empty.finish(tg::Tape{}, 0.0);
  for (const auto& d : tg::compare_traces(empty.json(), trace).differences) (void)d.describe();
  for (const auto& d : tg::compare_traces(trace, empty.json()).differences) (void)d.describe();
  return 0;
}
