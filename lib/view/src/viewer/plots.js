// Line charts (loss and parameters over steps) and the gradient-descent pictures: the
// iterates on f(x) = x² (one line per learning rate) or on the contours of x² + y².

// A plot area inside an SVG of the given size: maps data to pixels, clips to the frame.
function frame(el, xs, ys, opts) {
  clear(el);
  const square = opts && opts.square;  // equal scales on both axes, the legend beside
  const h = el.clientHeight || 220, top = 10, bottom = h - 30, left = 56;
  const beside = (opts && opts.legendWidth) || 0;  // room right of the frame for a legend
  const right = square ? left + bottom - top : (el.clientWidth || 380) - 10 - beside;
  const w = square ? right + 14 + Math.max(beside, 100) : right + 10 + beside;
  el.setAttribute("viewBox", `0 0 ${w} ${h}`);
  const logY = opts && opts.logY;
  const fy = (y) => (logY ? Math.log10(y) : y);
  let [x0, x1] = xs, [y0, y1] = ys.map(fy);
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) { y0 -= 1; y1 += 1; }
  const px = (x) => left + ((x - x0) / (x1 - x0)) * (right - left);
  const py = (y) => bottom - ((fy(y) - y0) / (y1 - y0)) * (bottom - top);
  const id = el.id + "-clip";
  const defs = svg("defs", {}, el);
  svg("rect", { x: left, y: top, width: right - left, height: bottom - top }, svg("clipPath", { id }, defs));
  svg("line", { x1: left, y1: bottom, x2: right, y2: bottom, class: "axis" }, el);
  svg("line", { x1: left, y1: top, x2: left, y2: bottom, class: "axis" }, el);
  // a log axis is labelled at whole powers of ten, a linear one at round numbers
  const yTicks = logY ? decades(y0, y1) : niceTicks(y0, y1);
  for (const yv of yTicks) svg("text", { x: left - 4, y: py(yv) + 4, "text-anchor": "end", class: "tick y-tick" }, el, short(yv));
  for (const xv of niceTicks(x0, x1)) {
    const at = px(xv), anchor = at < left + 16 ? "start" : at > right - 16 ? "end" : "middle";
    svg("text", { x: at, y: bottom + 19, "text-anchor": anchor, class: "tick" }, el, short(xv));
  }
  const inside = svg("g", { "clip-path": `url(#${id})` }, el);
  return { px, py, inside, el, left, right, top, bottom, legendX: right + 14 };
}

// Round numbers from lo to hi, 1, 2 or 5 times a power of ten apart, about four of them.
function niceTicks(lo, hi) {
  const raw = (hi - lo) / 4, p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw * 0.7);
  const ticks = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

// 10^k for whole k in [lo, hi] (the log10 of the range), at most six of them.
function decades(lo, hi) {
  const first = Math.ceil(lo - 1e-9), last = Math.floor(hi + 1e-9), stride = Math.ceil((last - first + 1) / 6);
  const ticks = [];
  for (let k = first; k <= last; k += stride) ticks.push(10 ** k);
  return ticks;
}

function polyline(f, points, stroke, dots) {
  const ok = points.filter(([x, y]) => isFinite(x) && isFinite(y));
  const line = svg("polyline", { points: ok.map(([x, y]) => `${f.px(x)},${f.py(y)}`).join(" "), class: "series", stroke }, f.inside);
  if (dots) for (const [x, y] of ok) svg("circle", { cx: f.px(x), cy: f.py(y), r: 2.5, fill: stroke }, f.inside);
  return line;
}

// Names beside the frame, one line each in its series' colour (colours[i], else color(i)).
function legend(f, names, colours) {
  names.forEach((name, i) => {
    svg("rect", { x: f.legendX, y: f.top + 4 + 16 * i, width: 10, height: 3, fill: colours ? colours[i] : color(i) }, f.el);
    svg("text", { x: f.legendX + 14, y: f.top + 10 + 16 * i, class: "tick" }, f.el, name);
  });
}

// Room for a legend of these names beside a frame (11 px text, about 7 px a character).
function legendWidth(names) { return names.length ? 30 + 7 * Math.max(...names.map((n) => n.length)) : 0; }

