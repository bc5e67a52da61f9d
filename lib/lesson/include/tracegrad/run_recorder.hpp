// A lesson's traces: one per run, written when the run ends to --trace FILE or
// --trace-dir DIR (DIR/LESSON.json, or DIR/LESSON-RUN.json for a lesson of several runs).
#pragma once
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "tracegrad/lesson_options.hpp"
#include "tracegrad/trace.hpp"

namespace tracegrad {

class RunRecorder {
 public:
  RunRecorder(std::string lesson, const LessonOptions& options) : lesson_(std::move(lesson)), options_(options) {}

  // A lesson that makes several runs says so first: --trace FILE is then refused at once.
  void plan_runs(int count) const;
  // Ends the current run (writing its trace) and begins the next one.
  Trace& begin(std::string_view title, std::string_view slides, std::string_view run);
  bool recording() const { return trace_ != nullptr; }
  Trace& trace() { return *trace_; }
  void end();  // writes the current run's trace, once
  // UsageError, as end() would give after the run, as soon as the steps recorded before the
  // current one (of `steps`) are more than a trace file may hold.
  void refuse_if_too_large(std::size_t steps) const;

 private:
  std::optional<std::filesystem::path> file() const;  // where the current run's trace goes, if anywhere
  std::string lesson_;
  const LessonOptions& options_;
  std::unique_ptr<Trace> trace_;
  int runs_ = 0;
  bool written_ = false;
};

}  // namespace tracegrad
