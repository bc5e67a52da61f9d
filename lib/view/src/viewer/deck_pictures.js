// The deck's pictures for the lessons that compare, sweep or tabulate instead of training
// (traces/README.md, "Pictures"), each from the numbers its trace's config holds:
//   config.lines       slides 13–15: the candidate lines, the sample, each one's price at area 6.0
//   config.sweep       slides 16–17, 27–31, 34–35: f against the leaf swept and its slope ∂f/∂leaf
//                      there (backward's), this step's point with its tangent; why_sigmoid's line z
//   config.candidates  slide 33: the suggested functions of ŷ, the two that make a loss in colour
//   config.belief      slides 36–38: the belief P and the loss −log P against ŷ, this sample's ŷ
//   a graph with a dot product of two plane vectors (vector_review): the vectors as arrows
// Each draw function fills a <div> and returns {title, key: [[text, colour], …]}.

// An SVG plot in `box` under a caption of its own.
function captionedPlot(box, id, caption) {
  box.appendChild(document.createElement("p")).textContent = caption;
  return svg("svg", { id, class: "plot", role: "img", "aria-label": caption }, box);
}

// The name of what a sweep follows: the node backward started from, in step 0's graph.
function sweptName(t) {
  const g = t.steps[0] && t.steps[0].graph;
  const f = g && g.nodes.filter((n) => n.role === "loss").pop();
  return (f && nodeName(f)) || "f";
}

// A straight line through (x, y) with this slope, across an eighth of the plot either side.
function tangent(f, x, y, slope, half) {
  const t = svg("line", { x1: f.px(x - half), y1: f.py(y - slope * half), x2: f.px(x + half), y2: f.py(y + slope * half), class: "tangent" }, f.inside);
  Object.assign(t.dataset, { at: x, slope });
  return t;
}

function drawSweep(box, t, step) {
  const sw = t.config.sweep, fn = sweptName(t), over = sw.over;
  const at = sw.at.map(num), value = sw.value.map(num), slope = sw.slope.map(num);
  // step 0 is the leaf's own value, step i the i-th point swept
  const here = step === 0 ? { at: num(sw.current.at), value: num(sw.current.value), slope: num(sw.current.slope) }
                          : { at: at[step - 1], value: value[step - 1], slope: slope[step - 1] };
  const xs = extent([...at, here.at]);
  const line = sw.line && { slope: num(sw.line.slope), intercept: num(sw.line.intercept) };
  const f = frame(captionedPlot(box, "sweep-value", `${fn} against ${over}`), xs,
                  line ? [-0.3, 1.3] : extent([...value, here.value]));  // with the line: σ's range, the line leaving it
  polyline(f, at.map((x, i) => [x, value[i]]), color(0), true);
  if (line) {
    const l = polyline(f, xs.map((x) => [x, line.slope * x + line.intercept]), "#6c757d", false);
    l.setAttribute("stroke-dasharray", "5 4");
    Object.assign(l.dataset, line);
  }
  tangent(f, here.at, here.value, here.slope, (xs[1] - xs[0]) / 8);
  svg("circle", { cx: f.px(here.at), cy: f.py(here.value), r: 5, class: "data-point current-point", "data-at": here.at, "data-value": here.value }, f.inside);
  const g = frame(captionedPlot(box, "sweep-slope", `its slope ∂${fn}/∂${over} (backward's) against ${over}`), xs, extent([0, ...slope, here.slope]));
  svg("line", { x1: g.left, x2: g.right, y1: g.py(0), y2: g.py(0), class: "axis" }, g.inside);
  polyline(g, at.map((x, i) => [x, slope[i]]), color(1), true);
  svg("circle", { cx: g.px(here.at), cy: g.py(here.slope), r: 5, class: "data-point", "data-at": here.at, "data-slope": here.slope }, g.inside);
  const key = [[`${fn} at the ${at.length} values of ${over} swept`, color(0)],
               [`this step: ${over} = ${short(here.at)}, ${fn} = ${short(here.value)}, slope ∂${fn}/∂${over} = ${short(here.slope)} (the tangent)`, "#b02a37"],
               [`∂${fn}/∂${over} at each value`, color(1)]];
  if (line) key.push([`the line z = ${short(line.slope)}·${over} ${line.intercept < 0 ? "−" : "+"} ${short(Math.abs(line.intercept))} that σ maps into (0, 1)`, "#6c757d"]);
  return { title: `${fn} as ${over} varies, nothing updated`, key };
}

