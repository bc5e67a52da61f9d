// The graph of one step, in columns like the slides (inputs and parameters on the left, the
// loss on the right), revealed frame by frame: values left to right, then gradients right to
// left, each edge showing upstream gradient × local derivative = what flows back. The local
// derivative is the one the run used, read from the trace; the page never works one out.

const NODE_MIN_W = 150, TEXT_PAD = 8;

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

// A node's name: "name" from trace v2, "label" before it.
function nodeName(node) { return node.name ?? node.label ?? ""; }

// The role as the slides name it. Only the node backward started from (the last loss node)
// is the loss; an intermediate result a lesson also marked "loss" (chain_rule's f) is an operation.
function shownRole(graph, node) {
  if (graph.lossId === undefined) graph.lossId = graph.nodes.reduce((id, n) => (n.role === "loss" ? n.id : id), null);
  return node.role === "loss" && node.id !== graph.lossId ? "op" : node.role;
}

const ROLE_WORD = { input: "input", param: "parameter", label: "label", const: "constant", op: "", loss: "loss" };

// A leaf is titled by its role ("y  label #2"), an operation by its op ("z  add #9").
function nodeTitle(graph, node) {
  const role = shownRole(graph, node);
  const what = node.op === "input" || node.op === "param" || node.op === "const" ? ROLE_WORD[role] : node.op;
  return [nodeName(node), `${what} #${node.id}`];
}

// Constants and data carry no gradient: numbers in a formula, the labels and, in a graph with
// parameters to train, its inputs (the data). Without parameters (chain_rule, tracegrad eval)
// the inputs are the variables the derivatives are taken for, and show them.
function showsGrad(graph, node) {
  if (graph.trains === undefined) graph.trains = graph.nodes.some((n) => n.role === "param");
  const role = shownRole(graph, node);
  return node.grad !== null && role !== "const" && role !== "label" && !(role === "input" && graph.trains);
}

// A negative factor in a product gets parentheses: (-22.676) × 6.7.
function factor(s) { return s.startsWith("-") ? `(${s})` : s; }

// The text of edge e: after backward reached it, upstream × local = what flows back;
// before, the local derivative alone; nothing when the trace has no local derivative.
function edgeLines(graph, e, seen) {
  const to = graph.nodes[e.to];
  if (e.local === null) return [];
  if (e.flow !== null && to.col >= seen.gradsFrom) return [`${factor(e.upstream)} × ${factor(e.local)}`, `= ${e.flow}`];
  return to.col <= seen.valuesUpTo ? [`local ${e.local}`] : [];
}

function drawNode(el, graph, node, seen) {
  const named = nodeName(node) !== "";
  const g = svg("g", { class: "node" + (named ? " named" : "") + (node.col === seen.active ? " active" : ""), "data-id": node.id }, el);
  const rect = svg("rect", { x: 0, y: 0, height: NODE_H, rx: 8, class: `role-${shownRole(graph, node)}` }, g);
  const [name, what] = nodeTitle(graph, node);
  if (named) {
    const title = svg("text", { x: TEXT_PAD, y: 17 }, g);
    svg("tspan", { class: "name" }, title, name + "  ");
    svg("tspan", { class: "op" }, title, what);
  } else svg("text", { x: TEXT_PAD, y: 17, class: "op" }, g, what);  // one element fewer per box
  svg("text", { x: TEXT_PAD, y: 36, class: "value" }, g, `value ${node.col <= seen.valuesUpTo ? node.value : "…"}`);
  if (showsGrad(graph, node)) {
    const grad = svg("text", { x: TEXT_PAD, y: 54, class: "grad" }, g, `grad ${node.grad}`);
    if (node.col < seen.gradsFrom) grad.setAttribute("visibility", "hidden");  // keeps the box's width
  }
  return { g, rect };
}

// Hover: the whole node in a tooltip; click: the same beneath the graph. Both are written
// when asked for (listened to once, on the canvas), not with every box: a big graph would
// carry thousands of texts nobody reads.
function listenNodes(el) {
  const detail = (e) => {
    const box = e.target.closest(".node"), shown = el.shown;
    return box && shown ? [box, nodeDetail(shown.graph, shown.graph.nodes[Number(box.dataset.id)], shown.seen)] : [null, ""];
  };
  el.addEventListener("pointerover", (e) => {
    const [box, text] = detail(e);
    if (box && !box.querySelector("title")) svg("title", {}, box, text);
  });
  el.addEventListener("click", (e) => {
    const [box, text] = detail(e);
    if (box) document.getElementById("detail").textContent = text;
  });
}

// The edges into each node, by node id: found once per graph (a scan of every edge for each
// node would be quadratic in the graph's size).
function inputEdges(graph) {
  if (graph.inputsOf === undefined) {
    graph.inputsOf = graph.nodes.map(() => []);
    for (const e of graph.edges) graph.inputsOf[e.to].push(e);
  }
  return graph.inputsOf;
}

