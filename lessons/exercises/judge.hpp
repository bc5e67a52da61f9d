// The autograder's judge (the teacher's side): the points an exercise is checked at — the
// slide's and hidden ones drawn from a seed the grader keeps — and the verdict on what the
// student's program (exercise_answers, run sandboxed) printed at them.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "teacher.hpp"

namespace exercise {

// The slide's point, then `hidden` points drawn from `seed`: every param and data leaf from
// its Domain (a range, to 3 decimals, or a choice). The same seed gives the same points.
std::vector<Point> test_points(const Exercise& ex, std::uint64_t seed, int hidden);

// What the sandbox saw of one exercise's process.
struct StudentRun {
  std::string output;  // stdout and stderr, already capped by the sandbox
  int status = 0;      // exit status as the shell reports it: 124 timeout, 128 + N signal N
};

struct Verdict {
  bool pass = false;
  std::string text;  // PASS/FAIL, the slide point's table, the hidden points, the hint, the output
};

// Passes when the process exited 0 and its gradient agrees with central differences of the
// reference graph at every point.
Verdict judge(const Exercise& ex, const std::vector<Point>& points, const StudentRun& run);

}  // namespace exercise