function drawLines(box, t, step, g) {
  const lines = t.config.lines.map((l) => ({ w: num(l.w), b: num(l.b), price: num(l.price_at_area_6), loss: num(l.loss) }));
  const points = dataPoints({ x: "x", y: "y" }, g);
  const xs = [0, Math.max(6, ...points.map((p) => p[0])) + 1.5];
  const ys = extent([0, ...points.map((p) => p[1]), ...lines.flatMap((l) => xs.map((x) => l.w * x + l.b))]);
  const f = frame(captionedPlot(box, "lines", "price against area: the candidate lines and the sample"), xs, ys);
  svg("line", { x1: f.px(6), x2: f.px(6), y1: f.top, y2: f.bottom, class: "marker" }, f.inside);
  lines.forEach((l, i) => {
    Object.assign(polyline(f, xs.map((x) => [x, l.w * x + l.b]), color(i), false).dataset, { slope: l.w, intercept: l.b });
    svg("circle", { cx: f.px(6), cy: f.py(l.price), r: 5, fill: color(i), class: "price", "data-x": 6, "data-y": l.price }, f.inside);
  });
  for (const [x, y] of points) svg("circle", { cx: f.px(x), cy: f.py(y), r: 5, class: "data-point", "data-x": x, "data-y": y }, f.inside);
  const key = lines.map((l, i) => [`line ${i + 1}: price = ${short(l.w)}·area ${l.b < 0 ? "−" : "+"} ${short(Math.abs(l.b))}; ` +
                                   `price at area 6.0 = ${short(l.price)} (dot); L on the sample = ${short(l.loss)}`, color(i)]);
  for (const [x, y] of points) key.push([`the sample (area ${short(x)}, price ${short(y)})`, "#fd7e14"]);
  return { title: "Two candidate lines and their price at area 6.0 (slides 13–15)", key };
}

function drawCandidates(box, t) {
  const c = t.config.candidates, at = c.curve_at.map(num);
  const f = frame(captionedPlot(box, "candidates", "each suggested f(ŷ) for ŷ in (0, 1), cut at ±8"), [0, 1], [-8, 8]);
  svg("line", { x1: f.left, x2: f.right, y1: f.py(0), y2: f.py(0), class: "axis" }, f.inside);
  const key = [], strong = ["#dc3545", "#0d6efd"], others = ["#d63384", "#198754", "#fd7e14", "#6f42c1", "#20c997", "#6c757d", "#6610f2"];
  c.functions.forEach((fn) => {
    const loss = fn.fits !== "neither", stroke = (loss ? strong : others).shift() || "#adb5bd";
    const line = polyline(f, at.map((x, k) => [x, Math.max(-9, Math.min(9, num(fn.curve[k])))]), stroke, false);
    line.dataset.f = fn.f;
    line.classList.add(loss ? "strong" : "other");
    key.push([`${fn.f}: ${short(num(fn.near_0))} at ŷ ≈ 0, ${short(num(fn.near_1))} at ŷ ≈ 1: ${fn.fits}`, stroke]);
  });
  return { title: "Slide 33's candidates: only −log ŷ and −log(1 − ŷ) are large where wrong and 0 where right", key };
}

