// What a lesson's main uses: its leaves, then forward, backward and update, and the deck's
// printed numbers beside the computed ones. Each job has its own piece: the flags
// (lesson_options.hpp), the terminal's stages and pauses (screen.hpp), the trace of each run
// (run_recorder.hpp), the verdict on a printed number (slide_numbers.hpp), a run that breaks
// down (breakdown.hpp).
//
//   int main(int argc, char** argv) {
//     return tracegrad::run_lesson(argc, argv, {"linear_regression", "…", "21-23", 0.01, 1},
//                                  [](tracegrad::Lesson& lesson) { … });
//   }
#pragma once
#include <concepts>
#include <functional>
#include <optional>
#include <typeinfo>
#include <string>
#include <string_view>
#include <vector>

#include "tracegrad/lesson_options.hpp"
#include "tracegrad/run_recorder.hpp"
#include "tracegrad/screen.hpp"
#include "tracegrad/trace.hpp"

namespace tracegrad {

struct LessonInfo {
  std::string name;    // the executable: "linear_regression"
  std::string title;   // one line: "Linear regression: one stochastic gradient step"
  std::string slides;  // "21-23"
  // default --lr; std::nullopt for a lesson that makes no update (nothing is trained): it
  // refuses --lr, and its traces' config has no "lr"
  std::optional<double> lr = 0.01;
  int steps = 1;       // default --steps
  std::vector<ExtraFlag> flags = {};  // the lesson's own flags
  // What --lr and --steps mean in this lesson, as --help says it; an empty steps_help: the
  // lesson makes one step and refuses --steps.
  std::string lr_help = "learning rate η of each update";
  std::string steps_help = "number of updates";
};

// Where one parameter moves in an update, as the slide writes it:
//   {rule: "w − η·∂L/∂w", numbers: "-0.34 − 0.01·(-151.9292)", after: 1.179292}
struct Move {
  std::string rule;
  std::string numbers;
  double after;
};
// An update rule: the move of parameter p, given η and the loss's name ("L", "f").
using UpdateRule = std::function<Move(const Var& p, double lr, std::string_view loss)>;
// Gradient descent, θ = θ − η·∂L/∂θ: the rule update() uses unless told otherwise.
Move gradient_step(const Var& p, double lr, std::string_view loss);

class Lesson {
 public:
  Lesson(LessonInfo info, LessonOptions options);
  Lesson(const Lesson&) = delete;  // its recorder refers to its options
  Lesson& operator=(const Lesson&) = delete;

  double lr() const { return lr_.value(); }  // η of the updates (a lesson without one makes none)
  bool lr_given() const { return options_.lr.has_value(); }  // was --lr on the command line?
  void set_lr(double lr) { lr_ = lr; }  // a lesson with one run per η: before start_run
  int steps() const { return steps_; }
  const std::string& flag(std::string_view name) const;  // the value of one of info.flags
  Tape& tape() { return tape_; }

  // ---- a run: one trace. Single-run lessons need not call start_run. ----------
  void plan_runs(int count) { recorder_.plan_runs(count); }  // before the first of several runs
  // A run of a lesson with an η that makes no update (lines_and_loss's lines) records no lr; one
  // of a lesson with --steps that makes a single step whatever they are (its first_update) no steps.
  enum class Updates { some, none };
  enum class Steps { used, unused };
  void start_run(std::string_view run = "", std::string_view title = "", Updates updates = Updates::some,
                 Steps steps = Steps::used);
  // One of the lesson's own settings in the run's config ("x_step", "batch", "domain").
  void record_setting(std::string_view name, std::string_view text) { config()[std::string(name)] = text; }
  void record_setting(std::string_view name, const std::vector<double>& numbers) { config()[std::string(name)] = numbers; }
  template <class Number>
    requires(std::integral<Number> || std::floating_point<Number>) && (!std::same_as<Number, bool>)
  void record_setting(std::string_view name, Number number) { config()[std::string(name)] = number; }
  // A table of numbers the run records for a picture (a sweep, a set of lines): filled in place.
  ordered_json& record_table(std::string_view name) { return config()[std::string(name)]; }

