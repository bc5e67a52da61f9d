// The assignment's exercises, numbered and checked once.
#include "exercise_list.hpp"

#include <set>
#include <stdexcept>

namespace exercise {

std::string first_problem(const std::vector<Exercise>& list) {
  static const std::set<std::string> visibilities{"visible", "hidden", "after_due_date", "after_published"};
  std::set<std::string> names;
  if (list.empty()) return "the assignment has no exercises";
  for (const Exercise& ex : list) {
    std::string where = "exercise '" + ex.name + "': ";
    if (ex.name.empty() || ex.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
      return where + "a name is lower-case letters, digits and _";
    if (!names.insert(ex.name).second) return where + "two exercises have this name";
    if (ex.params.empty() || !ex.build) return where + "needs params and a graph (build)";
    if ((ex.analytic == Analytic::by_hand) != (ex.by_hand != nullptr))
      return where + "by_hand is set exactly when analytic is Analytic::by_hand";
    if ((ex.analytic == Analytic::student_sweep) != (ex.sweep != nullptr))
      return where + "sweep is set exactly when analytic is Analytic::student_sweep";
    if (!(ex.weight >= 0)) return where + "weight: expected a number ≥ 0";
    if (!visibilities.contains(ex.visibility))
      return where + "visibility: expected visible, hidden, after_due_date or after_published";
    for (const auto* leaves : {&ex.params, &ex.data})
      for (const Leaf& leaf : *leaves)
        if (leaf.hidden.choices.empty() && !(leaf.hidden.lo < leaf.hidden.hi))
          return where + "leaf '" + leaf.name + "': its hidden domain needs lo < hi or choices";
  }
  return "";
}

const std::vector<Exercise>& exercises() {
  static const std::vector<Exercise> list = [] {
    std::vector<Exercise> list = define_exercises();
    if (std::string p = first_problem(list); !p.empty()) throw std::invalid_argument(p);
    for (std::size_t i = 0; i < list.size(); ++i) list[i].number = static_cast<int>(i + 1);
    return list;
  }();
  return list;
}

const Exercise& exercise_named(std::string_view name) {
  for (const auto& ex : exercises())
    if (ex.name == name) return ex;
  throw std::invalid_argument("no exercise named '" + std::string(name) + "'");
}

Point slide_point(const Exercise& ex) {
  Point p;
  for (const Leaf& leaf : ex.params) p.params.push_back(leaf.at);
  for (const Leaf& leaf : ex.data) p.data.push_back(leaf.at);
  return p;
}

}  // namespace exercise
