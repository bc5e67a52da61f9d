// The deck's picture of the model and the data (slide 23: the line before and after the
// update with the point (6.7, 9.1); slides 30–31: the sigmoid with the sample and the deck's
// two fits). What to draw is the trace's config.picture (traces/README.md, "Pictures"):
//   {"model": "line" | "sigmoid", "x": "x", "y": "y", "slope": "w", "intercept": "b",
//    "fits": [[0.535, -0.654], …]}
// the names of the data leaves and of the two parameters, and optional fixed fits to show.
// The numbers are the step's: the data point from its graph, slope and intercept before and
// after its update.

const sigma = (z) => 1 / (1 + Math.exp(-z));

// The value of the parameter `name` before and after step s: from its update, or (no update)
// the graph's value both times.
function beforeAfter(s, g, name) {
  const u = s && s.updates.find((up) => up.param === name);
  if (u) return [num(u.before), num(u.after)];
  const n = g && g.nodes.find((m) => nodeName(m) === name);
  const v = n ? Number(n.value) : NaN;
  return [v, v];
}

// "ŷ = 1.179x + 0.2668" or "ŷ = σ(1.179x + 0.2668)"
function modelText(kind, slope, intercept) {
  const inner = `${short(slope)}x ${intercept < 0 ? "−" : "+"} ${short(Math.abs(intercept))}`;
  return kind === "sigmoid" ? `ŷ = σ(${inner})` : `ŷ = ${inner}`;
}

// Draws into the SVG `el`; returns the legend's lines, [text, colour] (shown beneath it).
function drawPicture(el, pic, t, step, g) {
  const s = t.steps[step];
  const value = (name) => { const n = g && g.nodes.find((m) => nodeName(m) === name); return n ? Number(n.value) : NaN; };
  const px0 = value(pic.x), py0 = value(pic.y);
  const [w0, w1] = beforeAfter(s, g, pic.slope), [b0, b1] = beforeAfter(s, g, pic.intercept);
  const models = [["before the update", w0, b0, color(0), ""], ["after the update", w1, b1, color(2), ""]];
  for (const [w, b] of pic.fits || []) models.push([`the deck's fit`, num(w), num(b), "#6c757d", "5 4"]);
  const sig = pic.model === "sigmoid";
  const reach = Math.max(Math.abs(px0) || 1, ...(pic.fits || []).map(([w, b]) => Math.abs(num(b) / num(w)) * 2));
  const xs = [Math.min(0, px0 - 1), Math.max(px0 * 1.5, reach)];
  const at = (w, b, x) => (sig ? sigma(w * x + b) : w * x + b);
  const ys = sig ? [-0.05, 1.05] : extent([py0, ...models.flatMap(([, w, b]) => xs.map((x) => at(w, b, x)))]);
  const f = frame(el, xs, ys);
  for (const [name, w, b, stroke, dash] of models) {
    if (!isFinite(w) || !isFinite(b)) continue;
    const pts = [];
    for (let i = 0; i <= 60; i++) { const x = xs[0] + ((xs[1] - xs[0]) * i) / 60; pts.push([x, at(w, b, x)]); }
    const line = polyline(f, pts, stroke, false);
    line.setAttribute("data-model", name);
    line.setAttribute("data-slope", w);
    line.setAttribute("data-intercept", b);
    if (dash) line.setAttribute("stroke-dasharray", dash);
  }
  if (isFinite(px0) && isFinite(py0))
    svg("circle", { cx: f.px(px0), cy: f.py(py0), r: 5, class: "data-point", "data-x": px0, "data-y": py0 }, f.inside);
  return models.map(([name, w, b, stroke]) => [`${name}: ${modelText(pic.model, w, b)}`, stroke]);
}
