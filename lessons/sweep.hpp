// A sweep: one leaf set to value after value, a forward and a backward pass at each and no
// update — the points of a curve f(leaf) and its slope ∂f/∂leaf there, both from the engine.
// The first point is the current one (shown in full, its whole graph in the trace); the others
// are traced quietly with one note each. The trace's config gets the curve for the picture:
//   "sweep": {"over": NAME, "current": {"at", "value", "slope"}, "at": […], "value": […], "slope": […]}
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <tracegrad/explain.hpp>
#include <tracegrad/lesson.hpp>
#include <tracegrad/trace.hpp>
#include <tracegrad/usage.hpp>

namespace lessons {

// A sweep has --steps points, at least 2 (a lesson checks before its first run).
inline void require_points(const tracegrad::Lesson& lesson) {
  if (lesson.steps() < 2)
    throw tracegrad::UsageError(fmt::format("--steps {}: a sweep needs at least 2 points", lesson.steps()));
}

// n values evenly spaced from lo to hi (n ≥ 2), both ends included.
inline std::vector<double> evenly(double lo, double hi, int n) {
  std::vector<double> values;
  for (int i = 0; i < n; ++i) values.push_back(lo + (hi - lo) * i / (n - 1));
  return values;
}

// What a point's note says beyond "NAME = v: f = …, ∂f/∂NAME = …" (the formula's value, say).
using PointNote = std::function<std::string(const tracegrad::Var& f)>;

struct Point {
  double at, value, slope;  // the leaf, f, ∂f/∂leaf
};

struct Curve {
  Point current;              // the leaf's value when the sweep began
  std::vector<Point> points;  // one per value swept
};

// f at the leaf's current value, then at each of values; the leaf gets its value back at the end.
inline Curve sweep(tracegrad::Lesson& lesson, tracegrad::Var leaf, const std::vector<double>& values,
                   const std::function<tracegrad::Var()>& f, const PointNote& more = {}) {
  using tracegrad::show;
  const double current = leaf.value();
  Curve curve{};
  for (std::size_t i = 0; i <= values.size(); ++i) {
    if (i > 0) leaf.set_value(values[i - 1]);
    lesson.set_verbose(i == 0);
    auto y = lesson.forward(f);
    lesson.backward(y);
    std::string text = fmt::format("{} = {}: {} = {}, ∂{}/∂{} = {} (backward)", leaf.name(), show(leaf.value()),
                                   y.name(), show(y.value()), y.name(), leaf.name(), show(leaf.grad()));
    lesson.note(more ? text + "; " + more(y) : text);
    Point point{leaf.value(), y.value(), leaf.grad()};
    if (i == 0) curve.current = point;
    else curve.points.push_back(point);
  }
  leaf.set_value(current);
  lesson.set_verbose(true);

  auto& traced = lesson.record_table("sweep");
  traced["over"] = std::string(leaf.name());
  using tracegrad::trace_number;  // inf and nan written as the trace format says
  traced["current"] = {{"at", trace_number(curve.current.at)},
                       {"value", trace_number(curve.current.value)},
                       {"slope", trace_number(curve.current.slope)}};
  for (const char* key : {"at", "value", "slope"}) traced[key] = tracegrad::ordered_json::array();
  for (const Point& p : curve.points) {
    traced["at"].push_back(trace_number(p.at));
    traced["value"].push_back(trace_number(p.value));
    traced["slope"].push_back(trace_number(p.slope));
  }
  return curve;
}

}  // namespace lessons
