// Where everything of a step's graph goes, left to right like the slides: one column per
// depth, every box at its full size (the page scrolls sideways rather than shrinking text).
// An edge that skips columns gets a waypoint in each column it passes, a slot of its own, so
// it never runs through a box; its text sits in the gap just before the node it enters.

const NODE_H = 62, ROW_GAP = 22, LANE_H = 16, GAP_PAD = 26, MARGIN = 16, HEAD_H = 26, LABEL_GAP = 6;

// Columns of items: {node} boxes and {edge, lane} waypoints, each with its height. When the
// waypoints would be many more than the nodes (one leaf used all along a long chain: n²/2 of
// them), the edges that skip columns run instead along lanes of their own below the graph
// ("bus" edges), so the work stays linear in the graph's size.
function columnItems(graph) {
  const cols = Array.from({ length: graph.columns }, () => []);
  for (const n of graph.nodes) cols[n.col].push({ node: n.id, h: NODE_H, order: n.row });
  const skipped = graph.edges.reduce((sum, e) => sum + Math.max(0, graph.nodes[e.to].col - graph.nodes[e.from].col - 1), 0);
  const bus = skipped > 4 * graph.nodes.length + 100;
  graph.edges.forEach((e, i) => {
    e.via = [];
    e.bus = bus && graph.nodes[e.to].col - graph.nodes[e.from].col > 1;
    if (e.bus) return;
    for (let c = graph.nodes[e.from].col + 1; c < graph.nodes[e.to].col; c++) {
      const lane = { edge: i, h: LANE_H, order: graph.nodes[e.from].row };
      cols[c].push(lane);
      e.via.push(lane);
    }
  });
  return cols;
}

// For each item, the items one column left (before) and right (after) it is joined to.
function neighbours(graph, cols) {
  const boxOf = new Map();
  cols.flat().forEach((it) => { it.before = []; it.after = []; if (it.node !== undefined) boxOf.set(it.node, it); });
  const join = (a, b) => { a.after.push(b); b.before.push(a); };
  for (const e of graph.edges) {
    const chain = [boxOf.get(e.from), ...e.via];
    for (let i = 1; i < chain.length; i++) join(chain[i - 1], chain[i]);
    // the last hop enters the node itself; a leaf left of its user is joined the same way
    join(chain[chain.length - 1], boxOf.get(e.to));
  }
}

const centre = (it) => it.y + it.h / 2;
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

// Puts boxes of heights h[i] in their order, box i + 1 at least gap[i] below box i, their tops
// as near wanted[i] as possible (least squares): with z_i = top_i − (heights and gaps above it)
// the order says z is non-decreasing, so it is the isotonic regression of the wanted z's
// (pool adjacent violators, linear time). Returns the tops.
function spread(wanted, h, gap) {
  const offset = [];
  let o = 0;
  wanted.forEach((_, i) => { offset.push(o); o += h[i] + gap[i]; });
  const blocks = [];  // {sum, n}: runs of boxes pooled at one z
  wanted.forEach((w, i) => {
    blocks.push({ sum: w - offset[i], n: 1 });
    while (blocks.length > 1 && blocks[blocks.length - 2].sum / blocks[blocks.length - 2].n > blocks[blocks.length - 1].sum / blocks[blocks.length - 1].n) {
      const last = blocks.pop();
      blocks[blocks.length - 1].sum += last.sum;
      blocks[blocks.length - 1].n += last.n;
    }
  });
  const tops = [];
  for (const b of blocks) for (let k = 0; k < b.n; k++) tops.push(b.sum / b.n + offset[tops.length]);
  return tops;
}

// Stacks a column in its order, each item as near its wanted centre as the others allow.
function stack(col, wanted) {
  const tops = spread(col.map((it) => wanted(it) - it.h / 2), col.map((it) => it.h), col.map((it) => (it.node !== undefined ? ROW_GAP : LABEL_GAP)));
  col.forEach((it, i) => { it.y = tops[i]; });
}

// Orders every column by where its neighbours are (a few sweeps each way, as in layered graph
// drawing), then places items near their neighbours' centres: straight edges where possible.
function arrange(cols) {
  for (const col of cols) { col.sort((a, b) => a.order - b.order); stack(col, () => 0); }
  for (let sweep = 0; sweep < 4; sweep++) {
    const side = sweep % 2 ? "after" : "before";
    const order = sweep % 2 ? [...cols].reverse() : cols;
    for (const col of order) {
      const wanted = (it) => (it[side].length ? mean(it[side].map(centre)) : centre(it));
      const keys = new Map(col.map((it) => [it, wanted(it)]));
      col.sort((a, b) => keys.get(a) - keys.get(b));
      stack(col, (it) => keys.get(it));
    }
  }
}

