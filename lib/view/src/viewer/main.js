// The page's state (which run, which step, which animation frame) and its controls. The one
// entry point is renderTraces(data): it draws the runs of `data` ({traces, gd}, the JSON the
// page embeds) into this page's elements, and may be called again with new data (a run made
// in the browser) — it starts over on the new runs' first slide.

let DATA = { traces: [], gd: null };
const $ = (id) => document.getElementById(id);
const state = { run: 0, step: 0, frame: 0, timer: null, fit: true };  // fit: the next graph drawn opens fitted

function trace() { return DATA.traces[state.run]; }

// The step's own graph, or else the one of the nearest step that kept its graph, with this
// step's numbers where the trace has them (its parameters before the update, their gradients,
// its loss, the constants) and the rest marked as not kept: {graph, from} (from = the step it
// was drawn from).
function stepGraph(t, i) {
  if (!t.steps[i]) return { graph: null, from: null };
  if (t.steps[i].graph) return { graph: t.steps[i].graph, from: i };
  const kept = t.steps.map((s, k) => (s.graph ? k : null)).filter((k) => k !== null);
  if (!kept.length) return { graph: null, from: null };
  const from = kept.reduce((best, k) => (Math.abs(k - i) < Math.abs(best - i) || (Math.abs(k - i) === Math.abs(best - i) && k < best) ? k : best));
  const g = t.steps[from].graph, s = t.steps[i];
  const updates = new Map(s.updates.map((u) => [u.param, u]));
  const loss = g.nodes.filter((n) => n.role === "loss").pop();
  const nodes = g.nodes.map((n) => {
    const u = updates.get(nodeName(n));
    if (u) return { ...n, value: show10(u.before), grad: show10(u.grad) };
    if (n === loss && s.loss !== null) return { ...n, value: show10(s.loss), grad: null };
    if (n.role === "const") return { ...n, grad: null };  // a number in the formula: the same every step
    return { ...n, value: "not kept", grad: null };
  });
  const edges = g.edges.map((e) => ({ ...e, local: null, upstream: null, flow: null }));
  return { graph: { ...g, nodes, edges }, from };
}
function graph() { return stepGraph(trace(), state.step).graph; }
function lastFrame() { return graph() ? frameCount(graph()) - 1 : 0; }

// Loss at every step, then the loss after the last update (drawn one step further right).
function lossPoints(t) {
  const pts = t.steps.map((s, i) => [i, num(s.loss)]);
  if (t.final.loss !== null) pts.push([t.steps.length, num(t.final.loss)]);
  return pts;
}

// Training over a data set (config.epoch samples an epoch, config.batch a step): the mean loss
// of each epoch, drawn at its last step, with the per-step losses faint behind it.
function epochSeries(t) {
  const per = Math.round(num(t.config.epoch) / (num(t.config.batch) || 1));
  if (!(per > 1) || t.steps.length < 2 * per) return null;
  const means = [];
  for (let k = 0; (k + 1) * per <= t.steps.length; k++) {
    const losses = t.steps.slice(k * per, (k + 1) * per).map((s) => num(s.loss));
    means.push([(k + 1) * per - 1, losses.reduce((a, b) => a + b, 0) / per]);
  }
  return [{ name: "per step", points: t.steps.map((s, i) => [i, num(s.loss)]), faint: true }, { name: "epoch mean", points: means }];
}

// A run's name in a legend: "η = 0.1" for lr0.1, else its own ("sign_steps").
function runLabel(t) { return t.run ? runName({ name: t.run, lr: t.config.lr ?? null }) : t.name; }

// Each parameter's value before every step, and after the last one.
function paramSeries(t) {
  const series = new Map();
  t.steps.forEach((s, i) => {
    for (const u of s.updates) {
      // A vector param (theta) is one series per element: theta[0], theta[1], …
      const parts = Array.isArray(u.before) ? u.before.map((b, k) => [`${u.param}[${k}]`, b, u.after[k]])
                                            : [[u.param, u.before, u.after]];
      for (const [name, before, after] of parts) {
        if (!series.has(name)) series.set(name, { name, points: [[i, num(before)]] });
        series.get(name).points.push([i + 1, num(after)]);
      }
    }
  });
  return [...series.values()];
}

