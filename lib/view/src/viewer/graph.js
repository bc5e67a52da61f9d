// The graph of one step, in columns like the slides (inputs and parameters on the left, the
// loss on the right), revealed frame by frame: values left to right, then gradients right to
// left, each edge showing local derivative × upstream gradient = what flows back.

const NODE_W = 150, NODE_H = 62, COL_GAP = 170, ROW_GAP = 34, MARGIN = 16;

// Frame f of a graph with C columns: f < C is forward (values of columns ≤ f are known);
// f ≥ C is backward (gradients of columns ≥ 2C − 1 − f are known). The last frame, 2C − 1,
// shows everything.
function frameCount(graph) { return 2 * graph.columns; }

function visibility(graph, f) {
  const C = graph.columns;
  if (f < C) return { valuesUpTo: f, gradsFrom: Infinity, active: f, phase: "forward" };
  const done = f >= 2 * C - 1;  // the whole step: no column stands out
  return { valuesUpTo: C, gradsFrom: 2 * C - 1 - f, active: done ? -1 : 2 * C - 1 - f, phase: "backward" };
}

function layout(graph) {
  const rows = new Array(graph.columns).fill(0);
  for (const n of graph.nodes) rows[n.col]++;
  const tallest = Math.max(...rows);
  const pos = graph.nodes.map((n) => ({
    x: MARGIN + n.col * (NODE_W + COL_GAP),
    y: MARGIN + 18 + (n.row + (tallest - rows[n.col]) / 2) * (NODE_H + ROW_GAP),
  }));
  return { pos, width: 2 * MARGIN + graph.columns * (NODE_W + COL_GAP) - COL_GAP, height: 2 * MARGIN + 18 + tallest * (NODE_H + ROW_GAP) };
}

// A negative factor in a product gets parentheses: 6.7 × (-22.676).
function factor(s) { return s.startsWith("-") ? `(${s})` : s; }

// The edge's curve goes in `lines`, its text (drawn over the nodes) in `labels`.
function drawEdge(lines, labels, graph, pos, edge, k, arity, seen) {
  const to = graph.nodes[edge.to];
  const a = pos[edge.from], b = pos[edge.to];
  const x1 = a.x + NODE_W, y1 = a.y + NODE_H / 2;
  const x2 = b.x, y2 = b.y + NODE_H / 2 + (arity > 1 ? (k - 0.5) * 16 : 0);
  const flowing = to.col >= seen.gradsFrom && edge.flow !== null;
  const cls = "edge" + (flowing ? " flowing" : "");
  const g = svg("g", { class: cls, "data-from": edge.from, "data-to": edge.to }, lines);
  const mx = (x1 + x2) / 2;
  svg("path", { d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}` }, g);
  svg("path", { d: `M${x2 - 7},${y2 - 4} L${x2},${y2} L${x2 - 7},${y2 + 4}` }, g);
  let text = [];
  if (flowing) text = [`${factor(edge.local)} × ${factor(edge.upstream)}`, `= ${edge.flow}`];
  else if (edge.local !== null && to.col <= seen.valuesUpTo) text = [`local ${edge.local}`];
  if (!text.length) return;
  const t = svg("g", { class: cls }, labels);
  const x = x2 - COL_GAP / 2, u = (x - x1) / (x2 - x1);  // the curve's height there, nearly
  const y = y1 + (y2 - y1) * u * u * (3 - 2 * u) - 6 * text.length + 4;
  const label = svg("text", { x, y, "text-anchor": "middle" }, t);
  text.forEach((line, i) => svg("tspan", { x, dy: i ? 13 : 0 }, label, line));
  const box = label.getBBox();
  t.insertBefore(svg("rect", { x: box.x - 2, y: box.y, width: box.width + 4, height: box.height, rx: 3 }), label);
}

function drawNode(el, node, p, seen) {
  const named = node.name !== "";
  const active = node.col === seen.active;
  const g = svg("g", { class: "node" + (named ? " named" : "") + (active ? " active" : ""), "data-id": node.id }, el);
  svg("rect", { x: p.x, y: p.y, width: NODE_W, height: NODE_H, rx: 8, class: `role-${node.role}` }, g);
  const title = svg("text", { x: p.x + 8, y: p.y + 17 }, g);
  svg("tspan", { class: "name" }, title, named ? node.name + " " : "");
  svg("tspan", { class: "op" }, title, `${node.op}  #${node.id}`);
  const value = node.col <= seen.valuesUpTo ? node.value : "…";
  svg("text", { x: p.x + 8, y: p.y + 36, class: "value" }, g, `value ${value}`);
  if (node.grad !== null && node.col >= seen.gradsFrom) svg("text", { x: p.x + 8, y: p.y + 54, class: "grad" }, g, `grad ${node.grad}`);
}

// Draws `graph` into the SVG `el` as animation frame f; returns the phase ("forward"/"backward").
function drawGraph(el, graph, f) {
  clear(el);
  const { pos, width, height } = layout(graph);
  el.setAttribute("width", width);
  el.setAttribute("height", height);
  el.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const seen = visibility(graph, f);
  for (const [c, head] of [[0, "inputs and parameters"], [graph.columns - 1, "loss"]])
    svg("text", { x: MARGIN + c * (NODE_W + COL_GAP), y: MARGIN + 4, class: "tick" }, el, head);
  const lines = svg("g", {}, el), nodes = svg("g", {}, el), labels = svg("g", {}, el);
  const arity = new Map(), k = new Map();
  for (const e of graph.edges) arity.set(e.to, (arity.get(e.to) || 0) + 1);
  for (const e of graph.edges) {
    const i = k.get(e.to) || 0;
    k.set(e.to, i + 1);
    drawEdge(lines, labels, graph, pos, e, i, arity.get(e.to), seen);
  }
  for (const n of graph.nodes) drawNode(nodes, n, pos[n.id], seen);
  return seen.phase;
}
