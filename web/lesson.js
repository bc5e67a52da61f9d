// A lesson's page: the lesson itself (its main(), compiled to WebAssembly from the same C++ as
// the native build) runs again on every change of the settings, exactly as
//   LESSON --no-pause --trace-dir /out --set NAME=VALUE… --lr η --steps N
// would in a terminal. What it prints is split into its stages (forward, loss, backward,
// update, …); the traces it writes go to the viewer's page (lib/view, built by the module from
// those traces), drawn in the frame. The settings and their slide values come from the lesson:
// its leaves and their values from the traces of its default run (config.set), η and the
// steps from their config; which flags it takes and what they mean in it from its --help.
// The module runs in a Web Worker, so that a long run (10⁵ steps) leaves the page responsive:
// "running…" shows while it runs, and Stop ends the worker (a new one takes its place).
const OUT = "/out";
let deck = null;     // the slide's run: its settings and their values
let shown = null;    // the last good run: {traces, stages}
let stage = 0;

// ---- the worker ------------------------------------------------------------------------

// In the worker: the module, started from the bytes the page posts, then one message per run:
// {args, view} → {status, out, err, traces, page}: what main() printed, the traces it wrote by
// file name in the viewer's order (LESSON.json, then LESSON-RUN.json by name:
// web/viewer_entry.cpp), and with view the viewer's page of them; {stack} → {stackKept}: two
// runs leave the module's stack as they found it.
function lessonWorker() {
  let lesson = null;
  const run = ({ args, view, out }) => {
    const status = runMain(lesson, [...args, "--no-pause", "--trace-dir", out], out);
    const oneRun = (f) => !f.slice(0, -5).includes("-");
    const files = lesson.FS.readdir(out).filter((f) => f.endsWith(".json"))
      .sort((a, b) => (oneRun(a) !== oneRun(b) ? (oneRun(a) ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0));
    const traces = files.map((name) => ({ name, text: lesson.FS.readFile(`${out}/${name}`, { encoding: "utf8" }) }));
    const page = view && status === 0 ? lesson.ccall("tracegrad_viewer_page", "string", ["string"], [out]) : "";
    return { status, out: sink.out, err: sink.err, traces, page };
  };
  onmessage = async ({ data }) => {
    if (data.wasm) {
      lesson = await startModule(tracegradLesson, data.wasm, data.out);
      postMessage({ ready: true });
    } else if (data.stack) {
      const before = lesson.stackSave();
      run({ args: [], out: data.out });
      run({ args: [], out: data.out });
      postMessage({ stackKept: before === lesson.stackSave() });
    } else postMessage(run(data));
  };
}

// The worker's script: the module's (inlined in the page), what it needs of page_common.js, the above.
function workerURL() {
  const text = [$("module").textContent, "const sink = { out: [], err: [] };", startModule, runMain, `(${lessonWorker})();`];
  return URL.createObjectURL(new Blob([text.join("\n")], { type: "text/javascript" }));
}

let worker = null, ready = null, answer = null;  // the worker, its start, what takes its next answer
let queue = Promise.resolve();  // one message at a time

function startWorker() {
  const url = workerURL();
  worker = new Worker(url);
  ready = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => (data.ready ? resolve() : answer(data));
    worker.onerror = (e) => {  // before it is ready: the page cannot start; during a run: the run failed
      reject(new Error(e.message));
      if (answer) answer({ status: 1, out: [], err: [`the lesson stopped: ${e.message}`], traces: [], page: "" });
    };
    worker.postMessage({ wasm: wasmBytes(), out: OUT });
  }).finally(() => URL.revokeObjectURL(url));
}

// The worker's answer to a message (null when Stop ended it first), after those before it.
function inWorker(message) {
  const result = queue.then(() => ready).then(() => new Promise((resolve) => {
    answer = resolve;
    worker.postMessage({ ...message, out: OUT });
  }));
  queue = result.catch(() => {});
  return result;
}
const runLesson = (args, view = true) => inWorker({ args, view });

// The terminal's text cut at its stage headings "── Title ──"; a run's heading "━━ run ━━" opens
// the stage after it.
function stagesOf(lines) {
  const stages = [];
  let pending = [];
  for (const line of lines) {
    const heading = /^── (.*) ──$/.exec(line);
    if (heading) { stages.push({ title: heading[1], lines: [...pending, line] }); pending = []; }
    else if (/^━━ .* ━━$/.test(line) || pending.length || !stages.length) pending.push(line);
    else stages[stages.length - 1].lines.push(line);
  }
  if (pending.some((l) => l.trim())) stages.push({ title: "end", lines: pending });
  return stages;
}

