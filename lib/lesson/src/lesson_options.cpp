#include "tracegrad/lesson_options.hpp"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace tracegrad {

static int parse_count(const std::string& text, const std::string& what, int max) {
  int n = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, n);
  if (text.empty() || ec != std::errc() || ptr != end || n < 0 || n > max)
    throw UsageError(fmt::format("{}: '{}' is not a whole number from 0 to {}", what, text, max));
  return n;
}

static void check_trace_nodes(const std::string& policy) {
  if (policy == "first" || policy == "all") return;
  if (policy.rfind("every:", 0) == 0 && parse_count(policy.substr(6), "--trace-nodes every:K", 1'000'000'000) > 0)
    return;
  throw UsageError(fmt::format("--trace-nodes: '{}' is not first, every:K (K ≥ 1) or all", policy));
}

LessonOptions parse_lesson_options(std::span<char* const> args, std::vector<ExtraFlag> extra) {
  LessonOptions o;
  o.extra = std::move(extra);
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= args.size()) throw UsageError(fmt::format("{}: missing its value", flag));
      return args[++i];
    };
    if (flag == "--help" || flag == "-h") o.help = true;
    else if (flag == "--no-pause") o.pause = false;
    else if (flag == "--trace-full") o.trace_full = true;
    else if (flag == "--all-grads") o.all_grads = true;
    else if (flag == "--trace") o.trace_file = value();
    else if (flag == "--trace-dir") o.trace_dir = value();
    else if (flag == "--lr") {
      o.lr = parse_number(value(), "--lr");
      if (*o.lr <= 0) throw UsageError(fmt::format("--lr: {} is not a positive learning rate", *o.lr));
    } else if (flag == "--steps") o.steps = parse_count(value(), "--steps", 10'000'000);
    else if (flag == "--trace-nodes") {
      o.trace_nodes = value();
      check_trace_nodes(o.trace_nodes);
    } else if (flag == "--set") {
      std::string kv = value();
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0)
        throw UsageError(fmt::format("--set: '{}' is not NAME=VALUE", kv));
      o.sets.emplace_back(kv.substr(0, eq), parse_number(kv.substr(eq + 1), fmt::format("--set {}", kv.substr(0, eq))));
    } else {
      bool known = false;
      for (auto& f : o.extra)
        if (flag == fmt::format("--{}", f.name)) {
          f.value = value();
          known = true;
        }
      if (!known) throw UsageError(fmt::format("unknown flag '{}' (see --help)", flag));
    }
  }
  if (o.trace_file && o.trace_dir) throw UsageError("--trace and --trace-dir: give one or the other");
  return o;
}

// One flag's line: "  --loss V             which loss (default log)".
static std::string usage_line(const std::string& flag, const std::string& help, const std::string& value) {
  bool says_default = help.find("default") != std::string::npos;
  return fmt::format("  {:<20} {}{}\n", flag, help, says_default ? "" : fmt::format(" (default {})", value));
}

std::string lesson_usage(const std::string& lesson, const std::string& title, const StepFlags& step_flags,
                         const std::vector<ExtraFlag>& extra) {
  std::string text = fmt::format(
      "{}: {}\n\n"
      "usage: {} [flags]\n"
      "  --help               this text\n"
      "  --no-pause           run straight through (also when stdin is not a terminal)\n"
      "  --all-grads          the backward stage also shows the gradients of data and labels\n"
      "  --trace FILE         write the trace of the run to FILE\n"
      "  --trace-dir DIR      write one trace per run into DIR (LESSON.json or LESSON-RUN.json)\n"
      "  --trace-nodes P      which steps keep the whole graph: first (default), every:K, all\n"
      "  --trace-full         every element of every tensor, not a summary past 64 elements\n",
      lesson, title, lesson);
  if (step_flags.lr) text += usage_line("--lr ETA", step_flags.lr->help, step_flags.lr->value);
  if (step_flags.steps) text += usage_line("--steps N", step_flags.steps->help, step_flags.steps->value);
  text += "  --set NAME=VALUE     initial value of a labelled leaf (x, y, w, b, ...); repeatable\n";
  for (const auto& f : extra) text += usage_line(fmt::format("--{} V", f.name), f.help, f.value);
  text += "\nOn a terminal the lesson waits for Enter between stages; q then Enter quits.\n";
  return text;
}

void check_trace_memory(const std::string& policy, std::size_t steps, std::size_t nodes_per_step) {
  // Steps whose whole graph is kept: every one (all), one in K (every:K) or the first.
  double kept = 1;
  if (policy == "all") kept = static_cast<double>(steps);
  else if (policy != "first") kept = std::ceil(static_cast<double>(steps) / static_cast<double>(std::stoul(policy.substr(6))));
  const double bytes = static_cast<double>(steps) * trace_bytes_per_step +
                       kept * static_cast<double>(nodes_per_step) * trace_bytes_per_node;
  if (bytes > static_cast<double>(trace_memory_budget))
    throw UsageError(fmt::format("--steps {} with --trace-nodes {}: the trace would keep about {:.0f} MB in memory, more than "
                                 "{} MB (lower --steps{})", steps, policy, bytes / 1e6, trace_memory_budget >> 20,
                                 policy == "first" ? "" : ", or use --trace-nodes first or every:K with a larger K"));
}

bool keeps_nodes(const std::string& policy, std::size_t step) {
  if (policy == "all") return true;
  if (policy == "first") return step == 0;
  auto every = std::stoul(policy.substr(6));
  return step % every == 0;
}

}  // namespace tracegrad
