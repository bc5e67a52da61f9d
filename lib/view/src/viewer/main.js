// The page's state (which run, which step, which animation frame) and its controls.

const DATA = JSON.parse(document.getElementById("traces").textContent);
const $ = (id) => document.getElementById(id);
const state = { run: 0, step: 0, frame: 0, timer: null };

function trace() { return DATA.traces[state.run]; }
function graph() { return trace().steps[state.step] ? trace().steps[state.step].graph : null; }
function lastFrame() { return graph() ? frameCount(graph()) - 1 : 0; }

// Loss at every step, then the loss after the last update (drawn one step further right).
function lossPoints(t) {
  const pts = t.steps.map((s, i) => [i, num(s.loss)]);
  if (t.final.loss !== null) pts.push([t.steps.length, num(t.final.loss)]);
  return pts;
}

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

function drawSide() {
  const t = trace();
  const many = DATA.traces.length > 1 && DATA.gd;
  const losses = many ? DATA.traces.map((r) => ({ name: r.name, points: lossPoints(r) })) : [{ name: t.name, points: lossPoints(t) }];
  lineChart($("loss"), losses, state.step, { logY: wantsLog(losses.flatMap((s) => s.points.map((p) => p[1]))) });
  const params = paramSeries(t);
  lineChart($("params"), params, state.step, { logY: false });
  // nothing was updated (an evaluation, tracegrad eval): no curves to follow
  $("loss").parentElement.hidden = $("params").parentElement.hidden = params.length === 0;
  if (DATA.gd) {
    $("gd-panel").hidden = false;
    const p = DATA.gd.params;
    $("gd-title").textContent = DATA.gd.kind === "parabola" ? `Iterates on f(${p[0]}) = ${p[0]}²` : `Iterates on the contours of ${p[0]}² + ${p[1]}²`;
    (DATA.gd.kind === "parabola" ? parabolaPlot : contourPlot)($("gd"), DATA.gd, state.run, state.step);
  }
  const s = t.steps[state.step];
  const table = $("updates");
  clear(table);
  const row = (cells, tag) => {
    const tr = table.appendChild(document.createElement("tr"));
    for (const c of cells) tr.appendChild(document.createElement(tag)).textContent = c;
  };
  if (s && s.updates.length) row(["param", "before", "∂L/∂param", "after"], "th");
  for (const u of s ? s.updates : []) row([u.param, ...[u.before, u.grad, u.after].map(show10)], "td");
  const notes = $("notes");
  clear(notes);
  for (const n of s ? s.notes : []) notes.appendChild(document.createElement("li")).textContent = n;
}

function render() {
  const t = trace(), g = graph();
  $("title").textContent = t.title;
  $("slides").textContent = t.slides ? `slides ${t.slides}` : "";
  $("slider").max = Math.max(t.steps.length - 1, 0);
  $("slider").value = state.step;
  $("step-label").textContent = `step ${state.step} of ${t.steps.length - 1}` + (t.steps[state.step] ? `, loss ${short(num(t.steps[state.step].loss))}` : "");
  $("graph").style.display = g ? "" : "none";
  $("no-graph").hidden = !!g;
  $("no-graph").textContent = g ? "" : `This step kept no graph (config.trace_nodes = ${t.config.trace_nodes || "first"}); its loss and updates are on the right.`;
  $("phase").textContent = "";
  if (g) {
    const phase = drawGraph($("graph"), g, state.frame);
    if (state.frame < lastFrame()) $("phase").textContent = phase === "forward" ? "forward: values flow right" : "backward: gradients flow left";
  }
  drawSide();
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

function setup() {
  const runs = $("run");
  DATA.traces.forEach((t, i) => runs.appendChild(new Option(t.name, i)));
  $("run-choice").hidden = DATA.traces.length < 2;
  runs.addEventListener("change", () => { stop(); state.run = Number(runs.value); show(0, false); });
  $("prev").addEventListener("click", () => { stop(); show(state.step - 1, false); });
  $("next").addEventListener("click", () => { stop(); show(state.step + 1, false); });
  $("play").addEventListener("click", play);
  $("slider").addEventListener("input", () => { stop(); show(Number($("slider").value), false); });
  document.addEventListener("keydown", (e) => {
    if (e.key === "ArrowLeft") $("prev").click();
    else if (e.key === "ArrowRight") $("next").click();
    else if (e.key === " " && e.target.tagName !== "BUTTON") { e.preventDefault(); play(); }
  });
  window.addEventListener("resize", drawSide);
  show(0, false);
}

setup();