function drawBelief(box, t) {
  const b = t.config.belief, at = b.curve_at.map(num), y = num(b.y), here = num(b.y_hat);
  const P = b.curve_P.map(num), L = b.curve_L.map(num);
  const f = frame(captionedPlot(box, "belief", `for the label y = ${short(y)}, against ŷ`), [0, 1], extent([0, ...P, ...L]));
  polyline(f, at.map((x, k) => [x, P[k]]), color(0), false).dataset.curve = "P";
  polyline(f, at.map((x, k) => [x, L[k]]), color(6), false).dataset.curve = "L";
  svg("line", { x1: f.px(here), x2: f.px(here), y1: f.top, y2: f.bottom, class: "marker" }, f.inside);
  svg("circle", { cx: f.px(here), cy: f.py(num(b.P)), r: 5, class: "data-point", "data-x": here, "data-y": num(b.P) }, f.inside);
  svg("circle", { cx: f.px(here), cy: f.py(num(b.L)), r: 5, class: "data-point", "data-x": here, "data-y": num(b.L) }, f.inside);
  return {
    title: "The belief in the true label and its minus log (slides 36–38)",
    key: [[`belief P = ŷ^y (1 − ŷ)^(1−y): ${short(num(b.P))} at this sample's ŷ = ${short(here)}`, color(0)],
          [`loss L = −log P: ${short(num(b.L))} there; large where P is small, 0 where P = 1`, color(6)]],
  };
}

// A vector of the plane shown as "[1, 2]", as numbers; null for anything else.
function planeVector(shown) {
  const v = /^\[[^,\]]+, [^,\]]+\]$/.test(shown) ? JSON.parse(shown) : null;
  return v && v.every(isFinite) ? v : null;
}

// A dot product of two vectors of the plane (vector_review's v·u): its node and its inputs.
function planeDot(g) {
  if (!g) return null;
  const inputs = (n) => inputEdges(g)[n.id].map((e) => g.nodes[e.from]);
  const dot = g.nodes.find((n) => n.op === "dot" && inputs(n).length === 2 && inputs(n).every((m) => planeVector(m.value)));
  return dot ? { dot, a: inputs(dot)[0], b: inputs(dot)[1] } : null;
}

// Slides 52–53: the two vectors as arrows from the origin, and their dot product.
function drawVectors(box, t, step, g) {
  const { dot, a, b } = planeDot(g), [va, vb] = [a, b].map((n) => planeVector(n.value));
  const reach = Math.max(1, ...va.map(Math.abs), ...vb.map(Math.abs)) * 1.2;
  const f = frame(captionedPlot(box, "vectors", "the vectors from the origin, in the plane"), [-reach, reach], [-reach, reach], { square: true });
  [[a, va, color(0)], [b, vb, color(1)]].forEach(([n, [x, y], stroke]) => {
    svg("line", { x1: f.px(0), y1: f.py(0), x2: f.px(x), y2: f.py(y), stroke, class: "arrow", "data-name": nodeName(n), "data-x": x, "data-y": y }, f.inside);
    svg("circle", { cx: f.px(x), cy: f.py(y), r: 4, fill: stroke }, f.inside);
  });
  const [an, bn] = [a, b].map((n) => nodeName(n) || `#${n.id}`);
  return {
    title: `${an}·${bn} = ${dot.value} = ${va.map((x, k) => `${short(x)}·${short(vb[k])}`).join(" + ")} (slides 52–53)`,
    key: [[`${an} = ${a.value}; ∂(${an}·${bn})/∂${an} = ${bn}: ${a.grad ?? "not kept"} (backward)`, color(0)],
          [`${bn} = ${b.value}; ∂(${an}·${bn})/∂${bn} = ${an}: ${b.grad ?? "not kept"} (backward)`, color(1)]],
  };
}

// The picture this trace has, if any: its draw function.
function deckPicture(t, g) {
  const c = t.config;
  return c.lines ? drawLines : c.sweep ? drawSweep : c.candidates ? drawCandidates : c.belief ? drawBelief
    : planeDot(g) ? drawVectors : null;
}
