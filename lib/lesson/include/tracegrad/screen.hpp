// What a lesson shows on the terminal, an 80×24 one at the least: a heading per stage and,
// on a terminal, a pause before each stage but the first ("[Enter] next   [q Enter] quit")
// and within a stage taller than the screen ("[Enter] more"); q ends the lesson. Lines wider
// than 80 columns are wrapped at a space.
#pragma once
#include <string_view>

namespace tracegrad {

// Thrown when the student types q at a pause: the lesson ends cleanly (exit status 0).
struct LessonQuit {};

inline constexpr int screen_columns = 80, screen_rows = 24;

// Columns a UTF-8 string takes: one per character (the lessons' symbols ∂, →, ŷ are narrow).
int columns(std::string_view text);

class Screen {
 public:
  explicit Screen(bool pause) : pause_(pause) {}
  void stage(std::string_view title);  // a pause (on a terminal), then "── title ──"
  void say(std::string_view text);     // one line (more when wrapped)

 private:
  bool interactive() const;
  void wait(std::string_view prompt);  // throws LessonQuit on q
  void print_row(std::string_view row);

  bool pause_;
  bool first_stage_ = true;
  int rows_ = 0;  // rows printed since the last pause
};

}  // namespace tracegrad
