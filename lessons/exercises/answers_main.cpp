// exercise_answers: the student's program in the autograder (student.cpp linked with this
// and exercise_list; no reference in it). For one exercise, reads points (one line each: a
// value per param, then one per data leaf) from stdin and prints, per point, the gradient the student's answers give:
//   @answer INDEX ∂L/∂param0 ∂L/∂param1 …      or      @error INDEX what went wrong
// Anything else the student's code prints is shown to the student, not graded.
#include <cstdio>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>

#include "exercise_list.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: exercise_answers EXERCISE < points\n");
    return 2;
  }
  const exercise::Exercise* ex = nullptr;
  try {
    ex = &exercise::exercise_named(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exercise_answers: %s\n", e.what());
    return 2;
  }
  auto solution = exercise::student_solution();
  std::string line;
  for (int index = 0; std::getline(std::cin, line); ++index) {
    std::istringstream in(line);
    exercise::Point at{std::vector<double>(ex->params.size()), std::vector<double>(ex->data.size())};
    for (double& x : at.params) in >> x;
    for (double& x : at.data) in >> x;
    try {
      auto grad = exercise::analytic_gradient(*ex, solution, at);
      std::printf("@answer %d", index);
      for (double g : grad) std::printf(" %.17g", g);
      std::printf("\n");
    } catch (const std::exception& e) {
      std::printf("@error %d your code threw: %s\n", index, e.what());
    }
    std::fflush(stdout);  // each answer out before the next point: a later crash keeps it
  }
  return 0;
}
