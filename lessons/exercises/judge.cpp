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
  std::map<std::size_t, Point> answers;
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
      Point g(params, std::nan(""));
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
  auto every = [&](auto&& test) {
    for (std::size_t i = 0; i < points.size(); ++i)
      if (!parsed.answers.contains(i) || !test(i, parsed.answers.at(i))) return false;
    return true;
  };
  if (every([](std::size_t, const Point& g) { return std::all_of(g.begin(), g.end(), [](double x) { return x == 0; }); }))
    return "not written yet: your gradient is 0 everywhere (the stub does nothing, or nothing reaches the leaves)";
  for (const Mistake& m : mistakes(ex))
    if (every([&](std::size_t i, const Point& g) {
          Point wrong = analytic_gradient(ex, m.solution, points[i]);
          for (std::size_t k = 0; k < g.size(); ++k)
            if (!(std::fabs(g[k] - wrong[k]) <= 1e-9 + 1e-6 * std::fabs(wrong[k]))) return false;
          return true;
        }))
      return m.hint;
  if (every([&](std::size_t i, const Point& g) {
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
  std::vector<Point> points{ex.at};
  std::mt19937_64 random(seed ^ fnv1a(ex.name));
  for (int i = 0; i < hidden; ++i) {
    Point p;
    for (std::size_t k = 0; k < ex.params.size(); ++k) {
      double u = static_cast<double>(random() >> 11) / 9007199254740992.0;  // [0, 1), the same on every library
      p.push_back(std::round((u * 3 - 1.5) * 1000) / 1000);
    }
    points.push_back(p);
  }
  return points;
}

Verdict judge(const Exercise& ex, const std::vector<Point>& points, const StudentRun& run) {
  Parsed parsed = parse(run.output, ex.params.size());
  std::vector<GradcheckReport> reports;  // per point: the student's gradient beside the numeric one
  bool all = run.status == 0;
  Solution reference = reference_solution();
  for (std::size_t i = 0; i < points.size(); ++i) {
    GraphBuilder f = [&ex, reference](Tape& tape, std::span<const Var> params) { return ex.build(tape, params, reference); };
    GradcheckReport r = gradcheck(f, points[i], sweep_for(ex, reference), {}, ex.params);
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
      at.push_back(fmt::format("{} = {}", ex.params[k], points[i][k]));
      const LeafCheck& c = reports[i].leaves[k];
      if (!c.pass) wrong.push_back(fmt::format("∂L/∂{}: yours {:.10g}, numeric {:.10g}", ex.params[k], c.analytic, c.numeric));
    }
    v.text += fmt::format("       hidden point {} ({}): {}\n", i, fmt::join(at, ", "),
                          wrong.empty() ? "ok" : fmt::format("✗ {}", fmt::join(wrong, "; ")));
  }
  if (!parsed.printed.empty())
    v.text += fmt::format("       your program printed{}:\n{}", parsed.printed.size() >= output_cap ? " (cut at 64 KB)" : "",
                          parsed.printed);
  return v;
}

}  // namespace exercise
