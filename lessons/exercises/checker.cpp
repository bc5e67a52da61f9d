// Checking one exercise: its graph with your answer plugged in goes through the engine's
// gradient check; a failure is compared with the known mistakes to find a hint.
#include "checker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>

namespace exercise {

using namespace tracegrad;

namespace {

std::string find_hint(const Exercise& ex, const GradcheckReport& r, const std::vector<KnownMistake>& known) {
  auto& leaves = r.leaves;
  if (std::all_of(leaves.begin(), leaves.end(), [](const LeafCheck& c) { return c.pass || c.analytic == 0; }))
    return "not written yet: your gradient is 0 where it should not be (the stub does nothing, or nothing "
           "reaches the leaves)";
  std::vector<double> yours;
  for (const LeafCheck& c : leaves) yours.push_back(c.analytic);
  for (const KnownMistake& m : known)
    if (same_gradient(yours, m.gradient)) return m.hint;
  GradcheckOptions tol;
  if (std::all_of(leaves.begin(), leaves.end(), [&](const LeafCheck& c) {
        return std::fabs(c.analytic + c.numeric) <= tol.atol + tol.rtol * std::fabs(c.numeric);
      }))
    return "sign error: your gradient is minus the numeric one";
  return "compare your rule with slides " + ex.slides;
}

// printf into a std::string (the student side builds without fmt).
template <class... Args>
std::string format(const char* pattern, Args... args) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

}  // namespace

bool same_gradient(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(std::fabs(a[i] - b[i]) <= 1e-9 + 1e-6 * std::fabs(b[i]))) return false;
  return true;
}

Result check(const Exercise& ex, const Solution& solution, const std::vector<KnownMistake>& known) {
  Result result{&ex, {}, ""};
  Point at = slide_point(ex);
  std::vector<std::string> names;
  for (const Leaf& leaf : ex.params) names.push_back(leaf.name);
  try {
    GraphBuilder f = [&](Tape& tape, std::span<const Var> params) { return ex.build(tape, params, at.data, solution); };
    result.report = gradcheck(f, at.params, sweep_for(ex, solution, at.data), {}, names);
    if (!result.pass()) result.hint = find_hint(ex, result.report, known);
  } catch (const std::exception& e) {  // e.g. a sweep reading a node that does not exist
    result.report.leaves.clear();
    result.report.leaves.push_back({"(none)", 0, 0, 0, 0, 0, false});
    result.hint = std::string("your code threw: ") + e.what();
  }
  return result;
}

std::string describe(const Result& r) {
  const Exercise& ex = *r.exercise;
  bool several = ex.slides.find_first_of("-,") != std::string::npos;
  std::string text = format("%s exercise %d %s: %s (slide%s %s)\n", r.pass() ? "PASS" : "FAIL", ex.number,
                            ex.name.c_str(), ex.title.c_str(), several ? "s" : "", ex.slides.c_str());
  for (const LeafCheck& c : r.report.leaves) {
    std::string verdict = c.pass ? "ok" : format("✗ (error %.3g)", c.abs_err);
    text += format("       ∂L/∂%-3s analytic %-22s numeric %-22s %s\n", c.name.c_str(), format("%.10g", c.analytic).c_str(),
                   format("%.10g", c.numeric).c_str(), verdict.c_str());
  }
  if (!r.hint.empty()) text += "       hint: " + r.hint + "\n";
  return text;
}

}  // namespace exercise
