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

void RunRecorder::end() {
  if (!trace_ || written_) return;
  written_ = true;
  std::string run = trace_->json().value("run", "");
  std::string file = run.empty() ? fmt::format("{}.json", lesson_) : fmt::format("{}-{}.json", lesson_, run);
  std::filesystem::path path;
  if (options_.trace_file) path = *options_.trace_file;
  else if (options_.trace_dir) path = std::filesystem::path(*options_.trace_dir) / file;
  else return;
  try {
    write_trace_file(path, trace_->dump(), "lower --steps, or keep fewer graphs with --trace-nodes first or every:K");
  } catch (const OutputRefused& e) {  // a path the user gave that may not be written: exit 2
    throw UsageError(e.what());
  }  // OutputWriteError (a full disk) goes on: exit 1
}

}  // namespace tracegrad
