// The known mistakes of an exercise, from the assignment file's list.
#include "teacher.hpp"

#include <stdexcept>

namespace exercise {

std::vector<Mistake> mistakes(const Exercise& ex) {
  static const std::vector<Mistake> all = [] {
    std::vector<Mistake> list = define_mistakes();
    for (const Mistake& m : list) exercise_named(m.exercise);  // throws for a name no exercise has
    return list;
  }();
  std::vector<Mistake> of;
  for (const Mistake& m : all)
    if (m.exercise == ex.name) of.push_back(m);
  return of;
}

std::vector<KnownMistake> known_mistakes(const Exercise& ex, const Point& at) {
  std::vector<KnownMistake> known;
  for (const Mistake& m : mistakes(ex)) known.push_back({m.hint, analytic_gradient(ex, m.solution, at)});
  return known;
}

}  // namespace exercise