// Edge labels of one gap, stacked so none covers another, each near the input port it feeds.
function placeLabels(labels) {
  labels.sort((a, b) => a.wanted - b.wanted);
  const tops = spread(labels.map((l) => l.wanted - l.h / 2), labels.map((l) => l.h), labels.map(() => LABEL_GAP));
  labels.forEach((l, i) => { l.y = tops[i]; });
}

// graph: the page's graph; sizes: box widths by node id and label sizes by edge index
// (measured from the drawn text). Returns boxes, column x's, label boxes and the canvas size.
function layout(graph, nodeWidth, labelSize) {
  const cols = columnItems(graph);
  neighbours(graph, cols);
  arrange(cols);
  const box = new Map();
  cols.flat().forEach((it) => { if (it.node !== undefined) box.set(it.node, it); });
  // column widths from their widest box; gap widths from their widest edge text
  const colW = cols.map((col) => Math.max(0, ...col.filter((it) => it.node !== undefined).map((it) => nodeWidth[it.node])));
  const gapW = new Array(graph.columns).fill(2 * GAP_PAD);
  graph.edges.forEach((e, i) => {
    const c = graph.nodes[e.to].col;
    if (labelSize[i]) gapW[c] = Math.max(gapW[c], labelSize[i].w + 2 * GAP_PAD);
  });
  const colX = [];
  let x = MARGIN;
  for (let c = 0; c < graph.columns; c++) { if (c) x += gapW[c]; colX.push(x); x += colW[c]; }
  // input k of a node with n inputs enters at height (k + 1)/(n + 1) of its box
  const arity = new Map(), port = [];
  for (const e of graph.edges) arity.set(e.to, (arity.get(e.to) || 0) + 1);
  const seen = new Map();
  for (const e of graph.edges) {
    const k = seen.get(e.to) || 0, n = arity.get(e.to);
    seen.set(e.to, k + 1);
    port.push(box.get(e.to).y + (NODE_H * (k + 1)) / (n + 1));
  }
  const labels = [];
  const gaps = Array.from({ length: graph.columns }, () => []);
  graph.edges.forEach((e, i) => {
    if (!labelSize[i]) return;
    const c = graph.nodes[e.to].col;
    const l = { edge: i, w: labelSize[i].w, h: labelSize[i].h, wanted: port[i], x: colX[c] - gapW[c] / 2 };
    labels[i] = l;
    gaps[c].push(l);
  });
  gaps.forEach(placeLabels);
  // everything down so the highest box or label is just under the column headings
  const placed = [...cols.flat(), ...labels.filter(Boolean)];
  const shift = MARGIN + HEAD_H - Math.min(...placed.map((it) => it.y));
  for (const it of placed) it.y += shift;
  port.forEach((p, i) => { port[i] = p + shift; });
  // bus edges: lane k at busY + k·LANE_H, under everything else
  const busY = Math.max(...placed.map((it) => it.y + it.h)) + LANE_H;
  let lanes = 0;
  const lane = graph.edges.map((e) => (e.bus ? busY + LANE_H * lanes++ : null));
  return { box, colX, colW, gapW, port, labels, lane, width: x + MARGIN, height: busY + LANE_H * lanes + MARGIN };
}

// The edge's path: out of its source's right side, through its waypoints and its label, into
// its port. Between columns the curves keep to the gap, so they cross no box.
function edgePath(graph, geo, nodeWidth, i) {
  const e = graph.edges[i], from = graph.nodes[e.from], to = graph.nodes[e.to];
  const src = geo.box.get(e.from);
  const right = (c) => geo.colX[c] + geo.colW[c];
  let px = geo.colX[from.col] + nodeWidth[e.from], py = centre(src);
  let d = `M${px},${py} L${right(from.col)},${py}`;
  px = right(from.col);
  const curve = (x, y) => { const m = (px + x) / 2; d += ` C${m},${py} ${m},${y} ${x},${y}`; px = x; py = y; };
  if (e.bus) {  // down to its lane in the gap after its source, along it to the gap before its node
    curve(px + GAP_PAD, geo.lane[i]);
    d += ` L${geo.colX[to.col] - geo.gapW[to.col]},${py}`;
    px = geo.colX[to.col] - geo.gapW[to.col];
  }
  e.via.forEach((lane, k) => {
    const c = from.col + 1 + k;
    curve(geo.colX[c], centre(lane));
    d += ` L${right(c)},${py}`;
    px = right(c);
  });
  const l = geo.labels[i];
  if (l) {
    curve(l.x - l.w / 2, l.y + l.h / 2);
    d += ` L${l.x + l.w / 2},${py}`;
    px = l.x + l.w / 2;
  }
  const x2 = geo.colX[to.col], y2 = geo.port[i];
  curve(x2, y2);
  return { d, arrow: `M${x2 - 7},${y2 - 4} L${x2},${y2} L${x2 - 7},${y2 + 4}` };
}
