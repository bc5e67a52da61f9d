#include "tracegrad/lesson.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <iostream>

#include <fmt/format.h>

#include "tracegrad/explain.hpp"

namespace tracegrad {

Lesson::Lesson(LessonInfo info, LessonOptions options)
    : info_(std::move(info)), options_(std::move(options)),
      lr_(options_.lr.value_or(info_.lr)), steps_(options_.steps.value_or(info_.steps)) {}

const std::string& Lesson::flag(std::string_view name) const {
  for (const auto& f : options_.extra)
    if (f.name == name) return f.value;
  throw std::logic_error(fmt::format("lesson has no flag --{}", name));
}

// ---- runs --------------------------------------------------------------------

static const char* const one_run_only =
    "--trace FILE takes one run and this lesson makes several: use --trace-dir DIR";

void Lesson::plan_runs(int count) {
  if (count > 1 && options_.trace_file) throw UsageError(one_run_only);
}

void Lesson::start_run(std::string_view run, std::string_view title) {
  if (trace_) end();
  if (++runs_ > 1 && options_.trace_file) throw UsageError(one_run_only);
  tape_.clear();
  leaves_ = 0;
  used_sets_.clear();
  written_ = false;
  deck_skipped_ = false;
  std::string full = title.empty() ? info_.title : fmt::format("{}: {}", info_.title, title);
  trace_ = std::make_unique<Trace>(info_.name, full, info_.slides, run);
  config()["lr"] = lr_;
  config()["steps"] = steps_;
  if (options_.trace_full) {  // tensors past 64 elements written whole, not summarised
    trace_->write_every_element();
    config()["trace_full"] = true;
  }
  config()["set"] = ordered_json::object();
  config()["trace_nodes"] = options_.trace_nodes;
  if (!title.empty()) fmt::print("\n━━ {} ━━\n", title);
}

ordered_json& Lesson::config() {
  if (!trace_) start_run();
  return trace_->config();
}

Trace& Lesson::trace() {
  if (!trace_) start_run();
  return *trace_;
}

void Lesson::end() {
  if (!trace_ || written_) return;
  written_ = true;
  std::string run = trace_->json().value("run", "");
  std::string file = run.empty() ? fmt::format("{}.json", info_.name) : fmt::format("{}-{}.json", info_.name, run);
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

void Lesson::check_sets() const {
  for (const auto& [name, value] : options_.sets)
    if (std::find(used_sets_.begin(), used_sets_.end(), name) == used_sets_.end()) {
      std::string leaves;
      for (const auto& [key, v] : trace_->json()["config"]["set"].items()) leaves += (leaves.empty() ? "" : ", ") + key;
      throw UsageError(fmt::format("--set {}: this lesson has no leaf named '{}' (its leaves: {})", name, name, leaves));
    }
}

// ---- one step ------------------------------------------------------------------

// Back to the leaves (marked on the first call, once every --set has been used).
void Lesson::to_leaves() {
  if (!trace_) start_run();
  if (leaves_ == 0) {
    check_sets();
    leaves_ = tape_.mark();
  }
  tape_.rewind(leaves_);
}

Var Lesson::forward(const std::function<Var()>& model) {
  to_leaves();
  Var loss = model();
  tape_.set_role(loss.id(), Role::loss);
  loss_name_ = loss.name().empty() ? "L" : std::string(loss.name());
  std::size_t step = trace_->steps();
  if (step == 0) check_trace_memory(options_.trace_nodes, static_cast<std::size_t>(std::max(steps_, 1)), tape_.size());
  trace_->begin_step(keeps_nodes(options_.trace_nodes, step));
  trace_->set_loss(loss.value());
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
  trace_->set_graph(tape_);
  if (verbose_) {
    stage("Backward: the chain rule, from the loss back to the leaves");
    for (const auto& line : chain_rule_lines(tape_, loss.id())) say(line);
  }
  warn_nonfinite();
}

Move gradient_step(const Var& p, double lr, std::string_view loss) {
  return {fmt::format("{0} − η·∂{1}/∂{0}", p.name(), loss),
          fmt::format("{} − {}·({})", show(p.value()), show(lr), show(p.grad())), p.value() - lr * p.grad()};
}

void Lesson::update(const std::vector<Var>& params, const UpdateRule& rule) {
  if (verbose_) stage("Update");
  for (Var p : params) {
    double before = p.value(), g = p.grad();
    Move move = rule(p, lr_, loss_name_);
    p.set_value(move.after);
    trace_->add_update(p.name(), before, g, move.after);
    if (verbose_) say(fmt::format("  {} = {} = {} = {}", p.name(), move.rule, move.numbers, show(move.after)));
  }
}

Var Lesson::finish(const std::function<Var()>& model, std::string_view heading) {
  to_leaves();
  Var loss = model();
  tape_.set_role(loss.id(), Role::loss);
  trace_->finish(tape_, loss.value());
  stage(heading);
  for (const auto& line : forward_boxes(tape_, loss.id())) say(line);
  warn_nonfinite();
  return loss;
}

// ---- what the slides print ----------------------------------------------------------

void Lesson::deck(std::string_view what, double computed, std::string_view printed, std::string_view slide,
                  std::string_view erratum) {
  if (!options_.sets.empty()) {  // the slide's numbers are for the slide's starting values
    if (!deck_skipped_) note("--set changed the slide's starting values: the deck's numbers are not compared");
    deck_skipped_ = true;
    return;
  }
  std::string text(printed);
  auto dot = text.find('.');
  int decimals = dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
  double unit = std::pow(10.0, -decimals), shown = std::stod(text);
  auto same = [&](double x) { return std::fabs(x - shown) < unit / 2; };
  std::string verdict;
  if (!erratum.empty()) verdict = fmt::format("erratum: {}", erratum);
  else if (std::fabs(computed - shown) <= 1e-12 * std::max(1.0, std::fabs(shown))) verdict = "the same";
  else if (same(std::round(computed / unit) * unit)) verdict = "rounded";
  else if (same(std::trunc(computed / unit) * unit)) verdict = "truncated, not rounded";
  else if (std::fabs(computed - shown) <= unit * (1 + 1e-9)) verdict = "within one unit of the last digit";
  else verdict = "differs";
  std::string line = fmt::format("{} prints {} = {}; computed {} ({})", slide, what, printed, show(computed), verdict);
  say(fmt::format("  ▸ {}", line));
  trace_->note(line);
}

void Lesson::note(std::string_view text) {
  say(fmt::format("  ▸ {}", text));
  trace().note(text);
}

void Lesson::say(std::string_view text) { fmt::print("{}\n", text); }

bool Lesson::interactive() const { return options_.pause && isatty(STDIN_FILENO); }

void Lesson::stage(std::string_view title) {
  if (!first_stage_ && interactive()) {
    fmt::print("  [Enter] next   [q Enter] quit ");
    std::fflush(stdout);
    std::string line;
    if (!std::getline(std::cin, line)) options_.pause = false;  // end of input: run straight through
    else if (line == "q") throw LessonQuit{};
  }
  first_stage_ = false;
  fmt::print("\n── {} ──\n", title);
}

void Lesson::warn_nonfinite() {
  auto bad = tape_.first_nonfinite();
  if (!bad) return;
  std::string hint;
  const Node& n = tape_.node(bad->id);
  if (n.op == Op::log && n.arity == 1) {
    const Node& in = tape_.node(n.input[0]);
    if (in.op == Op::sigmoid) hint = "; use the stable rewrite log σ(z) = −softplus(−z)";
    if (in.op == Op::sub && tape_.node(in.input[1]).op == Op::sigmoid)
      hint = "; use the stable rewrite log(1 − σ(z)) = −softplus(z)";
    bool has_loss_flag = std::any_of(options_.extra.begin(), options_.extra.end(),
                                     [](const ExtraFlag& f) { return f.name == "loss"; });
    if (!hint.empty() && has_loss_flag) hint += " (--loss softplus)";
  }
  note(fmt::format("warning: non-finite number at {}{}", bad->describe(), hint));
}

// ---- main ---------------------------------------------------------------------------

int run_lesson(int argc, char** argv, LessonInfo info, const std::function<void(Lesson&)>& body) {
  try {
    auto options = parse_lesson_options(std::span<char* const>(argv + 1, argv + argc), info.flags);
    if (options.help) {
      fmt::print("{}", lesson_usage(info.name, info.title, options.extra));
      return 0;
    }
    Lesson lesson(info, options);
    body(lesson);
    lesson.end();
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {  // a full disk, a closed pipe: the lesson did not reach its reader
      fmt::print(stderr, "{}: cannot write standard output: {}\n", info.name, std::strerror(errno));
      return 1;
    }
    return 0;
  } catch (const UsageError& e) {
    fmt::print(stderr, "{}: {}\n", info.name, e.what());
    return 2;
  } catch (const LessonQuit&) {
    fmt::print("\nbye\n");
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "{}: error: {}\n", info.name, e.what());
    return 1;
  }
}

}  // namespace tracegrad
