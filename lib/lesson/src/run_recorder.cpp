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
    write_trace_file(path, trace_->dump());
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

}  // namespace tracegrad
