#include "tracegrad/lesson.hpp"

#include <algorithm>
#include <stdexcept>
#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "tracegrad/breakdown.hpp"
#include "tracegrad/explain.hpp"
#include "tracegrad/slide_numbers.hpp"
#include "tracegrad/standard_output.hpp"
#include "tracegrad/utf8.hpp"

namespace tracegrad {

Lesson::Lesson(LessonInfo info, LessonOptions options)
    : info_(std::move(info)), options_(std::move(options)), lr_(options_.lr ? options_.lr : info_.lr),
      steps_(options_.steps.value_or(info_.steps)), screen_(options_.pause), recorder_(info_.name, options_) {
  if (options_.lr && !info_.lr)  // an η that nothing uses would be recorded as if it mattered
    throw UsageError(fmt::format("--lr: {} makes no update, so it has no learning rate", info_.name));
  if (options_.steps && info_.steps_help.empty())
    throw UsageError(fmt::format("--steps: {} makes one step, so it has no number of steps", info_.name));
}

const std::string& Lesson::flag(std::string_view name) const {
  for (const auto& f : options_.extra)
    if (f.name == name) return f.value;
  throw std::logic_error(fmt::format("lesson has no flag --{}", name));
}

// ---- runs --------------------------------------------------------------------

void Lesson::start_run(std::string_view run, std::string_view title, Updates updates, Steps steps) {
  tape_.clear();
  leaves_ = 0;
  recorded_.reset();
  used_sets_.clear();
  fixed_leaves_.clear();
  deck_skipped_ = false;
  std::string full = title.empty() ? info_.title : fmt::format("{}: {}", info_.title, title);
  Trace& trace = recorder_.begin(full, info_.slides, run);
  if (lr_ && updates == Updates::some) trace.config()["lr"] = *lr_;
  if (steps == Steps::used) trace.config()["steps"] = steps_;
  if (options_.trace_full) {  // tensors past 64 elements written whole, not summarised
    trace.write_every_element();
    trace.config()["trace_full"] = true;
  }
  trace.config()["set"] = ordered_json::object();
  trace.config()["trace_nodes"] = options_.trace_nodes;
  if (!title.empty()) {
    say("");
    say(fmt::format("━━ {} ━━", title));
  }
}

Trace& Lesson::trace() {
  if (!recorder_.recording()) start_run();
  return recorder_.trace();
}

// ---- leaves --------------------------------------------------------------------

Var Lesson::leaf(Var v) {
  std::string name(v.name());
  for (const auto& [set_name, value] : options_.sets)
    if (set_name == name) {
      v.set_value(value);
      used_sets_.push_back(name);
    }
  config()["set"][name] = trace_number(v.value());
  return v;
}

Var Lesson::input(std::string_view name, double value) {
  trace();  // a run begins before its leaves
  return leaf(tape_.input(name, value));
}
Var Lesson::label(std::string_view name, double value) {
  trace();  // a run begins before its leaves
  return leaf(tape_.label(name, value));
}
Var Lesson::param(std::string_view name, double value) {
  trace();  // a run begins before its leaves
  return leaf(tape_.param(name, value));
}

Var Lesson::fixed(Var v) {
  std::string name(v.name());
  fixed_leaves_.push_back(name);
  for (const auto& set : options_.sets)
    if (set.first == name) {
      used_sets_.push_back(name);
      note(fmt::format("--set {}: this run sets {} itself at every step; the other runs start at {}", name, name,
                       show(set.second)));
      break;
    }
  return v;
}

Var Lesson::fixed_input(std::string_view name, double value) {
  trace();  // a run begins before its leaves
  return fixed(tape_.input(name, value));
}
Var Lesson::fixed_label(std::string_view name, double value) {
  trace();
  return fixed(tape_.label(name, value));
}

void Lesson::check_sets() {
  for (const auto& [name, value] : options_.sets)
    if (std::find(used_sets_.begin(), used_sets_.end(), name) == used_sets_.end()) {
      std::string leaves;
      for (const auto& [key, v] : trace().json()["config"]["set"].items()) leaves += (leaves.empty() ? "" : ", ") + key;
      for (const std::string& key : fixed_leaves_) leaves += (leaves.empty() ? "" : ", ") + key;
      throw UsageError(fmt::format("--set {}: this lesson has no leaf named '{}' (its leaves: {})", name, name, leaves));
    }
}

// ---- one step ------------------------------------------------------------------

// Back to the leaves (marked on the first call, once every --set has been used).
void Lesson::to_leaves() {
  trace();  // a run begins before its leaves
  if (leaves_ == 0) {
    check_sets();
    leaves_ = tape_.mark();
  }
  tape_.rewind(leaves_);
}

// The model's graph with the leaves' current values: replayed when record_once() was asked
// and this run has recorded it with the same model, otherwise recorded from the leaves. A
// model that record_once() cannot replay (it read a value while recording) is a mistake in
// the lesson, said at once: recording it again at every step would hide it.
Var Lesson::build(const std::function<Var()>& model) {
  if (record_once_ && recorded_ && recorded_model_ == &model.target_type()) {
    if (auto why = tape_.cannot_replay()) throw std::logic_error("lesson: record_once(), but " + *why);
    tape_.replay();
    return *recorded_;
  }
  to_leaves();
  recorded_ = model();
  recorded_model_ = &model.target_type();
  return *recorded_;
}

Var Lesson::forward(const std::function<Var()>& model) {
  Var loss = build(model);
  tape_.set_role(loss.id(), Role::loss);
  loss_name_ = loss.name().empty() ? "L" : std::string(loss.name());
  std::size_t step = trace().steps();
  if (step == 0) check_trace_memory(options_.trace_nodes, static_cast<std::size_t>(std::max(steps_, 1)), tape_.size());
  trace().begin_step(keeps_nodes(options_.trace_nodes, step));
  // Not before the run: it may stop early (converged, a non-finite number), its trace fitting.
  recorder_.refuse_if_too_large(static_cast<std::size_t>(steps_));
  trace().set_loss(tape_.value(loss.id()));  // the tape's reading: no Var read before backward (Tape::note_read)
  if (verbose_) {
    auto lines = forward_boxes(tape_, loss.id());
    stage(fmt::format("Forward (step {})", step));
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) say(lines[i]);
    stage("Loss");
    say(lines.back());
  }
  return loss;
}

