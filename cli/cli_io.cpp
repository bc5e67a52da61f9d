#include "cli_io.hpp"

#include <charconv>

#include <fmt/format.h>

#include "tracegrad/lesson_options.hpp"
#include "tracegrad/trace.hpp"
#include "tracegrad/trace_read.hpp"

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

void write_output(const std::optional<std::string>& path, const std::string& text, std::string_view marker,
                  std::string_view kind) {
  if (!path) {
    fmt::print("{}", text);
    return;
  }
  write_output_file(*path, text, marker, kind);
  fmt::print(stderr, "wrote {}\n", *path);
}

int guarded(std::string_view name, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    fmt::print(stderr, "tracegrad {}: {} (tracegrad {} --help)\n", name, e.what(), name);
  } catch (const std::exception& e) {  // TraceError, an output file that cannot be written
    fmt::print(stderr, "tracegrad {}: {}\n", name, e.what());
  }
  return 2;
}

}  // namespace tracegrad::cli
