#include "tracegrad/screen.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>

#include <fmt/format.h>

namespace tracegrad {

int columns(std::string_view text) {
  int n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

// The byte where the first `cols` columns of text end.
std::size_t byte_of_column(std::string_view text, int cols) {
  std::size_t i = 0;
  for (int n = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == cols) break;
  return i;
}

}  // namespace

bool Screen::interactive() const { return pause_ && isatty(STDIN_FILENO); }

void Screen::wait(std::string_view prompt) {
  fmt::print("  {} ", prompt);
  std::fflush(stdout);
  rows_ = 0;
  std::string line;
  if (!std::getline(std::cin, line)) pause_ = false;  // end of input: run straight through
  else if (line == "q") throw LessonQuit{};
}

void Screen::stage(std::string_view title) {
  if (!first_stage_ && interactive()) wait("[Enter] next   [q Enter] quit");
  first_stage_ = false;
  print_row("");
  print_row(fmt::format("── {} ──", title));
}

// One row; on a terminal a full screen (the pause's prompt takes the last row) waits first.
void Screen::print_row(std::string_view row) {
  if (rows_ == screen_rows - 1 && interactive()) wait("[Enter] more   [q Enter] quit");
  fmt::print("{}\n", row);
  ++rows_;
}

// Wrapped at the last space that fits, the rest indented four columns past the line's own.
void Screen::say(std::string_view text) {
  std::size_t indent = text.find_first_not_of(' ');
  std::string pad(indent == std::string_view::npos ? 0 : indent + 4, ' ');
  std::string_view rest = text;
  bool first = true;
  while (true) {
    std::string row = first ? std::string(rest) : pad + std::string(rest);
    if (columns(row) <= screen_columns) return print_row(row);
    std::string_view fits(row.data(), byte_of_column(row, screen_columns));
    std::size_t space = fits.rfind(' ');
    std::size_t from = first ? 0 : pad.size();
    std::size_t cut = space == std::string_view::npos || space <= from ? fits.size() : space;
    std::string_view shown = std::string_view(row).substr(0, cut);
    print_row(shown.substr(0, shown.find_last_not_of(' ') + 1));
    std::size_t used = cut - from;  // bytes of `rest` printed
    rest.remove_prefix(std::min(rest.size(), used + (cut == space ? 1 : 0)));
    first = false;
  }
}

}  // namespace tracegrad
