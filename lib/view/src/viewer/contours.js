// The loss over two parameters as contour lines, with the path of the iterates on top (a run
// of two parameters, or a labelled slice through more). The lesson wrote L on a grid and the
// levels, L at some of the iterates (config.picture.contours, traces/README.md "Contours"); the page
// traces each level across the grid's cells (marching squares: where L − level changes sign
// along a cell's side, the line crosses it, linearly interpolated) and reads the path from the
// steps' updates: each step's (x, y) before its update, then after the last.

// [{step, x, y}]: where the run was before each update, and after the last one.
function iteratePath(t, c) {
  const path = [];
  let last = null;
  t.steps.forEach((s, i) => {
    const [x0, x1] = beforeAfter(s, null, c.x), [y0, y1] = beforeAfter(s, null, c.y);
    if (![x0, x1, y0, y1].every(isFinite)) return;
    path.push({ step: i, x: x0, y: y0 });
    last = { step: i + 1, x: x1, y: y1 };
  });
  return last ? [...path, last] : path;
}

// The segments of the level set L = level over the grid, in the data's coordinates.
function levelSegments(xs, ys, loss, level) {
  const segments = [];
  const cross = (xa, ya, va, xb, yb, vb) => { const t = (level - va) / (vb - va); return [xa + t * (xb - xa), ya + t * (yb - ya)]; };
  for (let j = 0; j + 1 < ys.length; j++)
    for (let i = 0; i + 1 < xs.length; i++) {
      // the cell's corners counter-clockwise from (xs[i], ys[j])
      const corners = [[xs[i], ys[j], loss[j][i]], [xs[i + 1], ys[j], loss[j][i + 1]],
                       [xs[i + 1], ys[j + 1], loss[j + 1][i + 1]], [xs[i], ys[j + 1], loss[j + 1][i]]];
      if (!corners.every((k) => isFinite(k[2]))) continue;
      const hits = [];
      for (let k = 0; k < 4; k++) {
        const a = corners[k], b = corners[(k + 1) % 4];
        if ((a[2] < level) !== (b[2] < level)) hits.push(cross(...a, ...b));
      }
      for (let k = 0; k + 1 < hits.length; k += 2) segments.push([hits[k], hits[k + 1]]);
    }
  return segments;
}

// "L(w, b)", or for a slice "L(theta[1], theta[2]) at theta[0] = 0.1".
function contourTitle(c) {
  const fixed = Object.entries(c.fixed || {}).map(([k, v]) => `${k} = ${short(num(v))}`);
  const what = `L(${c.x}, ${c.y})`;
  return fixed.length ? `Contours of ${what} in the slice ${fixed.join(", ")}, with the path of the iterates`
                      : `Contours of ${what} with the path of the iterates`;
}

// Draws into the SVG `el`; returns the note beneath it (what the axes and lines are).
function drawContours(el, c, t, step) {
  const xs = c.xs.map(num), ys = c.ys.map(num), loss = c.loss.map((row) => row.map(num));
  const f = frame(el, extent(xs), extent(ys));
  const levels = [...new Set(c.levels.map(num).filter(isFinite))];
  const contour = (level, cls) => {
    const d = levelSegments(xs, ys, loss, level).map(([[xa, ya], [xb, yb]]) => `M${f.px(xa)},${f.py(ya)} L${f.px(xb)},${f.py(yb)}`).join(" ");
    svg("path", { d, class: cls, "data-level": level }, f.inside);
  };
  for (const level of (c.more_levels || []).map(num).filter(isFinite)) contour(level, "contour faint");
  for (const level of levels) contour(level, "contour");
  const path = iteratePath(t, c);
  const line = polyline(f, path.map((p) => [p.x, p.y]), color(0), path.length < 60);
  line.dataset.path = JSON.stringify(path.map((p) => [p.x, p.y]));
  const k = path.findIndex((p) => p.step === step);
  if (k >= 0) {
    const here = path[k], next = path[k + 1];
    if (next) svg("line", { x1: f.px(here.x), y1: f.py(here.y), x2: f.px(next.x), y2: f.py(next.y), class: "this-step" }, f.inside);
    svg("circle", { cx: f.px(here.x), cy: f.py(here.y), r: 6, class: "current", "data-x": here.x, "data-y": here.y }, f.inside);
  }
  const slice = Object.keys(c.fixed || {}).length ? `; the run moves ${Object.keys(c.fixed).join(", ")} too, so the path is its shadow on this slice` : "";
  return `${c.x} across, ${c.y} up; dark contours at L = ${levels.map(short).join(", ")} (the loss at the iterates they pass through), pale ones the landscape around` +
    `; ring: this step's (${c.x}, ${c.y}), thick: its update${slice}`;
}
