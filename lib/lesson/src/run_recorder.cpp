#include "tracegrad/run_recorder.hpp"

#include <filesystem>

#include <fmt/format.h>

namespace tracegrad {

static const char* const one_run_only =
    "--trace FILE takes one run and this lesson makes several: use --trace-dir DIR";

void RunRecorder::plan_runs(int count) const {
  if (count > 1 && options_.trace_file) throw UsageError(one_run_only);
}

Trace& RunRecorder::begin(std::string_view title, std::string_view slides, std::string_view run) {
  if (trace_) end();
  if (++runs_ > 1 && options_.trace_file) throw UsageError(one_run_only);
  written_ = false;
  trace_ = std::make_unique<Trace>(lesson_, title, slides, run);
  return *trace_;
}

static const char* const smaller = "lower --steps, or keep fewer graphs with --trace-nodes first or every:K";

std::optional<std::filesystem::path> RunRecorder::file() const {
  std::string run = trace_->json().value("run", "");
  std::string name = run.empty() ? fmt::format("{}.json", lesson_) : fmt::format("{}-{}.json", lesson_, run);
  if (options_.trace_file) return std::filesystem::path(*options_.trace_file);
  if (options_.trace_dir) return std::filesystem::path(*options_.trace_dir) / name;
  return std::nullopt;
}

void RunRecorder::refuse_if_too_large(std::size_t steps) const {
  auto path = file();
  if (!path) return;
  const std::size_t done = trace_->steps() - 1;  // the steps before the current one
  try {
    refuse_large_trace(*path, trace_->least_bytes(done), fmt::format("by step {} of {}", done, steps), smaller);
  } catch (const OutputRefused& e) {
    throw UsageError(e.what());
  }
}

void RunRecorder::end() {
  if (!trace_ || written_) return;
  written_ = true;
  auto path = file();
  if (!path) return;
  try {
    write_trace_file(*path, trace_->dump(), smaller);
  } catch (const OutputRefused& e) {  // a path the user gave that may not be written: exit 2
    throw UsageError(e.what());
  }  // OutputWriteError (a full disk) goes on: exit 1
}

}  // namespace tracegrad
