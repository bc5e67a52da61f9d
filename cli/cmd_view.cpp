// tracegrad view TRACE… -o page.html: one self-contained HTML page to look at runs.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "tracegrad/utf8.hpp"
#include "tracegrad/lesson_options.hpp"
#include "tracegrad/trace_read.hpp"
#include "tracegrad/viewer.hpp"

namespace tracegrad::cli {

// The most trace bytes one page takes: each trace is held parsed until the page is written
// (about 30 bytes of memory per byte of JSON), and a page past this is too large for a browser.
static constexpr std::uintmax_t max_page_trace_bytes = 2 * max_trace_bytes;

// Refuses, before reading any, traces whose files total more than max_page_trace_bytes.
static void check_total_size(const std::vector<std::string>& paths) {
  std::uintmax_t total = 0;
  for (const auto& p : paths) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(p, ec);
    if (!ec) total += size;  // a path that is not a file: load_trace says so
  }
  if (total > max_page_trace_bytes)
    throw UsageError(fmt::format("{} traces total {:.1f} MiB, more than the {} MiB one page holds: view fewer at a time",
                                 paths.size(), static_cast<double>(total) / (1 << 20), max_page_trace_bytes >> 20));
}

static constexpr const char* view_usage = R"(usage: tracegrad view TRACE… -o PAGE.html
  Writes ONE self-contained HTML page (no network, no server) showing the traces: each
  step's graph with its values and gradients, a forward/backward animation with prev /
  next / play and a step slider, the loss and the parameters over the steps, and for the
  gradient-descent lessons the iterates on f(x) = x² or on the contours of x² + y².
  Several traces (the runs of one lesson) share one page, with a menu to pick the run.
  -o PAGE.html   the page to write (an existing file is replaced only if we wrote it)
)";

int cmd_view(Args args) {
  return guarded("view", [&] {
    std::vector<std::string> paths;
    std::optional<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
      std::string arg = args[i];
      if (arg == "--help" || arg == "-h") return fmt::print("{}", view_usage), 0;
      if (arg == "-o") out = flag_value(args, i);
      else if (arg.starts_with("-")) throw UsageError(fmt::format("unknown flag '{}'", excerpt(arg)));
      else paths.push_back(arg);
    }
    if (paths.empty()) throw UsageError("which traces? tracegrad view TRACE… -o PAGE.html");
    if (!out) throw UsageError("where to? -o PAGE.html");
    check_total_size(paths);
    std::vector<NamedTrace> traces;
    for (const auto& p : paths) traces.push_back({load_valid_trace(p), valid_utf8_or_escaped(p)});
    write_output(out, viewer_page(traces), page_output);
    return 0;
  });
}

}  // namespace tracegrad::cli
