// Grading: a submission's traces against the reference traces, one file or a directory,
// and the results in Gradescope's autograder format (results.json).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "tracegrad/trace_compare.hpp"

namespace tracegrad {

// Loads a trace and checks it against format v1. Throws TraceError naming the file and the
// first problem's JSON pointer.
ordered_json load_valid_trace(const std::filesystem::path& path);

enum class GradeStatus { pass, fail, missing, unusable, extra };

// One reference trace and the submission's file of the same name.
struct TraceGrade {
  std::string name;    // the file name: linear_regression.json
  std::string lesson;  // the reference's lesson
  GradeStatus status = GradeStatus::fail;
  Comparison comparison;  // pass and fail
  Tolerances tol;
  std::string error;      // missing, unusable, extra: one line
  std::string first_difference() const;  // the first difference, or the error
  std::string report(bool all) const;    // PASS … / FAIL … with the first (or every) difference
};

// Compares two trace files. Throws TraceError when the reference is unusable; an unusable
// submission is graded `unusable`.
TraceGrade grade_file(const std::filesystem::path& reference, const std::filesystem::path& submission,
                      const Tolerances& tol, Match match = Match::structure);

// Every *.json of reference_dir against the submission's file of the same name, in name
// order, then the submission's extra files (status extra, not graded).
std::vector<TraceGrade> grade_directory(const std::filesystem::path& reference_dir,
                                        const std::filesystem::path& submission_dir, const Tolerances& tol,
                                        Match match = Match::structure);

// A table: one row per trace grouped by lesson, then each lesson's count of passes.
std::string summary_table(const std::vector<TraceGrade>& grades);

// Gradescope's results.json: score, max_score, output, tests[] (one per graded trace:
// name, score, max_score, status passed/failed, output, visibility).
ordered_json gradescope_results(const std::vector<TraceGrade>& grades, double points_per_trace);

}  // namespace tracegrad
