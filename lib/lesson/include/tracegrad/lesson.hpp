// The machinery every lesson shares: flags, pauses between stages, the slide's boxes on
// screen, the deck's printed numbers beside the computed ones, and the trace.
//
//   int main(int argc, char** argv) {
//     return tracegrad::run_lesson(argc, argv, {"linear_regression", "…", "21-23", 0.01, 1},
//                                  [](tracegrad::Lesson& lesson) { … });
//   }
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tracegrad/lesson_options.hpp"
#include "tracegrad/trace.hpp"

namespace tracegrad {

struct LessonInfo {
  std::string name;    // the executable: "linear_regression"
  std::string title;   // one line: "Linear regression: one stochastic gradient step"
  std::string slides;  // "21-23"
  double lr = 0.01;    // default --lr
  int steps = 1;       // default --steps
  std::vector<ExtraFlag> flags = {};  // the lesson's own flags
};

// Thrown when the student types q at a pause: the lesson ends cleanly (exit status 0).
struct LessonQuit {};

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

  double lr() const { return lr_; }
  bool lr_given() const { return options_.lr.has_value(); }  // was --lr on the command line?
  void set_lr(double lr) { lr_ = lr; }  // a lesson with one run per η: before start_run
  int steps() const { return steps_; }
  const std::string& flag(std::string_view name) const;  // the value of one of info.flags
  Tape& tape() { return tape_; }

  // ---- a run: one trace. Single-run lessons need not call start_run. ----------
  // A lesson that makes several runs says so first: --trace FILE is then refused at once.
  void plan_runs(int count);
  void start_run(std::string_view run = "", std::string_view title = "");
  ordered_json& config();  // the current run's config: add the lesson's own settings

  // ---- leaves, with --set NAME=VALUE applied ------------------------------------
  Var input(std::string_view name, double value);
  Var label(std::string_view name, double value);
  Var param(std::string_view name, double value);
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
  Var forward(const std::function<Var()>& model);
  // Sweeps backward from the loss and shows each edge of the chain rule.
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
  void deck(std::string_view what, double computed, std::string_view printed, std::string_view slide,
            std::string_view erratum = "");
  void note(std::string_view text);  // on screen and in the trace
  void say(std::string_view text);   // on screen only
  void stage(std::string_view title);  // a pause (on a terminal), then a heading

  void set_verbose(bool verbose) { verbose_ = verbose; }  // false: steps are traced, not shown
  bool verbose() const { return verbose_; }
  Trace& trace();
  void end();  // writes the current run's trace (run_lesson calls it)

 private:
  Var leaf(Var v);
  TensorVar leaf(TensorVar v);
  void check_sets() const;
  void to_leaves();
  void warn_nonfinite();
  bool interactive() const;

  LessonInfo info_;
  LessonOptions options_;
  double lr_;
  int steps_;
  Tape tape_;
  Tape::Mark leaves_ = 0;
  std::unique_ptr<Trace> trace_;
  int runs_ = 0;
  bool first_stage_ = true;
  bool verbose_ = true;
  bool written_ = false;
  bool deck_skipped_ = false;
  std::vector<std::string> used_sets_;
  std::string loss_name_ = "L";  // the label of the last forward's loss
};

// Parses the flags, runs the lesson body, and turns errors into exit statuses:
// 0 done (or quit with q), 2 bad flag or value (one line on stderr), 1 anything else.
int run_lesson(int argc, char** argv, LessonInfo info, const std::function<void(Lesson&)>& body);

}  // namespace tracegrad