// ---- the settings ------------------------------------------------------------------------

// The flags the lesson takes, from its --help: what --lr and --steps mean in it ("  --lr ETA
// learning rate η of each update (default 0.01)"; null when it refuses one) and its own flags
// ("  --loss V   what it does (default log)").
function helpFlags(help) {
  const meaning = (flag) => {
    const line = help.map((l) => new RegExp(`^ {2}--${flag} \\S+\\s+(.*?)( \\(default.*\\))?$`).exec(l)).find(Boolean);
    return line ? line[1] : null;
  };
  const own = help.map((l) => /^ {2}--(\w+) V\s+(.*) \(default (.*)\)$/.exec(l)).filter(Boolean)
    .map((m) => ({ flag: m[1], help: m[2], value: m[3] }));
  return { lr: meaning("lr"), steps: meaning("steps"), own };
}

// The slide's run: every leaf config.set lists (a vector's elements as NAME[i]), η and the
// steps of the run the viewer opens on (the lowest config.slide, else the first) or else of the
// first run that records them (only a run that makes an update records η, only one that uses
// --steps its steps: lines_and_loss's lines records neither, first_update only η).
function deckSettings(run, flags) {
  const configs = run.traces.map((t) => JSON.parse(t.text).config);
  const first = configs.map((c, i) => [typeof c.slide === "number" ? c.slide : Infinity, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1])[0][1];
  const leaves = new Map();
  for (const c of configs)
    for (const [name, v] of Object.entries(c.set || {})) {
      const parts = Array.isArray(v) ? v.map((x, k) => [`${name}[${k}]`, x]) : [[name, v]];
      for (const [n, x] of parts) if (!leaves.has(n) && typeof x === "number") leaves.set(n, x);
    }
  const recorded = (key) => [configs[first], ...configs].map((c) => c[key]).find((v) => typeof v === "number");
  return { leaves: [...leaves], lr: recorded("lr"), steps: recorded("steps"), flags };
}

// One of the lesson's own flags: a menu when its help names each choice ("log: …; softplus: …"),
// else a text box (the lesson says what is wrong with what is typed).
function flagSetting(id, label, value, help) {
  const div = document.createElement("div");
  div.className = "setting";
  div.dataset.slide = value;
  const choices = /^\w+: [^;]*(; \w+: [^;]*)+$/.test(help) ? help.split("; ").map((c) => c.split(":")[0]) : null;
  div.innerHTML = `<label for="${id}"></label><div class="row">${choices ? "<select></select>" : "<input type=\"text\">"}</div><span class="help"></span>`;
  div.querySelector("label").textContent = label;
  const control = div.querySelector(".row").firstElementChild;
  control.id = id;
  for (const c of choices || []) control.appendChild(new Option(c, c));
  control.value = value;
  div.querySelector(".help").textContent = `${help} (slide: ${value})`;
  control.addEventListener("change", changed);
  return div;
}


function buildSettings() {
  const box = $("settings");
  box.textContent = "";
  deck.leaves.forEach(([name, v], i) => {
    const div = box.appendChild(numberSetting({ id: `leaf-${i}`, label: name, value: v, range: leafRange(v) }, changed));
    div.dataset.set = name;
  });
  // η from a hundredth of the slide's to twenty times it, in powers of ten (gd_square's 0.1 reaches its 1.1);
  // none for a lesson that makes no update (its --help has no --lr, its config no lr); each
  // labelled with what its --help says it is in this lesson
  if (deck.flags.lr !== null && typeof deck.lr === "number") {
    const lrRange = [Math.log10(deck.lr / 100), Math.log10(deck.lr * 20), 0.01];
    box.appendChild(numberSetting({ id: "lr", flag: "--lr", label: deck.flags.lr, value: deck.lr, range: lrRange, log: true }, changed)).dataset.flag = "lr";
  }
  if (deck.flags.steps !== null) {  // none for a lesson that makes one step
    const stepsRange = [0, Math.max(4 * deck.steps, 10), 1];
    box.appendChild(numberSetting({ id: "steps", flag: "--steps", label: deck.flags.steps, value: deck.steps, range: stepsRange, integer: true }, changed)).dataset.flag = "steps";
  }
  for (const f of deck.flags.own) box.appendChild(flagSetting(`flag-${f.flag}`, `--${f.flag}`, f.value, f.help)).dataset.flag = f.flag;
}

