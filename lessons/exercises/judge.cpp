#include "judge.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <sstream>

#include <fmt/format.h>

namespace exercise {

using namespace tracegrad;

namespace {

constexpr std::size_t output_cap = 64 * 1024;  // of the student's own output, per exercise

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

// The @answer and @error lines by point, the rest is the student's own output.
struct Parsed {
  std::map<std::size_t, std::vector<double>> answers;  // a gradient per point
  std::map<std::size_t, std::string> errors;
  std::string printed;
};

Parsed parse(const std::string& output, std::size_t params) {
  Parsed p;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string tag;
    std::size_t index = 0;
    words >> tag;
    if ((tag == "@answer" || tag == "@error") && (words >> index)) {
      if (tag == "@error") {
        std::getline(words, p.errors[index]);
        continue;
      }
      std::vector<double> g(params, std::nan(""));
      for (double& x : g) words >> x;
      p.answers[index] = g;
    } else if (p.printed.size() < output_cap) {
      p.printed += line.substr(0, output_cap - p.printed.size()) + "\n";
    }
  }
  return p;
}

bool agrees(double analytic, double numeric) {
  GradcheckOptions tol;
  return std::fabs(analytic - numeric) <= tol.atol + tol.rtol * std::fabs(numeric);
}

std::string status_text(int status) {
  if (status == 124 || status == 137) return "your program was stopped: it ran past its time limit (an endless loop?)";
  if (status == 141) return "your program printed more than 64 KB and was stopped there";
  if (status > 128) return fmt::format("your program crashed (signal {}: 11 is a segmentation fault, an index out of range?)", status - 128);
  return fmt::format("your program exited with status {}", status);
}

// The answers' pattern over every point: a known mistake, a sign error, nothing written.
std::string hint(const Exercise& ex, const std::vector<Point>& points, const std::vector<GradcheckReport>& reports,
                 const Parsed& parsed) {
  using Gradient = std::vector<double>;
  auto every = [&](auto&& test) {
    for (std::size_t i = 0; i < points.size(); ++i)
      if (!parsed.answers.contains(i) || !test(i, parsed.answers.at(i))) return false;
    return true;
  };
  if (every([](std::size_t, const Gradient& g) { return std::all_of(g.begin(), g.end(), [](double x) { return x == 0; }); }))
    return "not written yet: your gradient is 0 everywhere (the stub does nothing, or nothing reaches the leaves)";
  for (const Mistake& m : mistakes(ex))
    if (every([&](std::size_t i, const Gradient& g) { return same_gradient(g, analytic_gradient(ex, m.solution, points[i])); }))
      return m.hint;
  if (every([&](std::size_t i, const Gradient& g) {
        for (std::size_t k = 0; k < g.size(); ++k)
          if (!agrees(-g[k], reports[i].leaves[k].numeric)) return false;
        return true;
      }))
    return "sign error: your gradient is minus the numeric one";
  if (reports[0].pass())
    return "right at the slide's point only: the hidden points need the gradient computed, not the slide's numbers";
  return fmt::format("compare your rule with slides {}", ex.slides);
}

}  // namespace

std::vector<Point> test_points(const Exercise& ex, std::uint64_t seed, int hidden) {
  std::vector<Point> points{slide_point(ex)};
  std::mt19937_64 random(seed ^ fnv1a(ex.name));
  // A range: uniform, to 3 decimals. Choices: in turn from a random first one, so that 3
  // hidden points of a label y ∈ {0, 1} check both labels.
  std::vector<Leaf> leaves = ex.params;
  leaves.insert(leaves.end(), ex.data.begin(), ex.data.end());
  std::vector<std::uint64_t> first;  // per leaf, its first choice
  for (std::size_t k = 0; k < leaves.size(); ++k) first.push_back(random());
  for (int i = 0; i < hidden; ++i) {
    Point p;
    for (std::size_t k = 0; k < leaves.size(); ++k) {
      const Domain& d = leaves[k].hidden;
      double u = static_cast<double>(random() >> 11) / 9007199254740992.0;  // [0, 1), the same on every library
      double x = d.choices.empty() ? std::round((d.lo + u * (d.hi - d.lo)) * 1000) / 1000
                                   : d.choices[(first[k] + static_cast<std::uint64_t>(i)) % d.choices.size()];
      (k < ex.params.size() ? p.params : p.data).push_back(x);
    }
    points.push_back(p);
  }
  return points;
}

Verdict judge(const Exercise& ex, const std::vector<Point>& points, const StudentRun& run) {
  Parsed parsed = parse(run.output, ex.params.size());
  std::vector<std::string> names;
  for (const Leaf& leaf : ex.params) names.push_back(leaf.name);
  std::vector<GradcheckReport> reports;  // per point: the student's gradient beside the numeric one
  bool all = run.status == 0;
  Solution reference = reference_solution();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const Point& at = points[i];
    GraphBuilder f = [&](Tape& tape, std::span<const Var> params) { return ex.build(tape, params, at.data, reference); };
    GradcheckReport r = gradcheck(f, at.params, sweep_for(ex, reference, at.data), {}, names);
    auto it = parsed.answers.find(i);
    for (std::size_t k = 0; k < r.leaves.size(); ++k) {
      LeafCheck& c = r.leaves[k];
      c.analytic = it == parsed.answers.end() ? std::nan("") : it->second[k];
      c.abs_err = std::fabs(c.analytic - c.numeric);
      c.pass = agrees(c.analytic, c.numeric);
    }
    all = all && r.pass();
    reports.push_back(std::move(r));
  }
  Result slide{&ex, reports[0], ""};
  if (!all) slide.hint = run.status != 0 ? status_text(run.status) : hint(ex, points, reports, parsed);
  if (parsed.errors.contains(0)) slide.hint += " —" + parsed.errors[0];
  Verdict v{all, describe(slide)};
  if (v.pass != slide.pass()) v.text.replace(0, 4, v.pass ? "PASS" : "FAIL");
  for (std::size_t i = 1; i < points.size(); ++i) {
    std::vector<std::string> at, wrong;
    for (std::size_t k = 0; k < ex.params.size(); ++k) {
      at.push_back(fmt::format("{} = {}", ex.params[k].name, points[i].params[k]));
      const LeafCheck& c = reports[i].leaves[k];
      if (!c.pass) wrong.push_back(fmt::format("∂L/∂{}: yours {:.10g}, numeric {:.10g}", c.name, c.analytic, c.numeric));
    }
    for (std::size_t k = 0; k < ex.data.size(); ++k) at.push_back(fmt::format("{} = {}", ex.data[k].name, points[i].data[k]));
    v.text += fmt::format("       hidden point {} ({}): {}\n", i, fmt::join(at, ", "),
                          wrong.empty() ? "ok" : fmt::format("✗ {}", fmt::join(wrong, "; ")));
  }
  if (!parsed.printed.empty())
    v.text += fmt::format("       your program printed{}:\n{}", parsed.printed.size() >= output_cap ? " (cut at 64 KB)" : "",
                          parsed.printed);
  return v;
}

}  // namespace exercise