// A picture's key beneath it: one line per [text, colour].
function fillKey(list, lines) {
  clear(list);
  for (const [line, stroke] of lines) {
    const li = list.appendChild(document.createElement("li"));
    li.appendChild(document.createElement("span")).style.background = stroke;
    li.appendChild(document.createTextNode(line));
  }
}

function drawSide() {
  const t = trace();
  const many = DATA.traces.length > 1 && DATA.gd;
  const losses = many ? DATA.traces.map((r) => ({ name: runLabel(r), points: lossPoints(r) }))
    : epochSeries(t) || [{ name: t.name, points: lossPoints(t) }];
  const logY = wantsLog(losses.flatMap((s) => s.points.map((p) => p[1])));
  $("loss-title").textContent = (epochSeries(t) && !many ? "Loss over steps, and its mean over each epoch" : "Loss over steps") + (logY ? " (log scale)" : "");
  lineChart($("loss"), losses, state.step, { logY });
  const params = paramSeries(t);
  lineChart($("params"), params, state.step, { logY: false });
  // nothing was updated (an evaluation, tracegrad eval): no curves to follow
  $("loss").parentElement.hidden = $("params").parentElement.hidden = params.length === 0;
  $("gd-panel").hidden = !DATA.gd;  // renderTraces may bring runs without one
  if (DATA.gd) {
    const p = DATA.gd.params;
    $("gd-title").textContent = DATA.gd.kind === "parabola" ? `Iterates on f(${p[0]}) = ${p[0]}²` : `Iterates on the contours of ${p[0]}² + ${p[1]}²`;
    (DATA.gd.kind === "parabola" ? parabolaPlot : contourPlot)($("gd"), DATA.gd, state.run, state.step);
  }
  const pic = t.config.picture && t.config.picture.model ? t.config.picture : null;
  $("picture-panel").hidden = !pic;
  if (pic) fillKey($("picture-legend"), drawPicture($("picture"), pic, t, state.step, graph()));
  const deck = deckPicture(t, graph());
  $("deck-panel").hidden = !deck;
  if (deck) {
    clear($("deck"));
    const { title, key } = deck($("deck"), t, state.step, graph());
    $("deck-title").textContent = title;
    fillKey($("deck-key"), key);
  }
  const contours = t.config.picture && t.config.picture.contours;
  $("contours-panel").hidden = !contours;
  if (contours) {
    $("contours-title").textContent = contourTitle(contours);
    $("contours-note").textContent = drawContours($("contours"), contours, t, state.step);
  }
  const curves = pic && pic.loss_curves;
  $("curves-panel").hidden = !curves;
  if (curves) drawLossCurves($("curves"), curves, t);
  const s = t.steps[state.step];
  const table = $("updates");
  clear(table);
  const row = (cells, tag) => {
    const tr = table.appendChild(document.createElement("tr"));
    for (const c of cells) tr.appendChild(document.createElement(tag)).textContent = c;
  };
  if (s && s.updates.length) row(["param", "before", "∂L/∂param", "after"], "th");
  // a vector param one row per element, theta[0], theta[1], … as the parameters' plot names them
  for (const u of s ? s.updates : []) {
    if (!Array.isArray(u.before)) row([u.param, ...[u.before, u.grad, u.after].map(show10)], "td");
    else u.before.forEach((b, k) => row([`${u.param}[${k}]`, ...[b, u.grad[k], u.after[k]].map(show10)], "td"));
  }
  const panel = table.parentElement;
  panel.hidden = !(s && (s.updates.length || s.notes.length));  // an evaluation without notes: nothing to show
  // too wide for its cell of the grid (θ's ten digits in four columns): a row of its own
  panel.classList.remove("wide");
  panel.classList.toggle("wide", panel.scrollWidth > panel.clientWidth);
  const notes = $("notes");
  clear(notes);
  for (const n of s ? s.notes : []) notes.appendChild(document.createElement("li")).textContent = n;
}