function extent(values) {
  const ok = values.filter(isFinite);
  return ok.length ? [Math.min(...ok), Math.max(...ok)] : [0, 1];
}

// series: [{name, points: [[step, value], …], faint}]; a dashed line marks the current step.
// A faint series (per-sample losses behind their epoch means) is drawn thin and pale.
function lineChart(el, series, step, opts) {
  const all = series.flatMap((s) => s.points);
  const ys = all.map((p) => p[1]).filter((y) => isFinite(y) && (!opts.logY || y > 0));
  const names = series.length > 1 ? series.map((s) => s.name) : [];
  const f = frame(el, extent(all.map((p) => p[0])), extent(ys), { ...opts, legendWidth: legendWidth(names) });
  series.forEach((s, i) => {
    const line = polyline(f, s.points.filter((p) => !opts.logY || p[1] > 0), color(i), s.points.length < 60);
    if (s.faint) line.classList.add("faint");
  });
  svg("line", { x1: f.px(step), y1: f.top, x2: f.px(step), y2: f.bottom, class: "marker" }, el);
  legend(f, names);
}

// Loss can span orders of magnitude (a diverging run): a log axis when it does.
function wantsLog(values) {
  const ok = values.filter(isFinite);
  return ok.length > 1 && ok.every((v) => v > 0) && Math.max(...ok) / Math.min(...ok) > 1e3;
}

// "lr0.1" says η = 0.1; a run named otherwise ("sign_steps") keeps its name.
function runName(run) { return run.lr !== null && /^lr[0-9.e-]*$/.test(run.name) ? `η = ${run.lr}` : run.name; }

// f(x) = x² over the domain; each run's iterates (x_t, x_t²) joined, leaving the frame if they diverge.
function parabolaPlot(el, gd, current, step) {
  const [lo, hi] = gd.domain.map(num);
  const f = frame(el, [lo, hi], [0, Math.max(lo * lo, hi * hi)], { legendWidth: legendWidth(gd.runs.map(runName)) });
  const curve = [];
  for (let i = 0; i <= 100; i++) { const x = lo + ((hi - lo) * i) / 100; curve.push([x, x * x]); }
  polyline(f, curve, "#adb5bd", false);
  gd.runs.forEach((run, i) => polyline(f, run.points.map(([x]) => [num(x), num(x) ** 2]), color(i), true));
  const here = gd.runs[current] && gd.runs[current].points[step];
  if (here) svg("circle", { cx: f.px(num(here[0])), cy: f.py(num(here[0]) ** 2), r: 6, fill: "none", stroke: "#000", "stroke-width": 2 }, f.inside);
  legend(f, gd.runs.map(runName));
}

// Level sets of x² + y² as circles; each run's (x_t, y_t) joined.
function contourPlot(el, gd, current, step) {
  // zoomed on the iterates (and the minimum at 0), not the whole domain they start in
  const reach = 1.15 * Math.max(...gd.runs.flatMap((run) => run.points.flat().map((v) => Math.abs(num(v)))).filter(isFinite), 1);
  const [lo, hi] = [-reach, reach];
  const f = frame(el, [lo, hi], [lo, hi], { square: true, legendWidth: legendWidth(gd.runs.map(runName)) });
  const r = hi;
  for (let k = 1; k <= 6; k++) {
    const rx = (f.px(r * k / 6) - f.px(0)), ry = (f.py(0) - f.py(r * k / 6));
    svg("ellipse", { cx: f.px(0), cy: f.py(0), rx, ry, fill: "none", stroke: "#dee2e6" }, f.inside);
  }
  gd.runs.forEach((run, i) => polyline(f, run.points.map(([x, y]) => [num(x), num(y)]), color(i), true));
  const here = gd.runs[current] && gd.runs[current].points[step];
  if (here) svg("circle", { cx: f.px(num(here[0])), cy: f.py(num(here[1])), r: 6, fill: "none", stroke: "#000", "stroke-width": 2 }, f.inside);
  legend(f, gd.runs.map(runName));
}
