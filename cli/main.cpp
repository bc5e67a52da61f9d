// tracegrad SUBCOMMAND [ARGS…]: dispatches to the subcommands in commands.hpp.
#include <cstdio>
#include <exception>
#include <string_view>

#include <fmt/format.h>

#include "cli_io.hpp"
#include "commands.hpp"
#include "tracegrad/standard_output.hpp"
#include "tracegrad/utf8.hpp"

namespace {

struct Command {
  std::string_view name;
  std::string_view summary;
  int (*run)(tracegrad::cli::Args);
};

constexpr Command commands[] = {
    {"help", "this list", nullptr},
    {"dot", "one step's graph as Graphviz DOT (tracegrad dot run.json | dot -Tsvg)", tracegrad::cli::cmd_dot},
    {"view", "one self-contained HTML page to look at traces", tracegrad::cli::cmd_view},
    {"eval", "an expression's values, gradients and gradient check", tracegrad::cli::cmd_eval},
    {"grade", "compare a submission's traces with the reference (a file or a directory)", tracegrad::cli::grade},
    {"validate", "check trace files against trace format v1", tracegrad::cli::validate},
    {"train", "linear or logistic regression on a CSV file", tracegrad::cli::train},
};

int usage(FILE* out) {
  fmt::print(out, "usage: tracegrad SUBCOMMAND [ARGS…]   (tracegrad SUBCOMMAND --help for each)\n\n");
  for (const auto& c : commands) fmt::print(out, "  {:<10} {}\n", c.name, c.summary);
  return out == stdout ? 0 : 2;
}

// What a subcommand printed must have reached standard output (tracegrad/standard_output.hpp).
int flushed(std::string_view name, int status) {
  return tracegrad::standard_output_failed(fmt::format("tracegrad {}", name)) ? 1 : status;
}

int run(std::string_view name, tracegrad::cli::Args args) {
  for (const auto& c : commands)
    if (c.name == name && c.run) {
      try {
        return flushed(name, c.run(args));
      } catch (const std::exception& e) {  // each subcommand reports its own errors: this is the last resort
        return tracegrad::cli::report(name, e);
      }
    }
  fmt::print(stderr, "tracegrad: unknown subcommand '{}' (tracegrad help lists them)\n", tracegrad::excerpt(name));
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  tracegrad::report_closed_pipes();
  if (argc < 2) return usage(stderr);
  std::string_view name = argv[1];
  if (name == "help" || name == "--help" || name == "-h") return flushed(name, usage(stdout));
  return run(name, tracegrad::cli::Args(argv + 2, argv + argc));
}