  // ---- leaves, with --set NAME=VALUE applied ------------------------------------
  Var input(std::string_view name, double value);
  Var label(std::string_view name, double value);
  Var param(std::string_view name, double value);
  // Leaves this run sets itself at every step (choosing_the_loss's candidates): no --set reaches
  // them (one of that name is for the lesson's other runs; the run says so) and config "set"
  // lists neither, since it would record values the run never used.
  Var fixed_input(std::string_view name, double value);
  Var fixed_label(std::string_view name, double value);
  // Vectors and matrices (lesson_tensor.cpp); --set theta[1]=0.3 sets one element.
  TensorVar input(std::string_view name, Tensor value);
  TensorVar label(std::string_view name, Tensor value);
  // A batch of a data set (X, y), refilled from the data at every step: no --set reaches it
  // and config "set" does not list it (it would record values the run never used).
  TensorVar batch_input(std::string_view name, Tensor value);
  TensorVar batch_label(std::string_view name, Tensor value);
  TensorVar param(std::string_view name, Tensor value);

  // ---- one step: forward, backward, update ---------------------------------------
  // Rewinds the tape to the leaves, builds the model, shows the boxes and the loss.
  // After record_once(), a run's later steps replay the graph its first step recorded.
  Var forward(const std::function<Var()>& model);
  // The model's graph is the same at every step (only leaf values change): forward() and
  // finish() record it once per run, then replay it (Tape::replay, README "Record once,
  // replay"). A model the tape cannot know is the same (it read a value while it was being
  // recorded: Tape::cannot_replay) makes the second step throw std::logic_error, naming why.
  void record_once() { record_once_ = true; }
  // Sweeps backward from the loss and shows each edge of the chain rule. When a value or
  // gradient is nan or ±inf it warns, ends the run's trace there and throws RunBrokeDown
  // (breakdown.hpp): run_lesson ends the lesson with status 0, no update applied.
  void backward(const Var& loss);
  // θ = θ − η·∂L/∂θ for each parameter (or another rule), shown with the numbers put in.
  void update(const std::vector<Var>& params, const UpdateRule& rule = gradient_step);
  // θ = θ − η∇θL for a vector parameter, every element shown with the numbers put in.
  void update(const TensorVar& theta);
  // The forward pass after the last update ("loss after the update"); writes the trace.
  Var finish(const std::function<Var()>& model,
             std::string_view heading = "After the update: the same sample again");

  // ---- what the slides print --------------------------------------------------------
  // Shows the deck's number beside the computed one and says how they compare (same,
  // rounded, truncated, or — with an erratum text — what the slide got wrong). After --set the
  // slide's numbers do not apply: it says so once per run and compares nothing.
  void compare_with_slide(std::string_view what, double computed, std::string_view printed, std::string_view slide,
                          std::string_view erratum = "");
  void note(std::string_view text);  // on screen and in the trace
  void say(std::string_view text) { screen_.say(text); }        // on screen only
  void stage(std::string_view title) { screen_.stage(title); }  // a pause (on a terminal), then a heading

  void set_verbose(bool verbose) { verbose_ = verbose; }  // false: steps are traced, not shown
  bool verbose() const { return verbose_; }
  Trace& trace();
  void end() { recorder_.end(); }  // writes the current run's trace (run_lesson calls it)

 private:
  ordered_json& config() { return trace().config(); }
  Var leaf(Var v);
  Var fixed(Var v);
  TensorVar leaf(TensorVar v);
  void check_sets();
  void to_leaves();
  Var build(const std::function<Var()>& model);
  bool warn_nonfinite();  // true (after a warning) when a number is nan or ±inf
  [[noreturn]] void stop_run(const Var& loss);

  LessonInfo info_;
  LessonOptions options_;
  std::optional<double> lr_;
  int steps_;
  Tape tape_;
  Tape::Mark leaves_ = 0;
  Screen screen_;
  RunRecorder recorder_;
  bool verbose_ = true;
  bool record_once_ = false;
  std::optional<Var> recorded_;                  // this run's recorded loss, to replay
  const std::type_info* recorded_model_ = nullptr;  // the model that recorded it
  bool deck_skipped_ = false;
  std::vector<std::string> used_sets_;     // this run's leaves a --set reached
  std::vector<std::string> fixed_leaves_;  // this run's fixed_input and fixed_label
  std::string loss_name_ = "L";  // the name of the last forward's loss
};

// Parses the flags, runs the lesson body, and turns errors into exit statuses:
// 0 done (or quit with q), 2 bad flag or value (one line on stderr), 1 anything else.
int run_lesson(int argc, char** argv, LessonInfo info, const std::function<void(Lesson&)>& body);

}  // namespace tracegrad
