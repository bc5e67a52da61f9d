#include "tracegrad/screen.hpp"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>

namespace tracegrad {

bool Screen::interactive() const { return pause_ && isatty(STDIN_FILENO); }

void Screen::wait(std::string_view prompt) {
  fmt::print("  {} ", prompt);
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line)) pause_ = false;  // end of input: run straight through
  else if (line == "q") throw LessonQuit{};
}

void Screen::stage(std::string_view title) {
  if (!first_stage_ && interactive()) wait("[Enter] next   [q Enter] quit");
  first_stage_ = false;
  fmt::print("\n── {} ──\n", title);
}

void Screen::say(std::string_view text) { fmt::print("{}\n", text); }

}  // namespace tracegrad
