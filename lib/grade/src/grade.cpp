#include "tracegrad/grade.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "tracegrad/trace_read.hpp"
#include "tracegrad/trace_validate.hpp"
#include "tracegrad/usage.hpp"

namespace tracegrad {

namespace fs = std::filesystem;

ordered_json load_valid_trace(const fs::path& path) {
  ordered_json trace = load_trace(path);
  auto problems = validate_trace(trace, 1);
  if (!problems.empty()) throw TraceError(fmt::format("{}: {}", path.string(), problems[0].describe()));
  return trace;
}

std::string TraceGrade::first_difference() const {
  if (!error.empty()) return error;
  if (comparison.differences.empty()) return "";
  const Difference& d = comparison.differences.front();
  return fmt::format("{} ({})", d.describe(), d.where);
}

static std::string advice_lines(const Comparison& c) {
  std::string text;
  for (const auto& a : c.advice) text += fmt::format("\n  advice (no points lost): {}", a);
  return text;
}

std::string TraceGrade::report(bool all) const {
  switch (status) {
    case GradeStatus::pass:
      return fmt::format("PASS {}: compared {} (rtol {:g}, atol {:g}){}", name, comparison.summary(), tol.rtol, tol.atol,
                         advice_lines(comparison));
    case GradeStatus::extra: return fmt::format("EXTRA {}: {}", name, error);
    case GradeStatus::missing:
    case GradeStatus::unusable: return fmt::format("FAIL {}: {}", name, error);
    case GradeStatus::fail: break;
  }
  const Difference& first = comparison.differences.front();
  std::string text = fmt::format("FAIL {}: the traces part at\n  {}\n", name, first.describe());
  if (!first.diagnosis.empty()) text += fmt::format("  {}\n", first.diagnosis);
  text += fmt::format("  at {}\n", first.where);
  std::size_t n = comparison.total;
  if (!all)
    return text + fmt::format("{} difference{} in all{}", n, n == 1 ? "" : "s", n > 1 ? " (--all lists every one)" : "") +
           advice_lines(comparison);
  text += fmt::format("every difference ({}):", n);
  for (std::size_t i = 0; i < comparison.differences.size(); ++i) {
    const Difference& d = comparison.differences[i];
    text += fmt::format("\n  {}. {} ({})", i + 1, d.describe(), d.where);
    if (!d.diagnosis.empty()) text += fmt::format("\n     {}", d.diagnosis);
  }
  return text + advice_lines(comparison);
}

TraceGrade grade_file(const fs::path& reference, const fs::path& submission, const Tolerances& tol, Match match) {
  ordered_json expected = load_valid_trace(reference);
  TraceGrade g;
  g.name = one_line(submission.filename().string());  // a name is any bytes: a newline would split a report line
  g.lesson = expected["lesson"].get<std::string>();
  g.tol = tol;
  ordered_json actual;
  std::error_code ec;
  if (fs::is_symlink(submission, ec)) {  // a link to the reference (or any file) would grade that file
    g.status = GradeStatus::unusable;
    g.error = one_line(fmt::format("{}: a symbolic link: a submission is graded from its own files", submission.string()));
    return g;
  }
  try {
    actual = load_valid_trace(submission);
  } catch (const TraceError& e) {
    g.status = GradeStatus::unusable;
    g.error = one_line(e.what());
    return g;
  }
  g.comparison = compare_traces(expected, actual, tol, std::numeric_limits<std::size_t>::max(), match);
  g.status = g.comparison.pass() ? GradeStatus::pass : GradeStatus::fail;
  return g;
}

static std::vector<std::string> json_files(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw TraceError(fmt::format("{}: not a directory", dir.string()));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
  if (ec) throw TraceError(fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<TraceGrade> grade_directory(const fs::path& reference_dir, const fs::path& submission_dir,
                                        const Tolerances& tol, Match match) {
  auto references = json_files(reference_dir);
  auto submitted = json_files(submission_dir);
  if (references.empty()) throw TraceError(fmt::format("{}: no reference traces (*.json)", reference_dir.string()));
  std::vector<TraceGrade> grades;
  for (const auto& name : references) {
    if (std::binary_search(submitted.begin(), submitted.end(), name)) {
      grades.push_back(grade_file(reference_dir / name, submission_dir / name, tol, match));
      continue;
    }
    TraceGrade g;
    g.name = one_line(name);
    g.lesson = load_valid_trace(reference_dir / name)["lesson"].get<std::string>();
    g.status = GradeStatus::missing;
    g.error = one_line(fmt::format("missing: the submission has no {}", (submission_dir / name).string()));
    grades.push_back(std::move(g));
  }
  for (const auto& name : submitted)
    if (!std::binary_search(references.begin(), references.end(), name)) {
      TraceGrade g;
      g.name = one_line(name);
      g.status = GradeStatus::extra;
      g.error = "no reference trace of that name: not graded";
      grades.push_back(std::move(g));
    }
  return grades;
}

static std::string_view status_name(GradeStatus s) {
  switch (s) {
    case GradeStatus::pass: return "PASS";
    case GradeStatus::fail: return "FAIL";
    case GradeStatus::missing: return "MISSING";
    case GradeStatus::unusable: return "UNUSABLE";
    case GradeStatus::extra: return "EXTRA";
  }
  return "?";
}

std::string summary_table(const std::vector<TraceGrade>& grades) {
  std::vector<const TraceGrade*> rows;
  for (const auto& g : grades) rows.push_back(&g);
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->lesson < b->lesson; });
  std::string text = fmt::format("{:<22} {:<34} {:<9} {:>5}  {}\n", "lesson", "trace", "result", "diffs", "first difference");
  std::map<std::string, std::pair<int, int>> per_lesson;  // lesson → (passed, graded)
  for (const auto* g : rows) {
    text += fmt::format("{:<22} {:<34} {:<9} {:>5}  {}\n", g->lesson.empty() ? "-" : g->lesson, g->name,
                        status_name(g->status), g->comparison.total, g->first_difference());
    if (g->status == GradeStatus::extra) continue;
    auto& [passed, graded] = per_lesson[g->lesson];
    passed += g->status == GradeStatus::pass;
    ++graded;
  }
  int passed = 0, graded = 0;
  for (const auto& [lesson, count] : per_lesson) {
    text += fmt::format("{:<22} {}/{} traces pass\n", lesson, count.first, count.second);
    passed += count.first;
    graded += count.second;
  }
  return text + fmt::format("{:<22} {}/{} traces pass\n", "all", passed, graded);
}

ordered_json gradescope_results(const std::vector<TraceGrade>& grades, double points_per_trace) {
  ordered_json tests = ordered_json::array();
  double score = 0, max_score = 0;
  for (const auto& g : grades) {
    if (g.status == GradeStatus::extra) continue;
    bool pass = g.status == GradeStatus::pass;
    ordered_json t;
    t["name"] = g.name;
    t["score"] = pass ? points_per_trace : 0.0;
    t["max_score"] = points_per_trace;
    t["status"] = pass ? "passed" : "failed";
    t["output"] = g.report(false);
    t["visibility"] = "visible";
    tests.push_back(std::move(t));
    score += pass ? points_per_trace : 0.0;
    max_score += points_per_trace;
  }
  ordered_json results;
  results["score"] = score;
  results["max_score"] = max_score;
  results["output"] = summary_table(grades);
  results["visibility"] = "visible";
  results["tests"] = std::move(tests);
  return results;
}

}  // namespace tracegrad
