// What a lesson shows on the terminal: a heading per stage and, on a terminal, a pause
// before each stage but the first ("[Enter] next   [q Enter] quit"); q ends the lesson.
#pragma once
#include <string_view>

namespace tracegrad {

// Thrown when the student types q at a pause: the lesson ends cleanly (exit status 0).
struct LessonQuit {};

class Screen {
 public:
  explicit Screen(bool pause) : pause_(pause) {}
  void stage(std::string_view title);  // a pause (on a terminal), then "── title ──"
  void say(std::string_view text);     // one line

 private:
  bool interactive() const;
  void wait(std::string_view prompt);  // throws LessonQuit on q

  bool pause_;
  bool first_stage_ = true;
};

}  // namespace tracegrad