// One line about a node: what it is, its value and gradient as far as this frame shows them,
// and each input with the local derivative the trace has for it.
function nodeDetail(graph, node, seen) {
  const [name, what] = nodeTitle(graph, node);
  const parts = [`${name ? name + " = " : ""}${what}`, `value ${node.col <= seen.valuesUpTo ? node.value : "…"}`];
  if (showsGrad(graph, node) && node.col >= seen.gradsFrom) parts.push(`gradient ${node.grad}`);
  const inputs = inputEdges(graph)[node.id].map((e) => {
    const from = graph.nodes[e.from], label = nodeName(from) || `#${from.id}`;
    return e.local === null ? label : `${label} (local ${e.local})`;
  });
  if (inputs.length) parts.push(`inputs ${inputs.join(", ")}`);
  return parts.join("; ");
}

function drawLabel(el, graph, e, seen) {
  const cls = "edge" + (e.flow !== null && graph.nodes[e.to].col >= seen.gradsFrom ? " flowing" : "");
  const g = svg("g", { class: cls, "data-from": e.from, "data-to": e.to }, el);
  // sized for the fullest text it will show, so the layout stays put while the frames play
  const full = edgeLines(graph, e, visibility(graph, frameCount(graph) - 1));
  if (!full.length) return null;
  const lines = edgeLines(graph, e, seen);
  const text = svg("text", { x: 0, y: 0, "text-anchor": "middle" }, g);
  // one line is the text itself; two are a line each (one element fewer for the many of one)
  if (full.length === 1) {
    text.textContent = lines[0] ?? full[0];
    text.setAttribute("visibility", lines.length ? "visible" : "hidden");
  } else full.forEach((line, i) => svg("tspan", { x: 0, dy: i ? 14 : 0, visibility: i < lines.length ? "visible" : "hidden" }, text, lines[i] ?? line));
  return { g, text, shown: lines.length > 0 };
}

// A label's box as getBBox gives it, from its lines' sizes: the widest, 14 px between lines.
function labelBox(text) {
  const lines = (text.firstElementChild ? [...text.children] : [text]).map(textSize);
  const ascent = Math.max(...lines.map((m) => m.ascent)), descent = Math.max(...lines.map((m) => m.descent));
  return { width: Math.max(...lines.map((m) => m.width)), y: -ascent, height: 14 * (lines.length - 1) + ascent + descent };
}

// Its background, once every text is drawn and measured (measuring between drawing would
// make the browser lay the page out again for each label).
function backLabel(label, b) {
  const rect = svg("rect", { x: -b.width / 2 - 3, y: b.y - 1, width: b.width + 6, height: b.height + 2, rx: 3 });
  if (!label.shown) rect.setAttribute("visibility", "hidden");
  label.g.insertBefore(rect, label.text);
  return Object.assign(label, { w: b.width + 6, h: b.height + 2, top: b.y - 1 });
}

// Draws `graph` into the SVG `el` as animation frame f; returns the phase ("forward"/"backward").
function drawGraph(el, graph, f) {
  clear(el);
  el.setAttribute("width", 4000);  // room to measure the text before the layout sizes the canvas
  el.setAttribute("height", 4000);
  const seen = visibility(graph, f);
  el.shown = { graph, seen };  // what listenNodes describes
  const root = svg("g", { class: "zoom" }, el);  // scaled by applyZoom (zoom.js)
  const lines = svg("g", {}, root), nodes = svg("g", {}, root), labels = svg("g", {}, root);
  const drawn = graph.nodes.map((n) => drawNode(nodes, graph, n, seen));
  const drawnLabels = graph.edges.map((e) => drawLabel(labels, graph, e, seen));
  // measure everything (textSize: no layout of the page), then size it
  const widths = drawn.map((d) => Math.max(NODE_MIN_W, 2 * TEXT_PAD + Math.max(...[...d.g.querySelectorAll("text")].map((t) => textSize(t).width))));
  const boxes = drawnLabels.map((l) => l && labelBox(l.text));
  drawn.forEach((d, i) => d.rect.setAttribute("width", widths[i]));
  const texts = drawnLabels.map((l, i) => l && backLabel(l, boxes[i]));
  const geo = layout(graph, widths, texts.map((t) => t && { w: t.w, h: t.h }));
  graph.nodes.forEach((n, i) => drawn[i].g.setAttribute("transform", `translate(${geo.colX[n.col]},${geo.box.get(n.id).y})`));
  texts.forEach((t, i) => { if (t) t.g.setAttribute("transform", `translate(${geo.labels[i].x},${geo.labels[i].y - t.top})`); });
  graph.edges.forEach((e, i) => {
    const flowing = e.flow !== null && graph.nodes[e.to].col >= seen.gradsFrom;
    const g = svg("g", { class: "edge" + (flowing ? " flowing" : ""), "data-from": e.from, "data-to": e.to }, lines);
    const { d, arrow } = edgePath(graph, geo, widths, i);
    svg("path", { d: `${d} ${arrow}` }, g);  // the curve and its arrowhead: one element
  });
  const heads = graph.columns > 1 ? [[0, "inputs and parameters"], [graph.columns - 1, "loss"]] : [];
  for (const [c, head] of heads)
    svg("text", { x: geo.colX[c], y: MARGIN + 8, class: "heading" }, root, head);
  Object.assign(el.dataset, { width: geo.width, height: geo.height });  // its size at zoom 1
  el.setAttribute("width", geo.width);
  el.setAttribute("height", geo.height);
  return seen.phase;
}