function render() {
  const t = trace(), { graph: g, from } = stepGraph(t, state.step);
  $("title").textContent = t.title;
  $("slides").textContent = t.slides ? `slides ${t.slides}` : "";
  $("slider").max = Math.max(t.steps.length - 1, 0);
  $("slider").value = state.step;
  $("slider").hidden = $("prev").hidden = $("next").hidden = t.steps.length < 2;
  const s = t.steps[state.step];
  const single = s && s.updates.length ? "one step (this run makes one update)" : "one evaluation (nothing is updated)";
  const where = t.steps.length === 0 ? "this run has no steps" : t.steps.length === 1 ? single : `step ${state.step} of ${t.steps.length - 1}`;
  $("step-label").textContent = where + (s ? `, loss ${short(num(s.loss))}` : "");
  $("graph").style.display = g ? "" : "none";
  const kept = t.config.trace_nodes || "first";
  $("no-graph").hidden = g !== null && from === state.step;
  $("no-graph").textContent = !g ? `No step of this run kept its graph (config.trace_nodes = ${kept}); its loss and updates are in the plots and the table below.`
    : from !== state.step ? `Step ${state.step} kept no graph (config.trace_nodes = ${kept}): drawn from step ${from}, with this step's parameters, their gradients and its loss; the other values were not kept.`
    : "";
  $("phase").textContent = "";
  // the plots first: they read their sizes, which lays the page out, and that is cheap while
  // the graph is not yet redrawn (the other way round it lays out the whole new graph twice)
  drawSide();
  if (g) {
    const phase = drawGraph($("graph"), g, state.frame);
    if (state.fit) fitZoom($("graph-scroll"), $("graph"));
    else applyZoom($("graph"));
    state.fit = false;
    if (state.frame < lastFrame()) $("phase").textContent = phase === "forward" ? "forward: values flow right" : "backward: gradients flow left";
  }
}

// Shows a step whole (every value and gradient), or from its first frame when animating.
function show(step, animate) {
  const n = trace().steps.length;
  state.step = Math.min(Math.max(step, 0), Math.max(n - 1, 0));
  state.frame = animate ? 0 : lastFrame();
  render();
}

function stop() {
  clearInterval(state.timer);
  state.timer = null;
  $("play").textContent = "▶ play";
}

// Play: the next step (from the first when at the end), animated, then the following ones.
function play() {
  if (state.timer) return stop();
  const atEnd = state.step >= trace().steps.length - 1 && state.frame >= lastFrame();
  show(atEnd ? 0 : state.frame >= lastFrame() ? state.step + 1 : state.step, state.frame >= lastFrame());
  $("play").textContent = "❚❚ pause";
  state.timer = setInterval(() => {
    if (state.frame < lastFrame()) { state.frame++; render(); }
    else if (state.step < trace().steps.length - 1) show(state.step + 1, true);
    else stop();
  }, 450);
}

// The runs in the deck's order: by config.slide (the slide a run of several shows), the
// others after them in the order given; the page opens on the first.
function runOrder() {
  const slide = (i) => (typeof DATA.traces[i].config.slide === "number" ? DATA.traces[i].config.slide : Infinity);
  return DATA.traces.map((_, i) => i).sort((a, b) => slide(a) - slide(b) || a - b);
}

// The controls, once per page: each acts on whatever runs renderTraces last gave.
function listen() {
  $("run").addEventListener("change", () => { stop(); state.run = Number($("run").value); state.fit = true; show(0, false); });
  $("prev").addEventListener("click", () => { stop(); show(state.step - 1, false); });
  $("next").addEventListener("click", () => { stop(); show(state.step + 1, false); });
  $("play").addEventListener("click", play);
  $("slider").addEventListener("input", () => { stop(); show(Number($("slider").value), false); });
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "SELECT" || e.target.tagName === "INPUT" && e.target.type !== "range") return;
    if (e.key === "ArrowLeft") $("prev").click();
    else if (e.key === "ArrowRight") $("next").click();
    else if (e.key === " " && e.target.tagName !== "BUTTON") { e.preventDefault(); play(); }
    else zoomKey(e);
  });
  window.addEventListener("resize", () => { if (DATA.traces.length) drawSide(); });
  listenZoom($("graph-scroll"), $("graph"));
  listenNodes($("graph"));
}

function renderTraces(data) {
  stop();
  DATA = data;
  const runs = $("run"), order = runOrder();
  clear(runs);
  for (const i of order) runs.appendChild(new Option(DATA.traces[i].name, i));
  state.run = order[0];
  state.fit = true;
  runs.value = String(state.run);
  $("run-choice").hidden = DATA.traces.length < 2;
  show(0, false);
}

listen();
renderTraces(JSON.parse($("traces").textContent));
