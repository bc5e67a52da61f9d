// The loss over a grid of two parameters around a run's iterates, for the viewer's contour
// picture (traces/README.md, "Contours"). Called after the run, it writes config.picture's
//   "contours": {"x": "w", "y": "b", "fixed": {…}, "xs": […], "ys": […], "loss": [[…], …],
//                "levels": […], "more_levels": […]}
// (what the viewer draws, which a grader ignores): loss[j][i] = L(xs[i], ys[j]) on a grid that spans the iterates
// (each step's parameters before its update, and after the last one) with a margin; levels
// are L at up to 8 of the iterates, the first and the last among them, so that each of those
// contours passes through an iterate; more_levels, the grid's L at its sixths (1/7 … 6/7 of
// its values sorted), the landscape around them. The path is read from the trace's updates.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <tracegrad/lesson.hpp>
#include <tracegrad/trace.hpp>

namespace lessons {

// The two parameters on the axes ("w", or element k of a vector one: "theta[1]"), and the
// parameters held fixed when there are more than two (a slice through θ, labelled as one).
struct ContourAxes {
  std::string x, y;
  tracegrad::ordered_json fixed = tracegrad::ordered_json::object();
};

// The value of `name` in an update's "before" or "after": the number, or element k of the array.
inline std::optional<double> part_of(const tracegrad::ordered_json& update, const char* when, const std::string& name) {
  auto open = name.find('[');
  const std::string param = name.substr(0, open);
  if (update["param"] != param) return std::nullopt;
  const auto& v = update[when];
  const auto& x = open == std::string::npos ? v : v.at(std::stoul(name.substr(open + 1)));
  if (!x.is_number()) return std::nullopt;  // "nan", "inf": a run that broke down
  return x.get<double>();
}

// (x, y) before each update, then after the last one.
inline std::vector<std::array<double, 2>> iterates(const tracegrad::Trace& trace, const ContourAxes& axes) {
  std::vector<std::array<double, 2>> path;
  std::optional<std::array<double, 2>> last;
  for (const auto& step : trace.json()["steps"]) {
    std::optional<double> x0, y0, x1, y1;
    for (const auto& u : step["updates"]) {
      if (!x0) x0 = part_of(u, "before", axes.x), x1 = part_of(u, "after", axes.x);
      if (!y0) y0 = part_of(u, "before", axes.y), y1 = part_of(u, "after", axes.y);
    }
    if (!x0 || !y0 || !x1 || !y1) continue;
    path.push_back({*x0, *y0});
    last = {*x1, *y1};
  }
  if (last) path.push_back(*last);
  return path;
}

// n values from the path's lowest to its highest coordinate `axis`, with a margin of 60% of
// that span on each side (at least 0.25), so the contours around the path show.
inline std::vector<double> grid_axis(const std::vector<std::array<double, 2>>& path, int axis, int n) {
  auto [lo, hi] = std::minmax_element(path.begin(), path.end(), [&](auto& a, auto& b) { return a[axis] < b[axis]; });
  const double centre = ((*lo)[axis] + (*hi)[axis]) / 2, half = std::fmax(0.6 * ((*hi)[axis] - (*lo)[axis]), 0.25);
  std::vector<double> values;
  for (int i = 0; i < n; ++i) values.push_back(centre - half + 2 * half * i / (n - 1));
  return values;
}

// Writes config.picture.contours for the run just made; `loss` is L at (x, y), the other parameters
// where axes.fixed says. A run without updates (or one that broke down at once) gets none.
inline void record_contours(tracegrad::Lesson& lesson, const ContourAxes& axes,
                            const std::function<double(double, double)>& loss, int n = 31) {
  const auto path = iterates(lesson.trace(), axes);
  if (path.size() < 2) return;
  using tracegrad::ordered_json, tracegrad::trace_number;
  const auto xs = grid_axis(path, 0, n), ys = grid_axis(path, 1, n);
  ordered_json table = {{"x", axes.x}, {"y", axes.y}, {"fixed", axes.fixed}, {"xs", xs}, {"ys", ys}};
  ordered_json rows = ordered_json::array(), levels = ordered_json::array(), more = ordered_json::array();
  std::vector<double> sorted;
  for (double y : ys) {
    ordered_json row = ordered_json::array();
    for (double x : xs) {
      const double L = loss(x, y);
      row.push_back(trace_number(L));
      if (std::isfinite(L)) sorted.push_back(L);
    }
    rows.push_back(row);
  }
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty())
    for (std::size_t k = 1; k <= 6; ++k) more.push_back(sorted[k * (sorted.size() - 1) / 7]);
  const std::size_t count = std::min<std::size_t>(path.size(), 8);
  for (std::size_t k = 0; k < count; ++k) {
    const auto& [x, y] = path[k * (path.size() - 1) / (count - 1)];
    levels.push_back(trace_number(loss(x, y)));
  }
  table["loss"] = rows;
  table["levels"] = levels;
  table["more_levels"] = more;
  lesson.record_table("picture")["contours"] = table;
}

}  // namespace lessons