void Lesson::backward(const Var& loss) {
  tape_.backward(loss);
  trace().set_graph(tape_);
  if (verbose_) {
    stage("Backward: the chain rule, from the loss back to the parameters");
    for (const auto& line : chain_rule_lines(tape_, loss.id(), options_.all_grads)) say(line);
    if (auto summary = logistic_summary(tape_, loss.id())) say(*summary);
  }
  if (warn_nonfinite()) stop_run(loss);
}

// The step's numbers are not all finite: no update (it would make the parameters nan or
// ±inf), the trace ends with this step's forward pass as its final one.
void Lesson::stop_run(const Var& loss) {
  stage("The run stops here");
  trace().finish(tape_, loss.value());
  note(fmt::format("stopped at step {}: a non-finite number reached the backward sweep (see the warning), so "
                   "no update is applied and the parameters keep their values",
                   trace().steps() - 1));
  end();
  throw RunBrokeDown{};
}

Move gradient_step(const Var& p, double lr, std::string_view loss) {
  return {fmt::format("{0} − η·∂{1}/∂{0}", p.name(), loss),
          fmt::format("{} − {}·({})", show(p.value()), show(lr), show(p.grad())), p.value() - lr * p.grad()};
}

void Lesson::update(const std::vector<Var>& params, const UpdateRule& rule) {
  if (verbose_) stage("Update");
  for (Var p : params) {
    double before = p.value(), g = p.grad();
    Move move = rule(p, lr(), loss_name_);
    p.set_value(move.after);
    trace().add_update(p.name(), before, g, move.after);
    if (verbose_) say(fmt::format("  {} = {} = {} = {}", p.name(), move.rule, move.numbers, show(move.after)));
  }
}

Var Lesson::finish(const std::function<Var()>& model, std::string_view heading) {
  Var loss = build(model);
  tape_.set_role(loss.id(), Role::loss);
  trace().finish(tape_, loss.value());
  stage(heading);
  for (const auto& line : forward_boxes(tape_, loss.id())) say(line);
  warn_nonfinite();
  return loss;
}

// ---- what the slides print ----------------------------------------------------------

void Lesson::compare_with_slide(std::string_view what, double computed, std::string_view printed,
                                std::string_view slide, std::string_view erratum) {
  if (!options_.sets.empty()) {  // the slide's numbers are for the slide's starting values
    if (!deck_skipped_) note("--set changed the slide's starting values: the deck's numbers are not compared");
    deck_skipped_ = true;
    return;
  }
  const char* verb = slide.starts_with("slides ") ? "print" : "prints";  // "slides 49–50 print"
  std::string line = fmt::format("{} {} {} = {}; computed {} ({})", slide, verb, what, printed,
                                 computed_text(computed, printed),
                                 printed_verdict(computed, printed, erratum));
  say(fmt::format("  ▸ {}", line));
  trace().note(line);
}

void Lesson::note(std::string_view text) {
  say(fmt::format("  ▸ {}", text));
  trace().note(text);
}

bool Lesson::warn_nonfinite() {
  bool has_loss_flag = std::any_of(options_.extra.begin(), options_.extra.end(),
                                   [](const ExtraFlag& f) { return f.name == "loss"; });
  auto warning = nonfinite_warning(tape_, has_loss_flag);
  if (warning) note(*warning);
  return warning.has_value();
}

// ---- main ---------------------------------------------------------------------------

int run_lesson(int argc, char** argv, LessonInfo info, const std::function<void(Lesson&)>& body) {
  report_closed_pipes();  // `lesson | head -1`: exit status 1 and one line, like a full disk
  try {
    auto options = parse_lesson_options(std::span<char* const>(argv + 1, argv + argc), info.flags);
    if (options.help) {
      StepFlags step_flags;
      if (info.lr) step_flags.lr = ExtraFlag{"lr", show(*info.lr), info.lr_help};
      if (!info.steps_help.empty()) step_flags.steps = ExtraFlag{"steps", std::to_string(info.steps), info.steps_help};
      fmt::print("{}", lesson_usage(info.name, info.title, step_flags, options.extra));
      return 0;
    }
    Lesson lesson(info, options);
    body(lesson);
    lesson.end();
    return standard_output_failed(info.name) ? 1 : 0;
  } catch (const UsageError& e) {  // every message valid UTF-8, whatever bytes the flag held
    fmt::print(stderr, "{}: {}\n", info.name, one_line(e.what()));
    return 2;
  } catch (const RunBrokeDown&) {  // the trace is written, with the warning
    return 0;
  } catch (const LessonQuit&) {
    fmt::print("\nbye\n");
    return 0;
  } catch (const OutputWriteError& e) {  // the trace file: a full disk
    fmt::print(stderr, "{}: {}\n", info.name, one_line(e.what()));
    return 1;
  } catch (const std::exception& e) {
    if (standard_output_failed(info.name)) return 1;  // what fmt::print threw
    fmt::print(stderr, "{}: error: {}\n", info.name, one_line(e.what()));
    return 1;
  }
}

}  // namespace tracegrad
