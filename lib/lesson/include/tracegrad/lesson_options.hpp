// The flags every lesson understands, parsed in one place.
#pragma once
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tracegrad/usage.hpp"

namespace tracegrad {

// A flag only one lesson has (training's --batch): its name, the default, a help line.
struct ExtraFlag {
  std::string name;
  std::string value;
  std::string help;
};

struct LessonOptions {
  bool help = false;
  bool pause = true;                      // --no-pause turns it off
  std::optional<std::string> trace_file;  // --trace FILE
  std::optional<std::string> trace_dir;   // --trace-dir DIR
  std::optional<double> lr;               // --lr η
  std::optional<int> steps;               // --steps N
  std::vector<std::pair<std::string, double>> sets;  // --set NAME=VALUE, in order
  std::string trace_nodes = "first";      // --trace-nodes first|every:K|all
  bool trace_full = false;                // --trace-full: no summaries of large tensors
  bool all_grads = false;                 // --all-grads: the backward stage shows data and labels too
  std::vector<ExtraFlag> extra;           // the lesson's own flags, with their values
};

// Parses argv (without the program name). Throws UsageError.
LessonOptions parse_lesson_options(std::span<char* const> args, std::vector<ExtraFlag> extra = {});

// --lr and --steps as one lesson has them, for --help: what each means in it, with its default
// (a help that says its default itself — gd_square's one run per slide — is shown as it is);
// std::nullopt for a flag the lesson refuses (it makes no update; it makes one step).
struct StepFlags {
  std::optional<ExtraFlag> lr;
  std::optional<ExtraFlag> steps;
};

// "--help" text: the common flags, --lr and --steps as the lesson has them, then its own.
std::string lesson_usage(const std::string& lesson, const std::string& title, const StepFlags& step_flags,
                         const std::vector<ExtraFlag>& extra);

// A run's trace is kept in memory until it is written (also without --trace: the lesson reads
// it back). Estimated per step and per kept node (nlohmann's objects, measured on gd_2d), it
// may hold at most trace_memory_budget bytes: check_trace_memory throws UsageError, naming
// the flags to change, when `steps` steps of `nodes_per_step` nodes under `policy` would not fit.
inline constexpr std::size_t trace_memory_budget = std::size_t{256} << 20;
inline constexpr double trace_bytes_per_step = 1024, trace_bytes_per_node = 1024;
void check_trace_memory(const std::string& policy, std::size_t steps, std::size_t nodes_per_step);

// Does --trace-nodes keep the full graph of this step?
bool keeps_nodes(const std::string& policy, std::size_t step);

}  // namespace tracegrad
