// check: the handout's local check (no reference in it). Runs every exercise of your
// student.cpp at its slide's point through the gradient check and prints PASS or FAIL, your
// gradient beside the numeric one, and a hint when it matches a known mistake (hints.tsv:
// the gradient each known mistake of a visible test gives there).
//   check [HINTS_FILE]      exit status 0 every exercise passes, 1 one fails, 2 no hints file
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "checker.hpp"

namespace {

// hints.tsv's lines: exercise<TAB>gradient<TAB>hint ('#' lines are comments).
std::map<std::string, std::vector<exercise::KnownMistake>> read_hints(std::istream& in) {
  std::map<std::string, std::vector<exercise::KnownMistake>> hints;
  std::string line;
  while (std::getline(in, line)) {
    std::size_t tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
    if (line.starts_with("#") || tab2 == std::string::npos) continue;
    std::istringstream numbers(line.substr(tab1 + 1, tab2 - tab1 - 1));
    exercise::KnownMistake m{line.substr(tab2 + 1), {}};
    for (double x; numbers >> x;) m.gradient.push_back(x);
    hints[line.substr(0, tab1)].push_back(m);
  }
  return hints;
}

}  // namespace

int main(int argc, char** argv) {
  const char* path = argc > 1 ? argv[1] : TRACEGRAD_HINTS_FILE;
  std::ifstream file(path);
  if (!file) {
    std::fprintf(stderr, "check: cannot read the hints file %s\n", path);
    return 2;
  }
  auto hints = read_hints(file);
  auto solution = exercise::student_solution();
  std::size_t passed = 0;
  for (const auto& ex : exercise::exercises()) {
    auto result = exercise::check(ex, solution, hints[ex.name]);
    passed += result.pass();
    std::printf("%s", exercise::describe(result).c_str());
  }
  std::printf("\n%zu/%zu exercises pass at the slides' points (the autograder checks each at hidden points too)\n",
              passed, exercise::exercises().size());
  return passed == exercise::exercises().size() ? 0 : 1;
}
