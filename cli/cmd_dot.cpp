// tracegrad dot TRACE [--step N] [-o FILE]: one step's graph as Graphviz DOT.
#include <fmt/format.h>

#include "cli_io.hpp"
#include "tracegrad/utf8.hpp"
#include "tracegrad/dot.hpp"
#include "tracegrad/lesson_options.hpp"
#include "tracegrad/trace_read.hpp"

namespace tracegrad::cli {

static constexpr const char* dot_usage = R"(usage: tracegrad dot TRACE [--step N] [-o FILE]
  Writes Graphviz DOT of one step's graph (default: the first step that kept its nodes),
  left to right like the slides, each node with its label, op, value and gradient, each
  edge with its local derivative. Render it with:  tracegrad dot run.json | dot -Tsvg > graph.svg
  --step N   the step to draw
  -o FILE    write FILE instead of standard output (an existing file is replaced only if it is DOT we wrote)
)";

int cmd_dot(Args args) {
  return guarded("dot", [&] {
    std::optional<std::string> path, out;
    std::optional<std::size_t> step;
    for (std::size_t i = 0; i < args.size(); ++i) {
      std::string arg = args[i];
      if (arg == "--help" || arg == "-h") return fmt::print("{}", dot_usage), 0;
      if (arg == "--step") step = parse_index(flag_value(args, i), "--step");
      else if (arg == "-o") out = flag_value(args, i);
      else if (arg.starts_with("-")) throw UsageError(fmt::format("unknown flag '{}'", excerpt(arg)));
      else if (path) throw UsageError(fmt::format("one trace at a time ('{}' and '{}')", *path, arg));
      else path = arg;
    }
    if (!path) throw UsageError("which trace? tracegrad dot TRACE");
    ordered_json trace = load_valid_trace(*path);
    std::size_t s = step ? *step : first_graph_step(trace).value_or(0);
    write_output(out, trace_dot(trace, s, valid_utf8_or_escaped(*path)), dot_output);
    return 0;
  });
}

}  // namespace tracegrad::cli
