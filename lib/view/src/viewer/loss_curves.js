// Slides 16–17: the loss against one parameter, the others held where the run started
// (config.picture.loss_curves, sampled by the lesson), with the starting point, the tangent
// whose slope is the trace's ∂L/∂param there, and a dashed line where the update moves it.

// [{param, points: [[value, L], …]}] → one plot per curve inside `box` (a <div>).
function drawLossCurves(box, curves, t) {
  clear(box);
  const first = t.steps[0];
  curves.forEach((curve, i) => {
    const el = svg("svg", { id: `loss-curve-${i}`, class: "plot", "data-param": curve.param, role: "img",
                            "aria-label": `L against ${curve.param}` }, box);
    const points = curve.points.map(([v, L]) => [num(v), num(L)]);
    const xs = extent(points.map((p) => p[0])), ys = extent(points.map((p) => p[1]));
    const f = frame(el, xs, ys);
    polyline(f, points, color(i), false);
    const u = first && first.updates.find((up) => up.param === curve.param);
    if (!u || first.loss === null) return;
    const v = num(u.before), L = num(first.loss), slope = num(u.grad), h = (xs[1] - xs[0]) / 8;
    const tangent = svg("line", { x1: f.px(v - h), y1: f.py(L - slope * h), x2: f.px(v + h), y2: f.py(L + slope * h), class: "tangent" }, f.inside);
    Object.assign(tangent.dataset, { at: v, slope });
    svg("circle", { cx: f.px(v), cy: f.py(L), r: 5, class: "data-point" }, f.inside);
    const after = num(u.after);
    svg("line", { x1: f.px(after), x2: f.px(after), y1: f.top, y2: f.bottom, class: "boundary", "data-after": after }, f.inside);
    svg("text", { x: f.right - 4, y: f.top + 12, "text-anchor": "end", class: "tick" }, el, `L against ${curve.param}, slope ∂L/∂${curve.param} = ${short(slope)}`);
  });
}
