#include "cli_io.hpp"

#include <charconv>

#include <fmt/format.h>

#include "tracegrad/lesson_options.hpp"
#include "tracegrad/standard_output.hpp"
#include "tracegrad/trace.hpp"
#include "tracegrad/trace_read.hpp"
#include "tracegrad/trace_validate.hpp"
#include "tracegrad/utf8.hpp"
#include "tracegrad/viewer.hpp"

namespace tracegrad::cli {

std::string flag_value(Args args, std::size_t& i) {
  if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", args[i]));
  return args[++i];
}

std::size_t parse_index(const std::string& text, std::string_view flag) {
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    throw UsageError(fmt::format("{}: '{}' is not a whole number ≥ 0", flag, text));
  return n;
}

namespace {

bool is_dot_text(std::string_view content) {
  return content.starts_with("digraph tracegrad {\n") && content.ends_with("}\n");
}

bool is_page_text(std::string_view content) {
  const auto head_end = content.find("</head>");
  const auto marker = content.find(page_marker);
  return content.starts_with("<!DOCTYPE html>") && marker != std::string_view::npos && marker < head_end &&
         head_end != std::string_view::npos;
}

}  // namespace

const OutputKind dot_output{"a DOT file written by tracegrad", is_dot_text};
const OutputKind page_output{"a page written by tracegrad view", is_page_text};

void write_output(const std::optional<std::string>& path, const std::string& text, const OutputKind& kind) {
  if (!path) {
    fmt::print("{}", text);
    return;
  }
  write_output_file(*path, text, kind);
  fmt::print(stderr, "wrote {}\n", one_line(*path));
}

void write_trace_output(const std::string& path, const std::string& text, std::string_view smaller) {
  write_trace_file(path, text, smaller);
  fmt::print(stderr, "wrote {}\n", one_line(path));
}

ordered_json load_valid_trace(const std::string& path) {
  ordered_json trace = load_trace(path);
  auto problems = validate_trace(trace, 1);
  if (!problems.empty())
    throw TraceError(fmt::format("{}: {} (tracegrad validate lists every problem)", valid_utf8_or_escaped(path),
                                 problems[0].describe()));
  return trace;
}

int report(std::string_view name, const std::exception& e) {
  if (standard_output_failed(fmt::format("tracegrad {}", name))) return 1;  // what fmt::print threw
  fmt::print(stderr, "tracegrad {}: {}\n", name, one_line(e.what()));  // whatever bytes the input held
  return dynamic_cast<const OutputWriteError*>(&e) ? 1 : 2;
}

int guarded(std::string_view name, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    fmt::print(stderr, "tracegrad {}: {} (tracegrad {} --help)\n", name, one_line(e.what()), name);
    return 2;
  } catch (const std::exception& e) {  // TraceError, an output file, standard output
    return report(name, e);
  }
}

}  // namespace tracegrad::cli