// The command line of the settings: only what differs from the slide's run.
function currentArgs() {
  const args = [];
  for (const div of document.querySelectorAll(".setting")) {
    const value = div.querySelector("[id]").value.trim();
    const same = div.querySelector("input[type=number]") ? Number(value) === Number(div.dataset.slide) : value === div.dataset.slide;
    div.classList.toggle("changed", !same);
    if (same) continue;
    if (div.dataset.set) args.push("--set", `${div.dataset.set}=${value}`);
    else args.push(`--${div.dataset.flag}`, value);
  }
  return args;
}

let pending = false;
function changed() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => { pending = false; rerun(); });
}

// ---- a run, shown -------------------------------------------------------------------------

// One run at a time: a change while one runs runs again after it, with the settings then.
let running = false, again = false;
async function rerun() {
  if (running) { again = true; return; }
  setRunning(true);
  const args = currentArgs();
  const run = await runLesson(args);
  setRunning(false);
  if (run) showRun(args, run);
  if (again) { again = false; rerun(); }
}

function setRunning(on) {
  running = on;
  document.body.dataset.running = String(on);
  $("running").hidden = !on;
}

// Stop: the worker is ended mid-run and a new one started; the last complete run stays shown.
function stopRun() {
  if (!running) return;
  worker.terminate();
  again = false;
  startWorker();
  answer(null);
  $("error").hidden = false;
  $("error").textContent = "stopped: the run was ended before it finished; the last complete run is shown";
}

function showRun(args, run) {
  document.body.dataset.args = JSON.stringify(args);
  $("error").hidden = run.status === 0;
  if (run.status !== 0) {  // a bad value: the lesson's own one-line message; the last good run stays
    $("error").textContent = run.err.join("\n") || `the lesson stopped with status ${run.status}`;
    return;
  }
  shown = { traces: run.traces, stages: stagesOf(run.out) };
  stage = Math.min(stage, shown.stages.length - 1);
  showStage();
  $("viewer").srcdoc = run.page;
  document.body.dataset.runs = String((Number(document.body.dataset.runs) || 0) + 1);
}

function showStage() {
  const all = $("all-stages").checked, s = shown.stages[stage];
  $("stage-label").textContent = all ? `all ${shown.stages.length} stages` : `stage ${stage + 1} of ${shown.stages.length}: ${s.title}`;
  $("stage-text").textContent = (all ? shown.stages : [s]).map((x) => x.lines.join("\n")).join("\n");
  $("prev-stage").disabled = all || stage === 0;
  $("next-stage").disabled = all || stage === shown.stages.length - 1;
}

// The trace of the run the frame shows (its run menu), as LESSON.json or LESSON-RUN.json.
function download() {
  const menu = $("viewer").contentDocument && $("viewer").contentDocument.getElementById("run");
  const t = shown.traces[menu && menu.value !== "" ? Number(menu.value) : 0];
  saveFile(t.name, t.text);
}

async function start() {
  startWorker();
  const flags = helpFlags((await runLesson(["--help"], false)).out);
  const first = await runLesson([]);
  deck = deckSettings(first, flags);
  buildSettings();
  $("prev-stage").addEventListener("click", () => { stage = Math.max(stage - 1, 0); showStage(); });
  $("next-stage").addEventListener("click", () => { stage = Math.min(stage + 1, shown.stages.length - 1); showStage(); });
  $("all-stages").addEventListener("change", showStage);
  $("slide-values").addEventListener("click", () => { stage = 0; buildSettings(); rerun(); });
  $("download").addEventListener("click", download);
  $("stop").addEventListener("click", stopRun);
  // ready (for a test, and "first render" in its timings) once the frame has drawn the first run
  $("viewer").addEventListener("load", () => { document.body.dataset.ready = "true"; }, { once: true });
  showRun([], first);
}

start().catch((e) => { $("error").hidden = false; $("error").textContent = `the lesson could not start: ${e} ${e.stack || ""}`; });
