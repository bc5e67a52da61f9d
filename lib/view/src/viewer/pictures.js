// The deck's picture of the model and the data (slide 23: the line before and after the
// update with the point (6.7, 9.1); slides 30–31: the sigmoid with the sample and the deck's
// two fits; training: the data set and the decision boundary moving epoch by epoch). What to
// draw is the trace's config.picture (traces/README.md, "Pictures"):
//   {"model": "line" | "sigmoid", "x": "x", "y": "y", "slope": "w", "intercept": "b",
//    "data": [[x, y], …], "fits": [[0.535, -0.654], …]}
// The numbers are the run's: the data point from the step's graph (or the data set written
// there), slope and intercept before and after each step from its update.

const sigma = (z) => 1 / (1 + Math.exp(-z));

// "theta[1]" is element 1 of the parameter theta; "w" is the scalar parameter w.
function paramPart(name) {
  const m = /^(.*)\[(\d+)\]$/.exec(name);
  return m ? [m[1], Number(m[2])] : [name, null];
}

// The value of parameter `name` before and after step s, from its update; without one (no
// update) the graph's value both times.
function beforeAfter(s, g, name) {
  const [param, k] = paramPart(name);
  const pick = (v) => num(k === null ? v : Array.isArray(v) ? v[k] : NaN);
  const u = s && s.updates.find((up) => up.param === param);
  if (u) return [pick(u.before), pick(u.after)];
  const n = g && k === null && g.nodes.find((m) => nodeName(m) === param);
  const v = n ? Number(n.value) : NaN;
  return [v, v];
}

// "ŷ = 1.179x + 0.2668" or "ŷ = σ(1.179x + 0.2668)"
function modelText(kind, slope, intercept) {
  const inner = `${short(slope)}x ${intercept < 0 ? "−" : "+"} ${short(Math.abs(intercept))}`;
  return kind === "sigmoid" ? `ŷ = σ(${inner})` : `ŷ = ${inner}`;
}

// The data: the set the lesson wrote, or the step's sample (x, y) from its graph.
function dataPoints(pic, g) {
  if (Array.isArray(pic.data)) return pic.data.map(([x, y]) => [num(x), num(y)]);
  const value = (name) => { const n = g && g.nodes.find((m) => nodeName(m) === name); return n ? Number(n.value) : NaN; };
  return [[value(pic.x), value(pic.y)]].filter(([x, y]) => isFinite(x) && isFinite(y));
}

// The models to draw: [legend, slope, intercept, colour, dash]. A run over epochs shows the
// model after each epoch so far, faint, before this step's before and after.
function models(pic, t, step, g) {
  const out = [];
  const per = Math.round(num(t.config.epoch) / (num(t.config.batch) || 1));
  if (per > 1)
    for (let e = per - 1; e < step; e += per) {
      const [, w] = beforeAfter(t.steps[e], g, pic.slope), [, b] = beforeAfter(t.steps[e], g, pic.intercept);
      out.push([`after epoch ${(e + 1) / per}`, w, b, "#ced4da", "", true]);
    }
  const s = t.steps[step];
  const [w0, w1] = beforeAfter(s, g, pic.slope), [b0, b1] = beforeAfter(s, g, pic.intercept);
  out.push(["before the update", w0, b0, color(0), ""], ["after the update", w1, b1, color(2), ""]);
  for (const [w, b] of pic.fits || []) out.push(["the deck's fit", num(w), num(b), "#6c757d", "5 4"]);
  return out;
}

// Draws into the SVG `el`; returns the legend's lines, [text, colour] (shown beneath it).
function drawPicture(el, pic, t, step, g) {
  const points = dataPoints(pic, g), lines = models(pic, t, step, g).filter(([, w, b]) => isFinite(w) && isFinite(b));
  const sig = pic.model === "sigmoid";
  const px = points.map((p) => p[0]);
  // wide enough for the data and, for a sigmoid, for where each model crosses ½
  const crossings = sig ? lines.map(([, w, b]) => -b / w).filter((x) => isFinite(x) && Math.abs(x) < 100) : [];
  const [lo, hi] = extent([0, ...px, ...crossings]);
  const xs = [lo - 0.1 * (hi - lo + 1), hi + 0.25 * (hi - lo + 1)];
  const at = (w, b, x) => (sig ? sigma(w * x + b) : w * x + b);
  const ys = sig ? [-0.05, 1.05] : extent([...points.map((p) => p[1]), ...lines.flatMap(([, w, b]) => xs.map((x) => at(w, b, x)))]);
  const f = frame(el, xs, ys);
  for (const [name, w, b, stroke, dash, faint] of lines) {
    const pts = [];
    for (let i = 0; i <= 80; i++) { const x = xs[0] + ((xs[1] - xs[0]) * i) / 80; pts.push([x, at(w, b, x)]); }
    const line = polyline(f, pts, stroke, false);
    Object.assign(line.dataset, { model: name, slope: w, intercept: b });
    if (dash) line.setAttribute("stroke-dasharray", dash);
    if (faint) line.classList.add("faint");
  }
  if (sig) {  // the decision boundary of this step's model after its update: σ(wx + b) = ½ where wx + b = 0
    const [, w, b] = lines.find((l) => l[0] === "after the update") || [];
    const x0 = -b / w;
    if (isFinite(x0)) svg("line", { x1: f.px(x0), x2: f.px(x0), y1: f.top, y2: f.bottom, class: "boundary", "data-x": x0 }, f.inside);
  }
  for (const [x, y] of points) svg("circle", { cx: f.px(x), cy: f.py(y), r: 5, class: "data-point", "data-x": x, "data-y": y }, f.inside);
  const key = lines.filter((l) => !l[5]).map(([name, w, b, stroke]) => [`${name}: ${modelText(pic.model, w, b)}`, stroke]);
  if (sig) key.push([`decision boundary (ŷ = ½) after the update`, "#fd7e14"]);
  return key;
}
