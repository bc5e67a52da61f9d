// The reference solutions (reference.cpp): the teacher's side only (exercise_check
// --reference, exercise_grade, the classic mistakes), never the student's build.
#pragma once
#include "exercise.hpp"

namespace exercise {

Solution reference_solution();

}  // namespace exercise
